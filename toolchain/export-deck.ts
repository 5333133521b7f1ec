// The real `slidev export` of the deck to PDF, as `npm run export` writes it.
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { plainOutput, slidevBin } from './deck/build'
import { repoPath } from './paths'
import { run, runSync } from './process'

export const exportBaseName = 'rust-for-python-developers'

/** The two PDFs `npm run export` writes. */
export function exportTargets(outDir = 'exports') {
  return {
    slides: repoPath(outDir, `${exportBaseName}.pdf`),
    clicks: repoPath(outDir, `${exportBaseName}-clicks.pdf`),
  }
}

/**
 * Runs `slidev export` for one PDF (one page per click with `withClicks`), waiting `waitMs`
 * after the print page reports idle; throws with Slidev's output when it fails.
 */
export async function exportPdf(output: string, options: { withClicks: boolean, executablePath: string, waitMs: number }): Promise<number> {
  mkdirSync(dirname(output), { recursive: true })
  // The whole deck is rendered on one print page: give it time on a slow machine.
  const args = [
    'export',
    '--format',
    'pdf',
    '--output',
    output,
    '--executable-path',
    options.executablePath,
    '--timeout',
    '120000',
    '--wait-until',
    'networkidle',
    '--wait',
    String(options.waitMs),
    ...options.withClicks
      ? ['--with-clicks']
      : [],
  ]
  const started = performance.now()
  const result = await run(slidevBin, args, { env: plainOutput })
  if (result.code !== 0 || !existsSync(output) || statSync(output).size === 0)
    throw new Error(`slidev ${args.join(' ')} failed (exit ${result.code}):\n${(result.stdout + result.stderr).split('\n').slice(-40).join('\n')}`)
  return performance.now() - started
}

/**
 * Pages printed before their slide had loaded: Slidev's placeholder ("Loading slide...")
 * instead of content, when the print page looked idle while slide modules were still being
 * compiled. Needs poppler's `pdftotext`; undefined when it is not installed.
 */
export function unloadedPages(pdf: string): number[] | undefined {
  try {
    const result = runSync('pdftotext', ['-layout', pdf, '-'])
    return result.code === 0
      ? result.stdout.split('\f').flatMap((text, index) => /Loading slide/i.test(text)
          ? [index + 1]
          : [])
      : undefined
  }
  catch {
    return undefined
  }
}
