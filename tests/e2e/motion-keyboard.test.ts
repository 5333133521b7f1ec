// Motion, in the browser: the whole talk given from the keyboard with
// prefers-reduced-motion: reduce (nothing moves after any press, every click shows at once
// the state the animated deck settles on, each slide's last click matches its screenshot
// baseline); with motion allowed, clicks animate only opacity and transform; in print, as
// `slidev export` renders, nothing of ours transitions. Then the controls Slidev draws,
// reached with Tab.
import type { Buffer } from 'node:buffer'
import type { Page } from 'playwright-chromium'
import type { DeckSession } from './helpers/deck-page'
import type { SlideOutline } from './helpers/walk'
import { existsSync, readFileSync } from 'node:fs'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { baselinePath, comparePngs, openComparer, tolerance, updatingBaselines } from './helpers/baselines'
import { openDeck, positionOf, waitForSlideSettled } from './helpers/deck-page'
import { shared, useServedDeck } from './helpers/served-deck'
import { readOutline, screenshotCanvas } from './helpers/walk'

const deck = useServedDeck({ base: '/' })

// Slidev's own click targets and code copy button: their transitions are Slidev's (its export
// waits them out). Everything else on a slide is ours.
const slidevOwn = '.slidev-vclick-target, .slidev-code-copy, .slidev-code-wrapper'

/** Elements matching `selector` (but not `skip`) whose computed style gives a transition or animation a duration. */
function declaredMotion(page: Page, selector: string, skip = ''): Promise<string[]> {
  return page.evaluate(({ selector, skip }) => {
    const seconds = (list: string) => Math.max(...list.split(',').map(value => Number.parseFloat(value) * (value.trim().endsWith('ms')
      ? 0.001
      : 1)))
    return [
      ...document.querySelectorAll(selector),
    ]
      .filter(element => !skip || !element.matches(skip))
      .map(element => ({
        element,
        style: getComputedStyle(element),
      }))
      .filter(({ style }) => seconds(style.transitionDuration) > 0 || (style.animationName !== 'none' && seconds(style.animationDuration) > 0))
      .map(({ element, style }) => `CSS duration ${style.transitionDuration} / ${style.animationDuration} on <${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`)
  }, { selector, skip })
}

/** What is moving on the page right now: running animations, and non-zero CSS durations in the slides. */
async function motionNow(page: Page): Promise<string[]> {
  const running = await page.evaluate(() => document.getAnimations()
    .filter(animation => animation.playState === 'running' && Number(animation.effect?.getComputedTiming().duration ?? 0) > 0)
    .map((animation) => {
      const target = (animation.effect as KeyframeEffect | null)?.target
      return `${animation.constructor.name} ${'transitionProperty' in animation
        ? (animation as CSSTransition).transitionProperty
        : (animation as CSSAnimation).animationName ?? ''} ${animation.effect?.getComputedTiming().duration} ms on <${target?.tagName.toLowerCase()} class="${target?.getAttribute('class') ?? ''}">`
    }))
  return [
    ...new Set([
      ...running,
      ...await declaredMotion(page, '#slide-content *'),
    ]),
  ]
}

/** Transitions of anything but opacity and transform that our styles declare on the slide (Slidev's own elements aside). */
function declaredTransitions(page: Page, slide: number): Promise<string[]> {
  return page.evaluate(({ slide, skip }) => [
    ...document.querySelectorAll(`#slide-content [data-slidev-no="${slide}"] *`),
  ]
    .filter(element => !element.matches(skip))
    .flatMap((element) => {
      const style = getComputedStyle(element)
      const durations = style.transitionDuration.split(',').map(value => Number.parseFloat(value))
      return style.transitionProperty.split(',').map(value => value.trim()).filter((property, index) => durations[index % durations.length]! > 0 && property !== 'opacity' && property !== 'transform').map(property => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> declares a transition of ${property}`)
    }), { slide, skip: slidevOwn })
}

interface Motion { kind: string, properties: string[], slide: number, element: string }

/** The transitions and animations that started in a slide since the last call (see slide-inspector). */
function takeMotion(page: Page): Promise<Motion[]> {
  return page.evaluate(() => (window as any).__deckInspector.takeMotion() as Motion[])
}

const describeMotion = (motion: Motion) => `${motion.kind} of ${motion.properties.join(', ')} on ${motion.element}`

async function waitForUrlChange(page: Page, before: string): Promise<void> {
  const deadline = Date.now() + 3000
  while (page.url() === before && Date.now() < deadline)
    await page.waitForTimeout(20)
}

/** Two frames: long enough for a 0 s transition to end, far too short for any real one. */
const twoFrames = (page: Page) => page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))

function label(slide: number, click: number) {
  return `slide ${slide}${click
    ? ` click ${click}`
    : ''}`
}

/**
 * Shows `slide` at click 0, then presses "next" through each of its clicks, calling `each`
 * once the click has settled. Pressing, not setting `?clicks=` in the URL: after a URL change
 * the slide may still show the previous click for a moment, after a press it does not.
 */
async function clickThrough(session: DeckSession, slide: SlideOutline, each: (click: number) => Promise<void>): Promise<void> {
  const { page } = session
  await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}`)
  await waitForSlideSettled(page, slide.no)
  await each(0)
  for (let click = 1; click <= slide.clicks; click++) {
    const before = page.url()
    await page.keyboard.press('ArrowRight')
    await waitForUrlChange(page, before)
    const at = positionOf(page.url())
    if (at.slide !== slide.no || at.clicks !== click)
      await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}?clicks=${click}`)
    await waitForSlideSettled(page, slide.no)
    await twoFrames(page)
    await each(click)
  }
}

/**
 * The whole talk under reduced motion, pressed through with the keyboard: what still moved
 * two frames after each press, a screenshot of each click's state taken then, and each
 * slide's last click against its light baseline once settled.
 */
const reducedMotionTalk = shared(async () => {
  const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', reducedMotion: 'reduce' })
  const comparer = await openComparer(deck.browser)
  const { page } = session
  const outline = await readOutline(session, deck.server)
  await page.goto(`${deck.server.url}#/1`)
  await waitForSlideSettled(page, 1)
  // Every font face loaded up front: a face first used on a click (Fira Code on the first code
  // slide) swaps in when it arrives, which is loading, not motion (a CI run saw it on slide 4).
  await page.evaluate(() => Promise.all([...document.fonts].map(face => face.load())))
  const reduced = await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)
  const moving: string[] = []
  const navigation: string[] = []
  const baselines: string[] = []
  const clickShots = new Map<string, { png: Buffer }>()
  await takeMotion(page)

  let steps = 0
  for (const slide of outline) {
    for (let click = 0; click <= slide.clicks; click++) {
      const where = label(slide.no, click)
      if (steps++ > 0) {
        const before = page.url()
        await page.keyboard.press('ArrowRight')
        await waitForUrlChange(page, before)
        await twoFrames(page)
        const now = [
          ...new Set([
            ...(await takeMotion(page)).map(describeMotion),
            ...await motionNow(page),
          ]),
        ].slice(0, 5)
        if (now.length)
          moving.push(`${where}: moved after the press: ${now.join('; ')}`)
      }
      const at = positionOf(page.url())
      if (at.slide !== slide.no || at.clicks !== click) {
        navigation.push(`${where}: the keyboard reached slide ${at.slide} click ${at.clicks} instead`)
        await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}?clicks=${click}`)
        await twoFrames(page)
      }
      else if (click > 0) {
        clickShots.set(where, { png: await screenshotCanvas(session) })
      }
    }
    await waitForSlideSettled(page, slide.no, 1500).catch(() => moving.push(`slide ${slide.no}: not settled 1.5 s after the press`))
    const path = baselinePath('light', slide.no)
    if (!updatingBaselines && existsSync(path)) {
      const comparison = await comparePngs(comparer.page, readFileSync(path), await screenshotCanvas(session, { compact: true }))
      if (comparison.sizeMismatch || comparison.ratio > tolerance.maxDifferingRatio)
        baselines.push(`slide ${slide.no}: its last click differs from tests/e2e/baselines/light (${comparison.differing} pixels) under reduced motion`)
    }
  }
  await comparer.close()
  await session.close()
  process.stdout.write(`reduced motion: ${steps} steps walked with the keyboard, ${moving.length + navigation.length + baselines.length} problems\n`)
  return {
    outline,
    reduced,
    steps,
    moving,
    navigation,
    baselines,
    clickShots,
    problems: session.problems,
  }
})

describe('prefers-reduced-motion: reduce, the whole talk from the keyboard', () => {
  it('reaches every click, and nothing moves after any press', async () => {
    const { outline, reduced, steps, moving, navigation, problems } = await reducedMotionTalk()
    expect(reduced, 'the browser reports reduced motion').toBe(true)
    expect(steps).toBe(outline.reduce((sum, slide) => sum + slide.clicks + 1, 0))
    expect(navigation).toEqual([])
    expect(moving).toEqual([])
    expect(problems.filter(problem => problem.kind === 'console error' || problem.kind === 'page error')).toEqual([])
  })

  it('every click shows at once the state the animated deck settles on', async () => {
    const { outline, clickShots } = await reducedMotionTalk()
    expect(clickShots.size, 'one screenshot per click').toBe(outline.reduce((sum, slide) => sum + slide.clicks, 0))
    // The same deck with motion allowed, each click visited once everything has settled.
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', instantTransitions: true })
    const comparer = await openComparer(deck.browser)
    await session.page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(session.page, 1)
    await session.page.evaluate(() => Promise.all([...document.fonts].map(face => face.load())))
    const differing: string[] = []
    for (const slide of outline.filter(slide => slide.clicks > 0)) {
      await clickThrough(session, slide, async (click) => {
        const shot = clickShots.get(label(slide.no, click))
        if (!shot)
          return
        const comparison = await comparePngs(comparer.page, await screenshotCanvas(session), shot.png)
        if (comparison.sizeMismatch || comparison.ratio > tolerance.maxDifferingRatio)
          differing.push(`${label(slide.no, click)}: two frames after the press, ${comparison.differing} pixels differ from the settled state`)
      })
    }
    await comparer.close()
    await session.close()
    expect(differing).toEqual([])
  })

  it('every slide\'s last click matches its baseline', async () => {
    const { baselines } = await reducedMotionTalk()
    expect(baselines).toEqual([])
  })
})

describe('motion allowed', () => {
  it('every click of every slide animates, and our styles declare, only opacity and transform', async () => {
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light' })
    const { page } = session
    const outline = await readOutline(session, deck.server)
    await page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(page, 1)
    const others: string[] = []
    let animated = 0
    for (const slide of outline) {
      await clickThrough(session, slide, async (click) => {
        // What the slide's entrance animated is Slidev's; each click's motion is ours.
        for (const motion of await takeMotion(page)) {
          if (click === 0 || motion.slide !== slide.no)
            continue
          animated++
          if (motion.properties.some(property => property !== 'opacity' && property !== 'transform'))
            others.push(`${label(slide.no, click)}: ${describeMotion(motion)}`)
        }
        // And what our styles declare, whether or not this click sets it off.
        others.push(...(await declaredTransitions(page, slide.no)).map(what => `${label(slide.no, click)}: ${what}`))
      })
    }
    await session.close()
    expect(animated, 'the clicks animate something (the recorder sees the transitions)').toBeGreaterThan(0)
    expect([
      ...new Set(others),
    ]).toEqual([])
  })
})

describe('print, as slidev export renders the deck', () => {
  it.each([
    ['@media print', 'media'],
    ['html.print', 'class'],
  ] as const)('under %s, nothing on any click of any slide transitions or animates', async (_, how) => {
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light' })
    const { page } = session
    const outline = await readOutline(session, deck.server)
    if (how === 'media')
      await page.emulateMedia({ media: 'print' })
    await page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(page, 1)
    if (how === 'class')
      await page.evaluate(() => document.documentElement.classList.add('print'))
    const found: string[] = []
    await takeMotion(page)
    for (const slide of outline) {
      await clickThrough(session, slide, async (click) => {
        const declared = await declaredMotion(page, `#slide-content [data-slidev-no="${slide.no}"] *`, slidevOwn)
        const ran = (await takeMotion(page)).filter(motion => !motion.element.includes('slidev-'))
        found.push(...[
          ...declared,
          ...ran.map(describeMotion),
        ].map(what => `${label(slide.no, click)}: ${what}`))
      })
    }
    await session.close()
    expect([
      ...new Set(found),
    ]).toEqual([])
  })
})

describe('the controls, from the keyboard', () => {
  it('every control Slidev draws can be reached with Tab, and "next" works from the keyboard', async () => {
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', reducedMotion: 'reduce' })
    const { page } = session
    await page.goto(`${deck.server.url}#/2`)
    await waitForSlideSettled(page, 2)
    const buttons = await page.locator('nav button, nav a[href]').evaluateAll(elements => elements
      .filter(element => element.checkVisibility() && !element.closest('button:not(:scope)')?.matches('button') && !(element as HTMLButtonElement).disabled)
      .map(element => element.getAttribute('title') ?? element.querySelector('[title]')?.getAttribute('title') ?? element.textContent?.trim() ?? ''))
    const reached = new Set<string>()
    const focusVisible: string[] = []
    for (let press = 0; press < 60; press++) {
      await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null
        if (!element || element === document.body)
          return null
        const bar = element.closest('nav')?.parentElement
        return {
          title: element.getAttribute('title') ?? element.querySelector('[title]')?.getAttribute('title') ?? element.textContent?.trim() ?? '',
          // The bar is transparent until something in it has focus.
          barOpacity: bar
            ? Number(getComputedStyle(bar).opacity)
            : 1,
        }
      })
      if (!focused)
        continue
      reached.add(focused.title)
      if (focused.barOpacity < 1)
        focusVisible.push(`${focused.title}: the controls bar is at opacity ${focused.barOpacity} while it has focus`)
    }
    expect(buttons.length, 'the controls bar has buttons').toBeGreaterThan(3)
    expect(buttons.filter(title => !reached.has(title)), 'controls Tab never reaches').toEqual([])
    expect(focusVisible).toEqual([])

    await page.locator('nav button[title="Go to next slide"]').focus()
    const before = page.url()
    await page.keyboard.press('Enter')
    await waitForUrlChange(page, before)
    expect(positionOf(page.url()).slide + positionOf(page.url()).clicks, 'Enter on "next" moves on').toBeGreaterThan(positionOf(before).slide + positionOf(before).clicks)
    await session.close()
  })
})
