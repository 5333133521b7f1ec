import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'

// The one place that says which Python, Rust and uv every test and script runs.
//
// Python: the project environment that `uv sync --frozen` makes from pyproject.toml and
// uv.lock (scripts/prepare.ts, run by `npm test`), never whatever `python3` is on PATH.
// Rust: cargo, rustc and rustfmt from PATH, or the ones $CARGO, $RUSTC and $RUSTFMT name.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The CPython minor version the project environment uses (also in .python-version). */
export const pythonMinor = '3.13'

/** The folder uv puts the project environment in: $UV_PROJECT_ENVIRONMENT, else `.venv`. */
export function projectEnvironment(): string {
  const named = process.env.UV_PROJECT_ENVIRONMENT
  return named
    ? resolve(repoRoot, named)
    : join(repoRoot, '.venv')
}

function environmentPython(): string {
  return process.platform === 'win32'
    ? join(projectEnvironment(), 'Scripts', 'python.exe')
    : join(projectEnvironment(), 'bin', 'python')
}

/**
 * The Python that runs every sample, the ETL job, the GIL recorders and mypy: the project
 * environment's interpreter. To use another CPython, name it in $PYTHON when the environment
 * is made (`PYTHON=/path/to/python3.13 npm test`).
 */
export function pythonExecutable(): string {
  const python = environmentPython()
  if (!existsSync(python)) {
    throw new Error(`No Python environment at ${projectEnvironment()}: \`npm test\` makes it `
      + '(or run `npx tsx scripts/prepare.ts`, which runs `uv sync --frozen`).')
  }
  return python
}

export function cargoExecutable(): string {
  return process.env.CARGO || 'cargo'
}

export function rustcExecutable(): string {
  return process.env.RUSTC || 'rustc'
}

export function rustfmtExecutable(): string {
  return process.env.RUSTFMT || 'rustfmt'
}

export function protocExecutable(): string {
  return process.env.PROTOC || 'protoc'
}

/** The Rust edition of the workspace (snippets/Cargo.toml), also used for single-file rustc runs. */
export const rustEdition = '2024'

/**
 * The environment for cargo: PyO3's build script (the snippets/pyo3 member) asks this
 * Python which CPython to build against, instead of guessing from PATH.
 */
export function cargoEnv(): NodeJS.ProcessEnv {
  const python = environmentPython()
  return existsSync(python) && !process.env.PYO3_PYTHON
    ? { ...process.env, PYO3_PYTHON: python }
    : process.env
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

/** Where `.ci/run` installs uv from PyPI when the machine has none. */
export function cachedUvDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rust-for-python-developers', 'uv')
}

/** uv: $UV, else `uv` on PATH, else the copy `.ci/run` installed; undefined when none runs. */
export function findUv(): string | undefined {
  if (process.env.UV)
    return process.env.UV
  if (runs('uv', ['--version']))
    return 'uv'
  const cached = join(cachedUvDir(), 'bin', process.platform === 'win32'
    ? 'uv.exe'
    : 'uv')
  return existsSync(cached) && runs(cached, ['--version'])
    ? cached
    : undefined
}

/** A pyenv-installed CPython 3.13 (`$(pyenv root)/versions/3.13*`), newest patch first. */
export function findPyenvPython(): string | undefined {
  const root = process.env.PYENV_ROOT
    || spawnSync('pyenv', ['root'], { encoding: 'utf8' }).stdout?.trim()
    || join(homedir(), '.pyenv')
  const versions = join(root, 'versions')
  if (!existsSync(versions))
    return undefined
  const patch = (name: string): number => Number(name.slice(pythonMinor.length + 1)) || 0
  const candidates = readdirSync(versions)
    .filter(name => new RegExp(`^${pythonMinor.replace('.', '\\.')}\\.\\d+$`).test(name))
    .sort((a, b) => patch(b) - patch(a))
    .map(name => join(versions, name, 'bin', `python${pythonMinor}`))
  return candidates.find(python => existsSync(python) && runs(python, ['--version']))
}
