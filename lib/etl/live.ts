import type { EtlResults } from './results'
import { z } from 'zod'
import { formatIssue } from '../shared/checked'
import { etlConditionsSchema, etlResultsSchema, etlVariantIds, etlVariantResultSchema, wasBusy } from './results'

// The live run on the ETL chart slide (dev server only): `etl-bench.ts --progress-json`
// prints one JSON line per step, the dev server forwards them as NDJSON (adding `log` and
// `error` lines of its own), and the slide folds them into a results object the chart
// draws: the variants measured so far, the others listed as still running.

const results = etlResultsSchema.shape

export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    machine: results.machine,
    /** What is known of the conditions before the first run; the variants bring their loads. */
    conditions: etlConditionsSchema.pick({ loadAverageAtStart: true, busyAbove: true, othersBusyAbove: true }),
    input: results.input,
    runsPerVariant: results.runsPerVariant,
    memory: results.memory,
    /** The variants that will run, in the slide's order. */
    planned: z.array(z.object({
      id: z.enum(etlVariantIds),
      label: z.string().min(1),
    })),
    skipped: results.skipped,
  }),
  z.object({
    type: z.literal('variant'),
    result: etlVariantResultSchema,
  }),
  z.object({
    type: z.literal('done'),
    output: z.string(),
  }),
  /** Added by the dev server: a line of the benchmark's own output. */
  z.object({
    type: z.literal('log'),
    line: z.string(),
  }),
  /** Added by the dev server: the run failed (a missing tool, a non-zero exit). */
  z.object({
    type: z.literal('error'),
    message: z.string().min(1),
  }),
])
export type LiveEvent = z.infer<typeof liveEventSchema>

export function formatLiveEvent(event: LiveEvent): string {
  return JSON.stringify(event)
}

/**
 * One line of the benchmark's stdout: an event, or undefined for its ordinary text output
 * (which never starts with "{"). A line that looks like JSON but is not an event throws.
 */
export function parseLiveLine(line: string): LiveEvent | undefined {
  const text = line.trim()
  if (!text.startsWith('{'))
    return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  }
  catch {
    throw new Error(`not a JSON line: ${text.slice(0, 80)}`)
  }
  const parsed = liveEventSchema.safeParse(data)
  if (!parsed.success)
    throw new Error(`not a live-run event: ${parsed.error.issues.map(issue => formatIssue(issue, 'line')).join('; ')}`)
  return parsed.data
}

export interface LiveState {
  start?: Extract<LiveEvent, { type: 'start' }>
  variants: EtlResults['variants']
  done: boolean
  error?: string
  /** The last lines of the benchmark's text output, for the status line. */
  log: string[]
}

export function initialLiveState(): LiveState {
  return { variants: [], done: false, log: [] }
}

/** The state after one more event (a new object; the old one is untouched). */
export function applyLiveEvent(state: LiveState, event: LiveEvent): LiveState {
  switch (event.type) {
    case 'start':
      return { ...state, start: event, variants: [] }
    case 'variant':
      return {
        ...state,
        variants: [
          ...state.variants.filter(v => v.id !== event.result.id),
          event.result,
        ],
      }
    case 'done':
      return { ...state, done: true }
    case 'log':
      return {
        ...state,
        log: [...state.log, event.line].slice(-5),
      }
    case 'error':
      return { ...state, error: event.message }
  }
}

/**
 * The results so far, valid against the results schema (the chart validates them again),
 * or undefined before the Python variant (every comparison's reference) has finished.
 */
export function liveResults(state: LiveState, measuredAt: Date): EtlResults | undefined {
  const { start } = state
  if (!start || !state.variants.some(v => v.id === 'python'))
    return undefined
  const order = (id: string): number => etlVariantIds.indexOf(id as typeof etlVariantIds[number])
  const variants = [...state.variants].sort((a, b) => order(a.id) - order(b.id))
  const pending = start.planned
    .filter(p => !variants.some(v => v.id === p.id))
    .map(p => ({
      ...p,
      reason: state.error ? 'did not finish' : 'running…',
    }))
  const conditions = { ...start.conditions, busy: false }
  conditions.busy = wasBusy({ conditions, variants })
  return {
    schemaVersion: 4,
    measuredAt: measuredAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    conditions,
    machine: start.machine,
    input: start.input,
    runsPerVariant: start.runsPerVariant,
    memory: start.memory,
    variants,
    skipped: [
      ...start.skipped,
      ...pending,
    ],
    goals: [],
  }
}

/** Splits a stream's text into complete lines, keeping the unfinished tail for the next chunk. */
export function splitLines(buffer: string, chunk: string): { lines: string[], rest: string } {
  const parts = (buffer + chunk).split('\n')
  const rest = parts.pop() ?? ''
  return {
    lines: parts.filter(line => line.trim() !== ''),
    rest,
  }
}
