// The built deck against budget.json: sizes and names only, never time. `npm run budget`
// prints the same figures next to Slidev's starter deck.
import type { FirstSlideLoad } from '../../toolchain/budget'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { distFiles, forbiddenFiles, loadBudget, loadFirstSlide } from '../../toolchain/budget'
import { useServedDeck } from './helpers/served-deck'

const budget = loadBudget()
// The public build under a sub-path, as the host configs publish it (the audience never
// downloads the speaker notes); the same cached build the sub-path walk uses.
const deck = useServedDeck({ base: '/talks/rust/', withoutNotes: true })
const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`

describe('the budget in budget.json, on the built dist/', () => {
  it('ships no chunk of a feature the talk does not use', () => {
    expect(forbiddenFiles(deck.outDir, budget), budget.forbiddenChunks.reason).toEqual([])
  })

  it('stays within the total dist/ size', () => {
    const bytes = distFiles(deck.outDir).reduce((sum, file) => sum + file.bytes, 0)
    process.stdout.write(`dist/: ${kB(bytes)} of ${kB(budget.distBytes.max)}\n`)
    expect(bytes, budget.distBytes.reason).toBeLessThanOrEqual(budget.distBytes.max)
    expect(bytes, 'the build has content').toBeGreaterThan(100_000)
  })

  let first: FirstSlideLoad | undefined
  it('the title slide needs no more JavaScript and CSS than the budget allows', async () => {
    first = await loadFirstSlide(deck.browser, deck.server, budget)
    process.stdout.write(`first slide: ${kB(first.jsCssBytes)} of JS and CSS in ${first.served.length} responses (budget ${kB(budget.firstSlideJsCssBytes.max)})\n`)
    expect(first.jsCssBytes, 'something was loaded').toBeGreaterThan(10_000)
    expect(first.jsCssBytes, budget.firstSlideJsCssBytes.reason).toBeLessThanOrEqual(budget.firstSlideJsCssBytes.max)
  })

  it('loads nothing before the title slide that only later slides use', () => {
    expect(first, 'the first slide was loaded').toBeDefined()
    expect(first!.deferredLoaded, budget.titleSlideLoadsOnly.reason).toEqual([])
  })

  it('the deferred list names chunks that really exist (so the check above can fail)', () => {
    const chunks = distFiles(deck.outDir).map(file => file.path.replace(/^.*\//, '')).filter(name => name.endsWith('.js'))
    const missing = budget.titleSlideLoadsOnly.deferred.filter(prefix => !chunks.some(name => name.startsWith(prefix)))
    expect(missing).toEqual([])
  })
})

// The live run on the ETL chart slide exists on the dev server only (vite.config.ts applies
// its plugin to `serve`; EtlLiveRun's control sits behind import.meta.env.DEV).
describe('the built dist/ has no live-run control or endpoint', () => {
  it('names neither the endpoint, its token header, nor the button', () => {
    const texts = distFiles(deck.outDir)
      .filter(file => /\.(?:js|html|css)$/.test(file.path))
      .map(file => ({
        path: file.path,
        text: readFileSync(join(deck.outDir, file.path), 'utf8'),
      }))
    expect(texts.some(file => file.text.includes('rows per second')), 'the ETL chart is in the build').toBe(true)
    const found = texts.flatMap(file => [
      '__etl-live',
      'x-etl-live-token',
      'Run it live',
      '__ETL_LIVE__',
    ]
      .filter(needle => file.text.includes(needle))
      .map(needle => `${file.path}: ${needle}`))
    expect(found).toEqual([])
  })
})
