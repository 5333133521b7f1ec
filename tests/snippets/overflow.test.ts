import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../toolchain/paths'
import { run as runProcess } from '../../toolchain/process'
import { rustcExecutable, rustEdition } from '../../toolchain/toolchains'

// The Rust-types slide says `+` on a fixed-width integer panics in a debug build and wraps
// in a release build. The snippet harness runs snippets/rust/examples/overflow_checked.rs
// as a release build (its .out shows the wrapped sum); this test builds the same file both
// ways with plain rustc (opt-level 0 turns overflow checks on, -O turns them off, as
// cargo's dev and release profiles do) and checks both behaviours.
const sample = join(repoRoot, 'snippets/rust/examples/overflow_checked.rs')

describe('integer overflow: debug panics, release wraps', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overflow-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function buildAndRun(name: string, flags: string[]) {
    const exe = join(dir, name)
    const build = await runProcess(rustcExecutable(), [
      '--edition',
      rustEdition,
      ...flags,
      '-o',
      exe,
      sample,
    ], { cwd: dir })
    expect(build.code, `rustc ${flags.join(' ')} failed:\n${build.stderr}`).toBe(0)
    return runProcess(exe, [], { cwd: dir })
  }

  it('a debug build panics at the overflowing +, after the checked_add lines', async () => {
    const run = await buildAndRun('debug', [])
    expect(run.code).toBe(101)
    expect(run.stdout).toBe('Some(4000000001)\nNone\n')
    expect(run.stderr).toContain('attempt to add with overflow')
  })

  it('a release build wraps around modulo 2^32', async () => {
    const run = await buildAndRun('release', ['-O'])
    expect(run.code).toBe(0)
    const wrapped = (4_000_000_000 + 500_000_000) % 2 ** 32
    expect(run.stdout).toBe(`Some(4000000001)\nNone\n${wrapped}\n`)
  })
})
