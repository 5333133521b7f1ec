// The ETL benchmark: runs every variant once to check they all write the same bytes, then
// times them round-robin, prints a table and writes data/etl/results.json (the results
// slide). A variant that cannot run here (the extension without cargo or maturin) is skipped
// with the reason, or with --require-all stops the run; busy is ruled on in toolchain/measure.ts.
//
//   npm run etl:bench                      1,000,000 rows, 5 runs per variant
//   npm run etl:bench -- --rows 200000 --runs 5 --output /tmp/results.json
//   npm run etl:bench -- --allow-busy      record on a busy machine anyway
//   npm run etl:bench -- --rows 50000 --runs 1 --progress-json --output /tmp/live.json
//     also prints one JSON line per step (lib/etl/live.ts): the machine, each variant as it
//     finishes, the end; the deck's live run (dev server only) reads them.
import type { LiveEvent } from '../lib/etl/live'
import type { EtlGoal, EtlResults, EtlVariantResult } from '../lib/etl/results'
import type { EtlVariant } from '../toolchain/etl'
import type { MeasuredRun, Timed } from '../toolchain/measure'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { formatCount, formatFactor, formatMegabytes, formatRate, formatSeconds, formatSpread } from '../lib/etl/format'
import { formatLiveEvent } from '../lib/etl/live'
import { parseEtlResults } from '../lib/etl/results'
import { orThrow } from '../lib/shared/checked'
import { describeInterpreter } from '../lib/shared/interpreter'
import { median } from '../lib/shared/stats'
import { printTable, runMain } from '../toolchain/cli'
import { benchInput, buildRelease, etlVariants, parseDetails, parseEtlReport, reportLines, whyUnavailable } from '../toolchain/etl'
import { buildExtension } from '../toolchain/extension'
import { interpreterOf, protobufOf } from '../toolchain/interpreter'
import { checkAlike, hostMachine, loadColumn, memory, runMeasured, startSeries, timedRuns, timeRounds } from '../toolchain/measure'
import { repoPath } from '../toolchain/paths'
import { cargoMetadata, pythonExecutable, rustcExecutable, versionOf } from '../toolchain/toolchains'

const name = 'etl-bench'
const committed = repoPath('data/etl/results.json')
const { values: options } = parseArgs({
  options: {
    'rows': { type: 'string', default: '1000000' },
    'runs': { type: 'string', default: '5' },
    'require-all': { type: 'boolean', default: false },
    'progress-json': { type: 'boolean', default: false },
    'seed': { type: 'string', default: '2026' },
    'output': { type: 'string', default: committed },
    'allow-busy': { type: 'boolean', default: false },
  },
})
const [rows, runs, seed] = [options.rows, options.runs, options.seed].map(Number) as [number, number, number]
if (![rows, runs, seed].every(Number.isInteger) || rows < 1 || runs < 1) {
  console.error('usage: etl-bench.ts [--rows N] [--runs N] [--seed N] [--output FILE] [--allow-busy] [--require-all] [--progress-json]')
  process.exit(2)
}

function machine(): EtlResults['machine'] {
  const python = pythonExecutable()
  const interpreter = interpreterOf(python)
  const [polars, duckdb] = JSON.parse(versionOf(python, ['-c', 'import json, polars, duckdb; print(json.dumps([polars.__version__, duckdb.__version__]))'])) as [string, string]
  const crates = cargoMetadata().packages.filter(p => p.source !== null)
  return {
    ...hostMachine(),
    python: interpreter.version,
    interpreter,
    protobuf: protobufOf(python),
    polars,
    duckdb,
    rustc: versionOf(rustcExecutable()).split(' ')[1] ?? 'unknown',
    // The resolved versions of the crates the Rust variants depend on.
    crates: Object.fromEntries(['csv', 'prost', 'rayon', 'pyo3'].map(crate => [
      crate,
      [
        ...new Set(crates.filter(p => p.name === crate).map(p => p.version)),
      ].join(', '),
    ]).filter(([, versions]) => versions)),
  }
}

async function main(): Promise<void> {
  const series = startSeries(name, options.output, committed, options['allow-busy'])
  const machineInfo = machine()
  console.log(`${name}: building the Rust job (cargo build --release -p etl)`)
  buildRelease('etl')
  console.log(`${name}: building the fastclean extension into the project environment (maturin develop --release)`)
  try {
    buildExtension()
  }
  catch (error) {
    // The variant is then skipped, or with --require-all the run stops, naming the failure.
    console.log(`${name}: the extension did not build: ${(error as Error | undefined)?.message ?? error}`)
  }
  const workDir = repoPath('bench-results/etl')
  mkdirSync(workDir, { recursive: true })
  const { csv, input } = await benchInput(workDir, rows, seed, line => console.log(`${name}: ${line}`))

  // Outputs go to a fresh folder, so a concurrent smoke run (the tests) cannot mix them up.
  const outputDir = mkdtempSync(join(workDir, 'outputs-'))
  const outputOf = (variant: EtlVariant): string => join(outputDir, `${variant.id}.pb`)
  const skipped: EtlResults['skipped'] = []
  for (const variant of etlVariants) {
    const reason = await whyUnavailable(variant, outputDir)
    if (reason && options['require-all'])
      throw new Error(`${variant.label} cannot run: ${reason}`)
    if (reason) {
      console.log(`${name}: SKIPPED ${variant.label}: ${reason}`)
      skipped.push({ id: variant.id, label: variant.label, reason })
    }
  }
  const available = etlVariants.filter(v => !skipped.some(s => s.id === v.id))

  const progress = (event: LiveEvent): void => {
    if (options['progress-json'])
      console.log(formatLiveEvent(event))
  }
  progress({
    type: 'start',
    machine: machineInfo,
    conditions: series.atStart,
    input,
    runsPerVariant: runs,
    memory,
    planned: available.map(v => ({ id: v.id, label: v.label })),
    skipped,
  })

  const once = async (variant: EtlVariant) => {
    const measured = await runMeasured(variant.label, variant.command(csv, outputOf(variant)))
    const report = parseEtlReport(measured.result.stderr)
    if (report.read !== rows || report.rejected !== input.badRows)
      throw new Error(`${variant.label} read ${report.read} rows and rejected ${report.rejected}; expected ${rows} and ${input.badRows}`)
    return measured
  }
  await checkAlike(name, available, 'Python', async variant => ({
    output: outputOf(variant),
    report: reportLines((await once(variant)).result.stderr),
  }))

  const more = (run: MeasuredRun): string => {
    const { phases } = parseDetails(run.result.stderr)
    return `, peak ${formatMegabytes(run.peakMemoryBytes)}${phases
      ? ` (${phasesText(phases)})`
      : ''}`
  }
  // Python runs first in every round: every later variant divides by its median.
  const variants: EtlVariantResult[] = []
  await timeRounds(name, available, runs, once, more, (entry) => {
    const result = resultOf(entry, variants[0]?.medianSeconds)
    variants.push(result)
    progress({ type: 'variant', result })
  })

  function resultOf(entry: Timed<EtlVariant>, pythonMedian: number | undefined): EtlVariantResult {
    const { id, label, language, chart } = entry.entry
    const { medianCpuSeconds, ...timedFields } = timedRuns(entry)
    const samples = Math.min(...entry.runs.map(run => run.memorySamples))
    const details = entry.runs.map(run => parseDetails(run.result.stderr))
    const startMethods = new Set(details.map(run => run.startMethod).filter(method => method !== undefined))
    const phases = details.map(run => run.phases).filter(phase => phase !== undefined)
    return {
      id,
      label,
      language,
      ...timedFields,
      medianCpuSeconds,
      rowsPerSecond: rows / timedFields.medianSeconds,
      megabytesPerSecond: input.bytes / 1e6 / timedFields.medianSeconds,
      peakMemoryBytes: samples > 0
        ? Math.max(...entry.runs.map(run => run.peakMemoryBytes))
        : 0,
      memorySamples: samples,
      speedupVsPython: (pythonMedian ?? timedFields.medianSeconds) / timedFields.medianSeconds,
      // Absent (undefined, so JSON leaves them out) for the jobs that do not say them.
      startMethod: [...startMethods].join(', ') || undefined,
      chart,
      phases: phases.length > 0
        ? {
            cleaning: median(phases.map(phase => phase.cleaning)),
            encoding: median(phases.map(phase => phase.encoding)),
          }
        : undefined,
    }
  }

  const ratio = (over: string, under: string, value = (v: EtlVariantResult) => v.medianSeconds): number | null => {
    const [a, b] = [over, under].map(id => variants.find(v => v.id === id))
    return a && b
      ? value(a) / value(b)
      : null
  }
  const goal = (id: string, description: string, measured: number | null, target: number, comparison: EtlGoal['comparison'] = 'at-least'): EtlGoal => ({
    id,
    description,
    measured,
    target,
    comparison,
    met: measured !== null && (comparison === 'at-least'
      ? measured >= target
      : measured < target),
  })
  const cores = machineInfo.logicalCores
  // The targets were set before anything was measured.
  const goals: EtlGoal[] = [
    goal('extension-vs-python', 'Python + Rust extension vs Python', ratio('python', 'python-rust-extension'), 5),
    goal('rust-vs-python', 'Rust on one core vs Python', ratio('python', 'rust'), 10),
    // 1.8× on two cores or more, no gain asked of one.
    goal('rust-parallel-scaling', `Rust + rayon vs Rust on one core, ${cores} cores`, ratio('rust', 'rust-parallel'), Math.min(cores, 1.8)),
    goal('rust-memory', 'Rust peak memory, share of Python\'s', ratio('rust', 'python', v => v.peakMemoryBytes), 1, 'below'),
  ]

  const results: EtlResults = {
    schemaVersion: 4,
    measuredAt: series.measuredAt,
    conditions: series.end(variants),
    machine: machineInfo,
    input,
    runsPerVariant: runs,
    memory,
    variants,
    skipped,
    goals,
  }
  orThrow(parseEtlResults(results), 'the results do not pass their own schema')
  rmSync(outputDir, { recursive: true, force: true })

  printResults(results)
  series.write(results)
  progress({ type: 'done', output: options.output })
}

function printResults(results: EtlResults): void {
  const { machine: m, input, conditions, variants } = results
  // The Rust job needs no optional tool, so it always runs.
  const rust = variants.find(v => v.id === 'rust')!
  const crates = Object.entries(m.crates).map(([crate, version]) => `${crate} ${version}`).join(', ')
  const others = variants.flatMap(v => v.otherCores)
  const optimization = m.interpreter.optimizationSource === 'CONFIG_ARGS'
    ? ''
    : ` (PGO/LTO: ${m.interpreter.optimizationSource ?? 'unknown'})`
  console.log(`\n${m.cpuModel}, ${m.logicalCores} logical cores, ${m.os}; rustc ${m.rustc} (${crates})`)
  console.log(`interpreter: ${describeInterpreter(m.interpreter)}, ${m.interpreter.baseExecutable}; protobuf ${m.protobuf}, Polars ${m.polars}, DuckDB ${m.duckdb}`)
  console.log(`  CONFIG_ARGS: ${m.interpreter.configArgs ?? 'none'}${optimization}; Py_GIL_DISABLED ${m.interpreter.gilDisabled ? 1 : 0}`)
  console.log(`load average (1, 5, 15 min): ${conditions.loadAverageAtStart.join(' ')} at the start, ${conditions.loadAverageAtEnd?.join(' ') ?? '?'} at the end; ${conditions.busy ? 'BUSY' : 'not busy'} (busy: a 1-minute load above ${conditions.busyAbove} at the start, or other programs above ${conditions.othersBusyAbove} cores during a timed run; they used ${Math.min(...others).toFixed(2)}–${Math.max(...others).toFixed(2)})`)
  console.log(`input: ${formatCount(input.rows)} rows, ${formatMegabytes(input.bytes)}, ${formatCount(input.badRows)} bad; median of ${results.runsPerVariant} runs\n`)
  printTable<EtlVariantResult>({
    'variant': v => v.label,
    'median (min–max)': v => formatSpread(v.runsSeconds, v.medianSeconds),
    'CPU time': v => formatSeconds(v.medianCpuSeconds),
    'rows/s': v => formatRate(v.rowsPerSecond),
    'MB/s': v => v.megabytesPerSecond.toFixed(1),
    'peak memory': v => formatMegabytes(v.peakMemoryBytes),
    'vs Python': v => formatFactor(v.speedupVsPython),
    'vs Rust': v => formatFactor(rust.medianSeconds / v.medianSeconds),
    'load before → after': loadColumn,
  }, variants)
  for (const v of variants.filter(v => v.phases))
    console.log(`${v.label}: ${phasesText(v.phases!)} (medians, the job's own clock)`)
  for (const v of variants) {
    if (v.startMethod)
      console.log(`${v.label}: start method ${v.startMethod}`)
    if (v.memorySamples === 0)
      console.log(`${v.label}: too short to sample its memory`)
  }
  console.log(`peak memory: ${results.memory.definition}`)
  for (const s of results.skipped)
    console.log(`not measured: ${s.label}: ${s.reason}`)
  console.log('\ngoals:')
  const relation = { 'at-least': '≥', 'below': '<' }
  for (const g of results.goals)
    console.log(`  ${g.met ? 'met    ' : 'MISSED '} ${g.description}: ${g.measured?.toFixed(2) ?? 'not measured'} (goal ${relation[g.comparison]} ${g.target})`)
}

function phasesText({ cleaning, encoding }: { cleaning: number, encoding: number }): string {
  return `cleaning ${formatSeconds(cleaning)}, encoding ${formatSeconds(encoding)}`
}

runMain(name, main)
