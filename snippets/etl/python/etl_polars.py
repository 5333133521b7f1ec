"""The ETL job with Polars: etl.py's rules as column expressions, no Python loop over the
rows for the cleaning. Same records, same report, same bytes.

    python3 etl_polars.py [--timings] orders.csv orders.pb

With --timings it also says on stderr how long the cleaning and the encoding took.

Polars' own CSV reader cannot express two of the job's rules: it pads a short row with
empty fields (so "fields" becomes a missing note) and keeps blank lines as rows of empty
fields; it also stops at a quote after a closing quote, where the csv module reads on. So
the records and their seven fields are split here with two regular expressions that
follow the csv module's rules, on the whole file as one string.
"""

import sys
import time

import polars as pl

import etl
from etl import HEADER, varint, write_all
from record_pb2 import Order

# Whitespace as Python's str.split() and str.strip() see it (str.isspace), which differs
# from Unicode's White_Space that Polars' strip_chars() and \s use: U+001C..U+001F.
SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
SPACES = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE) + "]+"

# One CSV field, as the csv module reads it: a quoted part ("" for a quote inside; a
# closing quote may be followed by more text, and only the end of the file may end it
# unclosed) or an unquoted one. Groups: quoted text, text after the closing quote, plain.
FIELD = r'(?:"((?:[^"]|"")*)(?:"([^",\r\n][^,\r\n]*)?|$)|([^",\r\n][^,\r\n]*))?'
RECORD = FIELD + r"(?:," + FIELD + r")*(?:\r\n|\r|\n|$)"
SEVEN_FIELDS = "^" + ",".join([FIELD] * len(HEADER)) + r"(?:\r\n|\r|\n)?$"

TIMESTAMP = f"^{etl.TIMESTAMP.pattern}$"  # the shape etl.py accepts
# Visible ASCII only ("!" to "~"), one @, something before it, dotted labels after it.
EMAIL = r"^[!-?A-~]+@[!-\-/-?A-~]+(\.[!-\-/-?A-~]+)+$"
AMOUNT = r"^(-?)([0-9]{1,19})(?:\.([0-9]{1,2}))?$"


def records(text):
    """The file's records, each with its seven fields (null where it has another count)."""
    frame = pl.LazyFrame({"text": [text]}, schema={"text": pl.String})
    rows = frame.select(pl.col("text").str.extract_all(RECORD).alias("raw")).explode("raw")
    rows = rows.filter(~pl.col("raw").str.contains(r"^(?:\r\n|\r|\n)?$"))  # blank lines
    fields = pl.col("raw").str.extract_groups(SEVEN_FIELDS)
    columns = []
    for index, name in enumerate(HEADER):
        quoted, after, plain = (fields.struct[str(3 * index + group)] for group in (1, 2, 3))
        value = pl.coalesce(
            quoted.str.replace_all('""', '"', literal=True) + after.fill_null(""), plain, pl.lit("")
        )
        columns.append(pl.when(pl.col("raw").str.contains(SEVEN_FIELDS)).then(value).alias(name))
    return rows.select(columns)


def tidy(column):
    """" ".join(text.split()): every run of whitespace one space, none at either end."""
    return column.str.replace_all(SPACES, " ").str.strip_chars(" ")


def capitalized_words(column):
    """str.capitalize on each word: title case for the first letter, lower case for the
    rest (lower-casing the whole word first, so that a final Σ becomes ς)."""
    word = pl.element()
    first = word.str.head(1)
    capitalize = first.str.to_titlecase() + word.str.to_lowercase().str.slice(first.str.to_lowercase().str.len_chars())
    return tidy(column).str.split(" ").list.eval(capitalize).list.join(" ")


def clean(rows):
    strip = {name: pl.col(name).str.strip_chars(SPACE) for name in HEADER}
    email = strip["email"].str.to_lowercase()
    country = strip["country"].str.to_uppercase()
    moment = strip["created_at"]
    parsed = (moment.str.replace(r"Z$", "+00:00").str.replace(" ", "T", literal=True)
              .str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", strict=False, time_unit="us", time_zone="UTC"))
    amount = strip["amount"].str.replace_all(",", "", literal=True).str.extract_groups(AMOUNT)
    cents = (amount.struct["2"].cast(pl.Int128) * 100
             + amount.struct["3"].str.pad_end(2, "0").cast(pl.Int128).fill_null(0))
    name = capitalized_words(pl.col("name"))
    note = tidy(pl.col("note"))
    field = {at: moment.str.slice(at, 2).cast(pl.Int32, strict=False) for at in (11, 14, 17)}
    valid_moment = (moment.str.contains(TIMESTAMP) & (moment.str.slice(0, 4) != "0000")
                    & (field[11] < 24) & (field[14] < 60) & (field[17] < 60)
                    & parsed.dt.year().is_between(1, 9999))
    id_digits = pl.col("id").str.contains(r"^[0-9]{1,20}$")
    id_fits = pl.col("id").cast(pl.UInt64, strict=False).is_not_null()
    one_at = email.str.count_matches("@", literal=True) == 1
    cents_fit = cents < pl.lit(2**63, dtype=pl.Int128)
    no_replacement = ~pl.any_horizontal(pl.col(HEADER).str.contains("\ufffd", literal=True))

    # #region checks
    checks = {
        "fields": pl.col("id").is_not_null(),
        "encoding": no_replacement,
        "id": id_digits & id_fits,
        "name": name.str.len_bytes() > 0,
        "email": email.str.contains(EMAIL) & one_at,
        "country": country.str.contains(r"^[A-Z]{2}$"),
        "timestamp": valid_moment,
        "amount": amount.struct["2"].is_not_null() & cents_fit,
    }
    reason = pl.lit(None, dtype=pl.String)
    for check, passed in reversed(checks.items()):  # the first failure wins
        reason = pl.when(passed.fill_null(False)).then(reason).otherwise(pl.lit(check))
    # #endregion checks

    sign = pl.when(amount.struct["1"] == "-").then(-1).otherwise(1)
    return rows.select(
        reason.alias("reason"),
        pl.col("id").cast(pl.UInt64, strict=False),
        name.alias("customer_name"),
        email.str.extract(r"^([^@]*)@").alias("email_user"),
        email.str.extract(r"@(.*)$").alias("email_domain"),
        country.alias("country"),
        parsed.dt.epoch("s").alias("created_unix"),
        parsed.dt.strftime("%Y-%m-%d").alias("created_day"),
        (sign * cents).cast(pl.Int64, strict=False).alias("amount_cents"),
        note.alias("note"),
        pl.when(note == "").then(0).otherwise(note.str.count_matches(" ", literal=True) + 1)
        .cast(pl.UInt32).alias("note_words"),
    )


def encoded(cleaned):
    """The job's results in input order: a length-delimited record, or (row, reason)."""
    fields = [name for name in cleaned.columns if name != "reason"]
    for number, (reason, *values) in enumerate(cleaned.iter_rows(), start=1):
        if reason is not None:
            yield number, reason
        else:
            record = Order(**dict(zip(fields, values))).SerializeToString()
            yield varint(len(record)) + record


def main(input_path, output_path, timings):
    started = time.perf_counter()
    # The csv module's own reading: bad bytes become U+FFFD, line ends stay as they are.
    with open(input_path, encoding="utf-8", errors="replace", newline="") as src:
        text = src.read()
    rows = records(text).collect()
    header = list(rows.row(0)) if rows.height else None
    if header != HEADER:
        sys.exit(f"etl: expected the header {','.join(HEADER)}, found {header}")
    cleaned = clean(rows.slice(1).lazy()).collect()
    cleaning = time.perf_counter() - started
    with open(output_path, "wb") as out:
        summary = write_all(encoded(cleaned), out)
    encoding = time.perf_counter() - started - cleaning
    summary.report(sys.stderr)
    if timings:
        print(f"etl-polars: reading and cleaning {cleaning:.3f} s, encoding and writing {encoding:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    args = sys.argv[1:]
    timings = args[:1] == ["--timings"]
    if timings:
        args = args[1:]
    if len(args) != 2:
        sys.exit("usage: etl_polars.py [--timings] INPUT.csv OUTPUT.pb")
    main(args[0], args[1], timings)
