// `npm run export:notes` for real, from the light walk's record: the rehearsal handout,
// checked with poppler as the deck PDF is: a schedule page, then one page per slide with the
// section and budget in the header, the slide's title and its notes as text, fonts embedded.
import type { Section } from '../../lib/pacing/budget'
import type { DeckSlide } from '../../toolchain/deck-source'
import { mkdirSync, rmSync } from 'node:fs'
import { isBackup, sectionsOf } from '../../lib/pacing/budget'
import { comparable, loadDeck } from '../../toolchain/deck-source'
import { backupHeading } from '../../toolchain/deck/recorded'
import { walkDir } from '../../toolchain/deck/walk'
import { repoPath } from '../../toolchain/paths'
import { run, succeeded } from '../../toolchain/process'
import { expect, test } from './fixtures'
import { fonts, pageCount, pagePicture, pageText } from './poppler'

const handout = repoPath('test-results', 'rehearsal-notes.pdf')
let slides: DeckSlide[] = []
let sections: Section[] = []

test.beforeAll(async () => {
  slides = await loadDeck()
  sections = sectionsOf(slides)
  rmSync(handout, { force: true })
  const output = succeeded(await run('npx', [
    'tsx',
    'scripts/documents.ts',
    'export:notes',
    '--walk',
    walkDir('light'),
    '--output',
    handout,
  ]), 'npm run export:notes').stdout
  console.log(output.trim().split('\n').at(-1))
})

test('has a schedule page, then one page per slide', () => {
  expect(slides.length).toBeGreaterThan(1)
  expect(pageCount(handout)).toBe(slides.length + 1)
})

test('opens with the schedule: every section, its first slide, planned start and budget', () => {
  const schedule = pageText(handout, 1)
  const missing = sections.filter(s => !new RegExp(`${s.index}\\s+.*\\s${s.firstSlide}–${s.lastSlide}\\s+\\d+:\\d\\d\\s+${s.minutes} min`).test(schedule.split('\n').find(line => comparable(line).includes(comparable(s.title))) ?? ''))
  expect(missing.map(s => s.title)).toEqual([])
  expect(schedule).toMatch(new RegExp(`Total\\s+1–${sections.at(-1)!.lastSlide}\\s+${sections.reduce((sum, s) => sum + s.minutes, 0)} min`))
  const backups = slides.filter(isBackup)
  expect(backups.length, 'the deck has backup slides').toBeGreaterThan(0)
  // pdftotext -layout pads the table's columns with spaces.
  expect(schedule).toMatch(new RegExp(`${backupHeading.replace(/[()]/g, '\\$&')}\\s+${backups[0]!.no}–${backups.at(-1)!.no}`))
})

test('heads each slide page with its section and budget, and carries its title and notes as text', () => {
  const problems = slides.flatMap((slide) => {
    const text = pageText(handout, slide.no + 1)
    const section = sections.find(s => slide.no >= s.firstSlide && slide.no <= s.lastSlide)
    const header = text.split('\n').find(line => line.trim())?.trim() ?? ''
    const headed = section
      ? header.startsWith(`§ ${section.index}/${sections.length}`) && header.includes(`budget ${section.minutes} min`)
      : isBackup(slide) && header === backupHeading
    // The notes in full, in order: letters and digits of the markdown against the PDF's. The
    // click badges are set apart from the line they mark, so "click" is left out of both.
    const unclicked = (s: string) => comparable(s).replaceAll('click', '')
    return [
      !headed && `page ${slide.no + 1}: header "${header}" does not name ${section
        ? `section ${section.index} and its ${section.minutes} min budget`
        : 'the backup slides'}`,
      !comparable(text).includes(comparable(`Slide ${slide.no}/${slides.length}: ${slide.title}`)) && `page ${slide.no + 1}: no "Slide ${slide.no}/${slides.length}: ${slide.title}"`,
      (!slide.notes || !unclicked(text).includes(unclicked(slide.notes))) && `page ${slide.no + 1}: the notes of slide ${slide.no} are not all there`,
    ].filter(Boolean)
  })
  expect(problems).toEqual([])
})

test('embeds every font, maps each to Unicode, and uses only the deck\'s fonts', () => {
  const used = fonts(handout)
  expect(used.length).toBeGreaterThan(0)
  expect(used.filter(f => !f.embedded || !f.unicode || !/^(?:Inter|FiraCode)/.test(f.name)).map(f => f.name)).toEqual([])
})

test('its pages are A4 portrait (the schedule and a middle slide as pictures in test-results/notes-pages)', () => {
  const dir = repoPath('test-results', 'notes-pages')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const page of [1, Math.ceil(slides.length / 2) + 1]) {
    const { width, height } = pagePicture(handout, page, `${dir}/notes`, 60)
    expect(height / width, `page ${page} is ${width}x${height}`).toBeCloseTo(297 / 210, 1)
  }
})
