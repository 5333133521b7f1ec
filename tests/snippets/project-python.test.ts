// The guard: the project environment must run an optimized CPython 3.15 or newer, because
// every "×" on the slides divides by its time. A slow build (pyenv's default source build
// of 3.13.0 was the baseline once) must not come back unnoticed.
import { describe, expect, it } from 'vitest'
import { interpreterModule, interpreterOf, projectInterpreterProblem } from '../../toolchain/interpreter'
import { runSync } from '../../toolchain/process'
import { pythonExecutable, pythonMinor } from '../../toolchain/toolchains'

describe('the project environment\'s interpreter', () => {
  it(`is an optimized (PGO+LTO) CPython ${pythonMinor} or newer`, () => {
    const problem = projectInterpreterProblem(interpreterOf())
    expect(problem, problem).toBeUndefined()
  })
})

describe('snippets/record/interpreter.py', () => {
  // Its rule for CONFIG_ARGS, run in the interpreter itself on the strings builds record.
  const optimization = (configArgs: string, origin: string): unknown => JSON.parse(runSync(pythonExecutable(), [
    '-c',
    `import json, sys; sys.path.insert(0, ${JSON.stringify(interpreterModule.replace(/\/[^/]+$/, ''))}); import interpreter; `
    + `print(json.dumps(interpreter._optimization(${JSON.stringify(configArgs)}, {"kind": ${JSON.stringify(origin)}})))`,
  ]).stdout)

  it('reads PGO and LTO from CONFIG_ARGS, and neither from a plain source build', () => {
    expect(optimization('\'--enable-optimizations\' \'--with-lto\' \'--prefix=/install\'', 'uv')).toEqual({ pgo: true, lto: true, optimizationSource: 'CONFIG_ARGS' })
    expect(optimization('\'--enable-optimizations\' \'--with-lto=no\'', 'unknown')).toEqual({ pgo: true, lto: false, optimizationSource: 'CONFIG_ARGS' })
    expect(optimization('\'--prefix=/root/.pyenv/versions/3.13.0\' \'--enable-shared\'', 'pyenv')).toEqual({ pgo: false, lto: false, optimizationSource: 'CONFIG_ARGS' })
  })

  it('names the build it runs on: version, origin, CONFIG_ARGS, the GIL and the executable', () => {
    const build = interpreterOf()
    const version = runSync(pythonExecutable(), ['-c', 'import platform; print(platform.python_version())']).stdout.trim()
    expect(build.version).toBe(version)
    expect(build.executable).toBe(pythonExecutable())
    expect(build.baseExecutable).not.toBe(build.executable)
    expect(build.configArgs).toMatch(/--prefix=/)
    expect(typeof build.gilDisabled).toBe('boolean')
    if (build.origin.kind === 'debian')
      expect(build.origin.version).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')}-`))
  })
})
