import type { DeckBuild } from '../../../toolchain/build-deck'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import process from 'node:process'
import { buildDeck } from '../../../toolchain/build-deck'
import { repoRoot } from '../../../toolchain/paths'
import { normaliseBase } from '../../../toolchain/serve'

// Everything under these never changes what `slidev build` produces.
const ignoredDirs = new Set([
  'node_modules',
  '.git',
  '.github',
  '.ci',
  'tests',
  'scripts',
  'test-results',
  'exports',
  'bench-results',
  '.slidev',
  'target',
  '__pycache__',
])

// Top-level files that feed the build; everything else at the top (README, scratch files,
// host configs) does not.
const buildFiles = /^(?:slides\.md|.*\.css|package-lock\.json|(?:vite|uno|unocss)\.config\.[cm]?[jt]s)$/

function hashTree(hash: ReturnType<typeof createHash>, dir: string, top: boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name)
    if (entry.name.startsWith('.'))
      continue
    if (entry.isDirectory()) {
      if (!ignoredDirs.has(entry.name) && !entry.name.startsWith('dist'))
        hashTree(hash, path, false)
    }
    else if (entry.isFile() && (!top || buildFiles.test(entry.name))) {
      hash.update(relative(repoRoot, path)).update('\0').update(readFileSync(path)).update('\0')
    }
  }
}

/** A fingerprint of every file that can change the built deck. */
export function deckSourceHash(): string {
  const hash = createHash('sha256')
  hashTree(hash, repoRoot, true)
  return hash.digest('hex').slice(0, 16)
}

const cacheRoot = join(tmpdir(), 'rust-for-python-deck-builds')

/**
 * Builds the deck with the real `slidev build`, once per source fingerprint and options:
 * test files that need the same build share it, and an edit to any slide rebuilds it.
 */
export async function cachedDeckBuild(options: { base?: string, withoutNotes?: boolean } = {}): Promise<DeckBuild & { cached: boolean }> {
  const base = normaliseBase(options.base)
  // `prod`: builds made before NODE_ENV=test was kept out of `slidev build` are not reused.
  const variant = `${base === '/'
    ? 'root'
    : base.replace(/\W+/g, '_')}${options.withoutNotes ? '-public' : ''}-prod`
  const outDir = join(cacheRoot, `${variant}-${deckSourceHash()}`)
  if (existsSync(join(outDir, 'index.html'))) {
    return {
      outDir,
      base,
      withoutNotes: !!options.withoutNotes,
      milliseconds: 0,
      cached: true,
    }
  }

  // Build beside the final folder and rename, so a half-written build is never reused.
  const building = `${outDir}.building-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  const build = await buildDeck({ outDir: building, base, withoutNotes: options.withoutNotes })
  if (existsSync(outDir))
    rmSync(building, { recursive: true, force: true })
  else
    renameSync(building, outDir)
  pruneOldBuilds()
  return { ...build, outDir, cached: false }
}

/** Drops cached builds nobody has written for a day. */
function pruneOldBuilds(): void {
  const dayAgo = Date.now() - 24 * 3600_000
  for (const name of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, name)
    if (statSync(path).mtimeMs < dayAgo)
      rmSync(path, { recursive: true, force: true })
  }
}
