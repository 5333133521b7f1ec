// Timed runs of a job as a whole process, and a series of them with the conditions they ran
// under, as the ETL benchmark and the CPython comparison record them (Linux only: /proc).
// Busy (lib/etl/runs.ts) counts other programs' CPU time, not only the load average: that
// cannot tell other programs from a parallel job keeping both cores busy by itself.
import type { Buffer } from 'node:buffer'
import type { LoadAverage } from '../lib/shared/interpreter'
import type { Command } from './etl'
import type { RunResult } from './process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, type } from 'node:os'
import { resolve } from 'node:path'
import process from 'node:process'
import { formatSeconds } from '../lib/etl/format'
import { isBusy } from '../lib/etl/runs'
import { median } from '../lib/shared/stats'
import { fromRepo } from './paths'
import { run, succeeded } from './process'

// One definition of memory for every job: the largest summed PSS of its process tree. PSS
// splits a shared page n ways, so copy-on-write pages after fork and shared libraries count
// once for the tree, not once per worker (as VmHWM or ru_maxrss would). A peak shorter than
// the interval can be missed; a cgroup's memory.peak would not, but needs a delegated cgroup
// v2 tree and counts the page cache of the files the job writes.
const sampleIntervalMs = 20
export const memory = {
  definition: `peak of the summed PSS (proportional set size, /proc/PID/smaps_rollup) of the job's process tree, sampled every ${sampleIntervalMs} ms`,
  sampleIntervalMs,
}

export interface MeasuredRun {
  wallSeconds: number
  /**
   * User + system CPU time of the job's tree: the larger of the kernel's (wait4: the job and
   * the workers it waited for) and the sampled tree's (also workers nobody waited for, such as
   * a forkserver's); both can only fall short.
   */
  cpuSeconds: number
  peakMemoryBytes: number
  /** A run shorter than the interval has no samples. */
  memorySamples: number
  /** Cores' worth of CPU other programs used: the machine's busy time less the job's and ours, over the wall time. */
  otherCores: number
  result: RunResult
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  }
  catch {
    return undefined // the process ended between listing and reading
  }
}

/** From /proc/PID/stat: the parent, CPU seconds so far, and those of the children it waited for (and theirs). */
function statOf(pid: number): { parent: number, cpuSeconds: number, waitedCpuSeconds: number } | undefined {
  const stat = readProc(`/proc/${pid}/stat`)
  // Fields after the ")" that closes the command name: state, ppid, ... utime (12th), stime, cutime, cstime.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
  return fields && {
    parent: fields[1]!,
    cpuSeconds: (fields[11]! + fields[12]!) / 100,
    waitedCpuSeconds: (fields[13]! + fields[14]!) / 100,
  }
}

/**
 * Samples, until stopped, our descendant running `program` and all it started: the summed PSS
 * and each one's CPU time as last sampled (missing at most an interval of each one's end). A
 * sample reads the parents of new processes only, then the tree: a few per cent of a core.
 */
function sampleTree(program: string): () => { peakBytes: number, samples: number, cpuSeconds: number } {
  const parentOf = new Map<number, number>()
  const tree = new Set<number>()
  const cpuOf = new Map<number, number>()
  let peakBytes = 0
  let samples = 0
  // At most 64 steps up: a pid reused while this runs could make the recorded parents a loop.
  const under = (pid: number, ancestor: number): boolean => {
    for (let at = pid, steps = 0; at > 1 && steps < 64; at = parentOf.get(at) ?? 0, steps++) {
      if (at === ancestor)
        return true
    }
    return false
  }
  const sample = (): void => {
    // Parents before children (pids mostly ascend), so a new child of the tree joins it at once.
    for (const pid of readdirSync('/proc').map(Number).filter(pid => Number.isInteger(pid) && !parentOf.has(pid)).sort((a, b) => a - b)) {
      const parent = statOf(pid)?.parent
      if (parent === undefined)
        continue
      parentOf.set(pid, parent)
      if (tree.has(parent))
        tree.add(pid)
    }
    // Until the job shows up, read our descendants' command lines again: one first seen
    // between fork and exec still shows its parent's.
    if (tree.size === 0) {
      const known = Array.from(parentOf.keys())
      const job = known.find(pid => pid !== process.pid && under(pid, process.pid) && readProc(`/proc/${pid}/cmdline`)?.split('\0')[0] === program)
      for (const pid of known.filter(pid => job !== undefined && under(pid, job)))
        tree.add(pid)
    }
    let sum = 0
    for (const pid of tree) {
      const stat = statOf(pid)
      if (stat)
        cpuOf.set(pid, stat.cpuSeconds)
      sum += Number(/^Pss:\s+(\d+) kB$/m.exec(readProc(`/proc/${pid}/smaps_rollup`) ?? '')?.[1] ?? 0) * 1024
    }
    if (sum > 0) {
      samples++
      peakBytes = Math.max(peakBytes, sum)
    }
  }
  const timer = setInterval(sample, sampleIntervalMs)
  return () => {
    clearInterval(timer)
    return {
      peakBytes,
      samples,
      cpuSeconds: Array.from(cpuOf.values()).reduce((sum, cpu) => sum + cpu, 0),
    }
  }
}

/** CPU seconds the whole machine has spent busy since boot (/proc/stat: user, nice, system, irq, softirq, steal; 10 ms ticks). */
function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100
}

/** The load average now, rounded as every recording rounds it. */
export function loadNow(): LoadAverage {
  const [one = 0, five = 0, fifteen = 0] = loadavg().map(load => Math.round(load * 100) / 100)
  return [one, five, fifteen]
}

/**
 * Runs a job, sampled alike for every job; a failure is an error naming `label`. Jobs write
 * their bytecode caches: without them Polars and DuckDB would compile their Python source at
 * every start, which no installed job does.
 */
export async function runMeasured(label: string, { file, args }: Command, env: NodeJS.ProcessEnv = {}): Promise<MeasuredRun> {
  const machineBefore = machineCpuSeconds()
  const ownBefore = process.cpuUsage()
  // The job is the only child of ours that ends during the run: wait4 adds its CPU time here.
  const waitedBefore = statOf(process.pid)!.waitedCpuSeconds
  const started = performance.now()
  const running = run(file, args, {
    env: { PYTHONDONTWRITEBYTECODE: undefined, ...env },
  })
  const stopSampling = sampleTree(file)
  const result = await running
  const wallSeconds = (performance.now() - started) / 1000
  const sampled = stopSampling()
  succeeded(result, label)
  const own = process.cpuUsage(ownBefore)
  const cpuSeconds = Math.max(statOf(process.pid)!.waitedCpuSeconds - waitedBefore, sampled.cpuSeconds)
  const others = machineCpuSeconds() - machineBefore - cpuSeconds - (own.user + own.system) / 1e6
  return {
    wallSeconds,
    cpuSeconds,
    otherCores: Math.round(Math.max(0, others) / wallSeconds * 100) / 100,
    peakMemoryBytes: sampled.peakBytes,
    memorySamples: sampled.samples,
    result,
  }
}

export function hostMachine(): { cpuModel: string, logicalCores: number, os: string } {
  return { cpuModel: cpus()[0]?.model.trim() || 'unknown CPU', logicalCores: cpus().length, os: `${type()} ${release()}` }
}

const quietAdvice = 're-run when it is quiet, or pass --allow-busy to record anyway (the load is recorded with the figures)'

/**
 * A series written to `output`: when it started, the load then, and the conditions at its end.
 * On a busy machine it refuses to measure for, or write over, the committed file.
 */
export function startSeries(name: string, output: string, committed: string, allowBusy: boolean) {
  const loadAverageAtStart = loadNow()
  const busyAbove = cpus().length
  const othersBusyAbove = 0.25
  const refuseBusy = resolve(output) === committed && !allowBusy
  if (refuseBusy && loadAverageAtStart[0] > busyAbove)
    throw new Error(`the machine is busy (1-minute load average ${loadAverageAtStart[0]} at the start, above its ${busyAbove} logical cores): not measuring for ${fromRepo(output)}: ${quietAdvice}`)
  const atStart = { loadAverageAtStart, busyAbove, othersBusyAbove }
  let otherCores: number[] = []
  return {
    measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    atStart,
    /** The conditions, in the order both files keep them, with lib/etl/runs.ts's busy rule applied to `entries`. */
    end(entries: readonly { otherCores: number[] }[]) {
      otherCores = entries.flatMap(entry => entry.otherCores)
      return {
        loadAverageAtStart,
        loadAverageAtEnd: loadNow(),
        busyAbove,
        othersBusyAbove,
        busy: isBusy(atStart, entries),
      }
    },
    write(file: { conditions: { busy: boolean } }): void {
      if (file.conditions.busy) {
        const cause = loadAverageAtStart[0] > busyAbove
          ? `a 1-minute load of ${loadAverageAtStart[0]} at the start, above its ${busyAbove} logical cores`
          : `other programs used up to ${Math.max(...otherCores).toFixed(2)} cores during a timed run, above ${othersBusyAbove}`
        const warning = `the machine was busy (${cause})`
        if (refuseBusy)
          throw new Error(`${warning}; not writing ${fromRepo(output)}: ${quietAdvice}`)
        console.log(`\n${name}: WARNING: ${warning}; the figures say so (conditions.busy)`)
      }
      writeFileSync(output, `${JSON.stringify(file, null, 2)}\n`)
      console.log(`\n${name}: wrote ${output}`)
    },
  }
}

/** Every entry once: all must write the same bytes and report (a fast wrong answer is not a result); this also warms the page cache. */
export async function checkAlike<E extends { label: string }>(name: string, entries: E[], reference: string, once: (entry: E) => Promise<{ output: string, report: string }>): Promise<void> {
  let first: { bytes: Buffer, report: string } | undefined
  for (const entry of entries) {
    const { output, report } = await once(entry)
    const bytes = readFileSync(output)
    first ??= { bytes, report }
    if (!bytes.equals(first.bytes) || report !== first.report)
      throw new Error(`${entry.label} wrote different bytes or a different report from ${reference}:\n${report}`)
    console.log(`${name}: checked ${entry.label}: same bytes and report as ${reference}`)
  }
}

/** An entry's runs, each with the 1-minute load average just before and just after it. */
export interface Timed<E> { entry: E, runs: Array<MeasuredRun & { loadBefore: number, loadAfter: number }> }

/**
 * `runs` rounds, round-robin over the entries, so a burst of load elsewhere hits every entry
 * rather than all the runs of one. Each run is printed as it ends (`more`: what the caller adds
 * to its line); `done` is told of each entry after its last run.
 */
export async function timeRounds<E extends { label: string }>(name: string, entries: E[], runs: number, once: (entry: E) => Promise<MeasuredRun>, more = (_run: MeasuredRun) => '', done = (_timed: Timed<E>) => {}): Promise<Timed<E>[]> {
  const series = entries.map((entry): Timed<E> => ({ entry, runs: [] }))
  for (let run = 1; run <= runs; run++) {
    for (const timed of series) {
      const loadBefore = loadNow()[0]
      const measured = await once(timed.entry)
      const loadAfter = loadNow()[0]
      timed.runs.push({ ...measured, loadBefore, loadAfter })
      console.log(`${name}: run ${run}/${runs}, ${timed.entry.label}: ${formatSeconds(measured.wallSeconds)}, CPU ${formatSeconds(measured.cpuSeconds)}${more(measured)}, load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}, others ${measured.otherCores.toFixed(2)} cores`)
      if (run === runs)
        done(timed)
    }
  }
  return series
}

/** The fields both recordings keep of an entry's runs (lib/etl/runs.ts checks them). */
export function timedRuns({ runs }: Timed<unknown>) {
  const runsSeconds = runs.map(run => run.wallSeconds)
  return {
    runsSeconds,
    medianSeconds: median(runsSeconds),
    medianCpuSeconds: median(runs.map(run => run.cpuSeconds)),
    loadBefore: runs.map(run => run.loadBefore),
    loadAfter: runs.map(run => run.loadAfter),
    otherCores: runs.map(run => run.otherCores),
  }
}

/** The highest 1-minute load average seen just before and just after an entry's runs. */
export const loadColumn = (entry: { loadBefore: number[], loadAfter: number[] }): string => `${Math.max(...entry.loadBefore).toFixed(2)} → ${Math.max(...entry.loadAfter).toFixed(2)}`
