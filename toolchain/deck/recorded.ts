// What the reading version, the rehearsal handout and `npm run stage` are made of: a recorded
// walk of the deck (the test suite's, with --walk DIR, or one made here from a build with
// notes), and the few HTML helpers the two pages share.
import type { Section } from '../../lib/pacing/budget'
import type { SlideRecord, WalkOptions, WalkRecord } from './walk'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import MarkdownIt from 'markdown-it'
import { isBackup, sectionsOf } from '../../lib/pacing/budget'
import { launchChromium } from '../chromium'
import { repoPath } from '../paths'
import { newDeckContext, openDeck } from './browser'
import { cachedDeckBuild, serveDeck } from './build'
import { readWalk, walkDeck } from './walk'

export interface Recorded { record: WalkRecord, dir: string }

/**
 * The walk in `walk` (a folder with record.json), else a new one of the deck in `deck` (a
 * build with notes at /) or of the cached build of the current sources.
 */
export async function recordedDeck(options: { walk?: string, deck?: string, log?: (line: string) => void } & Partial<WalkOptions> = {}): Promise<Recorded> {
  if (options.walk) {
    return {
      record: readWalk(options.walk),
      dir: options.walk,
    }
  }
  const log = options.log ?? console.log
  log(options.deck
    ? `Walking the deck in ${options.deck}...`
    : 'Building the deck with its notes (slidev build, cached) and walking it...')
  const server = await serveDeck(options.deck ?? await cachedDeckBuild())
  const browser = await launchChromium()
  try {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rfpd-walk-'))
    const deck = await openDeck(await newDeckContext(browser, {
      colorScheme: options.colorScheme === 'dark'
        ? 'dark'
        : 'light',
    }), server.url, { speed: 20 })
    const record = await walkDeck(deck, server.url, { largePictures: 1.5, ...options, dir })
    const errors = record.problems.filter(problem => /error|failed|left/.test(problem.kind))
    if (errors.length)
      throw new Error(`the deck reported problems while walked:\n${errors.map(p => `  ${p.where}: ${p.kind}: ${p.detail}`).join('\n')}`)
    if (record.slides.every(slide => !slide.noteHtml))
      throw new Error('the deck has no speaker notes: it was built with --without-notes')
    return { record, dir }
  }
  finally {
    await browser.close()
    await server.close()
  }
}

/** The heading of the backup slides, which come after the talk and have no time budget. */
export const backupHeading = 'Backup slides, for questions (not timed)'

/**
 * The talk's sections (the budgets `npm run talk:length` checks), each slide's section, and
 * the backup slides, which belong to none.
 */
export function sectionsOfRecord(record: WalkRecord): { sections: Section[], sectionAt: (no: number) => Section | undefined, backups: SlideRecord[] } {
  const sections = sectionsOf(record.slides)
  return {
    sections,
    sectionAt: no => sections.find(section => no >= section.firstSlide && no <= section.lastSlide),
    backups: record.slides.filter(isBackup),
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '\'': '&#39;',
  })[c]!)
}

const markdown = new MarkdownIt()

/** A title as Slidev renders it: its `inline code` as code, everything else escaped. */
export const inlineTitle = (title: string) => markdown.renderInline(title)

/** Notes without Slidev's click markers (prose for readers), or with each shown as a "click" badge. */
export function notesHtml(html: string, clicks: 'prose' | 'badges'): string {
  return html.replace(/<span class="slidev-note-click-mark"[^>]*><\/span>/g, clicks === 'prose'
    ? ''
    : '<span class="click-mark">click</span>')
}

/** Copies the slides' pictures (the large ones) into `dir` as slide-NN.png. */
export function copyPictures({ record, dir: from }: Recorded, dir: string): void {
  mkdirSync(dir, { recursive: true })
  for (const slide of record.slides)
    copyFileSync(join(from, slide.largePicture ?? slide.picture), join(dir, `slide-${String(slide.no).padStart(2, '0')}.png`))
}

/**
 * Copies the deck's fonts (Inter and Fira Code from @fontsource, woff2 only) into `dir` and
 * returns the @font-face rules pointing at them (as `fonts/...`, from `dir`'s parent).
 */
export function copyFonts(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const sheets = [
    [
      'inter',
      ['400', '600', '700'],
    ],
    [
      'fira-code',
      ['400', '600'],
    ],
  ] as const
  return sheets.flatMap(([family, weights]) => weights.map((weight) => {
    const css = repoPath('node_modules', '@fontsource', family, `${weight}.css`)
    return readFileSync(css, 'utf8')
      .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '')
      .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_, file: string) => {
        copyFileSync(join(dirname(css), 'files', file), join(dir, file))
        return `url(fonts/${file})`
      })
  })).join('\n')
}
