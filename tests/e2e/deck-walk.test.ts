// The built deck, served at /, walked in Chromium from the first click to the last.
import type { DeckProblem } from './helpers/deck-page'
import type { SlideOutline, WalkResult } from './helpers/walk'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { repoRoot as projectRoot } from '../../scripts/lib/paths'
import { expectNoProblems, openDeck } from './helpers/deck-page'
import { itFindsNoProblemsOfEachKind, useServedDeck } from './helpers/served-deck'
import { readOutline, screenshotFinalStates, walkDeck } from './helpers/walk'

const screenshots = join(projectRoot, 'test-results', 'slides')
const darkScreenshots = join(projectRoot, 'test-results', 'slides-dark')

const deck = useServedDeck({ base: '/' })
let outline: SlideOutline[] = []
let walk: WalkResult | undefined
let walkProblems: DeckProblem[] = []

describe('the deck at /, every click, light mode', () => {
  it('walks from the first slide to the last through every click', async () => {
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'light', instantTransitions: true })
    const started = performance.now()
    outline = await readOutline(session, deck.server)
    walk = await walkDeck(session, deck.server, outline, { screenshotsDir: screenshots })
    const seconds = (performance.now() - started) / 1000
    await session.close()
    walkProblems = session.problems
    const clicks = outline.reduce((sum, slide) => sum + slide.clicks, 0)
    process.stdout.write(`walked ${outline.length} slides, ${clicks} clicks (${walk.steps} steps, ${walk.doubleSteps} double steps retried) in ${seconds.toFixed(1)} s; screenshots in ${screenshots}\n`)

    expect(outline.length, 'the deck has more than the title slide').toBeGreaterThan(1)
    expect(walk.slides.map(slide => slide.no), 'the walk reached every slide in order').toEqual(outline.map(slide => slide.no))
    expect(walk.steps, 'one step per click state').toBe(outline.length + clicks)
  })

  const kinds: Array<[string, DeckProblem['kind'][]]> = [
    [
      '"next" moves one click at a time, as the overview counts them',
      ['navigation'],
    ],
    [
      'no console error and no page error',
      ['console error', 'page error'],
    ],
    [
      'no failed request',
      ['failed request'],
    ],
    [
      'no request leaves the machine',
      ['left the machine'],
    ],
    [
      'nothing visible sticks out of the slide canvas',
      ['outside the canvas'],
    ],
    [
      'no box hides part of its content',
      ['content cut off'],
    ],
    [
      'every slide has a title',
      ['no title'],
    ],
  ]
  itFindsNoProblemsOfEachKind(kinds, () => ({ ran: walk !== undefined, problems: walkProblems }))
})

describe('notes and dark mode', () => {
  it('every slide has speaker notes, with [click] markers where it has clicks', () => {
    expect(walk, 'the walk ran').toBeDefined()
    const problems: DeckProblem[] = []
    for (const slide of outline) {
      const title = walk!.slides[slide.no - 1]?.heading ?? ''
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
    expect(walk, 'the walk ran').toBeDefined()
    const session = await openDeck(deck.browser, deck.server, { colorScheme: 'dark', instantTransitions: true })
    await screenshotFinalStates(session, deck.server, walk!.slides, darkScreenshots)
    const dark = await session.page.evaluate(() => document.documentElement.classList.contains('dark'))
    await session.close()
    expect(dark, 'the deck follows the OS into dark mode').toBe(true)
    expectNoProblems(session.problems, 'dark mode')
  })
})
