// The one place that knows where the repository is. Every script and test resolves its
// paths here, so moving a file never means hunting for `'../..'` in a dozen places.
import { isAbsolute, relative, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')

/** An absolute path from segments relative to the repository root. */
export function repoPath(...segments: string[]): string {
  return resolve(repoRoot, ...segments)
}

/** A path as the repository names it (`snippets/etl/etl.py`), for messages and reports. */
export function fromRepo(path: string): string {
  return isAbsolute(path)
    ? relative(repoRoot, path)
    : path
}
