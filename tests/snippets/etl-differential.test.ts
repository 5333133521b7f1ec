// The ETL differential test, bounded: Hypothesis generates hostile CSV files (every field
// empty, stray and unclosed quotes, line breaks, ß, İ, final Σ, leap days, offsets, huge
// and negative amounts, bytes that are not UTF-8) and every engine must write the same
// bytes and the same report for each. The long run is `npm run etl:fuzz`.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildRustEtl, differentialEngines } from '../../toolchain/etl-jobs'
import { etlFiles } from '../../toolchain/etl-variants'
import { repoRoot } from '../../toolchain/paths'
import { run as runProcess } from '../../toolchain/process'
import { pythonExecutable } from '../../toolchain/toolchains'

const harness = join(repoRoot, 'tests/snippets/etl_differential.py')
let engines: string[]

beforeAll(async () => {
  await buildRustEtl()
  engines = await differentialEngines()
})

describe('the ETL implementations, on generated hostile input', () => {
  it('write identical records and reports, regression cases included', async () => {
    const run = await runProcess(pythonExecutable(), [
      harness,
      '--rust-binary',
      etlFiles.rustBinary,
      '--examples',
      '40',
      '--derandomize',
      '--engines',
      engines.join(','),
    ])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain(`identical output from ${engines.join(', ')}`)
  })

  it('refuses an engine list it cannot compare', async () => {
    const run = await runProcess(pythonExecutable(), [
      harness,
      '--rust-binary',
      etlFiles.rustBinary,
      '--engines',
      'python,ruby',
    ])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('need two or more of python, polars, rust')
  })
})
