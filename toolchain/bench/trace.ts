// The renderer main thread's work over a window, read from Chromium's own trace: its long
// tasks, and the milliseconds of script, style and layout in it.
import type { CDPSession } from 'playwright-chromium'

/** Chromium's (and the Long Tasks API's) definition of a long task. */
export const longTaskMs = 50

export interface MainThreadWork {
  /** Durations of the tasks over `longTaskMs`, ms. */
  longTasks: number[]
  /** All tasks, ms. */
  tasks: number
  script: number
  style: number
  layout: number
}

interface TraceEvent { name: string, ph: string, dur?: number, tid: number, pid: number, ts: number, args?: { name?: string } }

// The top-level entries into V8; nested calls are inside their duration.
const scriptEvents = new Set([
  'FunctionCall',
  'EvaluateScript',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'RunMicrotasks',
  'v8.compileModule',
  'v8.evaluateModule',
  'FireIdleCallback',
])

/** Records Chromium's trace while `during` runs and sums the renderer main thread's work in it. */
export async function traceMainThread(cdp: CDPSession, during: () => Promise<void>): Promise<MainThreadWork> {
  const events: TraceEvent[] = []
  const collect = (data: { value: Array<Record<string, unknown>> }) => {
    events.push(...data.value as unknown as TraceEvent[])
  }
  cdp.on('Tracing.dataCollected', collect)
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'],
    },
    transferMode: 'ReportEvents',
  })
  await during()
  const done = new Promise<void>(resolve => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.end')
  await done
  cdp.off('Tracing.dataCollected', collect)

  // One renderer for the page; its main thread is the one Chromium names CrRendererMain.
  const mains = new Set(events.filter(event => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map(event => `${event.pid}:${event.tid}`))
  const onMain = events.filter(event => event.ph === 'X' && mains.has(`${event.pid}:${event.tid}`))
  const ms = (event: TraceEvent) => (event.dur ?? 0) / 1000
  const sum = (names: string[]) => onMain.filter(event => names.includes(event.name)).reduce((total, event) => total + ms(event), 0)
  // Script time is the union of the V8 entries' spans (they nest and overlap).
  let script = 0
  let coveredUntil = 0
  for (const event of onMain.filter(event => scriptEvents.has(event.name)).sort((a, b) => a.ts - b.ts)) {
    const end = event.ts + (event.dur ?? 0)
    script += Math.max(0, end - Math.max(event.ts, coveredUntil)) / 1000
    coveredUntil = Math.max(coveredUntil, end)
  }
  const tasks = onMain.filter(event => event.name === 'RunTask').map(ms)
  return {
    longTasks: tasks.filter(task => task > longTaskMs),
    tasks: tasks.reduce((total, task) => total + task, 0),
    script,
    style: sum(['UpdateLayoutTree', 'RecalculateStyles']),
    layout: sum(['Layout']),
  }
}
