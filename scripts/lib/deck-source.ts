import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from '@slidev/parser/fs'
import { diagramClicks } from '../../lib/diagram-clicks'

// The deck's markdown as Slidev itself splits it: @slidev/parser follows the `src:`
// imports in slides.md, separates frontmatter, content and notes exactly as the build
// does (a note is an HTML comment that ends the slide; anything after it, even a
// <style> block, means Slidev sees no note). On top of that, this module estimates each
// slide's click count statically, so scripts and unit tests need no browser.

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** One slide, with line numbers in the file it is written in. */
export interface DeckSlide {
  /** 1-based position in the presentation. */
  no: number
  /** Repo-relative file the slide is written in, e.g. `pages/04-how-code-runs.md`. */
  file: string
  /** 1-based line of the slide's first line (its `---` separator or frontmatter). */
  line: number
  title: string
  frontmatter: Record<string, unknown>
  /** Slide body without frontmatter and notes. */
  content: string
  /** 1-based line of `content`'s first line. */
  contentLine: number
  /** Speaker notes as Slidev sees them; '' when Slidev finds none. */
  notes: string
  /** 1-based line of the first notes line (after `<!--`), or 0 without notes. */
  notesLine: number
  /** Estimated number of clicks (see `countClicks`). */
  clicks: number
  /** Number of `[click]` markers in the notes. */
  clickMarkers: number
}

/** The whole deck, in presentation order. */
export async function loadDeck(entry = resolve(repoRoot, 'slides.md'), root = repoRoot): Promise<DeckSlide[]> {
  const data = await load({
    roots: [root],
    userRoot: root,
  }, entry)
  // Hidden and disabled slides are not presented, so they are not numbered either.
  const presented = data.slides.filter(slide => !slide.frontmatter.hide && !slide.frontmatter.disabled)
  return presented.map((slide, i) => {
    const source = slide.source
    const raw = source.raw
    const content = slide.content
    const notes = slide.note ?? ''
    return {
      no: i + 1,
      file: relativeTo(root, source.filepath),
      line: source.start + 1,
      title: slide.title ?? '',
      frontmatter: slide.frontmatter,
      content,
      contentLine: lineOf(raw, content, source.start),
      notes,
      notesLine: notes
        ? lineOf(raw, notes, source.start)
        : 0,
      clicks: countClicks(content, slide.frontmatter),
      clickMarkers: countClickMarkers(notes),
    }
  })
}

function relativeTo(root: string, file: string): string {
  const prefix = `${root}/`
  return file.startsWith(prefix)
    ? file.slice(prefix.length)
    : file
}

/** 1-based file line where `part` starts inside the slide's raw text. */
function lineOf(raw: string, part: string, slideStart: number): number {
  const at = raw.indexOf(part)
  if (at < 0)
    return slideStart + 1
  return slideStart + 1 + countNewlines(raw.slice(0, at))
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1
}

export function countClickMarkers(notes: string): number {
  return notes.match(/\[click(?::\d+)?\]/g)?.length ?? 0
}

/**
 * Clicks Slidev will register for a slide, from its markdown: relative clicks
 * (`v-click`, each `<v-clicks>` item, each extra step of a code highlight such as
 * `{1|2-3}`) add up; absolute ones (`v-click="3"`, `<v-clicks at="2">`, `<v-switch>`
 * templates `#N`) set a minimum, and so does a stepped diagram (lib/diagram-clicks.ts, from
 * its data); `clicks:` in the frontmatter wins when larger.
 * `v-after` adds nothing. An estimate for the deck's own idioms, checked against the
 * browser by the e2e walk.
 */
export function countClicks(content: string, frontmatter: Record<string, unknown> = {}): number {
  let relative = 0
  let absolute = 0
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const clicksBlock = /<v-clicks\b([^>]*)>/.exec(line)
    if (clicksBlock) {
      const at = /\bat="?(\d+)/.exec(clicksBlock[1]!)?.[1]
      const end = lines.findIndex((l, j) => j > i && l.includes('</v-clicks>'))
      const body = lines.slice(i + 1, end < 0
        ? undefined
        : end)
      const items = body.filter(l => /^(?:[-*+]|\d+\.)\s/.test(l)).length
      if (at !== undefined)
        absolute = Math.max(absolute, Number(at) + items - 1)
      else
        relative += items
      i = end < 0
        ? lines.length
        : end
      continue
    }
    for (const m of line.matchAll(/(?:<v-click\b|\sv-click\b)(?:\s*=\s*"(\d+)"|\s+at="?(\d+)"?)?/g)) {
      const at = m[1] ?? m[2]
      if (at !== undefined)
        absolute = Math.max(absolute, Number(at))
      else
        relative++
    }
    for (const m of line.matchAll(/<template #(\d+)>/g))
      absolute = Math.max(absolute, Number(m[1]))
    const codeImport = /^<<<[^{]*\{([^}]*)\}/.exec(line) ?? /^```\w*\s*\{([^}]*)\}/.exec(line)
    if (codeImport && codeImport[1]!.includes('|'))
      relative += codeImport[1]!.split('|').length - 1
  }
  const declared = typeof frontmatter.clicks === 'number'
    ? frontmatter.clicks
    : 0
  return Math.max(relative, absolute, diagramClicks(content), declared)
}

/** Words as a speaker says them: markers and markup removed. */
export function spokenWords(notes: string): string[] {
  return notes
    .replace(/\[click(?::\d+)?\]/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split(/\s+/)
    .filter(word => /[\p{L}\p{N}]/u.test(word))
}
