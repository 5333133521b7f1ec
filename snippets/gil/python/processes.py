"""Scenario 4: the CPU-bound job on N processes (ProcessPoolExecutor). Each process has its
own interpreter and its own GIL, so the lanes run at once; the price is starting the
processes and pickling arguments and results between them.

Usage: python3 processes.py --threads 4 --chunks 2000 --steps 2000 > trace.json
"""

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from gil_trace import lane, machine, parse_args, run_chunks, serial_wall_ns, split_evenly, write_trace


def run_block(chunk_ids, steps):
    """Runs in a worker process; its intervals come back pickled."""
    intervals = []
    cpu_start = time.thread_time_ns()
    checksum = run_chunks(chunk_ids, steps, intervals)
    return intervals, checksum, time.thread_time_ns() - cpu_start


def main():
    options = parse_args(sys.argv[1:], {'threads': 4, 'chunks': 2000, 'steps': 2000})
    workers, chunks, steps = options['threads'], options['chunks'], options['steps']
    baseline_ns = serial_wall_ns(chunks, steps)

    blocks = split_evenly(chunks, workers)
    origin = time.perf_counter_ns()
    # #region processes
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run_block, blocks, [steps] * workers))
    # #endregion processes
    wall_ns = time.perf_counter_ns() - origin

    checksum = 0
    for _, value, _ in results:
        checksum ^= value
    write_trace({
        'scenario': 4,
        'id': f'python-processes-n{workers}',
        'title': 'Python processes, CPU-bound',
        'language': 'python',
        'workers': 'processes',
        # How the workers started: forkserver on Linux since 3.14 (fork before), spawn on macOS and Windows.
        'startMethod': multiprocessing.get_start_method(),
        'illustrative': False,
        'recorder': 'snippets/gil/python/processes.py',
        'job': {'chunks': chunks, 'stepsPerChunk': steps, 'checksum': checksum},
        'threads': workers,
        'switchIntervalMs': None,  # one thread per process: no GIL hand-over to mark
        'wallNs': wall_ns,
        'serialWallNs': baseline_ns,
        # perf_counter_ns is CLOCK_MONOTONIC on Linux: one clock for every process.
        'lanes': [lane(f'process {k + 1}', results[k][0], origin, len(blocks[k]), results[k][2])
                  for k in range(workers)],
        'machine': machine(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    })


if __name__ == '__main__':
    main()
