"""The ETL job the way a data engineer writes it with Polars: its CSV reader, the rules as
column expressions, columns all the way to the encoder. Same records, same report, same
rejects file as etl.py on the files real exports produce.

    python3 etl_polars.py [--details] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
                          orders.csv orders.pb

Polars' reader has no quarantine: it pads a short row with empty fields, and a long one
stops the whole file unless `truncate_ragged_lines` cuts it; it keeps no line numbers
either. So a second scan, of the lines (no quoting, a separator that never occurs), finds
where each record starts and how many fields it has: a record goes on while a quote is
open, and its fields are one more than its commas outside quotes. Where this differs from
the csv module (a stray quote stops Polars' reader; a lone carriage return ends a record
for the csv module, not for a line scan) is written down in README.md. With --details
it says how long the reading and cleaning, and the encoding and writing, took.
"""

import sys
import time

import polars as pl

import etl
from etl import HEADER, Summary, arguments, fields_as_read, open_rejects, varint
from record_pb2 import Order

# Whitespace as Python's str.split() and str.strip() see it (str.isspace), which differs
# from Unicode's White_Space that Polars' strip_chars() and \s use: U+001C..U+001F.
SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
SPACES = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE) + "]+"

TIMESTAMP = f"^{etl.TIMESTAMP.pattern}$"  # the shape etl.py accepts
AMOUNT = f"^{etl.AMOUNT.pattern}$"  # the grammar etl.py accepts
# Visible ASCII only ("!" to "~"), one @, something before it, dotted labels after it.
EMAIL = r"^[!-?A-~]+@[!-\-/-?A-~]+(\.[!-\-/-?A-~]+)+$"
WIDE = 2 * len(HEADER)  # columns read: a longer row's fields past these are not kept
DECIMALS = pl.DataFrame({"code": list(etl.MINOR_UNITS), "decimals": list(etl.MINOR_UNITS.values())},
                        schema={"code": pl.String, "decimals": pl.Int32})


def records(path):
    """Every record: its line, how many lines and fields it has, its first WIDE fields."""
    lines = pl.scan_csv(path, has_header=False, quote_char=None, separator="\x00", schema={"text": pl.String},
                        encoding="utf8-lossy", empty_string_is_null=False)
    quotes = pl.col("text").str.count_matches('"', literal=True)
    open_at_start = (quotes.cum_sum() - quotes) % 2 == 1  # the line goes on a quoted field
    line = pl.when(open_at_start).then('"' + pl.col("text")).otherwise(pl.col("text"))
    commas = line.str.replace_all(r'"[^"]*("|$)', "").str.count_matches(",", literal=True)
    shape = (
        lines.with_columns(line=pl.int_range(1, pl.len() + 1, dtype=pl.UInt64), start=~open_at_start, commas=commas)
        .with_columns(record=pl.col("start").cum_sum())
        .with_columns(span=pl.len().over("record"), width=pl.col("commas").sum().over("record") + 1,
                      blank=(pl.col("text") == "") & (pl.len().over("record") == 1))
        .filter("start")
        .select("line", "span", "width", "blank")
    )
    fields = pl.scan_csv(path, has_header=False, schema={f"f{i}": pl.String for i in range(WIDE)},
                         truncate_ragged_lines=True, missing_columns="insert", encoding="utf8-lossy",
                         empty_string_is_null=False)
    shape, fields = pl.collect_all([shape, fields])
    if shape.height != fields.height:
        raise ValueError(f"the line scan found {shape.height} records, the CSV reader {fields.height}")
    return pl.concat([shape, fields], how="horizontal")


def tidy(column):
    """" ".join(text.split()): every run of whitespace one space, none at either end."""
    return column.str.replace_all(SPACES, " ").str.strip_chars(" ")


def clean(rows):
    """The rules of etl.py as expressions over columns `line`, `width` and HEADER's."""
    strip = {name: pl.col(name).fill_null("").str.strip_chars(SPACE) for name in HEADER}
    email, moment, amount = strip["email"], strip["created_at"], strip["amount"].str.extract_groups(AMOUNT)
    parsed = (moment.str.replace(r"Z$", "+00:00").str.replace(" ", "T", literal=True)
              .str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", strict=False, time_unit="us", time_zone="UTC"))
    field = {at: moment.str.slice(at, 2).cast(pl.Int32, strict=False) for at in (11, 14, 17)}
    valid_moment = (moment.str.contains(TIMESTAMP) & (moment.str.slice(0, 4) != "0000")
                    & (field[11] < 24) & (field[14] < 60) & (field[17] < 60)
                    & parsed.dt.year().is_between(1, 9999))
    currency = strip["currency"].str.to_uppercase()
    decimals = pl.col("decimals")
    fraction = amount.struct["3"].fill_null("")
    digits = amount.struct["2"].str.replace_all(",", "", literal=True) + fraction.str.pad_end(decimals.fill_null(0), "0")
    minor = digits.cast(pl.Int128, strict=False)
    name = tidy(pl.col("name").fill_null("")).str.normalize("NFC")
    note = tidy(pl.col("note").fill_null(""))
    no_replacement = ~pl.any_horizontal(pl.col(HEADER).fill_null("").str.contains("\ufffd", literal=True))

    # #region checks
    checks = {
        "fields": pl.col("width") == len(HEADER),
        "encoding": no_replacement,
        "id": pl.col("id").str.contains(r"^[0-9]{1,20}$") & pl.col("id").cast(pl.UInt64, strict=False).is_not_null(),
        "name": name != "",
        "email": email.str.contains(EMAIL) & (email.str.count_matches("@", literal=True) == 1),
        "country": strip["country"].str.contains(r"^[A-Za-z]{2}$"),
        "timestamp": valid_moment,
        "currency": strip["currency"].str.contains(r"^[A-Za-z]{3}$") & decimals.is_not_null(),
        "amount": amount.struct["2"].is_not_null() & (fraction.str.len_chars() <= decimals) & (minor < 2**63),
    }
    reason = pl.lit(None, dtype=pl.String)
    for check, passed in reversed(checks.items()):  # the first failure wins
        reason = pl.when(passed.fill_null(False)).then(reason).otherwise(pl.lit(check))
    # #endregion checks

    id_value = pl.col("id").cast(pl.UInt64, strict=False)  # not trimmed: " 1" is not an id
    sign = pl.when(amount.struct["1"] == "-").then(-1).otherwise(1)
    return (
        rows.with_columns(code=currency)
        .join(DECIMALS.lazy(), on="code", how="left", maintain_order="left")
        .with_columns(reason=reason)
        .with_columns(reason=pl.when(pl.col("reason").is_null() & ~id_value.is_first_distinct().over(pl.col("reason").is_null()))
                      .then(pl.lit("duplicate")).otherwise("reason"))  # the first id wins
        .select(
            "line", "span", "width", "reason",
            pl.concat_list(pl.col(f"f{i}") for i in range(WIDE)).alias("read"),
            id_value.alias("id"),
            name.alias("customer_name"),
            email.str.extract(r"^([^@]*)@").str.to_lowercase().alias("email_user"),
            email.str.extract(r"@(.*)$").str.to_lowercase().alias("email_domain"),
            strip["country"].str.to_uppercase().alias("country"),
            parsed.dt.epoch("s").alias("created_unix"),
            parsed.dt.strftime("%Y-%m-%d").alias("created_day"),
            (sign * minor).cast(pl.Int64, strict=False).alias("amount_minor"),
            pl.col("code").alias("currency"),
            note.alias("note"),
            pl.when(note == "").then(0).otherwise(note.str.count_matches(" ", literal=True) + 1)
            .cast(pl.UInt32).alias("note_words"),
        )
    )


FIELDS = ["id", "customer_name", "email_user", "email_domain", "country", "created_unix", "created_day",
          "amount_minor", "currency", "note", "note_words"]


def write(cleaned, input_path, summary, out, replaced=True):
    """The cleaned columns to the encoder, and the rejected records to the summary, in order.
    `replaced`: whether the reader may have replaced bytes with U+FFFD."""
    rejected = cleaned.filter(pl.col("reason").is_not_null())
    # Fields with U+FFFD (or cut off past WIDE) are read again from the file, as read.
    has_replacement = pl.col("read").list.eval(pl.element().str.contains("\ufffd", literal=True)).list.any()
    again = rejected.filter((pl.col("width") > WIDE) | (has_replacement & replaced))
    as_read = fields_as_read(input_path, again.select("line", "span").rows()) if summary.rejects else {}
    reasons = iter(rejected.select("line", "reason", "width", "read").rows())
    next_rejected = next(reasons, None)
    for values in cleaned.select("line", "reason", *FIELDS).iter_rows():
        line, reason = values[0], values[1]
        summary.read += 1
        if reason is not None:
            _, _, width, read = next_rejected
            summary.reject(line, reason, as_read.get(line, read[:width]))
            next_rejected = next(reasons, None)
            continue
        record = Order(**dict(zip(FIELDS, values[2:]))).SerializeToString()
        out.write(varint(len(record)) + record)
        summary.written += 1


def run(input_path, output_path, rejects_path=None, max_share="0.05", details=False, stream=sys.stderr):
    started = time.perf_counter()
    try:
        rows = records(input_path)
    except (pl.exceptions.ComputeError, ValueError) as error:
        sys.exit(f"etl: Polars could not read {input_path}: {str(error).splitlines()[0]}")
    rows = rows.filter(~pl.col("blank"))  # skipped, as the csv module skips them
    header = rows.row(0)[4:4 + len(HEADER)] if rows.height else None
    if not rows.height or rows.row(0)[2] != len(HEADER) or list(header) != HEADER:
        sys.exit(f"etl: expected the header {','.join(HEADER)}, found {header and list(header)}")
    named = rows.slice(1).with_columns(pl.col(f"f{i}").alias(name) for i, name in enumerate(HEADER))
    cleaned = clean(named.lazy()).collect()
    cleaning = time.perf_counter() - started
    with open(output_path, "wb") as out, open_rejects(rejects_path) as rejects:
        summary = Summary(rejects)
        write(cleaned, input_path, summary, out)
    encoding = time.perf_counter() - started - cleaning
    summary.report(stream)
    if details:
        print(f"etl-polars: reading and cleaning {cleaning:.3f} s, encoding and writing {encoding:.3f} s", file=stream)
    return summary.status(max_share, stream)


if __name__ == "__main__":
    parser = arguments("The ETL job with Polars: read_csv, then expressions.")
    parser.add_argument("--details", action="store_true", help="also say where the time went")
    args = parser.parse_args()
    sys.exit(run(args.input, args.output, args.rejects, args.max_rejected_share, args.details))
