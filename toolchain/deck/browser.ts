// The deck in a browser, for the tests, the reading version, the handout, `npm run stage` and
// the benchmarks alike: one canvas size, one way to reach a click, one settle rule, and every
// console error, page error, failed request and request for another host recorded with the
// slide and click it happened on.
import type { BrowserContext, Page } from 'playwright-chromium'
import { Buffer } from 'node:buffer'
import { fileURLToPath } from 'node:url'

/** Slidev's canvas: at this viewport a slide renders at scale 1. */
export const canvas = { width: 980, height: 552 }
/** The projector a slide is judged on: the canvas drawn 1920 px wide. */
export const projectorScale = 1920 / canvas.width

const inspector = fileURLToPath(new URL('./inspector.browser.js', import.meta.url))

export type ProblemKind = 'console error' | 'page error' | 'failed request' | 'left the machine' | 'outside the canvas' | 'content cut off' | 'no title' | 'navigation' | 'not settled'
export interface DeckProblem { where: string, kind: ProblemKind, detail: string }
/** Slidev's navigation: the slide, its click, and how many clicks the slide has. */
export interface Position { no: number, clicks: number, total: number }
/** A slide as the built deck knows it (notes are empty in a build without notes). */
export interface BuiltSlide { no: number, title: string, frontmatter: Record<string, unknown>, noteHtml: string }
export type DeckPage = Awaited<ReturnType<typeof openDeck>>

/** A request that stays on this machine: the loopback, or no network at all. */
const isLocal = (url: string) => /^(?:data|blob|about):/.test(url) || ['127.0.0.1', 'localhost'].includes(new URL(url).hostname)

export function label({ no, clicks }: { no: number, clicks: number }) {
  return `slide ${no}${clicks
    ? ` click ${clicks}`
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
 * A page on the deck at `url` in `context`, every tab of it watched for problems (the
 * presenter test opens an audience tab too). `speed` runs CSS transitions and animations that
 * many times faster (Chromium's playback rate): they still run, so what they animate is
 * recorded, but a walk does not wait out each one on a two-core machine.
 */
export async function openDeck(context: BrowserContext, url: string, options: { speed?: number } = {}) {
  const problems: DeckProblem[] = []
  await context.addInitScript({ path: inspector })
  const page = await context.newPage()
  const note = (tab: Page, kind: ProblemKind, detail: string) => problems.push({
    where: tab.url().includes('#')
      ? label(positionOf(tab.url()))
      : 'loading',
    kind,
    detail,
  })
  const watch = (tab: Page) => {
    tab.on('console', message => message.type() === 'error' && note(tab, 'console error', message.text()))
    tab.on('pageerror', error => note(tab, 'page error', error.stack ?? error.message))
    tab.on('request', request => !isLocal(request.url()) && note(tab, 'left the machine', request.url()))
    tab.on('requestfailed', request => isLocal(request.url()) && note(tab, 'failed request', `${request.url()}: ${request.failure()?.errorText}`))
    tab.on('response', response => response.status() >= 400 && note(tab, 'failed request', `${response.url()}: HTTP ${response.status()}`))
  }
  watch(page)
  context.on('page', watch)
  const cdp = await context.newCDPSession(page)
  if (options.speed) {
    await cdp.send('Animation.enable')
    await cdp.send('Animation.setPlaybackRate', { playbackRate: options.speed })
  }
  const call = <T>(fn: string, ...args: unknown[]) => page.evaluate(([fn, args]) => (window as any).__deckInspector[fn](...args), [fn, args] as const) as Promise<T>
  const at = () => call<Position>('nav')
  /** Waits for the settle rule on slide `no`; a problem of the page when it has not settled in 10 s. */
  const settle = (no: number) => page
    .waitForFunction(n => (window as any).__deckInspector.settled(n), no, { timeout: 10_000, polling: 'raf' })
    .then(() => page.evaluate(() => document.fonts.ready.then(() => {})), () => void note(page, 'not settled', 'still transitioning or not rendered after 10 s'))

  return {
    page,
    problems,
    cdp,
    call,
    at,
    settle,
    slides: () => call<BuiltSlide[]>('slides'),
    /** Shows slide `no` at `clicks` (`'last'`: its last click) and waits for it to settle. */
    async goto(no: number, clicks: number | 'last' = 0): Promise<Position> {
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
      await settle(no)
      return at()
    },
    /** Presses "next" (the right arrow) and waits until the URL has moved; does not settle. */
    async press(): Promise<Position> {
      const before = page.url()
      await page.keyboard.press('ArrowRight')
      await page.waitForURL(now => now.href !== before, { timeout: 3000 }).catch(() => {})
      return at()
    },
    /** The canvas as PNG, `scale` pixels per canvas pixel; `compact` trades speed for size. */
    async screenshot({ scale = 1, compact = false } = {}): Promise<Buffer> {
      const clip = { x: 0, y: 0, ...canvas, scale }
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: !compact, clip })
      return Buffer.from(data, 'base64')
    },
  }
}

/** Problems one per line; the same problem at several clicks of a slide is one line: `slide 14 (clicks 0, 1, 2): ...`. */
export function formatProblems(problems: DeckProblem[]): string {
  const grouped = new Map<string, string[]>()
  for (const { where, kind, detail } of problems) {
    const [, place, click = '0'] = where.match(/^(.*?)(?: click (\d+))?$/)!
    const key = `  ${place}\0: ${kind}: ${detail.split('\n')[0]}`
    grouped.set(key, (grouped.get(key) ?? []).concat(click))
  }
  return Array.from(grouped, ([key, clicks]) => {
    let at = clicks[0] === '0'
      ? ''
      : ` click ${clicks[0]}`
    if (clicks.length > 1)
      at = ` (clicks ${clicks.join(', ')})`
    return key.replace('\0', at)
  }).join('\n')
}
