import type { GilTrace } from '../../lib/gil/schema'
import { cpus } from 'node:os'
import process from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { overlapShare, parallelism, speedUp } from '../../lib/gil/analysis'
import { convoySummary, validateConvoy } from '../../lib/gil/convoy'
import { validateTrace } from '../../lib/gil/schema'
import { buildExtension } from '../../toolchain/extension'
import {
  buildRustRecorder,
  findFreeThreadedPython,
  recordPython,
  recordRust,
} from '../../toolchain/gil-recorders'

// The recorders behind the GIL timelines, run on small jobs (a few seconds in all), and the
// claims the slides make, checked on what they record. Scenarios 1 and 5 (free-threaded):
// CPU-bound Python threads; 2: I/O-bound threads; 3: Rust threads and rayon; 4: processes;
// 6: threads calling the fastclean extension; and the convoy effect.
const cpuThreads = 'snippets/gil/python/cpu_threads.py'
const ioThreads = 'snippets/gil/python/io_threads.py'
const processes = 'snippets/gil/python/processes.py'
const convoy = 'snippets/gil/python/convoy.py'
const extensionThreads = 'snippets/gil/python/extension_threads.py'

const small = { threads: 2, chunks: 300, steps: 2000 }
// Rust is ~40x faster per chunk; a bigger job keeps thread start-up from dominating.
const smallRust = { threads: 2, chunks: 4000, steps: 2000 }

function valid(raw: unknown): GilTrace {
  const result = validateTrace(raw)
  if (!result.ok)
    throw new Error(`recorder wrote a bad trace: ${result.issues.join('; ')}`)
  return result.value
}

/** The measured figures are this suite's report, printed whether it passes or not. */
function report(line: string): void {
  // eslint-disable-next-line no-console -- the figures are the point (see the closing note)
  console.log(line)
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`
}

describe('gil recorders', () => {
  beforeAll(() => {
    buildRustRecorder()
    buildExtension()
  })

  it('scenario 1: CPU-bound Python threads never run at once', () => {
    const trace = valid(recordPython(cpuThreads, small))
    expect(trace.scenario).toBe(1)
    expect(trace.lanes).toHaveLength(2)
    expect(trace.lanes.map(lane => lane.intervals.length)).toEqual([150, 150])
    expect(trace.switchIntervalMs).toBe(5)
    const share = overlapShare(trace)
    const cores = parallelism(trace)!
    report(`scenario 1 (${cpuThreads}): overlap ${percent(share)} of ${(trace.wallNs / 1e6).toFixed(0)} ms wall, CPU ${cores.toFixed(2)} cores' worth, speed-up ${speedUp(trace).toFixed(2)}x`)
    // Up to 3 %: on a busy machine a GIL turn can be cut short (the 5 ms count on wall time
    // while the holder waits for a core), and a chunk paused by such a short turn is not
    // always long enough to be recognised as paused. Threads running freely would overlap
    // for most of the wall time.
    expect(share).toBeLessThanOrEqual(0.03)
    // Independent of the timestamps: threads waiting for the GIL sleep, so together the
    // threads use at most about one core, whatever the machine has.
    expect(cores).toBeLessThanOrEqual(1.15)
  })

  it('scenario 2: I/O-bound Python threads wait at the same time', () => {
    // Two threads that each sleep 4 x 20 ms: sleeping releases the GIL, so most of the wall
    // time has both asleep. A busy machine can start the second thread late; up to 3 tries.
    const shares: number[] = []
    for (let attempt = 0; attempt < 3 && (shares.at(-1) ?? 0) < 0.5; attempt++) {
      const trace = valid(recordPython(ioThreads, {
        'threads': 2,
        'requests': 8,
        'steps': 200,
        'wait-ms': 20,
      }))
      expect(trace.scenario).toBe(2)
      expect(trace.lanes.every(lane => lane.waits?.length === 4)).toBe(true)
      shares.push(overlapShare(trace, 'waits'))
    }
    report(`scenario 2 (${ioThreads}): waits overlap ${shares.map(percent).join(', ')} of the wall time`)
    expect(Math.max(...shares)).toBeGreaterThanOrEqual(0.5)
  })

  it('scenario 3: Rust threads and rayon compute the same job as Python, and run at once', () => {
    const python = valid(recordPython(cpuThreads, { ...small, chunks: 200 }))
    const sameJob = valid(recordRust('threads', { ...small, chunks: 200 }))
    expect(sameJob.job.checksum).toBe(python.job.checksum)
    expect(valid(recordRust('rayon', { ...small, chunks: 200 })).job.checksum).toBe(python.job.checksum)

    // The claim: Rust threads run at once, for most of the wall time. Other work on a
    // shared machine can leave the run less than one core, and then no recorder could show
    // overlap. So each attempt also reports how many cores' worth of CPU the threads got
    // (from the kernel, not from the timestamps): the lanes must overlap for at least
    // (cores' worth - 1, less a margin) of the wall time in every attempt, and for half of it once the run
    // had the machine to itself. Up to 6 attempts; every figure is printed.
    const cores = cpus().length
    for (const mode of ['threads', 'rayon'] as const) {
      const attempts: Array<{ share: number, got: number }> = []
      for (let attempt = 0; attempt < 6 && (attempts.at(-1)?.share ?? 0) < 0.5; attempt++) {
        const trace = valid(recordRust(mode, smallRust))
        expect(trace.lanes).toHaveLength(2)
        expect(trace.machine.rustc).toMatch(/^rustc \d+\.\d+/)
        attempts.push({
          share: overlapShare(trace),
          got: parallelism(trace)!,
        })
      }
      const figures = attempts.map(({ share, got }) => `${percent(share)} (CPU ${got.toFixed(2)} cores' worth)`)
      report(`scenario 3 (snippets/gil/rust/src/main.rs --mode ${mode}) on ${cores} cores: overlap ${figures.join(', ')}`)
      // The kernel's figure also counts the process's own start-up and tracer beside the two
      // lanes, so it can pass 2.0 (2.05 was seen) while the lanes overlap 91 %: the bound is
      // taken at two lanes' worth at most, with 15 % of the wall time for start and join.
      for (const { share, got } of attempts)
        expect(share).toBeGreaterThanOrEqual(Math.min(got, 2) - 1 - 0.15)
      const best = Math.max(...attempts.map(a => a.share))
      const mostCpu = Math.max(...attempts.map(a => a.got))
      if (cores >= 2 && mostCpu >= 1.6)
        expect(best).toBeGreaterThanOrEqual(0.5)
      else if (cores >= 2 && best < 0.5)
        console.warn(`scenario 3 --mode ${mode}: the machine never gave the run more than ${mostCpu.toFixed(2)} cores' worth of CPU, so the 50 % overlap claim could not be checked at full strength`)
    }
  })

  it('scenario 4: processes record one lane each on a shared clock', () => {
    const trace = valid(recordPython(processes, small))
    expect(trace.scenario).toBe(4)
    expect(trace.lanes.map(lane => lane.name)).toEqual(['process 1', 'process 2'])
    // The trace says how the workers started; on Linux, 3.14 and later fork a server first.
    const before314 = /^3\.1[0-3]\./.test(trace.machine.python!)
    expect(trace.startMethod).toBe(process.platform !== 'linux'
      ? 'spawn'
      : before314 ? 'fork' : 'forkserver')
    const single = valid(recordPython(cpuThreads, small))
    expect(trace.job.checksum).toBe(single.job.checksum)
    for (const lane of trace.lanes) {
      expect(lane.intervals[0]![0]).toBeGreaterThanOrEqual(0)
      expect(lane.intervals.at(-1)![1]).toBeLessThanOrEqual(trace.wallNs)
    }
    report(`scenario 4 (${processes}): overlap ${percent(overlapShare(trace))}, speed-up ${speedUp(trace).toFixed(2)}x (includes starting the processes)`)
  })

  it('convoy: an I/O thread waits about a switch interval per wake-up beside a CPU-bound thread', () => {
    // A long switch interval (20 ms) keeps the two conditions far apart on a noisy machine:
    // alone, a wake-up runs again within a fraction of a millisecond; beside a thread that
    // holds the GIL, it waits for the interval to time out before the holder lets go.
    const switchMs = 20
    const result = validateConvoy(recordPython(convoy, { 'requests': 15, 'wait-ms': 1, 'switch-ms': switchMs }))
    if (!result.ok)
      throw new Error(result.issues.join('; '))
    const trace = result.value
    expect(trace.switchIntervalMs).toBe(switchMs)
    expect(trace.alone.latenciesNs).toHaveLength(15)
    expect(trace.besideCpu.latenciesNs).toHaveLength(15)
    const [alone, beside] = convoySummary(trace).rows
    report(`convoy (${convoy}, switch interval ${switchMs} ms): median wake-up delay alone ${alone.medianMs.toFixed(2)} ms, beside a CPU-bound thread ${beside.medianMs.toFixed(2)} ms`)
    expect(beside.medianMs).toBeGreaterThanOrEqual(switchMs / 2)
    expect(alone.medianMs).toBeLessThan(switchMs / 4)
  })

  // The free-threaded lanes are drawn only from a recording that ran with the GIL off: the
  // recorder decides the scenario from sys._is_gil_enabled(), and names the build it ran on.
  it('a CPU-thread trace names its build, and is scenario 5 only when the GIL was off', () => {
    const trace = valid(recordPython(cpuThreads, small))
    const build = trace.machine.interpreter!
    expect(build.version).toBe(trace.machine.python!.replace(/t$/, ''))
    expect(trace.scenario).toBe(build.gilDisabled ? 5 : 1)
    expect(trace.id).toBe(build.gilDisabled ? 'python-free-threaded-n2' : 'python-threads-cpu-n2')
  })

  const freeThreaded = findFreeThreadedPython()
  it.skipIf(!freeThreaded)('scenario 5: free-threaded Python threads (only where python3.15t/3.14t is on PATH, or PYTHON_FREE_THREADED)', () => {
    const trace = valid(recordPython(cpuThreads, small, freeThreaded, ['-X', 'gil=0']))
    expect(trace.scenario).toBe(5)
    expect(trace.illustrative).toBe(false)
    expect(trace.machine.interpreter?.gilDisabled).toBe(true)
    report(`scenario 5 (${freeThreaded}): overlap ${percent(overlapShare(trace))}`)
  })

  it('scenario 6: Python threads whose chunks run in Rust, detached, run at once on the GIL build', () => {
    // The same job and checksum as the Rust recorder with the same steps.
    const steps = { threads: 2, chunks: 200, steps: 200_000 }
    expect(valid(recordPython(extensionThreads, steps)).job.checksum).toBe(valid(recordRust('threads', steps)).job.checksum)
    // As in scenario 3: overlap of at least (cores' worth - 1) in every attempt, and half of
    // the wall time once the machine gave the run the CPU it asked for. Up to 6 attempts.
    const attempts: Array<{ share: number, got: number, speed: number }> = []
    for (let attempt = 0; attempt < 6 && (attempts.at(-1)?.share ?? 0) < 0.5; attempt++) {
      const trace = valid(recordPython(extensionThreads, { threads: 2, chunks: 400, steps: 200_000 }))
      expect(trace.scenario).toBe(6)
      expect(trace.switchIntervalMs).toBe(5)
      expect(trace.lanes.map(lane => lane.intervals.length)).toEqual([200, 200])
      attempts.push({
        share: overlapShare(trace),
        got: parallelism(trace)!,
        speed: speedUp(trace),
      })
    }
    report(`scenario 6 (${extensionThreads}) on ${cpus().length} cores: overlap ${attempts.map(a => `${percent(a.share)} (CPU ${a.got.toFixed(2)} cores' worth, ${a.speed.toFixed(2)}x)`).join(', ')}`)
    for (const { share, got } of attempts)
      expect(share).toBeGreaterThanOrEqual(got - 1 - 0.1)
    const mostCpu = Math.max(...attempts.map(a => a.got))
    if (cpus().length >= 2 && mostCpu >= 1.6)
      expect(Math.max(...attempts.map(a => a.share))).toBeGreaterThanOrEqual(0.5)
    else if (cpus().length >= 2)
      console.warn(`scenario 6: the machine never gave the run more than ${mostCpu.toFixed(2)} cores' worth of CPU, so the 50 % overlap claim could not be checked at full strength`)
  })
})
