import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The PyO3 sample cannot be built offline (no crates.io), so its syntax is checked by the
// parse-only harness. What can still be checked is the thing that most often breaks a
// maturin project: the module name must agree across Cargo, pyproject, the #[pymodule]
// and the Python import.
const cargoToml = readFileSync('snippets/pyo3/Cargo.toml', 'utf8')
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
    expect(libRs.split('\n')[0]).toContain(`PyO3 ${pyo3}`)
    expect(readFileSync('pages/09-best-of-both.md', 'utf8')).toContain(`PyO3 ${pyo3}`)
  })

  it('uses the PyO3 0.26+ names (detach, not allow_threads)', () => {
    expect(libRs).toContain('py.detach(')
    expect(libRs).not.toMatch(/allow_threads|with_gil/)
  })
})
