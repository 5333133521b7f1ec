import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pythonExecutable } from './toolchains'

// The "catch late bugs earlier" slide shows what mypy says about the two late-bug samples.
// That text is mypy's own output: written by scripts/generate-checker-output.ts, compared
// by tests/snippets/late-bugs-checker.test.ts.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export const lateBugSamples = ['late_bug_type.py', 'late_bug_name.py'] as const
export const lateBugsFolder = 'snippets/python'
export const mypyOutputFile = 'snippets/checkers/late_bugs.mypy.txt'

export interface CheckerRun {
  /** mypy's stdout: one line per error, file names relative to snippets/python. */
  output: string
  exitCode: number | null
}

/** No cache written into the repo, no config picked up, short lines for the slide. */
export function mypyArgs(): string[] {
  return [
    '-m',
    'mypy',
    '--no-incremental',
    '--cache-dir=/dev/null',
    '--config-file=',
    '--no-error-summary',
    '--hide-error-codes',
    ...lateBugSamples,
  ]
}

export function mypyAvailable(): boolean {
  return spawnSync(pythonExecutable(), ['-m', 'mypy', '--version'], { encoding: 'utf8' }).status === 0
}

export function runMypyOnLateBugs(): CheckerRun {
  const run = spawnSync(pythonExecutable(), mypyArgs(), {
    cwd: join(repoRoot, lateBugsFolder),
    encoding: 'utf8',
  })
  if (run.error)
    throw run.error
  return { output: run.stdout, exitCode: run.status }
}

export function repoFile(relative: string): string {
  return join(repoRoot, relative)
}
