// `npm run export` for real: the PDFs a conference organiser gets, checked with poppler; and
// where the tests and the export find their Chromium, and what they say without one.
import { mkdirSync, rmSync } from 'node:fs'
import process from 'node:process'
import { findChromium } from '../../toolchain/chromium'
import { comparable, headmatterFonts, loadDeck } from '../../toolchain/deck-source'
import { exportTargets, repoPath } from '../../toolchain/paths'
import { run, succeeded } from '../../toolchain/process'
import { expect, test } from './fixtures'
import { fonts, pageCount, pagePicture, pageText } from './poppler'

const targets = exportTargets()

test.describe('npm run export', () => {
  test.describe.configure({ mode: 'serial' })
  test.beforeAll(async () => {
    test.setTimeout(600_000)
    rmSync(targets.slides, { force: true })
    rmSync(targets.clicks, { force: true })
    const started = performance.now()
    const output = succeeded(await run('npm', ['run', '--silent', 'export']), 'npm run export').stdout
    console.log(`npm run export took ${((performance.now() - started) / 1000).toFixed(1)} s\n${output.trim()}`)
  })

  test('one page per slide, each with its title as selectable text', async ({ record }) => {
    const slides = await loadDeck()
    expect(slides.length).toBeGreaterThan(1)
    expect(pageCount(targets.slides)).toBe(slides.length)
    expect(slides.filter(slide => !comparable(pageText(targets.slides, slide.no)).includes(comparable(slide.title))).map(slide => `page ${slide.no}: no "${slide.title}"`)).toEqual([])
    expect(record.slides.length, 'the built deck has the slides the markdown has').toBe(slides.length)
  })

  test('every font is embedded, maps to Unicode, and is one the deck ships (no fallback)', async () => {
    // The headmatter's fonts as PDF names spell them ("Fira Code" → "FiraCode..."), and the
    // KaTeX fonts Slidev bundles for maths.
    const families = [
      ...await headmatterFonts(),
      'KaTeX',
    ].map(name => name.replace(/\s+/g, '').toLowerCase())
    const problems = (await loadDeck()).flatMap(slide => fonts(targets.slides, slide.no).flatMap((font) => {
      const ours = families.some(family => font.name.toLowerCase().startsWith(family))
      const what = [!ours && 'a fallback font', !font.embedded && 'not embedded', !font.unicode && 'no Unicode map'].filter(Boolean).join(', ')
      return what
        ? [`page ${slide.no} ("${slide.title}"): ${font.name}: ${what}`]
        : []
    }))
    expect(problems, `fonts the deck ships: ${families.join(', ')}`).toEqual([])
  })

  test('its first, middle and last pages render at the slides\' 16:9 (pictures in test-results/pdf-pages)', () => {
    const dir = repoPath('test-results', 'pdf-pages')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const count = pageCount(targets.slides)
    for (const page of new Set([
      1,
      Math.ceil(count / 2),
      count,
    ])) {
      const { width, height } = pagePicture(targets.slides, page, `${dir}/slides`)
      expect(width / height, `page ${page} is ${width}x${height}`).toBeCloseTo(16 / 9, 1)
    }
  })

  test('the clicks PDF has one page per click state, and each slide\'s last one shows what the one-page PDF shows', ({ record }) => {
    expect(pageCount(targets.clicks)).toBe(record.steps.length)
    let page = 0
    const differing = record.slides.flatMap((slide) => {
      page += slide.clicks + 1
      return comparable(pageText(targets.clicks, page)) === comparable(pageText(targets.slides, slide.no))
        ? []
        : [`slide ${slide.no} (clicks PDF page ${page})`]
    })
    expect(differing).toEqual([])
  })
})

test.describe('the Chromium the tests and the export drive', () => {
  test('is found: an executable that exists', () => {
    const found = findChromium()
    expect(found?.path).toMatch(/chrom/i)
  })

  test('npm run export without one exits non-zero, says what to install, and writes no PDF', async () => {
    const bogus = '/nonexistent/chromium-for-this-test'
    const result = await run('npm', [
      'run',
      '--silent',
      'export',
      '--',
      '--out-dir',
      'test-results/no-browser',
    ], {
      env: { ...process.env, CHROMIUM_PATH: bogus },
      timeoutMs: 60_000,
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.code, output).not.toBe(0)
    expect(output).toContain(bogus)
    expect(output).toMatch(/npx playwright install chromium/)
    expect(output).toMatch(/apt-get install chromium/)
    expect(output, 'no half-written PDF is announced').not.toMatch(/wrote .*\.pdf/)
  })
})
