// What the browser tests share: where the two builds are served (playwright.config.ts starts
// them), a deck page watched for problems, and the recorded walk of the project's colour
// scheme (written by walk.setup.ts, read by every check).
import type { DeckPage, DeckProblem } from '../../toolchain/deck/browser'
import type { WalkRecord } from '../../toolchain/deck/walk'
import process from 'node:process'
import { test as base, expect } from '@playwright/test'
import { formatProblems, openDeck } from '../../toolchain/deck/browser'
import { readWalk, walkDir } from '../../toolchain/deck/walk'

// A port per test run, set once by the runner's process and inherited by its workers, so two
// checkouts testing at once on one machine do not meet.
process.env.DECK_PORT ||= String(20_000 + (process.pid % 20_000))
const port = Number(process.env.DECK_PORT)

/** The deck with notes at `/`, and the public build (no notes) under a sub-path, as hosted. */
export const served = {
  notes: { url: `http://127.0.0.1:${port}/`, port, base: '/' },
  public: { url: `http://127.0.0.1:${port + 1}/talks/rust/`, port: port + 1, base: '/talks/rust/' },
}

export const test = base.extend<{ deck: DeckPage }, { record: WalkRecord }>({
  deck: async ({ context, baseURL }, use) => use(await openDeck(context, baseURL!)),
  record: [
    // Playwright reads a fixture's dependencies from its first parameter: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, { project }) => use(readWalk(walkDir(project.use.colorScheme ?? 'light'))),
    { scope: 'worker' },
  ],
})

export { expect }

/** Fails with a readable list when there are problems (no giant object diff). */
export function expectNoProblems(problems: DeckProblem[], what: string): void {
  if (problems.length)
    throw new Error(`${what}:\n${formatProblems(problems)}`)
}
