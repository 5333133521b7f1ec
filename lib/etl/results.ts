import type { Checked } from '../shared/checked'
import { z } from 'zod'
import { checkWith } from '../shared/checked'
import { describeInterpreter, describeLoadRange, interpreterSchema, loadAverageSchema } from '../shared/interpreter'
import { languages } from '../shared/language'
import { isBusy, runIssues } from './runs'

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
  /** Wall time of every run, in seconds (their min and max are the spread shown beside the median). */
  runsSeconds: z.array(positive).min(1),
  medianSeconds: positive,
  /** The 1-minute load average just before and just after each timed run, in run order. */
  loadBefore: z.array(z.number().nonnegative()).min(1),
  loadAfter: z.array(z.number().nonnegative()).min(1),
  /** Cores' worth of CPU other programs used during each timed run: the machine's busy CPU time (/proc/stat) minus the run's own, over its wall time. */
  otherCores: z.array(z.number().nonnegative()).min(1),
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

/**
 * How busy the machine was, measured rather than typed: the load averages around the whole
 * run and around every timed run, and the CPU other programs used during each timed run.
 * `busy`: the 1-minute load average at the start was above `busyAbove` (the logical cores),
 * or other programs used more than `othersBusyAbove` cores during some timed run.
 */
export const etlConditionsSchema = z.object({
  loadAverageAtStart: loadAverageSchema,
  /** Absent while a live run is still going. */
  loadAverageAtEnd: loadAverageSchema.optional(),
  busyAbove: positive,
  othersBusyAbove: positive,
  busy: z.boolean(),
})

export const etlResultsSchema = z.object({
  schemaVersion: z.literal(4),
  measuredAt: z.iso.datetime(),
  conditions: etlConditionsSchema,
  machine: z.object({
    cpuModel: z.string().min(1),
    logicalCores: z.number().int().positive(),
    os: z.string().min(1),
    python: z.string().min(1),
    /** The build that ran every Python variant (snippets/record/interpreter.py). */
    interpreter: interpreterSchema,
    protobuf: z.string().min(1),
    polars: z.string().min(1),
    /** The DuckDB the DuckDB variant ran with (absent from files recorded before it). */
    duckdb: z.string().min(1).optional(),
    rustc: z.string().min(1),
    /** Versions of the crates the Rust variants use, from Cargo's resolution ("csv": "1.4.0"). */
    crates: z.record(z.string(), z.string()),
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
  if (results.conditions.busy !== wasBusy(results)) {
    ctx.addIssue({
      code: 'custom',
      path: ['conditions', 'busy'],
      message: `says ${results.conditions.busy}, the recorded load and other programs' CPU say ${wasBusy(results)}`,
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
    for (const [field, message] of runIssues(variant, results.runsPerVariant, 'runsPerVariant')) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, field],
        message,
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
export type EtlConditions = z.infer<typeof etlConditionsSchema>
export type EtlVariantResult = z.infer<typeof etlVariantResultSchema>
export type EtlGoal = z.infer<typeof etlGoalSchema>

/** Validates unknown data as a results file; issues read like "results.variants.2.medianSeconds: ...". */
export function parseEtlResults(data: unknown): Checked<EtlResults> {
  return checkWith(etlResultsSchema, data, 'results')
}

/** Every 1-minute load average the run recorded: at its start and end, around every timed run. */
export function loadPoints(results: Pick<EtlResults, 'conditions' | 'variants'>): number[] {
  const { conditions } = results
  return [
    conditions.loadAverageAtStart[0],
    ...(conditions.loadAverageAtEnd
      ? [conditions.loadAverageAtEnd[0]]
      : []),
    ...results.variants.flatMap(v => [
      ...v.loadBefore,
      ...v.loadAfter,
    ]),
  ]
}

/** The rule `busy` records (see the conditions' schema). */
export function wasBusy(results: Pick<EtlResults, 'conditions' | 'variants'>): boolean {
  return isBusy(results.conditions, results.variants)
}

/** Clicks the chart needs: one per row (every charted variant, and every one not measured). */
export function etlClicks(results: EtlResults): number {
  return results.variants.filter(variant => variant.chart).length + results.skipped.length
}

/** Rows a second of a variant's slowest and fastest run: the whisker around its median bar. */
export function rateSpread(variant: Pick<EtlVariantResult, 'runsSeconds'>, rows: number): { slowest: number, fastest: number } {
  return {
    slowest: rows / Math.max(...variant.runsSeconds),
    fastest: rows / Math.min(...variant.runsSeconds),
  }
}

/** "Intel(R) Xeon(R) Processor" → "Intel Xeon": the model as people say it. */
/** "Intel(R) Xeon(R) Processor @ 2.1GHz" → "Intel Xeon": what a footer needs of a CPU model. */
export function shortCpu(model: string): string {
  return model
    .replace(/\((?:R|TM)\)/gi, '')
    .replace(/\b(?:CPU|Processor)\b/gi, '')
    .replace(/@.*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The chart's one line about the machine: "2-core Intel Xeon · CPython 3.15.2 (Debian
 * python3.15 3.15.2-1, PGO+LTO) · rustc 1.95.0 · 1,000,000 rows · load 0.40–1.95". The
 * interpreter's build is there because every factor divides by the Python job's time, and
 * the load because a busy machine widens every spread. Everything else the file records
 * (crate versions, the date, the goals) stays in the file and the benchmark's printed table.
 */
export function machineLine(results: EtlResults): string {
  const { machine, input } = results
  return [
    `${machine.logicalCores}-core ${shortCpu(machine.cpuModel)}`,
    describeInterpreter(machine.interpreter),
    `rustc ${machine.rustc}`,
    `${input.rows.toLocaleString('en-US')} rows`,
    `${describeLoadRange(loadPoints(results))}${results.conditions.busy ? ', busy' : ''}`,
  ].join(' · ')
}
