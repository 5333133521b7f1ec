import type { Interpreter, LoadAverage } from '../lib/shared/interpreter'
import { readFileSync } from 'node:fs'
import { describeInterpreter, interpreterSchema, isOptimized } from '../lib/shared/interpreter'
import { fromRepo, repoPath } from './paths'
import { runSync, succeeded } from './process'
import { projectEnvironment, pythonExecutable, pythonMinor } from './toolchains'

// The interpreter a figure was measured on (snippets/record/interpreter.py, run by the
// interpreter in question), and the rule the project's own environment must meet.

export const interpreterModule = repoPath('snippets/record/interpreter.py')

/** The build of `python` (the project environment's by default) under `env`, validated. */
export function interpreterOf(python = pythonExecutable(), env: NodeJS.ProcessEnv = {}): Interpreter {
  const result = succeeded(runSync(python, [interpreterModule], { env }), `${python} ${fromRepo(interpreterModule)}`)
  const parsed = interpreterSchema.safeParse((JSON.parse(result.stdout) as { interpreter: unknown }).interpreter)
  if (!parsed.success)
    throw new Error(`${fromRepo(interpreterModule)} described ${python} in a shape lib/shared/interpreter.ts does not accept: ${parsed.error.message}`)
  return parsed.data
}

/**
 * CPU seconds the whole machine has spent busy since boot (/proc/stat's first line: user,
 * nice, system, irq, softirq and steal, in USER_HZ ticks of 10 ms). Around a timed run, this
 * minus the run's own CPU time is what other programs took, which a load average cannot
 * tell: a job that keeps both cores busy pushes the load above 2 by itself.
 */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100
}

/** os.loadavg() rounded as the recorders round it. */
export function loadAverageNow(loads: number[]): LoadAverage {
  const [one = 0, five = 0, fifteen = 0] = loads.map(load => Math.round(load * 100) / 100)
  return [one, five, fifteen]
}

function olderThan(version: string, minor: string): boolean {
  const [major, minorOf] = version.split('.').map(Number)
  const [wantMajor, wantMinor] = minor.split('.').map(Number)
  return major! < wantMajor! || (major === wantMajor && minorOf! < wantMinor!)
}

/**
 * Why the project environment's interpreter must not run the figures, in one line, or
 * undefined when it may: a CPython older than `pythonMinor`, or a build without PGO and LTO
 * (pyenv's default source build is one), would make every "×" on the slides too generous.
 */
export function projectInterpreterProblem(build: Interpreter): string | undefined {
  const fix = `remove ${fromRepo(projectEnvironment())} and run \`npm run pretest\` to rebuild it on an optimized CPython ${pythonMinor} (on a laptop: \`uv python install ${pythonMinor}\`, or name one in PYTHON)`
  const which = `${fromRepo(projectEnvironment())} runs ${describeInterpreter(build)} from ${build.baseExecutable}`
  if (build.implementation !== 'CPython' || olderThan(build.version, pythonMinor))
    return `${which}, older than CPython ${pythonMinor}: ${fix}`
  if (!isOptimized(build))
    return `${which}, a build without PGO and LTO (CONFIG_ARGS: ${build.configArgs ?? 'none'}): ${fix}`
  return undefined
}
