// The job's night: how many rows it must get through and in what window. These two are the
// talk's premise, not measurements, so they are stated once, here; every time on a slide is
// computed from them and a measured rate in data/etl/results.json.
import type { EtlResults, EtlVariantId } from './results'

export const night = {
  /** Rows in one night's export, as the job's owners expect it next year. */
  rows: 500_000_000,
  /** The time the job may take: between the export landing and the morning's reports. */
  windowSeconds: 60 * 60,
} as const

export interface NightRun {
  rowsPerSecond: number
  seconds: number
  fits: boolean
}

/** How long one variant, at its measured median rate, takes for the night's rows. */
export function nightRun(results: EtlResults, variant: EtlVariantId, rows: number = night.rows, windowSeconds: number = night.windowSeconds): NightRun | undefined {
  const found = results.variants.find(v => v.id === variant)
  if (!found)
    return undefined
  const seconds = rows / found.rowsPerSecond
  return { rowsPerSecond: found.rowsPerSecond, seconds, fits: seconds <= windowSeconds }
}
