import { repoPath } from './paths'

// The two PDFs `npm run export` (scripts/export.ts) writes with the real `slidev export`.
export const exportBaseName = 'rust-for-python-developers'

export function exportTargets(outDir = 'exports') {
  return {
    slides: repoPath(outDir, `${exportBaseName}.pdf`),
    clicks: repoPath(outDir, `${exportBaseName}-clicks.pdf`),
  }
}
