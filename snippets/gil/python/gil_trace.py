"""Shared parts of the GIL recorders: the CPU-bound job, the chunk loop that timestamps
every chunk, and the JSON trace they all write (schema version 1, read by lib/gil/)."""

import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'record'))
from interpreter import interpreter  # noqa: E402  (the build is part of the record)

SCHEMA_VERSION = 1
# The job: step a 31-bit linear congruential generator. Pure arithmetic on Python ints,
# no I/O and no C library call that could release the GIL. The Rust recorder
# (snippets/gil/rust/src/main.rs) runs the same steps and must reach the same checksum.
MULTIPLIER = 1103515245
INCREMENT = 12345
MASK = 0x7FFFFFFF


def run_chunks(chunk_ids, steps, intervals):
    """Runs the given chunks; appends one (start_ns, end_ns) pair per chunk."""
    clock = time.perf_counter_ns
    checksum = 0
    for chunk_id in chunk_ids:
        start = clock()
        state = chunk_id
        for _ in range(steps):
            state = (state * MULTIPLIER + INCREMENT) & MASK
        intervals.append((start, clock()))
        checksum ^= state
    return checksum


def split_evenly(chunks, workers):
    """Chunk ids 0..chunks-1 in contiguous blocks, one block per worker."""
    return [range(chunks * k // workers, chunks * (k + 1) // workers) for k in range(workers)]


def serial_wall_ns(chunks, steps, runs=3):
    """The whole job on one thread: the baseline every speed-up is measured against.

    The fastest of a few runs, so that one slow moment of the machine does not make a
    parallel run look faster than the cores allow.
    """
    fastest = None
    for _ in range(runs):
        start = time.perf_counter_ns()
        run_chunks(range(chunks), steps, [])
        elapsed = time.perf_counter_ns() - start
        fastest = elapsed if fastest is None else min(fastest, elapsed)
    return fastest


def cpu_model():
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as info:
            for line in info:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def gil_enabled():
    """False only on a free-threaded build running with the GIL off (3.14t/3.15t)."""
    probe = getattr(sys, '_is_gil_enabled', None)
    return True if probe is None else bool(probe())


def machine():
    return {
        'cpuModel': cpu_model(),
        'cores': os.cpu_count() or 1,
        'os': f'{platform.system()} {platform.release()}',
        'python': platform.python_version() + ('t' if not gil_enabled() else ''),
        'interpreter': interpreter(),
        'rustc': None,
    }


def lane(name, intervals, origin_ns, chunks, cpu_ns=None, waits=None):
    """One lane of the trace. cpu_ns: the thread's CPU time (time.thread_time_ns) over
    the run; a thread waiting for the GIL sleeps, so it shows how much really ran."""
    relative = [[start - origin_ns, end - origin_ns] for start, end in intervals]
    entry = {
        'name': name,
        'chunks': chunks,
        'busyNs': sum(end - start for start, end in relative),
        'intervals': relative,
    }
    if cpu_ns is not None:
        entry['cpuNs'] = cpu_ns
    if waits is not None:
        entry['waits'] = [[start - origin_ns, end - origin_ns] for start, end in waits]
    return entry


def parse_args(argv, defaults):
    """--name value pairs (integers or floats) over the defaults; no argparse output noise."""
    options = dict(defaults)
    pairs = iter(argv)
    for flag in pairs:
        key = flag.lstrip('-').replace('-', '_')
        if key not in options:
            raise SystemExit(f'unknown option {flag}; known: {", ".join(options)}')
        options[key] = type(defaults[key])(next(pairs))
    return options


def write_trace(trace):
    trace = {'schemaVersion': SCHEMA_VERSION, **trace}
    json.dump(trace, sys.stdout, separators=(',', ':'))
    sys.stdout.write('\n')
