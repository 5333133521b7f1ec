// Blesses the tool output the slides show, the way rustc's UI tests do: runs the tools for
// real and writes their output beside the source, recording which tools ran in
// snippets/toolchain-versions.json (the slides name them). Check `git diff snippets/` after.
//   npm run snippets:generate                     # every sample's .out (stdout) or .stderr (rustc's message)
//   npm run snippets:generate -- option_ memory   # only samples whose path contains one of these
//   npm run snippets:generate:artefacts           # rustc's MIR, LLVM IR and assembly; mypy's report
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { asmHostSupported, generatePipelineArtefacts, mypyOutputFile, mypyVersion, pipelineSample, runMypyOnLateBugs } from '../toolchain/artefacts'
import { fromRepo, repoPath } from '../toolchain/paths'
import { discoverSamples, localToolchainVersions, readBlessed, runSample, toolchainVersionsFile, writeToolchainVersions } from '../toolchain/samples'

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

function blessArtefacts(): void {
  if (!asmHostSupported)
    fail('The shown assembly is x86-64: run this on an x86-64 machine.')
  const artefacts = generatePipelineArtefacts()
  for (const key of ['mir', 'llvmIr', 'asm'] as const)
    writeFileSync(repoPath(pipelineSample[key]), artefacts[key])
  console.log(`wrote ${pipelineSample.mir}, ${pipelineSample.llvmIr}, ${pipelineSample.asm}`)
  const mypy = mypyVersion()
  if (!mypy)
    fail('mypy is not in the project environment (.venv): run `npx tsx scripts/prepare.ts` (uv sync --frozen).')
  const run = runMypyOnLateBugs()
  writeFileSync(repoPath(mypyOutputFile), run.stdout)
  writeToolchainVersions({ mypy })
  console.log(`wrote ${mypyOutputFile} (${mypy}, exit code ${run.code})`)
}

async function blessSamples(filters: string[]): Promise<void> {
  const samples = discoverSamples()
    .filter(sample => filters.length === 0 || filters.some(filter => sample.source.includes(filter)))
  if (samples.length === 0)
    fail(`No samples with expected output match ${filters.join(' ')}.`)
  let written = 0
  const failures: string[] = []
  for (const sample of samples) {
    const run = await runSample(sample)
    // Never bless the output of a sample that breaks its own convention.
    if (run.problems.length) {
      failures.push(`${sample.source}:\n  ${run.problems.join('\n  ')}`)
    }
    else if (readBlessed(sample) !== run.output) {
      writeFileSync(sample.blessedFile, run.output)
      written++
      console.log(`wrote ${fromRepo(sample.blessedFile)}`)
    }
  }
  const versions = localToolchainVersions()
  if (writeToolchainVersions(versions))
    console.log(`wrote ${fromRepo(toolchainVersionsFile)} (${versions.python}, ${versions.rustc})`)
  console.log(`\n${written} written, ${samples.length - written - failures.length} unchanged, ${failures.length} not blessed.`)
  if (failures.length)
    fail(`\nThese samples do not behave as their conventions say, so their output was not written:\n\n${failures.join('\n\n')}`)
}

const args = process.argv.slice(2)
if (args[0] === '--artefacts')
  blessArtefacts()
else
  await blessSamples(args)
