import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { cargoEnv, cargoExecutable, pythonExecutable, rustcExecutable, rustEdition, rustfmtExecutable } from './toolchains'

// Discovery and running of every code sample under snippets/, by the conventions in
// snippets/README.md. The test (tests/snippets/samples.test.ts) and the bless script
// (scripts/generate-compiler-output.ts) both use this, so they cannot disagree.

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const snippetsDir = join(repoRoot, 'snippets')
export const toolchainVersionsFile = join(snippetsDir, 'toolchain-versions.json')

export type SampleKind = 'python' | 'rust-example' | 'rust-fail' | 'rust-parse-only'

export interface Sample {
  kind: SampleKind
  /** File name without extension; for examples, the cargo example name. */
  name: string
  /** Absolute path of the source file. */
  file: string
  /** Repo-relative path with `/`, for messages and test names. */
  source: string
  /** Absolute path of the blessed output (`.out` / `.stderr`); none for parse-only samples. */
  blessedFile?: string
  /** Python: the exception class the sample must raise. */
  expectException?: string
  /** Rust must-fail: the exact set of error codes, sorted. */
  expectErrors?: string[]
  /** Parse-only: why it cannot be compiled here (shown in the test output). */
  parseOnlyReason?: string
  /** A malformed header line, reported by the test rather than silently ignored. */
  headerProblem?: string
}

/** What one run produced: the text to compare with the blessed file, and what went wrong. */
export interface SampleRun {
  /** stdout (run samples) or normalised rustc stderr (must-fail samples). */
  output: string
  /** Reasons the sample did not behave as its conventions require (empty when fine). */
  problems: string[]
}

export function repoRelative(file: string): string {
  return relative(repoRoot, file).split(sep).join('/')
}

function listFiles(dir: string, filter: (name: string) => boolean): string[] {
  if (!existsSync(dir))
    return []
  return readdirSync(dir).filter(filter).sort().map(name => join(dir, name))
}

/** Every file under `dir`, skipping build output and Python caches. */
export function walkFiles(dir: string, skip: (relPath: string) => boolean = () => false): string[] {
  const out: string[] = []
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name)
      if (skip(repoRelative(full)))
        continue
      if (entry.isDirectory())
        visit(full)
      else if (entry.isFile())
        out.push(full)
    }
  }
  if (existsSync(dir))
    visit(dir)
  return out.sort()
}

/** Paths under snippets/ that are never samples: build output, lockfile, caches. */
export function isGeneratedSnippetPath(relPath: string): boolean {
  return relPath === 'snippets/target'
    || relPath.startsWith('snippets/target/')
    || relPath === 'snippets/Cargo.lock'
    || relPath.split('/').includes('__pycache__')
    || relPath.endsWith('.pyc')
}

function firstLine(file: string): string {
  return readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? ''
}

/** Workspace member folders (absolute) from snippets/Cargo.toml's `members = [...]`. */
export function workspaceMembers(): string[] {
  const manifest = join(snippetsDir, 'Cargo.toml')
  if (!existsSync(manifest))
    return []
  const list = /^\s*members\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(manifest, 'utf8'))?.[1] ?? ''
  return [
    ...list.matchAll(/"([^"]+)"/g),
  ].map(match => join(snippetsDir, match[1]!))
}

function pythonSample(file: string): Sample {
  const header = firstLine(file)
  const sample: Sample = {
    kind: 'python',
    name: basename(file, '.py'),
    file,
    source: repoRelative(file),
    blessedFile: file.replace(/\.py$/, '.out'),
  }
  if (/^#\s*expect-exception/.test(header)) {
    const match = /^# expect-exception: ([A-Z_]\w*)\s*$/.exec(header)
    if (match)
      sample.expectException = match[1]
    else
      sample.headerProblem = `first line must be "# expect-exception: ExceptionClass", got ${JSON.stringify(header)}`
  }
  return sample
}

function rustFailSample(file: string): Sample {
  const header = firstLine(file)
  const sample: Sample = {
    kind: 'rust-fail',
    name: basename(file, '.rs'),
    file,
    source: repoRelative(file),
    blessedFile: file.replace(/\.rs$/, '.stderr'),
  }
  const match = /^\/\/ expect-error: (E\d{4}(?: E\d{4})*)\s*$/.exec(header)
  if (match) {
    sample.expectErrors = [
      ...new Set(match[1]!.split(' ')),
    ].sort()
  }
  else {
    sample.headerProblem = `first line must be "// expect-error: E0382" (space-separated codes), got ${JSON.stringify(header)}`
  }
  return sample
}

const parseOnlyHeader = /^\/\/ parse-only:[ \t]*(\S.*)$/

/**
 * Every sample under snippets/, by convention:
 * - snippets/python/*.py, run; stdout compared with the `.out` beside it
 * - snippets/rust/examples/*.rs, cargo examples of package `samples`; stdout vs `.out`
 * - snippets/rust/fail/*.rs, must not compile; error codes vs the header, stderr vs `.stderr`
 * - any other `.rs` outside the workspace members whose first line is `// parse-only: why`
 */
export function discoverSamples(): Sample[] {
  const samples: Sample[] = []
  for (const file of listFiles(join(snippetsDir, 'python'), name => name.endsWith('.py')))
    samples.push(pythonSample(file))
  for (const file of listFiles(join(snippetsDir, 'rust', 'examples'), name => name.endsWith('.rs'))) {
    samples.push({
      kind: 'rust-example',
      name: basename(file, '.rs'),
      file,
      source: repoRelative(file),
      blessedFile: file.replace(/\.rs$/, '.out'),
    })
  }
  for (const file of listFiles(join(snippetsDir, 'rust', 'fail'), name => name.endsWith('.rs')))
    samples.push(rustFailSample(file))

  const members = workspaceMembers()
  const insideMember = (file: string): boolean => members.some(member => file.startsWith(member + sep))
  const rustFiles = walkFiles(snippetsDir, isGeneratedSnippetPath).filter(file => file.endsWith('.rs') && !insideMember(file))
  for (const file of rustFiles) {
    const reason = parseOnlyHeader.exec(firstLine(file))?.[1]?.trim()
    if (reason) {
      samples.push({
        kind: 'rust-parse-only',
        name: basename(file, '.rs'),
        file,
        source: repoRelative(file),
        parseOnlyReason: reason,
      })
    }
  }
  return samples
}

interface ProcessResult { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

/** Runs a program without a shell and collects its output (never rejects on exit status). */
export function runProcess(command: string, args: string[], options: { cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`could not start ${command}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      })
    })
  })
}

function exitDescription(result: ProcessResult): string {
  return result.signal
    ? `was killed by ${result.signal}`
    : `exited with status ${result.code}`
}

// ---------------------------------------------------------------- Python

/** Deterministic, cache-free Python runs: same hash order everywhere, no __pycache__ in the repo. */
function pythonEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONHASHSEED: '0',
    PYTHONIOENCODING: 'utf-8',
    PYTHONUTF8: '1',
  }
}

/** The exception class named on a traceback's last line (`json.decoder.JSONDecodeError: ...` → JSONDecodeError). */
export function raisedException(stderr: string): string | undefined {
  const last = stderr.trimEnd().split(/\r?\n/).at(-1) ?? ''
  return /^(?:[\w.]+\.)?([A-Z_]\w*)(?::|$)/i.exec(last)?.[1]
}

export async function runPythonSample(sample: Sample): Promise<SampleRun> {
  const result = await runProcess(pythonExecutable(), [
    basename(sample.file),
  ], {
    cwd: dirname(sample.file),
    env: pythonEnv(),
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

// ---------------------------------------------------------------- Rust examples

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
 */
export async function buildRustExamples(): Promise<ExampleBuild> {
  const args = [
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
  ]
  const result = await runProcess(cargoExecutable(), args, {
    cwd: snippetsDir,
    env: cargoEnv(),
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

export async function runRustExample(sample: Sample, build: ExampleBuild): Promise<SampleRun> {
  const executable = build.executables.get(sample.name)
  if (!executable) {
    const why = build.errors.get(sample.name) ?? build.generalError ?? 'cargo produced no executable for it'
    return {
      output: '',
      problems: [`did not compile:\n${why}`],
    }
  }
  const result = await runProcess(executable, [], {
    cwd: dirname(sample.file),
  })
  const problems = result.code === 0
    ? []
    : [`${exitDescription(result)}; stderr:\n${result.stderr.trimEnd()}`]
  return { output: result.stdout, problems }
}

// ---------------------------------------------------------------- Rust must-fail

/** Error codes rustc reported (`error[E0382]: ...`), sorted, without duplicates. */
export function rustErrorCodes(stderr: string): string[] {
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
export function normaliseRustcStderr(stderr: string, tempDir: string): string {
  return stderr
    .replace(/\r\n/g, '\n')
    .split(tempDir)
    .join('$TMP')
    .replace(/\/rustc\/[0-9a-f]{7,40}\//g, '/rustc/$HASH/')
    .replace(/\S*\/lib\/rustlib\/src\/rust\//g, '$SRC_DIR/')
}

export async function compileFailSample(sample: Sample): Promise<SampleRun> {
  const tempDir = mkdtempSync(join(tmpdir(), 'rust-fail-'))
  try {
    // cwd is the sample's folder so rustc prints the bare file name, as on a slide.
    const args = [
      '--edition',
      rustEdition,
      '--color',
      'never',
      '--emit=metadata',
      '--out-dir',
      tempDir,
      basename(sample.file),
    ]
    const result = await runProcess(rustcExecutable(), args, {
      cwd: dirname(sample.file),
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

// ---------------------------------------------------------------- parse-only

export async function parseOnlySample(sample: Sample): Promise<SampleRun> {
  const result = await runProcess(rustfmtExecutable(), [
    '--check',
    '--edition',
    rustEdition,
    basename(sample.file),
  ], {
    cwd: dirname(sample.file),
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

// ---------------------------------------------------------------- dispatch and toolchains

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

export interface ToolchainVersions {
  python: string
  rustc: string
  /** The mypy that wrote snippets/checkers/ (recorded by scripts/generate-checker-output.ts). */
  mypy?: string
}

/** `mypy 2.4.1` from `python -m mypy --version` ("mypy 2.4.1 (compiled: yes)"), or '' without mypy. */
export async function localMypyVersion(): Promise<string> {
  const mypy = await runProcess(pythonExecutable(), ['-m', 'mypy', '--version'], { cwd: repoRoot })
  return mypy.code === 0
    ? mypy.stdout.trim().replace(/ \(.*\)$/, '')
    : ''
}

/** Versions on this machine, e.g. `{ python: 'Python 3.13.0', rustc: 'rustc 1.95.0 (...)' }`. */
export async function localToolchainVersions(): Promise<ToolchainVersions> {
  const python = await runProcess(pythonExecutable(), ['--version'], { cwd: repoRoot })
  const rustc = await runProcess(rustcExecutable(), ['--version'], { cwd: repoRoot })
  return {
    python: (python.stdout || python.stderr).trim(),
    rustc: rustc.stdout.trim(),
  }
}

/**
 * Updates snippets/toolchain-versions.json with `changed`, keeping the other entries (each
 * generator records the tools it ran); returns whether the file changed.
 */
export function writeToolchainVersions(changed: Partial<ToolchainVersions>): boolean {
  const versions = {
    ...blessedToolchainVersions(),
    ...changed,
  }
  const text = `${JSON.stringify(versions, null, 2)}\n`
  if (existsSync(toolchainVersionsFile) && readFileSync(toolchainVersionsFile, 'utf8') === text)
    return false
  writeFileSync(toolchainVersionsFile, text)
  return true
}

/** The versions that blessed the `.out` / `.stderr` files, if recorded. */
export function blessedToolchainVersions(): ToolchainVersions | undefined {
  if (!existsSync(toolchainVersionsFile))
    return undefined
  return JSON.parse(readFileSync(toolchainVersionsFile, 'utf8')) as ToolchainVersions
}

/** A sentence for failure messages when this machine's toolchain is not the blessing one. */
export function toolchainMismatchNote(kind: SampleKind, local: ToolchainVersions, blessed: ToolchainVersions | undefined): string {
  if (!blessed)
    return ''
  const tool = kind === 'python'
    ? 'python'
    : 'rustc'
  if (kind === 'rust-parse-only' || local[tool] === blessed[tool])
    return ''
  return `\nNote: the blessed output was made with ${blessed[tool]}, this machine has ${local[tool]}; `
    + 'a different version may legitimately print something else.'
}

/** Text of a blessed file, or undefined when it does not exist yet. */
export function readBlessed(sample: Sample): string | undefined {
  if (!sample.blessedFile || !existsSync(sample.blessedFile) || !statSync(sample.blessedFile).isFile())
    return undefined
  return readFileSync(sample.blessedFile, 'utf8')
}
