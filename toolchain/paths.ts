// The one place that knows where the repository is. Every script and test resolves its
// paths here, so moving a file never means hunting for `'../..'` in a dozen places.
import { globSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..')

export function repoPath(...segments: string[]): string {
  return resolve(repoRoot, ...segments)
}

// The PDFs `npm run export` (scripts/export.ts) writes with the real `slidev export`.
export const exportBaseName = 'rust-for-python-developers'

export function exportTargets(outDir = 'exports') {
  return {
    slides: repoPath(outDir, `${exportBaseName}.pdf`),
    clicks: repoPath(outDir, `${exportBaseName}-clicks.pdf`),
  }
}

/** A path as the repository names it (`snippets/etl/etl.py`, always with `/`), for messages and reports. */
export function fromRepo(path: string): string {
  return relative(repoRoot, path).split(sep).join('/')
}

/** Every file under `dir`, sorted; `skip` gets each entry's repo path and can leave it (and a folder's contents) out. */
export function walkFiles(dir: string, skip: (repoRelative: string) => boolean = () => false): string[] {
  return globSync('**', {
    cwd: dir,
    withFileTypes: true,
    exclude: entry => skip(fromRepo(join(entry.parentPath, entry.name))),
  })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name))
    .sort()
}
