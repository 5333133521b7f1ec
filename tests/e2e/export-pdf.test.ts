// `npm run export` for real: the PDFs a conference organiser gets, checked with poppler.
import type { DeckSlide as SourceSlide } from '../../toolchain/deck-source'
import type { SlideOutline } from './helpers/walk'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../toolchain/chromium'
import { comparable, headmatterFonts, loadDeck as loadSourceSlides } from '../../toolchain/deck-source'
import { exportTargets } from '../../toolchain/export-deck'
import { repoPath } from '../../toolchain/paths'
import { serveDist } from '../../toolchain/serve'
import { cachedDeckBuild } from './helpers/deck-build'
import { openDeck } from './helpers/deck-page'
import { pageCount, pageText, runTool } from './helpers/poppler'
import { readOutline } from './helpers/walk'

const targets = exportTargets()
const pagePictures = repoPath('test-results', 'pdf-pages')

interface PdfFont { name: string, embedded: boolean, unicode: boolean }

/** `pdffonts` for one page: name, whether embedded, whether it maps to Unicode (text selectable). */
function pageFonts(pdf: string, page: number): PdfFont[] {
  return runTool('pdffonts', [
    '-f',
    String(page),
    '-l',
    String(page),
    pdf,
  ])
    .split('\n')
    .slice(2)
    .filter(line => line.trim())
    .map((line) => {
      // name type [encoding] emb sub uni object ID: read the yes/no columns from the right.
      const columns = line.trim().split(/\s+/)
      const [emb, , uni] = columns.slice(-5, -2)
      return {
        name: columns[0]!.replace(/^[A-Z]{6}\+/, ''),
        embedded: emb === 'yes',
        unicode: uni === 'yes',
      }
    })
}

let sourceSlides: SourceSlide[] = []
let outline: SlideOutline[] = []
let exportOutput = ''

beforeAll(async () => {
  sourceSlides = await loadSourceSlides()
  // The click count of every slide, as the built deck counts them.
  const build = await cachedDeckBuild({ base: '/' })
  const server = await serveDist(build.outDir)
  const browser = await launchChromium()
  try {
    const session = await openDeck(browser, server, { instantTransitions: true })
    outline = await readOutline(session, server)
    await session.close()
  }
  finally {
    await browser.close()
    await server.close()
  }

  rmSync(targets.slides, { force: true })
  rmSync(targets.clicks, { force: true })
  const started = performance.now()
  exportOutput = runTool('npm', ['run', '--silent', 'export'])
  process.stdout.write(`npm run export took ${((performance.now() - started) / 1000).toFixed(1)} s\n${exportOutput}\n`)
})

describe('exports/rust-for-python-developers.pdf', () => {
  it('has one page per slide', () => {
    expect(sourceSlides.length).toBeGreaterThan(1)
    expect(outline.length, 'the built deck has the slides the markdown has').toBe(sourceSlides.length)
    expect(pageCount(targets.slides)).toBe(sourceSlides.length)
  })

  it('each page carries its slide\'s title as selectable text', () => {
    const missing = sourceSlides
      .filter(slide => !comparable(pageText(targets.slides, slide.no)).includes(comparable(slide.title)))
      .map(slide => `page ${slide.no}: no "${slide.title}" in its text`)
    expect(missing).toEqual([])
  })

  it('every font is embedded, maps to Unicode, and is one the deck ships (no fallback)', async () => {
    // The headmatter's fonts, as PDF names spell them ("Fira Code" → "FiraCode..."), plus the
    // KaTeX fonts Slidev bundles for maths.
    const families = [
      ...await headmatterFonts(),
      'KaTeX',
    ].map(name => name.replace(/\s+/g, '').toLowerCase())
    const problems: string[] = []
    for (const slide of sourceSlides) {
      for (const font of pageFonts(targets.slides, slide.no)) {
        const ours = families.some(family => font.name.toLowerCase().startsWith(family))
        if (!font.embedded || !font.unicode || !ours) {
          const what = [!ours && 'a fallback font', !font.embedded && 'not embedded', !font.unicode && 'no Unicode map'].filter(Boolean).join(', ')
          problems.push(`page ${slide.no} ("${slide.title}"): ${font.name}: ${what}`)
        }
      }
    }
    expect(problems, `fonts the deck ships: ${families.join(', ')}`).toEqual([])
  })

  it('writes a few pages as pictures for people to look at', () => {
    rmSync(pagePictures, { recursive: true, force: true })
    mkdirSync(pagePictures, { recursive: true })
    const count = pageCount(targets.slides)
    for (const page of [
      ...new Set([
        1,
        Math.ceil(count / 2),
        count,
      ]),
    ]) {
      runTool('pdftoppm', [
        '-f',
        String(page),
        '-l',
        String(page),
        '-r',
        '72',
        '-png',
        targets.slides,
        join(pagePictures, 'slides'),
      ])
    }
    expect(runTool('ls', [pagePictures]).trim().split('\n').length).toBeGreaterThan(0)
  })
})

describe('exports/rust-for-python-developers-clicks.pdf', () => {
  it('has one page per click state: slides + clicks', () => {
    const clicks = outline.reduce((sum, slide) => sum + slide.clicks, 0)
    expect(pageCount(targets.clicks)).toBe(outline.length + clicks)
  })

  it('each slide\'s last click page shows the same final state as the one-page-per-slide PDF', () => {
    const differing: string[] = []
    let page = 0
    for (const slide of outline) {
      page += slide.clicks + 1
      const final = comparable(pageText(targets.clicks, page))
      const single = comparable(pageText(targets.slides, slide.no))
      if (final !== single)
        differing.push(`slide ${slide.no} (clicks PDF page ${page})`)
    }
    expect(differing).toEqual([])
  })
})
