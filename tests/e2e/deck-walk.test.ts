// The built deck, served at /, walked in Chromium from the first click to the last.
import type { DeckProblem } from './helpers/deck-page'
import { describe, expect, it } from 'vitest'
import { repoPath } from '../../toolchain/paths'
import { expectNoProblems, openDeck } from './helpers/deck-page'
import { itFindsNoProblemsOfEachKind, shared, useServedDeck } from './helpers/served-deck'
import { screenshotFinalStates, walkServedDeck } from './helpers/walk'

const screenshots = repoPath('test-results', 'slides')
const darkScreenshots = repoPath('test-results', 'slides-dark')

const deck = useServedDeck({ base: '/' })
const walked = shared(() => walkServedDeck(deck, { screenshotsDir: screenshots }))

describe('the deck at /, every click, light mode', () => {
  it('walks from the first slide to the last through every click', async () => {
    const { outline, walk } = await walked()
    const clicks = outline.reduce((sum, slide) => sum + slide.clicks, 0)
    expect(outline.length, 'the deck has more than the title slide').toBeGreaterThan(1)
    expect(walk.slides.map(slide => slide.no), 'the walk reached every slide in order').toEqual(outline.map(slide => slide.no))
    expect(walk.steps, 'one step per click state').toBe(outline.length + clicks)
  })

  itFindsNoProblemsOfEachKind(async () => (await walked()).problems)
})

describe('notes and dark mode', () => {
  it('every slide has speaker notes, with [click] markers where it has clicks', async () => {
    const { outline, walk } = await walked()
    const problems: DeckProblem[] = []
    for (const slide of outline) {
      const title = walk.slides[slide.no - 1]?.heading ?? ''
      if (!slide.notes)
        problems.push({ where: `slide ${slide.no}`, kind: 'no notes', detail: `"${title}" has no speaker notes` })
      else if (slide.clicks > 0 && slide.lastMarker === 0)
        problems.push({ where: `slide ${slide.no}`, kind: 'click markers', detail: `"${title}" has ${slide.clicks} clicks but no [click] marker in its notes` })
      else if (slide.lastMarker > slide.clicks)
        problems.push({ where: `slide ${slide.no}`, kind: 'click markers', detail: `"${title}" notes mark click ${slide.lastMarker}, but the slide has ${slide.clicks} clicks` })
    }
    expectNoProblems(problems, 'speaker notes')
  })

  it('renders every final state in dark mode without errors', async () => {
    const { walk } = await walked()
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'dark', instantTransitions: true })
    await screenshotFinalStates(session, deck.server, walk.slides, darkScreenshots)
    const dark = await session.page.evaluate(() => document.documentElement.classList.contains('dark'))
    await session.close()
    expect(dark, 'the deck follows the OS into dark mode').toBe(true)
    expectNoProblems(session.problems, 'dark mode')
  })
})
