// The built deck: the real `slidev build`, cached per source fingerprint (every test and
// script that needs a build shares one, and an edit to any slide rebuilds it), and served on
// loopback the way a static host serves it (sirv: files as they are, the app for any other
// page under the base, 404 for a missing asset or anything outside the base).
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { existsSync, globSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, relative } from 'node:path'
import process from 'node:process'
import sirv from 'sirv'
import { repoPath, repoRoot } from '../paths'
import { run, succeeded } from '../process'

export const slidevBin = repoPath('node_modules', '.bin', 'slidev')

/** Slidev's output without colour codes, so it reads in an error message. */
export const plainOutput = { NO_COLOR: '1', FORCE_COLOR: '0' }

/** `base`: where the site is hosted (`/` by default); `withoutNotes`: the public variant. */
export interface BuildOptions { base?: string, withoutNotes?: boolean }

/** `talks/rust` → `/talks/rust/`: the form Vite's `base` and URLs both use. */
export function normaliseBase(base = '/'): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '')
  return trimmed
    ? `/${trimmed}/`
    : '/'
}

/** Runs `slidev build` into `outDir` and times it; throws with Slidev's output when it fails. */
export async function buildDeck(outDir: string, options: BuildOptions & { cwd?: string, verbose?: boolean } = {}): Promise<number> {
  const args = [
    'build',
    '--out',
    outDir,
    '--base',
    normaliseBase(options.base),
  ]
  if (options.withoutNotes)
    args.push('--without-notes')
  const started = performance.now()
  // Vitest sets NODE_ENV=test, under which Vite bundles Vue's development build.
  const result = await run(slidevBin, args, {
    cwd: options.cwd,
    env: { ...plainOutput, NODE_ENV: undefined },
    echo: options.verbose,
  })
  succeeded(result, `slidev ${args.join(' ')}`)
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`slidev ${args.join(' ')} wrote no ${join(outDir, 'index.html')}`)
  return performance.now() - started
}

/** A fingerprint of every file `slidev build` reads: the deck's, and the toolchain its Vite config and preparser import. */
export function deckSourceHash(): string {
  const hash = createHash('sha256')
  const globs = [
    'slides.md',
    'index.html',
    '*.css',
    '*.vue',
    'vite.config.ts',
    'package-lock.json',
    '{pages,components,layouts,lib,setup,public,snippets,data,styles,toolchain}/**',
  ]
  const entries = globSync(globs, {
    cwd: repoRoot,
    withFileTypes: true,
    exclude: entry => ['target', '__pycache__'].includes(entry.name),
  })
  for (const file of entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name)).sort())
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex').slice(0, 16)
}

/** The cached build for `options` (inside node_modules, so a fresh clone builds its own). */
export async function cachedDeckBuild(options: BuildOptions = {}): Promise<string> {
  const variant = `${normaliseBase(options.base).replace(/\W+/g, '_')}${options.withoutNotes ? 'public' : 'notes'}`
  const outDir = repoPath('node_modules', '.cache', 'deck-builds', `${variant}-${deckSourceHash()}`)
  if (existsSync(join(outDir, 'index.html')))
    return outDir
  // Built beside the final folder and renamed, so a half-written build is never reused.
  const building = `${outDir}.building-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  await buildDeck(building, options)
  if (existsSync(outDir))
    rmSync(building, { recursive: true, force: true })
  else
    renameSync(building, outDir)
  return outDir
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path)
  }
  catch {
    return '..' // malformed: refused
  }
}

/** The deck's address (origin plus base, e.g. `http://127.0.0.1:41234/talks/rust/`) and its origin. */
export interface ServedDeck { url: string, origin: string, close: () => Promise<void> }

/** Serves a built deck on 127.0.0.1 under `base`, on `port` (a free one by default). */
export async function serveDeck(dir: string, options: { base?: string, port?: number } = {}): Promise<ServedDeck> {
  const base = normaliseBase(options.base)
  const files = sirv(dir, { single: true, dev: true })
  const notFound = (response: ServerResponse) => void response.writeHead(404).end('not found')
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!
    if (`${path}/` === base)
      return response.writeHead(301, { Location: base }).end()
    // Nothing outside the base, and nothing outside the folder (`..`, however it is spelled).
    if (!path.startsWith(base) || decoded(path).split(/[/\\]/).includes('..'))
      return notFound(response)
    request.url = `/${request.url!.slice(base.length)}`
    files(request, response, () => notFound(response))
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  return { url: `${origin}${base}`, origin, close }
}
