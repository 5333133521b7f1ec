// `npm run export:notes` for real: the rehearsal handout, checked with poppler as the deck
// PDF is (tests/e2e/export-pdf.test.ts): a schedule page, then one page per slide with the
// section and budget in the header, the slide's title and its notes as text, fonts embedded.
import type { Section } from '../../lib/pacing/budget'
import type { DeckSlide as SourceSlide } from '../../toolchain/deck-source'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { sectionsOf } from '../../lib/pacing/budget'
import { comparable, loadDeck } from '../../toolchain/deck-source'
import { repoPath } from '../../toolchain/paths'
import { cachedDeckBuild } from './helpers/deck-build'
import { pageCount, pageText, runTool } from './helpers/poppler'

const handout = repoPath('test-results', 'rehearsal-notes.pdf')
const pagePictures = repoPath('test-results', 'notes-pages')

let slides: SourceSlide[] = []
let sections: Section[] = []

beforeAll(async () => {
  slides = await loadDeck()
  sections = sectionsOf(await loadDeck())
  // The deck the other browser tests use (built once, with notes), photographed by the script.
  const build = await cachedDeckBuild({ base: '/' })
  rmSync(handout, { force: true })
  const started = performance.now()
  const output = runTool('npm', [
    'run',
    '--silent',
    'export:notes',
    '--',
    '--deck',
    build.outDir,
    '--output',
    handout,
  ])
  process.stdout.write(`npm run export:notes took ${((performance.now() - started) / 1000).toFixed(1)} s\n${output.split('\n').slice(-2).join('\n')}\n`)
})

describe('the rehearsal handout (npm run export:notes)', () => {
  it('has a schedule page, then one page per slide', () => {
    expect(slides.length).toBeGreaterThan(1)
    expect(pageCount(handout)).toBe(slides.length + 1)
  })

  it('opens with the schedule: every section, its first slide, planned start and budget', () => {
    const schedule = pageText(handout, 1)
    const missing = sections.filter(s => !new RegExp(`${s.index}\\s+.*\\s${s.firstSlide}–${s.lastSlide}\\s+\\d+:\\d\\d\\s+${s.minutes} min`).test(schedule.split('\n').find(line => comparable(line).includes(comparable(s.title))) ?? ''))
    expect(missing.map(s => s.title)).toEqual([])
    expect(schedule).toMatch(new RegExp(`Total\\s+1–${slides.length}\\s+${sections.reduce((sum, s) => sum + s.minutes, 0)} min`))
  })

  it('heads each slide page with its section and budget, and carries its title and notes as text', () => {
    const problems: string[] = []
    for (const slide of slides) {
      const text = pageText(handout, slide.no + 1)
      const section = sections.find(s => slide.no >= s.firstSlide && slide.no <= s.lastSlide)!
      const header = text.split('\n').find(line => line.trim())?.trim() ?? ''
      if (!header.startsWith(`§ ${section.index}/${sections.length}`) || !header.includes(`budget ${section.minutes} min`))
        problems.push(`page ${slide.no + 1}: header "${header}" does not name section ${section.index} and its ${section.minutes} min budget`)
      if (!comparable(text).includes(comparable(`Slide ${slide.no}/${slides.length}: ${slide.title}`)))
        problems.push(`page ${slide.no + 1}: no "Slide ${slide.no}/${slides.length}: ${slide.title}"`)
      // The notes in full, in order: letters and digits of the markdown against the PDF's.
      // The click badges are set apart from the line they mark, so "click" is left out of both.
      const unclicked = (s: string) => comparable(s).replaceAll('click', '')
      if (!slide.notes || !unclicked(text).includes(unclicked(slide.notes)))
        problems.push(`page ${slide.no + 1}: the notes of slide ${slide.no} are not all there`)
    }
    expect(problems).toEqual([])
  })

  it('embeds every font, maps each to Unicode, and uses only the deck\'s fonts', () => {
    const fonts = runTool('pdffonts', [handout]).split('\n').slice(2).filter(line => line.trim()).map((line) => {
      const columns = line.trim().split(/\s+/)
      const [emb, , uni] = columns.slice(-5, -2)
      return {
        name: columns[0]!.replace(/^[A-Z]{6}\+/, ''),
        embedded: emb === 'yes',
        unicode: uni === 'yes',
      }
    })
    expect(fonts.length).toBeGreaterThan(0)
    const wrong = fonts.filter(f => !f.embedded || !f.unicode || !/^(?:Inter|FiraCode)/.test(f.name)).map(f => f.name)
    expect(wrong).toEqual([])
  })

  it('writes two pages as pictures for people to look at', () => {
    rmSync(pagePictures, { recursive: true, force: true })
    mkdirSync(pagePictures, { recursive: true })
    for (const page of [1, 6]) {
      runTool('pdftoppm', [
        '-f',
        String(page),
        '-l',
        String(page),
        '-r',
        '60',
        '-png',
        handout,
        join(pagePictures, 'notes'),
      ])
    }
    expect(runTool('ls', [pagePictures]).trim().split('\n')).toHaveLength(2)
  })
})
