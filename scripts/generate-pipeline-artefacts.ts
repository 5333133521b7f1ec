// Writes rustc's MIR, LLVM IR and assembly for snippets/pipeline/with_vat.rs next to it
// (a "bless" step, like `npm run snippets:generate`):  npx tsx scripts/generate-pipeline-artefacts.ts
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { repoPath } from '../toolchain/paths'
import { asmHostSupported, generatePipelineArtefacts, pipelineSample } from '../toolchain/rust-pipeline'

if (!asmHostSupported) {
  console.error('The shown assembly is x86-64: run this on an x86-64 machine.')
  process.exit(1)
}
const artefacts = generatePipelineArtefacts()
writeFileSync(repoPath(pipelineSample.mir), artefacts.mir)
writeFileSync(repoPath(pipelineSample.llvmIr), artefacts.llvmIr)
writeFileSync(repoPath(pipelineSample.asm), artefacts.asm)
console.log(`wrote ${pipelineSample.mir}, ${pipelineSample.llvmIr}, ${pipelineSample.asm}`)
