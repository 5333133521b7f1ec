// What every browser test file starts with: the (cached) build, served on loopback, and
// one Chromium that cannot resolve any other host. Both are closed after the file.
import type { Browser } from 'playwright-chromium'
import type { StaticServer } from '../../../toolchain/serve'
import type { DeckProblem } from './deck-page'
import { afterAll, beforeAll, it } from 'vitest'
import { launchChromium } from '../../../toolchain/chromium'
import { noDnsArg } from '../../../toolchain/network-guard'
import { serveDist } from '../../../toolchain/serve'
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

/**
 * A result several tests read (a walk of the deck, an axe pass), computed by the first test
 * that asks and shared by the rest: each test still runs alone (`vitest -t name`), and when
 * computing it fails, every test that needs it fails with that error.
 */
export function shared<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined
  return () => result ??= compute()
}

/** The kinds of problem a walk of the deck can find, one test each (so a failure names what went wrong). */
const walkProblemKinds: Array<[string, DeckProblem['kind'][]]> = [
  [
    '"next" moves one click at a time, as the overview counts them',
    ['navigation'],
  ],
  [
    'no console error and no page error',
    ['console error', 'page error'],
  ],
  [
    'no failed request (every asset resolves under the base)',
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

/** One test per kind of walk problem, each reading the problems of the (shared) walk. */
export function itFindsNoProblemsOfEachKind(problems: () => Promise<DeckProblem[]>): void {
  for (const [name, wanted] of walkProblemKinds) {
    it(name, async () => {
      expectNoProblems((await problems()).filter(problem => wanted.includes(problem.kind)), name)
    })
  }
}
