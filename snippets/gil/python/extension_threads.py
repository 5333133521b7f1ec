"""Scenario 6: the CPU-bound job on N Python threads, each chunk a call into Rust (the
fastclean extension, snippets/pyo3) that detaches from the interpreter while it runs.

The GIL is still there: each thread holds it to make the call and to record the chunk.
But while a chunk runs in Rust the thread has let go of it, so on an ordinary CPython
build with the GIL the lanes run at once, up to the number of cores.

Usage: python extension_threads.py --threads 4 --chunks 2000 --steps 200000 > trace.json
"""

import sys
import threading
import time

from gil_trace import gil_enabled, lane, machine, parse_args, split_evenly, write_trace

try:
    import fastclean
except ImportError:
    sys.exit('extension_threads.py needs the fastclean extension; build it with '
             '`maturin develop --release -m snippets/pyo3/Cargo.toml`')


def run_chunks(chunk_ids, steps, intervals):
    """Like gil_trace.run_chunks, but each chunk's steps run in Rust, detached."""
    clock = time.perf_counter_ns
    checksum = 0
    for chunk_id in chunk_ids:
        start = clock()
        state = fastclean.run_chunk(chunk_id, steps)  # the GIL is released inside
        intervals.append((start, clock()))
        checksum ^= state
    return checksum


def serial_wall_ns(chunks, steps, runs=3):
    """The whole job on one thread, through the same calls: the fastest of a few runs."""
    fastest = None
    for _ in range(runs):
        start = time.perf_counter_ns()
        run_chunks(range(chunks), steps, [])
        elapsed = time.perf_counter_ns() - start
        fastest = elapsed if fastest is None else min(fastest, elapsed)
    return fastest


def main():
    options = parse_args(sys.argv[1:], {'threads': 4, 'chunks': 2000, 'steps': 200000})
    threads, chunks, steps = options['threads'], options['chunks'], options['steps']
    baseline_ns = serial_wall_ns(chunks, steps)

    intervals = [[] for _ in range(threads)]
    checksums = [0] * threads
    cpu_ns = [0] * threads

    def worker(index, chunk_ids):
        cpu_start = time.thread_time_ns()
        checksums[index] = run_chunks(chunk_ids, steps, intervals[index])
        cpu_ns[index] = time.thread_time_ns() - cpu_start

    blocks = split_evenly(chunks, threads)
    workers = [threading.Thread(target=worker, args=(k, blocks[k])) for k in range(threads)]
    origin = time.perf_counter_ns()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    wall_ns = time.perf_counter_ns() - origin

    checksum = 0
    for value in checksums:
        checksum ^= value
    write_trace({
        'scenario': 6,
        'id': f'python-threads-extension-n{threads}',
        'title': 'Python threads, each chunk in Rust (detached)',
        'language': 'python',
        'workers': 'threads',
        'illustrative': False,
        'recorder': 'snippets/gil/python/extension_threads.py',
        'job': {'chunks': chunks, 'stepsPerChunk': steps, 'checksum': checksum},
        'threads': threads,
        'switchIntervalMs': sys.getswitchinterval() * 1000 if gil_enabled() else None,
        'wallNs': wall_ns,
        'serialWallNs': baseline_ns,
        'lanes': [lane(f'thread {k + 1}', intervals[k], origin, len(blocks[k]), cpu_ns[k])
                  for k in range(threads)],
        'machine': machine(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    })


if __name__ == '__main__':
    main()
