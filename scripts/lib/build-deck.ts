import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { normaliseBase } from './serve'

/** The repository root (where slides.md lives). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

export const slidevBin = join(projectRoot, 'node_modules', '.bin', 'slidev')

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

/** The `slidev build` arguments for these options (exported so the README and tests agree). */
export function slidevBuildArgs(options: DeckBuildOptions): string[] {
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
  const cwd = options.cwd ?? projectRoot
  const outDir = options.outDir ?? join(cwd, 'dist')
  const args = slidevBuildArgs({ ...options, outDir })
  const started = performance.now()
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    // Vitest sets NODE_ENV=test, and under it Vite bundles Vue's development build (about
    // 150 kB more for the first slide): the tests must see the deck as `npm run build` makes it.
    const { NODE_ENV: _testEnv, ...env } = process.env
    const child = spawn(slidevBin, args, {
      cwd,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: [
        'ignore',
        options.verbose ? 'inherit' : 'pipe',
        options.verbose ? 'inherit' : 'pipe',
      ],
    })
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.once('error', reject)
    child.once('close', resolve)
  })
  const milliseconds = performance.now() - started
  if (code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    const tail = output.join('').split('\n').slice(-60).join('\n')
    throw new Error(`slidev ${args.join(' ')} failed (exit ${code}):\n${tail}`)
  }
  return {
    outDir,
    base: normaliseBase(options.base),
    withoutNotes: !!options.withoutNotes,
    milliseconds,
  }
}
