// No orphans and no dead regions in snippets/: a file nobody shows or runs rots silently,
// and a region no slide imports is code the audience never sees but the reader maintains.
import { describe, expect, it } from 'vitest'
import { repoPath } from '../../toolchain/paths'
import { deadRegions, readOffSlideList, snippetUses, staleOffSlideEntries } from '../../toolchain/snippet-coverage'

// A deck of three snippets: one a slide shows, one on its reviewed list, one nobody uses.
const fixtureRoot = repoPath('tests', 'fixtures', 'snippet-orphans')
const fixture = {
  root: fixtureRoot,
  conventions: new Map<string, string>(),
  offSlideList: repoPath(fixtureRoot, 'off-slide-snippets.json'),
}
const orphansIn = (uses: ReturnType<typeof snippetUses>) => uses.filter(use => !use.usedBy).map(use => use.file)

describe('snippets/ has no orphans and no dead regions', () => {
  it('finds an orphan, a stale list entry and a dead region in the fixture deck', () => {
    const uses = snippetUses(fixture)
    expect(orphansIn(uses)).toEqual(['tests/fixtures/snippet-orphans/snippets/orphan.py'])
    expect(uses.find(use => use.file.endsWith('/shown.py'))?.usedBy).toBe('a slide import')
    expect(uses.find(use => use.file.endsWith('/tool.py'))?.usedBy).toBe('off the slides: a tool of the fixture runs it')
    expect(staleOffSlideEntries(fixture)).toEqual(['tests/fixtures/snippet-orphans/snippets/gone.py: no such file under snippets/'])
    expect(deadRegions(fixtureRoot)).toEqual(['tests/fixtures/snippet-orphans/snippets/tool.py#unused'])
  })

  it('refuses a list entry without a reason, naming the list and the path', () => {
    expect(() => readOffSlideList(repoPath(fixtureRoot, 'off-slide-no-reason.json')))
      .toThrow('tests/fixtures/snippet-orphans/off-slide-no-reason.json: "tests/fixtures/snippet-orphans/snippets/tool.py" needs a reason')
  })

  it('every file is imported by a slide, is a convention sample or its output, or is on the reviewed list', () => {
    const uses = snippetUses()
    expect(uses.length).toBeGreaterThan(0)
    const orphans = orphansIn(uses)
    expect(
      orphans,
      `Orphan files in snippets/ (import them on a slide, follow a sample convention from `
      + `snippets/README.md, or add them with the reason to tests/snippets/off-slide-snippets.json):\n  ${orphans.join('\n  ')}`,
    ).toEqual([])
  })

  it('the reviewed list names only existing files that nothing else covers', () => {
    const stale = staleOffSlideEntries()
    expect(stale, `Entries to remove from tests/snippets/off-slide-snippets.json:\n  ${stale.join('\n  ')}`).toEqual([])
  })

  it('every #region in a snippet file is imported by some slide', () => {
    const dead = deadRegions()
    expect(
      dead,
      `Regions no slide imports (import them with <<< @/path#region, or remove the markers):\n  ${dead.join('\n  ')}`,
    ).toEqual([])
  })
})
