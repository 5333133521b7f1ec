import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseSync } from '@slidev/parser'
import { load } from '@slidev/parser/fs'
import MarkdownIt from 'markdown-it'
import { repoPath, repoRoot } from './paths'

// The one reader of the deck's markdown, as Slidev itself splits it: @slidev/parser follows
// the `src:` imports in slides.md, separates frontmatter, content and notes exactly as the
// build does (a note is an HTML comment that ends the slide; anything after it, even a
// <style> block, means Slidev sees no note) and reports each slide's file. On top of that:
// the deck's files, its code fences, and text as a speaker or a PDF says it. Clicks for
// tools without a browser come from the notes' `[click]` markers; the recorded walk checks
// them against the click count Slidev registers at run time.

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
  /** Clicks as the notes' `[click]` markers count them (see `clicksInNotes`). */
  clicks: number
  /** Number of `[click]` markers in the notes. */
  clickMarkers: number
}

const deckEntry = repoPath('slides.md')
const clickMarker = /\[click(?::(\d+))?\]/g

function parseDeck(entry: string, root: string) {
  return load({
    roots: [root],
    userRoot: root,
  }, entry)
}

/** The whole deck, in presentation order. */
export async function loadDeck(entry = deckEntry, root = repoRoot): Promise<DeckSlide[]> {
  const data = await parseDeck(entry, root)
  // Hidden and disabled slides are not presented, so they are not numbered either.
  const presented = data.slides.filter(slide => !slide.frontmatter.hide && !slide.frontmatter.disabled)
  return presented.map((slide, i) => {
    const source = slide.source
    const raw = source.raw
    const content = slide.content
    const notes = slide.note ?? ''
    return {
      no: i + 1,
      file: relative(root, source.filepath),
      line: source.start + 1,
      title: slide.title ?? '',
      frontmatter: slide.frontmatter,
      content,
      contentLine: lineOf(raw, content, source.start),
      notes,
      notesLine: notes
        ? lineOf(raw, notes, source.start)
        : 0,
      clicks: clicksInNotes(notes),
      clickMarkers: notes.match(clickMarker)?.length ?? 0,
    }
  })
}

/** 1-based file line where `part` starts inside the slide's raw text. */
function lineOf(raw: string, part: string, slideStart: number): number {
  const at = raw.indexOf(part)
  return slideStart + 1 + (at < 0
    ? 0
    : raw.slice(0, at).split('\n').length - 1)
}

/**
 * The click the notes end on, as Slidev reads the markers: `[click]` is the next click,
 * `[click:N]` click N. A slide whose notes mark every click has that many clicks.
 */
export function clicksInNotes(notes: string): number {
  let click = 0
  for (const [, at] of notes.matchAll(clickMarker)) {
    click = at === undefined
      ? click + 1
      : Number(at)
  }
  return click
}

/** Words as a speaker says them: markers and markup removed. */
export function spokenWords(notes: string): string[] {
  return notes
    .replace(/\[click(?::\d+)?\]/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split(/\s+/)
    .filter(word => /[\p{L}\p{N}]/u.test(word))
}

/** The deck's headmatter (the first slide's frontmatter: title, fonts, speaker, ...). */
export async function loadHeadmatter(): Promise<Record<string, unknown>> {
  return (await parseDeck(deckEntry, repoRoot)).headmatter
}

/** The font families the headmatter asks for (`fonts.sans`, `fonts.mono`, ...). */
export async function headmatterFonts(): Promise<string[]> {
  const fonts = ((await loadHeadmatter()).fonts ?? {}) as Record<string, unknown>
  return ['sans', 'serif', 'mono']
    .flatMap(kind => String(fonts[kind] ?? '').split(','))
    .map(name => name.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean)
}

/** Letters and digits only, lower-cased: how a title compares with text pulled out of a PDF. */
export function comparable(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ') // inline HTML in a heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // markdown links
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/**
 * The deck's Markdown files: the entry, every file its slides' `src:` import (recursively,
 * resolved as Slidev does: `/x.md` from the entry's folder, else from the importing file),
 * and every `pages/*.md` next to the entry (so a page not yet wired into slides.md is
 * checked too). Synchronous, with the parser's own frontmatter reading, because Slidev's
 * preparser (setup/preparser.ts) needs it while Slidev itself is loading the deck.
 */
export function deckMarkdownFiles(entry: string): string[] {
  const userRoot = dirname(resolve(entry))
  const files = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file) || !existsSync(file))
      return
    files.add(file)
    for (const slide of parseSync(readFileSync(file, 'utf8'), file).slides) {
      const src = slide.frontmatter.src
      if (typeof src !== 'string')
        continue
      const path = src.split('#')[0]!
      visit(path.startsWith('/')
        ? resolve(userRoot, path.slice(1))
        : resolve(dirname(file), path))
    }
  }
  visit(resolve(entry))
  const pagesDir = join(userRoot, 'pages')
  if (existsSync(pagesDir)) {
    for (const name of readdirSync(pagesDir).sort()) {
      if (name.endsWith('.md'))
        visit(join(pagesDir, name))
    }
  }
  return [...files]
}

/** One fenced code block in a markdown text. */
export interface CodeFence {
  /** 0-based line of the opening fence. */
  start: number
  /** 0-based line of the closing fence; the text's line count when it is never closed. */
  end: number
  /** What follows the opening marker: the language and meta (`py {1|2}`, `md magic-move`). */
  info: string
}

const markdown = new MarkdownIt({ html: true })

/** Every fenced block (``` or ~~~) as markdown-it, Slidev's Markdown parser, reads it. */
export function codeFences(text: string): CodeFence[] {
  const lines = text.split(/\r?\n/)
  return markdown.parse(text, {}).filter(token => token.type === 'fence').map(({ map, info, markup }) => {
    const [start, after] = map!
    // markdown-it's map ends after the closing fence; an unclosed fence runs to the end.
    const closed = after - 1 > start && lines[after - 1]?.trim().startsWith(markup)
    return {
      start,
      end: closed
        ? after - 1
        : lines.length,
      info: info.trim(),
    }
  })
}
