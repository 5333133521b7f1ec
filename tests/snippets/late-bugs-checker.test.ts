import type { RunResult } from '../../toolchain/process'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { lateBugSamples, lateBugsFolder, mypyOutputFile, mypyVersion, runMypyOnLateBugs } from '../../toolchain/artefacts'
import { repoPath as repoFile } from '../../toolchain/paths'
import { blessedToolchainVersions } from '../../toolchain/samples'

// The slide says a static checker finds both late bugs before anything runs, and shows
// mypy's output (snippets/checkers/late_bugs.mypy.txt). Both claims are checked against the
// real mypy (from the project environment: pyproject.toml and uv.lock).
// Regenerate after a mypy upgrade: npm run snippets:generate:artefacts

/** The 1-based number of the first code line (not a comment) in a sample that contains `needle`. */
function lineOf(sample: string, needle: string): number {
  const lines = readFileSync(repoFile(`${lateBugsFolder}/${sample}`), 'utf8').split('\n')
  const index = lines.findIndex(line => line.includes(needle) && !line.trimStart().startsWith('#'))
  if (index < 0)
    throw new Error(`${sample} has no line with ${needle}`)
  return index + 1
}

describe('mypy catches the late bugs before run time', () => {
  let run: RunResult

  beforeAll(() => {
    if (!mypyVersion())
      throw new Error('mypy is not in the project environment (.venv): run `npm test`, or `uv sync --frozen`')
    run = runMypyOnLateBugs()
  })

  it('reports an error in each late-bug sample, on the line that fails at run time', () => {
    expect(run.code).toBe(1)
    expect(lateBugSamples).toHaveLength(2)
    expect(run.stdout).toContain(`late_bug_type.py:${lineOf('late_bug_type.py', 'with_vat(row["cents"])')}: error: Argument 1 to "with_vat" has incompatible type`)
    expect(run.stdout).toContain(`late_bug_name.py:${lineOf('late_bug_name.py', 'normalise(')}: error: Name "normalise" is not defined`)
  })

  it('the slide names the mypy that wrote its text (snippets/toolchain-versions.json)', () => {
    expect(blessedToolchainVersions()?.mypy, 'run `npm run snippets:generate:artefacts`').toBe(mypyVersion())
  })

  it(`the text on the slide (${mypyOutputFile}) is mypy's output now`, () => {
    expect(run.stdout, `${mypyOutputFile} differs from mypy's output: run \`npm run snippets:generate:artefacts\``)
      .toBe(readFileSync(repoFile(mypyOutputFile), 'utf8'))
  })
})
