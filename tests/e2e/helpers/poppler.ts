// poppler-utils (pdfinfo, pdftotext, pdffonts) for the PDF tests: the deck export and the
// rehearsal handout read their PDFs the same way.
import { spawnSync } from 'node:child_process'
import { repoRoot } from '../../../toolchain/paths'

/** Runs a command in the project (a poppler tool, npm) and returns its output; a failure throws with what it printed. */
export function runTool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

export function pageCount(pdf: string): number {
  return Number(runTool('pdfinfo', [pdf]).match(/^Pages:\s+(\d+)/m)?.[1])
}

/** The text of one page, laid out as on the page. */
export function pageText(pdf: string, page: number): string {
  return runTool('pdftotext', [
    '-f',
    String(page),
    '-l',
    String(page),
    '-layout',
    pdf,
    '-',
  ])
}
