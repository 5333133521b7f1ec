// The pacing box in presenter mode (custom-nav-controls.vue): the current section, its
// planned start, Slidev's timer and "ahead / behind", shown to the speaker and never to the
// audience. Its figures are checked against the same budgets `npm run talk:length` reads.
import type { Section } from '../../lib/pacing/budget'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { clock, pacingAt, sectionsOf } from '../../lib/pacing/budget'
import { loadDeck } from '../../toolchain/deck-source'
import { repoPath } from '../../toolchain/paths'
import { expectNoProblems, openDeck, waitForSlideSettled } from './helpers/deck-page'
import { useServedDeck } from './helpers/served-deck'

const deck = useServedDeck({ base: '/' })
let sections: Section[] = []

beforeAll(async () => {
  sections = sectionsOf(await loadDeck())
})

describe('pacing in presenter mode', () => {
  it('shows the section, its planned start, the timer and ahead/behind; the audience never sees it', async () => {
    // The first slide of the third section: its planned start is a whole number of minutes in.
    const section = sections[2]!
    const no = section.firstSlide
    const session = await openDeck(deck.browser, deck.server, {
      viewport: { width: 1280, height: 720 },
    })
    const { page: presenter, context } = session

    await presenter.goto(`${deck.server.url}#/presenter/${no}`)
    await presenter.locator(`.grid-section.main [data-slidev-no="${no}"]`).waitFor()
    const box = presenter.locator('[data-test="pacing"]')
    await box.waitFor()
    expect(await box.isVisible()).toBe(true)
    const text = (await box.textContent() ?? '').replace(/\s+/g, ' ')
    expect(text).toContain(`§ ${section.index}/${sections.length}`)
    expect(text).toContain(section.title)
    expect(text).toContain(`${section.minutes} min`)
    expect((await box.locator('[data-test="pacing-planned"]').textContent())?.trim()).toBe(clock(section.startMinute * 60))
    expect((await box.locator('[data-test="pacing-verdict"]').textContent())?.trim()).toBe('start the timer')

    // Start Slidev's own timer (its play button shows on hover), then read the verdict.
    await presenter.locator('.grid-section.bottom .group:has(.i-carbon\\:time)').hover()
    await presenter.locator('.grid-section.bottom .i-carbon\\:play').click()
    await expect.poll(async () => (await box.locator('[data-test="pacing-elapsed"]').textContent())?.trim()).toMatch(/^0:0\d$/)
    const elapsed = (await box.locator('[data-test="pacing-elapsed"]').textContent() ?? '').trim()
    const expected = pacingAt(sections, no, Number(elapsed.split(':')[1]))!.verdict
    expect(expected).toBe(`ahead by ${section.startMinute} min`)
    expect((await box.locator('[data-test="pacing-verdict"]').textContent())?.trim()).toBe(expected)

    // Legible at a glance: the verdict is set large, and the box fits in the window.
    const size = await box.locator('[data-test="pacing-verdict"]').evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(22)
    const bounds = (await box.boundingBox())!
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(1280)

    const shots = repoPath('test-results')
    mkdirSync(shots, { recursive: true })
    writeFileSync(join(shots, 'presenter-pacing.png'), await presenter.screenshot())

    // The audience tab of the same deck: no pacing box, not even with its controls showing.
    const audience = await context.newPage()
    await audience.goto(`${deck.server.url}#/${no}`)
    await waitForSlideSettled(audience, no)
    await audience.mouse.move(40, 500)
    await audience.waitForTimeout(300)
    expect(await audience.locator('[data-test="pacing"]').count()).toBe(0)
    expect(await audience.locator('nav').count(), 'the audience\'s navigation bar is there').toBeGreaterThan(0)

    await session.close()
    expectNoProblems(session.problems, 'presenter pacing')
  })
})
