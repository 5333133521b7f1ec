// The deck's budget (budget.json at the top of the project) and the measurements it is
// checked against: shared by the public-build test (asserts sizes and names, no timing) and
// `npm run budget` (prints, with Slidev's starter beside it).
import type { Buffer } from 'node:buffer'
import type { BrowserContext, Page } from 'playwright-chromium'
import type { StageLimits } from './deck/stage'
import { readFileSync, statSync } from 'node:fs'
import { relative } from 'node:path'
import { repoPath, walkFiles } from './paths'

interface Threshold { max: number, reason: string }

export interface Budget {
  forbiddenChunks: { patterns: string[], reason: string }
  firstSlideJsCssBytes: Threshold
  titleSlideLoadsOnly: { allowed: string[], deferred: string[], reason: string }
  distBytes: Threshold
  stage: StageLimits
}

/** Reads budget.json; throws naming the field when one is missing or has no reason. */
export function loadBudget(): Budget {
  const file = repoPath('budget.json')
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>
  for (const key of 'forbiddenChunks firstSlideJsCssBytes titleSlideLoadsOnly distBytes stage'.split(' ')) {
    if (typeof raw[key]?.reason !== 'string' || raw[key].reason.length < 20)
      throw new Error(`${file}: "${key}" needs a "reason" of a sentence or more`)
    if (key.endsWith('Bytes') && (typeof raw[key].max !== 'number' || raw[key].max <= 0))
      throw new Error(`${file}: "${key}.max" must be a positive number of bytes`)
  }
  return raw as Budget
}

export function distFiles(dir: string): Array<{ path: string, bytes: number }> {
  return walkFiles(dir).map(path => ({
    path: relative(dir, path),
    bytes: statSync(path).size,
  }))
}

/** dist/ files whose name contains a forbidden pattern (case-insensitive). */
export function forbiddenFiles(dir: string, budget: Budget): string[] {
  return distFiles(dir).map(file => file.path).filter(path => budget.forbiddenChunks.patterns.some(pattern => path.toLowerCase().includes(pattern.toLowerCase())))
}

export interface Served { url: string, body: Buffer }

/**
 * Opens slide 1 at `url` and records every response until it shows with its fonts (`untilShown`,
 * before Slidev preloads the other slides 3 s later); `served` grows while the page stays open.
 */
export async function openFirstSlide(context: BrowserContext, url: string, budget: Budget) {
  const page: Page = await context.newPage()
  const served: Served[] = []
  const pending: Array<Promise<unknown>> = []
  page.on('response', response => pending.push(response.body().then(body => served.push({
    url: response.url(),
    body,
  }), () => {})))
  await page.goto(`${url}#/1`, { waitUntil: 'commit' })
  // From navigation start until slide 1's content is on screen with its fonts.
  const milliseconds = await page.waitForFunction(() => {
    const slide = document.querySelector('#slide-content [data-slidev-no="1"]')
    return slide?.checkVisibility() && (slide.textContent ?? '').trim() && document.fonts.status === 'loaded'
      ? performance.now()
      : false
  }, undefined, { polling: 'raf', timeout: 60_000 }).then(handle => handle.jsonValue() as Promise<number>)
  await Promise.all(pending)
  const untilShown = [...served]
  const jsCss = untilShown.filter(entry => /\.(?:m?js|css)(?:\?|$)/.test(entry.url))
  const chunks = jsCss.map(entry => new URL(entry.url).pathname.replace(/^.*\//, ''))
  return {
    page,
    served,
    untilShown,
    milliseconds,
    jsCssBytes: jsCss.reduce((sum, entry) => sum + entry.body.length, 0),
    deferredLoaded: chunks.filter(name => budget.titleSlideLoadsOnly.deferred.some(prefix => name.startsWith(prefix))),
  }
}
