import type { SampleKind } from './samples'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { repoPath } from './paths'
import { runSync } from './process'
import { pythonExecutable, rustcExecutable, versionOf } from './toolchains'

// snippets/toolchain-versions.json: which Python, rustc and mypy blessed the samples' output,
// so a failure on another machine can say that its toolchain differs.

export const toolchainVersionsFile = repoPath('snippets/toolchain-versions.json')

export interface ToolchainVersions {
  python: string
  rustc: string
  /** The mypy that wrote snippets/checkers/ (recorded by scripts/generate-checker-output.ts). */
  mypy?: string
}

/** `mypy 2.4.1` from `python -m mypy --version` ("mypy 2.4.1 (compiled: yes)"), or '' without mypy. */
export function localMypyVersion(): string {
  const mypy = runSync(pythonExecutable(), ['-m', 'mypy', '--version'])
  return mypy.code === 0
    ? mypy.stdout.trim().replace(/ \(.*\)$/, '')
    : ''
}

/** Versions on this machine, e.g. `{ python: 'Python 3.13.0', rustc: 'rustc 1.95.0 (...)' }`. */
export function localToolchainVersions(): ToolchainVersions {
  return {
    python: versionOf(pythonExecutable()),
    rustc: versionOf(rustcExecutable()),
  }
}

/** The versions that blessed the `.out` / `.stderr` files, if recorded. */
export function blessedToolchainVersions(): ToolchainVersions | undefined {
  if (!existsSync(toolchainVersionsFile))
    return undefined
  return JSON.parse(readFileSync(toolchainVersionsFile, 'utf8')) as ToolchainVersions
}

/**
 * Updates snippets/toolchain-versions.json with `changed`, keeping the other entries (each
 * generator records the tools it ran); returns whether the file changed.
 */
export function writeToolchainVersions(changed: Partial<ToolchainVersions>): boolean {
  const text = `${JSON.stringify({
    ...blessedToolchainVersions(),
    ...changed,
  }, null, 2)}\n`
  if (existsSync(toolchainVersionsFile) && readFileSync(toolchainVersionsFile, 'utf8') === text)
    return false
  writeFileSync(toolchainVersionsFile, text)
  return true
}

/** A sentence for failure messages when this machine's toolchain is not the blessing one. */
export function toolchainMismatchNote(kind: SampleKind, local: ToolchainVersions, blessed: ToolchainVersions | undefined): string {
  if (!blessed || kind === 'rust-parse-only')
    return ''
  const tool = kind === 'python'
    ? 'python'
    : 'rustc'
  if (local[tool] === blessed[tool])
    return ''
  return `\nNote: the blessed output was made with ${blessed[tool]}, this machine has ${local[tool]}; `
    + 'a different version may legitimately print something else.'
}
