import { existsSync, readdirSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'
import process from 'node:process'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'
import { cargoEnv, cargoExecutable, environmentProgram, findUv, maturinExecutable, projectEnvironment, runs } from './toolchains'

// The fastclean extension (snippets/pyo3): the ETL's Rust cleaning as a Python module, built
// by maturin into the project environment. `npm test` builds it (scripts/prepare.ts), and so
// do the tests and recorders that call it, so each always runs the current source.

const extensionManifest = repoPath('snippets/pyo3/Cargo.toml')

/** A build tool the extension needs is not installed; the message says what to install. */
export class ExtensionToolMissing extends Error {}

/** Throws ExtensionToolMissing, naming the tool and how to get it, when cargo or maturin is missing. */
export function checkExtensionTools(env: NodeJS.ProcessEnv = process.env): void {
  const cargo = env.CARGO || cargoExecutable()
  if (!runs(cargo, env))
    throw new ExtensionToolMissing(`cannot build the fastclean extension: cargo (${cargo}) is not installed; install Rust with rustup (https://rustup.rs)`)
  const maturin = env.MATURIN || maturinExecutable()
  if (!runs(maturin, env))
    throw new ExtensionToolMissing(`cannot build the fastclean extension: maturin (${maturin}) is not installed; \`uv sync\` installs it into .venv (pyproject.toml lists it), or name one in MATURIN`)
}

function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...cargoEnv(),
    VIRTUAL_ENV: projectEnvironment(),
  }
  // maturin runs `uv` from PATH (`--uv` in the develop arguments).
  const uv = findUv()
  if (uv && isAbsolute(uv))
    env.PATH = `${dirname(uv)}${delimiter}${env.PATH ?? ''}`
  return env
}

function maturin(args: string[]): void {
  succeeded(runSync(maturinExecutable(), args, {
    env: buildEnv(),
  }), `maturin ${args.join(' ')}`)
}

/**
 * `maturin develop --release --locked`: compiles snippets/pyo3 against snippets/Cargo.lock and
 * installs it into the project environment, where `import fastclean` then finds it.
 */
export function buildExtension(): void {
  checkExtensionTools()
  const args = [
    'develop',
    '--release',
    '--locked',
    '--quiet',
    // uv makes environments without pip, so maturin must install with uv where there is one.
    ...(findUv()
      ? ['--uv']
      : []),
    '--manifest-path',
    extensionManifest,
  ]
  maturin(args)
}

/** `maturin build --release --locked`: a wheel for the project's Python, written to `outDir`; returns its path. */
export function buildWheel(outDir: string): string {
  checkExtensionTools()
  const args = [
    'build',
    '--release',
    '--locked',
    '--quiet',
    '--manifest-path',
    extensionManifest,
    '--interpreter',
    environmentProgram('python'),
    '--out',
    outDir,
  ]
  maturin(args)
  const wheels = existsSync(outDir)
    ? readdirSync(outDir).filter(name => name.endsWith('.whl'))
    : []
  if (wheels.length !== 1)
    throw new Error(`maturin build wrote ${wheels.length} wheels to ${outDir}, expected one: ${wheels.join(', ')}`)
  return join(outDir, wheels[0]!)
}
