// Frame times of the GIL timeline's playhead sweep in Chromium, at normal speed and with
// 4x CPU throttling (CDP Emulation.setCPUThrottlingRate). Prints figures; asserts nothing.
// Builds the deck into a temp dir and serves it on 127.0.0.1.
//   npm run bench:gil                 # build, then measure
//   npm run bench:gil -- --dist dist  # measure an existing build
import type { Page } from 'playwright-chromium'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { buildDeck } from './lib/build-deck'
import { launchChromium } from './lib/chromium'
import { serveDist } from './lib/serve'

const frameBudgetMs = 1000 / 60
// performance.now() is rounded (0.1 ms, with jitter) in a page that is not cross-origin
// isolated, so a frame on time can read 16.7-16.8 ms; "over 16.7 ms" means over this.
const lateFrameMs = 17.5

interface FrameStats {
  frames: number
  medianMs: number
  worstMs: number
  over16: number
  over33: number
}

function stats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b)
  return {
    frames: deltas.length,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    worstMs: sorted.at(-1) ?? 0,
    over16: deltas.filter(d => d > lateFrameMs).length,
    over33: deltas.filter(d => d > 2 * frameBudgetMs + 0.8).length,
  }
}

/** Slide numbers (1-based) whose page holds a GIL timeline. */
async function timelineSlides(page: Page, url: string): Promise<number[]> {
  const found: number[] = []
  for (let n = 1; n <= 200; n++) {
    await page.goto(`${url}#/${n}`)
    const exists = await page.waitForSelector(`.slidev-page-${n}`, { timeout: 3000 }).then(() => true, () => false)
    if (!exists)
      break
    await page.waitForTimeout(150)
    if (await page.locator(`.slidev-page-${n} .gil-timeline`).count())
      found.push(n)
  }
  return found
}

/** Frame deltas while the playhead of the first trace sweeps (click 0 → 1). */
async function sweepFrames(page: Page, url: string, slide: number): Promise<number[]> {
  await page.goto(`${url}#/${slide}?clicks=0`)
  await page.waitForSelector(`.slidev-page-${slide} .gil-sweep`)
  await page.waitForTimeout(800)
  const sweepMs = await page.evaluate((n) => {
    const root = document.querySelector<HTMLElement>(`.slidev-page-${n} .gil-timeline`)!
    return Number.parseFloat(getComputedStyle(root).getPropertyValue('--gil-sweep')) || 2400
  }, slide)
  // A string, not a function: tsx would wrap a named closure in a helper the page lacks.
  // Hash navigation keeps the page, so each run's loop stops when the next one starts.
  await page.evaluate(`(() => {
    const run = {}
    window.gilRun = run
    window.gilFrames = []
    let last = performance.now()
    const tick = (now) => {
      if (window.gilRun !== run)
        return
      window.gilFrames.push(now - last)
      last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  await page.keyboard.press('ArrowRight')
  await page.waitForTimeout(sweepMs + 400)
  const deltas = await page.evaluate(() => (window as unknown as { gilFrames: number[] }).gilFrames)
  // The first delta measures from installation to the first frame, not a frame.
  return deltas.slice(1)
}

async function main(): Promise<void> {
  const distFlag = process.argv.indexOf('--dist')
  let dist = distFlag > 0
    ? process.argv[distFlag + 1]
    : undefined
  let temp: string | undefined
  if (!dist) {
    temp = mkdtempSync(join(tmpdir(), 'gil-bench-'))
    dist = join(temp, 'dist')
    const build = await buildDeck({ outDir: dist })
    console.log(`built the deck in ${(build.milliseconds / 1000).toFixed(1)} s`)
  }
  const server = await serveDist(dist)
  const browser = await launchChromium()
  try {
    const context = await browser.newContext({
      viewport: { width: 980, height: 552 },
      reducedMotion: 'no-preference',
    })
    const page = await context.newPage()
    const slides = await timelineSlides(page, server.url)
    if (slides.length === 0)
      throw new Error('no slide with a GilTimeline found in the built deck')
    const cdp = await context.newCDPSession(page)
    console.log(`playhead sweep frame times, slides ${slides.join(', ')} (first sweep of each), 980x552`)
    console.log('slide  throttle  frames  median    worst     >16.7ms  >33ms')
    for (const rate of [1, 4]) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate })
      const all: number[] = []
      for (const slide of slides) {
        const deltas = await sweepFrames(page, server.url, slide)
        all.push(...deltas)
        const s = stats(deltas)
        console.log(`${String(slide).padEnd(7)}${`${rate}x`.padEnd(10)}${String(s.frames).padEnd(8)}${`${s.medianMs.toFixed(1)} ms`.padEnd(10)}${`${s.worstMs.toFixed(1)} ms`.padEnd(10)}${String(s.over16).padEnd(9)}${s.over33}`)
      }
      const s = stats(all)
      console.log(`${'all'.padEnd(7)}${`${rate}x`.padEnd(10)}${String(s.frames).padEnd(8)}${`${s.medianMs.toFixed(1)} ms`.padEnd(10)}${`${s.worstMs.toFixed(1)} ms`.padEnd(10)}${String(s.over16).padEnd(9)}${s.over33}`)
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
  }
  finally {
    await browser.close()
    await server.close()
    if (temp)
      rmSync(temp, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
