import type { Checked } from '../shared/checked'
import { z } from 'zod'
import { checkWith } from '../shared/checked'
import { languages } from '../shared/language'
import { median } from '../shared/stats'

// The ETL benchmark's results file (data/etl/results.json), written by scripts/etl-bench.ts
// and rendered by components/EtlResultsChart.vue. Validated on both sides: the writer
// cannot save a file the slide would refuse, and the slide names what is wrong with one.

// In the order the slide draws them. 'rust-par-chunks' (the one-line change alone) and
// 'polars-regex' (Polars splitting the CSV itself, to match the csv module exactly) are
// steps of the story, measured but not drawn as bars.
export const etlVariantIds = [
  'python',
  'python-multiprocessing',
  'polars',
  'polars-regex',
  'duckdb',
  'python-rust-extension',
  'rust',
  'rust-par-chunks',
  'rust-parallel',
] as const
export type EtlVariantId = typeof etlVariantIds[number]

const positive = z.number().positive()

export const etlVariantResultSchema = z.object({
  id: z.enum(etlVariantIds),
  label: z.string().min(1),
  language: z.enum(languages),
  /** Wall time of every run, in seconds. */
  runsSeconds: z.array(positive).min(1),
  medianSeconds: positive,
  /** Median user + system CPU seconds (10 ms resolution): less disturbed than wall time on a busy machine. */
  medianCpuSeconds: z.number().nonnegative(),
  rowsPerSecond: positive,
  megabytesPerSecond: positive,
  /** The largest peak over the runs, as `memory.definition` says (0 when never sampled). */
  peakMemoryBytes: z.number().nonnegative(),
  /** Samples taken in the run with the fewest: a run shorter than the interval has none. */
  memorySamples: z.number().int().nonnegative(),
  speedupVsPython: positive,
  /** How the multiprocessing pool started its workers ("fork", "forkserver", "spawn"). */
  startMethod: z.string().min(1).optional(),
  /** Drawn as a bar; false for a step the slides quote (par_chunks alone). */
  chart: z.boolean(),
  /** Where the job's own clock says the time went (Polars: cleaning vs encoding), medians in seconds. */
  phases: z.object({
    cleaning: z.number().nonnegative(),
    encoding: z.number().nonnegative(),
  }).optional(),
})

export const etlGoalSchema = z.object({
  id: z.string().min(1),
  description: z.string().min(1),
  /** null: the variant it needs was not measured (see `skipped`). */
  measured: z.number().nullable(),
  target: z.number(),
  /** 'at-least': measured ≥ target passes; 'below': measured < target passes. */
  comparison: z.enum(['at-least', 'below']),
  met: z.boolean(),
})

export const etlResultsSchema = z.object({
  schemaVersion: z.literal(3),
  measuredAt: z.iso.datetime(),
  /** Said on the slide when the figures come from a busy machine. */
  conditions: z.string(),
  machine: z.object({
    cpuModel: z.string().min(1),
    logicalCores: z.number().int().positive(),
    os: z.string().min(1),
    python: z.string().min(1),
    protobuf: z.string().min(1),
    polars: z.string().min(1),
    /** The DuckDB the DuckDB variant ran with (absent from files recorded before it). */
    duckdb: z.string().min(1).optional(),
    rustc: z.string().min(1),
    /** Versions of the crates the Rust variants use, from Cargo's resolution ("csv": "1.4.0"). */
    crates: z.record(z.string(), z.string()),
    loadAverageAtStart: z.array(z.number().nonnegative()).length(3),
  }),
  input: z.object({
    rows: z.number().int().positive(),
    badRows: z.number().int().nonnegative(),
    bytes: z.number().int().positive(),
    seed: z.number().int(),
  }),
  runsPerVariant: z.number().int().positive(),
  /** One definition of peak memory for every variant, for the chart's footer. */
  memory: z.object({
    definition: z.string().min(1),
    sampleIntervalMs: z.number().positive(),
  }),
  variants: z.array(etlVariantResultSchema).min(1),
  /** Variants that could not run, and why (the extension before its branch is merged). */
  skipped: z.array(z.object({
    id: z.enum(etlVariantIds),
    label: z.string().min(1),
    reason: z.string().min(1),
  })),
  goals: z.array(etlGoalSchema),
}).superRefine((results, ctx) => {
  const ids = results.variants.map(variant => variant.id)
  if (!ids.includes('python')) {
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: 'has no "python" variant to compare against',
    })
  }
  if (new Set([
    ...ids,
    ...results.skipped.map(s => s.id),
  ]).size !== ids.length + results.skipped.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: 'names a variant twice',
    })
  }
  const order = ids.map(id => etlVariantIds.indexOf(id))
  if (order.some((position, index) => index > 0 && position < order[index - 1]!)) {
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: `are not in the slide's order (${etlVariantIds.join(', ')})`,
    })
  }
  results.goals.forEach((goal, index) => {
    const met = goal.measured !== null && (goal.comparison === 'at-least'
      ? goal.measured >= goal.target
      : goal.measured < goal.target)
    if (goal.met !== met) {
      ctx.addIssue({
        code: 'custom',
        path: ['goals', index, 'met'],
        message: `says ${goal.met}, the figures say ${met}`,
      })
    }
  })
  results.variants.forEach((variant, index) => {
    if (variant.runsSeconds.length !== results.runsPerVariant) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'runsSeconds'],
        message: `has ${variant.runsSeconds.length} runs, runsPerVariant says ${results.runsPerVariant}`,
      })
    }
    if (Math.abs(median(variant.runsSeconds) - variant.medianSeconds) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'medianSeconds'],
        message: 'is not the median of runsSeconds',
      })
    }
    if (variant.memorySamples === 0 && variant.peakMemoryBytes !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'peakMemoryBytes'],
        message: 'is set, but no run of the variant was sampled',
      })
    }
    const rowsPerSecond = results.input.rows / variant.medianSeconds
    if (Math.abs(rowsPerSecond - variant.rowsPerSecond) > rowsPerSecond * 1e-6) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'rowsPerSecond'],
        message: 'is not input.rows / medianSeconds',
      })
    }
  })
})

export type EtlResults = z.infer<typeof etlResultsSchema>
export type EtlVariantResult = z.infer<typeof etlVariantResultSchema>
export type EtlGoal = z.infer<typeof etlGoalSchema>

/** Validates unknown data as a results file; issues read like "results.variants.2.medianSeconds: ...". */
export function parseEtlResults(data: unknown): Checked<EtlResults> {
  return checkWith(etlResultsSchema, data, 'results')
}

/** Clicks the chart needs: one per row (every charted variant, and every one not measured). */
export function etlClicks(results: EtlResults): number {
  return results.variants.filter(variant => variant.chart).length + results.skipped.length
}
