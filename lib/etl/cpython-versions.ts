import type { Checked } from '../shared/checked'
import type { Interpreter } from '../shared/interpreter'
import { z } from 'zod'
import { checkWith } from '../shared/checked'
import { describeOptimization, describeOrigin, interpreterSchema, loadAverageSchema } from '../shared/interpreter'
import { isBusy, runIssues } from './runs'

// "A newer CPython is free speed", measured: the same Python ETL job (snippets/etl/python/
// etl.py) on the same input under several CPython releases, interleaved, written by
// scripts/cpython-versions.ts to data/etl/cpython-versions.json and drawn by
// components/CpythonVersionsChart.vue. Validated on both sides, like the results file.

const positive = z.number().positive()

export const cpythonVersionRunSchema = z.object({
  /** Unique: "3.15", or "3.15-jit" for the same build with the JIT switched on. */
  id: z.string().min(1),
  /** "3.15": the feature release. */
  minor: z.string().regex(/^3\.\d+$/),
  /** Variables the job ran with (PYTHON_JIT=1 for the JIT row); none for a plain run. */
  env: z.record(z.string(), z.string()),
  /** Described under `env`, so `jit.enabled` says whether the JIT was on. */
  interpreter: interpreterSchema,
  /** The protobuf runtime the job ran with in this interpreter's environment ("7.36.2, implementation upb"). */
  protobuf: z.string().min(1),
  /** Wall time of every run, in seconds, in run order. */
  runsSeconds: z.array(positive).min(1),
  medianSeconds: positive,
  medianCpuSeconds: z.number().nonnegative(),
  /** The 1-minute load average just before and just after each run. */
  loadBefore: z.array(z.number().nonnegative()).min(1),
  loadAfter: z.array(z.number().nonnegative()).min(1),
  /** Cores' worth of CPU other programs used during each run (as in data/etl/results.json). */
  otherCores: z.array(z.number().nonnegative()).min(1),
})

export const cpythonVersionsSchema = z.object({
  schemaVersion: z.literal(2),
  measuredAt: z.iso.datetime(),
  recorder: z.literal('scripts/cpython-versions.ts'),
  job: z.string().min(1),
  machine: z.object({
    cpuModel: z.string().min(1),
    logicalCores: z.number().int().positive(),
    os: z.string().min(1),
  }),
  input: z.object({
    rows: z.number().int().positive(),
    badRows: z.number().int().nonnegative(),
    bytes: z.number().int().positive(),
    seed: z.number().int(),
  }),
  runsPerInterpreter: z.number().int().positive(),
  conditions: z.object({
    loadAverageAtStart: loadAverageSchema,
    loadAverageAtEnd: loadAverageSchema,
    /** Busy: a 1-minute load average above this (the logical cores) at the start... */
    busyAbove: positive,
    /** ...or other programs using more than this many cores during some run. */
    othersBusyAbove: positive,
    busy: z.boolean(),
  }),
  /** Oldest first (a release's JIT row after it); the first is the baseline every factor divides by. */
  interpreters: z.array(cpythonVersionRunSchema).min(2),
}).superRefine((file, ctx) => {
  file.interpreters.forEach((entry, index) => {
    for (const [field, message] of runIssues(entry, file.runsPerInterpreter, 'runsPerInterpreter')) {
      ctx.addIssue({
        code: 'custom',
        path: ['interpreters', index, field],
        message,
      })
    }
    if (!entry.interpreter.version.startsWith(`${entry.minor}.`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['interpreters', index, 'minor'],
        message: `says ${entry.minor}, the interpreter is ${entry.interpreter.version}`,
      })
    }
    const previous = file.interpreters[index - 1]
    if (previous && Number(previous.minor.split('.')[1]) > Number(entry.minor.split('.')[1])) {
      ctx.addIssue({
        code: 'custom',
        path: ['interpreters', index, 'minor'],
        message: 'is older than the one before (oldest first)',
      })
    }
    if (file.interpreters.findIndex(other => other.id === entry.id) !== index) {
      ctx.addIssue({
        code: 'custom',
        path: ['interpreters', index, 'id'],
        message: `names ${entry.id} a second time`,
      })
    }
  })
  const busy = isBusy(file.conditions, file.interpreters)
  if (busy !== file.conditions.busy) {
    ctx.addIssue({
      code: 'custom',
      path: ['conditions', 'busy'],
      message: `says ${file.conditions.busy}, the recorded load and other programs' CPU say ${busy}`,
    })
  }
})

export type CpythonVersions = z.infer<typeof cpythonVersionsSchema>

/** Every 1-minute load average the run recorded: at its start and end, around every run. */
export function cpythonLoadPoints(file: Pick<CpythonVersions, 'conditions' | 'interpreters'>): number[] {
  return [
    file.conditions.loadAverageAtStart[0],
    file.conditions.loadAverageAtEnd[0],
    ...file.interpreters.flatMap(entry => [
      ...entry.loadBefore,
      ...entry.loadAfter,
    ]),
  ]
}

export function parseCpythonVersions(data: unknown): Checked<CpythonVersions> {
  return checkWith(cpythonVersionsSchema, data, 'cpython-versions')
}

export interface CpythonVersionRow {
  id: string
  /** "CPython 3.15.2", "CPython 3.15.2, JIT on" */
  label: string
  minor: string
  /** "Debian bookworm, PGO+LTO": short enough for the chart (the file keeps the package version) */
  build: string
  medianSeconds: number
  minSeconds: number
  maxSeconds: number
  /** Baseline's median / this median: above 1 is faster than the oldest release. */
  speedup: number
  /** Whether this one's spread overlaps the baseline's: then the difference may be noise. */
  overlapsBaseline: boolean
}

function shortOrigin(build: Interpreter): string {
  return build.origin.kind === 'debian' && build.origin.suite
    ? `Debian ${build.origin.suite.replace(/-.*$/, '')}`
    : describeOrigin(build)
}

/** The chart's rows, oldest first, each against the oldest release. */
export function cpythonVersionRows(file: CpythonVersions): CpythonVersionRow[] {
  const [baseline] = file.interpreters
  const range = (runs: number[]): [number, number] => [
    Math.min(...runs),
    Math.max(...runs),
  ]
  const [baseMin, baseMax] = range(baseline!.runsSeconds)
  return file.interpreters.map((entry) => {
    const [minSeconds, maxSeconds] = range(entry.runsSeconds)
    return {
      id: entry.id,
      label: `${entry.interpreter.implementation} ${entry.interpreter.version}${entry.interpreter.jit?.enabled ? ', JIT on' : ''}`,
      minor: entry.minor,
      build: `${shortOrigin(entry.interpreter)}, ${describeOptimization(entry.interpreter)}`,
      medianSeconds: entry.medianSeconds,
      minSeconds,
      maxSeconds,
      speedup: baseline!.medianSeconds / entry.medianSeconds,
      overlapsBaseline: minSeconds <= baseMax && maxSeconds >= baseMin,
    }
  })
}

/** What the figure says in one sentence: free speed, or not on this job (newest release, JIT off). */
export function cpythonVersionsVerdict(file: CpythonVersions): string {
  const rows = cpythonVersionRows(file)
  const oldest = rows[0]!
  const plain = rows.filter((_, index) => !file.interpreters[index]!.interpreter.jit?.enabled)
  const newest = plain.at(-1)!
  if (file.runsPerInterpreter < 3) {
    return `${file.runsPerInterpreter === 1
      ? 'One run'
      : 'Two runs'} each: too few to tell a difference from noise.`
  }
  if (newest.overlapsBaseline)
    return `On this job ${newest.minor} is not measurably faster than ${oldest.minor}: the runs overlap.`
  if (newest.speedup < 1)
    return `On this job ${newest.minor} is slower than ${oldest.minor}: ${(1 / newest.speedup).toFixed(2)}× the time.`
  return `The same code runs ${newest.speedup.toFixed(2)}× as fast on ${newest.minor} as on ${oldest.minor}, with no change to it.`
}
