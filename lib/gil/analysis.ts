import type { GilLane, GilTrace, Interval } from './schema'
import { languageNames } from '../shared/language'
import { median } from '../shared/stats'

/**
 * A chunk that took this many times longer than the trace's median chunk was paused part
 * way through: by the GIL handing the turn to another thread, or by the OS running
 * something else on the core. A thread timestamps only between chunks, so it cannot tell
 * where inside the chunk it was paused; such chunks count as "not running" (losing at most
 * one chunk of real work per pause), and the rest are times the thread was provably running.
 */
export const PAUSED_CHUNK_FACTOR = 8

/** The median chunk duration over every lane of the trace (0 for a trace with no chunks). */
export function medianChunkNs(trace: GilTrace): number {
  const durations = trace.lanes.flatMap(lane => lane.intervals.map(([start, end]) => end - start))
  return durations.length
    ? median(durations)
    : 0
}

/** The lane's chunks that ran without a pause, sorted by start. */
export function runningIntervals(lane: GilLane, typicalChunkNs: number): Interval[] {
  const limit = typicalChunkNs * PAUSED_CHUNK_FACTOR
  return lane.intervals
    .filter(([start, end]) => end - start <= limit)
    .map(([start, end]): Interval => [start, end])
    .sort((a, b) => a[0] - b[0])
}

/** Running intervals of every lane, computed once per trace. */
export function runningLanes(trace: GilTrace): Interval[][] {
  const typical = medianChunkNs(trace)
  return trace.lanes.map(lane => runningIntervals(lane, typical))
}

/**
 * Joins intervals separated by at most `maxGapNs`. The deck draws with a gap of about half
 * a pixel's worth of time, so thousands of chunks become a few hundred rectangles while
 * every visible gap (a GIL hand-over, an I/O wait) stays.
 */
export function mergeIntervals(intervals: Interval[], maxGapNs: number): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  const merged: Interval[] = []
  for (const [start, end] of sorted) {
    const last = merged.at(-1)
    if (last && start - last[1] <= maxGapNs)
      last[1] = Math.max(last[1], end)
    else
      merged.push([start, end])
  }
  return merged
}

/** Nanoseconds during which exactly k lanes were running, for k = 0..lanes. */
export function concurrencyProfile(lanes: Interval[][], wallNs: number): number[] {
  const events: Array<[number, number]> = []
  for (const lane of lanes) {
    for (const [start, end] of mergeIntervals(lane, 0)) {
      events.push([start, +1], [end, -1])
    }
  }
  // Ends before starts at the same instant: touching chunks are not "at once".
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const profile = Array.from<number>({ length: lanes.length + 1 }).fill(0)
  let active = 0
  let previous = 0
  for (const [at, delta] of events) {
    profile[active]! += Math.max(0, at - previous)
    previous = at
    active += delta
  }
  profile[0]! += Math.max(0, wallNs - previous)
  return profile
}

/** The I/O waits of every lane (empty lists outside scenario 2). */
export function waitLanes(trace: GilTrace): Interval[][] {
  return trace.lanes.map(lane => (lane.waits ?? []).map(([start, end]): Interval => [start, end]))
}

/**
 * Share of the wall time during which two or more lanes were busy at once: running a chunk,
 * or (for the I/O scenario, by default) waiting on I/O.
 */
export function overlapShare(trace: GilTrace, of: 'running' | 'waits' = trace.scenario === 2
  ? 'waits'
  : 'running'): number {
  const lanes = of === 'waits'
    ? waitLanes(trace)
    : runningLanes(trace)
  const profile = concurrencyProfile(lanes, trace.wallNs)
  const atOnce = profile.slice(2).reduce((sum, ns) => sum + ns, 0)
  return atOnce / trace.wallNs
}

/**
 * Cores' worth of CPU the run actually got: the lanes' CPU time over the wall time, or
 * undefined when a lane has no CPU time. Two lanes can only have run at once for at least
 * (parallelism - 1) of the wall time, whatever the timestamps say.
 */
export function parallelism(trace: GilTrace): number | undefined {
  if (trace.lanes.some(lane => lane.cpuNs === undefined))
    return undefined
  return trace.lanes.reduce((sum, lane) => sum + lane.cpuNs!, 0) / trace.wallNs
}

/** The one-thread time of the same job divided by this run's wall time. */
export function speedUp(trace: GilTrace): number {
  return trace.serialWallNs / trace.wallNs
}

export function formatDuration(ns: number): string {
  const ms = ns / 1e6
  if (ms >= 1000) {
    return `${(ms / 1000).toFixed(ms >= 10_000
      ? 0
      : 1)} s`
  }
  if (ms >= 10)
    return `${Math.round(ms)} ms`
  return `${ms.toFixed(1)} ms`
}

const workerNouns: Record<GilTrace['workers'], [string, string]> = {
  threads: ['thread', 'threads'],
  processes: ['process', 'processes'],
  rayon: ['rayon worker', 'rayon workers'],
}

/**
 * One sentence for screen readers and the DOM, e.g. "Python, 4 threads, one at a time,
 * 4.1 s wall, 1.0x the speed of one thread".
 */
export function summarise(trace: GilTrace): string {
  const [one, many] = workerNouns[trace.workers]
  const count = `${trace.threads} ${trace.threads === 1
    ? one
    : many}`
  const language = languageNames[trace.language]
  if (trace.illustrative) {
    return `${language}, ${count}, illustrative shape (not a measurement)${trace.derivedFrom
      ? `, drawn from ${trace.derivedFrom}`
      : ''}`
  }
  const share = overlapShare(trace)
  let pattern: string
  if (trace.scenario === 2) {
    pattern = share < 0.05
      ? 'waits do not overlap'
      : 'waiting at once'
  }
  else if (share < 0.05) {
    pattern = 'one at a time'
  }
  else if (trace.machine.cores < trace.threads) {
    pattern = `on ${trace.machine.cores} cores`
  }
  else {
    pattern = 'at once'
  }
  return `${language}, ${count}, ${pattern}, ${formatDuration(trace.wallNs)} wall, ${speedUp(trace).toFixed(1)}x the speed of one thread`
}
