import type { DeckSlide } from './deck-source'
import { codeFences } from './deck-source'

// The talk must tell the source post's story in its own words. This finds runs of
// `minWords` or more consecutive words that the deck shares with a reference text, after
// normalising both the same way: lower case, punctuation turned into spaces.

const defaultMinWords = 8

/** A word of slide text and the file line it sits on. */
interface PlacedWord { word: string, line: number }

export interface CopiedRun {
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

export function normaliseWords(text: string): string[] {
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
export function proseLines(content: string): string[] {
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

export interface ReferenceText { name: string, text: string }

/** Runs of `minWords`+ words that a slide's text or notes share with any reference. */
export function findCopiedRuns(slides: DeckSlide[], references: ReferenceText[], minWords = defaultMinWords): CopiedRun[] {
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

export function formatCopiedRun(run: CopiedRun): string {
  return `${run.file}:${run.line} (slide ${run.slideNo}, ${run.part}) shares with ${run.reference}: "${run.words}"`
}
