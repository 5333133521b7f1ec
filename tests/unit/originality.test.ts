import type { DeckSlide } from '../../toolchain/deck-source'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { afterAll, describe, expect, it } from 'vitest'
import { codeFences, loadDeck } from '../../toolchain/deck-source'
import { repoPath } from '../../toolchain/paths'

// The talk must tell the source post's story in its own words. This finds runs of
// `minWords` or more consecutive words that the deck shares with a reference text, after
// normalising both the same way: lower case, punctuation turned into spaces.

const defaultMinWords = 8

/** A word of slide text and the file line it sits on. */
interface PlacedWord { word: string, line: number }

interface CopiedRun {
  file: string
  line: number
  slideNo: number
  /** `content` (slide text) or `notes`. */
  part: 'content' | 'notes'
  /** The shared words, normalised. */
  words: string
  /** The reference file the run also appears in. */
  reference: string
}

function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
}

/** Every `minWords`-word window of a reference text, joined by single spaces. */
function wordWindows(text: string, minWords = defaultMinWords): Set<string> {
  const words = normaliseWords(text)
  const windows = new Set<string>()
  for (let i = 0; i + minWords <= words.length; i++)
    windows.add(words.slice(i, i + minWords).join(' '))
  return windows
}

/**
 * Slide text a person reads, one entry per line: code imported from snippets (`<<<`),
 * fenced code, <style>/<script> blocks and HTML tags (not their text) are left out.
 */
function proseLines(content: string): string[] {
  const lines = content.split('\n')
  const code = new Set(codeFences(content).flatMap(fence => lines.slice(fence.start, fence.end + 1).map((_, i) => fence.start + i)))
  const prose: string[] = []
  let skipUntil: RegExp | null = null
  for (const [index, line] of lines.entries()) {
    if (skipUntil) {
      if (skipUntil.test(line))
        skipUntil = null
      prose.push('')
      continue
    }
    if (code.has(index)) {
      prose.push('')
      continue
    }
    const block = /^\s*<(style|script)\b/.exec(line)
    if (block) {
      const closing = new RegExp(`</${block[1]}>`)
      if (!closing.test(line))
        skipUntil = closing
      prose.push('')
      continue
    }
    if (/^\s*<<</.test(line)) {
      prose.push('')
      continue
    }
    prose.push(line.replace(/<[^>]*>/g, ' '))
  }
  return prose
}

function placeWords(lines: string[], firstLine: number): PlacedWord[] {
  return lines.flatMap((text, i) => normaliseWords(text).map(word => ({ word, line: firstLine + i })))
}

/** Maximal runs of at least `minWords` words in `words` whose every window is in `windows`. */
function sharedRuns(words: PlacedWord[], windows: Set<string>, minWords: number): PlacedWord[][] {
  const runs: PlacedWord[][] = []
  let runStart = -1
  let runEnd = -1
  for (let i = 0; i + minWords <= words.length; i++) {
    const window = words.slice(i, i + minWords).map(w => w.word).join(' ')
    if (!windows.has(window))
      continue
    if (runStart >= 0 && i <= runEnd - minWords + 1) {
      runEnd = i + minWords
    }
    else {
      if (runStart >= 0)
        runs.push(words.slice(runStart, runEnd))
      runStart = i
      runEnd = i + minWords
    }
  }
  if (runStart >= 0)
    runs.push(words.slice(runStart, runEnd))
  return runs
}

interface ReferenceText { name: string, text: string }

/** Runs of `minWords`+ words that a slide's text or notes share with any reference. */
function findCopiedRuns(slides: DeckSlide[], references: ReferenceText[], minWords = defaultMinWords): CopiedRun[] {
  const indexed = references.map(ref => ({
    name: ref.name,
    windows: wordWindows(ref.text, minWords),
  }))
  const found: CopiedRun[] = []
  for (const slide of slides) {
    const parts = [
      {
        part: 'content' as const,
        words: placeWords(proseLines(slide.content), slide.contentLine),
      },
      {
        part: 'notes' as const,
        words: placeWords(slide.notes.split('\n'), slide.notesLine),
      },
    ]
    for (const { part, words } of parts) {
      for (const ref of indexed) {
        for (const run of sharedRuns(words, ref.windows, minWords)) {
          found.push({
            file: slide.file,
            line: run[0]!.line,
            slideNo: slide.no,
            part,
            words: run.map(w => w.word).join(' '),
            reference: ref.name,
          })
        }
      }
    }
  }
  return found
}

function formatCopiedRun(run: CopiedRun): string {
  return `${run.file}:${run.line} (slide ${run.slideNo}, ${run.part}) shares with ${run.reference}: "${run.words}"`
}

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
