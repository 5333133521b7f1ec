// The ETL differential test, bounded: Hypothesis generates hostile CSV files (every field
// empty, stray and unclosed quotes, line breaks inside quotes, decimal commas, currencies
// with 0, 2 and 3 decimals, names to keep as written, repeated ids, leap days, offsets,
// bytes that are not UTF-8) and every engine must write the same bytes, rejects file,
// report and exit status for each; Polars and DuckDB get the well-formed ones, and their
// known differences are checked to be there. The long run is `npm run etl:fuzz`.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildRelease, differentialEngines, etlFiles } from '../../toolchain/etl'
import { repoRoot } from '../../toolchain/paths'
import { run as runProcess } from '../../toolchain/process'
import { pythonExecutable } from '../../toolchain/toolchains'

const harness = join(repoRoot, 'tests/snippets/etl_differential.py')
let engines: string[]
let wellFormed: string[]

beforeAll(async () => {
  buildRelease('etl')
  ;({ engines, wellFormed } = await differentialEngines())
})

describe('the ETL implementations, on generated hostile input', () => {
  it('write identical records and reports, regression cases included', async () => {
    const run = await runProcess(pythonExecutable(), [
      harness,
      '--rust-binary',
      etlFiles.rustBinary,
      '--examples',
      '15',
      '--derandomize',
      '--engines',
      engines.join(','),
      '--well-formed-engines',
      wellFormed.join(','),
      '--check-differences',
    ])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain(`identical output from ${engines.join(', ')}`)
    expect(run.stdout).toContain(`identical output from python, ${wellFormed.join(', ')}`)
    expect(run.stdout.match(/as README\.md says/g)).toHaveLength(5)
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
    expect(run.stderr).toContain('need two or more of python, rust, rust-overlap')
  })
})
