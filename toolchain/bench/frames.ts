// Frame intervals sampled with requestAnimationFrame, and the one definition of a late and
// a long frame every benchmark prints.
import type { Page } from 'playwright-chromium'

export const frameMs = 1000 / 60
/**
 * performance.now() is coarsened (0.1 ms plus jitter) in a page that is not cross-origin
 * isolated, so a frame on time reads up to ~0.8 ms long. A late frame missed one vsync
 * (">16.7 ms"); a long one missed two (">33 ms", the goal is none at 4x).
 */
export const lateFrameMs = frameMs + 0.8
export const longFrameMs = 2 * frameMs + 0.8

/**
 * Starts collecting rAF intervals in the page; the returned function stops and reads them.
 * The first frame only starts the clock (the time before it is not a frame). A new sampler
 * stops an older one that was never read.
 */
export async function sampleFrames(page: Page): Promise<() => Promise<number[]>> {
  // A string, not a function: tsx would wrap a named closure in a helper the page lacks.
  await page.evaluate(`(() => {
    const run = { last: 0, intervals: [] }
    window.__benchFrames = run
    const tick = (now) => {
      if (window.__benchFrames !== run)
        return
      if (run.last)
        run.intervals.push(now - run.last)
      run.last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  return () => page.evaluate(() => {
    const holder = window as unknown as { __benchFrames?: { intervals: number[] } }
    const intervals = holder.__benchFrames?.intervals ?? []
    holder.__benchFrames = undefined
    return intervals
  })
}

export interface FrameStats { frames: number, median: number, p95: number, worst: number, late: number, long: number }

export function frameStats(intervals: number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b)
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
  return {
    frames: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    worst: sorted.at(-1) ?? Number.NaN,
    late: sorted.filter(interval => interval > lateFrameMs).length,
    long: sorted.filter(interval => interval > longFrameMs).length,
  }
}

export const frameHeader = 'frames  median     p95   worst  >16.7 ms  >33 ms'

/** One row under `frameHeader` (ms). */
export function frameRow(stats: FrameStats): string {
  const ms = (value: number) => value.toFixed(1).padStart(7)
  return `${String(stats.frames).padStart(6)} ${ms(stats.median)} ${ms(stats.p95)} ${ms(stats.worst)} ${String(stats.late).padStart(9)} ${String(stats.long).padStart(7)}`
}
