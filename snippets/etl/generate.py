"""Writes the ETL job's input: a deterministic, messy CSV of customer orders.

    python3 generate.py --rows 1000000 --seed 7 --bad-share 0.01 --output orders.csv

Each row starts from clean values (the truth) and is then written the way real exports
look: stray spaces, tabs and line breaks, e-mails and codes in any letter case, names in
decomposed Unicode, thousands separators, amounts in currencies with 0, 2 or 3 decimals,
UTC offsets, free text with commas, quotes and line breaks. A share of rows gets exactly
one fault of a known kind, a repeated id among them. With --expect, the clean records of
the good rows are written as JSON lines and a summary of the injected faults is printed,
so a test can check the job's output against the truth rather than against another
implementation of the job.
"""

import argparse
import csv
import json
import random
import sys
import unicodedata
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

HEADER = ["id", "name", "email", "country", "created_at", "amount", "currency", "note"]

# The job's table of ISO 4217 minor units (see currencies.csv), and how often each is drawn.
with open(Path(__file__).resolve().parent / "currencies.csv", newline="", encoding="ascii") as table:
    MINOR_UNITS = {row["code"]: int(row["minor_unit"]) for row in csv.DictReader(table)}
CURRENCIES = ["EUR"] * 6 + ["USD"] * 3 + ["GBP"] * 2 + ["JPY", "KWD", "BHD", "SEK", "PLN", "ISK", "TND", "HUF"]

# (display name, ASCII spelling for the e-mail address). The display names are the truth:
# the job keeps a name as written (trimmed, NFC), whatever its letter case.
FIRST_NAMES = [
    ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"),
    ("François", "francois"), ("Björn", "bjorn"), ("Şebnem", "sebnem"), ("Đorđe", "dorde"),
    ("Ngozi", "ngozi"), ("Aiko", "aiko"), ("Ólafur", "olafur"), ("Chloé", "chloe"),
    ("Jürgen", "jurgen"), ("Mónica", "monica"), ("Tomáš", "tomas"), ("Zoltán", "zoltan"),
    ("Siobhán", "siobhan"), ("Raphaël", "raphael"), ("Kārlis", "karlis"), ("Ana", "ana"),
    ("Priya", "priya"), ("Wei", "wei"), ("Olumide", "olumide"), ("Inès", "ines"),
    ("Anne-Marie", "annemarie"), ("María José", "mariajose"), ("bell", "bell"),
]
LAST_NAMES = [
    ("García", "garcia"), ("Müller", "muller"), ("Kowalski", "kowalski"), ("Nowak", "nowak"),
    ("Ødegaard", "odegaard"), ("Dvořák", "dvorak"), ("Nguyễn", "nguyen"), ("Çelik", "celik"),
    ("Rossi", "rossi"), ("Öztürk", "ozturk"), ("Kovačević", "kovacevic"), ("Lindqvist", "lindqvist"),
    ("Mäkinen", "makinen"), ("Brontë", "bronte"), ("Núñez", "nunez"), ("Okafor", "okafor"),
    ("Tanaka", "tanaka"), ("Horváth", "horvath"), ("Jönsson", "jonsson"), ("Şahin", "sahin"),
    ("o'brien", "obrien"), ("McDonald", "mcdonald"), ("van der Berg", "vanderberg"), ("DE LA CRUZ", "delacruz"),
]
DOMAINS = ["example.com", "mail.example.org", "post.example.net", "example.co.uk", "data.example.de"]
COUNTRIES = ["DE", "FR", "GB", "IE", "ES", "PL", "NO", "CZ", "VN", "TR", "IT", "FI", "NG", "JP", "HU", "SE", "IN", "US"]
# Offsets the upstream systems write timestamps in ("Z" or +HH:MM).
OFFSETS_MINUTES = [0, 0, 60, 120, -300, -420, 330, 540]
NOTE_WORDS = [
    "delivered", "late", "again,", "customer", "said", '"ASAP"', "please", "call", "back",
    "gift", "wrap", "—", "fragile,", "handle", "with", "care", "order", "#42", "café",
    "crème", "brûlée", "naïve", "résumé", "10%", "off", "coupon", '"SPRING"', "refund",
    "requested,", "box", "damaged", "leave", "at", "door", "no", "signature", "needed",
]
EPOCH_FROM = int(datetime(2023, 1, 1, tzinfo=timezone.utc).timestamp())
EPOCH_TO = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())

# One fault per bad row: (reason the job must report, how to break the row). Fields by
# index: 0 id, 1 name, 2 email, 3 country, 4 created_at, 5 amount, 6 currency, 7 note.
FAULTS = {
    "fields": [lambda row: row[:-1], lambda row: [*row, "extra"]],
    "id": [lambda row: ["N/A", *row[1:]], lambda row: ["12a", *row[1:]]],
    "name": [lambda row: set_field(row, 1, "   "), lambda row: set_field(row, 1, "")],
    "email": [
        lambda row: set_field(row, 2, row[2].replace("@", " at ")),
        lambda row: set_field(row, 2, row[2].strip().replace("@", "@@")),
        lambda row: set_field(row, 2, "@example.com"),
        lambda row: set_field(row, 2, "someone@localhost"),
    ],
    # A Latin-1 "é" (one byte, 0xE9) from an older export: not UTF-8.
    "encoding": [lambda row: set_field(row, 7, row[7] + " caf\udce9")],
    "country": [lambda row: set_field(row, 3, "Germany"), lambda row: set_field(row, 3, "D1")],
    "timestamp": [
        lambda row: set_field(row, 4, "2024-02-30T10:00:00Z"),
        lambda row: set_field(row, 4, "2024-05-01T10:00:00"),
        lambda row: set_field(row, 4, "yesterday"),
        lambda row: set_field(row, 4, "2024-13-01T25:00:00+02:00"),
    ],
    "currency": [
        lambda row: set_field(row, 6, "EURO"),
        lambda row: set_field(row, 6, "€"),
        lambda row: set_field(row, 6, ""),
        lambda row: set_field(row, 6, "XXX"),  # ISO 4217's "no currency": not one to book
    ],
    "amount": [
        lambda row: set_field(row, 5, "12,34"),  # a decimal comma, never 1234
        lambda row: set_field(row, 5, "1,2,3,4"),
        lambda row: set_field(row, 5, "1,"),
        lambda row: set_field(row, 5, "1,23,456.00"),  # lakh grouping
        lambda row: [*row[:5], "12.345", "EUR", *row[7:]],  # more decimals than the currency has
        lambda row: [*row[:5], "1500.5", "JPY", *row[7:]],
        lambda row: set_field(row, 5, "twelve"),
        lambda row: set_field(row, 5, "1.2.3"),
        lambda row: set_field(row, 5, ""),
        lambda row: set_field(row, 5, "0012"),
    ],
}


def set_field(row, index, value):
    return [*row[:index], value, *row[index + 1:]]


def messy_case(rng, text):
    return rng.choice([text, text, text.upper(), text.lower()])


def pad(rng, text):
    return rng.choice(["", "", " ", "  ", "\u00a0"]) + text + rng.choice(["", "", " ", "\t"])


def decomposed(rng, text):
    """Sometimes in NFD (letter, then combining accent), as some systems write it."""
    return unicodedata.normalize("NFD", text) if rng.random() < 0.2 else text


def render_amount(rng, minor, decimals):
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**decimals)
    whole_text = f"{whole:,}" if whole >= 1000 and rng.random() < 0.5 else str(whole)
    digits = f"{fraction:0{decimals}d}" if decimals else ""
    while digits and digits[-1] == "0" and rng.random() < 0.5:  # "12.5" for 12.50
        digits = digits[:-1]
    return f"{sign}{whole_text}.{digits}" if digits else f"{sign}{whole_text}"


def make_row(rng, row_id):
    """Returns (the CSV fields as an export would write them, the clean record)."""
    first, first_ascii = rng.choice(FIRST_NAMES)
    last, last_ascii = rng.choice(LAST_NAMES)
    email_user = f"{first_ascii}.{last_ascii}{rng.randrange(100)}"
    email_domain = rng.choice(DOMAINS)
    country = rng.choice(COUNTRIES)
    created_unix = rng.randrange(EPOCH_FROM, EPOCH_TO)
    offset = timedelta(minutes=rng.choice(OFFSETS_MINUTES))
    local = datetime.fromtimestamp(created_unix, timezone(offset))
    created_text = local.strftime("%Y-%m-%dT%H:%M:%S") + (
        "Z" if not offset else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:])
    currency = rng.choice(CURRENCIES)
    decimals = MINOR_UNITS[currency]
    minor = rng.randrange(1, 500 * 10**max(decimals, 1)) * (-1 if rng.random() < 0.05 else 1)
    words = rng.choices(NOTE_WORDS, k=rng.randrange(0, 16))
    separators = [rng.choice([" ", " ", " ", "  ", "\t", "\n"]) for _ in words]
    note_text = "".join(sep + word for sep, word in zip(separators, words))

    fields = [
        str(row_id),
        pad(rng, decomposed(rng, f"{first}{rng.choice([' ', '  ', '\t'])}{last}")),
        pad(rng, messy_case(rng, f"{email_user}@{email_domain}")),
        pad(rng, messy_case(rng, country)),
        created_text,
        render_amount(rng, minor, decimals),
        pad(rng, messy_case(rng, currency)),
        pad(rng, note_text),
    ]
    created = datetime.fromtimestamp(created_unix, timezone.utc)
    clean = {
        "id": row_id,
        "customer_name": f"{first} {last}",
        "email_user": email_user,
        "email_domain": email_domain,
        "country": country,
        "created_unix": created_unix,
        "created_day": created.strftime("%Y-%m-%d"),
        "amount_minor": minor,
        "currency": currency,
        "note": " ".join(words),
        "note_words": len(words),
    }
    return fields, clean


def generate(rows, seed, bad_share, out, expect=None):
    """Writes `rows` data rows to `out`; returns the injected faults by reason."""
    rng = random.Random(seed)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    faults = Counter()
    written_ids = []  # ids of good rows so far, for the repeated-id fault
    for row_id in range(1, rows + 1):
        fields, clean = make_row(rng, row_id)
        if rng.random() < bad_share:
            reason = rng.choice(sorted([*FAULTS, "duplicate"]))
            if reason == "duplicate" and not written_ids:
                reason = "id"
            if reason == "duplicate":  # the same order sent again, or another one with its id
                fields[0] = str(rng.choice(written_ids))
            else:
                fields = rng.choice(FAULTS[reason])(fields)
            faults[reason] += 1
        else:
            written_ids.append(row_id)
            if expect is not None:
                expect.write(json.dumps(clean, ensure_ascii=False) + "\n")
        writer.writerow(fields)
    return faults


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-share", type=float, default=0.01, help="share of rows with one fault (0..1)")
    parser.add_argument("--output", required=True, help="CSV file to write")
    parser.add_argument("--expect", help="also write the clean good records here, as JSON lines")
    args = parser.parse_args()

    # surrogateescape writes the "encoding" fault's lone \udce9 as the raw byte 0xE9.
    with open(args.output, "w", newline="", encoding="utf-8", errors="surrogateescape") as out:
        if args.expect:
            with open(args.expect, "w", encoding="utf-8") as expect:
                faults = generate(args.rows, args.seed, args.bad_share, out, expect)
        else:
            faults = generate(args.rows, args.seed, args.bad_share, out)
    summary = {"rows": args.rows, "bad": sum(faults.values()), "faults": dict(sorted(faults.items()))}
    print(json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
