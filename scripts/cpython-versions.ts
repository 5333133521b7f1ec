// "A newer CPython is free speed", measured: the Python ETL job on one input under Debian 12's
// python3.11, Debian unstable's optimized 3.13, 3.14 and 3.15 (toolchain/provision-cpython.sh),
// and the newest again with PYTHON_JIT=1 where the build has a JIT; timed as the ETL benchmark
// times its variants, written to data/etl/cpython-versions.json (CpythonVersionsChart.vue).
//
//   npm run etl:cpython                                  200,000 rows, 5 runs each
//   npm run etl:cpython -- --rows 20000 --runs 3 --output /tmp/versions.json
//   npm run etl:cpython -- --python /usr/bin/python3.12 --python ~/.local/bin/python3.15
//   npm run etl:cpython -- --with ~/.pyenv/versions/3.13.0/bin/python3.13   one more beside them
import type { CpythonVersions } from '../lib/etl/cpython-versions'
import type { Interpreter } from '../lib/shared/interpreter'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { cpythonVersionRows, cpythonVersionsVerdict, parseCpythonVersions } from '../lib/etl/cpython-versions'
import { formatCount, formatFactor, formatMegabytes, formatSeconds, formatSpread } from '../lib/etl/format'
import { orThrow } from '../lib/shared/checked'
import { describeInterpreter } from '../lib/shared/interpreter'
import { printTable, runMain } from '../toolchain/cli'
import { benchInput, etlFiles } from '../toolchain/etl'
import { interpreterOf, protobufOf } from '../toolchain/interpreter'
import { checkAlike, hostMachine, loadColumn, runMeasured, startSeries, timedRuns, timeRounds } from '../toolchain/measure'
import { fromRepo, repoPath } from '../toolchain/paths'
import { runSync, succeeded } from '../toolchain/process'
import { findUv, provisionedPython } from '../toolchain/toolchains'

const name = 'cpython-versions'
const committed = repoPath('data/etl/cpython-versions.json')
const { values: options } = parseArgs({
  options: {
    'rows': { type: 'string', default: '200000' },
    'runs': { type: 'string', default: '5' },
    'seed': { type: 'string', default: '2026' },
    'python': { type: 'string', multiple: true },
    'with': { type: 'string', multiple: true },
    'output': { type: 'string', default: committed },
    'allow-busy': { type: 'boolean', default: false },
  },
})
const [rows, runs, seed] = [options.rows, options.runs, options.seed].map(Number) as [number, number, number]
if (![rows, runs, seed].every(Number.isInteger) || rows < 1 || runs < 1) {
  console.error('usage: cpython-versions.ts [--rows N] [--runs N] [--seed N] [--python PATH]... [--with PATH]... [--output FILE] [--allow-busy]')
  process.exit(2)
}
const workDir = repoPath('bench-results/cpython-versions')

/** Debian 12's own 3.11 (from apt, not pyenv's), then the optimized 3.13, 3.14 and 3.15. */
function defaultInterpreters(): string[] {
  const debian311 = '/usr/bin/python3.11'
  if (!existsSync(debian311))
    throw new Error(`${debian311} is missing: apt-get install python3.11 (Debian 12), or name the interpreters with --python`)
  return [
    debian311,
    ...['3.13', '3.14', '3.15'].map((minor) => {
      const { python, problem } = provisionedPython(minor, () => console.log(`${name}: unpacking Debian unstable's python${minor} into the cache`))
      if (!python)
        throw new Error(`no CPython ${minor} (${problem}): name one with --python`)
      return python
    }),
  ]
}

/** An environment for `python` with the project's locked protobuf: its interpreter, and the protobuf runtime it imports. */
function environmentFor(python: string, build: Interpreter): { venvPython: string, protobuf: string } {
  const uv = findUv()
  if (!uv)
    throw new Error('uv is not installed: install it from https://docs.astral.sh/uv/')
  const locked = /name = "protobuf"\nversion = "([^"]+)"/.exec(readFileSync(repoPath('uv.lock'), 'utf8'))?.[1]
  if (!locked)
    throw new Error('uv.lock names no protobuf version')
  const runUv = (...args: string[]) => succeeded(runSync(uv, args), `uv ${args.join(' ')}`)
  const venv = join(workDir, `venv-${build.version}-${build.origin.kind}`)
  const venvPython = join(venv, 'bin', 'python')
  if (!existsSync(venvPython))
    runUv('venv', '--quiet', '--python', python, venv)
  // Compiled to bytecode, as every installer but uv does by default, so no run pays for it.
  runUv('pip', 'install', '--quiet', '--compile-bytecode', '--python', venvPython, `protobuf==${locked}`)
  return {
    venvPython,
    protobuf: protobufOf(venvPython),
  }
}

async function main(): Promise<void> {
  const series = startSeries(name, options.output, committed, options['allow-busy'])
  mkdirSync(workDir, { recursive: true })
  const builds = [
    ...(options.python ?? defaultInterpreters()),
    ...(options.with ?? []),
  ].map(python => ({
    python,
    interpreter: interpreterOf(python),
  }))
  const minorOf = (build: Interpreter): string => build.version.split('.').slice(0, 2).join('.')
  const versions = builds.map(({ python, interpreter }) => {
    const minor = minorOf(interpreter)
    // Two builds of one release are told apart by version and origin.
    const twice = builds.filter(other => minorOf(other.interpreter) === minor).length > 1
    return {
      id: twice
        ? `${interpreter.version}-${interpreter.origin.kind}`
        : minor,
      minor,
      env: {} as Record<string, string>,
      interpreter,
      ...environmentFor(python, interpreter),
    }
  }).sort((a, b) => Number(a.minor.split('.')[1]) - Number(b.minor.split('.')[1]) || Number(a.interpreter.pgo) - Number(b.interpreter.pgo))
  // The newest release once more with its experimental JIT on, where the build has one.
  const newest = versions.at(-1)!
  const jit = { PYTHON_JIT: '1' }
  if (newest.interpreter.jit?.available) {
    versions.push({
      ...newest,
      id: `${newest.id}-jit`,
      env: jit,
      interpreter: interpreterOf(newest.venvPython, jit),
    })
  }
  const entries = versions.map(entry => ({
    ...entry,
    label: `CPython ${entry.interpreter.version}${entry.interpreter.jit?.enabled ? ', JIT on' : ''}`,
    output: join(workDir, `out-${entry.id}.pb`),
  }))
  for (const entry of entries)
    console.log(`${name}: ${entry.id}: ${describeInterpreter(entry.interpreter)}, ${entry.interpreter.baseExecutable}; protobuf ${entry.protobuf}`)

  const { csv, input } = await benchInput(workDir, rows, seed, line => console.log(`${name}: ${line}`))
  const once = (entry: typeof entries[number]) => runMeasured(entry.label, {
    file: entry.venvPython,
    args: [etlFiles.pythonJob, csv, entry.output],
  }, entry.env)
  await checkAlike(name, entries, entries[0]!.label, async entry => ({ output: entry.output, report: (await once(entry)).result.stderr }))
  // The file keeps what each entry is, not how this run reached it (venvPython, label, output).
  const interpreters = (await timeRounds(name, entries, runs, once)).map((measured) => {
    const { venvPython, label, output, ...entry } = measured.entry
    return {
      ...entry,
      ...timedRuns(measured),
    }
  })
  const file: CpythonVersions = {
    schemaVersion: 2,
    measuredAt: series.measuredAt,
    recorder: 'scripts/cpython-versions.ts',
    job: `${fromRepo(etlFiles.pythonJob)} (the Python engine)`,
    machine: hostMachine(),
    input,
    runsPerInterpreter: runs,
    conditions: series.end(interpreters),
    interpreters,
  }
  orThrow(parseCpythonVersions(file), 'the figures do not pass their own schema')

  printVersions(file)
  series.write(file)
  for (const entry of entries)
    rmSync(entry.output, { force: true })
}

function printVersions(file: CpythonVersions): void {
  const { machine, input, conditions } = file
  console.log(`\n${machine.cpuModel}, ${machine.logicalCores} logical cores, ${machine.os}; ${file.job}`)
  console.log(`input: ${formatCount(input.rows)} rows, ${formatMegabytes(input.bytes)}, ${formatCount(input.badRows)} bad; median of ${file.runsPerInterpreter} interleaved runs`)
  console.log(`load average (1, 5, 15 min): ${conditions.loadAverageAtStart.join(' ')} at the start, ${conditions.loadAverageAtEnd.join(' ')} at the end; ${conditions.busy ? 'BUSY' : 'not busy'} (busy: a 1-minute load above ${conditions.busyAbove} at the start, or other programs above ${conditions.othersBusyAbove} cores during a run)\n`)
  const rows = cpythonVersionRows(file).map((row, index) => ({ ...row, runs: file.interpreters[index]!, index }))
  printTable<typeof rows[number]>({
    '': row => row.label,
    'build': row => row.build,
    'median (min–max)': row => formatSpread(row.runs.runsSeconds, row.medianSeconds),
    'CPU time': row => formatSeconds(row.runs.medianCpuSeconds),
    [`vs ${rows[0]!.minor}`]: row => `${formatFactor(row.speedup)}${row.overlapsBaseline && row.index > 0
      ? ' (within the spread)'
      : ''}`,
    'load before → after': row => loadColumn(row.runs),
  }, rows, 2)
  console.log(`\n${cpythonVersionsVerdict(file)}`)
}

runMain(name, main)
