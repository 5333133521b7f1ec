// Screenshot baselines: one committed PNG per slide's last click and colour scheme, compared
// with a small tolerance in the same Chromium the tests already run (no image library).
// `npm run test:baselines:update` rewrites them after an intended change.
import type { Browser, Page } from 'playwright-chromium'
import { Buffer } from 'node:buffer'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { repoPath } from '../../../toolchain/paths'

export const baselinesDir = repoPath('tests', 'e2e', 'baselines')
export const baselineFailuresDir = repoPath('test-results', 'baselines')
export const updatingBaselines = process.env.UPDATE_BASELINES === '1'

/**
 * The tolerance. A pixel differs when one of its channels moved by more than
 * `channelDelta` (anti-aliasing of the same text on the same machine moves less); a slide
 * fails when more than `maxDifferingRatio` of its pixels differ: 0.05% of the 980x552
 * canvas is about 270 pixels, less than one changed word of body text.
 */
export const tolerance = { channelDelta: 48, maxDifferingRatio: 0.0005 }

export interface Comparison {
  width: number
  height: number
  differing: number
  ratio: number
  /** Red where the pixels differ, over a faded copy of the expected image. */
  diff?: Buffer
  sizeMismatch?: string
}

/** A blank tab in its own context for decoding and comparing PNGs. */
export async function openComparer(browser: Browser): Promise<{ page: Page, close: () => Promise<void> }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  return {
    page,
    close: () => context.close(),
  }
}

export async function comparePngs(page: Page, expected: Buffer, actual: Buffer): Promise<Comparison> {
  const result = await page.evaluate(async ({ expected, actual, channelDelta }) => {
    const decode = async (base64: string) => {
      const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0))
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
      const context = canvas.getContext('2d')!
      context.drawImage(bitmap, 0, 0)
      return context.getImageData(0, 0, bitmap.width, bitmap.height)
    }
    const [a, b] = await Promise.all([
      decode(expected),
      decode(actual),
    ])
    if (a.width !== b.width || a.height !== b.height) {
      return {
        width: b.width,
        height: b.height,
        differing: b.width * b.height,
        sizeMismatch: `expected ${a.width}x${a.height}, got ${b.width}x${b.height}`,
      }
    }
    const out = new ImageData(a.width, a.height)
    let differing = 0
    for (let i = 0; i < a.data.length; i += 4) {
      const delta = Math.max(Math.abs(a.data[i]! - b.data[i]!), Math.abs(a.data[i + 1]! - b.data[i + 1]!), Math.abs(a.data[i + 2]! - b.data[i + 2]!))
      if (delta > channelDelta) {
        differing++
        out.data.set([255, 0, 0, 255], i)
      }
      else {
        const grey = 255 - (255 - (a.data[i]! + a.data[i + 1]! + a.data[i + 2]!) / 3) * 0.25
        out.data.set([grey, grey, grey, 255], i)
      }
    }
    let diff: string | undefined
    if (differing) {
      const canvas = new OffscreenCanvas(a.width, a.height)
      canvas.getContext('2d')!.putImageData(out, 0, 0)
      const blob = await canvas.convertToBlob({ type: 'image/png' })
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      diff = btoa(binary)
    }
    return {
      width: a.width,
      height: a.height,
      differing,
      diff,
    }
  }, {
    expected: expected.toString('base64'),
    actual: actual.toString('base64'),
    channelDelta: tolerance.channelDelta,
  })
  return {
    width: result.width,
    height: result.height,
    differing: result.differing,
    ratio: result.differing / (result.width * result.height),
    diff: 'diff' in result && result.diff
      ? Buffer.from(result.diff, 'base64')
      : undefined,
    sizeMismatch: 'sizeMismatch' in result
      ? result.sizeMismatch
      : undefined,
  }
}

export type Scheme = 'light' | 'dark'

export const baselineName = (no: number) => `slide-${String(no).padStart(2, '0')}.png`
export const baselinePath = (scheme: Scheme, no: number) => join(baselinesDir, scheme, baselineName(no))

/** Starts an update: empties the scheme's baseline folder so slides that are gone lose theirs. */
export function resetBaselines(scheme: Scheme): void {
  rmSync(join(baselinesDir, scheme), { recursive: true, force: true })
  mkdirSync(join(baselinesDir, scheme), { recursive: true })
}

export function resetFailures(scheme: Scheme): void {
  rmSync(join(baselineFailuresDir, scheme), { recursive: true, force: true })
}

export function baselineFiles(scheme: Scheme): string[] {
  const dir = join(baselinesDir, scheme)
  return existsSync(dir)
    ? readdirSync(dir).filter(name => name.endsWith('.png')).sort()
    : []
}

/**
 * Checks one screenshot against its baseline (or writes it, when updating). Returns a
 * problem line naming the slide and the files to open, or undefined when it matches.
 */
export async function checkAgainstBaseline(comparer: Page, scheme: Scheme, no: number, title: string, actual: Buffer): Promise<string | undefined> {
  const path = baselinePath(scheme, no)
  if (updatingBaselines) {
    writeFileSync(path, actual)
    return undefined
  }
  const where = `slide ${no} "${title}" (${scheme})`
  const failures = join(baselineFailuresDir, scheme)
  const keep = (name: string, data: Buffer) => {
    mkdirSync(failures, { recursive: true })
    const file = join(failures, `${baselineName(no).replace(/\.png$/, '')}-${name}.png`)
    writeFileSync(file, data)
    return file
  }
  if (!existsSync(path)) {
    const file = keep('actual', actual)
    return `${where}: no baseline at ${path}; actual in ${file}. After an intended change: npm run test:baselines:update`
  }
  const expected = readFileSync(path)
  const comparison = await comparePngs(comparer, expected, actual)
  if (!comparison.sizeMismatch && comparison.ratio <= tolerance.maxDifferingRatio)
    return undefined
  keep('expected', expected)
  const actualFile = keep('actual', actual)
  const diffFile = comparison.diff
    ? keep('diff', comparison.diff)
    : undefined
  const how = comparison.sizeMismatch ?? `${comparison.differing} pixels (${(comparison.ratio * 100).toFixed(2)}%) differ, tolerance ${(tolerance.maxDifferingRatio * 100).toFixed(2)}%`
  return `${where}: ${how}; see ${diffFile ?? actualFile} (with -expected and -actual beside it)`
}
