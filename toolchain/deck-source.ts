import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { parseSync } from '@slidev/parser'
import { load } from '@slidev/parser/fs'
import MarkdownIt from 'markdown-it'
import { repoPath, repoRoot } from './paths'

// The one reader of the deck's markdown, split as @slidev/parser splits it (a note is the HTML
// comment that ends a slide, so a <style> block after it hides the note), with its files, code
// fences and `<<<` snippet imports. Clicks for tools without a browser come from the notes'
// `[click]` markers, which the recorded walk checks against Slidev's own count.

export interface DeckSlide {
  /** 1-based position in the presentation (hidden and disabled slides are not presented). */
  no: number
  /** The file it is written in, from the repository root: `pages/04-memory.md`. */
  file: string
  /** 1-based lines in `file`: of the slide, its content (without frontmatter and notes), its notes (0 without). */
  line: number
  contentLine: number
  notesLine: number
  title: string
  frontmatter: Record<string, unknown>
  content: string
  /** As Slidev sees them; '' when it finds none. */
  notes: string
  /** The click the notes end on (`clicksInNotes`). */
  clicks: number
}

const deckEntry = repoPath('slides.md')
const clickMarker = /\[click(?::(\d+))?\]/g

function lineOf(raw: string, part: string, slideStart: number): number {
  const before = raw.slice(0, Math.max(0, raw.indexOf(part)))
  return slideStart + before.split('\n').length
}

function parseDeck(entry: string, root: string) {
  return load({
    roots: [root],
    userRoot: root,
  }, entry)
}

export async function loadDeck(entry = deckEntry, root = repoRoot): Promise<DeckSlide[]> {
  const { slides } = await parseDeck(entry, root)
  return slides.map(({ source, title, frontmatter, content, note = '' }, i) => ({
    no: i + 1,
    file: relative(root, source.filepath),
    line: source.start + 1,
    title: title ?? '',
    frontmatter,
    content,
    contentLine: lineOf(source.raw, content, source.start),
    notes: note,
    notesLine: note
      ? lineOf(source.raw, note, source.start)
      : 0,
    clicks: clicksInNotes(note),
  }))
}

/** The click the notes end on, as Slidev reads the markers: `[click]` is the next click, `[click:N]` click N. */
export function clicksInNotes(notes: string): number {
  return Array.from(notes.matchAll(clickMarker)).reduce((click, [, at]) => at
    ? Number(at)
    : click + 1, 0)
}

/** Words as a speaker says them: markers and markup removed. */
export function spokenWords(notes: string): string[] {
  return notes.replace(clickMarker, ' ').replace(/<[^>]+>/g, ' ').split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word))
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
 * The entry and every file its slides' `src:` import, resolved as Slidev does. Synchronous,
 * because Slidev's preparser (setup/preparser.ts) needs it while Slidev is loading the deck.
 */
export function deckMarkdownFiles(entry: string): string[] {
  const userRoot = dirname(resolve(entry))
  const files = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file) || !existsSync(file))
      return
    files.add(file)
    for (const { frontmatter: { src } } of parseSync(readFileSync(file, 'utf8'), file).slides) {
      const path = typeof src === 'string' && src.split('#')[0]!
      if (path) {
        visit(path.startsWith('/')
          ? resolve(userRoot, path.slice(1))
          : resolve(dirname(file), path))
      }
    }
  }
  visit(resolve(entry))
  return [...files]
}

export interface CodeFence {
  /** 0-based lines of the opening and the closing fence (the last line, when it is never closed). */
  start: number
  end: number
  /** The language and meta after the opening marker: `py {1|2}`, `md magic-move`. */
  info: string
}

const markdown = new MarkdownIt({ html: true })

/** Every fenced block (``` or ~~~) as markdown-it, Slidev's Markdown parser, reads it. */
export function codeFences(text: string): CodeFence[] {
  // markdown-it's map ends after the closing fence, or at the end of an unclosed one.
  return markdown.parse(text, {}).filter(token => token.type === 'fence').map(({ map, info }) => ({
    start: map![0],
    end: map![1] - 1,
    info: info.trim(),
  }))
}

// `<<< path#region lang {meta}` as Slidev's CLI reads it (node/syntax/snippet.ts, not exported):
// a missing file fails the build, but an unknown region silently inlines the whole file. Pattern
// and markers are Slidev's, verbatim, run only on single lines of our files.
/* eslint-disable regexp/no-super-linear-backtracking */
const snippetImportPattern = /^<<<[ \t]*(\S.*?)(#[\w-]+)?[ \t]*(?:[ \t](\S+?))?[ \t]*(\{.*)?$/

const regionMarkers = [
  { start: /^\s*\/\/\s*#?region\b\s*(.*?)\s*$/, end: /^\s*\/\/\s*#?endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*<!--\s*#?region\b\s*(.*?)\s*-->/, end: /^\s*<!--\s*#?endregion\b\s*(.*?)\s*-->/ },
  { start: /^\s*\/\*\s*#region\b\s*(.*?)\s*\*\//, end: /^\s*\/\*\s*#endregion\b\s*(.*?)\s*\*\// },
  { start: /^\s*#[rR]egion\b\s*(.*?)\s*$/, end: /^\s*#[eE]nd ?[rR]egion\b\s*(.*?)\s*$/ },
  { start: /^\s*#\s*#?region\b\s*(.*?)\s*$/, end: /^\s*#\s*#?endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*(?:--|::|@?REM)\s*#region\b\s*(.*?)\s*$/, end: /^\s*(?:--|::|@?REM)\s*#endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*#pragma\s+region\b\s*(.*?)\s*$/, end: /^\s*#pragma\s+endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*\(\*\s*#region\b\s*(.*?)\s*\*\)/, end: /^\s*\(\*\s*#endregion\b\s*(.*?)\s*\*\)/ },
]
/* eslint-enable regexp/no-super-linear-backtracking */

/** Lines of the region as Slidev would cut it (its marker style nests), or null when Slidev would not find it. */
export function findRegionLines(lines: string[], regionName: string): { start: number, end: number } | null {
  const first = lines.findIndex(line => regionMarkers.some(marker => marker.start.exec(line)?.[1] === regionName))
  const marker = regionMarkers.find(marker => marker.start.exec(lines[first] ?? '')?.[1] === regionName)
  if (!marker)
    return null
  let depth = 1
  for (let i = first + 1; i < lines.length; i++) {
    const ended = marker.end.exec(lines[i]!)?.[1]
    if (marker.start.exec(lines[i]!)?.[1] === regionName)
      depth++
    else if ((ended === regionName || ended === '') && --depth === 0)
      return { start: first + 1, end: i }
  }
  return null
}

export function regionNamesIn(text: string): string[] {
  const names = text.split(/\r?\n/).map(line => regionMarkers.map(marker => marker.start.exec(line)?.[1]).find(name => name))
  return Array.from(new Set(names.filter(name => name !== undefined)))
}

/** One `<<< @/snippets/python/refcount.py#region python` line (`line` 1-based); no region imports the whole file. */
export interface SnippetImport {
  slideFile: string
  line: number
  written: string
  snippetFile: string
  region?: string
  lang?: string
}

export function deckSnippetImports(entry: string): SnippetImport[] {
  const userRoot = dirname(resolve(entry))
  return deckMarkdownFiles(entry).flatMap((slideFile) => {
    const text = readFileSync(slideFile, 'utf8')
    // Slidev expands `<<<` outside code fences, and inside a four-backtick `md magic-move` block.
    const fences = codeFences(text).filter(fence => !/^(?:md|markdown) magic-move/.test(fence.info))
    return text.split(/\r?\n/).flatMap((line, index) => {
      const match = !fences.some(fence => index >= fence.start && index <= fence.end) && snippetImportPattern.exec(line.trimStart())
      if (!match)
        return []
      const written = match[1]!
      const snippetFile = written.startsWith('@/')
        ? resolve(userRoot, written.slice(2))
        : resolve(dirname(slideFile), written)
      return [
        {
          slideFile,
          line: index + 1,
          written,
          snippetFile,
          region: match[2]?.slice(1),
          lang: match[3],
        },
      ]
    })
  })
}

/** A missing file, or a region Slidev would not find, for one import; undefined when it is fine. */
function importProblem(imp: SnippetImport, root: string): string | undefined {
  const where = `${relative(root, imp.slideFile)}:${imp.line}: <<< ${imp.written}${imp.region
    ? `#${imp.region}`
    : ''}`
  const name = relative(root, imp.snippetFile)
  if (name.startsWith('..') || isAbsolute(name))
    return `${where}: snippet ${imp.snippetFile} is outside the project`
  if (!existsSync(imp.snippetFile) || !statSync(imp.snippetFile).isFile())
    return `${where}: snippet file ${name} does not exist`
  if (imp.region === undefined)
    return undefined
  const text = readFileSync(imp.snippetFile, 'utf8')
  if (findRegionLines(text.split(/\r?\n/), imp.region))
    return undefined
  const known = regionNamesIn(text)
  const hint = known.length
    ? `regions in that file: ${known.join(', ')}`
    : 'that file has no regions'
  return `${where}: region "${imp.region}" not found in snippet ${name} (${hint}; Slidev would silently show the whole file)`
}

export function checkDeckImports(entry: string): string[] {
  const root = dirname(resolve(entry))
  return deckSnippetImports(entry).flatMap(imp => importProblem(imp, root) ?? [])
}

export function formatImportProblems(problems: string[]): string {
  return [
    `${problems.length} broken snippet import(s) in the slides:`,
    ...problems.map(problem => `  - ${problem}`),
  ].join('\n')
}
