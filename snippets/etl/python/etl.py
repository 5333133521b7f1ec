"""The ETL job, the Python way: messy orders CSV in, cleaned Protobuf records out.

    python3 etl.py [--engine {python,rust}] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
                   orders.csv orders.pb

The data contract, the same in every variant of the job (checked in this order; the first
rule a record breaks is its reason):
- fields: eight, as HEADER names them; encoding: UTF-8, with no U+FFFD (an earlier tool's
  mark for bytes it could not read);
- id: 1 to 20 ASCII digits, below 2**64;
- name: trimmed, each run of whitespace one space, Unicode NFC; never re-cased, so
  "o'brien", "McDonald" and "van der Berg" stay as written;
- email: visible ASCII, one @, a dotted domain; lower-cased. country: two ASCII letters,
  upper-cased. created_at: YYYY-MM-DD, T or a space, HH:MM:SS, then Z or ±HH:MM; kept in UTC;
- currency: an ISO 4217 code in ../currencies.csv, upper-cased;
- amount: "1234.5" or "1,234.50" (commas only between groups of three digits), a leading
  minus for refunds; at most as many decimals as the currency has (fewer are padded); kept
  as a whole number of the currency's minor unit (cents, yen, fils);
- note: each run of whitespace one space, and how many words;
- duplicate: an id that an earlier record passing every other rule already has.
Whitespace is what str.isspace() says it is. A record's number is the line of the file it
starts on, as `grep -n` counts lines (one more after each line feed), so a quoted line
break moves every later record down. Blank lines are skipped.

Rejected records are counted by reason and reported on stderr, and with --rejects written,
fields as read, to a CSV file; the job exits with status 3 when more than
--max-rejected-share of them are rejected. record_pb2.py is generated from ../record.proto
by `protoc -I .. --python_out=. ../record.proto` (protoc 3.21). With --engine rust the
fastclean extension (snippets/pyo3, the Rust job's own code) reads, cleans and encodes the
rows a batch at a time; the output, the rejects file and the report are the same.
"""

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import Counter, deque
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from record_pb2 import Order

HEADER = ["id", "name", "email", "country", "created_at", "amount", "currency", "note"]
TOO_MANY_REJECTED = 3  # the exit status when --max-rejected-share is passed


def minor_units(path=Path(__file__).resolve().parent.parent / "currencies.csv"):
    """ISO 4217 currency code → its minor unit (decimal places), from ../currencies.csv: a
    few codes from ISO 4217's list one, as SIX (its maintenance agency) publishes it."""
    with open(path, newline="", encoding="ascii") as table:
        return {row["code"]: int(row["minor_unit"]) for row in csv.DictReader(table)}


MINOR_UNITS = minor_units()


class BadRow(Exception):
    """A row the job rejects; `reason` names the rule it broke."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# Bytes that were not UTF-8 (read with errors="surrogateescape", so that the rejects file
# gets them back as they were), and U+FFFD.
NOT_TEXT = re.compile("[\udc80-\udcff\ufffd]")


def check_shape(row):
    """The row's eight fields; rejects a wrong field count or bytes that were not UTF-8."""
    if len(row) != len(HEADER):
        raise BadRow("fields")
    if any(map(NOT_TEXT.search, row)):
        raise BadRow("encoding")
    return row


def parse_id(text):
    if not (text.isascii() and text.isdigit() and len(text) <= 20 and int(text) < 2**64):
        raise BadRow("id")
    return int(text)


def parse_name(text):
    """Trimmed, one space between words, composed (NFC): "  Zoe\u0308  Müller" → "Zoë Müller"."""
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name:
        raise BadRow("name")
    return name


VISIBLE_ASCII = re.compile("[!-~]+")


def parse_email(text):
    """(user, domain), lower case. Visible ASCII only, one @, a dotted domain after it."""
    email = text.strip()
    user, _, domain = email.lower().partition("@")
    labels = domain.split(".")
    if not (VISIBLE_ASCII.fullmatch(email) and email.count("@") == 1 and user
            and len(labels) > 1 and all(labels)):
        raise BadRow("email")
    return user, domain


def ascii_letters(text, count, reason):
    code = text.strip()
    if not (len(code) == count and code.isascii() and code.isalpha()):
        raise BadRow(reason)
    return code.upper()


def parse_country(text):
    return ascii_letters(text, 2, "country")


def parse_currency(text):
    code = ascii_letters(text, 3, "currency")
    if code not in MINOR_UNITS:
        raise BadRow("currency")
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


# "1234.5", "1,234.50", "-0.07": commas only between groups of three digits, so a decimal
# comma ("12,34") or a stray one ("1,2,3", "1,") is rejected, never read as 1234 or 123.
AMOUNT = re.compile(r"(-?)(0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.([0-9]+))?")


def parse_amount(text, currency):
    """A whole number of the currency's minor unit: ("1,234.5", "EUR") → 123450."""
    decimals = MINOR_UNITS[currency]
    match = AMOUNT.fullmatch(text.strip())
    if not match or len(match[3] or "") > decimals:
        raise BadRow("amount")
    sign, whole, fraction = match.groups(default="")
    minor = int(whole.replace(",", "") + fraction.ljust(decimals, "0"))
    if minor >= 2**63:
        raise BadRow("amount")
    return -minor if sign else minor


# #region transform
def transform(row):
    id_text, name, email, country, created_at, amount, currency, note = check_shape(row)
    order = Order(id=parse_id(id_text), customer_name=parse_name(name))
    order.email_user, order.email_domain = parse_email(email)
    order.country = parse_country(country)
    created = parse_timestamp(created_at)
    order.created_unix = int(created.timestamp())
    order.created_day = created.date().isoformat()
    order.currency = parse_currency(currency)
    order.amount_minor = parse_amount(amount, order.currency)
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


def encode_row(row):
    """The row's (id, length-delimited record), or the reason it is rejected."""
    try:
        order = transform(row)
    except BadRow as bad:
        return bad.reason
    record = order.SerializeToString()
    return order.id, varint(len(record)) + record


class Summary:
    """What the job read, wrote and rejected: the report on stderr and the rejects file."""

    def __init__(self, rejects=None):
        self.read = 0
        self.written = 0
        self.rejected = Counter()
        self.first_rejected = []
        self.seen = set()
        # Every field quoted: the rejects file must hold any text, and be the same bytes
        # from every variant (Rust's csv crate quotes as csv.QUOTE_ALL does).
        self.rejects = rejects and csv.writer(rejects, quoting=csv.QUOTE_ALL, lineterminator="\n")
        if self.rejects:
            self.rejects.writerow(["line", "reason", *HEADER])

    def reject(self, line, reason, fields):
        """Counts a rejected record and writes it, as read, to the rejects file."""
        self.rejected[reason] += 1
        if len(self.first_rejected) < 5:
            self.first_rejected.append((line, reason))
        if self.rejects:
            self.rejects.writerow([line, reason, *fields])

    def write(self, line, fields, result, out):
        """One record's result (encode_row's), in input order: the first id wins."""
        self.read += 1
        if isinstance(result, str):
            self.reject(line, result, fields)
        elif result[0] in self.seen:
            self.reject(line, "duplicate", fields)
        else:
            self.seen.add(result[0])
            out.write(result[1])
            self.written += 1

    def report(self, stream):
        print(f"etl: {self.read} rows read, {self.written} written, "
              f"{sum(self.rejected.values())} rejected", file=stream)
        if self.rejected:
            reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(self.rejected.items()))
            first = ", ".join(f"{line} ({reason})" for line, reason in self.first_rejected)
            print(f"etl: rejected by reason: {reasons}", file=stream)
            print(f"etl: first rejected lines: {first}", file=stream)

    def status(self, max_share, stream):
        """0, or TOO_MANY_REJECTED (saying so) when more than `max_share` (its text) was rejected."""
        rejected = sum(self.rejected.values())
        if self.read and rejected / self.read > float(max_share):
            print(f"etl: {rejected} of {self.read} rows rejected, more than --max-rejected-share "
                  f"{max_share} allows", file=stream)
            return TOO_MANY_REJECTED
        return 0


class Sent:
    """Records handed to a map one by one (fields only), kept in order until their results
    come back, so that a rejected one can be written as it was read."""

    def __init__(self, records):
        self.records = records
        self.pending = deque()  # append and popleft are thread-safe: a pool's feeder appends

    def fields(self):
        for line, fields in self.records:
            self.pending.append((line, fields))
            yield fields

    def write_all(self, results, summary, out):
        for result in results:
            line, fields = self.pending.popleft()
            summary.write(line, fields, result, out)


def rust_engine():
    """The fastclean extension, or a one-line error saying how to build it."""
    try:
        import fastclean
    except ImportError:
        sys.exit("etl: --engine rust needs the fastclean extension; build it with "
                 "`maturin develop --release -m snippets/pyo3/Cargo.toml`")
    return fastclean


def as_read(fields):
    """A rejected record's fields from Rust (bytes) as the csv module would have read them."""
    return [field.decode("utf-8", "surrogateescape") for field in fields]


# --engine rust: Rust reads the CSV too, a batch at a time; Python writes and counts.
# #region engine
def write_batches(batches, summary, out):
    for batch in batches:  # each one read, cleaned and encoded in Rust
        rows, records, rejected = batch
        out.write(records)  # repeated ids already left out
        for line, reason, fields in rejected:
            summary.reject(line, reason, as_read(fields))
        summary.read += rows
        summary.written += rows - len(rejected)
# #endregion engine


def check_header(header):
    if header != HEADER:
        sys.exit(f"etl: expected the header {','.join(HEADER)}, found {header}")


class Lines:
    """The file's lines, for csv.reader, counting line feeds: `csv.reader.line_num` counts a
    lone carriage return as a line too, `grep -n` and the Rust job do not."""

    def __init__(self, src):
        self.src = src
        self.feeds = 0  # line feeds in the lines handed out so far

    def __iter__(self):
        for line in self.src:
            self.feeds += line.endswith("\n")
            yield line


def records(src):
    """(line number, fields) of each record after the header (checked here, before any
    record is read); blank lines are skipped."""
    lines = Lines(src)
    reader = csv.reader(lines)
    check_header(next(reader, None))
    return numbered(lines, reader)


def numbered(lines, reader):
    while True:
        line = lines.feeds + 1  # the record starts on the line after the last line feed read
        row = next(reader, None)
        if row is None:
            return
        if row:
            yield line, row


def open_csv(path):
    # Undecodable bytes become lone surrogates: check_shape rejects their record, and the
    # rejects file, written with the same error handler, gets the bytes back.
    return open(path, newline="", encoding="utf-8", errors="surrogateescape")


def fields_as_read(path, spans):
    """{first line: fields} of the records at `spans` ((first line, lines it spans)), as the
    csv module reads them from the file itself. For variants whose reader replaced bytes
    that were not UTF-8 with U+FFFD: their rejects file gets the bytes back."""
    found = {}
    with open(path, "rb") as src:
        data, pos, line = b"", 0, 1  # data[pos] is the first byte of line `line`

        def more():
            nonlocal data, pos
            block = src.read(1 << 20)
            data, pos = data[pos:] + block, 0
            return bool(block)

        for first, count in sorted(spans):
            while line < first:
                feeds = data.count(b"\n", pos)
                if line + feeds < first:  # not in this block: skip it whole (bytes.count is fast)
                    line += feeds
                    pos = data.rfind(b"\n") + 1 if feeds else pos
                    if not more():
                        return found
                    continue
                pos, line = data.index(b"\n", pos) + 1, line + 1
            end = pos
            for _ in range(count):  # to the end of the record's last line
                while (feed := data.find(b"\n", end)) < 0:
                    offset = end - pos
                    grew = more()  # moves the data: pos is 0 after it
                    end = offset
                    if not grew:
                        feed = len(data) - 1  # the file ends without a line feed
                        break
                end = feed + 1
            text = data[pos:end].decode("utf-8", "surrogateescape")
            found[first] = next(csv.reader(io.StringIO(text, newline="")), [])
    return found


def open_rejects(path):
    """The rejects file (bytes that were not UTF-8 written back as they were), if one was asked for."""
    if not path:
        return nullcontext()
    return open(path, "w", newline="", encoding="utf-8", errors="surrogateescape")


def run(input_path, output_path, engine="python", rejects_path=None, max_share="0.05", stream=sys.stderr):
    """Runs the job; returns its exit status."""
    with open(output_path, "wb") as out, open_rejects(rejects_path) as rejects:
        summary = Summary(rejects)
        # With --engine rust the csv crate reads the bytes as the csv module reads the text:
        # blank lines are skipped, and a row with bytes that are not UTF-8 is rejected ("encoding").
        # #region call
        if engine == "rust":
            batches = rust_engine().CsvBatches(input_path, 4096)
            check_header(batches.header)
            write_batches(batches, summary, out)
            # #endregion call
        else:
            with open_csv(input_path) as src:
                sent = Sent(records(src))
                # #region map
                results = map(encode_row, sent.fields())  # one row after another, on one core
                # #endregion map
                sent.write_all(results, summary, out)
    summary.report(stream)
    return summary.status(max_share, stream)


def share(text):
    """--max-rejected-share: a number from 0 to 1, kept as typed (the message repeats it)."""
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share from 0 to 1")
    return text


def arguments(description):
    """The command line every Python variant of the job takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rejects", metavar="REJECTS.csv",
                        help="write each rejected record here: its line, the reason, then its fields as read")
    parser.add_argument("--max-rejected-share", type=share, default="0.05", metavar="SHARE",
                        help=f"exit with status {TOO_MANY_REJECTED} when more than this share of the rows is "
                             "rejected (default 0.05: a few bad rows in an export are normal, and are "
                             "quarantined; one in twenty usually means the export itself changed, a new "
                             "column, a decimal comma, another encoding, and what is left should not be "
                             "published as if it were complete)")
    parser.add_argument("input", metavar="INPUT.csv")
    parser.add_argument("output", metavar="OUTPUT.pb")
    return parser


if __name__ == "__main__":
    parser = arguments("Messy orders CSV in, cleaned Protobuf records out.")
    parser.add_argument("--engine", choices=["python", "rust"], default="python",
                        help="who cleans the rows: this file, or the fastclean extension")
    args = parser.parse_args()
    sys.exit(run(args.input, args.output, args.engine, args.rejects, args.max_rejected_share))
