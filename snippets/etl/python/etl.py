"""The ETL job, the Python way: messy orders CSV in, cleaned Protobuf records out.

    python3 etl.py [--engine {python,rust}] orders.csv orders.pb

Rows that fail to parse or validate are counted by reason and reported on stderr; the
job never drops them silently and never stops on them. record_pb2.py is generated from
../record.proto by `protoc -I .. --python_out=. ../record.proto` (protoc 3.21).
With --engine rust the fastclean extension (snippets/pyo3, the Rust job's own code) reads,
cleans and encodes the rows a batch at a time; the output and the report are the same.
"""

import argparse
import csv
import re
import sys
from collections import Counter
from datetime import datetime, timezone

from record_pb2 import Order

HEADER = ["id", "name", "email", "country", "created_at", "amount", "note"]


class BadRow(Exception):
    """A row the job rejects; `reason` names the field that failed."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def check_shape(row):
    """The row's seven fields; rejects a wrong field count or bytes that were not UTF-8."""
    if len(row) != len(HEADER):
        raise BadRow("fields")
    if any("\ufffd" in field for field in row):  # errors="replace" put it there
        raise BadRow("encoding")
    return row


def parse_id(text):
    if not (text.isascii() and text.isdigit() and len(text) <= 20 and int(text) < 2**64):
        raise BadRow("id")
    return int(text)


def parse_name(text):
    """Trimmed, one space between words, each word capitalised: "  zoë  MÜLLER" → "Zoë Müller"."""
    name = " ".join(word.capitalize() for word in text.split())
    if not name:
        raise BadRow("name")
    return name


def parse_email(text):
    """(user, domain), lower case. Visible ASCII only, one @, a dotted domain after it."""
    email = text.strip().lower()
    user, _, domain = email.partition("@")
    labels = domain.split(".")
    if not (all("!" <= c <= "~" for c in email) and email.count("@") == 1 and user
            and len(labels) > 1 and all(labels)):
        raise BadRow("email")
    return user, domain


def parse_country(text):
    code = text.strip().upper()
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise BadRow("country")
    return code


# The one shape both jobs accept: fromisoformat alone would also take "20240501T10",
# fractional seconds, "+0100", an offset of "+05:60" and any character for the "T".
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])")


def parse_timestamp(text):
    """The moment in UTC; a local time without an offset is ambiguous, so it is bad."""
    text = text.strip()
    if not TIMESTAMP.fullmatch(text):
        raise BadRow("timestamp")
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError("no UTC offset")
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise BadRow("timestamp") from None


def parse_cents(text):
    """ "1,234.5" → 123450. At most two decimals; a leading minus for refunds."""
    whole, dot, frac = text.strip().replace(",", "").partition(".")
    sign, digits = (-1, whole[1:]) if whole.startswith("-") else (1, whole)
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 19) or (dot and not (
        len(frac) in (1, 2) and frac.isascii() and frac.isdigit()
    )):
        raise BadRow("amount")
    cents = int(digits) * 100 + int(frac.ljust(2, "0"))
    if cents >= 2**63:
        raise BadRow("amount")
    return sign * cents


# #region transform
def transform(row):
    id_text, name, email, country, created_at, amount, note = check_shape(row)
    order = Order(id=parse_id(id_text), customer_name=parse_name(name))
    order.email_user, order.email_domain = parse_email(email)
    order.country = parse_country(country)
    created = parse_timestamp(created_at)
    order.created_unix = int(created.timestamp())
    order.created_day = created.date().isoformat()
    order.amount_cents = parse_cents(amount)
    words = note.split()
    order.note = " ".join(words)
    order.note_words = len(words)
    return order
# #endregion transform


def varint(n):
    """Protobuf's base-128 varint: 7 bits per byte, high bit set on all but the last."""
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def encode_row(numbered_row):
    """Returns the length-delimited record, or (row number, reason) for a bad row."""
    number, row = numbered_row
    try:
        record = transform(row).SerializeToString()
    except BadRow as bad:
        return number, bad.reason
    return varint(len(record)) + record


class Summary:
    def __init__(self):
        self.read = 0
        self.written = 0
        self.rejected = Counter()
        self.first_rejected = []

    def reject(self, number, reason):
        self.rejected[reason] += 1
        if len(self.first_rejected) < 5:
            self.first_rejected.append((number, reason))

    def report(self, stream):
        print(f"etl: {self.read} rows read, {self.written} written, "
              f"{sum(self.rejected.values())} rejected", file=stream)
        if self.rejected:
            reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(self.rejected.items()))
            first = ", ".join(f"{number} ({reason})" for number, reason in self.first_rejected)
            print(f"etl: rejected by reason: {reasons}", file=stream)
            print(f"etl: first rejected rows: {first}", file=stream)


def write_all(results, out):
    """Writes the encoded records in input order and counts the rejected rows."""
    summary = Summary()
    for result in results:
        summary.read += 1
        if isinstance(result, bytes):
            out.write(result)
            summary.written += 1
        else:
            summary.reject(*result)
    return summary


def rust_engine():
    """The fastclean extension, or a one-line error saying how to build it."""
    try:
        import fastclean
    except ImportError:
        sys.exit("etl: --engine rust needs the fastclean extension; build it with "
                 "`maturin develop --release -m snippets/pyo3/Cargo.toml`")
    return fastclean


# --engine rust: Rust reads the CSV too, a batch at a time; Python writes and counts.
# #region engine
def write_batches(batches, out):
    summary = Summary()
    for batch in batches:  # each one read, cleaned and encoded in Rust
        rows, records, rejected = batch
        out.write(records)
        for index, reason in rejected:  # row numbers count from 1
            summary.reject(summary.read + index + 1, reason)
        summary.read += rows
        summary.written += rows - len(rejected)
    return summary
# #endregion engine


def check_header(header):
    if header != HEADER:
        sys.exit(f"etl: expected the header {','.join(HEADER)}, found {header}")


def data_rows(reader):
    """The data rows, after checking the header; blank lines are skipped."""
    check_header(next(reader, None))
    return (row for row in reader if row)


def numbered_rows(reader):
    """Data rows numbered from 1."""
    return enumerate(data_rows(reader), start=1)


def open_csv(path):
    # Undecodable bytes become U+FFFD, and check_shape rejects their row.
    return open(path, newline="", encoding="utf-8", errors="replace")


def main(input_path, output_path, engine="python"):
    if engine == "rust":
        # The csv crate reads the bytes as the csv module reads the text: blank lines are
        # skipped, and a row with bytes that are not UTF-8 is rejected ("encoding").
        batches = rust_engine().CsvBatches(input_path, 4096)
        check_header(batches.header)
        with open(output_path, "wb") as out:
            summary = write_batches(batches, out)
    else:
        with open_csv(input_path) as src, open(output_path, "wb") as out:
            rows = numbered_rows(csv.reader(src))
            # #region map
            results = map(encode_row, rows)  # one row after another, on one core
            # #endregion map
            summary = write_all(results, out)
    summary.report(sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Messy orders CSV in, cleaned Protobuf records out.")
    parser.add_argument("--engine", choices=["python", "rust"], default="python",
                        help="who cleans the rows: this file, or the fastclean extension")
    parser.add_argument("input", metavar="INPUT.csv")
    parser.add_argument("output", metavar="OUTPUT.pb")
    args = parser.parse_args()
    main(args.input, args.output, args.engine)
