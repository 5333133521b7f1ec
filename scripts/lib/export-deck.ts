import type { Buffer } from 'node:buffer'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { projectRoot, slidevBin } from './build-deck'

export const exportBaseName = 'rust-for-python-developers'

export interface PdfExportOptions {
  /** Where the PDF goes (absolute, or relative to the project root). */
  output: string
  /** One page per click instead of one per slide. */
  withClicks?: boolean
  /** The Chromium binary Slidev's Playwright should drive. */
  executablePath: string
  /** Milliseconds to wait after the print page reports idle (slow machines need more). */
  waitMs?: number
  /** Echo Slidev's output as it runs. */
  verbose?: boolean
}

/** The `slidev export` arguments for one PDF (exported so tests and the README agree). */
export function slidevExportArgs(options: PdfExportOptions): string[] {
  const args = [
    'export',
    '--format',
    'pdf',
    '--output',
    resolve(projectRoot, options.output),
    '--executable-path',
    options.executablePath,
    // The whole deck is rendered on one print page; give it time on a slow machine,
    // then let fonts and any final-state rendering settle before printing.
    '--timeout',
    '120000',
    '--wait-until',
    'networkidle',
    '--wait',
    String(options.waitMs ?? 3000),
  ]
  if (options.withClicks)
    args.push('--with-clicks')
  return args
}

/** Runs the real `slidev export` for one PDF; throws with Slidev's output when it fails. */
export async function exportPdf(options: PdfExportOptions): Promise<{ output: string, milliseconds: number }> {
  const output = resolve(projectRoot, options.output)
  mkdirSync(dirname(output), { recursive: true })
  const args = slidevExportArgs(options)
  const started = performance.now()
  const log: string[] = []
  const code = await new Promise<number | null>((resolveRun, reject) => {
    const child = spawn(slidevBin, args, {
      cwd: projectRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      log.push(chunk.toString())
      if (options.verbose)
        process.stdout.write(chunk)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('close', resolveRun)
  })
  const milliseconds = performance.now() - started
  if (code !== 0 || !existsSync(output) || statSync(output).size === 0) {
    const tail = log.join('').split('\n').slice(-40).join('\n')
    throw new Error(`slidev ${args.join(' ')} failed (exit ${code}):\n${tail}`)
  }
  return { output, milliseconds }
}

/**
 * Pages of the PDF that were printed before their slide had loaded: Slidev's placeholder
 * ("Loading slide...") instead of content. On a busy machine the print page can look idle
 * while slide modules are still being compiled. Needs poppler's `pdftotext`; returns
 * undefined when it is not installed.
 */
export function unloadedPages(pdf: string): number[] | undefined {
  const result = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.error || result.status !== 0)
    return undefined
  return result.stdout
    .split('\f')
    .flatMap((text, index) => /Loading slide/i.test(text)
      ? [index + 1]
      : [])
}

/** The two PDFs `npm run export` writes. */
export function exportTargets(outDir = join(projectRoot, 'exports')) {
  return {
    slides: join(outDir, `${exportBaseName}.pdf`),
    clicks: join(outDir, `${exportBaseName}-clicks.pdf`),
  }
}
