import { z } from 'zod'

// The ETL benchmark's results file (data/etl/results.json), written by scripts/etl-bench.ts
// and rendered by components/EtlResultsChart.vue. Validated on both sides: the writer
// cannot save a file the slide would refuse, and the slide names what is wrong with one.

export const etlVariantIds = ['python', 'python-multiprocessing', 'rust', 'rust-parallel'] as const

const positive = z.number().positive()

export const etlVariantResultSchema = z.object({
  id: z.enum(etlVariantIds),
  label: z.string().min(1),
  language: z.enum(['python', 'rust']),
  /** Wall time of every run, in seconds. */
  runsSeconds: z.array(positive).min(1),
  medianSeconds: positive,
  /** Median user + system CPU seconds (10 ms resolution): less disturbed than wall time on a busy machine. */
  medianCpuSeconds: z.number().nonnegative(),
  rowsPerSecond: positive,
  megabytesPerSecond: positive,
  peakMemoryBytes: positive,
  /** How the peak was measured (one process, or the sum over worker processes). */
  memoryMethod: z.string().min(1),
  speedupVsPython: positive,
})

export const etlGoalSchema = z.object({
  id: z.string().min(1),
  description: z.string().min(1),
  measured: z.number(),
  target: z.number(),
  /** 'at-least': measured ≥ target passes; 'below': measured < target passes. */
  comparison: z.enum(['at-least', 'below']),
  met: z.boolean(),
})

export const etlResultsSchema = z.object({
  schemaVersion: z.literal(1),
  measuredAt: z.iso.datetime(),
  /** Said on the slide when the figures come from a busy machine. */
  conditions: z.string(),
  machine: z.object({
    cpuModel: z.string().min(1),
    logicalCores: z.number().int().positive(),
    os: z.string().min(1),
    python: z.string().min(1),
    protobuf: z.string().min(1),
    rustc: z.string().min(1),
    loadAverageAtStart: z.array(z.number().nonnegative()).length(3),
  }),
  input: z.object({
    rows: z.number().int().positive(),
    badRows: z.number().int().nonnegative(),
    bytes: z.number().int().positive(),
    seed: z.number().int(),
  }),
  runsPerVariant: z.number().int().positive(),
  variants: z.array(etlVariantResultSchema).min(1),
  goals: z.array(etlGoalSchema),
}).superRefine((results, ctx) => {
  const ids = results.variants.map(variant => variant.id)
  if (!ids.includes('python'))
    ctx.addIssue({ code: 'custom', path: ['variants'], message: 'has no "python" variant to compare against' })
  if (new Set(ids).size !== ids.length)
    ctx.addIssue({ code: 'custom', path: ['variants'], message: 'names a variant twice' })
  results.variants.forEach((variant, index) => {
    if (variant.runsSeconds.length !== results.runsPerVariant) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'runsSeconds'],
        message: `has ${variant.runsSeconds.length} runs, runsPerVariant says ${results.runsPerVariant}`,
      })
    }
    if (Math.abs(median(variant.runsSeconds) - variant.medianSeconds) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['variants', index, 'medianSeconds'], message: 'is not the median of runsSeconds' })
    }
    const rowsPerSecond = results.input.rows / variant.medianSeconds
    if (Math.abs(rowsPerSecond - variant.rowsPerSecond) > rowsPerSecond * 1e-6) {
      ctx.addIssue({ code: 'custom', path: ['variants', index, 'rowsPerSecond'], message: 'is not input.rows / medianSeconds' })
    }
  })
})

export type EtlResults = z.infer<typeof etlResultsSchema>
export type EtlVariantResult = z.infer<typeof etlVariantResultSchema>
export type EtlGoal = z.infer<typeof etlGoalSchema>

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export type ParsedEtlResults = { ok: true, results: EtlResults } | { ok: false, problems: string[] }

/** Validates unknown data as a results file; problems read like "variants.2.medianSeconds: ...". */
export function parseEtlResults(data: unknown): ParsedEtlResults {
  const parsed = etlResultsSchema.safeParse(data)
  if (parsed.success)
    return { ok: true, results: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map(issue => `${issue.path.length ? issue.path.join('.') : 'file'}: ${issue.message}`),
  }
}
