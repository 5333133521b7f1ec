// `npm run snippets:generate:artefacts`, a "bless" step like `npm run snippets:generate`:
// writes rustc's MIR, LLVM IR and assembly for snippets/pipeline/with_vat.rs next to it, and
// mypy's report on the late-bug samples, recording that mypy in snippets/toolchain-versions.json
// (the slide names it).
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { asmHostSupported, generatePipelineArtefacts, mypyOutputFile, mypyVersion, pipelineSample, runMypyOnLateBugs } from '../toolchain/artefacts'
import { repoPath } from '../toolchain/paths'
import { writeToolchainVersions } from '../toolchain/samples'

if (!asmHostSupported) {
  console.error('The shown assembly is x86-64: run this on an x86-64 machine.')
  process.exit(1)
}
const artefacts = generatePipelineArtefacts()
for (const key of ['mir', 'llvmIr', 'asm'] as const)
  writeFileSync(repoPath(pipelineSample[key]), artefacts[key])
console.log(`wrote ${pipelineSample.mir}, ${pipelineSample.llvmIr}, ${pipelineSample.asm}`)

const mypy = mypyVersion()
if (!mypy) {
  console.error('mypy is not in the project environment (.venv): run `npx tsx scripts/prepare.ts` (uv sync --frozen).')
  process.exit(1)
}
const run = runMypyOnLateBugs()
writeFileSync(repoPath(mypyOutputFile), run.stdout)
writeToolchainVersions({ mypy })
console.log(`wrote ${mypyOutputFile} (${mypy}, exit code ${run.code})`)
