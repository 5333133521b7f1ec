// The deck in a browser, for the tests, the reading version, the handout, `npm run stage`
// and the benchmarks alike: one canvas size, one way to reach a click, one settle rule, and
// every console error, page error, failed request and request for another host recorded
// with the slide and click it happened on.
import type { Buffer } from 'node:buffer'
import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from 'playwright-chromium'
import { Buffer as NodeBuffer } from 'node:buffer'
import { fileURLToPath } from 'node:url'

/** Slidev's canvas: at this viewport a slide renders at scale 1. */
export const canvas = { width: 980, height: 552 }

/** The projector a slide is judged on: the canvas drawn 1920 px wide. */
export const projectorScale = 1920 / canvas.width

const inspector = fileURLToPath(new URL('./inspector.browser.js', import.meta.url))

export type ProblemKind = 'console error' | 'page error' | 'failed request' | 'left the machine' | 'outside the canvas' | 'content cut off' | 'no title' | 'navigation' | 'not settled'

export interface DeckProblem { where: string, kind: ProblemKind, detail: string }

/** Where Slidev's navigation is: the slide, its click, and how many clicks the slide has. */
export interface Position { no: number, clicks: number, total: number }

/** A slide as the built deck knows it (notes are empty in a build without notes). */
export interface BuiltSlide { no: number, title: string, file: string, frontmatter: Record<string, unknown>, noteHtml: string }

export interface DeckPage {
  page: Page
  problems: DeckProblem[]
  /** `slide 4 click 2`, for messages. */
  here: () => string
  /** Slidev's navigation state now. */
  at: () => Promise<Position>
  /** Shows slide `no` at `clicks` (`'last'`: its last click) and waits for it to settle. */
  goto: (no: number, clicks?: number | 'last') => Promise<Position>
  /** Presses "next" (the right arrow) and waits until the URL has moved; does not settle. */
  press: () => Promise<Position>
  /** Waits for the settle rule on slide `no`; false when it did not settle within `timeout`. */
  settle: (no: number, timeout?: number) => Promise<boolean>
  /** The canvas as PNG, at `scale` pixels per canvas pixel; `compact` trades speed for size. */
  screenshot: (options?: { scale?: number, compact?: boolean }) => Promise<Buffer>
  slides: () => Promise<BuiltSlide[]>
  /** Calls one of the inspector's functions in the page (inspector.browser.js). */
  call: <T>(fn: string, ...args: unknown[]) => Promise<T>
  cdp: CDPSession
}

/** A context on `browser` with the deck's canvas, light and motion allowed unless `options` say otherwise; see `openDeck`. */
export async function newDeckContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: canvas,
    deviceScaleFactor: 1,
    colorScheme: 'light',
    reducedMotion: 'no-preference',
    ...options,
  })
}

/** A request that stays on this machine: the loopback, or no network at all. */
const isLocal = (url: string) => /^(?:data|blob|about):/.test(url) || ['127.0.0.1', 'localhost'].includes(new URL(url).hostname)

export function label(position: { no: number, clicks: number }): string {
  return `slide ${position.no}${position.clicks
    ? ` click ${position.clicks}`
    : ''}`
}

/** `http://h/base/#/4?clicks=2` → slide 4, click 2. */
export function positionOf(url: string): { no: number, clicks: number } {
  const [route = '', query = ''] = new URL(url).hash.replace(/^#\/?/, '').split('?')
  return {
    no: Number(route.match(/(\d+)$/)?.[1] ?? 1),
    clicks: Number(new URLSearchParams(query).get('clicks') ?? 0),
  }
}

/**
 * A page on the deck at `url` in `context`, watched for problems (every tab of the context:
 * the presenter test opens an audience tab too). `speed` runs CSS transitions and animations
 * that many times faster (Chromium's animation playback rate): they still run, so what they
 * animate is recorded, but a walk does not wait out each one on a two-core machine.
 */
export async function openDeck(context: BrowserContext, url: string, options: { speed?: number } = {}): Promise<DeckPage> {
  const problems: DeckProblem[] = []
  await context.addInitScript({ path: inspector })
  const page = await context.newPage()
  const here = (tab: Page = page) => tab.url().includes('#')
    ? label(positionOf(tab.url()))
    : 'loading'
  const watch = (tab: Page) => {
    const add = (kind: ProblemKind, detail: string) => problems.push({
      where: here(tab),
      kind,
      detail,
    })
    tab.on('console', message => message.type() === 'error' && add('console error', message.text()))
    tab.on('pageerror', error => add('page error', error.stack ?? error.message))
    tab.on('request', request => !isLocal(request.url()) && add('left the machine', request.url()))
    tab.on('requestfailed', request => isLocal(request.url()) && add('failed request', `${request.url()}: ${request.failure()?.errorText}`))
    tab.on('response', response => response.status() >= 400 && add('failed request', `${response.url()}: HTTP ${response.status()}`))
  }
  watch(page)
  context.on('page', watch)
  const cdp = await context.newCDPSession(page)
  if (options.speed && options.speed !== 1) {
    await cdp.send('Animation.enable')
    await cdp.send('Animation.setPlaybackRate', { playbackRate: options.speed })
  }

  const at = () => page.evaluate(() => (window as any).__deckInspector.nav() as Position)
  const settle = (no: number, timeout = 10_000) => page
    .waitForFunction(n => (window as any).__deckInspector.settled(n), no, { timeout, polling: 'raf' })
    .then(() => page.evaluate(() => document.fonts.ready.then(() => true)), () => false)

  async function goto(no: number, clicks: number | 'last' = 0): Promise<Position> {
    const wanted = clicks === 'last'
      ? 1e6
      : clicks
    const hash = `#/${no}${wanted
      ? `?clicks=${wanted}`
      : ''}`
    if (page.url().startsWith(url) && page.url().includes('#'))
      await page.evaluate(h => window.location.hash = h, hash)
    else
      await page.goto(`${url}${hash}`)
    // Slidev clamps the click to the slide's last one; the slide has its total once mounted.
    await page.waitForFunction(({ no, wanted }) => {
      const nav = (window as any).__deckInspector.nav()
      return nav?.no === no && nav.clicks === Math.min(wanted, nav.total)
    }, { no, wanted }, { polling: 'raf', timeout: 30_000 })
    if (!await settle(no)) {
      problems.push({
        where: label({ no, clicks: wanted }),
        kind: 'not settled',
        detail: 'still transitioning or not rendered after 10 s',
      })
    }
    return at()
  }

  async function press(): Promise<Position> {
    const before = page.url()
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(now => now.href !== before, { timeout: 3000 }).catch(() => {})
    return at()
  }

  async function screenshot({ scale = 1, compact = false } = {}): Promise<Buffer> {
    const { data } = await cdp.send('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: !compact,
      clip: { x: 0, y: 0, ...canvas, scale },
    })
    return NodeBuffer.from(data, 'base64')
  }

  return {
    page,
    problems,
    here: () => here(),
    at,
    goto,
    press,
    settle,
    screenshot,
    slides: () => page.evaluate(() => (window as any).__deckInspector.slides() as BuiltSlide[]),
    call: <T>(fn: string, ...args: unknown[]) => page.evaluate(([fn, args]) => (window as any).__deckInspector[fn](...args), [fn, args] as const) as Promise<T>,
    cdp,
  }
}

/**
 * Problems one per line for a failing check. The same problem at several clicks of one
 * slide is one line: `slide 14 (clicks 0, 1, 2): ...`.
 */
export function formatProblems(problems: DeckProblem[]): string {
  const grouped = new Map<string, { place: string, clicks: string[], line: string }>()
  for (const problem of problems) {
    const [, place = problem.where, click = '0'] = problem.where.match(/^(.*?)(?: click (\d+))?$/) ?? []
    const line = `${problem.kind}: ${problem.detail.split('\n')[0]}`
    const entry = grouped.get(`${place}|${line}`) ?? { place, clicks: [], line }
    entry.clicks.push(click)
    grouped.set(`${place}|${line}`, entry)
  }
  return [
    ...grouped.values(),
  ].map(({ place, clicks, line }) => {
    const at = clicks.length > 1
      ? ` (clicks ${clicks.join(', ')})`
      : clicks[0] !== '0'
        ? ` click ${clicks[0]}`
        : ''
    return `  ${place}${at}: ${line}`
  }).join('\n')
}
