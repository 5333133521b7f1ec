// Every `<<<` import in the slides names an existing snippet file and region. Slidev itself
// only fails on a missing file; for a misspelt region it silently shows the whole file, so
// setup/preparser.ts runs the same check and stops `slidev`/`slidev build` with its message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, describe, expect, it } from 'vitest'
import { checkDeckImports, deckSnippetImports, formatImportProblems } from '../../toolchain/deck-source'
import { repoPath } from '../../toolchain/paths'
import { runSync } from '../../toolchain/process'

const fixtures: string[] = []

/** A tiny deck in a temp folder: slides.md → pages/broken.md, which imports `importLine`. */
function fixtureDeck(importLine: string): string {
  const root = mkdtempSync(join(tmpdir(), 'slide-imports-'))
  fixtures.push(root)
  mkdirSync(join(root, 'pages'))
  mkdirSync(join(root, 'snippets'))
  mkdirSync(join(root, 'setup'))
  writeFileSync(join(root, 'slides.md'), '---\ntheme: none\n---\n\n# Fixture\n\n---\nsrc: ./pages/broken.md\n---\n')
  writeFileSync(join(root, 'pages', 'broken.md'), `# Broken\n\nSome text.\n\n${importLine}\n\n<!--\nNotes.\n-->\n`)
  writeFileSync(join(root, 'snippets', 'sample.py'), '# #region real\nprint("hello")\n# #endregion real\n')
  // The deck's own preparser, exactly as `slidev` loads it from <deck>/setup/.
  writeFileSync(join(root, 'setup', 'preparser.ts'), `export { default } from ${JSON.stringify(repoPath('setup/preparser.ts'))}\n`)
  return root
}

afterAll(() => {
  for (const root of fixtures)
    rmSync(root, { recursive: true, force: true })
})

describe('slide imports', () => {
  it('every <<< import in slides.md and pages/*.md names an existing file and region', () => {
    const imports = deckSnippetImports(repoPath('slides.md'))
    expect(imports.length, 'found no <<< imports at all: is the parser broken?').toBeGreaterThan(0)
    const problems = checkDeckImports(repoPath('slides.md'))
    expect(problems, problems.length
      ? formatImportProblems(problems)
      : '').toEqual([])
  })

  it('names the slide file, line, snippet and region of a missing region', () => {
    const root = fixtureDeck('<<< @/snippets/sample.py#nope python {1}')
    const [problem, ...more] = checkDeckImports(join(root, 'slides.md'))
    expect(more).toEqual([])
    expect(problem).toContain('pages/broken.md:5')
    expect(problem).toContain('snippets/sample.py')
    expect(problem).toContain('region "nope"')
  })

  it('names the slide file and snippet of a missing file, and accepts a correct import', () => {
    const missing = fixtureDeck('<<< @/snippets/missing.py#real python')
    expect(checkDeckImports(join(missing, 'slides.md')))
      .toEqual([
        expect.stringMatching(/pages\/broken\.md:5: .*snippet file snippets\/missing\.py does not exist/),
      ])
    const fine = fixtureDeck('<<< @/snippets/sample.py#real python')
    expect(checkDeckImports(join(fine, 'slides.md'))).toEqual([])
  })

  it('ignores <<< inside ordinary code fences, as Slidev does', () => {
    const root = fixtureDeck('```md\n<<< @/snippets/missing.py#nope\n```')
    expect(checkDeckImports(join(root, 'slides.md'))).toEqual([])
  })

  it('makes the real `slidev build` fail with a message naming the slide and the region', () => {
    const root = fixtureDeck('<<< @/snippets/sample.py#nope python')
    // Fails while parsing, before any bundling, so this takes seconds.
    const result = runSync(process.execPath, [
      repoPath('node_modules/@slidev/cli/bin/slidev.mjs'),
      'build',
      '--out',
      join(root, 'dist'),
      join(root, 'slides.md'),
    ], { timeoutMs: 120_000 })
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.code, `slidev build should have failed:\n${output}`).not.toBe(0)
    expect(output).toContain('pages/broken.md:5')
    expect(output).toContain('region "nope" not found in snippet snippets/sample.py')
  })
})
