// The public build (no speaker notes) hosted under a sub-path, as on GitHub Pages: deep links
// that survive a reload, no notes anywhere, and its cost against budget.json (sizes and
// names only, never time; `npm run budget` prints the same figures beside Slidev's starter).
// Its every click is walked by the dark walk (walk.setup.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { distFiles, forbiddenFiles, loadBudget, openFirstSlide } from '../../toolchain/budget'
import { loadDeck } from '../../toolchain/deck-source'
import { positionOf } from '../../toolchain/deck/browser'
import { cachedDeckBuild } from '../../toolchain/deck/build'
import { expect, expectNoProblems, served, test } from './fixtures'

test.use({ baseURL: served.public.url })
const budget = loadBudget()
const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`
const textOf = (dir: string) => distFiles(dir).filter(file => /\.(?:js|html|json|css)$/.test(file.path)).map(file => readFileSync(join(dir, file.path), 'utf8')).join('\n')

test('a deep link to the middle slide\'s last click survives a reload, under the base', async ({ deck, baseURL }) => {
  await deck.goto(1)
  const slides = await deck.slides()
  const middle = slides[Math.floor(slides.length / 2)]!.no
  const shown = await deck.goto(middle, 'last')
  const { page } = deck
  // Let Slidev's background preloading finish: a reload mid-way would cancel those requests
  // (net::ERR_ABORTED), which is our doing, not a broken asset.
  await page.waitForLoadState('networkidle')
  await page.reload()
  await deck.settle(middle)
  await page.waitForLoadState('networkidle')
  expect(new URL(page.url()).pathname, 'still under the base after the reload').toBe(new URL(baseURL!).pathname)
  expect(positionOf(page.url()), `reloading shows slide ${middle} at the same click`).toEqual({ no: middle, clicks: shown.clicks })
  expectNoProblems(deck.problems, 'deep link')
})

test('speaker notes stay out of the public build: none in the deck, no note text in its files', async ({ deck }) => {
  await deck.goto(1)
  expect((await deck.slides()).filter(slide => slide.noteHtml).map(slide => slide.no), 'slides with notes').toEqual([])
  // Runs of five plain words from each note. A phrase may also be on a slide or in a snippet;
  // what matters is that the copies from the notes (in the build with notes) are gone.
  const phrases = [
    ...new Set((await loadDeck()).flatMap(slide => slide.notes.match(/[A-Z][a-z]+(?: [a-z]+){4}/g) ?? [])),
  ]
  const count = (text: string, phrase: string) => text.split(phrase).length - 1
  const withNotes = textOf(await cachedDeckBuild())
  const publicText = textOf(await cachedDeckBuild({ base: served.public.base, withoutNotes: true }))
  const checked = phrases.filter(phrase => count(withNotes, phrase) > 0)
  expect(checked.length, 'note phrases are findable in the build with notes (so the search works)').toBeGreaterThan(0)
  expect(checked.filter(phrase => count(publicText, phrase) >= count(withNotes, phrase)), 'note phrases still in the public build').toEqual([])
})

test.describe('the budget in budget.json', () => {
  let outDir = ''
  test.beforeAll(async () => {
    outDir = await cachedDeckBuild({ base: served.public.base, withoutNotes: true })
  })

  test('ships no chunk of a feature the talk does not use', () => {
    expect(forbiddenFiles(outDir, budget), budget.forbiddenChunks.reason).toEqual([])
  })

  test('stays within the total dist/ size', () => {
    const bytes = distFiles(outDir).reduce((sum, file) => sum + file.bytes, 0)
    console.log(`dist/: ${kB(bytes)} of ${kB(budget.distBytes.max)}`)
    expect(bytes, budget.distBytes.reason).toBeLessThanOrEqual(budget.distBytes.max)
    expect(bytes, 'the build has content').toBeGreaterThan(100_000)
  })

  test('the title slide needs no more JavaScript and CSS than allowed, and nothing only later slides use', async ({ context, baseURL }) => {
    const first = await openFirstSlide(context, baseURL!, budget)
    console.log(`first slide: ${kB(first.jsCssBytes)} of JS and CSS in ${first.untilShown.length} responses (budget ${kB(budget.firstSlideJsCssBytes.max)})`)
    expect(first.jsCssBytes, 'something was loaded').toBeGreaterThan(10_000)
    expect(first.jsCssBytes, budget.firstSlideJsCssBytes.reason).toBeLessThanOrEqual(budget.firstSlideJsCssBytes.max)
    expect(first.deferredLoaded, budget.titleSlideLoadsOnly.reason).toEqual([])
  })

  test('the deferred list names chunks that really exist (so the check above can fail)', () => {
    const chunks = distFiles(outDir).map(file => file.path.replace(/^.*\//, '')).filter(name => name.endsWith('.js'))
    expect(budget.titleSlideLoadsOnly.deferred.filter(prefix => !chunks.some(name => name.startsWith(prefix)))).toEqual([])
  })

  // The live run on the ETL chart slide exists on the dev server only (vite.config.ts applies
  // its plugin to `serve`; EtlLiveRun's control sits behind import.meta.env.DEV).
  test('has no live-run control or endpoint: neither the endpoint, its token header, nor the button', () => {
    const text = textOf(outDir)
    expect(text.includes('etl-chart__machine'), 'the ETL chart is in the build').toBe(true)
    expect([
      '__etl-live',
      'x-etl-live-token',
      'Run it live',
      '__ETL_LIVE__',
    ].filter(needle => text.includes(needle))).toEqual([])
  })
})
