import type { EtlVariant } from './etl-variants'
import type { RunResult } from './process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { etlFiles, etlVariants } from './etl-variants'
import { machineCpuSeconds } from './interpreter'
import { repoPath } from './paths'
import { sampleTree } from './proc-memory'
import { run, succeeded } from './process'
import { cargoEnv, cargoExecutable, pythonExecutable } from './toolchains'

// Running the ETL job's pieces as whole processes: building the Rust job, generating input,
// one measured run of a variant (etl-variants.ts), and probing the variants that may not
// run yet. The snippet tests and the benchmark (scripts/etl-bench.ts) share these.

/** Builds the Rust job's release binary in the shared workspace; returns its path. */
export async function buildRustEtl(): Promise<string> {
  succeeded(await run(cargoExecutable(), [
    'build',
    '--locked',
    '--release',
    '--quiet',
    '--package',
    'etl',
    '--manifest-path',
    repoPath('snippets/Cargo.toml'),
  ], {
    env: cargoEnv(),
  }), 'cargo build --locked --release -p etl')
  return etlFiles.rustBinary
}

export interface GeneratorSummary {
  rows: number
  bad: number
  faults: Record<string, number>
}

/** Runs snippets/etl/generate.py; returns its summary of injected faults. */
export async function generateEtlInput(options: {
  rows: number
  seed: number
  badShare: number
  output: string
  /** Where to write the clean records of the good rows (JSON lines), if anywhere. */
  expect?: string
}): Promise<GeneratorSummary> {
  const args = [
    etlFiles.generator,
    '--rows',
    String(options.rows),
    '--seed',
    String(options.seed),
    '--bad-share',
    String(options.badShare),
    '--output',
    options.output,
  ]
  if (options.expect)
    args.push('--expect', options.expect)
  const result = succeeded(await run(pythonExecutable(), args), 'generate.py')
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as GeneratorSummary
}

export interface MeasuredRun {
  wallSeconds: number
  /**
   * User + system CPU time of the job's process tree: the larger of the kernel's figure for
   * the job and the workers it waited for (wait4, exact) and the sampled tree's (which also
   * sees workers nobody waited for, such as a forkserver's); both can only fall short.
   */
  cpuSeconds: number
  /** Peak memory as `memoryDefinition` (proc-memory.ts) says, and how many samples saw the job. */
  peakMemoryBytes: number
  memorySamples: number
  /**
   * Cores' worth of CPU other programs used during the run: the machine's busy time
   * (/proc/stat) less the job's and this process's own (the sampler), over the wall time.
   */
  otherCores: number
  result: RunResult
}

const gnuTime = '/usr/bin/time'

/** How often the job's memory is sampled, in milliseconds. */
export const memorySampleIntervalMs = 20

/**
 * The jobs' environment: Python writes its bytecode caches (a machine whose environment
 * sets PYTHONDONTWRITEBYTECODE would have Polars and DuckDB compile their Python source at
 * every start, which no installed job does), and nothing else changes.
 */
const jobEnv: NodeJS.ProcessEnv = { PYTHONDONTWRITEBYTECODE: undefined }

/**
 * Runs one variant as a whole process under GNU time, which reports its CPU time from the
 * kernel (wait4), while its memory is sampled the same way for every variant: the summed
 * PSS of its process tree (toolchain/proc-memory.ts). `details`: ask the job to say more
 * about its run on stderr (where its time went, the pool's start method).
 */
export async function runMeasured(variant: EtlVariant, input: string, output: string, details = false): Promise<MeasuredRun> {
  if (!existsSync(gnuTime))
    throw new Error(`${gnuTime} (GNU time) is needed to measure CPU time: apt-get install time`)
  const scratch = mkdtempSync(join(tmpdir(), 'etl-time-'))
  const timeFile = join(scratch, 'cpu')
  const { file, args } = variant.command(input, output, details)
  const machineBefore = machineCpuSeconds()
  const ownBefore = process.cpuUsage()
  const started = performance.now()
  const running = run(gnuTime, [
    '--format',
    '%U %S',
    '--output',
    timeFile,
    file,
    ...args,
  ], { env: jobEnv })
  const sampler = sampleTree(file, memorySampleIntervalMs)
  const result = await running
  const wallSeconds = (performance.now() - started) / 1000
  const memory = sampler.stop()
  const own = process.cpuUsage(ownBefore)
  // GNU time writes "user-s system-s" as the file's last line.
  const [userSeconds, systemSeconds] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number)
  rmSync(scratch, { recursive: true, force: true })
  const cpuSeconds = Math.max((userSeconds ?? Number.NaN) + (systemSeconds ?? Number.NaN), memory.cpuSeconds)
  return {
    wallSeconds,
    cpuSeconds,
    otherCores: Math.round(Math.max(0, machineCpuSeconds() - machineBefore - cpuSeconds - (own.user + own.system) / 1e6) / wallSeconds * 100) / 100,
    peakMemoryBytes: memory.peakBytes,
    memorySamples: memory.samples,
    result,
  }
}

/**
 * Runs a variant that needs another branch's work on a one-row file; returns why it cannot
 * run yet (its hint and what the job said), or undefined when it runs.
 */
export async function whyUnavailable(variant: EtlVariant, scratchDir: string): Promise<string | undefined> {
  if (!variant.missingHint)
    return undefined
  const input = join(scratchDir, `probe-${variant.id}.csv`)
  const output = join(scratchDir, `probe-${variant.id}.pb`)
  await generateEtlInput({
    rows: 1,
    seed: 1,
    badShare: 0,
    output: input,
  })
  const { file, args } = variant.command(input, output)
  const result = await run(file, args)
  if (result.code === 0)
    return undefined
  const said = result.stderr.trim().split('\n').at(-1) ?? ''
  return `${variant.missingHint} (it said: ${said})`
}

/**
 * The engines the differential test compares, Python first (the reference): those that
 * read as the csv module does get every generated file, the data engineer's Polars and
 * DuckDB the well-formed ones (tests/snippets/etl_differential.py). The extension joins
 * once `etl.py --engine rust` runs; until then it is left out with a warning.
 */
export async function differentialEngines(): Promise<{ engines: string[], wellFormed: string[] }> {
  const engines = [
    'python',
    'rust',
    'rust-overlap',
  ]
  const extension = etlVariants.find(v => v.id === 'python-rust-extension')!
  const scratchDir = mkdtempSync(join(tmpdir(), 'etl-probe-'))
  try {
    const missing = await whyUnavailable(extension, scratchDir)
    if (missing)
      console.warn(`etl: the differential test leaves out ${extension.label}: ${missing}`)
    else
      engines.push('python-rust-extension')
  }
  finally {
    rmSync(scratchDir, { recursive: true, force: true })
  }
  return {
    engines,
    wellFormed: ['polars', 'duckdb', 'polars-regex'],
  }
}
