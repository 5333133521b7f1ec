import type { EtlResults } from './results'
import { describeInterpreter, describeLoadRange } from '../shared/interpreter'
import { loadPoints } from './results'

// Every figure the results slide shows is formatted here from the results file, so the
// slide never carries a number typed by hand.

const english = 'en-US'

/** 1234567 → "1.23 M", 45678 → "45.7 k": three significant figures, for bar labels. */
export function formatRate(perSecond: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ]
  for (const [size, unit] of units) {
    if (perSecond >= size)
      return `${(perSecond / size).toPrecision(3)} ${unit}`
  }
  return perSecond.toPrecision(3)
}

/** 12.345 → "12.3×", 1.04 → "1.04×": a speed-up factor. */
export function formatFactor(factor: number): string {
  return `${factor >= 10
    ? factor.toFixed(1)
    : factor.toPrecision(3)}×`
}

/** Bytes → "18 MB" / "7.2 MB" (decimal megabytes, as the MB/s figures). */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 1e6
  return `${megabytes >= 10
    ? megabytes.toFixed(0)
    : megabytes.toFixed(1)} MB`
}

export function formatSeconds(seconds: number): string {
  return seconds >= 10
    ? `${seconds.toFixed(1)} s`
    : `${seconds.toPrecision(3)} s`
}

export function formatCount(count: number): string {
  return count.toLocaleString(english)
}

/** "AMD EPYC, 2 cores · Polars 2.1.0 · rustc 1.95.0 (csv 1.4.0, rayon 1.12.0) · 1 Dec 2026" (the CPython: describeConditions) */
export function describeMachine(results: EtlResults): string {
  const { machine } = results
  const date = new Date(results.measuredAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  const cores = `${machine.logicalCores} ${machine.logicalCores === 1
    ? 'core'
    : 'cores'}`
  const crates = Object.entries(machine.crates).map(([name, version]) => `${name} ${version}`).join(', ')
  return `${machine.cpuModel}, ${cores} · Polars ${machine.polars} · rustc ${machine.rustc}${crates
    ? ` (${crates})`
    : ''} · ${date}`
}

/** "1,000,000 rows (145 MB), 1 % bad, median of 3 runs each" */
export function describeInput(results: EtlResults): string {
  const { input } = results
  const badPercent = (100 * input.badRows) / input.rows
  return `${formatCount(input.rows)} rows (${formatMegabytes(input.bytes)}), ${badPercent.toPrecision(2)} % rejected, median of ${results.runsPerVariant} runs`
}

/** "CPython 3.15.2 (Debian python3.15 3.15.2-1, PGO+LTO) · load 0.92–1.95": the build and the 1-minute load range, "busy" when it was. */
export function describeConditions(results: EtlResults): string {
  return `${describeInterpreter(results.machine.interpreter)} · ${describeLoadRange(loadPoints(results))}${results.conditions.busy
    ? ', busy'
    : ''}`
}

/** "1.23 s (1.20–1.31 s)": the median and the fastest and slowest run. */
export function formatSpread(runsSeconds: readonly number[], medianSeconds: number): string {
  return `${formatSeconds(medianSeconds)} (${formatSeconds(Math.min(...runsSeconds)).replace(/ s$/, '')}–${formatSeconds(Math.max(...runsSeconds))})`
}
