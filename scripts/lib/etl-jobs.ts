import type { Buffer } from 'node:buffer'
import type { EtlVariantId as EtlResultsVariantId } from '../../lib/etl/results'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { cargoEnv, cargoExecutable, pythonExecutable } from './toolchains'

// The ETL job's variants and how to run them as whole processes. The snippet test
// (tests/snippets/etl.test.ts) and the benchmark (scripts/etl-bench.ts) both use this, so
// they run exactly the same commands.

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const snippetsDir = join(repoRoot, 'snippets')

export const etlFiles = {
  generator: join(snippetsDir, 'etl/generate.py'),
  proto: join(snippetsDir, 'etl/record.proto'),
  pythonJob: join(snippetsDir, 'etl/python/etl.py'),
  pythonMultiprocessingJob: join(snippetsDir, 'etl/python/etl_multiprocessing.py'),
  polarsJob: join(snippetsDir, 'etl/python/etl_polars.py'),
  pythonGeneratedModule: join(snippetsDir, 'etl/python/record_pb2.py'),
  pythonDecoder: join(snippetsDir, 'etl/python/decode.py'),
  rustBinary: join(snippetsDir, 'target/release/etl'),
}

export type EtlVariantId = EtlResultsVariantId

export interface EtlVariant {
  id: EtlVariantId
  label: string
  language: 'python' | 'rust'
  /** Whether the job starts worker processes (their memory is added to the parent's). */
  multiProcess: boolean
  /** Drawn as a bar on the results slide (false: a step measured for the story around it). */
  chart: boolean
  /**
   * Set for a variant that needs something another branch brings (the extension): when
   * its command fails on a one-row file, the benchmark skips it with this explanation.
   */
  missingHint?: string
  /** `timings`: ask the job to say on stderr where its time went (only some jobs can). */
  command: (input: string, output: string, timings?: boolean) => { file: string, args: string[] }
}

const python = pythonExecutable()

export const etlVariants: EtlVariant[] = [
  {
    id: 'python',
    label: 'Python',
    language: 'python',
    multiProcess: false,
    chart: true,
    command: (input, output) => ({
      file: python,
      args: [etlFiles.pythonJob, input, output],
    }),
  },
  {
    id: 'python-multiprocessing',
    label: 'Python, multiprocessing',
    language: 'python',
    multiProcess: true,
    chart: true,
    command: (input, output) => ({
      file: python,
      args: [etlFiles.pythonMultiprocessingJob, input, output],
    }),
  },
  {
    id: 'polars',
    label: 'Polars',
    language: 'python',
    multiProcess: false,
    chart: true,
    command: (input, output, timings) => ({
      file: python,
      args: [
        etlFiles.polarsJob,
        ...(timings
          ? ['--timings']
          : []),
        input,
        output,
      ],
    }),
  },
  {
    id: 'python-rust-extension',
    label: 'Python + Rust extension',
    language: 'rust',
    multiProcess: false,
    chart: true,
    missingHint: '`etl.py --engine rust` needs the PyO3 extension (branch bob): merge it, then run `npm run etl:bench` again',
    command: (input, output) => ({
      file: python,
      args: [
        etlFiles.pythonJob,
        '--engine',
        'rust',
        input,
        output,
      ],
    }),
  },
  {
    id: 'rust',
    label: 'Rust',
    language: 'rust',
    multiProcess: false,
    chart: true,
    command: (input, output) => ({
      file: etlFiles.rustBinary,
      args: [input, output],
    }),
  },
  {
    id: 'rust-par-chunks',
    label: 'Rust, par_chunks only',
    language: 'rust',
    multiProcess: false,
    chart: false,
    command: (input, output) => ({
      file: etlFiles.rustBinary,
      args: ['--parallel', input, output],
    }),
  },
  {
    id: 'rust-parallel',
    label: 'Rust + rayon',
    language: 'rust',
    multiProcess: false,
    chart: true,
    command: (input, output) => ({
      file: etlFiles.rustBinary,
      args: ['--overlap', input, output],
    }),
  },
]

export interface ProcessResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to completion, collecting its output; never throws on a non-zero exit. */
export function runProcess(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        PYTHONDONTWRITEBYTECODE: '1',
        ...env,
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolvePromise({ code, stdout, stderr }))
  })
}

function describeFailure(what: string, result: ProcessResult): Error {
  return new Error(`${what} exited with ${result.code}\n${result.stderr.trim()}`)
}

/** Builds the Rust job's release binary in the shared workspace; returns its path. */
export async function buildRustEtl(): Promise<string> {
  const result = await runProcess(cargoExecutable(), [
    'build',
    '--locked',
    '--release',
    '--quiet',
    '--package',
    'etl',
    '--manifest-path',
    join(snippetsDir, 'Cargo.toml'),
  ], cargoEnv())
  if (result.code !== 0)
    throw describeFailure('cargo build --locked --release -p etl', result)
  return etlFiles.rustBinary
}

export interface GeneratorSummary {
  rows: number
  bad: number
  faults: Record<string, number>
}

export interface GenerateOptions {
  rows: number
  seed: number
  badShare: number
  output: string
  /** Where to write the clean records of the good rows (JSON lines), if anywhere. */
  expect?: string
}

/** Runs snippets/etl/generate.py; returns its summary of injected faults. */
export async function generateEtlInput(options: GenerateOptions): Promise<GeneratorSummary> {
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
  const result = await runProcess(python, args)
  if (result.code !== 0)
    throw describeFailure('generate.py', result)
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as GeneratorSummary
}

/** The counts in a job's stderr report ("etl: N rows read, N written, N rejected" ...). */
export interface EtlReport {
  read: number
  written: number
  rejected: number
  byReason: Record<string, number>
}

export function parseEtlReport(stderr: string): EtlReport {
  const totals = /^etl: (\d+) rows read, (\d+) written, (\d+) rejected$/m.exec(stderr)
  if (!totals)
    throw new Error(`no "etl: ... rows read" line in the job's stderr:\n${stderr}`)
  const byReason: Record<string, number> = {}
  const reasons = /^etl: rejected by reason: (.+)$/m.exec(stderr)
  for (const part of reasons?.[1]?.split(', ') ?? []) {
    const [reason, count] = part.split(' ')
    if (reason && count)
      byReason[reason] = Number(count)
  }
  return {
    read: Number(totals[1]),
    written: Number(totals[2]),
    rejected: Number(totals[3]),
    byReason,
  }
}

export interface MeasuredRun {
  wallSeconds: number
  /** User + system CPU time of the job and the workers it waited for (from wait4). */
  cpuSeconds: number
  /** Peak resident memory: the process's own, plus each worker process's peak. */
  peakMemoryBytes: number
  result: ProcessResult
}

const gnuTime = '/usr/bin/time'

/** Direct children and further descendants of `root`, from /proc (Linux only). */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the ")" that closes the command name: state, then the parent's pid.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parentOf.set(Number(entry), parent)
    }
    catch {
      // The process ended between listing and reading.
    }
  }
  const found: number[] = []
  const frontier = [root]
  while (frontier.length > 0) {
    const current = frontier.pop()!
    for (const [pid, parent] of parentOf) {
      if (parent === current) {
        found.push(pid)
        frontier.push(pid)
      }
    }
  }
  return found
}

/** A process's peak resident set so far (VmHWM), in bytes; undefined once it has ended. */
function peakResidentBytes(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match
      ? Number(match[1]) * 1024
      : undefined
  }
  catch {
    return undefined
  }
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]
  }
  catch {
    return undefined
  }
}

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
  const sampledPeaks = new Map<number, number>()
  const started = performance.now()
  const running = runProcess(gnuTime, [
    '--format',
    '%M %U %S',
    '--output',
    timeFile,
    file,
    ...args,
  ])
  let sampler: NodeJS.Timeout | undefined
  if (variant.multiProcess) {
    sampler = setInterval(() => {
      // time → the job → its workers: the job is time's only child.
      const job = descendantsOf(process.pid).find(pid => commandOf(pid) === file)
      if (job === undefined)
        return
      for (const pid of [
        job,
        ...descendantsOf(job),
      ]) {
        const peak = peakResidentBytes(pid)
        if (peak !== undefined)
          sampledPeaks.set(pid, Math.max(peak, sampledPeaks.get(pid) ?? 0))
      }
    }, 100)
  }
  const result = await running
  const wallSeconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  // GNU time writes "maxrss-kB user-s system-s" as the file's last line.
  const [maxRssKb, userSeconds, systemSeconds] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number)
  const kernelPeakBytes = (maxRssKb ?? Number.NaN) * 1024
  const cpuSeconds = (userSeconds ?? Number.NaN) + (systemSeconds ?? Number.NaN)
  rmSync(scratch, { recursive: true, force: true })
  let sampledBytes = 0
  for (const peak of sampledPeaks.values())
    sampledBytes += peak
  // A run too short to be sampled falls back to the kernel's figure.
  const peakMemoryBytes = variant.multiProcess
    ? Math.max(sampledBytes, kernelPeakBytes)
    : kernelPeakBytes
  return {
    wallSeconds,
    cpuSeconds,
    peakMemoryBytes,
    result,
  }
}

/** Where the Polars job says its time went (`--timings`), in seconds. */
export function parsePhaseTimings(stderr: string): { cleaning: number, encoding: number } | undefined {
  const match = /^etl-polars: reading and cleaning ([\d.]+) s, encoding and writing ([\d.]+) s$/m.exec(stderr)
  return match
    ? {
        cleaning: Number(match[1]),
        encoding: Number(match[2]),
      }
    : undefined
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
  const result = await runProcess(file, args)
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
