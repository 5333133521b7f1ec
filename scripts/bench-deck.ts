// What a press costs on the diagram slides, in Chromium: for every slide that uses one of the
// diagrams (and, for comparison, the plain slide with the most clicks: Slidev's own cost),
// the press that brings the slide in and each click on it, at normal speed and with the CPU
// throttled 4x (a weak laptop driving a projector). Per press: frame intervals while it
// animates, and the main thread's long tasks and script, style and layout milliseconds from
// Chromium's trace, each beside an idle window of the same length with no press (the
// machine's own noise). Prints figures; asserts nothing (the suite's walk checks every
// click's state, overflow and motion).
//   npm run bench:clicks                     every diagram slide and the plain one
//   npm run bench:memory | bench:gil         one diagram (--only MemoryDiagram, --window 2800)
//   ... -- --dist DIR                        measure that build instead of the cached one
import type { MainThreadWork } from '../toolchain/bench/trace'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { median } from '../lib/shared/stats'
import { frameHeader, frameRow, frameStats, longFrameMs, sampleFrames } from '../toolchain/bench/frames'
import { longTaskMs, traceMainThread } from '../toolchain/bench/trace'
import { launchChromium } from '../toolchain/chromium'
import { loadDeck } from '../toolchain/deck-source'
import { canvas, label, newDeckContext, openDeck } from '../toolchain/deck/browser'
import { cachedDeckBuild, serveDeck } from '../toolchain/deck/build'

const { values } = parseArgs({
  options: {
    dist: { type: 'string' },
    only: { type: 'string' },
    window: { type: 'string', default: '1000' },
    verbose: { type: 'boolean' },
  },
})
const diagrams = values.only?.split(',') ?? [
  'PipelineDiagram',
  'EtlLiveRun',
  'EtlResultsChart',
  'MemoryDiagram',
  'GilTimeline',
]
/** Longer than the transitions a press starts on these slides. */
const windowMs = Number(values.window)
const uses = (content: string) => diagrams.find(name => new RegExp(`<${name}\\b`).test(content))
const deckSlides = await loadDeck()
const slides = deckSlides.filter(slide => uses(slide.content)).map(slide => ({
  no: slide.no,
  what: uses(slide.content)!,
}))
if (!values.only) {
  const plain = deckSlides.filter(slide => !uses(slide.content)).reduce((best, slide) => slide.clicks > best.clicks
    ? slide
    : best)
  slides.push({ no: plain.no, what: 'no diagram' })
}

interface Row { where: string, enter: boolean, plain: boolean, press: MainThreadWork, idle: MainThreadWork, frames: number[], idleFrames: number[] }

const server = await serveDeck(values.dist ?? await cachedDeckBuild())
const browser = await launchChromium()
try {
  console.log(`${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Chromium ${browser.version()}, ${canvas.width}x${canvas.height}, ${windowMs} ms windows; other work on this machine shows up in the idle windows.`)
  for (const throttle of [1, 4]) {
    const context = await newDeckContext(browser)
    const deck = await openDeck(context, server.url)
    await deck.cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    const rows: Row[] = []
    for (const slide of slides) {
      // From the slide before at its last click, so the first press brings this slide in.
      // Slidev mounts every slide in the background 3 s after the first: wait for that, as a
      // talk would have, so "enter" measures showing a slide, not loading it.
      await deck.goto(Math.max(1, slide.no - 1), 'last')
      await deck.page.waitForTimeout(4500)
      for (let click = slide.no === 1
          ? 1
          : 0, total = 0; click <= total; click++) {
        const stopIdle = await sampleFrames(deck.page)
        const idle = await traceMainThread(deck.cdp, () => deck.page.waitForTimeout(windowMs))
        const idleFrames = await stopIdle()
        const stop = await sampleFrames(deck.page)
        const press = await traceMainThread(deck.cdp, async () => {
          await deck.page.keyboard.press('ArrowRight')
          await deck.page.waitForTimeout(windowMs)
        })
        const frames = await stop()
        total = (await deck.at()).total
        rows.push({
          where: `${label({ no: slide.no, clicks: click })} (${slide.what})${click ? '' : ' enter'}`,
          enter: click === 0,
          plain: slide.what === 'no diagram',
          press,
          idle,
          frames,
          idleFrames,
        })
      }
    }
    print(throttle === 1
      ? 'normal CPU'
      : `CPU throttled ${throttle}x`, rows)
    if (deck.problems.length)
      console.log(`  problems: ${deck.problems.map(p => `${p.where}: ${p.kind}: ${p.detail}`).join(' | ')}`)
    await context.close()
  }
}
finally {
  await browser.close()
  await server.close()
}

function print(title: string, rows: Row[]): void {
  const ms = (n: number) => n.toFixed(1).padStart(6)
  const worst = (tasks: number[]) => Math.max(0, ...tasks)
  const tasks = (work: MainThreadWork) => `${work.longTasks.length} (${worst(work.longTasks).toFixed(0)})`.padEnd(8)
  console.log(`\n== ${title} ==\n${'press'.padEnd(40)}  long tasks (worst ms)   script  style  layout  (ms; idle window beside)`)
  for (const { where, press, idle, frames } of rows) {
    console.log(`${where.padEnd(40)}  ${tasks(press)} idle ${tasks(idle)} ${ms(press.script)} ${ms(press.style)} ${ms(press.layout)}   idle ${ms(idle.script)} ${ms(idle.style)} ${ms(idle.layout)}`)
    if (values.verbose)
      console.log(`    frames ${frameRow(frameStats(frames))}`)
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
  console.log(`frames (ms)  ${frameHeader}\npresses      ${frameRow(frameStats(diagram.flatMap(row => row.frames)))}\nidle         ${frameRow(frameStats(diagram.flatMap(row => row.idleFrames)))}`)
  const slowest = frameStats(diagram.flatMap(row => row.frames)).worst
  console.log(`no frame over 33 ms: ${slowest <= longFrameMs
    ? 'met'
    : `not met (worst ${slowest.toFixed(1)} ms)`}`)
}
