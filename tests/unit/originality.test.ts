import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDeck } from '../../toolchain/deck-source'
import { findCopiedRuns, formatCopiedRun, normaliseWords, proseLines } from '../../toolchain/originality'
import { repoPath } from '../../toolchain/paths'

// The talk retells the source post in its own words: no run of 8 or more consecutive
// words (lower case, punctuation ignored) may also appear in the post or in facts.md.
// Those texts sit beside the repository for its developers (../shared) or are named by
// $SOURCE_TEXTS_DIR; a speaker's clone has neither, and the check is skipped there.
const sharedDir = process.env.SOURCE_TEXTS_DIR
  ? resolve(process.env.SOURCE_TEXTS_DIR)
  : repoPath('..', 'shared')
const referenceFiles = ['source/rust-for-python-developers.md', 'facts.md']
const missing = referenceFiles.filter(name => !existsSync(join(sharedDir, name)))
const skipReason = missing.length === referenceFiles.length
  ? `skipped: the source texts are not at ${sharedDir} (set SOURCE_TEXTS_DIR to check)`
  : undefined

function readReferences() {
  return referenceFiles.map((name) => {
    const path = join(sharedDir, name)
    // Half a shared folder is a broken setup, not a speaker's clone: say so.
    if (!existsSync(path)) {
      throw new Error(`Reference text missing: expected ${path} beside ${missing.length < referenceFiles.length
        ? 'the other source text'
        : 'the repository'}`)
    }
    return {
      name: `shared/${name}`,
      text: readFileSync(path, 'utf8'),
    }
  })
}

describe('originality of the talk', () => {
  if (skipReason)
    console.warn(`originality check ${skipReason}`)
  it.skipIf(skipReason !== undefined)(`shares no run of 8+ words with the source post or facts.md${skipReason
    ? ` (${skipReason})`
    : ''}`, async () => {
    const references = readReferences()
    const slides = await loadDeck()
    expect(slides.length).toBeGreaterThan(30)
    const copied = findCopiedRuns(slides, references)
    expect(copied.map(formatCopiedRun), 'runs copied from a reference text').toEqual([])
  })
})

describe('the copy finder', () => {
  const fixtureDir = mkdtempSync(join(tmpdir(), 'originality-'))
  afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }))

  const copied = 'The python interpreter converts the python code to machine code at run time'
  const reference = { name: 'post', text: `Python is interpreted. ${copied} (Although you can compile).` }

  async function deckWith(page: string) {
    writeFileSync(join(fixtureDir, 'slides.md'), '---\ntitle: Fixture\n---\n\n# Cover\n\n<!--\nHello.\n-->\n\n---\nsrc: ./pages/a.md\n---\n')
    const pages = join(fixtureDir, 'pages')
    mkdirSync(pages, { recursive: true })
    writeFileSync(join(pages, 'a.md'), page)
    return loadDeck(join(fixtureDir, 'slides.md'), fixtureDir)
  }

  it('reports a copied sentence in the notes with its file and line', async () => {
    const slides = await deckWith(`---\nlayout: default\n---\n\n# A slide\n\nOwn words here.\n\n<!--\nFirst line.\n${copied.toUpperCase()}!\n-->\n`)
    const runs = findCopiedRuns(slides, [reference])
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({
      file: 'pages/a.md',
      line: 11,
      part: 'notes',
      reference: 'post',
    })
    expect(runs[0]!.words).toBe(normaliseWords(copied).join(' '))
  })

  it('reports copied slide text split over lines and wrapped in markup', async () => {
    const slides = await deckWith(`---\nlayout: default\n---\n\n# A slide\n\n- **The python interpreter converts the**\n- <span>python code to machine</span> code\n\n<!--\nMy own notes.\n-->\n`)
    const runs = findCopiedRuns(slides, [reference])
    expect(runs.map(r => [r.file, r.line, r.part])).toEqual([
      ['pages/a.md', 7, 'content'],
    ])
  })

  it('allows 7 shared words, and ignores code imported from snippets', async () => {
    const slides = await deckWith(`---\nlayout: default\n---\n\n# A slide\n\nThe python interpreter converts the python code, said nobody.\n\n<<< @/snippets/x.py#the python interpreter converts the python code to machine code\n\n<!--\nNotes.\n-->\n`)
    expect(findCopiedRuns(slides, [reference])).toEqual([])
  })

  it('keeps prose but drops style blocks and snippet imports', () => {
    const lines = proseLines('Text one\n<style>\n.a { color: red }\n</style>\n<<< @/snippets/a.py python\n<b>Text</b> two')
    expect(lines).toEqual([
      'Text one',
      '',
      '',
      '',
      '',
      ' Text  two',
    ])
  })
})
