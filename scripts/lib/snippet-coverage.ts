import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fromRepo as repoRelative, repoRoot, walkFiles } from './paths'
import { discoverSamples, isGeneratedSnippetPath, snippetsDir, workspaceMembers } from './samples'
import { deckSnippetImports, regionNamesIn } from './slide-imports'

// No orphans, no dead regions: every file in snippets/ is shown on a slide or exercised by
// a test, and every #region in it is shown on some slide.

export interface SnippetUse {
  /** Repo-relative path of the snippet file. */
  file: string
  /** How it is used, or undefined for an orphan. */
  usedBy?: string
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Whether `text` mentions `path` as a whole path: not as the tail of a longer one
 * (`tests/snippets/x` does not mention `snippets/x`) nor as the head of a longer one.
 */
export function mentionsPath(text: string, path: string): boolean {
  return new RegExp(`(?<![\\w./-])${escapeRegExp(path)}/?(?![\\w./-])`).test(text)
}

/** Files under snippets/ that the conventions cover: samples, their blessed output, manifests. */
function conventionFiles(): Map<string, string> {
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

/** Text of every file under tests/ (where a bigger sample's own test names the files it runs). */
function testTexts(): string[] {
  return walkFiles(join(repoRoot, 'tests'), rel => rel.split('/').includes('node_modules'))
    .filter(file => /\.(?:ts|js|mjs|json|md|txt|py|rs)$/.test(file))
    .map(file => readFileSync(file, 'utf8'))
}

/** Every file under snippets/ with how it is used; `usedBy` undefined marks an orphan. */
export function snippetUses(entry = join(repoRoot, 'slides.md')): SnippetUse[] {
  const imported = new Set(deckSnippetImports(entry).map(imp => imp.snippetFile))
  const conventions = conventionFiles()
  const tests = testTexts()
  return walkFiles(snippetsDir, isGeneratedSnippetPath).map((file) => {
    const rel = repoRelative(file)
    const parent = repoRelative(dirname(file))
    let usedBy: string | undefined
    if (imported.has(file))
      usedBy = 'a slide import'
    else if (conventions.has(file))
      usedBy = conventions.get(file)
    else if (tests.some(text => mentionsPath(text, rel)))
      usedBy = 'a test that names it'
    else if (parent !== 'snippets' && tests.some(text => mentionsPath(text, parent)))
      usedBy = `a test that names its folder ${parent}`
    return { file: rel, usedBy }
  })
}

/** `file#region` for every region defined in a snippet file but imported by no slide. */
export function deadRegions(entry = join(repoRoot, 'slides.md')): string[] {
  const imported = new Set(deckSnippetImports(entry).map(imp => `${imp.snippetFile}#${imp.region ?? ''}`))
  const dead: string[] = []
  for (const file of walkFiles(snippetsDir, isGeneratedSnippetPath)) {
    if (/\.(?:out|stderr|lock|json|toml)$/.test(file))
      continue
    for (const region of regionNamesIn(readFileSync(file, 'utf8'))) {
      if (!imported.has(`${file}#${region}`))
        dead.push(`${repoRelative(file)}#${region}`)
    }
  }
  return dead
}
