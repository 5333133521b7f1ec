"""Scenario 1 (and 5 on a free-threaded build): the CPU-bound job on N Python threads.

With the GIL only one thread runs Python bytecode at a time, so the lanes take turns,
handing over about every sys.getswitchinterval() seconds. Run under python3.15t/3.14t
with -X gil=0 and the same lanes can run at once (scenario 5).

Usage: python3 cpu_threads.py --threads 4 --chunks 2000 --steps 2000 > trace.json
"""

import sys
import threading
import time

from gil_trace import (gil_enabled, lane, machine, parse_args, run_chunks,
                       serial_wall_ns, split_evenly, write_trace)


def main():
    options = parse_args(sys.argv[1:], {'threads': 4, 'chunks': 2000, 'steps': 2000})
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
    free_threaded = not gil_enabled()
    write_trace({
        'scenario': 5 if free_threaded else 1,
        'id': f'python-{"free-threaded" if free_threaded else "threads-cpu"}-n{threads}',
        'title': 'Free-threaded Python threads, CPU-bound' if free_threaded
        else 'Python threads, CPU-bound',
        'language': 'python',
        'workers': 'threads',
        'illustrative': False,
        'recorder': 'snippets/gil/python/cpu_threads.py',
        'job': {'chunks': chunks, 'stepsPerChunk': steps, 'checksum': checksum},
        'threads': threads,
        'switchIntervalMs': None if free_threaded else sys.getswitchinterval() * 1000,
        'wallNs': wall_ns,
        'serialWallNs': baseline_ns,
        'lanes': [lane(f'thread {k + 1}', intervals[k], origin, len(blocks[k]), cpu_ns[k])
                  for k in range(threads)],
        'machine': machine(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    })


if __name__ == '__main__':
    main()
