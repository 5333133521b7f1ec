// Writes mypy's report on the late-bug samples for the slide (a "bless" step), and records
// which mypy wrote it in snippets/toolchain-versions.json (the slide names it):
//   npx tsx scripts/generate-checker-output.ts
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { repoPath } from '../toolchain/paths'
import { mypyAvailable, mypyOutputFile, runMypyOnLateBugs } from '../toolchain/python-checkers'
import { localMypyVersion, writeToolchainVersions } from '../toolchain/toolchain-versions'

if (!mypyAvailable()) {
  console.error('mypy is not in the project environment (.venv): run `npx tsx scripts/prepare.ts` (uv sync --frozen).')
  process.exit(1)
}
const run = runMypyOnLateBugs()
writeFileSync(repoPath(mypyOutputFile), run.output)
const mypy = localMypyVersion()
writeToolchainVersions({ mypy })
console.log(`wrote ${mypyOutputFile} (${mypy}, exit code ${run.exitCode})`)
