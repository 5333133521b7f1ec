// The running example (issue 6): every variant of the ETL job runs on a small generated
// file, writes byte-identical Protobuf, counts the injected bad rows by reason, and its
// output decodes (official Python runtime, independent of every writer) to the clean
// records the generator started from. Ends with a smoke run of the benchmark.
import type { GeneratorSummary } from '../../toolchain/etl-jobs'
import type { EtlVariant } from '../../toolchain/etl-variants'
import type { RunResult as ProcessResult } from '../../toolchain/process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEtlResults } from '../../lib/etl/results'
import { buildRustEtl, generateEtlInput, whyUnavailable } from '../../toolchain/etl-jobs'
import { parseEtlReport } from '../../toolchain/etl-report'
import { etlFiles, etlVariants } from '../../toolchain/etl-variants'
import { repoRoot } from '../../toolchain/paths'
import { run as runProcess } from '../../toolchain/process'
import { cargoEnv, cargoExecutable, protocExecutable, pythonExecutable } from '../../toolchain/toolchains'

// Every file of the example, by repo-relative path.
const exampleFiles = [
  'snippets/etl/generate.py',
  'snippets/etl/record.proto',
  'snippets/etl/python/etl.py',
  'snippets/etl/python/etl_multiprocessing.py',
  'snippets/etl/python/record_pb2.py',
  'snippets/etl/python/decode.py',
  'snippets/etl/python/etl_polars.py',
  'snippets/etl/rust/titlecase.py',
  'snippets/etl/rust/src/titlecase.rs',
  'snippets/etl/rust/src/main.rs',
  'snippets/etl/rust/src/clean.rs',
  'snippets/etl/rust/src/order.rs',
  'snippets/etl/rust/src/summary.rs',
]

const rows = 3000
let scratch: string
let generated: GeneratorSummary
const outputs = new Map<string, { file: string, run: ProcessResult }>()
/** Variants that cannot run yet (the extension before its branch is merged), and why. */
const unavailable = new Map<string, string>()
let available: EtlVariant[] = []

function tmp(name: string): string {
  return join(scratch, name)
}

async function runVariants(input: string, prefix: string): Promise<Map<string, { file: string, run: ProcessResult }>> {
  const runs = new Map<string, { file: string, run: ProcessResult }>()
  for (const variant of available) {
    const file = tmp(`${prefix}-${variant.id}.pb`)
    const { file: command, args } = variant.command(input, file)
    runs.set(variant.id, { file, run: await runProcess(command, args) })
  }
  return runs
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'etl-test-'))
  await buildRustEtl()
  for (const variant of etlVariants) {
    const reason = await whyUnavailable(variant, scratch)
    if (reason)
      unavailable.set(variant.id, reason)
  }
  available = etlVariants.filter(variant => !unavailable.has(variant.id))
  generated = await generateEtlInput({
    rows,
    seed: 11,
    badShare: 0.05,
    output: tmp('orders.csv'),
    expect: tmp('expected.jsonl'),
  })
  for (const [id, entry] of await runVariants(tmp('orders.csv'), 'orders'))
    outputs.set(id, entry)
})

afterAll(() => {
  if (scratch)
    rmSync(scratch, { recursive: true, force: true })
})

describe('the ETL example', () => {
  it('has every file the slides and this test name', () => {
    for (const file of exampleFiles)
      expect(existsSync(join(repoRoot, file)), file).toBe(true)
  })

  it('the generator injected every kind of fault', () => {
    expect(Object.keys(generated.faults).sort()).toEqual([
      'amount',
      'country',
      'email',
      'encoding',
      'fields',
      'id',
      'name',
      'timestamp',
    ])
    expect(generated.bad).toBeGreaterThan(50)
  })

  it.for(etlVariants.map(variant => [variant.label, variant.id] as const))('%s runs and counts every bad row by reason', ([label, id], context) => {
    if (unavailable.has(id)) {
      console.warn(`etl: skipping ${label}: ${unavailable.get(id)}`)
      context.skip()
    }
    const { run } = outputs.get(id)!
    expect(run.code, run.stderr).toBe(0)
    const report = parseEtlReport(run.stderr)
    expect(report).toEqual({
      read: rows,
      written: rows - generated.bad,
      rejected: generated.bad,
      byReason: generated.faults,
    })
  })

  it('all variants write byte-identical output and the same report', () => {
    const reference = outputs.get('python')!
    const referenceBytes = readFileSync(reference.file)
    expect(referenceBytes.length).toBeGreaterThan(1000)
    for (const variant of available) {
      const { file, run } = outputs.get(variant.id)!
      expect(readFileSync(file).equals(referenceBytes), `${variant.label} vs Python`).toBe(true)
      expect(run.stderr, variant.label).toBe(reference.run.stderr)
    }
  })

  it('the Protobuf output decodes to the generator\'s clean records', async () => {
    const decoded = await runProcess(pythonExecutable(), [etlFiles.pythonDecoder, outputs.get('rust-parallel')!.file])
    expect(decoded.code, decoded.stderr).toBe(0)
    const parseLines = (text: string): unknown[] => text.trim().split('\n').map(line => JSON.parse(line))
    const actual = parseLines(decoded.stdout)
    const expected = parseLines(readFileSync(tmp('expected.jsonl'), 'utf8'))
    expect(actual.length).toBe(rows - generated.bad)
    expect(actual).toEqual(expected)
  })

  it('tricky rows are treated alike by every variant', async () => {
    // Quoted line breaks, doubled quotes, blank lines, an astral-plane letter, a literal
    // U+FFFD, a negative amount, a date pushed into the next UTC day, an overflowing id.
    const runs = await runVariants(join(repoRoot, 'tests/fixtures/etl/tricky-rows.csv'), 'tricky')
    const reference = runs.get('python')!
    expect(reference.run.code, reference.run.stderr).toBe(0)
    expect(parseEtlReport(reference.run.stderr)).toEqual({
      read: 5,
      written: 3,
      rejected: 2,
      byReason: { encoding: 1, id: 1 },
    })
    for (const [id, { file, run }] of runs) {
      expect(run.stderr, id).toBe(reference.run.stderr)
      expect(readFileSync(file).equals(readFileSync(reference.file)), id).toBe(true)
    }
  })

  it('the overlapped Rust job writes what the one-core job writes, over many chunks', async () => {
    // 20,000 rows are three chunks of 8,192: the reader, cleaning and writer threads hand
    // chunks over, and emptied chunks are refilled.
    await generateEtlInput({
      rows: 20_000,
      seed: 3,
      badShare: 0.02,
      output: tmp('chunks.csv'),
    })
    const runs = await Promise.all(['', '--parallel', '--overlap'].map(async (flag, index) => {
      const output = tmp(`chunks-${index}.pb`)
      const run = await runProcess(etlFiles.rustBinary, [
        ...(flag
          ? [flag]
          : []),
        tmp('chunks.csv'),
        output,
      ])
      expect(run.code, run.stderr).toBe(0)
      return {
        stderr: run.stderr,
        bytes: readFileSync(output),
      }
    }))
    expect(parseEtlReport(runs[0]!.stderr).read).toBe(20_000)
    for (const run of runs.slice(1)) {
      expect(run.stderr).toBe(runs[0]!.stderr)
      expect(run.bytes.equals(runs[0]!.bytes)).toBe(true)
    }
  })

  it('a file with the wrong header stops every variant with a message', async () => {
    for (const variant of available) {
      const { file, args } = variant.command(join(repoRoot, 'tests/fixtures/etl/wrong-header.csv'), tmp('wrong-header.pb'))
      const run = await runProcess(file, args)
      expect(run.code, variant.label).not.toBe(0)
      expect(run.stderr, variant.label).toContain('expected the header id,name,email,country,created_at,amount,note')
    }
  })

  it('record_pb2.py is what protoc generates from record.proto', async () => {
    const generatedDir = tmp('protoc')
    mkdirSync(generatedDir, { recursive: true })
    const run = await runProcess(protocExecutable(), [
      '-I',
      join(repoRoot, 'snippets/etl'),
      `--python_out=${generatedDir}`,
      etlFiles.proto,
    ])
    expect(run.code, `protoc (Debian: apt-get install protobuf-compiler): ${run.stderr}`).toBe(0)
    expect(readFileSync(join(generatedDir, 'record_pb2.py'), 'utf8')).toBe(readFileSync(etlFiles.pythonGeneratedModule, 'utf8'))
  })

  it('the Rust title-case table is what titlecase.py generates from this Python', async () => {
    const run = await runProcess(pythonExecutable(), [
      join(repoRoot, 'snippets/etl/rust/titlecase.py'),
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(readFileSync(join(repoRoot, 'snippets/etl/rust/src/titlecase.rs'), 'utf8'))
  })

  it('the Rust job\'s own unit tests pass', async () => {
    const run = await runProcess(cargoExecutable(), [
      'test',
      '--locked',
      '--release',
      '--quiet',
      '--package',
      'etl',
      '--manifest-path',
      join(repoRoot, 'snippets/Cargo.toml'),
    ], {
      env: cargoEnv(),
    })
    expect(run.code, run.stdout + run.stderr).toBe(0)
  })

  it('the benchmark runs end to end on a tiny input and writes a valid results file', async () => {
    const resultsFile = tmp('results.json')
    const run = await runProcess(join(repoRoot, 'node_modules/.bin/tsx'), [
      join(repoRoot, 'scripts/etl-bench.ts'),
      '--rows',
      '400',
      '--runs',
      '1',
      '--seed',
      '5',
      '--output',
      resultsFile,
    ])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(/variant\s+median \(min–max\)\s+CPU time\s+rows\/s\s+MB\/s\s+peak memory\s+vs Python\s+vs Rust\s+load before → after/)
    expect(run.stdout).toMatch(/^interpreter: CPython \d+\.\d+\.\d+ \(/m)
    expect(run.stdout).toMatch(/^load average \(1, 5, 15 min\): [\d. ]+ at the start, [\d. ]+ at the end; (BUSY|not busy)/m)
    const parsed = parseEtlResults(JSON.parse(readFileSync(resultsFile, 'utf8')))
    expect(parsed.ok
      ? []
      : parsed.issues).toEqual([])
    if (parsed.ok) {
      expect(parsed.value.input.rows).toBe(400)
      expect(parsed.value.variants.map(v => v.id)).toEqual(available.map(v => v.id))
      expect(parsed.value.skipped.map(v => v.id)).toEqual([
        ...unavailable.keys(),
      ])
      expect(parsed.value.variants.find(v => v.id === 'polars')?.phases).toBeDefined()
    }
  })
})
