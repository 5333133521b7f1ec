import type { EtlVariant } from './etl-variants'
import type { RunResult } from './process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { etlFiles, etlVariants } from './etl-variants'
import { repoPath } from './paths'
import { sampleTreePeak } from './proc-memory'
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
  /** User + system CPU time of the job and the workers it waited for (from wait4). */
  cpuSeconds: number
  /** Peak resident memory: the process's own, plus each worker process's peak. */
  peakMemoryBytes: number
  result: RunResult
}

const gnuTime = '/usr/bin/time'

/**
 * Runs one variant as a whole process under GNU time, which reports the job's peak
 * resident memory from the kernel (wait4's ru_maxrss). A job with worker processes is
 * sampled instead, every 100 ms: its peak is the sum of each process's own peak (VmHWM),
 * since wait4 would report only the largest single process.
 */
export async function runMeasured(variant: EtlVariant, input: string, output: string, timings = false): Promise<MeasuredRun> {
  if (!existsSync(gnuTime))
    throw new Error(`${gnuTime} (GNU time) is needed to measure peak memory: apt-get install time`)
  const scratch = mkdtempSync(join(tmpdir(), 'etl-time-'))
  const timeFile = join(scratch, 'maxrss')
  const { file, args } = variant.command(input, output, timings)
  const started = performance.now()
  const running = run(gnuTime, [
    '--format',
    '%M %U %S',
    '--output',
    timeFile,
    file,
    ...args,
  ])
  const sampler = variant.multiProcess
    ? sampleTreePeak(file)
    : undefined
  const result = await running
  const wallSeconds = (performance.now() - started) / 1000
  const sampledBytes = sampler?.stop() ?? 0
  // GNU time writes "maxrss-kB user-s system-s" as the file's last line.
  const [maxRssKb, userSeconds, systemSeconds] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number)
  rmSync(scratch, { recursive: true, force: true })
  const kernelPeakBytes = (maxRssKb ?? Number.NaN) * 1024
  return {
    wallSeconds,
    cpuSeconds: (userSeconds ?? Number.NaN) + (systemSeconds ?? Number.NaN),
    // A run too short to be sampled falls back to the kernel's figure.
    peakMemoryBytes: Math.max(sampledBytes, kernelPeakBytes),
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
 * The engines the differential test compares, Python first (the reference): the extension
 * joins them once `etl.py --engine rust` runs; until then it is left out with a warning.
 */
export async function differentialEngines(): Promise<string[]> {
  const engines = [
    'python',
    'rust',
    'rust-overlap',
    'polars',
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
  return engines
}
