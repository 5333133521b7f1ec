import type { Buffer } from 'node:buffer'
// "A newer CPython is free speed", measured: the same Python ETL job (snippets/etl/python/
// etl.py, its Python engine) on the same generated input under CPython 3.11 (Debian 12's own
// python3.11), 3.13, 3.14 and 3.15 (Debian unstable's optimized builds, from the cache that
// toolchain/provision-cpython.sh fills), and the newest again with its experimental JIT on
// (PYTHON_JIT=1) where the build has one; runs interleaved, every output checked
// byte-identical, the load average before and after each run; prints a table and writes
// data/etl/cpython-versions.json (components/CpythonVersionsChart.vue draws it).
//
//   npm run etl:cpython                                  200,000 rows, 5 runs each
//   npm run etl:cpython -- --rows 20000 --runs 3 --output /tmp/versions.json
//   npm run etl:cpython -- --python /usr/bin/python3.12 --python ~/.local/bin/python3.15
//   npm run etl:cpython -- --with ~/.pyenv/versions/3.13.0/bin/python3.13   one more beside them
//
// Each interpreter gets its own environment with the project's locked protobuf (uv, under
// bench-results/). Busy, as in the ETL benchmark: a 1-minute load average above the logical
// cores at the start, or other programs using more than a quarter of a core during a run;
// a busy run will not overwrite the committed file unless --allow-busy is given.
import type { CpythonVersions } from '../lib/etl/cpython-versions'
import type { Interpreter } from '../lib/shared/interpreter'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, type } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { cpythonVersionRows, cpythonVersionsVerdict, parseCpythonVersions } from '../lib/etl/cpython-versions'
import { formatCount, formatFactor, formatMegabytes, formatSeconds, formatSpread } from '../lib/etl/format'
import { isBusy } from '../lib/etl/runs'
import { describeInterpreter } from '../lib/shared/interpreter'
import { median } from '../lib/shared/stats'
import { generateEtlInput, runMeasured } from '../toolchain/etl-jobs'
import { etlFiles } from '../toolchain/etl-variants'
import { interpreterOf, loadAverageNow } from '../toolchain/interpreter'
import { fromRepo, repoPath } from '../toolchain/paths'
import { runSync, succeeded } from '../toolchain/process'
import { findUv, provisionedPython } from '../toolchain/toolchains'

const { values: options } = parseArgs({
  options: {
    'rows': { type: 'string', default: '200000' },
    'runs': { type: 'string', default: '5' },
    'seed': { type: 'string', default: '2026' },
    'python': { type: 'string', multiple: true },
    'with': { type: 'string', multiple: true },
    'output': {
      type: 'string',
      default: repoPath('data/etl/cpython-versions.json'),
    },
    'allow-busy': { type: 'boolean', default: false },
  },
})
const rows = Number(options.rows)
const runs = Number(options.runs)
const seed = Number(options.seed)
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: cpython-versions.ts [--rows N] [--runs N] [--seed N] [--python PATH]... [--with PATH]... [--output FILE] [--allow-busy]')
  process.exit(2)
}
const busyAbove = cpus().length
/** Other programs busy for more than a quarter of a core during a run (as etl-bench.ts rules). */
const othersBusyAbove = 0.25
const refuseBusy = resolve(options.output) === repoPath('data/etl/cpython-versions.json') && !options['allow-busy']
const workDir = repoPath('bench-results/cpython-versions')

/** Debian 12's own 3.11 (from apt, not pyenv's), then the optimized 3.13, 3.14 and 3.15. */
function defaultInterpreters(): string[] {
  const debian311 = '/usr/bin/python3.11'
  if (!existsSync(debian311))
    throw new Error(`${debian311} is missing: apt-get install python3.11 (Debian 12), or name the interpreters with --python`)
  return [
    debian311,
    ...['3.13', '3.14', '3.15'].map((minor) => {
      const { python, problem } = provisionedPython(minor, () => console.log(`cpython-versions: unpacking Debian unstable's python${minor} into the cache`))
      if (!python)
        throw new Error(`no CPython ${minor} (${problem}): name one with --python`)
      return python
    }),
  ]
}

/** An environment for `python` with the project's locked protobuf; returns its interpreter. */
function environmentFor(python: string, build: Interpreter): string {
  const uv = findUv()
  if (!uv)
    throw new Error('uv is not installed: install it from https://docs.astral.sh/uv/')
  const lock = readFileSync(repoPath('uv.lock'), 'utf8')
  const protobuf = /name = "protobuf"\nversion = "([^"]+)"/.exec(lock)?.[1]
  if (!protobuf)
    throw new Error('uv.lock names no protobuf version')
  const venv = join(workDir, `venv-${build.version}-${build.origin.kind}`)
  const venvPython = join(venv, 'bin', 'python')
  if (!existsSync(venvPython)) {
    succeeded(runSync(uv, [
      'venv',
      '--quiet',
      '--python',
      python,
      venv,
    ]), `uv venv --python ${python}`)
  }
  // Compiled to bytecode, as every installer but uv does by default, so no run pays for it.
  succeeded(runSync(uv, [
    'pip',
    'install',
    '--quiet',
    '--compile-bytecode',
    '--python',
    venvPython,
    `protobuf==${protobuf}`,
  ]), `uv pip install protobuf==${protobuf} for ${python}`)
  return venvPython
}

function protobufOf(python: string): string {
  return succeeded(runSync(python, [
    '-c',
    'import google.protobuf as p; from google.protobuf.internal import api_implementation as a; print(f"{p.__version__}, implementation {a.Type()}")',
  ]), `${python}: import google.protobuf`).stdout.trim()
}

async function main(): Promise<void> {
  const started = new Date()
  const loadAverageAtStart = loadAverageNow(loadavg())
  if (refuseBusy && loadAverageAtStart[0] > busyAbove)
    throw new Error(`the machine is busy (1-minute load average ${loadAverageAtStart[0]}, above its ${busyAbove} logical cores): re-run when it is quiet, or pass --allow-busy`)
  mkdirSync(workDir, { recursive: true })

  const pythons = [
    ...(options.python ?? defaultInterpreters()),
    ...(options.with ?? []),
  ]
  const plain = pythons.map((python) => {
    const interpreter = interpreterOf(python)
    const minor = interpreter.version.split('.').slice(0, 2).join('.')
    return {
      id: pythons.some(other => other !== python && interpreterOf(other).version.startsWith(`${minor}.`))
        ? `${interpreter.version}-${interpreter.origin.kind}`
        : minor,
      minor,
      env: {} as Record<string, string>,
      interpreter,
      venvPython: environmentFor(python, interpreter),
    }
  }).sort((a, b) => Number(a.minor.split('.')[1]) - Number(b.minor.split('.')[1]) || Number(a.interpreter.pgo) - Number(b.interpreter.pgo))
  // The newest release once more with its experimental JIT on, where the build has one.
  const newest = plain.at(-1)!
  const withJit = newest.interpreter.jit?.available
    ? [
        {
          ...newest,
          id: `${newest.id}-jit`,
          env: { PYTHON_JIT: '1' },
          interpreter: interpreterOf(newest.venvPython, { PYTHON_JIT: '1' }),
        },
      ]
    : []
  const entries = [
    ...plain,
    ...withJit,
  ].map(entry => ({
    ...entry,
    label: `CPython ${entry.interpreter.version}${entry.interpreter.jit?.enabled ? ', JIT on' : ''}`,
    protobuf: protobufOf(entry.venvPython),
    seconds: [] as number[],
    cpu: [] as number[],
    loadBefore: [] as number[],
    loadAfter: [] as number[],
    otherCores: [] as number[],
  }))
  for (const entry of entries)
    console.log(`cpython-versions: ${entry.id}: ${describeInterpreter(entry.interpreter)}, ${entry.interpreter.baseExecutable}; protobuf ${entry.protobuf}`)

  const input = join(workDir, `orders-${rows}-seed${seed}.csv`)
  const summaryFile = `${input}.faults.json`
  if (!existsSync(input) || !existsSync(summaryFile)) {
    console.log(`cpython-versions: generating ${formatCount(rows)} rows → ${fromRepo(input)}`)
    writeFileSync(summaryFile, JSON.stringify(await generateEtlInput({
      rows,
      seed,
      badShare: 0.01,
      output: input,
    })))
  }
  const faults = JSON.parse(readFileSync(summaryFile, 'utf8')) as { bad: number }

  const output = (entry: typeof entries[number]): string => join(workDir, `out-${entry.id}.pb`)
  // `env VAR=value python ...`: GNU time measures the job itself, env only execs it.
  const job = (entry: typeof entries[number]) => ({
    id: 'python' as const,
    label: entry.label,
    language: 'python' as const,
    multiProcess: false,
    chart: true,
    command: (csv: string, pb: string) => ({
      file: 'env',
      args: [
        ...Object.entries(entry.env).map(([name, value]) => `${name}=${value}`),
        entry.venvPython,
        etlFiles.pythonJob,
        csv,
        pb,
      ],
    }),
  })
  const once = async (entry: typeof entries[number]): Promise<Awaited<ReturnType<typeof runMeasured>>> => {
    const measured = await runMeasured(job(entry), input, output(entry))
    if (measured.result.code !== 0)
      throw new Error(`${entry.label} exited with ${measured.result.code}:\n${measured.result.stderr}`)
    return measured
  }

  // Every interpreter once: same bytes and the same report, or the comparison means nothing.
  let reference: { bytes: Buffer, report: string } | undefined
  for (const entry of entries) {
    const { result } = await once(entry)
    const bytes = readFileSync(output(entry))
    reference ??= { bytes, report: result.stderr }
    if (!bytes.equals(reference.bytes) || result.stderr !== reference.report)
      throw new Error(`${entry.label} wrote different bytes or a different report from ${entries[0]!.label}:\n${result.stderr}`)
    console.log(`cpython-versions: checked ${entry.label}: same bytes and report`)
  }

  // Round-robin, so a burst of load elsewhere hits every interpreter rather than one.
  for (let run = 1; run <= runs; run++) {
    for (const entry of entries) {
      entry.loadBefore.push(loadAverageNow(loadavg())[0])
      const { wallSeconds, cpuSeconds, otherCores } = await once(entry)
      entry.otherCores.push(otherCores)
      entry.loadAfter.push(loadAverageNow(loadavg())[0])
      entry.seconds.push(wallSeconds)
      entry.cpu.push(cpuSeconds)
      console.log(`cpython-versions: run ${run}/${runs}, ${entry.label}: ${formatSeconds(wallSeconds)}, CPU ${formatSeconds(cpuSeconds)}, load ${entry.loadBefore.at(-1)!.toFixed(2)} → ${entry.loadAfter.at(-1)!.toFixed(2)}, others ${entry.otherCores.at(-1)!.toFixed(2)} cores`)
    }
  }

  const loadAverageAtEnd = loadAverageNow(loadavg())
  const file: CpythonVersions = {
    schemaVersion: 2,
    measuredAt: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    recorder: 'scripts/cpython-versions.ts',
    job: `${fromRepo(etlFiles.pythonJob)} (the Python engine)`,
    machine: { cpuModel: cpus()[0]?.model.trim() || 'unknown CPU', logicalCores: cpus().length, os: `${type()} ${release()}` },
    input: {
      rows,
      badRows: faults.bad,
      bytes: statSync(input).size,
      seed,
    },
    runsPerInterpreter: runs,
    conditions: {
      loadAverageAtStart,
      loadAverageAtEnd,
      busyAbove,
      othersBusyAbove,
      busy: false,
    },
    interpreters: entries.map(entry => ({
      id: entry.id,
      minor: entry.minor,
      env: entry.env,
      interpreter: entry.interpreter,
      protobuf: entry.protobuf,
      runsSeconds: entry.seconds,
      medianSeconds: median(entry.seconds),
      medianCpuSeconds: median(entry.cpu),
      loadBefore: entry.loadBefore,
      loadAfter: entry.loadAfter,
      otherCores: entry.otherCores,
    })),
  }
  file.conditions.busy = isBusy(file.conditions, file.interpreters)
  const checked = parseCpythonVersions(file)
  if (!checked.ok)
    throw new Error(`the figures do not pass their own schema:\n${checked.issues.join('\n')}`)

  printTable(file)
  if (file.conditions.busy) {
    const warning = `the machine was busy (other programs used up to ${Math.max(...file.interpreters.flatMap(entry => entry.otherCores)).toFixed(2)} cores during a run, above ${othersBusyAbove})`
    if (refuseBusy)
      throw new Error(`${warning}; not writing ${fromRepo(options.output)}: re-run when it is quiet, or pass --allow-busy (the load is recorded with the figures)`)
    console.log(`cpython-versions: WARNING: ${warning}; the file says so (conditions.busy)`)
  }
  writeFileSync(options.output, `${JSON.stringify(file, null, 2)}\n`)
  for (const entry of entries)
    rmSync(output(entry), { force: true })
  console.log(`cpython-versions: wrote ${options.output}`)
}

function printTable(file: CpythonVersions): void {
  const rowsOut = cpythonVersionRows(file)
  const header = [
    '',
    'build',
    'median (min–max)',
    'CPU time',
    `vs ${rowsOut[0]!.minor}`,
    'load before → after',
  ]
  const body = rowsOut.map((row, index) => {
    const entry = file.interpreters[index]!
    return [
      row.label,
      row.build,
      formatSpread(entry.runsSeconds, entry.medianSeconds),
      formatSeconds(entry.medianCpuSeconds),
      `${formatFactor(row.speedup)}${row.overlapsBaseline && index > 0
        ? ' (within the spread)'
        : ''}`,
      `${Math.max(...entry.loadBefore).toFixed(2)} → ${Math.max(...entry.loadAfter).toFixed(2)}`,
    ]
  })
  const widths = header.map((title, column) => Math.max(title.length, ...body.map(cells => cells[column]!.length)))
  const line = (cells: string[]): string => cells.map((cell, column) => column < 2
    ? cell.padEnd(widths[column]!)
    : cell.padStart(widths[column]!)).join('  ')
  const { machine, input, conditions } = file
  console.log(`\n${machine.cpuModel}, ${machine.logicalCores} logical cores, ${machine.os}; ${file.job}`)
  console.log(`input: ${formatCount(input.rows)} rows, ${formatMegabytes(input.bytes)}, ${formatCount(input.badRows)} bad; median of ${file.runsPerInterpreter} interleaved runs`)
  console.log(`load average (1, 5, 15 min): ${conditions.loadAverageAtStart.join(' ')} at the start, ${conditions.loadAverageAtEnd.join(' ')} at the end; ${conditions.busy ? 'BUSY' : 'not busy'} (busy: a 1-minute load above ${conditions.busyAbove} at the start, or other programs above ${conditions.othersBusyAbove} cores during a run)\n`)
  console.log(line(header))
  for (const cells of body)
    console.log(line(cells))
  console.log(`\n${cpythonVersionsVerdict(file)}`)
}

main().catch((error: unknown) => {
  console.error(`cpython-versions: ${error instanceof Error
    ? error.message
    : String(error)}`)
  process.exit(1)
})
