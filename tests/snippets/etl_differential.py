"""Differential test of the ETL job's implementations: Hypothesis writes hostile CSV files,
every engine cleans the same file, and all must write the same bytes and the same report
(records, rejected counts by reason, first rejected rows).

    python etl_differential.py --rust-binary snippets/target/release/etl --examples 60
    python etl_differential.py ... --engines python,rust,polars,python-rust-extension
    npm run etl:fuzz -- --examples 5000        (the long run)

An engine is one line in ENGINES. A disagreement fails with the file that caused it
(shrunk by Hypothesis); fix the job, and keep the file below as an @example.
"""

import argparse
import contextlib
import csv
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "snippets/etl/python"))

import etl  # noqa: E402
import etl_polars  # noqa: E402

HEADER = etl.HEADER


def in_process(main):
    """An engine that runs a Python job's main() here: no interpreter start per example."""
    def run(input_path, output_path):
        report = io.StringIO()
        with contextlib.redirect_stderr(report):
            main(input_path, output_path)
        return report.getvalue()
    return run


def command(*argv):
    """An engine that runs a command: INPUT and OUTPUT are appended."""
    def run(input_path, output_path):
        done = subprocess.run([*argv, input_path, output_path], capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} exited with {done.returncode}: {done.stderr}")
        return done.stderr
    return run


def engines(rust_binary):
    return {
        "python": in_process(etl.main),
        "polars": in_process(lambda i, o: etl_polars.main(i, o, False)),
        "rust": command(rust_binary),
        "rust-overlap": command(rust_binary, "--overlap"),
        "python-rust-extension": command(sys.executable, str(ROOT / "snippets/etl/python/etl.py"), "--engine", "rust"),
    }


# Characters chosen to break things: Python's extra whitespace (U+001C..U+001F), other
# Unicode spaces, letters whose case mapping changes length or depends on context
# (ß, İ, ı, ǆ, final Σ, ligatures, Georgian, a combining mark), look-alikes that
# lower-case to ASCII (Kelvin sign, long s), an astral letter, U+FFFD, CSV specials.
# Not drawn: letters whose case mapping changed after Unicode 15.1 (Python 3.13's tables;
# Rust 1.95 ships 17.0), such as "ƛ": the contract is "Unicode as Python 3.13 has it".
ALPHABET = (
    "abcxyzABCXYZ0123456789 .,-+:@_'\"!~#%\t\n\r"
    "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200b"
    "ßẞİıǆǅǄΣσςΑΟﬁﬃŉΐაႠéÉüÜøØ\u0307\u0345\u212aſ𝒜\ufffdzoëMÜLLER"
)
text = st.text(alphabet=ALPHABET, max_size=12)


def around(values):
    """A value from the list, sometimes with whitespace or letter-case damage around it."""
    pad = st.sampled_from(["", "", " ", "\t", "\x1c", "\xa0", "\u3000", "\n"])
    return st.builds(lambda before, value, after, case: before + case(value) + after,
                     pad, st.sampled_from(values) | text, pad,
                     st.sampled_from([str, str, str.upper, str.lower, str.swapcase]))


ids = st.one_of(
    st.integers(0, 2**64 + 5).map(str),
    st.sampled_from(["", "0", "007", "0" * 20 + "1", "0" * 19 + "1", "18446744073709551615", "18446744073709551616",
                     "-1", "+1", " 1", "1 ", "١٢", "1e3", "99999999999999999999999"]),
)
names = around(["zoë MÜLLER", "ßtraße", "İSTANBUL", "ǆemal ǉubović", "ΟΔΥΣΣΕΥΣ", "ანა", "ﬁona", "o'neil", "  ", ""])
emails = around(["Zoe.Muller7@Example.COM", "a@b.c", "a@@b.c", "@b.c", "a@b", "a@.b.c", "a@b..c", "a b@c.d",
                 "\u212a@x.org", "İ@x.org", "ſ@x.org", "x@y.z.", ""])
countries = around(["de", "DE", "ß", "ſe", "İ", "D1", "Germany", "", "ǆ"])
days = ["2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-12-31", "0001-01-01", "9999-12-31",
        "0000-01-01", "2024-13-01", "2024-00-10", "2024-04-31"]
times = ["T00:00:00", " 23:59:59", "T24:00:00", "T23:59:60", "T12:60:00", "t10:00:00", "x10:00:00", "T10:00",
         "T10:00:00.5", "T10:00:00,5", "T1:00:00"]
offsets = ["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+24:00", "+05:60", "+0100", "+01", "", "+01:00:00",
           "UTC", "+01:30"]
timestamps = st.one_of(
    st.builds(lambda d, t, o: d + t + o, st.sampled_from(days), st.sampled_from(times), st.sampled_from(offsets)),
    around(["2024-05-01T10:00:00Z", "20240501T100000Z", "2024-05-01", "yesterday", "2024-W18-3T10:00:00Z"]),
)
amounts = st.one_of(
    st.integers(-(10**21), 10**21).map(str),
    st.builds(lambda whole, frac: f"{whole}.{frac}", st.integers(-(10**20), 10**20), st.sampled_from(["", "0", "5", "05", "123"])),
    around(["1,234.5", "-0.07", "-0", "--1", "+1", ".5", "5.", "1.2.3", "9223372036854775807",
            "92233720368547758.07", "92233720368547758.08", "-92233720368547758.08", "9,9,9", "١٢", "twelve", ""]),
)
notes = st.one_of(text, around(["delivered late, again", 'said "ASAP"', "line one\nline two", "a\r\nb", "\u2028x"]))

row = st.tuples(ids, names, emails, countries, timestamps, amounts, notes).map(list)
# Rows of another width, and rows where every field is empty.
odd_row = st.one_of(
    row.map(lambda r: r[:-1]), row.map(lambda r: [*r, "extra"]), st.lists(text, min_size=1, max_size=9),
    st.just([""] * 7), st.just([""]),
)
# Lines written by hand rather than by csv.writer: stray quotes, unclosed quotes, blanks.
raw_line = st.sampled_from([
    '', ' ', '""', '1,a"b,c@d.ef,DE,2024-01-01T00:00:00Z,1,n',
    '2,"Zoë" Müller,z@e.de,DE,2024-01-01T00:00:00Z,1,"a""b"c',
    '3,"A, B",a@b.cd,"D""E",2024-01-01T00:00:00Z,"1,0",x',
    '4,"unclosed,a@b.cd,DE,2024-01-01T00:00:00Z,1,n',
    '5,Ann,a@b.cd,DE,2024-01-01T00:00:00Z,1,"ends with quote""',
])
# Bytes that are not UTF-8: a Latin-1 é, a lone continuation byte, a cut-off sequence.
bad_bytes = st.sampled_from([b"\xe9", b"\x80", b"\xc3", b"\xff\xfe", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])


@st.composite
def csv_files(draw):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow(HEADER)
    lines = []
    for kind in draw(st.lists(st.sampled_from(["row", "row", "row", "odd", "raw"]), min_size=1, max_size=8)):
        if kind == "raw":
            lines.append(draw(raw_line) + "\n")
            continue
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow(draw(row if kind == "row" else odd_row))
        lines.append(line.getvalue())
    header_bytes = len(out.getvalue().encode())
    data = (out.getvalue() + "".join(lines)).encode()
    if draw(st.booleans()):  # damage the bytes somewhere after the header
        at = draw(st.integers(header_bytes, len(data)))
        data = data[:at] + draw(bad_bytes) + data[at:]
    return data


def header_line():
    return ",".join(HEADER).encode() + b"\n"


def run_all(data, chosen):
    """Every engine's (report, output bytes) for one file."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="etl-diff-") as scratch:
        source = Path(scratch, "in.csv")
        source.write_bytes(data)
        for name, run in chosen.items():
            target = Path(scratch, f"{name}.pb")
            report = run(str(source), str(target))
            results[name] = (report, target.read_bytes())
    return results


def check(data, chosen):
    results = run_all(data, chosen)
    (first, expected), *others = results.items()
    for name, got in others:
        if got != expected:
            raise AssertionError(
                f"{name} disagrees with {first} on this file:\n{data!r}\n"
                f"{first}: {expected[0]!r} {expected[1]!r}\n{name}: {got[0]!r} {got[1]!r}"
            )


# Disagreements found so far, kept as regression cases (each was a bug, now fixed). The
# "+05:60" offset was found by this test, the others by reading the jobs side by side.
REGRESSIONS = [
    # U+001C..U+001F are whitespace to Python's str.split() but not to Rust's split_whitespace.
    header_line() + "1,\x1czoë\x1f müller,z@e.de,DE,2024-01-01T00:00:00Z,1,a\x1cb\n".encode(),
    # "ß" starts a word: Python's capitalize gives "Ss", to_uppercase "SS".
    header_line() + "2,ßtraße ǆemal ΟΔΥΣΣΕΥΣ ანა,z@e.de,DE,2024-01-01T00:00:00Z,1,\n".encode(),
    # fromisoformat takes fractional seconds, +0100 and any separator; the contract does not.
    header_line() + b"3,A,a@b.cd,DE,2024-01-01T10:00:00.5+01:00,1,\n4,A,a@b.cd,DE,2024-01-01T10:00:00+0100,1,\n"
    + b"5,A,a@b.cd,DE,2024-01-01x10:00:00Z,1,\n",
    # fromisoformat read the offset "+05:60" as six hours; Rust rejected it.
    header_line() + b"6,A,a@b.cd,DE,2024-02-29T00:00:00+05:60,0,\n",
    # Leading zeros: Python allows 20 digits at most, whatever their value.
    header_line() + b"000000000000000000001,A,a@b.cd,DE,2024-01-01T00:00:00Z,1,\n",
]


def build_test(chosen, examples, derandomize):
    @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(csv_files())
    def differential(data):
        check(data, chosen)

    for case in REGRESSIONS:
        differential = example(case)(differential)
    return differential


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rust-binary", required=True, help="the Rust job (cargo build --release -p etl)")
    parser.add_argument("--engines", default="python,rust,rust-overlap,polars", help="comma-separated; the first is the reference")
    parser.add_argument("--examples", type=int, default=60)
    parser.add_argument("--derandomize", action="store_true", help="the same examples every run (for the test suite)")
    args = parser.parse_args()
    known = engines(args.rust_binary)
    names = args.engines.split(",")
    unknown = [name for name in names if name not in known]
    if unknown or len(names) < 2:
        parser.error(f"need two or more of {', '.join(known)}; got {args.engines}")
    build_test({name: known[name] for name in names}, args.examples, args.derandomize)()
    print(f"etl-differential: {args.examples} generated files and {len(REGRESSIONS)} regression cases, "
          f"identical output from {', '.join(names)}")


if __name__ == "__main__":
    main()
