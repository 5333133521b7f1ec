import type { Checked } from '../shared/checked'
import { z } from 'zod'
import { checkWith } from '../shared/checked'
import { interpreterSchema, loadAverageSchema } from '../shared/interpreter'
import { median } from '../shared/stats'

/**
 * The convoy recording written by snippets/gil/python/convoy.py (data/gil/python-convoy.json):
 * how late an I/O thread gets to run after each short blocking wait, alone and beside a
 * CPU-bound thread.
 */
const latenciesSchema = z.object({
  /** Per wake-up: time past the requested wait before the thread ran its next line. */
  latenciesNs: z.array(z.number()).min(1),
})

export const convoySchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  title: z.string().min(1),
  recorder: z.string().min(1),
  job: z.object({
    requests: z.number().int().positive(),
    waitMs: z.number().positive(),
  }),
  switchIntervalMs: z.number().positive(),
  alone: latenciesSchema,
  besideCpu: latenciesSchema,
  machine: z.object({
    cpuModel: z.string(),
    cores: z.number().int().min(1),
    os: z.string(),
    python: z.string().nullable(),
    /** The build that recorded it (snippets/record/interpreter.py); absent in older recordings. */
    interpreter: interpreterSchema.optional(),
    rustc: z.string().nullable(),
  }),
  recordedAt: z.string(),
  /** Load averages just before and after the recording (scripts/record-gil-traces.ts). */
  loadAverage: z.object({ before: loadAverageSchema, after: loadAverageSchema }).optional(),
})

export type ConvoyTrace = z.infer<typeof convoySchema>

export function validateConvoy(input: unknown): Checked<ConvoyTrace> {
  return checkWith(convoySchema, input, 'convoy trace')
}

/** The value at quantile q (0..1) of the sorted values, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0)
    throw new Error('quantile of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export interface ConvoyRow {
  label: string
  medianMs: number
  p90Ms: number
  /** Each request's wait plus its median delay: how long one request takes. */
  requestMs: number
}

/** The figures the convoy slide shows, from the recording. */
export function convoySummary(trace: ConvoyTrace): { rows: [ConvoyRow, ConvoyRow], slowdown: number } {
  const row = (label: string, latencies: number[]): ConvoyRow => {
    const medianMs = median(latencies) / 1e6
    return {
      label,
      medianMs,
      p90Ms: quantile(latencies, 0.9) / 1e6,
      requestMs: trace.job.waitMs + medianMs,
    }
  }
  const alone = row('alone', trace.alone.latenciesNs)
  const beside = row('beside a CPU-bound thread', trace.besideCpu.latenciesNs)
  return {
    rows: [alone, beside],
    slowdown: beside.requestMs / alone.requestMs,
  }
}
