// The recorded walk the reading version, the rehearsal handout and `npm run stage` are made
// from: the suite's (--walk DIR), or one made here from a build with notes.
import type { SlideRecord, WalkOptions, WalkRecord } from './walk'
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchChromium } from '../chromium'
import { canvas, formatProblems, openDeck } from './browser'
import { cachedDeckBuild, serveDeck } from './build'
import { pad, readWalk, walkDeck } from './walk'

/**
 * The walk in `walk` (a folder with record.json), else a new one of the deck in `deck` (a
 * build with notes at /) or of the cached build of the current sources.
 */
export async function recordedDeck(options: { walk?: string, deck?: string, log?: (line: string) => void } & Partial<WalkOptions> = {}): Promise<{ record: WalkRecord, dir: string }> {
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
    const context = await browser.newContext({
      viewport: canvas,
      colorScheme: options.colorScheme === 'dark'
        ? 'dark'
        : 'light',
    })
    const record = await walkDeck(await openDeck(context, server.url, { speed: 20 }), server.url, { largePictures: 1.5, ...options, dir })
    const errors = record.problems.filter(problem => /error|failed|left/.test(problem.kind))
    if (errors.length)
      throw new Error(`the deck reported problems while walked:\n${formatProblems(errors)}`)
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

/** Copies the pictures (the large ones) of `slides`, walked into `from`, to `to` as slide-NN.png. */
export function copyPictures(from: string, slides: SlideRecord[], to: string): void {
  mkdirSync(to, { recursive: true })
  for (const slide of slides)
    copyFileSync(join(from, slide.largePicture ?? slide.picture), join(to, `slide-${pad(slide.no)}.png`))
}
