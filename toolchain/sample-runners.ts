import type { Sample } from './samples'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { exitDescription, run } from './process'
import { snippetsDir } from './samples'
import { cargoExecutable, checkingCargoEnv, pythonExecutable, rustcExecutable, rustEdition, rustfmtExecutable } from './toolchains'

// How each kind of sample (samples.ts) is run, and what counts as behaving by its convention.

/** What one run produced: the text to compare with the blessed file, and what went wrong. */
export interface SampleRun {
  /** stdout (run samples) or normalised rustc stderr (must-fail samples). */
  output: string
  /** Reasons the sample did not behave as its conventions require (empty when fine). */
  problems: string[]
}

/** One sample's run may take this long before it is killed. */
const sampleTimeoutMs = 120_000

/** Deterministic, cache-free Python runs: same hash order everywhere. */
const pythonEnv: NodeJS.ProcessEnv = {
  PYTHONHASHSEED: '0',
  PYTHONIOENCODING: 'utf-8',
  PYTHONUTF8: '1',
}

/** The exception class named on a traceback's last line (`json.decoder.JSONDecodeError: ...` → JSONDecodeError). */
function raisedException(stderr: string): string | undefined {
  const last = stderr.trimEnd().split(/\r?\n/).at(-1) ?? ''
  return /^(?:[\w.]+\.)?([A-Z_]\w*)(?::|$)/i.exec(last)?.[1]
}

async function runPythonSample(sample: Sample): Promise<SampleRun> {
  const result = await run(pythonExecutable(), [
    basename(sample.file),
  ], {
    cwd: dirname(sample.file),
    env: pythonEnv,
    timeoutMs: sampleTimeoutMs,
  })
  const problems: string[] = []
  if (sample.expectException) {
    const raised = raisedException(result.stderr)
    if (result.code === 0)
      problems.push(`expected it to raise ${sample.expectException}, but it exited normally`)
    else if (raised !== sample.expectException)
      problems.push(`expected it to raise ${sample.expectException}, but it ${exitDescription(result)} and stderr ends with:\n${result.stderr.trimEnd().split('\n').slice(-3).join('\n')}`)
  }
  else if (result.code !== 0) {
    problems.push(`${exitDescription(result)}; stderr:\n${result.stderr.trimEnd()}`)
  }
  return { output: result.stdout, problems }
}

export interface ExampleBuild {
  /** Example name → built executable. */
  executables: Map<string, string>
  /** Example name → rendered compiler errors for it. */
  errors: Map<string, string>
  /** Errors not tied to one example (a bad manifest, the library failing, ...). */
  generalError?: string
}

interface CargoMessage {
  reason: string
  target?: { name: string, kind: string[] }
  executable?: string | null
  message?: { level: string, rendered?: string }
}

/**
 * Builds every example of package `samples` once (release, shared target dir). `--keep-going`
 * so one broken example does not hide the others; errors are attributed to their example.
 * Built as checks are (`checkingCargoEnv`): without the benchmarks' link-time optimisation.
 */
export async function buildRustExamples(): Promise<ExampleBuild> {
  const result = await run(cargoExecutable(), [
    'build',
    '--locked',
    '--release',
    '--examples',
    '-p',
    'samples',
    '--keep-going',
    '--message-format=json',
    '--color',
    'never',
    '--manifest-path',
    join(snippetsDir, 'Cargo.toml'),
  ], {
    cwd: snippetsDir,
    env: checkingCargoEnv(),
    timeoutMs: 900_000,
  })
  const build: ExampleBuild = {
    executables: new Map(),
    errors: new Map(),
  }
  const general: string[] = []
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{'))
      continue
    const message = JSON.parse(line) as CargoMessage
    const target = message.target
    if (message.reason === 'compiler-artifact' && target?.kind.includes('example') && message.executable)
      build.executables.set(target.name, message.executable)
    if (message.reason === 'compiler-message' && message.message?.level === 'error' && message.message.rendered) {
      if (target?.kind.includes('example'))
        build.errors.set(target.name, (build.errors.get(target.name) ?? '') + message.message.rendered)
      else
        general.push(message.message.rendered)
    }
  }
  if (result.code !== 0 && build.errors.size === 0)
    general.push(result.stderr.trimEnd())
  if (general.length)
    build.generalError = general.join('\n')
  return build
}

async function runRustExample(sample: Sample, build: ExampleBuild): Promise<SampleRun> {
  const executable = build.executables.get(sample.name)
  if (!executable) {
    const why = build.errors.get(sample.name) ?? build.generalError ?? 'cargo produced no executable for it'
    return {
      output: '',
      problems: [`did not compile:\n${why}`],
    }
  }
  const result = await run(executable, [], {
    cwd: dirname(sample.file),
    timeoutMs: sampleTimeoutMs,
  })
  const problems = result.code === 0
    ? []
    : [`${exitDescription(result)}; stderr:\n${result.stderr.trimEnd()}`]
  return { output: result.stdout, problems }
}

/** Error codes rustc reported (`error[E0382]: ...`), sorted, without duplicates. */
function rustErrorCodes(stderr: string): string[] {
  return [
    ...new Set([
      ...stderr.matchAll(/^error\[(E\d{4})\]/gm),
    ].map(match => match[1]!)),
  ].sort()
}

/** `error: ...` lines without a code, other than rustc's closing summary. */
function uncodedErrors(stderr: string): string[] {
  return [
    ...stderr.matchAll(/^error: (.*)$/gm),
  ]
    .map(match => match[1]!)
    .filter(text => !text.startsWith('aborting due to'))
}

/** Makes rustc's message independent of this machine: temp dirs and toolchain paths. */
function normaliseRustcStderr(stderr: string, tempDir: string): string {
  return stderr
    .replace(/\r\n/g, '\n')
    .split(tempDir)
    .join('$TMP')
    .replace(/\/rustc\/[0-9a-f]{7,40}\//g, '/rustc/$HASH/')
    .replace(/\S*\/lib\/rustlib\/src\/rust\//g, '$SRC_DIR/')
}

async function compileFailSample(sample: Sample): Promise<SampleRun> {
  const tempDir = mkdtempSync(join(tmpdir(), 'rust-fail-'))
  try {
    // cwd is the sample's folder so rustc prints the bare file name, as on a slide.
    const result = await run(rustcExecutable(), [
      '--edition',
      rustEdition,
      '--color',
      'never',
      '--emit=metadata',
      '--out-dir',
      tempDir,
      basename(sample.file),
    ], {
      cwd: dirname(sample.file),
      timeoutMs: sampleTimeoutMs,
    })
    const output = normaliseRustcStderr(result.stderr, tempDir)
    const problems: string[] = []
    if (result.code === 0) {
      problems.push('compiled, but it must fail to compile')
    }
    else {
      const got = rustErrorCodes(output)
      const expected = sample.expectErrors ?? []
      if (got.join(' ') !== expected.join(' '))
        problems.push(`expected exactly the error codes [${expected.join(' ')}], rustc reported [${got.join(' ')}]`)
      const other = uncodedErrors(output)
      if (other.length)
        problems.push(`rustc also reported errors without a code: ${other.join('; ')}`)
    }
    return { output, problems }
  }
  finally {
    rmSync(tempDir, { recursive: true, force: true })
  }
}

async function parseOnlySample(sample: Sample): Promise<SampleRun> {
  const result = await run(rustfmtExecutable(), [
    '--check',
    '--edition',
    rustEdition,
    basename(sample.file),
  ], {
    cwd: dirname(sample.file),
    timeoutMs: sampleTimeoutMs,
  })
    .catch((error: unknown) => {
      throw new Error(`${String(error)}. Parse-only samples need rustfmt: \`rustup component add rustfmt\``)
    })
  const problems: string[] = []
  if (result.code !== 0) {
    const diff = result.stdout.includes('Diff in')
      ? `\nrustfmt would reformat it (run \`rustfmt --edition ${rustEdition} ${sample.source}\`):\n${result.stdout.trimEnd()}`
      : ''
    problems.push(`rustfmt --check ${exitDescription(result)}${result.stderr.trim()
      ? `:\n${result.stderr.trimEnd()}`
      : ''}${diff}`)
  }
  return { output: '', problems }
}

/** Runs one sample by its kind. `build` is needed for Rust examples only. */
export async function runSample(sample: Sample, build?: ExampleBuild): Promise<SampleRun> {
  if (sample.headerProblem) {
    return {
      output: '',
      problems: [sample.headerProblem],
    }
  }
  switch (sample.kind) {
    case 'python':
      return runPythonSample(sample)
    case 'rust-example':
      if (!build)
        throw new Error('runSample: Rust examples need the result of buildRustExamples()')
      return runRustExample(sample, build)
    case 'rust-fail':
      return compileFailSample(sample)
    case 'rust-parse-only':
      return parseOnlySample(sample)
  }
}
