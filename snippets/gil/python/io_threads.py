"""Scenario 2: I/O-bound Python threads. Each request is one chunk of the CPU job followed
by a blocking wait (time.sleep, standing in for a network call: like socket.recv, it
releases the GIL while it blocks), so the waits of different threads overlap.

Usage: python3 io_threads.py --threads 4 --requests 48 --steps 2000 --wait-ms 10 > trace.json
"""

import sys
import threading
import time

from gil_trace import lane, machine, parse_args, run_chunks, split_evenly, write_trace


def serve(request_ids, steps, wait_s, intervals, waits):
    for request_id in request_ids:
        run_chunks([request_id], steps, intervals)  # CPU: holds the GIL
        start = time.perf_counter_ns()
        time.sleep(wait_s)                           # I/O wait: the GIL is released
        waits.append((start, time.perf_counter_ns()))


def main():
    options = parse_args(sys.argv[1:], {'threads': 4, 'requests': 48, 'steps': 2000,
                                        'wait_ms': 10.0})
    threads, requests, steps = options['threads'], options['requests'], options['steps']
    wait_s = options['wait_ms'] / 1000

    start = time.perf_counter_ns()
    serve(range(requests), steps, wait_s, [], [])
    baseline_ns = time.perf_counter_ns() - start

    intervals = [[] for _ in range(threads)]
    waits = [[] for _ in range(threads)]
    blocks = split_evenly(requests, threads)
    workers = [threading.Thread(target=serve, args=(blocks[k], steps, wait_s, intervals[k], waits[k]))
               for k in range(threads)]
    origin = time.perf_counter_ns()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    wall_ns = time.perf_counter_ns() - origin

    write_trace({
        'scenario': 2,
        'id': f'python-threads-io-n{threads}',
        'title': 'Python threads, waiting on I/O',
        'language': 'python',
        'workers': 'threads',
        'illustrative': False,
        'recorder': 'snippets/gil/python/io_threads.py',
        'job': {'chunks': requests, 'stepsPerChunk': steps, 'waitMsPerChunk': options['wait_ms']},
        'threads': threads,
        'switchIntervalMs': sys.getswitchinterval() * 1000,
        'wallNs': wall_ns,
        'serialWallNs': baseline_ns,
        'lanes': [lane(f'thread {k + 1}', intervals[k], origin, len(blocks[k]), waits=waits[k])
                  for k in range(threads)],
        'machine': machine(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    })


if __name__ == '__main__':
    main()
