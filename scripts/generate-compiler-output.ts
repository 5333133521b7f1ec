// Blesses the samples' expected output: runs every sample under snippets/ for real and
// writes its `.out` (stdout) or `.stderr` (rustc's message), the way rustc's UI tests do.
//
//   npm run snippets:generate                 # every sample
//   npm run snippets:generate -- option_ memory   # only samples whose path contains one of these
//
// Check the diff (`git diff snippets/`) before committing: the test compares against these.
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { fromRepo } from '../toolchain/paths'
import { buildRustExamples, runSample } from '../toolchain/sample-runners'
import { discoverSamples, readBlessed } from '../toolchain/samples'
import { localToolchainVersions, toolchainVersionsFile, writeToolchainVersions } from '../toolchain/toolchain-versions'

async function main(): Promise<number> {
  const filters = process.argv.slice(2)
  const samples = discoverSamples()
    .filter(sample => sample.blessedFile)
    .filter(sample => filters.length === 0 || filters.some(filter => sample.source.includes(filter)))
  if (samples.length === 0) {
    console.log(`No samples with expected output match ${filters.join(' ') || '(no filter)'}.`)
    return filters.length ? 1 : 0
  }

  const build = samples.some(sample => sample.kind === 'rust-example')
    ? await buildRustExamples()
    : undefined

  let written = 0
  let unchanged = 0
  const failures: string[] = []
  for (const sample of samples) {
    const run = await runSample(sample, build)
    if (run.problems.length) {
      // Never bless output of a sample that breaks its own convention.
      failures.push(`${sample.source}:\n  ${run.problems.join('\n  ')}`)
      continue
    }
    if (readBlessed(sample) === run.output) {
      unchanged++
      continue
    }
    writeFileSync(sample.blessedFile!, run.output)
    written++
    console.log(`wrote ${fromRepo(sample.blessedFile!)}`)
  }

  const versions = localToolchainVersions()
  if (writeToolchainVersions(versions))
    console.log(`wrote ${fromRepo(toolchainVersionsFile)} (${versions.python}, ${versions.rustc}, ${versions.mypy})`)

  console.log(`\n${written} written, ${unchanged} unchanged, ${failures.length} not blessed.`)
  if (failures.length) {
    console.error(`\nThese samples do not behave as their conventions say, so their output was not written:\n\n${failures.join('\n\n')}`)
    return 1
  }
  return 0
}

main().then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  },
)
