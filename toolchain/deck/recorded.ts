// What the reading version, the rehearsal handout and `npm run stage` are made of: a recorded
// walk of the deck (the suite's, with --walk DIR, or one made here from a build with notes),
// and what the two documents share: the talk's parts, pictures, fonts and HTML helpers.
import type { Section } from '../../lib/pacing/budget'
import type { SlideRecord, WalkOptions, WalkRecord } from './walk'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import MarkdownIt from 'markdown-it'
import { isBackup, sectionsOf } from '../../lib/pacing/budget'
import { launchChromium } from '../chromium'
import { repoPath } from '../paths'
import { newDeckContext, openDeck } from './browser'
import { cachedDeckBuild, serveDeck } from './build'
import { pad, readWalk, walkDeck } from './walk'

const markdown = new MarkdownIt()

/** A title as Slidev renders it: its `inline code` as code, everything else escaped. */
export const inlineTitle = (title: string) => markdown.renderInline(title)

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
    const context = await newDeckContext(browser, {
      colorScheme: options.colorScheme === 'dark'
        ? 'dark'
        : 'light',
    })
    const record = await walkDeck(await openDeck(context, server.url, { speed: 20 }), server.url, { largePictures: 1.5, ...options, dir })
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

/** A section of the talk (the budgets `npm run talk:length` checks), or the backup slides after it (no section). */
export interface Part { id: string, section?: Section, title: string, slides: SlideRecord[] }

export function partsOf(record: WalkRecord): Part[] {
  const parts: Part[] = sectionsOf(record.slides).map(section => ({
    id: `section-${section.index}`,
    section,
    title: inlineTitle(section.title),
    slides: record.slides.filter(s => s.no >= section.firstSlide && s.no <= section.lastSlide),
  }))
  const backups = record.slides.filter(isBackup)
  if (backups.length)
    parts.push({ id: 'backup', title: backupHeading, slides: backups })
  return parts
}

export function escapeHtml(text: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '\'': '&#39;',
  }
  return text.replace(/[&<>"']/g, c => entities[c]!)
}

/** Notes without Slidev's click markers (prose for readers), or with each shown as a "click" badge. */
export function notesHtml(html: string, clicks: 'prose' | 'badges'): string {
  const badge = clicks === 'badges'
    ? '<span class="click-mark">click</span>'
    : ''
  return html.replace(/<span class="slidev-note-click-mark"[^>]*><\/span>/g, badge)
}

/** Copies the pictures (the large ones) of `slides`, walked into `from`, to `to` as slide-NN.png. */
export function copyPictures(from: string, slides: SlideRecord[], to: string): void {
  mkdirSync(to, { recursive: true })
  for (const slide of slides)
    copyFileSync(join(from, slide.largePicture ?? slide.picture), join(to, `slide-${pad(slide.no)}.png`))
}

/**
 * Copies the slides' pictures (the large ones) into `dir/slides/slide-NN.png` and the deck's
 * fonts (Inter and Fira Code from @fontsource, woff2 only) into `dir/fonts`; returns the
 * @font-face rules pointing at them.
 */
export function copyAssets({ record, dir: from }: Recorded, dir: string): string {
  copyPictures(from, record.slides, join(dir, 'slides'))
  mkdirSync(join(dir, 'fonts'), { recursive: true })
  const sheets = {
    'inter': ['400', '600', '700'],
    'fira-code': ['400', '600'],
  }
  return Object.entries(sheets).flatMap(([family, weights]) => weights.map((weight) => {
    const fontsource = repoPath('node_modules', '@fontsource', family)
    return readFileSync(join(fontsource, `${weight}.css`), 'utf8')
      .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '')
      .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_, file: string) => {
        copyFileSync(join(fontsource, 'files', file), join(dir, 'fonts', file))
        return `url(fonts/${file})`
      })
  })).join('\n')
}

/** Runs a document script; its failure is one line, `name: message`. */
export async function documentScript(name: string, make: () => Promise<void>): Promise<void> {
  try {
    await make()
  }
  catch (error) {
    console.error(`${name}: ${error instanceof Error
      ? error.message
      : String(error)}`)
    process.exitCode = 1
  }
}
