// `npm run build:reading` for real: the reading version beside the deck, as the hosting
// configs publish it (deck at /, reading version at /reading/), opened in Chromium with no
// network: every slide and its notes in order, links into the deck that land on the right
// slide, nothing wider than a phone or a desktop window, and no axe violations.
import type { Page } from 'playwright-chromium'
import type { Section } from '../../lib/pacing/budget'
import type { DeckSlide as SourceSlide } from '../../toolchain/deck-source'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sectionsOf } from '../../lib/pacing/budget'
import { launchChromium } from '../../toolchain/chromium'
import { comparable, loadDeck } from '../../toolchain/deck-source'
import { noDnsArg } from '../../toolchain/network-guard'
import { repoPath, repoRoot } from '../../toolchain/paths'
import { serveDist } from '../../toolchain/serve'
import { cachedDeckBuild } from './helpers/deck-build'
import { expectNoProblems, openDeck, positionOf, waitForSlideSettled } from './helpers/deck-page'

// @axe-core/playwright types its page with its own copy of playwright-core.
type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page']

const site = mkdtempSync(join(tmpdir(), 'rfpd-reading-site-'))
const shots = repoPath('test-results')
let server: Awaited<ReturnType<typeof serveDist>>
let browser: Awaited<ReturnType<typeof launchChromium>>
let slides: SourceSlide[] = []
let sections: Section[] = []

beforeAll(async () => {
  slides = await loadDeck()
  sections = sectionsOf(await loadDeck())
  // The deck as the other browser tests build it, with the reading version written beside it.
  const build = await cachedDeckBuild({ base: '/' })
  cpSync(build.outDir, site, { recursive: true })
  const result = spawnSync('npm', [
    'run',
    '--silent',
    'build:reading',
    '--',
    '--deck',
    build.outDir,
    '--out',
    join(site, 'reading'),
  ], { cwd: repoRoot, encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`npm run build:reading exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  process.stdout.write(`${result.stdout.trim().split('\n').at(-1)}\n`)
  server = await serveDist(site)
  browser = await launchChromium({
    args: [noDnsArg],
  })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  rmSync(site, { recursive: true, force: true })
})

const readingUrl = () => `${server.url}reading/`
const spoken = (note: string) => comparable(note.replace(/\[click(?::\d+)?\]/g, ' '))

/** Loads every lazy picture and waits for all of them. */
async function loadAllPictures(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const images = [...document.images]
    for (const img of images)
      img.loading = 'eager'
    await Promise.all(images.map(img => img.decode().catch(() => undefined)))
  })
}

/** Elements whose right edge passes the window's, and whether the page scrolls sideways. */
function overflowAt(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const wide = [
      ...document.body.querySelectorAll('*'),
    ]
      .filter(el => el.getBoundingClientRect().right > width + 0.5)
      .map(el => `${el.tagName.toLowerCase()}${el.id
        ? `#${el.id}`
        : ''}${el.className
        ? `.${String(el.className).split(' ')[0]}`
        : ''}`)
    return {
      scrolls: document.documentElement.scrollWidth > width,
      wide: [
        ...new Set(wide),
      ].slice(0, 10),
    }
  })
}

describe('the reading version (npm run build:reading)', () => {
  it('has every slide in order, each with its picture, its notes as prose, and its section', async () => {
    const session = await openDeck(browser, server, {
      viewport: { width: 1280, height: 900 },
    })
    const { page } = session
    await page.goto(readingUrl())
    await loadAllPictures(page)
    const articles = await page.locator('article.slide').evaluateAll(list => list.map(article => ({
      id: article.id,
      heading: article.querySelector('h3')?.textContent ?? '',
      notes: article.querySelector('.notes')?.textContent ?? '',
      section: article.closest('section')?.querySelector('h2')?.textContent ?? '',
      picture: (() => {
        const img = article.querySelector('img')
        return img
          ? img.complete && img.naturalWidth > 0
          : false
      })(),
    })))
    expect(articles.map(a => a.id)).toEqual(slides.map(s => `slide-${s.no}`))
    const problems: string[] = []
    for (const slide of slides) {
      const article = articles[slide.no - 1]!
      const section = sections.find(s => slide.no >= s.firstSlide && slide.no <= s.lastSlide)!
      if (!comparable(article.heading).includes(comparable(slide.title)))
        problems.push(`slide ${slide.no}: heading "${article.heading}" is not its title "${slide.title}"`)
      if (comparable(article.notes) !== spoken(slide.notes))
        problems.push(`slide ${slide.no}: the notes differ from the markdown's`)
      if (!comparable(article.section).includes(comparable(section.title)) || !article.section.includes(`${section.minutes} min`))
        problems.push(`slide ${slide.no}: under "${article.section}", not section ${section.index} "${section.title}" (${section.minutes} min)`)
      if (!article.picture)
        problems.push(`slide ${slide.no}: its picture did not load`)
    }
    expect(problems).toEqual([])

    // The contents list every section and slide, and each entry points at something on the page.
    const targets = await page.locator('nav a[href^="#"]').evaluateAll(links => links.map(a => [
      a.getAttribute('href'),
      !!document.getElementById(a.getAttribute('href')!.slice(1)),
    ]))
    expect(targets).toHaveLength(sections.length + slides.length)
    expect(targets.filter(([, found]) => !found)).toEqual([])
    await session.close()
    expectNoProblems(session.problems, 'reading version')
    expect(session.guard.leaving, 'no request leaves the machine').toEqual([])
  })

  it('links every slide into the deck at that slide', async () => {
    const session = await openDeck(browser, server, {
      viewport: { width: 1280, height: 900 },
    })
    const { page } = session
    await page.goto(readingUrl())
    const hrefs = await page.locator('article.slide a.to-deck').evaluateAll(links => links.map(a => (a as HTMLAnchorElement).href))
    expect(hrefs).toEqual(slides.map(s => `${server.url}#/${s.no}`))
    // Follow three of them for real: the first slide, one in the middle, the last.
    for (const no of [
      1,
      Math.ceil(slides.length / 2),
      slides.length,
    ]) {
      await page.goto(readingUrl())
      await page.locator(`#slide-${no} a.to-deck`).click()
      await waitForSlideSettled(page, no)
      expect(positionOf(page.url()).slide).toBe(no)
    }
    await session.close()
    // Leaving a page cancels its pending loads (lazy pictures, the deck's preloading): those
    // show as ERR_ABORTED and are not broken links. A missing file (HTTP 404) still counts.
    expectNoProblems(session.problems.filter(p => !(p.kind === 'failed request' && p.detail.endsWith('net::ERR_ABORTED'))), 'links into the deck')
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
    it(`fits a ${name} window (${viewport.width} px) with nothing sticking out, and is axe-clean`, async () => {
      const session = await openDeck(browser, server, { viewport })
      const { page } = session
      await page.goto(readingUrl())
      await loadAllPictures(page)
      expect(await overflowAt(page)).toEqual({ scrolls: false, wide: [] })
      // The slide text under each picture, opened, must fit too.
      await page.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = true))
      expect(await overflowAt(page)).toEqual({ scrolls: false, wide: [] })
      const fontSize = await page.locator('.notes p').first().evaluate(p => Number.parseFloat(getComputedStyle(p).fontSize))
      expect(fontSize, 'notes are set at a reading size').toBeGreaterThanOrEqual(16)

      const { violations } = await new AxeBuilder({ page: page as unknown as AxePage }).withTags([
        'wcag2a',
        'wcag2aa',
        'wcag21a',
        'wcag21aa',
        'best-practice',
      ]).analyze()
      expect(violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})`)).toEqual([])

      if (name === 'phone') {
        await page.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = false))
        mkdirSync(shots, { recursive: true })
        await page.evaluate(() => window.scrollTo(0, 0))
        writeFileSync(join(shots, 'reading-phone-top.png'), await page.screenshot())
        await page.locator('#slide-5').scrollIntoViewIfNeeded()
        await page.evaluate(() => document.getElementById('slide-5')!.scrollIntoView())
        writeFileSync(join(shots, 'reading-phone-slide.png'), await page.screenshot())
      }
      await session.close()
      expectNoProblems(session.problems, `reading version at ${viewport.width} px`)
    })
  }
})
