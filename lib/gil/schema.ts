import type { Checked } from '../shared/checked'
import { z } from 'zod'
import { checkWith, failed } from '../shared/checked'
import { interpreterSchema, loadAverageSchema } from '../shared/interpreter'
import { languages } from '../shared/language'

/** The trace format written by the recorders in snippets/gil/ (see gil_trace.py). */
export const SUPPORTED_SCHEMA_VERSION = 1

/** [startNs, endNs] since the recording's origin (just before the workers start). */
const intervalSchema = z.tuple([
  z.number().nonnegative(),
  z.number().nonnegative(),
])

const laneSchema = z.object({
  name: z.string().min(1),
  /** Chunks of the job this lane ran. */
  chunks: z.number().int().nonnegative(),
  /** Sum of the lane's chunk durations (includes time the thread was paused mid-chunk). */
  busyNs: z.number().nonnegative(),
  /** One entry per chunk, raw as recorded. */
  intervals: z.array(intervalSchema),
  /** CPU time the thread or process got during the run, where the recorder can tell. */
  cpuNs: z.number().nonnegative().optional(),
  /** I/O waits (scenario 2 only). */
  waits: z.array(intervalSchema).optional(),
})

export const traceSchema = z.object({
  schemaVersion: z.literal(SUPPORTED_SCHEMA_VERSION),
  /**
   * 1 Python CPU threads, 2 Python I/O threads, 3 Rust, 4 processes, 5 free-threaded,
   * 6 Python threads whose chunks run in a Rust extension that detaches.
   */
  scenario: z.number().int().min(1).max(6),
  id: z.string().min(1),
  title: z.string().min(1),
  language: z.enum(languages),
  workers: z.enum(['threads', 'processes', 'rayon']),
  /** Processes only: multiprocessing's start method (forkserver on Linux since 3.14, spawn on macOS and Windows). */
  startMethod: z.enum(['fork', 'forkserver', 'spawn']).optional(),
  /** True when the trace was derived rather than recorded (the recorders never write one). */
  illustrative: z.boolean(),
  derivedFrom: z.string().optional(),
  note: z.string().optional(),
  /** Repo-relative path of the program that wrote the trace. */
  recorder: z.string().min(1),
  job: z.object({
    chunks: z.number().int().nonnegative(),
    stepsPerChunk: z.number().int().nonnegative(),
    checksum: z.number().int().optional(),
    waitMsPerChunk: z.number().nonnegative().optional(),
  }),
  threads: z.number().int().min(1),
  /** sys.getswitchinterval() in ms; null where no GIL applies. */
  switchIntervalMs: z.number().positive().nullable(),
  wallNs: z.number().positive(),
  /** The same job on one thread, measured by the same recorder just before. */
  serialWallNs: z.number().positive(),
  lanes: z.array(laneSchema),
  machine: z.object({
    cpuModel: z.string(),
    cores: z.number().int().min(1),
    os: z.string(),
    python: z.string().nullable(),
    /** The build a Python recorder ran on (snippets/record/interpreter.py); absent in older traces. */
    interpreter: interpreterSchema.optional(),
    rustc: z.string().nullable(),
  }),
  recordedAt: z.string(),
  /** Load averages just before and after the recording (scripts/record-gil-traces.ts). */
  loadAverage: z.object({ before: loadAverageSchema, after: loadAverageSchema }).optional(),
})

export type GilTrace = z.infer<typeof traceSchema>
export type GilLane = GilTrace['lanes'][number]
export type Interval = [number, number]

function formatMs(ns: number): string {
  return `${(ns / 1e6).toFixed(3)} ms`
}

/**
 * Checks an untrusted trace and says what is wrong in words a person can act on: an unknown
 * schema version, missing lanes, a lane count that disagrees with the thread count, an
 * interval that ends before it starts.
 */
export function validateTrace(input: unknown): Checked<GilTrace> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return failed('trace is not a JSON object')
  const raw = input as Record<string, unknown>
  if (!('schemaVersion' in raw))
    return failed('trace has no schemaVersion')
  if (raw.schemaVersion !== SUPPORTED_SCHEMA_VERSION)
    return failed(`unknown schemaVersion ${JSON.stringify(raw.schemaVersion)} (this deck reads version ${SUPPORTED_SCHEMA_VERSION})`)
  if (!Array.isArray(raw.lanes))
    return failed('trace has no lanes')
  if (raw.lanes.length === 0)
    return failed('trace has an empty lanes list')

  const parsed = checkWith(traceSchema, input, 'trace')
  if (!parsed.ok)
    return parsed
  const trace = parsed.value
  if (trace.lanes.length !== trace.threads)
    return failed(`trace says ${trace.threads} threads but has ${trace.lanes.length} lanes`)

  for (const lane of trace.lanes) {
    for (const [kind, list] of [
      ['interval', lane.intervals],
      ['wait', lane.waits ?? []],
    ] as const) {
      for (let i = 0; i < list.length; i++) {
        const [start, end] = list[i]!
        if (end < start)
          return failed(`lane "${lane.name}": ${kind} ${i} ends at ${formatMs(end)}, before it starts at ${formatMs(start)}`)
      }
    }
  }
  return parsed
}
