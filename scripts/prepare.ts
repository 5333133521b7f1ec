// `npm test`'s pretest (README, Requirements): .venv/ (from $PYTHON or $UV_PYTHON, else the
// CPython uv finds, else toolchain/provision-cpython.sh's), the crates, the fastclean extension
// (after `uv sync`, which removes what uv.lock does not list) and a Chromium. A missing tool
// is one line saying what to install, and exit status 1.
import type { RunResult } from '../toolchain/process'
import process from 'node:process'
import { ensureChromium } from '../toolchain/chromium'
import { buildExtension } from '../toolchain/extension'
import { repoPath } from '../toolchain/paths'
import { runSync } from '../toolchain/process'
import { cargoExecutable, environmentProgram, findUv, projectEnvironment, provisionedPython, pythonMinor, runs, rustcExecutable, ToolMissing, versionOf } from '../toolchain/toolchains'

/** Shows the end of what a failed step printed, then stops with `message`. */
function failed(result: RunResult, message: string): never {
  process.stderr.write(`${result.stderr.trim().split('\n').slice(-4).join('\n')}\n`)
  throw new ToolMissing(message)
}

function syncPython(uv: string): string {
  // As pip does by default: without .pyc files each test process (PYTHONDONTWRITEBYTECODE is
  // set) would compile polars, protobuf and the rest again, and every timing would include it.
  const sync = (python?: string): RunResult => runSync(uv, [
    'sync',
    '--frozen',
    '--quiet',
    '--compile-bytecode',
    ...python
      ? ['--python', python]
      : [],
  ])
  const named = process.env.PYTHON ?? process.env.UV_PYTHON
  let result = sync(process.env.PYTHON)
  if (result.code !== 0 && named)
    failed(result, `uv sync could not make the Python environment with ${named} (see above): name a CPython ${pythonMinor} in PYTHON`)
  if (result.code !== 0) {
    // uv found no CPython 3.15 and could not download one (this machine reaches only the
    // package registries): Debian unstable's optimized build, as `uv python install` would.
    const { python, problem } = provisionedPython(pythonMinor, () => console.log(`prepare: uv found no CPython ${pythonMinor}; unpacking Debian unstable's python${pythonMinor} into the cache (toolchain/provision-cpython.sh)`))
    if (python)
      result = sync(python)
    if (result.code !== 0) {
      failed(result, `no CPython ${pythonMinor} found${problem
        ? ` (${problem})`
        : ''}: install one (\`uv python install ${pythonMinor}\`, or your system's python${pythonMinor}), or name it in PYTHON=/path/to/python${pythonMinor}`)
    }
  }
  return versionOf(environmentProgram('python'))
}

function fetchCrates(): string {
  const cargo = cargoExecutable()
  if (!runs(cargo) || !runs(rustcExecutable()))
    throw new ToolMissing('cargo and rustc are not installed: install Rust with rustup (https://rustup.rs)')
  const cwd = repoPath('snippets')
  const result = runSync(cargo, ['fetch', '--locked', '--quiet'], { cwd })
  if (result.code !== 0)
    failed(result, 'cargo fetch --locked failed in snippets/ (see above): is snippets/Cargo.lock up to date with the manifests?')
  return versionOf(cargo)
}

try {
  const uv = findUv()
  if (!uv)
    throw new ToolMissing('uv is not installed: install it from https://docs.astral.sh/uv/ (e.g. `pipx install uv` or `python3 -m pip install uv`)')
  const python = syncPython(uv)
  const cargo = fetchCrates()
  buildExtension()
  const chromium = ensureChromium()
  console.log(`prepare: ${python} in ${projectEnvironment()} (uv sync --frozen), crates fetched (${cargo}), fastclean extension built (maturin develop --release), ${chromium.source} Chromium at ${chromium.path}`)
}
catch (error) {
  if (!(error instanceof ToolMissing))
    throw error
  console.error(`prepare: ${error.message.split('\n')[0]}`)
  process.exitCode = 1
}
