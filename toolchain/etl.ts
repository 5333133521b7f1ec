// The ETL job as whole processes: its files, variants and commands, the Rust build, the
// generated input, and what a job says on stderr. The snippet tests and the benchmark share
// these, so both run exactly the same commands.
import type { EtlVariantId } from '../lib/etl/results'
import type { Language } from '../lib/shared/language'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatCount } from '../lib/etl/format'
import { flags } from './cli'
import { repoPath } from './paths'
import { run, runSync, succeeded } from './process'
import { cargoEnv, cargoExecutable, pythonExecutable } from './toolchains'

export const etlFiles = {
  generator: repoPath('snippets/etl/generate.py'),
  proto: repoPath('snippets/etl/record.proto'),
  pythonJob: repoPath('snippets/etl/python/etl.py'),
  pythonGeneratedModule: repoPath('snippets/etl/python/record_pb2.py'),
  pythonDecoder: repoPath('snippets/etl/python/decode.py'),
  rustBinary: repoPath('snippets/target/release/etl'),
}

export interface Command { file: string, args: string[] }

export interface EtlVariant {
  id: EtlVariantId
  label: string
  language: Language
  /** Drawn as a bar on the results slide (false: a step measured for the story around it). */
  chart: boolean
  /** For a variant that needs a build the machine may lack: why it is skipped when it cannot run. */
  missingHint?: string
  command: (input: string, output: string) => Command
}

/** `job` in snippets/etl/python/; the Polars, DuckDB and multiprocessing jobs get `--details` (parseDetails). */
function python(job: string, ...flags: string[]): EtlVariant['command'] {
  const script = repoPath('snippets/etl/python', job)
  return (input, output) => ({
    file: pythonExecutable(),
    args: [script, ...flags, input, output],
  })
}

function rust(...flags: string[]): EtlVariant['command'] {
  return (input, output) => ({
    file: etlFiles.rustBinary,
    args: [...flags, input, output],
  })
}

/** A row of the table below, drawn as a bar unless `more` says otherwise. */
function variant(id: EtlVariantId, language: Language, label: string, command: EtlVariant['command'], more: Partial<EtlVariant> = {}): EtlVariant {
  return {
    id,
    label,
    language,
    chart: true,
    command,
    ...more,
  }
}

// Every label says what the bar is: the tool, and how it is used. Not drawn: what matching
// the csv module exactly costs, the one-line par_chunks change alone.
export const etlVariants: EtlVariant[] = [
  variant('python', 'python', 'Python, csv module', python('etl.py')),
  variant('python-multiprocessing', 'python', 'Python, multiprocessing Pool', python('etl_multiprocessing.py', '--details')),
  variant('polars', 'python', 'Polars, read_csv + expressions', python('etl_polars.py', '--details')),
  variant('polars-regex', 'python', 'Polars, regex split of one string', python('etl_polars_regex.py', '--details'), { chart: false }),
  variant('duckdb', 'python', 'DuckDB, read_csv + SQL', python('etl_duckdb.py', '--details')),
  variant('python-rust-extension', 'rust', 'Python + Rust extension (PyO3)', python('etl.py', '--engine', 'rust'), {
    missingHint: '`etl.py --engine rust` needs the PyO3 extension: `npm run pretest` builds it',
  }),
  variant('rust', 'rust', 'Rust, one core', rust()),
  variant('rust-par-chunks', 'rust', 'Rust, par_chunks only', rust('--parallel'), { chart: false }),
  variant('rust-parallel', 'rust', 'Rust + rayon, I/O overlapped', rust('--overlap')),
]

/** Builds a crate of the snippets workspace (the Rust job, the GIL recorder) with the benchmarks' release profile. */
export function buildRelease(crate: 'etl' | 'gil-recorder'): void {
  const args = [
    'build',
    '--locked',
    '--release',
    '--quiet',
    '--package',
    crate,
    '--manifest-path',
    repoPath('snippets/Cargo.toml'),
  ]
  succeeded(runSync(cargoExecutable(), args, {
    env: cargoEnv(),
  }), `cargo build --locked --release -p ${crate}`)
}

export interface GeneratorSummary {
  rows: number
  bad: number
  faults: Record<string, number>
}

/** Runs snippets/etl/generate.py; `expect`: where to write the good rows' clean records (JSON lines). */
export async function generateEtlInput({ badShare, ...rest }: { rows: number, seed: number, badShare: number, output: string, expect?: string }): Promise<GeneratorSummary> {
  const args = [
    etlFiles.generator,
    ...flags({ ...rest, 'bad-share': badShare }),
  ]
  const result = succeeded(await run(pythonExecutable(), args), 'generate.py')
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as GeneratorSummary
}

/**
 * A benchmark's input (1 % bad rows) and its description as both recordings keep it. Kept
 * between runs (a million rows take a while) under a name that changes with the generator,
 * so a changed contract never reads an old file.
 */
export async function benchInput(dir: string, rows: number, seed: number, say: (line: string) => void) {
  const generator = createHash('sha256').update(readFileSync(etlFiles.generator)).digest('hex').slice(0, 8)
  const csv = join(dir, `orders-${rows}-seed${seed}-${generator}.csv`)
  const summaryFile = `${csv}.faults.json`
  if (!existsSync(csv) || !existsSync(summaryFile)) {
    say(`generating ${formatCount(rows)} rows → ${csv}`)
    writeFileSync(summaryFile, JSON.stringify(await generateEtlInput({
      rows,
      seed,
      badShare: 0.01,
      output: csv,
    })))
  }
  const { bad } = JSON.parse(readFileSync(summaryFile, 'utf8')) as GeneratorSummary
  const bytes = statSync(csv).size
  return {
    csv,
    input: { rows, badRows: bad, bytes, seed },
  }
}

/** Why a variant with a `missingHint` cannot run (tried on a one-row file), or undefined when it runs. */
export async function whyUnavailable(variant: EtlVariant, scratchDir: string): Promise<string | undefined> {
  if (!variant.missingHint)
    return undefined
  const input = join(scratchDir, `probe-${variant.id}.csv`)
  await generateEtlInput({
    rows: 1,
    seed: 1,
    badShare: 0,
    output: input,
  })
  const { file, args } = variant.command(input, join(scratchDir, `probe-${variant.id}.pb`))
  const result = await run(file, args)
  if (result.code === 0)
    return undefined
  return `${variant.missingHint} (it said: ${result.stderr.trim().split('\n').at(-1) ?? ''})`
}

/**
 * The engines the differential test compares, Python first (the reference): those that read
 * as the csv module does get every generated file, Polars and DuckDB the well-formed ones
 * (tests/snippets/etl_differential.py). The extension is left out, with a warning, when it
 * cannot run.
 */
export async function differentialEngines(): Promise<{ engines: string[], wellFormed: string[] }> {
  const wellFormed = ['polars', 'duckdb', 'polars-regex']
  const engines = ['python', 'rust', 'rust-overlap']
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
  return { engines, wellFormed }
}

/** The counts in a job's stderr report ("etl: N rows read, N written, N rejected" ...). */
export function parseEtlReport(stderr: string) {
  const totals = /^etl: (\d+) rows read, (\d+) written, (\d+) rejected$/m.exec(stderr)
  if (!totals)
    throw new Error(`no "etl: ... rows read" line in the job's stderr:\n${stderr}`)
  const byReason: Record<string, number> = {}
  for (const [, reason, count] of /^etl: rejected by reason: (.+)$/m.exec(stderr)?.[1]?.matchAll(/(\S+) (\d+)/g) ?? [])
    byReason[reason!] = Number(count)
  return {
    read: Number(totals[1]),
    written: Number(totals[2]),
    rejected: Number(totals[3]),
    byReason,
  }
}

/** What `--details` adds: where the Polars and DuckDB jobs' time went (seconds), the pool's start method. */
export function parseDetails(stderr: string) {
  const phases = /^etl-(?:polars|duckdb): reading and cleaning ([\d.]+) s, encoding and writing ([\d.]+) s$/m.exec(stderr)
  return {
    phases: phases
      ? {
          cleaning: Number(phases[1]),
          encoding: Number(phases[2]),
        }
      : undefined,
    startMethod: /^etl-multiprocessing: start method (\w+),/m.exec(stderr)?.[1],
  }
}

/** The report itself: the job's stderr without the lines `--details` adds. */
export function reportLines(stderr: string): string {
  return stderr.split('\n').filter(line => !/^etl-(?:polars|duckdb|multiprocessing): /.test(line)).join('\n')
}
