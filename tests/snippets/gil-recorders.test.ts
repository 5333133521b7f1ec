import type { GilTrace } from '../../lib/gil/schema'
import { cpus } from 'node:os'
import process from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { overlapShare, parallelism, speedUp } from '../../lib/gil/analysis'
import { convoySummary, validateConvoy } from '../../lib/gil/convoy'
import { validateTrace } from '../../lib/gil/schema'
import { buildRelease } from '../../toolchain/etl'
import { buildExtension } from '../../toolchain/extension'
import {
  findFreeThreadedPython,
  recorderPaths,
  recordPython,
  recordRust,
} from '../../toolchain/gil-recorders'

// The recorders behind the GIL timelines, run on small jobs (a few seconds in all): they run,
// write valid traces of the right shape, and compute the same job (checksum) whichever way
// it runs. How busy this machine is decides the timings, so they are printed, not asserted:
// what the slides claim about timing is checked on the committed recordings
// (tests/unit/gil-claims.test.ts). Scenarios 1 and 5 (free-threaded): CPU-bound Python
// threads; 2: I/O-bound threads; 3: Rust threads and rayon; 4: processes; 6: threads calling
// the fastclean extension; and the convoy effect.
const { cpuThreads, ioThreads, processes, convoy, extensionThreads } = recorderPaths

const small = { threads: 2, chunks: 300, steps: 2000 }

function valid(raw: unknown): GilTrace {
  const result = validateTrace(raw)
  if (!result.ok)
    throw new Error(`recorder wrote a bad trace: ${result.issues.join('; ')}`)
  return result.value
}

/** The measured figures are this suite's report, printed whether it passes or not. */
function report(trace: GilTrace, what: string): void {
  const cores = parallelism(trace)
  // eslint-disable-next-line no-console -- the figures are the point (see the closing note)
  console.log(`${what} on ${cpus().length} cores: overlap ${(overlapShare(trace) * 100).toFixed(1)} %${cores === undefined
    ? ''
    : `, CPU ${cores.toFixed(2)} cores' worth`}, speed-up ${speedUp(trace).toFixed(2)}x`)
}

describe('gil recorders', () => {
  beforeAll(() => {
    buildRelease('gil-recorder')
    buildExtension()
  })

  it('scenario 1: CPU-bound Python threads record one lane each, every chunk, at the 5 ms switch interval', () => {
    const trace = valid(recordPython(cpuThreads, small))
    expect(trace.scenario).toBe(1)
    expect(trace.lanes.map(lane => lane.intervals.length)).toEqual([150, 150])
    expect(trace.switchIntervalMs).toBe(5)
    report(trace, `scenario 1 (${cpuThreads})`)
  })

  it('scenario 2: I/O-bound Python threads record each wait', () => {
    const trace = valid(recordPython(ioThreads, {
      'threads': 2,
      'requests': 8,
      'steps': 200,
      'wait-ms': 20,
    }))
    expect(trace.scenario).toBe(2)
    expect(trace.lanes.map(lane => lane.waits?.length)).toEqual([4, 4])
    report(trace, `scenario 2 (${ioThreads})`)
  })

  it('scenario 3: Rust threads and rayon compute the same job as Python, one lane a thread', () => {
    const job = { ...small, chunks: 200 }
    const python = valid(recordPython(cpuThreads, job))
    for (const mode of ['threads', 'rayon'] as const) {
      const trace = valid(recordRust(mode, job))
      expect(trace.scenario).toBe(3)
      expect(trace.job.checksum, `--mode ${mode}`).toBe(python.job.checksum)
      expect(trace.lanes).toHaveLength(2)
      expect(trace.machine.rustc).toMatch(/^rustc \d+\.\d+/)
      report(trace, `scenario 3 (snippets/gil/rust/src/main.rs --mode ${mode})`)
    }
  })

  it('scenario 4: processes compute the same job, one lane each on a shared clock', () => {
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
    report(trace, `scenario 4 (${processes})`)
  })

  it('convoy: records every wake-up of the I/O thread, alone and beside a CPU-bound thread', () => {
    const result = validateConvoy(recordPython(convoy, { 'requests': 15, 'wait-ms': 1, 'switch-ms': 20 }))
    if (!result.ok)
      throw new Error(result.issues.join('; '))
    expect(result.value.switchIntervalMs).toBe(20)
    expect(result.value.alone.latenciesNs).toHaveLength(15)
    expect(result.value.besideCpu.latenciesNs).toHaveLength(15)
    const [alone, beside] = convoySummary(result.value).rows
    // eslint-disable-next-line no-console -- the figures are the point
    console.log(`convoy (${convoy}, switch interval 20 ms): median wake-up delay alone ${alone.medianMs.toFixed(2)} ms, beside a CPU-bound thread ${beside.medianMs.toFixed(2)} ms`)
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
    report(trace, `scenario 5 (${freeThreaded})`)
  })

  it('scenario 6: Python threads whose chunks run in the Rust extension compute the Rust recorder\'s job', () => {
    const job = { threads: 2, chunks: 200, steps: 200_000 }
    const trace = valid(recordPython(extensionThreads, job))
    expect(trace.scenario).toBe(6)
    expect(trace.switchIntervalMs).toBe(5)
    expect(trace.lanes.map(lane => lane.intervals.length)).toEqual([100, 100])
    expect(trace.job.checksum).toBe(valid(recordRust('threads', job)).job.checksum)
    report(trace, `scenario 6 (${extensionThreads})`)
  })
})
