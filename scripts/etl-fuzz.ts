// The long run of the ETL differential test (tests/snippets/etl_differential.py): builds the
// Rust job, then has Hypothesis generate many hostile CSV files and every engine clean each
// one; any difference in records or report fails with the file that caused it.
//
//   npm run etl:fuzz                       3,000 generated files (and 3,000 well-formed ones)
//   npm run etl:fuzz -- --examples 20000
import process from 'node:process'
import { parseArgs } from 'node:util'
import { flags, runMain } from '../toolchain/cli'
import { buildRelease, differentialEngines, etlFiles } from '../toolchain/etl'
import { repoPath } from '../toolchain/paths'
import { run } from '../toolchain/process'
import { pythonExecutable } from '../toolchain/toolchains'

const { values: options } = parseArgs({
  options: {
    examples: { type: 'string', default: '3000' },
  },
})
const examples = Number(options.examples)
if (!Number.isInteger(examples) || examples < 1) {
  console.error('usage: etl-fuzz.ts [--examples N]')
  process.exit(2)
}

runMain('etl-fuzz', async () => {
  buildRelease('etl')
  const { engines, wellFormed } = await differentialEngines()
  console.log(`etl-fuzz: ${examples} files through ${engines.join(', ')}; well-formed ones also through ${wellFormed.join(', ')}`)
  // Echoed as it comes: a long run shows its progress.
  const fuzz = await run(pythonExecutable(), [
    repoPath('tests/snippets/etl_differential.py'),
    ...flags({
      'rust-binary': etlFiles.rustBinary,
      'examples': examples,
      'engines': [...engines, 'python-multiprocessing'].join(','),
      'well-formed-engines': wellFormed.join(','),
    }),
    '--check-differences',
  ], { echo: true })
  process.exit(fuzz.code ?? 1)
})
