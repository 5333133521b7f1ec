// The deck's budget (budget.json at the top of the project) and the measurements it is
// checked against: shared by tests/e2e/budget.test.ts (asserts, no timing) and
// `npm run budget` (prints, with Slidev's starter beside it).
import type { Browser, BrowserContext, Page } from 'playwright-chromium'
import type { ServedFile, StaticServer } from './serve'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { canvas } from './bench/deck'
import { repoPath } from './paths'

interface Threshold { max: number, reason: string }

export interface Budget {
  forbiddenChunks: { patterns: string[], reason: string }
  firstSlideJsCssBytes: Threshold
  titleSlideLoadsOnly: { allowed: string[], deferred: string[], reason: string }
  distBytes: Threshold
}

export const budgetFile = repoPath('budget.json')

/** Reads budget.json; throws naming the field when one is missing or has no reason. */
export function loadBudget(file = budgetFile): Budget {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>
  for (const key of [
    'forbiddenChunks',
    'firstSlideJsCssBytes',
    'titleSlideLoadsOnly',
    'distBytes',
  ]) {
    if (typeof raw[key]?.reason !== 'string' || raw[key].reason.length < 20)
      throw new Error(`${file}: "${key}" needs a "reason" of a sentence or more`)
  }
  for (const key of ['firstSlideJsCssBytes', 'distBytes']) {
    if (typeof raw[key].max !== 'number' || raw[key].max <= 0)
      throw new Error(`${file}: "${key}.max" must be a positive number of bytes`)
  }
  return raw as Budget
}

export function distFiles(dir: string): Array<{ path: string, bytes: number }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name)
      return {
        path: relative(dir, path),
        bytes: statSync(path).size,
      }
    })
}

/** dist/ files whose name contains a forbidden pattern (case-insensitive). */
export function forbiddenFiles(dir: string, budget: Budget): string[] {
  return distFiles(dir)
    .map(file => file.path)
    .filter(path => budget.forbiddenChunks.patterns.some(pattern => path.toLowerCase().includes(pattern.toLowerCase())))
}

const isJsOrCss = (path: string) => /\.(?:m?js|css)(?:\?|$)/.test(path)
const chunkName = (path: string) => path.replace(/^.*\//, '')

export interface FirstSlideLoad {
  /** Every response until slide 1 showed with its fonts. */
  served: ServedFile[]
  jsCssBytes: number
  /** JS/CSS chunks named after something only later slides use (budget.titleSlideLoadsOnly.deferred). */
  deferredLoaded: string[]
}

/**
 * Opens slide 1 of the served deck in `context` and records what was served until it is
 * visible with its fonts loaded: the first slide's cost, without Slidev's preloading of the
 * other slides (which starts 3 s after the first one). The page stays open.
 */
export async function openFirstSlide(context: BrowserContext, server: StaticServer): Promise<{ page: Page, served: ServedFile[], milliseconds: number }> {
  const page = await context.newPage()
  server.resetLog()
  await page.goto(`${server.url}#/1`, { waitUntil: 'commit' })
  // From navigation start until slide 1's content is on screen with its fonts.
  const milliseconds = await page.waitForFunction(() => {
    const slide = document.querySelector('#slide-content [data-slidev-no="1"]')
    const shown = slide?.checkVisibility() && (slide.textContent ?? '').trim().length > 0
    return shown && document.fonts.status === 'loaded'
      ? performance.now()
      : false
  }, undefined, { polling: 'raf', timeout: 60_000 }).then(handle => handle.jsonValue() as Promise<number>)
  return {
    page,
    served: [...server.log],
    milliseconds,
  }
}

/** JavaScript and CSS bytes among `served`. */
export function jsCssBytes(served: ServedFile[]): number {
  return served.filter(entry => isJsOrCss(entry.path)).reduce((sum, entry) => sum + entry.bytes, 0)
}

/** The first slide in a fresh context (cold cache), checked against budget.titleSlideLoadsOnly. */
export async function loadFirstSlide(browser: Browser, server: StaticServer, budget: Budget): Promise<FirstSlideLoad & { milliseconds: number }> {
  const context = await browser.newContext({ viewport: canvas })
  try {
    const { served, milliseconds } = await openFirstSlide(context, server)
    const deferredLoaded = served
      .filter(entry => isJsOrCss(entry.path))
      .map(entry => chunkName(entry.path))
      .filter(name => budget.titleSlideLoadsOnly.deferred.some(prefix => name.startsWith(prefix)))
    return {
      served,
      jsCssBytes: jsCssBytes(served),
      deferredLoaded,
      milliseconds,
    }
  }
  finally {
    await context.close()
  }
}
