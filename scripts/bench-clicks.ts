// What one click costs the main thread on the diagram slides, read from Chromium's own
// trace. For every diagram slide (memory, GIL, pipeline, ETL chart), the press that brings
// the slide in and every click on it: long tasks (over 50 ms) and script + style + layout
// milliseconds in the second after the press, at normal speed and with the CPU throttled
// 4x. Before each press the same window is measured with no press (the idle baseline), so
// the machine's own noise is printed beside the deck's cost. Prints figures; asserts nothing.
//
//   npm run bench:clicks                       # build to a temp dir, then measure
//   npm run bench:clicks -- --dist /tmp/dist   # measure an existing build
import type { CDPSession, Page } from 'playwright-chromium'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildDeck } from './lib/build-deck'
import { launchChromium } from './lib/chromium'
import { serveDist } from './lib/serve'

const { values } = parseArgs({
  options: {
    dist: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
})
const viewport = { width: 980, height: 552 }
/** Longer than any transition on a diagram slide (the GIL sweep is 2.4 s, but its frames are compositor-only). */
const windowMs = 1000
const longTaskMs = 50
const diagramSelector = 'figure.md[data-story], .gil-timeline, .pipeline, .etl-chart'

interface Window { longTasks: number[], script: number, style: number, layout: number }

interface TraceEvent { name: string, ph: string, dur?: number, tid: number, pid: number, ts: number, args?: { name?: string } }

/** Records Chromium's trace around `during` and sums the renderer main thread's work in it. */
async function traced(cdp: CDPSession, during: () => Promise<void>): Promise<Window> {
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

  // The renderer's main thread is the one Chromium names CrRendererMain (there is one renderer for the page).
  const mains = new Set(events.filter(event => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map(event => `${event.pid}:${event.tid}`))
  const onMain = events.filter(event => event.ph === 'X' && mains.has(`${event.pid}:${event.tid}`))
  const ms = (event: TraceEvent) => (event.dur ?? 0) / 1000
  const sum = (names: string[]) => onMain.filter(event => names.includes(event.name)).reduce((total, event) => total + ms(event), 0)
  // Script: the top-level entries into V8 (nested calls are inside their duration).
  const scriptNames = [
    'FunctionCall',
    'EvaluateScript',
    'TimerFire',
    'FireAnimationFrame',
    'EventDispatch',
    'RunMicrotasks',
    'v8.compileModule',
    'v8.evaluateModule',
    'FireIdleCallback',
  ]
  const scripts = onMain.filter(event => scriptNames.includes(event.name)).sort((a, b) => a.ts - b.ts)
  let script = 0
  let coveredUntil = 0
  for (const event of scripts) {
    const end = event.ts + (event.dur ?? 0)
    if (event.ts >= coveredUntil) {
      script += ms(event)
      coveredUntil = end
    }
    else if (end > coveredUntil) {
      script += (end - coveredUntil) / 1000
      coveredUntil = end
    }
  }
  return {
    longTasks: onMain.filter(event => event.name === 'RunTask' && ms(event) > longTaskMs).map(ms),
    script,
    style: sum(['UpdateLayoutTree', 'RecalculateStyles']),
    layout: sum(['Layout']),
  }
}

interface DiagramSlide { no: number, clicks: number, kind: string }

async function findDiagramSlides(page: Page, base: string): Promise<DiagramSlide[]> {
  await page.goto(`${base}#/overview`)
  await page.locator('.overview-slide-block').first().waitFor()
  await page.waitForTimeout(1500)
  return page.locator('.overview-slide-block').evaluateAll((blocks, selector) => blocks.flatMap((block, index) => {
    const diagram = block.querySelector(selector)
    if (!diagram)
      return []
    const slider = block.querySelector('[title^="Clicks in this slide"]')
    const states = Number(slider?.getAttribute('title')?.match(/\d+/)?.[0] ?? 1)
    const kind = diagram.matches('figure.md')
      ? `memory ${diagram.getAttribute('data-story')}`
      : diagram.classList[0]!.replace(/^\./, '')
    return [
      {
        no: index + 1,
        clicks: Math.max(0, states - 1),
        kind,
      },
    ]
  }), diagramSelector)
}

interface Row { where: string, press: Window, idle: Window }

async function measure(page: Page, cdp: CDPSession, base: string, slides: DiagramSlide[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const slide of slides) {
    // Start on the slide before (at its last click), so the first press brings this slide in.
    await page.goto(`${base}#/${Math.max(1, slide.no - 1)}?clicks=999`)
    await page.locator('#slide-content').waitFor()
    await page.waitForLoadState('networkidle')
    // Slidev mounts every slide in the background 3 s after the first: wait for that, as a
    // talk would have, so "enter" measures showing a slide, not loading it.
    await page.waitForTimeout(4500)
    await page.waitForLoadState('networkidle')
    for (let click = slide.no === 1
      ? 1
      : 0; click <= slide.clicks; click++) {
      const idle = await traced(cdp, () => page.waitForTimeout(windowMs))
      const press = await traced(cdp, async () => {
        await page.keyboard.press('ArrowRight')
        await page.waitForTimeout(windowMs)
      })
      rows.push({ where: `slide ${slide.no} (${slide.kind}) ${click === 0
        ? 'enter'
        : `click ${click}`}`, press, idle })
    }
  }
  return rows
}

const f = (n: number) => n.toFixed(1).padStart(6)
function worst(tasks: number[]) {
  return tasks.length
    ? Math.max(...tasks)
    : 0
}

function print(label: string, rows: Row[]): void {
  console.log(`\n== ${label} ==`)
  console.log(`${'step'.padEnd(44)}  long tasks (worst ms)   script  style  layout  (ms; idle window beside)`)
  for (const { where, press, idle } of rows) {
    const tasks = `${press.longTasks.length} (${worst(press.longTasks).toFixed(0)})`
    const idleTasks = `${idle.longTasks.length} (${worst(idle.longTasks).toFixed(0)})`
    console.log(`${where.padEnd(44)}  ${tasks.padEnd(8)} idle ${idleTasks.padEnd(8)} ${f(press.script)} ${f(press.style)} ${f(press.layout)}   idle ${f(idle.script)} ${f(idle.style)} ${f(idle.layout)}`)
  }
  const over = rows.filter(row => row.press.longTasks.length)
  const total = (pick: (w: Window) => number, of: 'press' | 'idle') => rows.reduce((sum, row) => sum + pick(row[of]), 0) / Math.max(rows.length, 1)
  console.log(`mean per press: script+style+layout ${f(total(w => w.script + w.style + w.layout, 'press'))} ms; idle ${f(total(w => w.script + w.style + w.layout, 'idle'))} ms`)
  console.log(`presses with a long task: ${over.length} of ${rows.length}; worst ${worst(rows.flatMap(row => row.press.longTasks)).toFixed(0)} ms (idle windows: worst ${worst(rows.flatMap(row => row.idle.longTasks)).toFixed(0)} ms)`)
}

const scratch = values.dist
  ? undefined
  : mkdtempSync(join(tmpdir(), 'deck-bench-clicks-'))
try {
  const dist = values.dist
    ? resolve(values.dist)
    : (await buildDeck({
        outDir: join(scratch!, 'dist'),
      })).outDir
  const server = await serveDist(dist)
  const browser = await launchChromium()
  try {
    console.log(`Per-click main-thread work from Chromium's trace; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Chromium ${browser.version()}. Other work on this machine shows up in the idle windows.`)
    let slides: DiagramSlide[] = []
    for (const throttle of [1, 4]) {
      const context = await browser.newContext({ viewport, colorScheme: 'light' })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      if (!slides.length)
        slides = await findDiagramSlides(page, server.url)
      if (throttle > 1)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
      print(throttle === 1
        ? 'normal CPU'
        : `CPU throttled ${throttle}x`, await measure(page, cdp, server.url, slides))
      await context.close()
    }
  }
  finally {
    await browser.close()
    await server.close()
  }
}
finally {
  if (scratch)
    rmSync(scratch, { recursive: true, force: true })
}
