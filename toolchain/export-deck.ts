import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { plainOutput, slidevBin } from './build-deck'
import { repoPath } from './paths'
import { run, runSync } from './process'

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

/** The `slidev export` arguments for one PDF. */
function slidevExportArgs(options: PdfExportOptions): string[] {
  const args = [
    'export',
    '--format',
    'pdf',
    '--output',
    repoPath(options.output),
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
  const output = repoPath(options.output)
  mkdirSync(dirname(output), { recursive: true })
  const args = slidevExportArgs(options)
  const started = performance.now()
  const result = await run(slidevBin, args, { env: plainOutput, echo: options.verbose })
  const milliseconds = performance.now() - started
  if (result.code !== 0 || !existsSync(output) || statSync(output).size === 0) {
    const tail = (result.stdout + result.stderr).split('\n').slice(-40).join('\n')
    throw new Error(`slidev ${args.join(' ')} failed (exit ${result.code}):\n${tail}`)
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
  let result
  try {
    result = runSync('pdftotext', ['-layout', pdf, '-'])
  }
  catch {
    return undefined
  }
  if (result.code !== 0)
    return undefined
  return result.stdout
    .split('\f')
    .flatMap((text, index) => /Loading slide/i.test(text)
      ? [index + 1]
      : [])
}

/** The two PDFs `npm run export` writes. */
export function exportTargets(outDir = 'exports') {
  return {
    slides: repoPath(outDir, `${exportBaseName}.pdf`),
    clicks: repoPath(outDir, `${exportBaseName}-clicks.pdf`),
  }
}
