// The public build (no speaker notes) hosted under a sub-path, as on GitHub Pages:
// the same walk as at /, deep links that survive a reload, and no notes in the bundle.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../toolchain/deck-source'
import { cachedDeckBuild } from './helpers/deck-build'
import { expectNoProblems, openDeck, positionOf, waitForSlideSettled } from './helpers/deck-page'
import { itFindsNoProblemsOfEachKind, shared, useServedDeck } from './helpers/served-deck'
import { readOutline, walkServedDeck } from './helpers/walk'

const base = '/talks/rust/'

const deck = useServedDeck({ base, withoutNotes: true })
const walked = shared(() => walkServedDeck(deck))

describe(`the public deck under ${base}`, () => {
  it('walks every click of every slide', async () => {
    expect(deck.server.url).toMatch(/\/talks\/rust\/$/)
    const { outline, walk } = await walked()
    expect(outline.length, 'the deck has more than the title slide').toBeGreaterThan(1)
    expect(walk.slides.map(slide => slide.no), 'the walk reached every slide in order').toEqual(outline.map(slide => slide.no))
  })

  itFindsNoProblemsOfEachKind(async () => (await walked()).problems)

  it('a deep link to the middle slide survives a reload', async () => {
    const { walk } = await walked()
    const middle = walk.slides[Math.floor(walk.slides.length / 2)]!
    const session = await openDeck(deck.browser, deck.server)
    const { page } = session
    const deepLink = `${deck.server.url}#/${middle.no}${middle.clicks
      ? `?clicks=${middle.clicks}`
      : ''}`
    await page.goto(deepLink)
    await waitForSlideSettled(page, middle.no)
    // Let Slidev's background preloading finish: a reload mid-way would cancel those
    // requests (net::ERR_ABORTED), which is our doing, not a broken asset.
    await page.waitForLoadState('networkidle')
    await page.reload()
    await waitForSlideSettled(page, middle.no)
    await page.waitForLoadState('networkidle')
    const after = positionOf(page.url())
    const path = new URL(page.url()).pathname
    await session.close()

    expect(path, 'still under the base after the reload').toBe(base)
    expect(after.slide, `reloading ${deepLink} shows slide ${middle.no}`).toBe(middle.no)
    expect(after.clicks, 'and the same click').toBe(middle.clicks)
    expectNoProblems(session.problems, 'deep link')
  })
})

describe('speaker notes stay out of the public build', () => {
  it('the overview shows no notes for any slide', async () => {
    const session = await openDeck(deck.browser, deck.server)
    const slides = await readOutline(session, deck.server)
    await session.close()
    expect(slides.length).toBeGreaterThan(1)
    expect(slides.filter(slide => slide.notes).map(slide => `slide ${slide.no}: ${slide.notes.slice(0, 60)}`)).toEqual([])
  })

  it('no note text is left in the built files', async () => {
    // Runs of five plain words from each note.
    const phrases = [
      ...new Set((await loadDeck()).flatMap(slide => slide.notes.match(/[A-Z][a-z]+(?: [a-z]+){4}/g) ?? [])),
    ]
    expect(phrases.length, 'the notes have phrases to look for').toBeGreaterThan(0)

    const textOf = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile() && /\.(?:js|html|json|css)$/.test(entry.name))
      .map(entry => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n')
    const count = (text: string, phrase: string) => text.split(phrase).length - 1

    // A phrase may also be on a slide or in a snippet; what matters is that the copies that
    // come from the notes (present in the build with notes) are gone from the public one.
    const withNotes = textOf((await cachedDeckBuild({ base: '/' })).outDir)
    const publicText = textOf(deck.outDir)
    const checked = phrases.filter(phrase => count(withNotes, phrase) > 0)
    expect(checked.length, 'note phrases are findable in the build with notes (so the search works)').toBeGreaterThan(0)
    const leaked = checked.filter(phrase => count(publicText, phrase) >= count(withNotes, phrase))
    expect(leaked, 'note phrases still in the public build').toEqual([])
  })
})
