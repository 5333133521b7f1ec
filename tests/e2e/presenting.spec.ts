// Giving the talk from the built deck with no network: presenter view (notes, next slide,
// driving the audience tab, the pacing box), the overview, the keyboard, Slidev's controls.
import type { Page } from '@playwright/test'
import { clock, pacingAt, sectionsOf } from '../../lib/pacing/budget'
import { loadDeck } from '../../toolchain/deck-source'
import { positionOf } from '../../toolchain/deck/browser'
import { repoPath } from '../../toolchain/paths'
import { expect, expectNoProblems, test } from './fixtures'

function at(page: Page, expected: { no: number, clicks?: number }) {
  return expect.poll(() => {
    const now = positionOf(page.url())
    return now.no === expected.no && (expected.clicks === undefined || now.clicks === expected.clicks)
  }, { message: `expected ${JSON.stringify(expected)}` }).toBe(true)
}
const presenterNotes = (page: Page) => page.locator('.grid-section.note .slidev-note').first()

test.describe('presenter mode', () => {
  test.use({
    viewport: { width: 1280, height: 720 },
  })

  test('shows the notes and the next slide, and drives the audience tab', async ({ deck, context, baseURL }) => {
    const audience = await context.newPage()
    await audience.goto(`${baseURL}#/1`)
    const presenter = deck.page
    await presenter.goto(`${baseURL}#/presenter/1`)
    await presenter.locator('.grid-section.main [data-slidev-no="1"]').waitFor()
    expect((await presenterNotes(presenter).textContent() ?? '').trim(), 'slide 1 notes are shown').not.toMatch(/^$|^No notes/)

    // The "next" pane previews what the next press of → shows: a later click or the next slide.
    const preview = presenter.locator('.grid-section.next [data-slidev-no]').first()
    const previewNo = Number(await preview.getAttribute('data-slidev-no'))
    expect([1, 2]).toContain(previewNo)
    await presenter.keyboard.press('ArrowRight')
    await at(presenter, { no: previewNo })
    const moved = positionOf(presenter.url())
    // The audience tab follows the presenter (Slidev syncs the tabs of one browser).
    await at(audience, moved)

    await presenter.keyboard.press('ArrowDown')
    const later = { no: moved.no + 1, clicks: 0 }
    await at(presenter, later)
    await at(audience, later)
    await presenter.locator(`.grid-section.main [data-slidev-no="${later.no}"]`).waitFor()
    expect((await presenterNotes(presenter).textContent() ?? '').trim(), `slide ${later.no} notes are shown`).not.toMatch(/^$|^No notes/)
    expectNoProblems(deck.problems, 'presenter mode')
  })

  test('the pacing box shows the section, its planned start, the timer and ahead/behind; the audience never sees it', async ({ deck, context, baseURL }) => {
    // The first slide of a later section that starts a whole number of minutes in.
    const sections = sectionsOf(await loadDeck())
    const section = sections.find(s => s.startMinute > 0 && Number.isInteger(s.startMinute))!
    const no = section.firstSlide
    const presenter = deck.page
    await presenter.goto(`${baseURL}#/presenter/${no}`)
    const box = presenter.locator('[data-test="pacing"]')
    await expect(box).toBeVisible()
    const text = (await box.textContent() ?? '').replace(/\s+/g, ' ')
    expect(text).toContain(`§ ${section.index}/${sections.length}`)
    expect(text).toContain(section.title)
    expect(text).toContain(`${section.minutes} min`)
    await expect(box.locator('[data-test="pacing-planned"]')).toHaveText(clock(section.startMinute * 60))
    await expect(box.locator('[data-test="pacing-verdict"]')).toHaveText('start the timer')

    // Start Slidev's own timer (its play button shows on hover), then read the verdict.
    await presenter.locator('.grid-section.bottom .group:has(.i-carbon\\:time)').hover()
    await presenter.locator('.grid-section.bottom .i-carbon\\:play').click()
    await expect(box.locator('[data-test="pacing-elapsed"]')).toHaveText(/^0:0\d$/)
    const elapsed = (await box.locator('[data-test="pacing-elapsed"]').textContent() ?? '').trim()
    const expected = pacingAt(sections, no, Number(elapsed.split(':')[1]))!.verdict
    expect(expected).toBe(`ahead by ${section.startMinute} min`)
    await expect(box.locator('[data-test="pacing-verdict"]')).toHaveText(expected)

    // Legible at a glance: the verdict is set large, and the box fits in the window.
    expect(await box.locator('[data-test="pacing-verdict"]').evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(22)
    const bounds = (await box.boundingBox())!
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(1280)
    await presenter.screenshot({
      path: repoPath('test-results', 'presenter-pacing.png'),
    })

    // The audience tab of the same deck: no pacing box, not even with its controls showing.
    const audience = await context.newPage()
    await audience.goto(`${baseURL}#/${no}`)
    await audience.locator(`#slide-content [data-slidev-no="${no}"]`).waitFor()
    await audience.mouse.move(40, 500)
    await expect(audience.locator('nav'), 'the audience\'s navigation bar is there').not.toHaveCount(0)
    await expect(audience.locator('[data-test="pacing"]')).toHaveCount(0)
    expectNoProblems(deck.problems, 'presenter pacing')
  })
})

test.describe('audience view', () => {
  test('arrow keys move by click and by slide', async ({ deck }) => {
    const { page } = deck
    await deck.goto(1)
    await page.keyboard.press('ArrowDown')
    await at(page, { no: 2, clicks: 0 })
    await page.keyboard.press('ArrowUp')
    await at(page, { no: 1 })
    const next = await deck.press()
    expect(next.no * 100 + next.clicks, '→ moves forward').toBeGreaterThan(100)
    await page.keyboard.press('ArrowLeft')
    await at(page, { no: 1, clicks: 0 })
    await page.keyboard.press('Space')
    await at(page, next)
    expectNoProblems(deck.problems, 'keyboard navigation')
  })

  test('o opens the overview of every slide, and Enter jumps to the chosen one', async ({ deck }) => {
    const { page } = deck
    await deck.goto(1)
    await page.keyboard.press('o')
    const cards = page.locator('.z-modal [data-slidev-no]')
    await cards.first().waitFor()
    expect(await cards.count(), 'one card per slide').toBe((await deck.slides()).length)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await at(page, { no: 2 })
    await expect(cards, 'the overview closes').toHaveCount(0)
    await page.keyboard.press('o')
    await cards.first().waitFor()
    await page.keyboard.press('Escape')
    await expect(cards, 'Escape closes the overview').toHaveCount(0)
    expectNoProblems(deck.problems, 'overview')
  })
})

test.describe('Slidev\'s controls, under reduced motion (the bar shows at once)', () => {
  test.use({ reducedMotion: 'reduce' })

  test('every control Slidev draws can be reached with Tab, and "next" works from the keyboard', async ({ deck }) => {
    const { page } = deck
    await deck.goto(2)
    const buttons = await page.locator('nav button, nav a[href]').evaluateAll(elements => elements
      .filter(element => element.checkVisibility() && !element.closest('button:not(:scope)')?.matches('button') && !(element as HTMLButtonElement).disabled)
      .map(element => element.getAttribute('title') ?? element.querySelector('[title]')?.getAttribute('title') ?? element.textContent?.trim() ?? ''))
    const reached = new Set<string>()
    const unseen: string[] = []
    for (let press = 0; press < 60; press++) {
      await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const element = document.activeElement
        if (!element || element === document.body)
          return null
        const bar = element.closest('nav')?.parentElement
        // The bar is transparent until something in it has focus.
        const title = element.getAttribute('title') ?? element.querySelector('[title]')?.getAttribute('title') ?? element.textContent?.trim() ?? ''
        return {
          title,
          opacity: bar
            ? Number(getComputedStyle(bar).opacity)
            : 1,
        }
      })
      if (!focused)
        continue
      reached.add(focused.title)
      if (focused.opacity < 1)
        unseen.push(`${focused.title}: the controls bar is at opacity ${focused.opacity} while it has focus`)
    }
    expect(buttons.length, 'the controls bar has buttons').toBeGreaterThan(3)
    expect(buttons.filter(title => !reached.has(title)), 'controls Tab never reaches').toEqual([])
    expect(unseen).toEqual([])

    await page.locator('nav button[title="Go to next slide"]').focus()
    const before = positionOf(page.url())
    await page.keyboard.press('Enter')
    await expect.poll(() => positionOf(page.url()).no * 100 + positionOf(page.url()).clicks, 'Enter on "next" moves on').toBeGreaterThan(before.no * 100 + before.clicks)
  })
})
