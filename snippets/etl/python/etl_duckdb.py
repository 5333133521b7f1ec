"""The ETL job the way a data engineer writes it with DuckDB: read_csv with its rejects
tables, the rules in SQL, the rows in order to the encoder. Same records, same report,
same rejects file as etl.py on the files real exports produce.

    python3 etl_duckdb.py [--details] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
                          orders.csv orders.pb

read_csv(store_rejects = true) quarantines what its reader cannot take, a row with too few
or too many fields or with bytes that are not UTF-8, into the tables `reject_scans` and
`reject_errors`, and goes on; the rules of the contract are a query over what it read.
DuckDB numbers a rejected record by its place among the records (a quoted line break does
not count) and a row it read not at all, so the line numbers are counted here: each record
takes one line, and one more for each line feed in its fields. Where this differs from the
csv module (blank lines, stray quotes) is written down in README.md. With --details it
says how long the reading and cleaning, and the encoding and writing, took.
"""

import csv
import sys
import time

import duckdb

import etl
from etl import HEADER, Summary, arguments, fields_as_read, open_rejects, varint
from etl_polars import AMOUNT, EMAIL, FIELDS, SPACE, TIMESTAMP
from record_pb2 import Order

SPACES = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE) + "]"


def strip(column):
    return f"regexp_replace(coalesce({column}, ''), '^{SPACES}+|{SPACES}+$', '', 'g')"


def tidy(column):
    return f"regexp_replace({strip(column)}, '{SPACES}+', ' ', 'g')"


CLEAN = f"""
WITH s AS (
  SELECT k, coalesce(id, '') AS id,  -- not trimmed: " 1" is not an id
         {', '.join(f'{strip(name)} AS {name}' for name in ['email', 'country', 'created_at', 'currency', 'amount'])},
         nfc_normalize({tidy('name')}) AS name, {tidy('note')} AS note,
         regexp_extract({strip('amount')}, '{AMOUNT}', ['sign', 'whole', 'fraction']) AS a,
         {' OR '.join(f"contains(coalesce({name}, ''), '\ufffd')" for name in HEADER)} AS replaced
  FROM read
), t AS (
  SELECT s.*, upper(s.currency) AS code, m.decimals,
         try_strptime(substr(created_at, 1, 10), '%Y-%m-%d')::DATE AS day,
         CASE WHEN created_at LIKE '%Z' THEN 0 ELSE
           (CASE WHEN substr(created_at, 20, 1) = '-' THEN -1 ELSE 1 END)
           * (TRY_CAST(substr(created_at, 21, 2) AS INTEGER) * 3600 + TRY_CAST(substr(created_at, 24, 2) AS INTEGER) * 60)
         END AS offset_seconds,
         TRY_CAST(replace(a.whole, ',', '') || rpad(a.fraction, coalesce(m.decimals, 0), '0') AS HUGEINT) AS minor
  FROM s LEFT JOIN minor_units m ON m.code = upper(s.currency)
), u AS (
  SELECT t.*, (day - DATE '1970-01-01') * 86400 + TRY_CAST(substr(created_at, 12, 2) AS BIGINT) * 3600
         + TRY_CAST(substr(created_at, 15, 2) AS BIGINT) * 60 + TRY_CAST(substr(created_at, 18, 2) AS BIGINT)
         - offset_seconds AS unix
  FROM t
), checked AS (
  SELECT u.*, DATE '1970-01-01' + CAST(floor(unix / 86400) AS INTEGER) AS utc_day,
    CASE
      WHEN replaced THEN 'encoding'
      WHEN NOT (regexp_full_match(id, '[0-9]{{1,20}}') AND TRY_CAST(id AS UBIGINT) IS NOT NULL) THEN 'id'
      WHEN name = '' THEN 'name'
      WHEN NOT (regexp_full_match(email, '{EMAIL}') AND length(email) - length(replace(email, '@', '')) = 1) THEN 'email'
      WHEN NOT regexp_full_match(country, '[A-Za-z]{{2}}') THEN 'country'
      WHEN NOT (regexp_full_match(created_at, '{TIMESTAMP}') AND substr(created_at, 1, 4) <> '0000' AND day IS NOT NULL
                AND substr(created_at, 12, 2) < '24' AND substr(created_at, 15, 2) < '60' AND substr(created_at, 18, 2) < '60'
                AND year(DATE '1970-01-01' + CAST(floor(unix / 86400) AS INTEGER)) BETWEEN 1 AND 9999) THEN 'timestamp'
      WHEN NOT (regexp_full_match(currency, '[A-Za-z]{{3}}') AND decimals IS NOT NULL) THEN 'currency'
      WHEN NOT (a.whole <> '' AND length(a.fraction) <= decimals AND minor < 9223372036854775808) THEN 'amount'
    END AS reason
  FROM u
)
SELECT k, CASE WHEN reason IS NULL AND row_number() OVER (PARTITION BY reason IS NULL, TRY_CAST(id AS UBIGINT) ORDER BY k) > 1
               THEN 'duplicate' ELSE reason END AS reason,  -- the first id wins
  TRY_CAST(id AS UBIGINT) AS id, name AS customer_name,
  lower(split_part(email, '@', 1)) AS email_user, lower(split_part(email, '@', 2)) AS email_domain,
  upper(country) AS country, unix AS created_unix,
  lpad(year(utc_day)::VARCHAR, 4, '0') || strftime(utc_day, '-%m-%d') AS created_day,
  TRY_CAST(CASE WHEN a.sign = '-' THEN -minor ELSE minor END AS BIGINT) AS amount_minor, code AS currency,
  note, CASE WHEN note = '' THEN 0 ELSE length(note) - length(replace(note, ' ', '')) + 1 END AS note_words
FROM checked ORDER BY k
"""

# The errors of DuckDB's reader, as the contract's reasons: the first that applies wins.
READER_REASONS = {"MISSING COLUMNS": "fields", "TOO MANY COLUMNS": "fields", "INVALID ENCODING": "encoding"}


def header_of(path):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as src:
        return next(csv.reader(src), None)


def run(input_path, output_path, rejects_path=None, max_share="0.05", details=False, stream=sys.stderr):
    started = time.perf_counter()
    header = header_of(input_path)
    etl.check_header(header)
    con = duckdb.connect()
    con.execute("CREATE TABLE minor_units (code VARCHAR, decimals INTEGER)")
    con.executemany("INSERT INTO minor_units VALUES (?, ?)", list(etl.MINOR_UNITS.items()))
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in HEADER)
    con.execute(f"""
        CREATE TABLE read AS SELECT * FROM read_csv(?, header = true, columns = {{{columns}}},
            delim = ',', quote = '"', escape = '"', auto_detect = false, null_padding = false,
            store_rejects = true, rejects_scan = 'reject_scans', rejects_table = 'reject_errors')
    """, [input_path])
    con.execute("CREATE TABLE read_k AS SELECT rowid AS k, * FROM read")  # rowid: the order read
    con.execute("DROP TABLE read")
    con.execute("ALTER TABLE read_k RENAME TO read")
    # The reader's rejects: (DuckDB's record number, reason, line feeds in the record).
    refused = {}
    for number, error, text in con.execute(
            "SELECT line, error_type, csv_line FROM reject_errors ORDER BY line").fetchall():
        reason = READER_REASONS.get(error, "fields")
        previous = refused.get(number)
        if previous is None or previous[0] == "encoding" and reason == "fields":
            # csv_line can carry the line break before or after the record (a \r\n split
            # in two); only the line feeds inside the record move the next one down.
            refused[number] = (reason, (text or "").strip("\r\n").count("\n"))
    # Two results read side by side, each on a cursor of its own.
    cleaned = con.cursor().execute(CLEAN)
    reads = con.cursor().execute("SELECT * FROM read ORDER BY k")
    cleaning = time.perf_counter() - started

    with open(output_path, "wb") as out, open_rejects(rejects_path) as rejects:
        summary = Summary(rejects)
        pending = []  # rejected: (line, span, reason, fields or None)
        line, number = 2, 2  # the next record's line in the file, and its number for DuckDB
        fields = ["id", "reason", *FIELDS]

        def skip_refused():
            nonlocal line, number
            while number in refused:
                reason, feeds = refused.pop(number)
                pending.append((line, feeds + 1, reason, None))
                line, number = line + feeds + 1, number + 1

        while batch := cleaned.fetchmany(8192):
            raw_rows = reads.fetchmany(len(batch))
            for row, raw in zip(batch, raw_rows):
                skip_refused()
                values = dict(zip(["k", *fields[1:]], row))
                read = [value or "" for value in raw[1:]]
                feeds = sum(value.count("\n") for value in read)
                if values["reason"] is not None:
                    pending.append((line, feeds + 1, values["reason"], read))
                else:
                    pending.append((line, 0, None, values))
                line, number = line + feeds + 1, number + 1
            flush(pending, input_path, summary, out)
        skip_refused()
        for number in sorted(refused):  # past the last row read
            reason, feeds = refused[number]
            pending.append((line, feeds + 1, reason, None))
            line += feeds + 1
        flush(pending, input_path, summary, out)
    encoding = time.perf_counter() - started - cleaning
    summary.report(stream)
    if details:
        print(f"etl-duckdb: reading and cleaning {cleaning:.3f} s, encoding and writing {encoding:.3f} s", file=stream)
    return summary.status(max_share, stream)


def flush(pending, input_path, summary, out):
    """Writes the records and rejects gathered so far, in order."""
    again = [(line, span) for line, span, reason, read in pending if reason and (read is None or any(
        "\ufffd" in value for value in read))]
    as_read = fields_as_read(input_path, again) if again and summary.rejects else {}
    for line, _, reason, values in pending:
        summary.read += 1
        if reason:
            summary.reject(line, reason, as_read.get(line, values or []))
            continue
        record = Order(**{name: values[name] for name in FIELDS}).SerializeToString()
        out.write(varint(len(record)) + record)
        summary.written += 1
    pending.clear()


if __name__ == "__main__":
    parser = arguments("The ETL job with DuckDB: read_csv with its rejects tables, then SQL.")
    parser.add_argument("--details", action="store_true", help="also say where the time went")
    args = parser.parse_args()
    sys.exit(run(args.input, args.output, args.rejects, args.max_rejected_share, args.details))
