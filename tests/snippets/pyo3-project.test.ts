import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runProcess, snippetsDir } from '../../scripts/lib/samples'
import { cargoEnv, cargoExecutable } from '../../scripts/lib/toolchains'

// The PyO3 sample is a member of the snippets/ workspace: it is compiled against the PyO3
// that snippets/Cargo.lock pins. Also checked: the thing that most often breaks a maturin
// project, the module name, which must agree across Cargo, pyproject, the #[pymodule] and
// the Python import.
const cargoToml = readFileSync('snippets/pyo3/Cargo.toml', 'utf8')
const cargoLock = readFileSync('snippets/Cargo.lock', 'utf8')
const pyproject = readFileSync('snippets/pyo3/pyproject.toml', 'utf8')
const libRs = readFileSync('snippets/pyo3/src/lib.rs', 'utf8')
const caller = readFileSync('snippets/python/fastclean_fallback.py', 'utf8')

function field(toml: string, key: string): string | undefined {
  return toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'm'))?.[1]
}

describe('snippets/pyo3: the maturin project shown on the best-of-both slides', () => {
  it('names the module the same in Cargo.toml, pyproject.toml, #[pymodule] and the import', () => {
    const crate = field(cargoToml, 'name')
    const project = field(pyproject, 'name')
    const pymodule = libRs.match(/#\[pymodule[^\]]*\]\s*fn (\w+)/)?.[1]
    const imported = caller.match(/from (\w+) import normalise_emails/)?.[1]
    expect(crate).toBe('fastclean')
    expect([project, pymodule, imported]).toEqual([crate, crate, crate])
  })

  it('builds a cdylib with maturin, against the PyO3 version the slide names', () => {
    expect(cargoToml).toMatch(/crate-type\s*=\s*\[\s*"cdylib"\s*\]/)
    expect(pyproject).toMatch(/build-backend\s*=\s*"maturin"/)
    const pyo3 = cargoToml.match(/pyo3\s*=\s*\{\s*version\s*=\s*"([\d.]+)"/)?.[1]
    expect(pyo3).toBeDefined()
    const locked = cargoLock.match(/^name = "pyo3"\nversion = "([\d.]+)"$/m)?.[1]
    expect(locked, 'snippets/Cargo.lock has no pyo3 package').toBeDefined()
    expect(`${locked}.`.startsWith(`${pyo3}.`), `Cargo.lock pins pyo3 ${locked}, Cargo.toml asks for ${pyo3}`).toBe(true)
    expect(libRs.split('\n')[0]).toContain(`PyO3 ${pyo3}`)
    expect(readFileSync('pages/09-best-of-both.md', 'utf8')).toContain(`PyO3 ${pyo3}`)
  })

  it('compiles against the locked PyO3 (cargo check --locked -p fastclean)', async () => {
    const run = await runProcess(cargoExecutable(), ['check', '--locked', '--quiet', '--package', 'fastclean', '--color', 'never'], {
      cwd: snippetsDir,
      env: cargoEnv(),
      timeoutMs: 600_000,
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr, 'cargo check printed warnings').not.toMatch(/^warning/m)
  })

  it('uses the PyO3 0.26+ names (detach, not allow_threads)', () => {
    expect(libRs).toContain('py.detach(')
    expect(libRs).not.toMatch(/allow_threads|with_gil/)
  })
})
