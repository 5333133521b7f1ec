import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'

// The one place that says which Python, Rust and uv every test and script runs.
//
// Python: the project environment that `uv sync --frozen` makes from pyproject.toml and
// uv.lock (scripts/prepare.ts, run by `npm test`) with the CPython $PYTHON names, never
// whatever `python3` is on PATH. Every other tool: the one its variable names ($CARGO,
// $RUSTC, $RUSTFMT, $PROTOC, $MATURIN, $UV), else the usual name on PATH.

/** The CPython minor version the project environment uses (also in .python-version). */
export const pythonMinor = '3.15'

/** The Rust edition of the workspace (snippets/Cargo.toml), also used for single-file rustc runs. */
export const rustEdition = '2024'

const windows = process.platform === 'win32'

/** The folder uv puts the project environment in: $UV_PROJECT_ENVIRONMENT, else `.venv`. */
export function projectEnvironment(): string {
  return repoPath(process.env.UV_PROJECT_ENVIRONMENT || '.venv')
}

/** A program the project environment installs (python, maturin), whether or not it exists yet. */
export function environmentProgram(name: string): string {
  return windows
    ? join(projectEnvironment(), 'Scripts', `${name}.exe`)
    : join(projectEnvironment(), 'bin', name)
}

/**
 * The Python that runs every sample, the ETL job, the GIL recorders and mypy: the project
 * environment's interpreter. To use another CPython, name it in $PYTHON when the environment
 * is made (`PYTHON=/path/to/python3.15 npm test`).
 */
export function pythonExecutable(): string {
  const python = environmentProgram('python')
  if (!existsSync(python)) {
    throw new Error(`No Python environment at ${projectEnvironment()}: \`npm test\` makes it `
      + '(or run `npx tsx scripts/prepare.ts`, which runs `uv sync --frozen`).')
  }
  return python
}

/** A tool from the variable that names it, else by its name on PATH. */
function named(variable: string, fallback: string): string {
  return process.env[variable] || fallback
}

export const cargoExecutable = (): string => named('CARGO', 'cargo')
export const rustcExecutable = (): string => named('RUSTC', 'rustc')
export const rustfmtExecutable = (): string => named('RUSTFMT', 'rustfmt')
export const protocExecutable = (): string => named('PROTOC', 'protoc')
/** maturin: $MATURIN, else the one `uv sync` installs into the project environment. */
export const maturinExecutable = (): string => named('MATURIN', environmentProgram('maturin'))

/**
 * The environment for cargo: PyO3's build script (the snippets/pyo3 member) asks this
 * Python which CPython to build against, instead of guessing from PATH.
 */
export function cargoEnv(): NodeJS.ProcessEnv {
  const python = environmentProgram('python')
  return existsSync(python) && !process.env.PYO3_PYTHON
    ? { ...process.env, PYO3_PYTHON: python }
    : process.env
}

/**
 * `cargoEnv()` for builds that check code rather than time it (the slide samples, the Rust
 * job's unit tests): the release profile without the link-time optimisation and single
 * codegen unit that are there for the benchmarks (snippets/Cargo.toml). The same opt-level
 * and overflow behaviour in a fraction of the build time; cargo keeps these builds beside
 * the benchmarks', so neither rebuilds the other.
 */
export function checkingCargoEnv(): NodeJS.ProcessEnv {
  return {
    ...cargoEnv(),
    CARGO_PROFILE_RELEASE_LTO: 'false',
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '16',
  }
}

export interface CargoPackage { name: string, version: string, source: string | null, manifest_path: string }

/** `cargo metadata` of the snippets workspace (snippets/Cargo.toml), as cargo reads the manifests and lockfile. */
export function cargoMetadata(...flags: string[]): { packages: CargoPackage[] } {
  const args = [
    'metadata',
    '--locked',
    '--format-version',
    '1',
    '--manifest-path',
    repoPath('snippets/Cargo.toml'),
    ...flags,
  ]
  return JSON.parse(succeeded(runSync(cargoExecutable(), args, {
    env: cargoEnv(),
  }), `cargo ${args.join(' ')}`).stdout) as { packages: CargoPackage[] }
}

/**
 * What a tool says about its version (`rustc --version` → `rustc 1.95.0 (…)`), trimmed.
 * Throws, naming the tool, when it is missing or fails: a figure must name its versions.
 */
export function versionOf(command: string, args = ['--version']): string {
  const result = runSync(command, args)
  if (result.code !== 0)
    throw new Error(`${[command, ...args].join(' ')} failed (status ${result.code}): ${result.stderr.trim()}`)
  return (result.stdout || result.stderr).trim()
}

/** Whether a tool runs at all (`--version` succeeds). */
export function runs(command: string, env?: NodeJS.ProcessEnv): boolean {
  try {
    return runSync(command, ['--version'], { env }).code === 0
  }
  catch {
    return false
  }
}

/** The project's cache outside the checkout (Node 24, uv, provisioned CPythons). */
function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rust-for-python-developers')
}

/** Where `.ci/run` installs uv from PyPI when the machine has none. */
function cachedUvDir(): string {
  return join(cacheDir(), 'uv')
}

/** uv: $UV, else `uv` on PATH, else the copy `.ci/run` installed; undefined when none runs. */
export function findUv(): string | undefined {
  if (process.env.UV)
    return process.env.UV
  if (runs('uv'))
    return 'uv'
  const cached = join(cachedUvDir(), 'bin', windows
    ? 'uv.exe'
    : 'uv')
  return runs(cached)
    ? cached
    : undefined
}

/** Where toolchain/provision-cpython.sh unpacks Debian unstable's CPython (one prefix per minor). */
function provisionedPythonPath(minor: string): string {
  return join(cacheDir(), 'cpython', `${minor}-sid`, 'usr', 'bin', `python${minor}`)
}

/**
 * An optimized CPython `minor` for a machine where uv finds none and cannot download one:
 * the copy toolchain/provision-cpython.sh left in the cache, else (with apt) provisioned now
 * (`onProvision` is told first: it takes a few seconds). No `python` when neither works;
 * `problem` then says why, in one line.
 */
export function provisionedPython(minor = pythonMinor, onProvision = (): void => {}): { python?: string, problem?: string } {
  const cached = existsSync(join(provisionedPythonPath(minor), '..', '..', '..', '.complete'))
  // toolchain/provision-cpython.sh works on Linux x86-64 with apt.
  if (!cached && !(process.platform === 'linux' && process.arch === 'x64' && runs('apt-get') && runs('dpkg-deb')))
    return { problem: 'no apt-get here to provision one' }
  if (!cached)
    onProvision()
  // Also for a cached copy: the script returns at once, finishing what an older one left out.
  const result = runSync('bash', [
    repoPath('toolchain/provision-cpython.sh'),
    minor,
  ])
  const python = result.stdout.trim().split('\n').at(-1)
  if (result.code !== 0 || !python)
    return { problem: result.stderr.trim().split('\n').at(-1) ?? `provision-cpython.sh ${minor} failed` }
  return { python }
}
