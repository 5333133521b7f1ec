import type { Buffer } from 'node:buffer'
import type { Page } from 'playwright-chromium'
import type { Section } from '../lib/pacing/budget'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { sectionsOf } from '../lib/pacing/budget'
import { buildDeck } from './build-deck'
import { launchChromium } from './chromium'
import { loadDeck } from './deck-source'
import { guardNetwork, noDnsArg } from './network-guard'
import { repoPath } from './paths'
import { serveDist } from './serve'

// Every slide of the built deck as it ends (its last click), with its speaker notes as
// Slidev renders them, and the section it belongs to: what the rehearsal handout
// (`npm run export:notes`) and the reading version (`npm run build:reading`) are made of.
// The slides are photographed from a real `slidev build` in Chromium, so diagrams are at
// their last step and charts show the committed results, exactly as the audience sees them.

/** Slidev's canvas: at this viewport a slide renders at scale 1. */
const canvas = { width: 980, height: 552 }

export interface SlideCapture {
  no: number
  title: string
  /** Clicks Slidev counts on the slide; the picture is taken after the last one. */
  clicks: number
  /** Speaker notes as Slidev renders them (HTML); '' when there are none. */
  notesHtml: string
  /** The slide's visible text at its last click, one line per block. */
  text: string
  png: Buffer
  section: Section
}

export interface CaptureOptions {
  /** A deck built with notes (`slidev build`, base /); built into a temporary folder when absent. */
  deckDir?: string
  /** Pixel density of the pictures (1 = 980 × 552). */
  scale?: number
  log?: (line: string) => void
}

const instantTransitions = `document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style')
  style.textContent = '*, *::before, *::after { transition-duration: 0s !important; transition-delay: 0s !important; animation-duration: 0s !important; animation-delay: 0s !important }'
  document.head.append(style)
})`

async function waitForSlide(page: Page, no: number): Promise<void> {
  await page.waitForFunction((n) => {
    const shown = [
      ...document.querySelectorAll<HTMLElement>('#slideshow [data-slidev-no]'),
    ].filter(el => el.checkVisibility())
    if (shown.length !== 1 || shown[0]!.dataset.slidevNo !== String(n))
      return false
    if (document.querySelector('#slideshow [class*="-leave-active"], #slideshow [class*="-enter-active"]'))
      return false
    if ([
      ...shown[0]!.querySelectorAll('img'),
    ].some(img => !img.complete)) {
      return false
    }
    return document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)
  }, no, { timeout: 20_000, polling: 'raf' })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
}

interface OverviewSlide { clicks: number, notesHtml: string }

/** Click counts and rendered notes of every slide, from the deck's overview page. */
async function readOverview(page: Page, url: string, count: number): Promise<OverviewSlide[]> {
  await page.goto(`${url}#/overview`)
  await page.waitForFunction(n => document.querySelectorAll('.overview-slide-block').length === n, count, { timeout: 60_000 })
  await page.locator('.overview-slide-block .slidev-note').first().waitFor()
  // Let every card mount so that each slide's clicks are counted.
  await page.waitForTimeout(800)
  return page.locator('.overview-slide-block').evaluateAll(blocks => blocks.map((block) => {
    const note = block.querySelector('.slidev-note')
    const placeholder = (note?.textContent ?? '').trim() === 'No notes for this slide'
    // Slidev's clicks slider says "Clicks in this slide: N", counting the state before any click.
    const states = Number(block.querySelector('[title^="Clicks in this slide"]')?.getAttribute('title')?.match(/\d+/)?.[0] ?? 1)
    return {
      clicks: Math.max(0, states - 1),
      notesHtml: placeholder || !note
        ? ''
        : note.innerHTML,
    }
  }))
}

/** Builds (when needed), serves and photographs the deck; see SlideCapture. */
export async function captureDeck(options: CaptureOptions = {}): Promise<SlideCapture[]> {
  const log = options.log ?? (() => {})
  const source = await loadDeck()
  const sections = sectionsOf(source)
  let deckDir = options.deckDir
  let temporary: string | undefined
  if (!deckDir) {
    temporary = mkdtempSync(join(tmpdir(), 'rfpd-capture-'))
    deckDir = join(temporary, 'deck')
    log('Building the deck with its notes (slidev build)...')
    const build = await buildDeck({ outDir: deckDir, base: '/' })
    log(`  built in ${(build.milliseconds / 1000).toFixed(1)} s`)
  }
  if (!existsSync(join(deckDir, 'index.html')))
    throw new Error(`${deckDir} is not a built deck (no index.html)`)

  const server = await serveDist(deckDir)
  const browser = await launchChromium({
    args: [noDnsArg],
  })
  try {
    const context = await browser.newContext({ viewport: canvas, deviceScaleFactor: options.scale ?? 1.5, colorScheme: 'light' })
    await context.addInitScript({ content: instantTransitions })
    const guard = await guardNetwork(context, server.origin)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', error => errors.push(error.message))

    const overview = await readOverview(page, server.url, source.length)
    if (overview.length !== source.length)
      throw new Error(`the built deck has ${overview.length} slides, the markdown ${source.length}: is ${deckDir} an old build?`)
    if (overview.every(slide => !slide.notesHtml))
      throw new Error(`${deckDir} has no speaker notes: it was built with --without-notes`)

    await page.goto(`${server.url}#/1`)
    await page.locator('#slide-content').waitFor()
    const captures: SlideCapture[] = []
    for (const slide of source) {
      const { clicks, notesHtml } = overview[slide.no - 1]!
      await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}${clicks
        ? `?clicks=${clicks}`
        : ''}`)
      await waitForSlide(page, slide.no)
      const shown = page.locator(`#slideshow [data-slidev-no="${slide.no}"]`)
      // innerText, not textContent: the text as laid out, one line per block, hidden parts left out.
      // eslint-disable-next-line unicorn/prefer-dom-node-text-content
      const text = (await shown.innerText()).split('\n').map(line => line.trim()).filter(Boolean).join('\n')
      const png = await page.locator('#slide-content').screenshot({ animations: 'disabled' })
      captures.push({
        no: slide.no,
        title: slide.title,
        clicks,
        notesHtml,
        text,
        png,
        section: sections.find(s => slide.no >= s.firstSlide && slide.no <= s.lastSlide)!,
      })
      log(`  slide ${slide.no}/${source.length}${clicks
        ? ` (click ${clicks})`
        : ''}: ${slide.title}`)
    }
    if (guard.leaving.length)
      throw new Error(`the deck tried to leave the machine: ${guard.leaving.join(', ')}`)
    if (errors.length)
      throw new Error(`the deck reported errors while being photographed:\n${errors.join('\n')}`)
    await context.close()
    return captures
  }
  finally {
    await browser.close()
    await server.close()
    if (temporary)
      rmSync(temporary, { recursive: true, force: true })
  }
}

/** Notes without Slidev's click markers: prose for readers. */
export function notesAsProse(html: string): string {
  return html.replace(/<span class="slidev-note-click-mark"[^>]*><\/span>/g, '')
}

/** Notes with each click marker shown as a "click" badge: what the speaker rehearses with. */
export function notesWithClicks(html: string): string {
  return html.replace(/<span class="slidev-note-click-mark"[^>]*><\/span>/g, '<span class="click-mark">click</span>')
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

/**
 * Copies the deck's fonts (Inter and Fira Code from @fontsource, woff2 only) into `dir` and
 * returns the @font-face rules pointing at them (relative to `dir`'s parent, as `fonts/...`).
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
  const rules: string[] = []
  for (const [family, weights] of sheets) {
    for (const weight of weights) {
      const cssPath = repoPath('node_modules', '@fontsource', family, `${weight}.css`)
      const css = readFileSync(cssPath, 'utf8')
      const rewritten = css
        .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '')
        .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_, file: string) => {
          copyFileSync(join(dirname(cssPath), 'files', file), join(dir, file))
          return `url(fonts/${file})`
        })
      rules.push(rewritten)
    }
  }
  return rules.join('\n')
}

/** Writes a file, creating its folder. */
export function writeFile(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
}
