import { readdirSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'
import process from 'node:process'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'
import { cargoEnv, cargoExecutable, environmentProgram, findUv, maturinExecutable, projectEnvironment, runs, ToolMissing } from './toolchains'

// The fastclean extension (snippets/pyo3): the ETL's Rust cleaning as a Python module, built
// by maturin into the project environment. `npm test` builds it (scripts/prepare.ts), and so
// do the tests and recorders that call it, so each always runs the current source.

/** Throws ToolMissing, naming the tool and how to get it, when cargo or maturin is missing. */
export function checkExtensionTools(env: NodeJS.ProcessEnv = process.env): void {
  const cargo = env.CARGO || cargoExecutable()
  if (!runs(cargo, env))
    throw new ToolMissing(`cannot build the fastclean extension: cargo (${cargo}) is not installed; install Rust with rustup (https://rustup.rs)`)
  const maturin = env.MATURIN || maturinExecutable()
  if (!runs(maturin, env))
    throw new ToolMissing(`cannot build the fastclean extension: maturin (${maturin}) is not installed; \`uv sync\` installs it into .venv (pyproject.toml lists it), or name one in MATURIN`)
}

/** `maturin <command> --release --locked` on snippets/pyo3, against snippets/Cargo.lock. */
function maturin(...command: string[]): void {
  checkExtensionTools()
  const env: NodeJS.ProcessEnv = {
    ...cargoEnv(),
    VIRTUAL_ENV: projectEnvironment(),
  }
  // maturin runs `uv` from PATH (`--uv`).
  const uv = findUv()
  if (uv && isAbsolute(uv))
    env.PATH = `${dirname(uv)}${delimiter}${env.PATH ?? ''}`
  const args = [
    ...command,
    '--release',
    '--locked',
    '--quiet',
    '--manifest-path',
    repoPath('snippets/pyo3/Cargo.toml'),
  ]
  succeeded(runSync(maturinExecutable(), args, { env }), `maturin ${args.join(' ')}`)
}

/** `maturin develop --uv`: installs the extension where `import fastclean` finds it (uv made the environment, without pip). */
export function buildExtension(): void {
  maturin('develop', '--uv')
}

/** `maturin build`: a wheel for the project's Python, written to `outDir`; returns its path. */
export function buildWheel(outDir: string): string {
  maturin('build', '--interpreter', environmentProgram('python'), '--out', outDir)
  const wheels = readdirSync(outDir).filter(name => name.endsWith('.whl'))
  if (wheels.length !== 1)
    throw new Error(`maturin build wrote ${wheels.length} wheels to ${outDir}, expected one: ${wheels.join(', ')}`)
  return join(outDir, wheels[0]!)
}
