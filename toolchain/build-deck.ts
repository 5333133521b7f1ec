import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoPath, repoRoot } from './paths'
import { run } from './process'
import { normaliseBase } from './serve'

export const slidevBin = repoPath('node_modules', '.bin', 'slidev')

/** Slidev's output without colour codes, so it reads in an error message. */
export const plainOutput = { NO_COLOR: '1', FORCE_COLOR: '0' }

export interface DeckBuildOptions {
  /** Output folder; `dist` by default. */
  outDir?: string
  /** Where the site is hosted, e.g. `/talks/rust/`; `/` by default. */
  base?: string
  /** The public variant: speaker notes left out of the bundle. */
  withoutNotes?: boolean
  /** The folder whose slides.md is built; this project by default. */
  cwd?: string
  /** Echo Slidev's own output instead of keeping it for the error message. */
  verbose?: boolean
}

export interface DeckBuild {
  outDir: string
  base: string
  withoutNotes: boolean
  milliseconds: number
}

/** The `slidev build` arguments for these options. */
function slidevBuildArgs(options: DeckBuildOptions): string[] {
  const args = [
    'build',
    '--out',
    options.outDir ?? 'dist',
    '--base',
    normaliseBase(options.base),
  ]
  if (options.withoutNotes)
    args.push('--without-notes')
  return args
}

/** Runs the real `slidev build` and times it; throws with Slidev's output when it fails. */
export async function buildDeck(options: DeckBuildOptions = {}): Promise<DeckBuild> {
  const cwd = options.cwd ?? repoRoot
  const outDir = options.outDir ?? join(cwd, 'dist')
  const args = slidevBuildArgs({ ...options, outDir })
  const started = performance.now()
  const result = await run(slidevBin, args, {
    cwd,
    // Vitest sets NODE_ENV=test, and under it Vite bundles Vue's development build (about
    // 150 kB more for the first slide): the tests must see the deck as `npm run build` makes it.
    env: { ...plainOutput, NODE_ENV: undefined },
    echo: options.verbose,
  })
  const milliseconds = performance.now() - started
  if (result.code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    const tail = (result.stdout + result.stderr).split('\n').slice(-60).join('\n')
    throw new Error(`slidev ${args.join(' ')} failed (exit ${result.code}):\n${tail}`)
  }
  return {
    outDir,
    base: normaliseBase(options.base),
    withoutNotes: !!options.withoutNotes,
    milliseconds,
  }
}
