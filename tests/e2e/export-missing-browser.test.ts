// With no browser to drive, `npm run export` stops and says what to install.
import { spawnSync } from 'node:child_process'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../toolchain/paths'

describe('npm run export without a browser', () => {
  it('exits non-zero with install instructions when CHROMIUM_PATH points nowhere', () => {
    const bogus = '/nonexistent/chromium-for-this-test'
    const result = spawnSync('npm', ['run', '--silent', 'export'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: bogus },
      timeout: 60_000,
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(result.status, output).not.toBe(0)
    expect(result.status, 'it failed by itself, not by a timeout').not.toBeNull()
    expect(output).toContain(bogus)
    expect(output).toMatch(/npx playwright install chromium/)
    expect(output).toMatch(/apt-get install chromium/)
    expect(output, 'no half-written PDF is announced').not.toMatch(/wrote .*\.pdf/)
  })
})
