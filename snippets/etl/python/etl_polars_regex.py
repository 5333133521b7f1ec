"""The ETL job with Polars, splitting the CSV itself: the whole file as one string, cut into
records and fields by two regular expressions that follow the csv module's rules exactly.

    python3 etl_polars_regex.py [--details] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
                                orders.csv orders.pb

Kept beside etl_polars.py for what it shows: matching the csv module on every hostile
file (stray quotes, lone carriage returns, blank lines) takes giving up Polars' reader,
and with it the parallel, streaming read; one string on one thread holds the whole file,
and more than once. The cleaning is etl_polars.py's, expression for expression.
"""

import csv
import io
import sys
import time

import polars as pl

from etl import HEADER, Summary, arguments, open_rejects
from etl_polars import WIDE, clean, write

# One CSV field, as the csv module reads it: a quoted part ("" for a quote inside; a
# closing quote may be followed by more text, and only the end of the file may end it
# unclosed) or an unquoted one. Groups: quoted text, text after the closing quote, plain.
FIELD = r'(?:"((?:[^"]|"")*)(?:"([^",\r\n][^,\r\n]*)?|$)|([^",\r\n][^,\r\n]*))?'
RECORD = FIELD + r"(?:," + FIELD + r")*(?:\r\n|\r|\n|$)"
ALL_FIELDS = "^" + ",".join([FIELD] * len(HEADER)) + r"(?:\r\n|\r|\n)?$"


def records(text):
    """The file's records, as etl_polars.records gives them; `width` is -1 for a record with
    another field count than HEADER's (its fields are read again for the rejects file)."""
    frame = pl.LazyFrame({"text": [text]}, schema={"text": pl.String})
    rows = frame.select(pl.col("text").str.extract_all(RECORD).alias("raw")).explode("raw")
    rows = rows.filter(pl.col("raw") != "")  # the empty match at the very end
    feeds = pl.col("raw").str.count_matches("\n", literal=True)
    rows = rows.with_columns(
        line=(feeds.cum_sum() - feeds + 1).cast(pl.UInt64),
        span=pl.col("raw").str.strip_suffix("\n").str.count_matches("\n", literal=True) + 1,
        blank=pl.col("raw").str.contains(r"^(?:\r\n|\r|\n)$"),
    )
    fields = pl.col("raw").str.extract_groups(ALL_FIELDS)
    eight = pl.col("raw").str.contains(ALL_FIELDS)
    columns = []
    for index in range(WIDE):
        if index >= len(HEADER):
            columns.append(pl.lit(None, dtype=pl.String).alias(f"f{index}"))
            continue
        quoted, after, plain = (fields.struct[str(3 * index + group)] for group in (1, 2, 3))
        value = pl.coalesce(quoted.str.replace_all('""', '"', literal=True) + after.fill_null(""), plain, pl.lit(""))
        columns.append(pl.when(eight).then(value).alias(f"f{index}"))
    width = pl.when(eight).then(len(HEADER)).otherwise(-1).alias("width")
    return rows.select(pl.int_range(pl.len()).alias("index"), "line", "span", width, "blank", "raw", *columns)


def with_other_widths(rows):
    """Fills in the fields of the records with another field count than HEADER's, from
    their text, with the csv module (they are few: the expressions cover the rest)."""
    ragged = rows.filter(pl.col("width") < 0)
    if not ragged.height:
        return rows
    read = [next(csv.reader(io.StringIO(raw, newline="")), []) for raw in ragged["raw"]]
    fixes = {"index": ragged["index"], "width": [len(fields) for fields in read]}
    fixes |= {f"f{i}": [fields[i] if i < len(fields) else None for fields in read] for i in range(WIDE)}
    return rows.update(pl.DataFrame(fixes, schema_overrides={"width": rows.schema["width"]}), on="index")


def run(input_path, output_path, rejects_path=None, max_share="0.05", details=False, stream=sys.stderr):
    started = time.perf_counter()
    # The csv module's own reading: bad bytes become U+FFFD, line ends stay as they are.
    with open(input_path, "rb") as src:
        data = src.read()
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") != data.count("\ufffd".encode())
    del data
    rows = with_other_widths(records(text).filter(~pl.col("blank")).collect())
    header = [rows[f"f{i}"][0] for i in range(len(HEADER))] if rows.height else None
    if header != HEADER:
        sys.exit(f"etl: expected the header {','.join(HEADER)}, found {header}")
    named = rows.slice(1).with_columns(pl.col(f"f{i}").alias(name) for i, name in enumerate(HEADER))
    cleaned = clean(named.lazy()).collect()
    cleaning = time.perf_counter() - started
    with open(output_path, "wb") as out, open_rejects(rejects_path) as rejects:
        summary = Summary(rejects)
        write(cleaned, input_path, summary, out, replaced)
    encoding = time.perf_counter() - started - cleaning
    summary.report(stream)
    if details:
        print(f"etl-polars: reading and cleaning {cleaning:.3f} s, encoding and writing {encoding:.3f} s", file=stream)
    return summary.status(max_share, stream)


if __name__ == "__main__":
    parser = arguments("The ETL job with Polars, splitting the CSV with regular expressions.")
    parser.add_argument("--details", action="store_true", help="also say where the time went")
    args = parser.parse_args()
    sys.exit(run(args.input, args.output, args.rejects, args.max_rejected_share, args.details))
