// prefers-reduced-motion: reduce, in the browser: the whole talk given from the keyboard,
// every click checked for anything still moving right after the press, and each slide's
// final state compared with its screenshot baseline (so every step shows its state without
// waiting for an animation). Then the controls Slidev draws, reached with Tab.
import type { Page } from 'playwright-chromium'
import type { SlideOutline } from './helpers/walk'
import { existsSync, readFileSync } from 'node:fs'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { baselinePath, comparePngs, openComparer, tolerance, updatingBaselines } from './helpers/baselines'
import { openDeck, positionOf, waitForSlideSettled } from './helpers/deck-page'
import { useServedDeck } from './helpers/served-deck'
import { readOutline, screenshotCanvas } from './helpers/walk'

const deck = useServedDeck({ base: '/' })

/** What is moving on the page right now: running animations and non-zero CSS durations in the slide. */
function motionNow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const moving: string[] = []
    for (const animation of document.getAnimations()) {
      const duration = Number(animation.effect?.getComputedTiming().duration ?? 0)
      if (animation.playState === 'running' && duration > 0) {
        const target = (animation.effect as KeyframeEffect | null)?.target
        moving.push(`${animation.constructor.name} ${'transitionProperty' in animation
          ? (animation as CSSTransition).transitionProperty
          : (animation as CSSAnimation).animationName ?? ''} ${duration} ms on <${target?.tagName.toLowerCase()} class="${target?.getAttribute('class') ?? ''}">`)
      }
    }
    const seconds = (list: string) => Math.max(...list.split(',').map(value => Number.parseFloat(value) * (value.trim().endsWith('ms')
      ? 0.001
      : 1)))
    for (const element of document.querySelectorAll('#slide-content *')) {
      const style = getComputedStyle(element)
      if (seconds(style.transitionDuration) > 0 || (style.animationName !== 'none' && seconds(style.animationDuration) > 0))
        moving.push(`CSS duration ${style.transitionDuration} / ${style.animationDuration} on <${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`)
    }
    return [
      ...new Set(moving),
    ].slice(0, 5)
  })
}

async function waitForUrlChange(page: Page, before: string): Promise<void> {
  const deadline = Date.now() + 3000
  while (page.url() === before && Date.now() < deadline)
    await page.waitForTimeout(20)
}

let outline: SlideOutline[] = []

describe('prefers-reduced-motion: reduce, the whole talk from the keyboard', () => {
  it('nothing animates after any press, and every slide\'s last click matches its baseline', async () => {
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', reducedMotion: 'reduce' })
    const comparer = await openComparer(deck.browser)
    const { page } = session
    outline = await readOutline(session, deck.server)
    await page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(page, 1)
    const problems: string[] = []
    const reduced = await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)
    expect(reduced, 'the browser reports reduced motion').toBe(true)

    let steps = 0
    for (const slide of outline) {
      for (let click = 0; click <= slide.clicks; click++) {
        const where = `slide ${slide.no}${click
          ? ` click ${click}`
          : ''}`
        if (steps++ > 0) {
          const before = page.url()
          await page.keyboard.press('ArrowRight')
          await waitForUrlChange(page, before)
          // Two frames after the press: long enough for a 0 s transition to end, far too
          // short for any real one.
          await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
          const moving = await motionNow(page)
          if (moving.length)
            problems.push(`${where}: still moving two frames after the press: ${moving.join('; ')}`)
        }
        const at = positionOf(page.url())
        if (at.slide !== slide.no || at.clicks !== click) {
          problems.push(`${where}: the keyboard reached slide ${at.slide} click ${at.clicks} instead`)
          await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}?clicks=${click}`)
        }
      }
      await waitForSlideSettled(page, slide.no, 1500).catch(() => problems.push(`slide ${slide.no}: not settled 1.5 s after the press`))
      const path = baselinePath('light', slide.no)
      if (!updatingBaselines && existsSync(path)) {
        const comparison = await comparePngs(comparer.page, readFileSync(path), await screenshotCanvas(session, { compact: true }))
        if (comparison.sizeMismatch || comparison.ratio > tolerance.maxDifferingRatio)
          problems.push(`slide ${slide.no}: its last click differs from tests/e2e/baselines/light (${comparison.differing} pixels) under reduced motion`)
      }
    }
    await comparer.close()
    await session.close()
    process.stdout.write(`reduced motion: ${steps} steps walked with the keyboard, ${problems.length} problems\n`)
    expect(steps).toBe(outline.reduce((sum, slide) => sum + slide.clicks + 1, 0))
    expect(problems).toEqual([])
    expect(session.problems.filter(problem => problem.kind === 'console error' || problem.kind === 'page error')).toEqual([])
  })

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
