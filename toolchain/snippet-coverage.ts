import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromRepo, repoPath, repoRoot, walkFiles } from './paths'
import { discoverSamples, isGeneratedSnippetPath, workspaceMembers } from './samples'
import { deckSnippetImports, regionNamesIn } from './slide-imports'

// No orphans, no dead regions: every file in snippets/ is shown on a slide, follows a sample
// convention, or is on the reviewed list of files used off the slides (by a test or a tool,
// each with its reason); and every #region in it is shown on some slide.

/** The reviewed list: repo-relative path of each snippet file used off the slides, and why. */
export const offSlideListFile = repoPath('tests', 'snippets', 'off-slide-snippets.json')

export interface SnippetUse {
  /** Repo-relative path of the snippet file. */
  file: string
  /** How it is used, or undefined for an orphan. */
  usedBy?: string
}

export interface CoverageOptions {
  /** The folder holding the deck (`slides.md`) and its `snippets/`. */
  root?: string
  /** Files the sample conventions cover (absolute path → how); the repository's by default. */
  conventions?: Map<string, string>
  /** The reviewed list (JSON: repo-relative path → reason). */
  offSlideList?: string
}

/** Files under snippets/ that the conventions cover: samples, their blessed output, manifests. */
function conventionFiles(): Map<string, string> {
  const snippetsDir = repoPath('snippets')
  const covered = new Map<string, string>()
  for (const sample of discoverSamples()) {
    covered.set(sample.file, `${sample.kind} sample`)
    if (sample.blessedFile && existsSync(sample.blessedFile))
      covered.set(sample.blessedFile, `blessed output of ${sample.source}`)
  }
  covered.set(join(snippetsDir, 'Cargo.toml'), 'the Cargo workspace')
  for (const member of workspaceMembers())
    covered.set(join(member, 'Cargo.toml'), 'a workspace member')
  // The `samples` package's library is compiled with its examples.
  for (const file of walkFiles(join(snippetsDir, 'rust', 'src')))
    covered.set(file, 'the samples crate, built with the examples')
  return covered
}

/** The reviewed list as path → reason; a malformed file is an error that names it. */
export function readOffSlideList(file = offSlideListFile): Map<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${fromRepo(file)}: expected an object mapping each snippet path to the reason it is kept`)
  return new Map(Object.entries(parsed).map(([path, reason]) => {
    if (typeof reason !== 'string' || !reason.trim())
      throw new Error(`${fromRepo(file)}: "${path}" needs a reason (a non-empty string)`)
    return [path, reason]
  }))
}

function snippetFiles(root: string): string[] {
  return walkFiles(join(root, 'snippets'), isGeneratedSnippetPath)
}

/** Every file under snippets/ with how it is used; `usedBy` undefined marks an orphan. */
export function snippetUses(options: CoverageOptions = {}): SnippetUse[] {
  const { root = repoRoot, conventions = conventionFiles(), offSlideList = offSlideListFile } = options
  const imported = new Set(deckSnippetImports(join(root, 'slides.md')).map(imp => imp.snippetFile))
  const offSlide = readOffSlideList(offSlideList)
  return snippetFiles(root).map((file) => {
    const rel = fromRepo(file)
    let usedBy: string | undefined
    if (imported.has(file))
      usedBy = 'a slide import'
    else if (conventions.has(file))
      usedBy = conventions.get(file)
    else if (offSlide.has(rel))
      usedBy = `off the slides: ${offSlide.get(rel)}`
    return { file: rel, usedBy }
  })
}

/**
 * Entries of the reviewed list that should not be there: a file that does not exist, or one
 * a slide or a convention already covers (the list names only what nothing else explains).
 */
export function staleOffSlideEntries(options: CoverageOptions = {}): string[] {
  const { root = repoRoot, conventions = conventionFiles(), offSlideList = offSlideListFile } = options
  const imported = new Set(deckSnippetImports(join(root, 'slides.md')).map(imp => fromRepo(imp.snippetFile)))
  const covered = new Set([
    ...conventions.keys(),
  ].map(fromRepo))
  const existing = new Set(snippetFiles(root).map(fromRepo))
  return [
    ...readOffSlideList(offSlideList).keys(),
  ].flatMap((path) => {
    if (!existing.has(path))
      return [`${path}: no such file under snippets/`]
    if (imported.has(path))
      return [`${path}: a slide imports it`]
    if (covered.has(path))
      return [`${path}: a sample convention covers it`]
    return []
  })
}

/** `file#region` for every region defined in a snippet file but imported by no slide. */
export function deadRegions(root = repoRoot): string[] {
  const imported = new Set(deckSnippetImports(join(root, 'slides.md')).map(imp => `${imp.snippetFile}#${imp.region ?? ''}`))
  const dead: string[] = []
  for (const file of snippetFiles(root)) {
    if (/\.(?:out|stderr|lock|json|toml)$/.test(file))
      continue
    for (const region of regionNamesIn(readFileSync(file, 'utf8'))) {
      if (!imported.has(`${file}#${region}`))
        dead.push(`${fromRepo(file)}#${region}`)
    }
  }
  return dead
}
