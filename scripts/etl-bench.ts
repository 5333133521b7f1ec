// The ETL benchmark: builds the Rust job, generates the input, runs every variant as a
// whole process several times, prints a table and writes data/etl/results.json (the file
// the results slide renders).
//
//   npm run etl:bench                      1,000,000 rows, 3 runs per variant
//   npm run etl:bench -- --rows 200000 --runs 5 --output /tmp/results.json
//   npm run etl:bench -- --conditions "quiet machine, nothing else running"
import type { EtlGoal, EtlResults, EtlVariantResult } from '../lib/etl/results'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, type } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { formatCount, formatFactor, formatMegabytes, formatRate, formatSeconds } from '../lib/etl/format'
import { median, parseEtlResults } from '../lib/etl/results'
import {
  buildRustEtl,
  etlVariants,
  generateEtlInput,
  parseEtlReport,
  repoRoot,
  runMeasured,
} from './lib/etl-jobs'
import { pythonExecutable, rustcExecutable } from './lib/toolchains'

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '2026' },
    output: { type: 'string', default: join(repoRoot, 'data/etl/results.json') },
    conditions: {
      type: 'string',
      default: 'development run on a shared machine, other jobs running',
    },
  },
})

const rows = Number(options.rows)
const runs = Number(options.runs)
const seed = Number(options.seed)
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: etl-bench.ts [--rows N] [--runs N] [--seed N] [--output FILE] [--conditions TEXT]')
  process.exit(2)
}

const badShare = 0.01
const workDir = join(repoRoot, 'bench-results/etl')
mkdirSync(workDir, { recursive: true })

function versionOf(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8' }).trim()
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
    protobuf,
    rustc: versionOf(rustcExecutable(), ['--version']).split(' ')[1] ?? 'unknown',
    loadAverageAtStart: loadavg().map(load => Math.round(load * 100) / 100),
  }
}

async function main(): Promise<void> {
  const started = new Date()
  const machineInfo = machine()
  console.log(`etl-bench: building the Rust job (cargo build --release -p etl)`)
  await buildRustEtl()

  // The input is kept between runs of the benchmark: generating a million rows takes a while.
  const input = join(workDir, `orders-${rows}-seed${seed}.csv`)
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

  // Runs go round-robin over the variants, so a burst of load elsewhere on the machine
  // hits every variant rather than all the runs of one.
  const measured = etlVariants.map(variant => ({ variant, seconds: [] as number[], cpu: [] as number[], peaks: [] as number[] }))
  for (let run = 1; run <= runs; run++) {
    for (const entry of measured) {
      const { variant } = entry
      const output = outputOf(variant.id)
      const { wallSeconds, cpuSeconds, peakMemoryBytes, result } = await runMeasured(variant, input, output)
      if (result.code !== 0)
        throw new Error(`${variant.label} exited with ${result.code}:\n${result.stderr}`)
      const report = parseEtlReport(result.stderr)
      if (report.read !== rows || report.rejected !== faults.bad)
        throw new Error(`${variant.label} read ${report.read} rows and rejected ${report.rejected}; expected ${rows} and ${faults.bad}`)
      console.log(`etl-bench: run ${run}/${runs}, ${variant.label}: ${formatSeconds(wallSeconds)}, CPU ${formatSeconds(cpuSeconds)}, peak ${formatMegabytes(peakMemoryBytes)}`)
      entry.seconds.push(wallSeconds)
      entry.cpu.push(cpuSeconds)
      entry.peaks.push(peakMemoryBytes)
    }
  }

  // Every variant must have written the same bytes; a fast wrong answer is not a result.
  const reference = readFileSync(outputOf('python'))
  for (const { variant } of measured) {
    if (!readFileSync(outputOf(variant.id)).equals(reference))
      throw new Error(`${variant.label} wrote different bytes from the Python job`)
  }

  const pythonMedian = median(measured.find(m => m.variant.id === 'python')!.seconds)
  const variants: EtlVariantResult[] = measured.map(({ variant, seconds, cpu, peaks }) => {
    const medianSeconds = median(seconds)
    return {
      id: variant.id,
      label: variant.label,
      language: variant.language,
      runsSeconds: seconds,
      medianSeconds,
      medianCpuSeconds: median(cpu),
      rowsPerSecond: rows / medianSeconds,
      megabytesPerSecond: inputBytes / 1e6 / medianSeconds,
      peakMemoryBytes: Math.max(...peaks),
      memoryMethod: variant.multiProcess
        ? 'sum of each process\'s peak resident set (VmHWM, sampled every 100 ms)'
        : 'peak resident set of the process (GNU time, from wait4)',
      speedupVsPython: pythonMedian / medianSeconds,
    }
  })

  const byId = (id: string): EtlVariantResult => variants.find(v => v.id === id)!
  const goal = (id: string, description: string, measuredValue: number, target: number, comparison: EtlGoal['comparison']): EtlGoal => ({
    id,
    description,
    measured: measuredValue,
    target,
    comparison,
    met: comparison === 'at-least' ? measuredValue >= target : measuredValue < target,
  })
  const goals: EtlGoal[] = [
    goal('rust-vs-python', 'Rust on one core vs Python', byId('rust').speedupVsPython, 10, 'at-least'),
    goal('rust-parallel-scaling', `Rust with rayon vs Rust on one core, ${machineInfo.logicalCores} cores`, byId('rust').medianSeconds / byId('rust-parallel').medianSeconds, machineInfo.logicalCores >= 2 ? 1.7 : 1, 'at-least'),
    goal('rust-memory', 'Rust peak memory, share of Python\'s', byId('rust').peakMemoryBytes / byId('python').peakMemoryBytes, 1, 'below'),
  ]

  const results: EtlResults = {
    schemaVersion: 1,
    measuredAt: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    conditions: options.conditions,
    machine: machineInfo,
    input: { rows, badRows: faults.bad, bytes: inputBytes, seed },
    runsPerVariant: runs,
    variants,
    goals,
  }
  const checked = parseEtlResults(results)
  if (!checked.ok)
    throw new Error(`the results do not pass their own schema:\n${checked.problems.join('\n')}`)
  writeFileSync(options.output, `${JSON.stringify(results, null, 2)}\n`)
  rmSync(outputDir, { recursive: true, force: true })

  printTable(results)
  console.log(`\netl-bench: wrote ${options.output}`)
}

function printTable(results: EtlResults): void {
  const header = ['variant', 'median', 'CPU time', 'rows/s', 'MB/s', 'peak memory', 'vs Python']
  const body = results.variants.map(v => [
    v.label,
    formatSeconds(v.medianSeconds),
    formatSeconds(v.medianCpuSeconds),
    formatRate(v.rowsPerSecond),
    v.megabytesPerSecond.toFixed(1),
    formatMegabytes(v.peakMemoryBytes),
    formatFactor(v.speedupVsPython),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...body.map(row => row[column]!.length)))
  const line = (cells: string[]): string => cells.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ')
  const { machine: m, input } = results
  console.log(`\n${m.cpuModel}, ${m.logicalCores} logical cores, ${m.os}; Python ${m.python} (protobuf ${m.protobuf}); rustc ${m.rustc}`)
  console.log(`load average at start: ${m.loadAverageAtStart.join(' ')}; ${results.conditions}`)
  console.log(`input: ${formatCount(input.rows)} rows, ${formatMegabytes(input.bytes)}, ${formatCount(input.badRows)} bad; median of ${results.runsPerVariant} runs\n`)
  console.log(line(header))
  for (const row of body)
    console.log(line(row))
  console.log('\ngoals:')
  for (const g of results.goals) {
    const relation = g.comparison === 'at-least' ? '≥' : '<'
    console.log(`  ${g.met ? 'met    ' : 'MISSED '} ${g.description}: ${g.measured.toFixed(2)} (goal ${relation} ${g.target})`)
  }
}

main().catch((error: unknown) => {
  console.error(`etl-bench: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
