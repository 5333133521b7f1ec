// No orphans and no dead regions in snippets/: a file nobody shows or runs rots silently,
// and a region no slide imports is code the audience never sees but the reader maintains.
import { describe, expect, it } from 'vitest'
import { deadRegions, mentionsPath, snippetUses } from '../../scripts/lib/snippet-coverage'

describe('snippets/ has no orphans and no dead regions', () => {
  it('matches whole paths only when looking for test mentions', () => {
    expect(mentionsPath('run("snippets/etl/rust/src/main.rs")', 'snippets/etl/rust/src/main.rs')).toBe(true)
    expect(mentionsPath('see snippets/etl/rust/ for the job', 'snippets/etl/rust')).toBe(true)
    expect(mentionsPath('tests/snippets/etl.test.ts', 'snippets/etl.test.ts')).toBe(false)
    expect(mentionsPath('snippets/etl/rust/src/main.rs', 'snippets/etl/rust')).toBe(false)
    expect(mentionsPath('snippets/README.md', 'snippets')).toBe(false)
  })

  it('every file is imported by a slide, is a convention sample or its output, or is named by a test', () => {
    const uses = snippetUses()
    expect(uses.length).toBeGreaterThan(0)
    const orphans = uses.filter(use => !use.usedBy).map(use => use.file)
    expect(
      orphans,
      `Orphan files in snippets/ (import them on a slide, follow a sample convention from `
      + `snippets/README.md, or name them in their test under tests/):\n  ${orphans.join('\n  ')}`,
    ).toEqual([])
  })

  it('every #region in a snippet file is imported by some slide', () => {
    const dead = deadRegions()
    expect(
      dead,
      `Regions no slide imports (import them with <<< @/path#region, or remove the markers):\n  ${dead.join('\n  ')}`,
    ).toEqual([])
  })
})
