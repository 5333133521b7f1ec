// How smooth are the memory diagram's transitions? On every slide with a <MemoryDiagram>,
// steps through all its clicks while sampling frame intervals, at normal speed and with the
// CPU throttled 4x (a weak laptop driving a projector), each click beside an idle window
// with no click. Prints median and worst frame, late (>16.7 ms) and long (>33 ms, the goal:
// none at 4x) frames, and the main thread's work per window. Also checks that each click
// reaches its step and the diagram stays inside the canvas (exit code 1 if not).
//
//   npm run bench:memory                       # build to a temp dir, then measure
//   npm run bench:memory -- --dist /tmp/dist   # measure an existing build
//   npm run bench:memory -- --shots /tmp/shots # also screenshot every step, light and dark
//   npm run bench:memory -- --verbose          # also the worst frame of every click
import type { Browser, CDPSession, Page } from 'playwright-chromium'
import type { BenchSlide } from '../toolchain/bench/deck'
import type { MainThreadWork } from '../toolchain/bench/trace'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { benchArgs, benchDeck, benchPage, canvas, gotoSlide, slidesUsing, throttles } from '../toolchain/bench/deck'
import { frameHeader, frameRow, frameStats, longFrameMs, sampleFrames } from '../toolchain/bench/frames'
import { traceMainThread } from '../toolchain/bench/trace'

const { dist, shots, verbose } = benchArgs({
  shots: { type: 'string' },
})
/** Longer than the diagram's longest transition (0.45 s), so a step's frames are all sampled. */
const sampleMs = 900

interface Run { label: string, intervals: number[], tasks: number, scriptStyleLayout: number, windows: number }

function newRun(label: string): Run {
  return {
    label,
    intervals: [],
    tasks: 0,
    scriptStyleLayout: 0,
    windows: 0,
  }
}

/** Samples frames and the main thread's work while `during` runs, into `run`. */
async function sampled(page: Page, cdp: CDPSession, run: Run, during: () => Promise<void>): Promise<number[]> {
  const stop = await sampleFrames(page)
  const work: MainThreadWork = await traceMainThread(cdp, during)
  const intervals = await stop()
  run.intervals.push(...intervals)
  run.tasks += work.tasks
  run.scriptStyleLayout += work.script + work.style + work.layout
  run.windows++
  return intervals
}

/** The diagram on the slide being shown (Slidev keeps other slides mounted but hidden). */
const currentDiagram = (page: Page) => page.locator('figure.md[data-story]:visible').first()
const storyOf = (slide: BenchSlide) => /story="([^"]+)"/.exec(slide.content)?.[1] ?? `slide ${slide.no}`

async function checkStep(page: Page, where: string, step: number, problems: string[]): Promise<void> {
  const diagram = currentDiagram(page)
  const shown = Number(await diagram.getAttribute('data-step'))
  if (shown !== step)
    problems.push(`${where}: expected step ${step}, the diagram shows ${shown}`)
  const box = await diagram.boundingBox()
  if (box && (box.y + box.height > canvas.height + 0.5 || box.x + box.width > canvas.width + 0.5))
    problems.push(`${where}: the diagram overflows the canvas (bottom ${Math.round(box.y + box.height)}, right ${Math.round(box.x + box.width)})`)
}

async function stepThrough(browser: Browser, url: string, slides: BenchSlide[], options: { throttle: number, colorScheme: 'light' | 'dark', label: string, problems: string[] }): Promise<{ run: Run, idle: Run }> {
  const run = newRun(options.label)
  const idle = newRun(`${options.label}, idle`)
  const { page, cdp, close } = await benchPage(browser, options)
  try {
    for (const slide of slides) {
      const story = storyOf(slide)
      await gotoSlide(page, url, slide.no)
      for (let step = 0; step <= slide.clicks; step++) {
        if (step > 0) {
          // Baseline: the same window with no click, to tell the machine's noise from ours.
          await sampled(page, cdp, idle, () => page.waitForTimeout(sampleMs + 50))
          const intervals = await sampled(page, cdp, run, async () => {
            await page.waitForTimeout(50)
            await page.keyboard.press('ArrowRight')
            await page.waitForTimeout(sampleMs)
          })
          if (verbose)
            console.log(`  ${options.label} ${story} step ${step}: ${frameRow(frameStats(intervals))}`)
        }
        await checkStep(page, `${story} step ${step}`, step, options.problems)
        if (shots) {
          await page.screenshot({
            path: join(shots, `${story}-${options.label}-step${step}.png`),
          })
        }
      }
    }
  }
  finally {
    await close()
  }
  return { run, idle }
}

function report(run: Run): string {
  const per = (ms: number) => ms / Math.max(run.windows, 1)
  return `${run.label.padEnd(22)} ${frameRow(frameStats(run.intervals))} ${per(run.tasks).toFixed(0).padStart(7)} ${per(run.scriptStyleLayout).toFixed(1).padStart(16)}`
}

if (shots)
  mkdirSync(resolve(shots), { recursive: true })
const slides = await slidesUsing(['MemoryDiagram'])
await benchDeck(dist, async ({ url, browser }) => {
  console.log(`memory diagram slides: ${slides.map(slide => `#${slide.no} ${storyOf(slide)}`).join(', ')}`)
  const problems: string[] = []
  const runs: Run[] = []
  const idles: Run[] = []
  for (const throttle of throttles) {
    const label = throttle === 1
      ? 'normal'
      : `cpu ${throttle}x slower`
    const { run, idle } = await stepThrough(browser, url, slides, {
      throttle,
      colorScheme: 'light',
      label,
      problems,
    })
    runs.push(run)
    idles.push(idle)
  }
  if (shots) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await stepThrough(browser, url, slides, {
        throttle: 1,
        colorScheme,
        label: colorScheme,
        problems,
      })
    }
    console.log(`screenshots of every step (light and dark) in ${resolve(shots)}`)
  }

  console.log(`\nframe intervals during the transitions (ms), ${sampleMs} ms sampled per click; tasks, js+style+layout: main-thread ms per sampled window`)
  console.log(`${'mode'.padEnd(22)} ${frameHeader}   tasks  js+style+layout`)
  for (const run of runs)
    console.log(report(run))
  console.log('baseline, no click (machine noise):')
  for (const run of idles)
    console.log(report(run))
  if (problems.length) {
    console.log(`\nproblems:\n  ${problems.join('\n  ')}`)
    process.exitCode = 1
  }
  const slowest = frameStats(runs.at(-1)!.intervals).worst
  console.log(`\ngoal: no frame over 33 ms at 4x: ${slowest <= longFrameMs
    ? 'met'
    : `not met (worst ${slowest.toFixed(1)} ms)`}`)
})
