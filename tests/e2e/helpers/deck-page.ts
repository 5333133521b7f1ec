import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-chromium'
import type { NetworkGuard } from '../../../toolchain/network-guard'
import type { StaticServer } from '../../../toolchain/serve'
import { fileURLToPath } from 'node:url'
import { guardNetwork, isLocalRequest } from '../../../toolchain/network-guard'

/** Slidev's canvas size: at this viewport a slide renders at scale 1. */
export const canvasViewport = { width: 980, height: 552 }

const inspectorScript = fileURLToPath(new URL('./slide-inspector.browser.js', import.meta.url))

export interface Position {
  /** The route after `#/`: a slide number, or `presenter/3`, `overview`, ... */
  route: string
  slide: number
  clicks: number
}

/** `http://h/base/#/4?clicks=2` → slide 4, click 2. */
export function positionOf(url: string): Position {
  const hash = new URL(url).hash.replace(/^#\/?/, '')
  const [route = '', query = ''] = hash.split('?')
  const slide = Number(route.match(/(\d+)$/)?.[1] ?? 1)
  const clicks = Number(new URLSearchParams(query).get('clicks') ?? 0)
  return { route, slide, clicks }
}

export function describePosition(position: Position): string {
  if (!/^\d+$/.test(position.route)) {
    return `#/${position.route}${position.clicks
      ? ` click ${position.clicks}`
      : ''}`
  }
  return `slide ${position.slide}${position.clicks
    ? ` click ${position.clicks}`
    : ''}`
}

export interface DeckProblem {
  where: string
  kind: 'console error' | 'page error' | 'failed request' | 'left the machine' | 'outside the canvas' | 'content cut off' | 'no title' | 'no notes' | 'click markers' | 'navigation'
  detail: string
}

export interface DeckSession {
  context: BrowserContext
  page: Page
  guard: NetworkGuard
  problems: DeckProblem[]
  /** Where the page is now, as a label for messages. */
  here: () => string
  /** A DevTools session on the page (created once), for fast screenshots. */
  cdp: () => Promise<CDPSession>
  close: () => Promise<void>
}

export interface DeckSessionOptions {
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number, height: number }
  /**
   * Zero every CSS transition and animation duration. The walk measures settled states, and
   * on a loaded two-core machine waiting out each slide transition costs minutes.
   */
  instantTransitions?: boolean
  /** Emulate the OS setting `prefers-reduced-motion: reduce`. */
  reducedMotion?: 'reduce' | 'no-preference'
}

const instantTransitionsScript = `document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style')
  style.dataset.test = 'instant-transitions'
  style.textContent = '*, *::before, *::after { transition-duration: 0s !important; transition-delay: 0s !important; animation-duration: 0s !important; animation-delay: 0s !important }'
  document.head.append(style)
})`

/**
 * A browser tab on the served deck that records, with the slide it happened on, every
 * console error, page error, failed request and request that tried to leave the machine.
 */
export async function openDeck(browser: Browser, server: StaticServer, options: DeckSessionOptions = {}): Promise<DeckSession> {
  const context = await browser.newContext({
    viewport: options.viewport ?? canvasViewport,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    deviceScaleFactor: 1,
  })
  await context.addInitScript({ path: inspectorScript })
  if (options.instantTransitions)
    await context.addInitScript({ content: instantTransitionsScript })
  const guard = await guardNetwork(context, server.origin)
  const problems: DeckProblem[] = []
  const placeOf = (tab: Page) => describePosition(positionOf(tab.url() === 'about:blank'
    ? `${server.url}#/1`
    : tab.url()))

  // Every tab of the context is watched: the presenter test opens an audience tab too.
  const watch = (tab: Page) => {
    tab.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push({
          where: placeOf(tab),
          kind: 'console error',
          detail: message.text(),
        })
      }
    })
    tab.on('pageerror', error => problems.push({
      where: placeOf(tab),
      kind: 'page error',
      detail: error.stack ?? error.message,
    }))
    tab.on('requestfailed', (request) => {
      if (isLocalRequest(request.url(), server.origin)) {
        problems.push({
          where: placeOf(tab),
          kind: 'failed request',
          detail: `${request.url()}: ${request.failure()?.errorText}`,
        })
      }
    })
    tab.on('response', (response) => {
      if (response.status() >= 400) {
        problems.push({
          where: placeOf(tab),
          kind: 'failed request',
          detail: `${response.url()}: HTTP ${response.status()}`,
        })
      }
    })
  }
  context.on('page', watch)
  const page = await context.newPage()
  const here = () => placeOf(page)

  let reported = 0
  const withLeaving = () => {
    // Turn new entries of the guard into problems, labelled with where the page is now.
    for (; reported < guard.leaving.length; reported++) {
      problems.push({
        where: here(),
        kind: 'left the machine',
        detail: guard.leaving[reported]!,
      })
    }
  }
  context.on('requestfailed', withLeaving)
  context.on('request', withLeaving)

  let cdp: Promise<CDPSession> | undefined
  return {
    context,
    page,
    guard,
    problems,
    here,
    cdp: () => cdp ??= context.newCDPSession(page),
    close: async () => {
      withLeaving()
      await context.close()
    },
  }
}

/** Waits until slide `no` alone is shown and nothing on the page is still animating. */
export async function waitForSlideSettled(page: Page, no: number, timeout = 8000): Promise<void> {
  await page.waitForFunction(n => (window as any).__deckInspector.settled(n), no, { timeout, polling: 'raf' })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
}

/**
 * Formats problems one per line for a failing test's message. The same problem seen at
 * several clicks of one slide is one line: `slide 14 (clicks 0, 1, 2): ...`.
 */
export function formatProblems(problems: DeckProblem[]): string {
  const grouped = new Map<string, { place: string, clicks: string[], problem: DeckProblem }>()
  for (const problem of problems) {
    const [, place = problem.where, click] = problem.where.match(/^(.*?)(?: click (\d+))?$/) ?? []
    const detail = problem.detail.split('\n')[0]!
    const key = `${place}|${problem.kind}|${detail}`
    const entry = grouped.get(key) ?? {
      place,
      clicks: [],
      problem: { ...problem, detail },
    }
    entry.clicks.push(click ?? '0')
    grouped.set(key, entry)
  }
  return [
    ...grouped.values(),
  ]
    .map(({ place, clicks, problem }) => {
      const at = clicks.length > 1
        ? ` (clicks ${clicks.join(', ')})`
        : clicks[0] !== '0'
          ? ` click ${clicks[0]}`
          : ''
      return `  ${place}${at}: ${problem.kind}: ${problem.detail}`
    })
    .join('\n')
}

/** Fails with a readable list when there are problems (no giant object diff). */
export function expectNoProblems(problems: DeckProblem[], what: string): void {
  if (problems.length)
    throw new Error(`${what}:\n${formatProblems(problems)}`)
}
