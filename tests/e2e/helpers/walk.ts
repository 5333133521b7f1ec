import type { Page } from 'playwright-chromium'
import type { StaticServer } from '../../../toolchain/serve'
import type { DeckProblem, DeckSession } from './deck-page'
import type { ServedDeck } from './served-deck'
import { Buffer } from 'node:buffer'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { canvasViewport, openDeck, positionOf, waitForSlideSettled } from './deck-page'

export interface SlideRecord {
  no: number
  /** How many clicks the slide has (the last `?clicks=` seen on it). */
  clicks: number
  /** The visible `<h1>` at the slide's final state. */
  heading: string | null
}

interface InspectorIssue {
  kind: 'outside' | 'cut-off'
  element: string
  text: string
  by: Record<string, number>
}

interface Inspection {
  found: boolean
  heading: string | null
  issues: InspectorIssue[]
}

function inspect(page: Page, no: number): Promise<Inspection> {
  return page.evaluate(n => (window as any).__deckInspector.inspect(n) as Inspection, no)
}

function issueToProblem(where: string, issue: InspectorIssue): DeckProblem {
  const amounts = Object.entries(issue.by).map(([side, px]) => `${side} ${px}px`).join(', ')
  return issue.kind === 'outside'
    ? { where, kind: 'outside the canvas', detail: `${issue.element} "${issue.text}" sticks out by ${amounts}` }
    : { where, kind: 'content cut off', detail: `${issue.element} "${issue.text}" hides ${amounts} of its content` }
}

const pad = (no: number) => String(no).padStart(2, '0')

/**
 * A PNG of the slide canvas. At the canvas-sized viewport the canvas is the whole page, and
 * Chromium's fast path (no element lookup, quick PNG encoding) is a third of the cost;
 * `compact` trades the quick encoding for smaller files (committed baselines).
 */
export async function screenshotCanvas(session: DeckSession, options: { compact?: boolean } = {}): Promise<Buffer> {
  const { page } = session
  const viewport = page.viewportSize()
  if (viewport?.width !== canvasViewport.width || viewport.height !== canvasViewport.height)
    return page.locator('#slide-content').screenshot()
  const cdp = await session.cdp()
  const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: !options.compact })
  return Buffer.from(data, 'base64')
}

interface Step { slide: number, clicks: number }

const same = (a: Step, b: Step) => a.slide === b.slide && a.clicks === b.clicks
function label(step: Step) {
  return `slide ${step.slide}${step.clicks
    ? ` click ${step.clicks}`
    : ''}`
}

/** The state one "next" press after `step`, from the overview's click counts; undefined at the end. */
function successor(step: Step, outline: SlideOutline[]): Step | undefined {
  if (step.clicks < (outline[step.slide - 1]?.clicks ?? 0))
    return { slide: step.slide, clicks: step.clicks + 1 }
  return step.slide < outline.length
    ? { slide: step.slide + 1, clicks: 0 }
    : undefined
}

async function waitForUrlChange(page: Page, before: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout
  while (page.url() === before && Date.now() < deadline)
    await page.waitForTimeout(30)
}

export interface WalkResult {
  slides: SlideRecord[]
  steps: number
  /** Presses that moved two steps because the loaded machine let Slidev's key auto-repeat fire. */
  doubleSteps: number
}

/**
 * From slide 1, presses "next" (the right arrow) through every click of every slide, checking
 * each press lands where the overview's click counts say it should. At each step, once the
 * slide has settled, measures it (canvas overflow, cut-off content, title) and optionally
 * screenshots the canvas. Problems land in `session.problems`.
 */
export async function walkDeck(session: DeckSession, server: StaticServer, outline: SlideOutline[], options: { screenshotsDir?: string } = {}): Promise<WalkResult> {
  const { page, problems } = session
  const { screenshotsDir } = options
  if (screenshotsDir) {
    rmSync(screenshotsDir, { recursive: true, force: true })
    mkdirSync(screenshotsDir, { recursive: true })
  }
  await page.goto(`${server.url}#/1`)
  await page.locator('#slide-content').waitFor()

  const slides: SlideRecord[] = []
  let steps = 0
  let doubleSteps = 0
  let lastShot = ''
  let step: Step | undefined = { slide: 1, clicks: 0 }
  while (step) {
    const where = label(step)
    steps++
    await waitForSlideSettled(page, step.slide).catch(() => {
      problems.push({ where, kind: 'page error', detail: 'the slide did not settle within 8 s (still transitioning or not rendered)' })
    })
    const inspection = await inspect(page, step.slide)
    if (!inspection.found)
      problems.push({ where, kind: 'page error', detail: `slide ${step.slide} is not rendered in #slide-content` })
    problems.push(...inspection.issues.map(issue => issueToProblem(where, issue)))
    if (screenshotsDir) {
      lastShot = join(screenshotsDir, `slide-${pad(step.slide)}-click-${step.clicks}.png`)
      writeFileSync(lastShot, await screenshotCanvas(session))
    }

    const next = successor(step, outline)
    const total = outline[step.slide - 1]?.clicks ?? 0
    if (step.clicks === total) {
      // The slide's final state: its title, and its screenshot under the plain name.
      slides.push({ no: step.slide, clicks: total, heading: inspection.heading })
      if (!inspection.heading)
        problems.push({ where: `slide ${step.slide}`, kind: 'no title', detail: 'no visible <h1> (a `#` heading) at its final state' })
      if (screenshotsDir) {
        copyFileSync(lastShot, join(screenshotsDir, `slide-${pad(step.slide)}.png`))
        if (total === 0)
          rmSync(lastShot)
      }
    }

    const before = page.url()
    await page.keyboard.press('ArrowRight')
    if (!next) {
      await page.waitForTimeout(300)
      if (page.url() !== before)
        problems.push({ where, kind: 'navigation', detail: `"next" on the last click moved to ${page.url()}` })
      break
    }
    await waitForUrlChange(page, before, 3000)
    const landed = positionOf(page.url())
    if (!same(landed, next)) {
      const after = successor(next, outline)
      if (after && same(landed, after))
        doubleSteps++
      else
        problems.push({ where, kind: 'navigation', detail: `"next" went to ${label(landed)}, but the overview counts ${total} clicks here, so ${label(next)} was expected` })
      // Visit the expected state anyway, so every click is still checked.
      await page.evaluate(hash => window.location.hash = hash, `#/${next.slide}?clicks=${next.clicks}`)
    }
    step = next
  }
  return { slides, steps, doubleSteps }
}

export interface DeckWalk {
  outline: SlideOutline[]
  walk: WalkResult
  /** Everything the walk's session recorded. */
  problems: DeckProblem[]
}

/**
 * Opens the served deck (light mode, instant transitions), reads its outline and walks every
 * click (see `walkDeck`); prints how far it got and how long it took.
 */
export async function walkServedDeck(deck: ServedDeck, options: { screenshotsDir?: string } = {}): Promise<DeckWalk> {
  const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', instantTransitions: true })
  const started = performance.now()
  const outline = await readOutline(session, deck.server)
  const walk = await walkDeck(session, deck.server, outline, options)
  const seconds = (performance.now() - started) / 1000
  await session.close()
  const clicks = outline.reduce((sum, slide) => sum + slide.clicks, 0)
  process.stdout.write(`walked ${outline.length} slides, ${clicks} clicks (${walk.steps} steps, ${walk.doubleSteps} double steps retried) under ${deck.server.url} in ${seconds.toFixed(1)} s${options.screenshotsDir
    ? `; screenshots in ${options.screenshotsDir}`
    : ''}\n`)
  return { outline, walk, problems: session.problems }
}

/** Visits each slide's final click state (in whatever colour scheme the session has) and screenshots it. */
export async function screenshotFinalStates(session: DeckSession, server: StaticServer, slides: SlideRecord[], screenshotsDir: string): Promise<void> {
  const { page } = session
  rmSync(screenshotsDir, { recursive: true, force: true })
  mkdirSync(screenshotsDir, { recursive: true })
  await page.goto(`${server.url}#/1`)
  await page.locator('#slide-content').waitFor()
  for (const slide of slides) {
    await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}${slide.clicks
      ? `?clicks=${slide.clicks}`
      : ''}`)
    await waitForSlideSettled(page, slide.no)
    writeFileSync(join(screenshotsDir, `slide-${pad(slide.no)}.png`), await screenshotCanvas(session))
  }
}

export interface SlideOutline {
  no: number
  /** How many clicks Slidev counts on the slide (0 when it has none). */
  clicks: number
  /** The speaker notes as text ('' when there are none). */
  notes: string
  /** The highest click a `[click]` marker in the notes points at (0 when none). */
  lastMarker: number
}

/** Reads every slide's click count and speaker notes from the built deck's overview page (`#/overview`). */
export async function readOutline(session: DeckSession, server: StaticServer): Promise<SlideOutline[]> {
  const { page } = session
  await page.goto(`${server.url}#/overview`)
  await page.locator('.overview-slide-block .slidev-note').first().waitFor()
  // Let every card mount so each slide's clicks are counted: on a loaded machine the last
  // cards count their clicks seconds after the first, so wait until the counts have stayed
  // the same for a second (a fixed wait read some late slides as having no clicks).
  const counts = () => page.locator('.overview-slide-block').evaluateAll(blocks => blocks
    .map(block => block.querySelector('[title^="Clicks in this slide"]')?.getAttribute('title') ?? '-')
    .join('|'))
  let last = await counts()
  for (let stable = 0, tries = 0; stable < 4 && tries < 60; tries++) {
    await page.waitForTimeout(250)
    const now = await counts()
    stable = now === last
      ? stable + 1
      : 0
    last = now
  }
  return page.locator('.overview-slide-block').evaluateAll(blocks => blocks.map((block, index) => {
    const note = block.querySelector('.slidev-note')
    const raw = (note?.textContent ?? '').replace(/\s+/g, ' ').trim()
    const markers = [
      ...(note?.querySelectorAll('.slidev-note-click-mark') ?? []),
    ]
      .map(mark => Number((mark as HTMLElement).dataset.clicks ?? 0))
    // Slidev's clicks slider says "Clicks in this slide: N" counting the state before any click.
    const slider = block.querySelector('[title^="Clicks in this slide"]')
    const states = Number(slider?.getAttribute('title')?.match(/\d+/)?.[0] ?? 1)
    return {
      no: index + 1,
      clicks: Math.max(0, states - 1),
      // Slidev shows this placeholder when a slide has no notes.
      notes: raw === 'No notes for this slide'
        ? ''
        : raw,
      lastMarker: Math.max(0, ...markers),
    }
  }))
}
