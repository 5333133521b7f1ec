// Giving the talk from the built deck with no network: presenter view (notes, next slide,
// driving the audience tab), the overview, and keyboard navigation.
import type { Page } from 'playwright-chromium'
import { describe, expect, it } from 'vitest'
import { expectNoProblems, openDeck, positionOf, waitForSlideSettled } from './helpers/deck-page'
import { useServedDeck } from './helpers/served-deck'

const deck = useServedDeck({ base: '/' })

async function waitForPosition(page: Page, expected: { slide: number, clicks?: number }, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    const now = positionOf(page.url())
    if (now.slide === expected.slide && (expected.clicks === undefined || now.clicks === expected.clicks))
      return
    await page.waitForTimeout(40)
  }
  throw new Error(`expected slide ${expected.slide}${expected.clicks !== undefined
    ? ` click ${expected.clicks}`
    : ''}, still at ${page.url()}`)
}

const presenterNotes = (page: Page) => page.locator('.grid-section.note .slidev-note').first()

describe('presenter mode', () => {
  it('shows the notes and the next slide, and drives the audience tab', async () => {
    const session = await openDeck(deck.browser, deck.server, {
      viewport: { width: 1280, height: 720 },
    })
    const { page: presenter, context } = session
    const audience = await context.newPage()
    await audience.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(audience, 1)

    await presenter.goto(`${deck.server.url}#/presenter/1`)
    await presenter.locator('.grid-section.main [data-slidev-no="1"]').waitFor()
    const notes = (await presenterNotes(presenter).textContent() ?? '').trim()
    expect(notes, 'slide 1 notes are shown').not.toBe('')
    expect(notes).not.toMatch(/^No notes/)

    // The "next" pane previews what the next press of → shows: a later click or the next slide.
    const nextPreview = presenter.locator('.grid-section.next [data-slidev-no]').first()
    await nextPreview.waitFor()
    const previewNo = Number(await nextPreview.getAttribute('data-slidev-no'))
    expect([1, 2]).toContain(previewNo)

    await presenter.keyboard.press('ArrowRight')
    await waitForPosition(presenter, { slide: previewNo })
    const moved = positionOf(presenter.url())
    // The audience tab follows the presenter (Slidev syncs tabs of one deck.browser).
    await waitForPosition(audience, moved)

    await presenter.keyboard.press('ArrowDown')
    const later = { slide: moved.slide + 1, clicks: 0 }
    await waitForPosition(presenter, later)
    await waitForPosition(audience, later)
    await presenter.locator(`.grid-section.main [data-slidev-no="${later.slide}"]`).waitFor()
    expect((await presenterNotes(presenter).textContent() ?? '').trim(), `slide ${later.slide} notes are shown`).not.toMatch(/^$|^No notes/)
    await session.close()
    expectNoProblems(session.problems, 'presenter mode')
  })
})

describe('audience view', () => {
  it('arrow keys move by click and by slide', async () => {
    const session = await openDeck(deck.browser, deck.server)
    const { page } = session
    await page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(page, 1)

    await page.keyboard.press('ArrowDown')
    await waitForPosition(page, { slide: 2, clicks: 0 })
    await page.keyboard.press('ArrowUp')
    await waitForPosition(page, { slide: 1 })
    await page.keyboard.press('ArrowRight')
    const next = positionOf(page.url())
    expect(next.slide * 100 + next.clicks, '→ moves forward').toBeGreaterThan(100)
    await page.keyboard.press('ArrowLeft')
    await waitForPosition(page, { slide: 1, clicks: 0 })
    await page.keyboard.press('Space')
    await waitForPosition(page, next)
    await session.close()
    expectNoProblems(session.problems, 'keyboard navigation')
  })

  it('o opens the overview of every slide, and Enter jumps to the chosen one', async () => {
    const session = await openDeck(deck.browser, deck.server, {
      viewport: { width: 1280, height: 720 },
    })
    const { page } = session
    await page.goto(`${deck.server.url}#/1`)
    await waitForSlideSettled(page, 1)

    await page.keyboard.press('o')
    const cards = page.locator('.z-modal [data-slidev-no]')
    await cards.first().waitFor()
    expect(await cards.count(), 'one card per slide').toBeGreaterThan(1)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await waitForPosition(page, { slide: 2 })
    await expect.poll(() => cards.count(), { message: 'the overview closes', timeout: 10_000 }).toBe(0)

    await page.keyboard.press('o')
    await cards.first().waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => cards.count(), { message: 'Escape closes the overview', timeout: 10_000 }).toBe(0)
    await session.close()
    expectNoProblems(session.problems, 'overview')
  })
})
