// What every browser test file starts with: the (cached) build, served on loopback, and
// one Chromium that cannot resolve any other host. Both are closed after the file.
import type { Browser } from 'playwright-chromium'
import type { StaticServer } from '../../../scripts/lib/serve'
import type { DeckProblem } from './deck-page'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from '../../../scripts/lib/chromium'
import { noDnsArg } from '../../../scripts/lib/network-guard'
import { serveDist } from '../../../scripts/lib/serve'
import { cachedDeckBuild } from './deck-build'
import { expectNoProblems } from './deck-page'

export interface ServedDeck {
  browser: Browser
  server: StaticServer
  outDir: string
}

/** Registers the file's beforeAll/afterAll; the returned object is filled in by beforeAll. */
export function useServedDeck(options: { base?: string, withoutNotes?: boolean } = {}): ServedDeck {
  const deck = {} as ServedDeck
  beforeAll(async () => {
    const build = await cachedDeckBuild(options)
    deck.outDir = build.outDir
    deck.server = await serveDist(build.outDir, { base: options.base ?? '/' })
    deck.browser = await launchChromium({
      args: [noDnsArg],
    })
  })
  afterAll(async () => {
    await deck.browser?.close()
    await deck.server?.close()
  })
  return deck
}

/** One test per kind of problem a walk can find, so a failure names what went wrong. */
export function itFindsNoProblemsOfEachKind(
  kinds: Array<[string, DeckProblem['kind'][]]>,
  walked: () => { ran: boolean, problems: DeckProblem[] },
): void {
  for (const [name, wanted] of kinds) {
    it(name, () => {
      const { ran, problems } = walked()
      expect(ran, 'the walk ran').toBe(true)
      expectNoProblems(problems.filter(problem => wanted.includes(problem.kind)), name)
    })
  }
}
