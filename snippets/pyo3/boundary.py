"""What crossing from Python into Rust costs: the same rows cleaned by the fastclean
extension one call per row, then one call per batch, and by the pure Python job.

    python boundary.py --rows 20000 --runs 7 --output ../../data/etl/boundary.json

Each way is timed `--runs` times on the same parsed rows (the CSV is read once, before),
the ways taking turns, so that run i of every way saw the same moment of the machine; each
figure is given as min, median and max over the runs. The difference between a call per
row and a call per batch, divided by the rows, is what one crossing costs: the call
itself, converting eight str into Rust, the bytes object coming back, and the exception
for a rejected row; it is taken run by run (pairs of adjacent runs), and its spread says
whether the gap is there at all. For scale: an empty call into Rust (`fastclean.noop`, no
argument, attached), the same with a detach and re-attach (`run_chunk(0, 0)`), and an
empty call to a Python function.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import batched
from pathlib import Path

HERE = Path(__file__).resolve().parent
ETL = HERE.parent / "etl"
sys.path.insert(0, str(ETL / "python"))
sys.path.insert(0, str(HERE.parent / "record"))

import etl  # noqa: E402  (the pure Python job, for comparison)
from interpreter import interpreter, load_average  # noqa: E402  (the build is part of the record)

try:
    import fastclean
except ImportError:
    sys.exit("boundary.py needs the fastclean extension; build it with "
             "`maturin develop --release -m snippets/pyo3/Cargo.toml`")

BATCH_ROWS = 4096


# #region per_row
def per_row(rows):  # a crossing per row
    for row in rows:
        try:
            fastclean.encode_row(row)
        except fastclean.BadRow:
            pass
# #endregion per_row


# #region per_batch
def per_batch(rows):  # a crossing per batch
    for batch in batched(rows, BATCH_ROWS):
        fastclean.encode_rows(batch)
# #endregion per_batch


def empty_rust_calls(rows):
    for _ in rows:  # a #[pyfunction] that does nothing: no argument, no detach
        fastclean.noop()


def detaching_rust_calls(rows):
    for _ in rows:  # two ints in, one out, detached from the interpreter and back
        fastclean.run_chunk(0, 0)


def nothing(chunk_id, steps):
    return chunk_id


def empty_python_calls(rows):
    for _ in rows:  # the same, to a Python function
        nothing(0, 0)


def pure_python(rows):
    for row in rows:
        etl.encode_row(row)


def timed_runs(ways, rows, runs):
    """{name: [seconds of each run]}, the ways taking turns within each round."""
    times = {name: [] for name in ways}
    for _ in range(runs):
        for name, work in ways.items():
            start = time.perf_counter()
            work(rows)
            times[name].append(time.perf_counter() - start)
    return times


def spread(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def read_rows(count, seed):
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "orders.csv")
        subprocess.run([sys.executable, str(ETL / "generate.py"), "--rows", str(count), "--seed", str(seed),
                        "--bad-share", "0.01", "--output", path], check=True, capture_output=True)
        # Bytes that are not UTF-8 as U+FFFD: a str with surrogates cannot cross into Rust.
        with open(path, newline="", encoding="utf-8", errors="replace") as src:
            return [row for _, row in etl.records(src)]


def locked_version(crate):
    """The version of `crate` in snippets/Cargo.lock, the one the extension was built with."""
    lock = (HERE.parent / "Cargo.lock").read_text(encoding="utf-8")
    found = re.search(rf'name = "{crate}"\nversion = "([^"]+)"', lock)
    return found.group(1) if found else None


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip() or None
    return {
        "cpuModel": model,
        "logicalCores": os.cpu_count() or 1,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "interpreter": interpreter(),
        "pyo3": locked_version("pyo3"),
        "rustc": rustc,
    }


def describe(build):
    """'CPython 3.15.2 (Debian unstable python3.15-minimal 3.15.2-1, ..., PGO+LTO)'."""
    optimized = "PGO+LTO" if build["pgo"] and build["lto"] else "without PGO/LTO"
    return f"{build['implementation']} {build['version']} ({build['origin']['description']}, {optimized})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", help="where to write the figures as JSON")
    args = parser.parse_args()
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be at least 1")

    about = machine()
    load_before = load_average()
    rows = read_rows(args.rows, args.seed)
    ways = {"perRow": per_row, "perBatch": per_batch, "python": pure_python,
            "emptyRustCall": empty_rust_calls, "detachingRustCall": detaching_rust_calls,
            "emptyPythonCall": empty_python_calls}
    times = timed_runs(ways, rows, args.runs)
    per = lambda seconds: seconds / len(rows) * 1e9  # noqa: E731  (ns per row or call)
    figures = {}
    for name, runs in times.items():
        figures[name] = {"medianSeconds": statistics.median(runs), "runsSeconds": runs,
                         "nsPerCall": per(statistics.median(runs)),
                         "nsPerCallSpread": spread([per(run) for run in runs])}
    # The crossing, run by run: each per-row run less the per-batch run right after it.
    gaps = [per(row) - per(batch) for row, batch in zip(times["perRow"], times["perBatch"])]
    gap = spread(gaps)
    if gap["min"] > 0:
        conclusion = (f"a call per row costs {gap['min']:.0f} to {gap['max']:.0f} ns more a row than a call "
                      f"per {BATCH_ROWS} rows, in every pair of runs")
    elif gap["max"] < 0:
        conclusion = "a call per row was faster in every pair of runs: no cost of crossing measured"
    else:
        conclusion = (f"the pairs of runs disagree ({gap['min']:.0f} to {gap['max']:.0f} ns a row): the run-to-run "
                      f"spread is larger than the cost of a crossing, so none is measured")
    load_after = load_average()
    result = {
        "schemaVersion": 2,
        "measuredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "recorder": "snippets/pyo3/boundary.py",
        "machine": about,
        # 1-, 5- and 15-minute load averages before and after the runs: a busy machine shows here.
        "loadAverage": {"before": load_before, "after": load_after},
        "rows": len(rows),
        "batchRows": BATCH_ROWS,
        "runs": args.runs,
        **figures,
        "perRowMinusPerBatchNs": gap["median"],
        "perRowMinusPerBatchSpread": gap,
        "conclusion": conclusion,
    }
    print(f"{len(rows)} rows, median of {args.runs} runs (min to max), {describe(about['interpreter'])}, "
          f"PyO3 {about['pyo3']}, {about['rustc']}")
    if load_before and load_after:
        print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    for name, label, unit in [("python", "pure Python, per row", "row"), ("perRow", "Rust, one call per row", "row"),
                              ("perBatch", f"Rust, one call per {BATCH_ROWS} rows", "row"),
                              ("emptyRustCall", "an empty call into Rust", "call"),
                              ("detachingRustCall", "a call that detaches and re-attaches", "call"),
                              ("emptyPythonCall", "an empty call to a Python function", "call")]:
        low, mid, high = (figures[name]["nsPerCallSpread"][key] for key in ("min", "median", "max"))
        print(f"  {label:<38} {mid:8.0f} ns per {unit:<4} ({low:.0f} to {high:.0f})")
    print(f"  per row minus per batch, pair by pair  {gap['median']:8.0f} ns per row  ({gap['min']:.0f} to {gap['max']:.0f})")
    print(f"  {conclusion}")
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.output}")

if __name__ == "__main__":
    main()
