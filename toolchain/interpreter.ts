import type { Interpreter } from '../lib/shared/interpreter'
import { checkWith, orThrow } from '../lib/shared/checked'
import { describeInterpreter, interpreterSchema, isOptimized } from '../lib/shared/interpreter'
import { fromRepo, repoPath } from './paths'
import { runSync, succeeded } from './process'
import { projectEnvironment, pythonExecutable, pythonMinor, versionOf } from './toolchains'

// The interpreter a figure was measured on (snippets/record/interpreter.py, run by the
// interpreter in question), and the rule the project's own environment must meet.

export const interpreterModule = repoPath('snippets/record/interpreter.py')

/** The build of `python` (the project environment's by default) under `env`, validated. */
export function interpreterOf(python = pythonExecutable(), env: NodeJS.ProcessEnv = {}): Interpreter {
  const result = succeeded(runSync(python, [interpreterModule], { env }), `${python} ${fromRepo(interpreterModule)}`)
  const described = (JSON.parse(result.stdout) as { interpreter: unknown }).interpreter
  return orThrow(checkWith(interpreterSchema, described, 'interpreter'), `${fromRepo(interpreterModule)} described ${python} in a shape lib/shared/interpreter.ts does not accept`)
}

/** The protobuf runtime `python` imports ("7.36.2, implementation upb"): its backend sets the Python job's pace. */
export function protobufOf(python: string): string {
  return versionOf(python, ['-c', 'import google.protobuf as p; from google.protobuf.internal import api_implementation as a; print(f"{p.__version__}, implementation {a.Type()}")'])
}

/**
 * Why the project environment's interpreter must not run the figures, in one line, or
 * undefined when it may: a CPython older than `pythonMinor`, or a build without PGO and LTO
 * (pyenv's default source build is one), would make every "×" on the slides too generous.
 */
export function projectInterpreterProblem(build: Interpreter): string | undefined {
  const fix = `remove ${fromRepo(projectEnvironment())} and run \`npm run pretest\` to rebuild it on an optimized CPython ${pythonMinor} (on a laptop: \`uv python install ${pythonMinor}\`, or name one in PYTHON)`
  const which = `${fromRepo(projectEnvironment())} runs ${describeInterpreter(build)} from ${build.baseExecutable}`
  // Numeric: 3.9 is older than 3.15.
  if (build.implementation !== 'CPython' || build.version.localeCompare(pythonMinor, 'en', { numeric: true }) < 0)
    return `${which}, older than CPython ${pythonMinor}: ${fix}`
  if (!isOptimized(build))
    return `${which}, a build without PGO and LTO (CONFIG_ARGS: ${build.configArgs ?? 'none'}): ${fix}`
  return undefined
}
