import { repoPath } from './paths'
import { runSync } from './process'
import { pythonExecutable } from './toolchains'

// The "catch late bugs earlier" slide shows what mypy says about the two late-bug samples.
// That text is mypy's own output: written by scripts/generate-checker-output.ts, compared
// by tests/snippets/late-bugs-checker.test.ts.

export const lateBugSamples = ['late_bug_type.py', 'late_bug_name.py'] as const
export const lateBugsFolder = 'snippets/python'
export const mypyOutputFile = 'snippets/checkers/late_bugs.mypy.txt'

export interface CheckerRun {
  /** mypy's stdout: one line per error, file names relative to snippets/python. */
  output: string
  exitCode: number | null
}

/** No cache written into the repo, no config picked up, short lines for the slide. */
function mypyArgs(): string[] {
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
  return runSync(pythonExecutable(), ['-m', 'mypy', '--version']).code === 0
}

export function runMypyOnLateBugs(): CheckerRun {
  const run = runSync(pythonExecutable(), mypyArgs(), {
    cwd: repoPath(lateBugsFolder),
  })
  return { output: run.stdout, exitCode: run.code }
}
