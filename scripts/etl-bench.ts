// The ETL benchmark: builds the Rust job, generates the input, runs every variant once and
// checks that they all wrote the same bytes, then runs them all several times, round-robin,
// prints a table and writes data/etl/results.json (the file the results slide renders).
// A variant that needs another branch's work (the extension) is skipped with the reason
// when it cannot run yet; --require-all makes that an error.
//
// The conditions are measured, not typed: the load average at the start and end and around
// every timed run, the CPU the rest of the machine used during each timed run, and the
// interpreter build (snippets/record/interpreter.py). The machine counts as busy when the
// 1-minute load average exceeds its logical cores at the start (before our own builds), or
// when other programs used more than a quarter of a core during a timed run (/proc/stat
// minus the run's own CPU time; a load average cannot tell that apart from a parallel
// variant keeping both cores busy by itself). A busy run warns,
// and will not overwrite the committed data/etl/results.json unless --allow-busy is given
// (the file then says busy, and the slide's footer shows the load); other outputs (a test, a
// live run) are written with the warning.
//
//   npm run etl:bench                      1,000,000 rows, 5 runs per variant
//   npm run etl:bench -- --rows 200000 --runs 5 --output /tmp/results.json
//   npm run etl:bench -- --allow-busy      record on a busy machine anyway
//   npm run etl:bench -- --rows 50000 --runs 1 --progress-json --output /tmp/live.json
//     also prints one JSON line per step (lib/etl/live.ts): the machine, each variant as it
//     finishes, the end; the deck's live run (dev server only) reads them.
import type { EtlGoal, EtlResults, EtlVariantResult } from '../lib/etl/results'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, type } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { formatCount, formatFactor, formatMegabytes, formatRate, formatSeconds, formatSpread } from '../lib/etl/format'
import { formatLiveEvent } from '../lib/etl/live'
import { parseEtlResults, wasBusy } from '../lib/etl/results'
import { describeInterpreter } from '../lib/shared/interpreter'
import { median } from '../lib/shared/stats'
import { buildRustEtl, generateEtlInput, memorySampleIntervalMs, runMeasured, whyUnavailable } from '../toolchain/etl-jobs'
import { parseEtlReport, parsePhaseTimings, parseStartMethod, reportLines } from '../toolchain/etl-report'
import { etlFiles, etlVariants } from '../toolchain/etl-variants'
import { buildExtension } from '../toolchain/extension'
import { interpreterOf, loadAverageNow } from '../toolchain/interpreter'
import { fromRepo, repoPath } from '../toolchain/paths'
import { memoryDefinition } from '../toolchain/proc-memory'
import { cargoMetadata, pythonExecutable, rustcExecutable, versionOf } from '../toolchain/toolchains'

const { values: options } = parseArgs({
  options: {
    'rows': { type: 'string', default: '1000000' },
    'runs': { type: 'string', default: '5' },
    'require-all': { type: 'boolean', default: false },
    'progress-json': { type: 'boolean', default: false },
    'seed': { type: 'string', default: '2026' },
    'output': {
      type: 'string',
      default: repoPath('data/etl/results.json'),
    },
    'allow-busy': { type: 'boolean', default: false },
  },
})

const rows = Number(options.rows)
const runs = Number(options.runs)
const seed = Number(options.seed)
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: etl-bench.ts [--rows N] [--runs N] [--seed N] [--output FILE] [--allow-busy] [--require-all] [--progress-json]')
  process.exit(2)
}

const badShare = 0.01
/** More runnable tasks than cores before anything starts: see the rule at the top. */
const busyAbove = cpus().length
/** Other programs busy for more than a quarter of a core during a timed run: see the rule at the top. */
const othersBusyAbove = 0.25
const committedOutput = resolve(options.output) === repoPath('data/etl/results.json')
const refuseBusy = committedOutput && !options['allow-busy']
const load1m = (): number => loadAverageNow(loadavg())[0]
const workDir = repoPath('bench-results/etl')
mkdirSync(workDir, { recursive: true })

/** The resolved versions of the crates the Rust variants depend on (cargo metadata). */
function crateVersions(): Record<string, string> {
  const metadata = cargoMetadata()
  const wanted = ['csv', 'prost', 'rayon', 'pyo3']
  const versions: Record<string, string> = {}
  for (const name of wanted) {
    const found = metadata.packages.filter(p => p.name === name && p.source !== null).map(p => p.version)
    if (found.length > 0) {
      versions[name] = [
        ...new Set(found),
      ].join(', ')
    }
  }
  return versions
}

function machine(): EtlResults['machine'] {
  const python = pythonExecutable()
  const protobuf = versionOf(python, [
    '-c',
    'import google.protobuf as p; from google.protobuf.internal import api_implementation as a; print(p.__version__, a.Type())',
  ]).replace(' ', ', implementation ')
  return {
    cpuModel: cpus()[0]?.model.trim() || 'unknown CPU',
    logicalCores: cpus().length,
    os: `${type()} ${release()}`,
    python: versionOf(python, ['-c', 'import platform; print(platform.python_version())']),
    interpreter: interpreterOf(python),
    protobuf,
    polars: versionOf(python, ['-c', 'import polars; print(polars.__version__)']),
    duckdb: versionOf(python, ['-c', 'import duckdb; print(duckdb.__version__)']),
    rustc: versionOf(rustcExecutable()).split(' ')[1] ?? 'unknown',
    crates: crateVersions(),
  }
}

function busyMessage(what: string): string {
  return `the machine was busy (${what}, above ${busyAbove}, its logical cores): other programs were competing for the CPU`
}

async function main(): Promise<void> {
  const started = new Date()
  const loadAverageAtStart = loadAverageNow(loadavg())
  if (refuseBusy && loadAverageAtStart[0] > busyAbove) {
    throw new Error(`${busyMessage(`1-minute load average ${loadAverageAtStart[0]} at the start`)}; `
      + `not measuring for ${fromRepo(options.output)}: re-run when it is quiet, or pass --allow-busy to record anyway (the load is recorded with the figures)`)
  }
  const machineInfo = machine()
  console.log(`etl-bench: building the Rust job (cargo build --release -p etl)`)
  await buildRustEtl()
  console.log(`etl-bench: building the fastclean extension into the project environment (maturin develop --release)`)
  try {
    buildExtension()
  }
  catch (error) {
    // The variant is then skipped, or with --require-all the run stops, naming the failure.
    console.log(`etl-bench: the extension did not build: ${error instanceof Error
      ? error.message
      : String(error)}`)
  }

  // The input is kept between runs of the benchmark (generating a million rows takes a while),
  // under a name that changes with the generator, so a changed contract never reads an old file.
  const generator = createHash('sha256').update(readFileSync(etlFiles.generator)).digest('hex').slice(0, 8)
  const input = join(workDir, `orders-${rows}-seed${seed}-${generator}.csv`)
  const summaryFile = `${input}.faults.json`
  if (!existsSync(input) || !existsSync(summaryFile)) {
    console.log(`etl-bench: generating ${formatCount(rows)} rows → ${input}`)
    const summary = await generateEtlInput({ rows, seed, badShare, output: input })
    writeFileSync(summaryFile, JSON.stringify(summary))
  }
  const faults = JSON.parse(readFileSync(summaryFile, 'utf8')) as { bad: number }
  const inputBytes = statSync(input).size

  // Outputs go to a fresh folder, so a concurrent smoke run (the tests) cannot mix them up.
  const outputDir = mkdtempSync(join(workDir, 'outputs-'))
  const outputOf = (id: string): string => join(outputDir, `${id}.pb`)

  const skipped: EtlResults['skipped'] = []
  const available = []
  for (const variant of etlVariants) {
    const reason = await whyUnavailable(variant, outputDir)
    if (reason === undefined) {
      available.push(variant)
      continue
    }
    if (options['require-all'])
      throw new Error(`${variant.label} cannot run: ${reason}`)
    console.log(`etl-bench: SKIPPED ${variant.label}: ${reason}`)
    skipped.push({ id: variant.id, label: variant.label, reason })
  }

  const progress = (event: Parameters<typeof formatLiveEvent>[0]): void => {
    if (options['progress-json'])
      console.log(formatLiveEvent(event))
  }
  progress({
    type: 'start',
    machine: machineInfo,
    conditions: { loadAverageAtStart, busyAbove, othersBusyAbove },
    input: {
      rows,
      badRows: faults.bad,
      bytes: inputBytes,
      seed,
    },
    runsPerVariant: runs,
    memory: {
      definition: `${memoryDefinition} every ${memorySampleIntervalMs} ms`,
      sampleIntervalMs: memorySampleIntervalMs,
    },
    planned: available.map(v => ({ id: v.id, label: v.label })),
    skipped,
  })

  const checkRun = async (variant: typeof etlVariants[number], details: boolean): Promise<Awaited<ReturnType<typeof runMeasured>>> => {
    const measuredRun = await runMeasured(variant, input, outputOf(variant.id), details)
    const { result } = measuredRun
    if (result.code !== 0)
      throw new Error(`${variant.label} exited with ${result.code}:\n${result.stderr}`)
    const report = parseEtlReport(result.stderr)
    if (report.read !== rows || report.rejected !== faults.bad)
      throw new Error(`${variant.label} read ${report.read} rows and rejected ${report.rejected}; expected ${rows} and ${faults.bad}`)
    return measuredRun
  }

  // First, every variant once: all must write the same bytes and the same report (a fast
  // wrong answer is not a result). This round also warms the page cache for all of them.
  let referenceReport: string | undefined
  for (const variant of available) {
    const { result } = await checkRun(variant, false)
    const reference = readFileSync(outputOf('python'))
    if (!readFileSync(outputOf(variant.id)).equals(reference))
      throw new Error(`${variant.label} wrote different bytes from the Python job`)
    referenceReport ??= reportLines(result.stderr)
    if (reportLines(result.stderr) !== referenceReport)
      throw new Error(`${variant.label} reported differently from the Python job:\n${result.stderr}`)
    console.log(`etl-bench: checked ${variant.label}: same bytes and report as Python`)
  }

  // Runs go round-robin over the variants, so a burst of load elsewhere on the machine
  // hits every variant rather than all the runs of one.
  const measured = available.map(variant => ({
    variant,
    seconds: [] as number[],
    loadBefore: [] as number[],
    loadAfter: [] as number[],
    otherCores: [] as number[],
    cpu: [] as number[],
    peaks: [] as number[],
    samples: [] as number[],
    startMethods: new Set<string>(),
    cleaning: [] as number[],
    encoding: [] as number[],
  }))
  for (let run = 1; run <= runs; run++) {
    for (const entry of measured) {
      const { variant } = entry
      entry.loadBefore.push(load1m())
      const { wallSeconds, cpuSeconds, peakMemoryBytes, memorySamples, otherCores, result } = await checkRun(variant, true)
      entry.otherCores.push(otherCores)
      entry.loadAfter.push(load1m())
      const phases = parsePhaseTimings(result.stderr)
      const phaseText = phases
        ? ` (cleaning ${formatSeconds(phases.cleaning)}, encoding ${formatSeconds(phases.encoding)})`
        : ''
      console.log(`etl-bench: run ${run}/${runs}, ${variant.label}: ${formatSeconds(wallSeconds)}, CPU ${formatSeconds(cpuSeconds)}, peak ${formatMegabytes(peakMemoryBytes)}${phaseText}, load ${entry.loadBefore.at(-1)!.toFixed(2)} → ${entry.loadAfter.at(-1)!.toFixed(2)}, others ${entry.otherCores.at(-1)!.toFixed(2)} cores`)
      entry.seconds.push(wallSeconds)
      entry.cpu.push(cpuSeconds)
      entry.peaks.push(peakMemoryBytes)
      entry.samples.push(memorySamples)
      const startMethod = parseStartMethod(result.stderr)
      if (startMethod)
        entry.startMethods.add(startMethod)
      if (phases) {
        entry.cleaning.push(phases.cleaning)
        entry.encoding.push(phases.encoding)
      }
      // Python runs first in every round, so its median is known when the others finish.
      if (run === runs) {
        progress({
          type: 'variant',
          result: resultOf(entry, median(measured[0]!.seconds)),
        })
      }
    }
  }

  const pythonMedian = median(measured.find(m => m.variant.id === 'python')!.seconds)
  const variants: EtlVariantResult[] = measured.map(entry => resultOf(entry, pythonMedian))

  function resultOf({ variant, seconds, loadBefore, loadAfter, otherCores, cpu, peaks, samples, startMethods, cleaning, encoding }: typeof measured[number], pythonMedian: number): EtlVariantResult {
    const medianSeconds = median(seconds)
    return {
      id: variant.id,
      label: variant.label,
      language: variant.language,
      runsSeconds: seconds,
      medianSeconds,
      loadBefore,
      loadAfter,
      otherCores,
      medianCpuSeconds: median(cpu),
      rowsPerSecond: rows / medianSeconds,
      megabytesPerSecond: inputBytes / 1e6 / medianSeconds,
      peakMemoryBytes: Math.min(...samples) > 0
        ? Math.max(...peaks)
        : 0,
      memorySamples: Math.min(...samples),
      speedupVsPython: pythonMedian / medianSeconds,
      ...(startMethods.size > 0
        ? {
            startMethod: [...startMethods].join(', '),
          }
        : {}),
      chart: variant.chart,
      ...(cleaning.length > 0
        ? {
            phases: {
              cleaning: median(cleaning),
              encoding: median(encoding),
            },
          }
        : {}),
    }
  }

  const byId = (id: string): EtlVariantResult | undefined => variants.find(v => v.id === id)
  const ratio = (of: (v: EtlVariantResult) => number, over: string, under: string, invert = false): number | null => {
    const [a, b] = [
      byId(over),
      byId(under),
    ]
    if (!a || !b)
      return null
    return invert
      ? of(b) / of(a)
      : of(a) / of(b)
  }
  const goal = (id: string, description: string, measuredValue: number | null, target: number, comparison: EtlGoal['comparison']): EtlGoal => ({
    id,
    description,
    measured: measuredValue,
    target,
    comparison,
    met: measuredValue !== null && (comparison === 'at-least'
      ? measuredValue >= target
      : measuredValue < target),
  })
  // Set before measuring (issue 10); the rayon goal assumes at least two cores.
  const seconds = (v: EtlVariantResult): number => v.medianSeconds
  const goals: EtlGoal[] = [
    goal('extension-vs-python', 'Python + Rust extension vs Python', ratio(seconds, 'python-rust-extension', 'python', true), 5, 'at-least'),
    goal('rust-vs-python', 'Rust on one core vs Python', ratio(seconds, 'rust', 'python', true), 10, 'at-least'),
    goal('rust-parallel-scaling', `Rust + rayon vs Rust on one core, ${machineInfo.logicalCores} cores`, ratio(seconds, 'rust-parallel', 'rust', true), machineInfo.logicalCores >= 2
      ? 1.8
      : 1, 'at-least'),
    goal('rust-memory', 'Rust peak memory, share of Python\'s', ratio(v => v.peakMemoryBytes, 'rust', 'python'), 1, 'below'),
  ]

  const conditions: EtlResults['conditions'] = {
    loadAverageAtStart,
    loadAverageAtEnd: loadAverageNow(loadavg()),
    busyAbove,
    othersBusyAbove,
    busy: false,
  }
  conditions.busy = wasBusy({ conditions, variants })
  const results: EtlResults = {
    schemaVersion: 4,
    measuredAt: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    conditions,
    machine: machineInfo,
    input: {
      rows,
      badRows: faults.bad,
      bytes: inputBytes,
      seed,
    },
    runsPerVariant: runs,
    memory: {
      definition: `${memoryDefinition} every ${memorySampleIntervalMs} ms`,
      sampleIntervalMs: memorySampleIntervalMs,
    },
    variants,
    skipped,
    goals,
  }
  const checked = parseEtlResults(results)
  if (!checked.ok)
    throw new Error(`the results do not pass their own schema:\n${checked.issues.join('\n')}`)
  rmSync(outputDir, { recursive: true, force: true })

  printTable(results)
  if (results.conditions.busy) {
    const peak = Math.max(...variants.flatMap(v => v.otherCores))
    const warning = `the machine was busy (other programs used up to ${peak.toFixed(2)} cores during a timed run, above ${othersBusyAbove})`
    if (refuseBusy)
      throw new Error(`${warning}; not writing ${fromRepo(options.output)}: re-run when it is quiet, or pass --allow-busy to record anyway (the load is recorded with the figures)`)
    console.log(`\netl-bench: WARNING: ${warning}; the figures say so (conditions.busy)`)
  }
  writeFileSync(options.output, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\netl-bench: wrote ${options.output}`)
  progress({ type: 'done', output: options.output })
}

function printTable(results: EtlResults): void {
  const header = [
    'variant',
    'median (min–max)',
    'CPU time',
    'rows/s',
    'MB/s',
    'peak memory',
    'vs Python',
    'vs Rust',
    'load before → after',
  ]
  const rust = results.variants.find(v => v.id === 'rust')
  // The highest 1-minute load average seen just before and just after the variant's runs.
  const load = (v: EtlVariantResult): string => `${Math.max(...v.loadBefore).toFixed(2)} → ${Math.max(...v.loadAfter).toFixed(2)}`
  const body = results.variants.map(v => [
    v.label,
    formatSpread(v.runsSeconds, v.medianSeconds),
    formatSeconds(v.medianCpuSeconds),
    formatRate(v.rowsPerSecond),
    v.megabytesPerSecond.toFixed(1),
    formatMegabytes(v.peakMemoryBytes),
    formatFactor(v.speedupVsPython),
    rust
      ? formatFactor(rust.medianSeconds / v.medianSeconds)
      : '',
    load(v),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...body.map(row => row[column]!.length)))
  const line = (cells: string[]): string => cells.map((cell, column) => column === 0
    ? cell.padEnd(widths[column]!)
    : cell.padStart(widths[column]!)).join('  ')
  const { machine: m, input, conditions } = results
  const crates = Object.entries(m.crates).map(([name, version]) => `${name} ${version}`).join(', ')
  console.log(`\n${m.cpuModel}, ${m.logicalCores} logical cores, ${m.os}; rustc ${m.rustc} (${crates})`)
  console.log(`interpreter: ${describeInterpreter(m.interpreter)}, ${m.interpreter.baseExecutable}; protobuf ${m.protobuf}, Polars ${m.polars}${m.duckdb
    ? `, DuckDB ${m.duckdb}`
    : ''}`)
  console.log(`  CONFIG_ARGS: ${m.interpreter.configArgs ?? 'none'}${m.interpreter.optimizationSource === 'CONFIG_ARGS'
    ? ''
    : ` (PGO/LTO: ${m.interpreter.optimizationSource ?? 'unknown'})`}; Py_GIL_DISABLED ${m.interpreter.gilDisabled ? 1 : 0}`)
  console.log(`load average (1, 5, 15 min): ${conditions.loadAverageAtStart.join(' ')} at the start, ${conditions.loadAverageAtEnd?.join(' ') ?? '?'} at the end; ${conditions.busy ? 'BUSY' : 'not busy'} (busy: a 1-minute load above ${conditions.busyAbove} at the start, or other programs above ${conditions.othersBusyAbove} cores during a timed run; they used ${Math.min(...results.variants.flatMap(v => v.otherCores)).toFixed(2)}–${Math.max(...results.variants.flatMap(v => v.otherCores)).toFixed(2)})`)
  console.log(`input: ${formatCount(input.rows)} rows, ${formatMegabytes(input.bytes)}, ${formatCount(input.badRows)} bad; median of ${results.runsPerVariant} runs\n`)
  console.log(line(header))
  for (const row of body)
    console.log(line(row))
  for (const v of results.variants) {
    if (v.phases)
      console.log(`${v.label}: cleaning ${formatSeconds(v.phases.cleaning)}, encoding ${formatSeconds(v.phases.encoding)} (medians, the job's own clock)`)
  }
  for (const v of results.variants) {
    if (v.startMethod)
      console.log(`${v.label}: start method ${v.startMethod}`)
    if (v.memorySamples === 0)
      console.log(`${v.label}: too short to sample its memory`)
  }
  console.log(`peak memory: ${results.memory.definition}`)
  for (const s of results.skipped)
    console.log(`not measured: ${s.label}: ${s.reason}`)
  console.log('\ngoals:')
  for (const g of results.goals) {
    const relation = g.comparison === 'at-least'
      ? '≥'
      : '<'
    const figure = g.measured === null
      ? 'not measured'
      : g.measured.toFixed(2)
    console.log(`  ${g.met ? 'met    ' : 'MISSED '} ${g.description}: ${figure} (goal ${relation} ${g.target})`)
  }
}

main().catch((error: unknown) => {
  console.error(`etl-bench: ${error instanceof Error
    ? error.message
    : String(error)}`)
  process.exit(1)
})
