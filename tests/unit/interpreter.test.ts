import type { Interpreter } from '../../lib/shared/interpreter'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeInterpreter, describeLoad, interpreterSchema } from '../../lib/shared/interpreter'
import { projectInterpreterProblem } from '../../toolchain/interpreter'
import { repoPath } from '../../toolchain/paths'

// Builds as snippets/record/interpreter.py described them on the machine that recorded
// them: pyenv's unoptimized 3.13.0 (the old baseline), Debian unstable's 3.14 and 3.15.
function build(name: string): Interpreter {
  return interpreterSchema.parse(JSON.parse(readFileSync(repoPath('tests/fixtures/interpreters', `${name}.json`), 'utf8')))
}

describe('the project interpreter rule', () => {
  it('refuses pyenv\'s CPython 3.13.0 in one line that says how to fix it', () => {
    const problem = projectInterpreterProblem(build('pyenv-3.13.0'))
    expect(problem).toMatch(/^\.venv runs CPython 3\.13\.0 \(pyenv, no PGO, no LTO\) from .*, older than CPython 3\.15: remove \.venv and run `npm run pretest`/)
    expect(problem).not.toContain('\n')
  })

  it('refuses an older release even when optimized, and a 3.15 without PGO/LTO', () => {
    expect(projectInterpreterProblem(build('debian-sid-3.14.10'))).toMatch(/3\.14\.10 .*older than CPython 3\.15/)
    const plain = {
      ...build('debian-sid-3.15.2'),
      origin: { kind: 'unknown' as const, description: 'a source build' },
      pgo: false,
      lto: false,
    }
    expect(projectInterpreterProblem(plain)).toMatch(/a build without PGO and LTO \(CONFIG_ARGS: '--enable-shared'/)
  })

  it('accepts Debian\'s optimized 3.15', () => {
    expect(projectInterpreterProblem(build('debian-sid-3.15.2'))).toBeUndefined()
  })
})

describe('describing a build', () => {
  it('names version, origin and optimisation in one short phrase', () => {
    expect(describeInterpreter(build('debian-sid-3.15.2'))).toBe('CPython 3.15.2 (Debian python3.15 3.15.2-1, PGO+LTO)')
    expect(describeInterpreter(build('pyenv-3.13.0'))).toBe('CPython 3.13.0 (pyenv, no PGO, no LTO)')
    expect(describeInterpreter({
      ...build('debian-sid-3.15.2'),
      jit: { available: true, enabled: true },
    })).toContain('JIT on')
  })

  it('gives the 1-minute load before and after', () => {
    expect(describeLoad([0.5, 1, 2], [1.234, 1, 2])).toBe('0.50 → 1.23')
  })
})
