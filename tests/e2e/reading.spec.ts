// `npm run build:reading` for real, from the light walk's record (its pictures, notes and
// text): the reading version beside the deck as the hosting configs publish it (deck at /,
// reading version at /reading/), opened with no network. Every slide and its notes in
// order, titles' inline code as code, links into the deck that land on the right slide,
// nothing wider than a phone or a desktop window, and no axe violations.
import type { Page } from '@playwright/test'
import type { ServedDeck } from '../../toolchain/deck/build'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isBackup, sectionsOf } from '../../lib/pacing/budget'
import { comparable, loadDeck } from '../../toolchain/deck-source'
import { positionOf } from '../../toolchain/deck/browser'
import { cachedDeckBuild, serveDeck } from '../../toolchain/deck/build'
import { backupHeading } from '../../toolchain/deck/recorded'
import { walkDir } from '../../toolchain/deck/walk'
import { repoPath } from '../../toolchain/paths'
import { run, succeeded } from '../../toolchain/process'
import { expect, expectNoProblems, test } from './fixtures'

const site = mkdtempSync(join(tmpdir(), 'rfpd-reading-site-'))
let server: ServedDeck
test.beforeAll(async () => {
  cpSync(await cachedDeckBuild(), site, { recursive: true })
  const built = succeeded(await run('npx', [
    'tsx',
    'scripts/documents.ts',
    'build:reading',
    '--walk',
    walkDir('light'),
    '--out',
    join(site, 'reading'),
  ]), 'npm run build:reading')
  console.log(built.stdout.trim().split('\n').at(-1))
  server = await serveDeck(site)
})
test.afterAll(async () => {
  await server?.close()
  rmSync(site, { recursive: true, force: true })
})

const spoken = (note: string) => comparable(note.replace(/\[click(?::\d+)?\]/g, ' '))

/** Loads every lazy picture and waits for all of them. */
async function loadAllPictures(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const img of document.images)
      img.loading = 'eager'
    await Promise.all([...document.images].map(img => img.decode().catch(() => undefined)))
  })
}

/** Elements whose right edge passes the window's, and whether the page scrolls sideways. */
function overflowAt(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const wide = [
      ...document.body.querySelectorAll('*'),
    ].filter(el => el.getBoundingClientRect().right > width + 0.5).map(el => `${el.tagName.toLowerCase()}${el.id
      ? `#${el.id}`
      : ''}`)
    return {
      scrolls: document.documentElement.scrollWidth > width,
      wide: [
        ...new Set(wide),
      ].slice(0, 10),
    }
  })
}

test.describe('the reading version (npm run build:reading)', () => {
  test.use({
    viewport: { width: 1280, height: 900 },
  })

  test('has every slide in order, each with its picture, its notes as prose, and its section', async ({ deck }) => {
    const slides = await loadDeck()
    const sections = sectionsOf(slides)
    const { page } = deck
    await page.goto(`${server.url}reading/`)
    await loadAllPictures(page)
    const articles = await page.locator('article.slide').evaluateAll(list => list.map(article => ({
      id: article.id,
      heading: article.querySelector('h3')?.textContent ?? '',
      notes: article.querySelector('.notes')?.textContent ?? '',
      section: article.closest('section')?.querySelector('h2')?.textContent ?? '',
      picture: !!article.querySelector('img')?.complete && article.querySelector('img')!.naturalWidth > 0,
    })))
    expect(articles.map(a => a.id)).toEqual(slides.map(s => `slide-${s.no}`))
    const problems = slides.flatMap((slide) => {
      const article = articles[slide.no - 1]!
      const section = sections.find(s => slide.no >= s.firstSlide && slide.no <= s.lastSlide)
      const placed = section
        ? comparable(article.section).includes(comparable(section.title)) && article.section.includes(`${section.minutes} min`)
        : isBackup(slide) && article.section === backupHeading
      return [
        !comparable(article.heading).includes(comparable(slide.title)) && `slide ${slide.no}: heading "${article.heading}" is not its title "${slide.title}"`,
        comparable(article.notes) !== spoken(slide.notes) && `slide ${slide.no}: the notes differ from the markdown's`,
        !placed && `slide ${slide.no}: under "${article.section}", not ${section
          ? `section ${section.index} "${section.title}" (${section.minutes} min)`
          : 'the backup slides'}`,
        !article.picture && `slide ${slide.no}: its picture did not load`,
      ].filter(Boolean)
    })
    expect(problems).toEqual([])

    // The contents list every section and slide, each entry points at something on the page,
    // and a title's `inline code` is code there too, not backticks.
    const targets = await page.locator('nav a[href^="#"]').evaluateAll(links => links.map(a => [
      a.getAttribute('href'),
      !!document.getElementById(a.getAttribute('href')!.slice(1)),
    ]))
    expect(targets).toHaveLength(sections.length + 1 + slides.length)
    expect(targets.filter(([, found]) => !found)).toEqual([])
    const coded = slides.filter(slide => /`[^`]+`/.test(slide.title))
    const entries = await page.locator('nav a[href^="#slide-"]').evaluateAll(links => links.map(a => ({ text: a.textContent ?? '', code: a.querySelectorAll('code').length })))
    expect(coded.map(slide => entries[slide.no - 1]).filter(entry => entry!.code === 0 || entry!.text.includes('`'))).toEqual([])
    expectNoProblems(deck.problems, 'reading version')
  })

  test('links every slide into the deck at that slide', async ({ deck }) => {
    const slides = await loadDeck()
    const { page } = deck
    await page.goto(`${server.url}reading/`)
    const hrefs = await page.locator('article.slide a.to-deck').evaluateAll(links => links.map(a => (a as HTMLAnchorElement).href))
    expect(hrefs).toEqual(slides.map(s => `${server.url}#/${s.no}`))
    // Follow three of them for real: the first slide, one in the middle, the last.
    for (const no of [
      1,
      Math.ceil(slides.length / 2),
      slides.length,
    ]) {
      await page.goto(`${server.url}reading/`)
      await page.locator(`#slide-${no} a.to-deck`).click()
      await deck.settle(no)
      expect(positionOf(page.url()).no).toBe(no)
    }
    // Leaving a page cancels its pending loads (lazy pictures, the deck's preloading): those
    // show as ERR_ABORTED and are not broken links. A missing file (HTTP 404) still counts.
    expectNoProblems(deck.problems.filter(p => !(p.kind === 'failed request' && p.detail.endsWith('net::ERR_ABORTED'))), 'links into the deck')
  })
})

for (const [name, viewport] of [
  [
    'phone',
    { width: 390, height: 844 },
  ],
  [
    'desktop',
    { width: 1440, height: 900 },
  ],
] as const) {
  test.describe(`the reading version in a ${name} window`, () => {
    test.use({ viewport })

    test(`fits ${viewport.width} px with nothing sticking out, and is axe-clean`, async ({ deck }) => {
      const { page } = deck
      await page.addInitScript({
        path: createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      })
      await page.goto(`${server.url}reading/`)
      await loadAllPictures(page)
      expect(await overflowAt(page)).toEqual({ scrolls: false, wide: [] })
      // The slide text under each picture, opened, must fit too.
      await page.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = true))
      expect(await overflowAt(page)).toEqual({ scrolls: false, wide: [] })
      expect(await page.locator('.notes p').first().evaluate(p => Number.parseFloat(getComputedStyle(p).fontSize)), 'notes are set at a reading size').toBeGreaterThanOrEqual(16)
      const violations = await page.evaluate(async () => (await (window as any).axe.run(document, {
        runOnly: {
          type: 'tag',
          values: [
            'wcag2a',
            'wcag2aa',
            'wcag21a',
            'wcag21aa',
            'best-practice',
          ],
        },
      })).violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')})`))
      expect(violations).toEqual([])
      if (name === 'phone') {
        await page.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = false))
        await page.screenshot({
          path: repoPath('test-results', 'reading-phone-top.png'),
        })
        await page.locator('article.slide').nth(Math.floor(await page.locator('article.slide').count() / 2)).scrollIntoViewIfNeeded()
        await page.screenshot({
          path: repoPath('test-results', 'reading-phone-slide.png'),
        })
      }
      expectNoProblems(deck.problems, `reading version at ${viewport.width} px`)
    })
  })
}
