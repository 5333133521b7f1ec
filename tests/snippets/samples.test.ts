// Every sample under snippets/ is run or compiled, and its output compared with the blessed
// file beside it (snippets/README.md has the conventions). One test per sample.
import type { Sample, SampleKind, ToolchainVersions } from '../../toolchain/samples'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromRepo } from '../../toolchain/paths'
import { buildRustExamples, discoverSamples, localToolchainVersions, readBlessed, runSample, toolchainNote } from '../../toolchain/samples'

const samples = discoverSamples()
let local: ToolchainVersions

/** Samples that passed, by what was done to them (printed for the talk's closing note). */
const counts = {
  compiled: 0,
  run: 0,
  checkedToFail: 0,
  failed: 0,
}

const verbs: Record<SampleKind, string> = {
  'python': 'runs',
  'rust-example': 'compiles and runs',
  'rust-fail': 'fails to compile as declared',
}

function record(sample: Sample): void {
  if (sample.kind === 'python') {
    counts.run++
  }
  else if (sample.kind === 'rust-example') {
    counts.compiled++
    counts.run++
  }
  else {
    counts.checkedToFail++
  }
}

beforeAll(async () => {
  local = localToolchainVersions()
  // Here, where the hook's timeout allows for a cold build; the examples' tests reuse it.
  if (samples.some(sample => sample.kind === 'rust-example'))
    await buildRustExamples()
})

afterAll(() => {
  // eslint-disable-next-line no-console -- these counts are this suite's report (closing note)
  console.log(`snippet samples: ${counts.compiled} compiled, ${counts.run} run, `
    + `${counts.checkedToFail} checked to fail${counts.failed
      ? ` (${counts.failed} failing)`
      : ''}`)
})

describe('snippet samples', () => {
  it('finds samples of each kind the slides show: Python run, Rust examples, must-fail Rust', () => {
    const kinds = new Set(samples.map(sample => sample.kind))
    expect([...kinds]).toEqual(expect.arrayContaining(['python', 'rust-example', 'rust-fail']))
  })

  for (const sample of samples) {
    it(`${sample.source} ${verbs[sample.kind]}`, async () => {
      let passed = false
      try {
        const run = await runSample(sample)
        const note = toolchainNote(sample.kind, local)
        expect(run.problems, `${sample.source}: ${run.problems.join('\n')}${note}`).toEqual([])
        const expected = readBlessed(sample)
        const blessedName = fromRepo(sample.blessedFile)
        expect(
          expected,
          `${blessedName} does not exist: run \`npm run snippets:generate\` to write it, then check it`,
        ).toBeDefined()
        expect(
          run.output,
          `${sample.source}: its output differs from ${blessedName}. If the change is intended, `
          + `check the diff below, then run \`npm run snippets:generate\` to re-bless it.${note}`,
        ).toBe(expected)
        passed = true
      }
      finally {
        if (passed)
          record(sample)
        else
          counts.failed++
      }
    })
  }
})
