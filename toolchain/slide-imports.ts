import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { codeFences, deckMarkdownFiles } from './deck-source'

// Slidev 52 inlines `<<< path#region lang {meta}` imports (node/syntax/snippet.ts in the
// Slidev CLI). A missing file fails the build, but an unknown region silently inlines the
// whole file. The pattern and region markers below are copied verbatim from Slidev so this
// check sees exactly what Slidev sees; they only ever run on single lines of our own files.
/* eslint-disable regexp/no-super-linear-backtracking */
const snippetImportPattern = /^<<<[ \t]*(\S.*?)(#[\w-]+)?[ \t]*(?:[ \t](\S+?))?[ \t]*(\{.*)?$/

interface RegionMarker { start: RegExp, end: RegExp }

const regionMarkers: RegionMarker[] = [
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

/** One `<<<` line in a slide file. */
export interface SnippetImport {
  /** The slide file, absolute. */
  slideFile: string
  /** 1-based line in the slide file. */
  line: number
  /** The path as written, e.g. `@/snippets/python/refcount.py`. */
  written: string
  /** The resolved snippet file, absolute. */
  snippetFile: string
  /** Region name without `#`, or undefined when the whole file is imported. */
  region?: string
  /** The language written after the path (`python`, `rust`, ...), if any. */
  lang?: string
}

export interface ImportProblem extends SnippetImport {
  message: string
}

/** Lines of the region as Slidev would cut it, or null when Slidev would not find it. */
export function findRegionLines(lines: string[], regionName: string): { start: number, end: number } | null {
  let chosen: { marker: RegionMarker, start: number } | null = null
  for (let i = 0; i < lines.length && !chosen; i++) {
    for (const marker of regionMarkers) {
      if (marker.start.exec(lines[i]!)?.[1] === regionName) {
        chosen = { marker, start: i + 1 }
        break
      }
    }
  }
  if (!chosen)
    return null
  let depth = 1
  for (let i = chosen.start; i < lines.length; i++) {
    if (chosen.marker.start.exec(lines[i]!)?.[1] === regionName) {
      depth++
      continue
    }
    const ended = chosen.marker.end.exec(lines[i]!)?.[1]
    if ((ended === regionName || ended === '') && --depth === 0)
      return { start: chosen.start, end: i }
  }
  return null
}

/** Names of every region opened in a file's text (by any of Slidev's marker styles). */
export function regionNamesIn(text: string): string[] {
  const names = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    for (const marker of regionMarkers) {
      const name = marker.start.exec(line)?.[1]
      if (name) {
        names.add(name)
        break
      }
    }
  }
  return [...names]
}

/**
 * Every `<<<` import in one slide file. Slidev only expands `<<<` outside code fences,
 * except inside a four-backtick `md magic-move` block, where it expands them too.
 */
function snippetImportsIn(slideFile: string, text: string, userRoot: string): SnippetImport[] {
  const code = new Set<number>()
  for (const fence of codeFences(text)) {
    if (!/^(?:md|markdown) magic-move/.test(fence.info)) {
      for (let line = fence.start; line <= fence.end; line++)
        code.add(line)
    }
  }
  const found: SnippetImport[] = []
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const match = code.has(index)
      ? null
      : snippetImportPattern.exec(line.trimStart())
    if (!match)
      continue
    const written = match[1]!
    found.push({
      slideFile,
      line: index + 1,
      written,
      snippetFile: written.startsWith('@/')
        ? resolve(userRoot, written.slice(2))
        : resolve(dirname(slideFile), written),
      region: match[2]?.slice(1),
      lang: match[3],
    })
  }
  return found
}

/** Every `<<<` import of the deck whose entry is `entry` (slides.md). */
export function deckSnippetImports(entry: string): SnippetImport[] {
  const userRoot = dirname(resolve(entry))
  return deckMarkdownFiles(entry).flatMap(file => snippetImportsIn(file, readFileSync(file, 'utf8'), userRoot))
}

function describe(imp: SnippetImport, root: string): string {
  const where = `${relative(root, imp.slideFile)}:${imp.line}`
  const what = `<<< ${imp.written}${imp.region
    ? `#${imp.region}`
    : ''}`
  return `${where}: ${what}`
}

/** Problems with one import: a missing file, or a region Slidev would not find. */
function checkSnippetImport(imp: SnippetImport, root: string): ImportProblem | null {
  const snippetName = relative(root, imp.snippetFile)
  const escapes = snippetName.startsWith('..') || isAbsolute(snippetName)
  if (escapes)
    return { ...imp, message: `${describe(imp, root)}: snippet ${imp.snippetFile} is outside the project` }
  if (!existsSync(imp.snippetFile) || !statSync(imp.snippetFile).isFile())
    return { ...imp, message: `${describe(imp, root)}: snippet file ${snippetName} does not exist` }
  if (imp.region === undefined)
    return null
  const text = readFileSync(imp.snippetFile, 'utf8')
  if (findRegionLines(text.split(/\r?\n/), imp.region))
    return null
  const known = regionNamesIn(text)
  const hint = known.length
    ? `regions in that file: ${known.join(', ')}`
    : 'that file has no regions'
  return {
    ...imp,
    message: `${describe(imp, root)}: region "${imp.region}" not found in snippet ${snippetName} `
      + `(${hint}; Slidev would silently show the whole file)`,
  }
}

/** All import problems of a deck, each message naming the slide file, line, snippet and region. */
export function checkDeckImports(entry: string): ImportProblem[] {
  const root = dirname(resolve(entry))
  return deckSnippetImports(entry)
    .map(imp => checkSnippetImport(imp, root))
    .filter((problem): problem is ImportProblem => problem !== null)
}

export function formatImportProblems(problems: ImportProblem[]): string {
  return [
    `${problems.length} broken snippet import(s) in the slides:`,
    ...problems.map(problem => `  - ${problem.message}`),
  ].join('\n')
}
