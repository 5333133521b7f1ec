// What a press costs on the diagram slides (and, for comparison, on the plain slide with the
// most clicks: Slidev's own cost), at normal speed and with the CPU throttled 4x (a weak laptop
// driving a projector): frame intervals, long tasks and the main thread's script, style and
// layout ms, beside an idle window of the same length (the machine's own noise). Prints
// figures; asserts nothing (the suite's walk checks every click's state, overflow and motion).
//   npm run bench:clicks                     every diagram slide and the plain one
//   npm run bench:memory | bench:gil         one diagram (--only MemoryDiagram, --window 2800)
import type { DeckPage } from '../toolchain/deck/browser'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { median } from '../lib/shared/stats'
import { launchChromium } from '../toolchain/chromium'
import { loadDeck } from '../toolchain/deck-source'
import { canvas, formatProblems, label, openDeck } from '../toolchain/deck/browser'
import { cachedDeckBuild, serveDeck } from '../toolchain/deck/build'

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    window: { type: 'string', default: '1000' },
  },
})
const diagrams = values.only?.split(',') ?? 'PipelineDiagram EtlLiveRun EtlResultsChart MemoryDiagram GilTimeline'.split(' ')
/** Longer than the transitions a press starts on these slides. */
const windowMs = Number(values.window)
const uses = (content: string) => diagrams.find(name => new RegExp(`<${name}\\b`).test(content))
const deckSlides = await loadDeck()
const slides = deckSlides.filter(slide => uses(slide.content)).map(slide => ({
  no: slide.no,
  what: uses(slide.content)!,
}))
if (!values.only) {
  // The first of those with the most clicks.
  const plain = deckSlides.filter(slide => !uses(slide.content)).sort((a, b) => b.clicks - a.clicks)[0]!
  slides.push({ no: plain.no, what: 'no diagram' })
}

/**
 * performance.now() is coarsened (0.1 ms plus jitter) in a page that is not cross-origin
 * isolated, so a frame on time reads up to ~0.8 ms long. A late frame missed one vsync
 * (">16.7 ms"); a long one missed two (">33 ms", the goal is none at 4x).
 */
const lateFrameMs = 1000 / 60 + 0.8
const longFrameMs = 2000 / 60 + 0.8
/** Chromium's (and the Long Tasks API's) definition of a long task. */
const longTaskMs = 50

interface Work { longTasks: number[], script: number, style: number, layout: number, frames: number[] }
interface Row { where: string, enter: boolean, plain: boolean, press: Work, idle: Work }

/** The main thread's work and the frames while `during` runs. */
async function measure(deck: DeckPage, during: () => Promise<unknown>): Promise<Work> {
  const metrics = async () => new Map((await deck.cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]))
  await deck.call('takeLongTasks')
  await deck.call('sampleFrames')
  const before = await metrics()
  await during()
  const after = await metrics()
  const ms = (name: string) => (after.get(name)! - before.get(name)!) * 1000
  return {
    longTasks: await deck.call<number[]>('takeLongTasks'),
    script: ms('ScriptDuration'),
    style: ms('RecalcStyleDuration'),
    layout: ms('LayoutDuration'),
    frames: await deck.call<number[]>('takeFrames'),
  }
}

function frameRow(intervals: number[]): string {
  const sorted = [...intervals].sort((a, b) => a - b)
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
  const ms = (value: number) => value.toFixed(1).padStart(7)
  const over = (limit: number) => sorted.filter(interval => interval > limit).length
  return `${String(sorted.length).padStart(6)} ${ms(at(0.5))} ${ms(at(0.95))} ${ms(sorted.at(-1) ?? Number.NaN)} ${String(over(lateFrameMs)).padStart(9)} ${String(over(longFrameMs)).padStart(7)}`
}

function print(title: string, rows: Row[]): void {
  const ms = (n: number) => n.toFixed(1).padStart(6)
  const worst = (tasks: number[]) => Math.max(0, ...tasks)
  const tasks = (work: Work) => `${work.longTasks.length} (${worst(work.longTasks).toFixed(0)})`.padEnd(8)
  console.log(`\n== ${title} ==\n${'press'.padEnd(40)}  long tasks (worst ms)   script  style  layout  (ms; idle window beside)`)
  for (const { where, press, idle } of rows) {
    console.log(`${where.padEnd(40)}  ${tasks(press)} idle ${tasks(idle)} ${ms(press.script)} ${ms(press.style)} ${ms(press.layout)}   idle ${ms(idle.script)} ${ms(idle.style)} ${ms(idle.layout)}`)
  }
  const diagram = rows.filter(row => !row.plain)
  const work = (of: 'press' | 'idle') => diagram.reduce((sum, row) => sum + row[of].script + row[of].style + row[of].layout, 0) / Math.max(diagram.length, 1)
  const longest = (pick: (row: Row) => boolean) => {
    const picked = rows.filter(pick).map(row => worst(row.press.longTasks))
    return picked.length
      ? `${median(picked).toFixed(0)} ms (${picked.length})`
      : 'none'
  }
  console.log(`mean per press: script+style+layout ${ms(work('press'))} ms; idle ${ms(work('idle'))} ms`)
  console.log(`median of each press's longest task (0 if none over ${longTaskMs} ms): diagram slides, enter ${longest(row => !row.plain && row.enter)}, click ${longest(row => !row.plain && !row.enter)}; plain slide, enter ${longest(row => row.plain && row.enter)}, click ${longest(row => row.plain && !row.enter)}`)
  console.log(`diagram presses with a long task: ${diagram.filter(row => row.press.longTasks.length).length} of ${diagram.length}`)
  const frames = diagram.flatMap(row => row.press.frames)
  console.log(`frames (ms)  frames  median     p95   worst  >16.7 ms  >33 ms\npresses      ${frameRow(frames)}\nidle         ${frameRow(diagram.flatMap(row => row.idle.frames))}`)
  const slowest = Math.max(...frames)
  console.log(`no frame over 33 ms: ${slowest <= longFrameMs
    ? 'met'
    : `not met (worst ${slowest.toFixed(1)} ms)`}`)
}

const server = await serveDeck(await cachedDeckBuild())
const browser = await launchChromium()
try {
  console.log(`${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Chromium ${browser.version()}, ${canvas.width}x${canvas.height}, ${windowMs} ms windows; other work on this machine shows up in the idle windows.`)
  for (const throttle of [1, 4]) {
    const context = await browser.newContext({ viewport: canvas })
    const deck = await openDeck(context, server.url)
    await deck.cdp.send('Performance.enable')
    await deck.cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    const rows: Row[] = []
    for (const slide of slides) {
      // From the slide before at its last click, so the first press brings this slide in.
      // Slidev mounts every slide in the background 3 s after the first: wait for that, as a
      // talk would have, so "enter" measures showing a slide, not loading it.
      await deck.goto(Math.max(1, slide.no - 1), 'last')
      await deck.page.waitForTimeout(4500)
      for (let click = 0, total = 0; click <= total; click++) {
        const idle = await measure(deck, () => deck.page.waitForTimeout(windowMs))
        const press = await measure(deck, async () => {
          await deck.page.keyboard.press('ArrowRight')
          await deck.page.waitForTimeout(windowMs)
        })
        total = (await deck.at()).total
        const where = `${label({ no: slide.no, clicks: click })} (${slide.what})${click ? '' : ' enter'}`
        rows.push({
          where,
          enter: click === 0,
          plain: slide.what === 'no diagram',
          press,
          idle,
        })
      }
    }
    print(throttle === 1
      ? 'normal CPU'
      : `CPU throttled ${throttle}x`, rows)
    if (deck.problems.length)
      console.log(`  problems:\n${formatProblems(deck.problems)}`)
    await context.close()
  }
}
finally {
  await browser.close()
  await server.close()
}
