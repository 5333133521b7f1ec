// No orphans and no dead regions in snippets/: a file nobody shows or runs rots silently,
// and a region no slide imports is code the audience never sees but the reader maintains.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deckSnippetImports, regionNamesIn } from '../../toolchain/deck-source'
import { fromRepo, repoPath, repoRoot, walkFiles } from '../../toolchain/paths'
import { discoverSamples, isGeneratedSnippetPath, workspaceMembers } from '../../toolchain/samples'

// Every file in snippets/ is shown on a slide, follows a sample convention, or is on the
// reviewed list of files used off the slides (by a test or a tool, each with its reason);
// and every #region in it is shown on some slide.

/** The reviewed list: repo-relative path of each snippet file used off the slides, and why. */
const offSlideListFile = repoPath('tests', 'snippets', 'off-slide-snippets.json')

interface SnippetUse {
  /** Repo-relative path of the snippet file. */
  file: string
  /** How it is used, or undefined for an orphan. */
  usedBy?: string
}

interface CoverageOptions {
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
function readOffSlideList(file = offSlideListFile): Map<string, string> {
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
function snippetUses(options: CoverageOptions = {}): SnippetUse[] {
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
function staleOffSlideEntries(options: CoverageOptions = {}): string[] {
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
function deadRegions(root = repoRoot): string[] {
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

// A deck of three snippets: one a slide shows, one on its reviewed list, one nobody uses.
const fixtureRoot = repoPath('tests', 'fixtures', 'snippet-orphans')
const fixture = {
  root: fixtureRoot,
  conventions: new Map<string, string>(),
  offSlideList: repoPath(fixtureRoot, 'off-slide-snippets.json'),
}
const orphansIn = (uses: ReturnType<typeof snippetUses>) => uses.filter(use => !use.usedBy).map(use => use.file)

describe('snippets/ has no orphans and no dead regions', () => {
  it('finds an orphan, a stale list entry and a dead region in the fixture deck', () => {
    const uses = snippetUses(fixture)
    expect(orphansIn(uses)).toEqual(['tests/fixtures/snippet-orphans/snippets/orphan.py'])
    expect(uses.find(use => use.file.endsWith('/shown.py'))?.usedBy).toBe('a slide import')
    expect(uses.find(use => use.file.endsWith('/tool.py'))?.usedBy).toBe('off the slides: a tool of the fixture runs it')
    expect(staleOffSlideEntries(fixture)).toEqual(['tests/fixtures/snippet-orphans/snippets/gone.py: no such file under snippets/'])
    expect(deadRegions(fixtureRoot)).toEqual(['tests/fixtures/snippet-orphans/snippets/tool.py#unused'])
  })

  it('refuses a list entry without a reason, naming the list and the path', () => {
    expect(() => readOffSlideList(repoPath(fixtureRoot, 'off-slide-no-reason.json')))
      .toThrow('tests/fixtures/snippet-orphans/off-slide-no-reason.json: "tests/fixtures/snippet-orphans/snippets/tool.py" needs a reason')
  })

  it('every file is imported by a slide, is a convention sample or its output, or is on the reviewed list', () => {
    const uses = snippetUses()
    expect(uses.length).toBeGreaterThan(0)
    const orphans = orphansIn(uses)
    expect(
      orphans,
      `Orphan files in snippets/ (import them on a slide, follow a sample convention from `
      + `snippets/README.md, or add them with the reason to tests/snippets/off-slide-snippets.json):\n  ${orphans.join('\n  ')}`,
    ).toEqual([])
  })

  it('the reviewed list names only existing files that nothing else covers', () => {
    const stale = staleOffSlideEntries()
    expect(stale, `Entries to remove from tests/snippets/off-slide-snippets.json:\n  ${stale.join('\n  ')}`).toEqual([])
  })

  it('every #region in a snippet file is imported by some slide', () => {
    const dead = deadRegions()
    expect(
      dead,
      `Regions no slide imports (import them with <<< @/path#region, or remove the markers):\n  ${dead.join('\n  ')}`,
    ).toEqual([])
  })
})
