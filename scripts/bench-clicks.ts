// What one click costs the main thread on the diagram slides, read from Chromium's own
// trace. For every diagram slide (memory, GIL, pipeline, ETL chart), the press that brings
// the slide in and every click on it: long tasks (over 50 ms) and script + style + layout
// milliseconds in the second after the press, at normal speed and with the CPU throttled
// 4x. Before each press the same window is measured with no press (the idle baseline), so
// the machine's own noise is printed beside the deck's cost, and the same for the plain slide
// with the most clicks (what a click costs in Slidev itself). Prints figures; asserts nothing.
//
//   npm run bench:clicks                       # build to a temp dir, then measure
//   npm run bench:clicks -- --dist /tmp/dist   # measure an existing build
import type { MainThreadWork } from '../toolchain/bench/trace'
import { median } from '../lib/shared/stats'
import { benchArgs, benchDeck, benchPage, gotoSlide, plainSlide, slidesUsing, throttles } from '../toolchain/bench/deck'
import { longTaskMs, traceMainThread } from '../toolchain/bench/trace'

const { dist } = benchArgs()
/** Longer than any transition on a diagram slide (the GIL sweep is 2.4 s, but its frames are compositor-only). */
const windowMs = 1000

interface Row { where: string, enter: boolean, plain: boolean, press: MainThreadWork, idle: MainThreadWork }

const f = (n: number) => n.toFixed(1).padStart(6)
const worst = (tasks: number[]) => Math.max(0, ...tasks)
const tasksCell = (work: MainThreadWork) => `${work.longTasks.length} (${worst(work.longTasks).toFixed(0)})`.padEnd(8)

function print(label: string, rows: Row[]): void {
  console.log(`\n== ${label} ==`)
  console.log(`${'step'.padEnd(44)}  long tasks (worst ms)   script  style  layout  (ms; idle window beside)`)
  for (const { where, press, idle } of rows)
    console.log(`${where.padEnd(44)}  ${tasksCell(press)} idle ${tasksCell(idle)} ${f(press.script)} ${f(press.style)} ${f(press.layout)}   idle ${f(idle.script)} ${f(idle.style)} ${f(idle.layout)}`)
  // The summary lines are over the diagram slides' presses, as before the plain slide was added.
  const diagramRows = rows.filter(row => !row.plain)
  const mean = (of: 'press' | 'idle') => diagramRows.reduce((sum, row) => sum + row[of].script + row[of].style + row[of].layout, 0) / Math.max(diagramRows.length, 1)
  console.log(`mean per press: script+style+layout ${f(mean('press'))} ms; idle ${f(mean('idle'))} ms`)
  const medianWorst = (pick: (row: Row) => boolean) => {
    const picked = rows.filter(pick).map(row => worst(row.press.longTasks))
    return picked.length
      ? `${median(picked).toFixed(0)} ms (${picked.length})`
      : 'none'
  }
  console.log(`median of each press's longest task (0 if none over ${longTaskMs} ms): diagram slides, enter ${medianWorst(row => !row.plain && row.enter)}, click ${medianWorst(row => !row.plain && !row.enter)}; plain slide, enter ${medianWorst(row => row.plain && row.enter)}, click ${medianWorst(row => row.plain && !row.enter)}`)
  console.log(`diagram presses with a long task (> ${longTaskMs} ms): ${diagramRows.filter(row => row.press.longTasks.length).length} of ${diagramRows.length}; worst ${worst(diagramRows.flatMap(row => row.press.longTasks)).toFixed(0)} ms (idle windows: worst ${worst(diagramRows.flatMap(row => row.idle.longTasks)).toFixed(0)} ms)`)
}

const diagrams = [
  'PipelineDiagram',
  'EtlLiveRun',
  'EtlResultsChart',
  'MemoryDiagram',
  'GilTimeline',
]
const slides = [
  ...await slidesUsing(diagrams),
  await plainSlide(diagrams),
]
await benchDeck(dist, async ({ url, browser }) => {
  console.log('Per-click main-thread work from Chromium\'s trace.')
  for (const throttle of throttles) {
    const { page, cdp, close } = await benchPage(browser, { throttle })
    const rows: Row[] = []
    for (const slide of slides) {
      // Start on the slide before (at its last click), so the first press brings this slide
      // in. Slidev mounts every slide in the background 3 s after the first: wait for that,
      // as a talk would have, so "enter" measures showing a slide, not loading it.
      await gotoSlide(page, url, Math.max(1, slide.no - 1), 999, 4500)
      for (let click = slide.no === 1
        ? 1
        : 0; click <= slide.clicks; click++) {
        const idle = await traceMainThread(cdp, () => page.waitForTimeout(windowMs))
        const press = await traceMainThread(cdp, async () => {
          await page.keyboard.press('ArrowRight')
          await page.waitForTimeout(windowMs)
        })
        rows.push({
          enter: click === 0,
          plain: slide === slides.at(-1),
          where: `slide ${slide.no} (${slide.component}) ${click === 0
            ? 'enter'
            : `click ${click}`}`,
          press,
          idle,
        })
      }
    }
    print(throttle === 1
      ? 'normal CPU'
      : `CPU throttled ${throttle}x`, rows)
    await close()
  }
})
