// What every benchmark of the built deck shares: one argument parser, a build (or --dist)
// served on loopback, one Chromium, pages at Slidev's canvas size with CPU throttling, and
// the slides to measure found by the deck reader (not by probing or scraping the overview).
// Benchmarks print figures and assert nothing.
import type { ParseArgsOptionsConfig } from 'node:util'
import type { Browser, CDPSession, Page } from 'playwright-chromium'
import type { StaticServer } from '../serve'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { buildDeck } from '../build-deck'
import { launchChromium } from '../chromium'
import { loadDeck } from '../deck-source'
import { serveDist } from '../serve'

/** Slidev's canvas size: a viewport this big draws the slide at scale 1. */
export const canvas = { width: 980, height: 552 }
/** Normal speed, then a weak laptop driving a projector. */
export const throttles = [1, 4] as const

const commonOptions = {
  dist: { type: 'string' },
  verbose: { type: 'boolean', default: false },
} satisfies ParseArgsOptionsConfig

/** `--dist DIR` (measure that build instead of building one), `--verbose`, and the script's own options. */
export function benchArgs<T extends ParseArgsOptionsConfig>(options: T = {} as T) {
  return parseArgs({
    options: {
      ...commonOptions,
      ...options,
    },
    allowPositionals: false,
  }).values
}

export interface BenchDeck { url: string, browser: Browser, server: StaticServer }

/**
 * Builds the deck into a temp dir (or takes `dist`), serves it on 127.0.0.1, launches
 * Chromium, runs `work`, and cleans up. Sets a failing exit code when `work` throws.
 */
export async function benchDeck(dist: string | undefined, work: (deck: BenchDeck) => Promise<void>): Promise<void> {
  const scratch = dist
    ? undefined
    : mkdtempSync(join(tmpdir(), 'deck-bench-'))
  try {
    const outDir = dist
      ? resolve(dist)
      : (await buildDeck({
          outDir: join(scratch!, 'dist'),
        })).outDir
    const server = await serveDist(outDir)
    const browser = await launchChromium()
    try {
      console.log(`${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Chromium ${browser.version()}, ${canvas.width}x${canvas.height}; other work on this machine shows up in the idle baselines.`)
      await work({ url: server.url, browser, server })
    }
    finally {
      await browser.close()
      await server.close()
    }
  }
  catch (error) {
    console.error(error)
    process.exitCode = 1
  }
  finally {
    if (scratch)
      rmSync(scratch, { recursive: true, force: true })
  }
}

export interface BenchPage { page: Page, cdp: CDPSession, errors: string[], close: () => Promise<void> }

/** A fresh page (cold cache) with the CPU throttled `throttle` times; collects console errors. */
export async function benchPage(browser: Browser, options: { throttle: number, colorScheme?: 'light' | 'dark' }): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: canvas, colorScheme: options.colorScheme ?? 'light', reducedMotion: 'no-preference' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(message.text())
  })
  page.on('pageerror', error => errors.push(error.message))
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttle })
  return {
    page,
    cdp,
    errors,
    close: async () => {
      if (errors.length)
        console.log(`  console errors (${options.throttle}x): ${errors.join(' | ')}`)
      await context.close()
    },
  }
}

export interface BenchSlide {
  /** Slidev's slide number. */
  no: number
  /** Its clicks, as the deck reader counts them (the e2e walk checks them against Slidev). */
  clicks: number
  /** The first of `components` the slide uses. */
  component: string
  /** The slide's markdown, for a script that tells its uses apart (e.g. the memory story). */
  content: string
}

/** The slides whose markdown uses one of `components`, from the deck reader (what Slidev builds). */
export async function slidesUsing(components: string[]): Promise<BenchSlide[]> {
  const slides = (await loadDeck()).flatMap((slide) => {
    const component = components.find(name => new RegExp(`<${name}\\b`).test(slide.content))
    return component
      ? [
          {
            no: slide.no,
            clicks: slide.clicks,
            component,
            content: slide.content,
          },
        ]
      : []
  })
  if (!slides.length)
    throw new Error(`no slide in the deck uses ${components.join(' or ')}`)
  return slides
}

/**
 * For comparison: the slide with the most clicks (the first of them) that uses none of
 * `components`, i.e. what a click costs in Slidev itself.
 */
export async function plainSlide(components: string[]): Promise<BenchSlide> {
  const plain = (await loadDeck()).filter(slide => !components.some(name => new RegExp(`<${name}\\b`).test(slide.content)))
  const slide = plain.reduce((best, candidate) => candidate.clicks > best.clicks
    ? candidate
    : best)
  return {
    no: slide.no,
    clicks: slide.clicks,
    component: 'no diagram',
    content: slide.content,
  }
}

/** Opens slide `no` at `clicks` (beyond the last means the last), and waits for it to load and settle. */
export async function gotoSlide(page: Page, url: string, no: number, clicks = 0, settleMs = 900): Promise<void> {
  await page.goto(`${url}#/${no}?clicks=${clicks}`)
  await page.locator(`#slide-content [data-slidev-no="${no}"]`).waitFor()
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(settleMs)
}
