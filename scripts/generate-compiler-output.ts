// Blesses the samples' expected output: runs every sample under snippets/ for real and
// writes its `.out` (stdout) or `.stderr` (rustc's message), the way rustc's UI tests do.
//
//   npm run snippets:generate                     # every sample
//   npm run snippets:generate -- option_ memory   # only samples whose path contains one of these
//
// Check the diff (`git diff snippets/`) before committing: the test compares against these.
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { fromRepo } from '../toolchain/paths'
import { discoverSamples, localToolchainVersions, readBlessed, runSample, toolchainVersionsFile, writeToolchainVersions } from '../toolchain/samples'

const filters = process.argv.slice(2)
const samples = discoverSamples()
  .filter(sample => sample.blessedFile && (filters.length === 0 || filters.some(filter => sample.source.includes(filter))))
if (samples.length === 0) {
  console.log(`No samples with expected output match ${filters.join(' ') || '(no filter)'}.`)
  process.exit(filters.length ? 1 : 0)
}

let written = 0
const failures: string[] = []
for (const sample of samples) {
  const run = await runSample(sample)
  // Never bless the output of a sample that breaks its own convention.
  if (run.problems.length) {
    failures.push(`${sample.source}:\n  ${run.problems.join('\n  ')}`)
  }
  else if (readBlessed(sample) !== run.output) {
    writeFileSync(sample.blessedFile!, run.output)
    written++
    console.log(`wrote ${fromRepo(sample.blessedFile!)}`)
  }
}

const versions = localToolchainVersions()
if (writeToolchainVersions(versions))
  console.log(`wrote ${fromRepo(toolchainVersionsFile)} (${versions.python}, ${versions.rustc})`)

console.log(`\n${written} written, ${samples.length - written - failures.length} unchanged, ${failures.length} not blessed.`)
if (failures.length) {
  console.error(`\nThese samples do not behave as their conventions say, so their output was not written:\n\n${failures.join('\n\n')}`)
  process.exitCode = 1
}
