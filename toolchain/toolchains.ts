import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'

// The one place that says which Python, Rust and uv every test and script runs: Python from the
// project environment `uv sync --frozen` makes (scripts/prepare.ts), never `python3` on PATH;
// every other tool as its variable names it ($CARGO, $RUSTC, $PROTOC, $MATURIN, $UV), else PATH's.

/** The CPython minor version the project environment uses (also in .python-version). */
export const pythonMinor = '3.15'

/** The Rust edition of the workspace (snippets/Cargo.toml), also used for single-file rustc runs. */
export const rustEdition = '2024'

/** A build tool is not installed; the message says, in its first line, what to install. */
export class ToolMissing extends Error {}

export function projectEnvironment(): string {
  return repoPath(process.env.UV_PROJECT_ENVIRONMENT || '.venv')
}

/** A program the project environment installs (python, maturin), whether or not it exists yet. */
export function environmentProgram(name: string): string {
  return join(projectEnvironment(), 'bin', name)
}

/** The project environment's interpreter; $PYTHON names the CPython prepare.ts makes it from. */
export function pythonExecutable(): string {
  const python = environmentProgram('python')
  if (!existsSync(python))
    throw new Error(`No Python environment at ${projectEnvironment()}: \`npm test\` makes it (or run \`npx tsx scripts/prepare.ts\`, which runs \`uv sync --frozen\`).`)
  return python
}

export const cargoExecutable = (): string => process.env.CARGO || 'cargo'
export const rustcExecutable = (): string => process.env.RUSTC || 'rustc'
export const protocExecutable = (): string => process.env.PROTOC || 'protoc'
export const maturinExecutable = (): string => process.env.MATURIN || environmentProgram('maturin')

/** For cargo: PyO3's build script (snippets/pyo3) asks this Python which CPython to build against, instead of guessing from PATH. */
export function cargoEnv(): NodeJS.ProcessEnv {
  const python = environmentProgram('python')
  if (process.env.PYO3_PYTHON || !existsSync(python))
    return process.env
  return { ...process.env, PYO3_PYTHON: python }
}

/**
 * `cargoEnv()` for builds that check code rather than time it: the benchmarks' release profile
 * without LTO and a single codegen unit, so the same opt-level in a fraction of the build time
 * (cargo keeps both builds, so neither rebuilds the other).
 */
export function checkingCargoEnv(): NodeJS.ProcessEnv {
  return {
    ...cargoEnv(),
    CARGO_PROFILE_RELEASE_LTO: 'false',
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '16',
  }
}

export interface CargoPackage { name: string, version: string, source: string | null, manifest_path: string }

/** `cargo metadata` of the snippets workspace, as cargo reads its manifests and lockfile. */
export function cargoMetadata(...flags: string[]): { packages: CargoPackage[] } {
  const args = [
    'metadata',
    '--locked',
    '--format-version=1',
    `--manifest-path=${repoPath('snippets/Cargo.toml')}`,
    ...flags,
  ]
  const env = cargoEnv()
  const result = succeeded(runSync(cargoExecutable(), args, { env }), `cargo ${args.join(' ')}`)
  return JSON.parse(result.stdout) as { packages: CargoPackage[] }
}

/** What a tool says about its version (`rustc 1.95.0 (…)`); throws, naming the tool, when it fails: a figure must name its versions. */
export function versionOf(command: string, args = ['--version']): string {
  const result = succeeded(runSync(command, args), [command, ...args].join(' '))
  return (result.stdout || result.stderr).trim()
}

export function runs(command: string, env?: NodeJS.ProcessEnv): boolean {
  try {
    return runSync(command, ['--version'], { env }).code === 0
  }
  catch {
    return false
  }
}

/** Outside the checkout: Node 24, uv and the provisioned CPythons. */
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rust-for-python-developers')

/** uv: $UV, else `uv` on PATH, else the copy `.ci/run` installs into the cache; undefined when none runs. */
export function findUv(): string | undefined {
  const cached = join(cacheDir, 'uv', 'bin', 'uv')
  return process.env.UV || ['uv', cached].find(uv => runs(uv))
}

/**
 * An optimized CPython `minor` where uv finds none and cannot download one, from
 * toolchain/provision-cpython.sh (also for a cached copy: it checks that it still starts);
 * `onProvision` hears when there is none yet (that takes a while). Without `python`, `problem`
 * is the script's one-line reason.
 */
export function provisionedPython(minor: string, onProvision: () => void): { python?: string, problem?: string } {
  if (process.platform === 'linux' && !existsSync(join(cacheDir, 'cpython', `${minor}-sid`, '.complete')))
    onProvision()
  const script = repoPath('toolchain/provision-cpython.sh')
  const result = runSync('bash', [script, minor])
  const python = result.stdout.trim().split('\n').at(-1)
  if (result.code !== 0 || !python)
    return { problem: result.stderr.trim().split('\n').at(-1) || `provision-cpython.sh ${minor} failed` }
  return { python }
}
