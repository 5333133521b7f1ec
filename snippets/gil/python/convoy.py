"""The convoy effect (Beazley, PyCon 2010): an I/O thread's wake-ups, alone and beside a
CPU-bound thread.

Each request of the I/O thread is a short blocking wait (time.sleep, which releases the GIL
while it blocks, as a socket read does). When the wait ends the thread needs the GIL back
before it can run its next line. Alone, it takes it at once. Beside a CPU-bound thread it
waits up to the switch interval; on that timeout it sets the drop request (through the
eval breaker), and the CPU thread lets go at its next check. So every wake-up costs about
one switch interval. The latency recorded is the time past the requested wait.

Usage: python3 convoy.py --requests 200 --wait-ms 1 --switch-ms 5 > convoy.json
"""

import sys
import threading
import time

from gil_trace import INCREMENT, MASK, MULTIPLIER, machine, parse_args, write_trace


def serve(requests, wait_ns, latencies):
    clock = time.perf_counter_ns
    wait_s = wait_ns / 1e9
    for _ in range(requests):
        start = clock()
        time.sleep(wait_s)                             # releases the GIL
        latencies.append(clock() - start - wait_ns)    # runs once it has the GIL back


def spin(done):
    """CPU-bound: the recorders' job, until told to stop. Pure bytecode, never waits."""
    state = 1
    while not done:
        for _ in range(1000):
            state = (state * MULTIPLIER + INCREMENT) & MASK


def run_io_thread(requests, wait_ns, beside_cpu):
    latencies = []
    done = []
    spinner = threading.Thread(target=spin, args=(done,))
    if beside_cpu:
        spinner.start()
        time.sleep(0.02)  # let the CPU thread take the GIL first
    io = threading.Thread(target=serve, args=(requests, wait_ns, latencies))
    io.start()
    io.join()
    if beside_cpu:
        done.append(True)
        spinner.join()
    return latencies


def main():
    options = parse_args(sys.argv[1:], {'requests': 200, 'wait_ms': 1.0, 'switch_ms': 5.0})
    sys.setswitchinterval(options['switch_ms'] / 1000)
    wait_ns = round(options['wait_ms'] * 1e6)
    alone = run_io_thread(options['requests'], wait_ns, beside_cpu=False)
    beside = run_io_thread(options['requests'], wait_ns, beside_cpu=True)
    write_trace({
        'id': 'python-convoy',
        'title': 'An I/O thread\'s wake-up latency, alone and beside a CPU-bound thread',
        'recorder': 'snippets/gil/python/convoy.py',
        'job': {'requests': options['requests'], 'waitMs': options['wait_ms']},
        'switchIntervalMs': sys.getswitchinterval() * 1000,
        'alone': {'latenciesNs': alone},
        'besideCpu': {'latenciesNs': beside},
        'machine': machine(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    })


if __name__ == '__main__':
    main()
