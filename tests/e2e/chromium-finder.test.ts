// Where the tests and the export find their Chromium: it needs one installed, so it runs with
// the browser tests, not the unit tests.
import process from 'node:process'
import { afterEach, describe, expect, it } from 'vitest'
import { findChromium } from '../../toolchain/chromium'

describe('findChromium', () => {
  const saved = process.env.CHROMIUM_PATH
  afterEach(() => {
    if (saved === undefined)
      delete process.env.CHROMIUM_PATH
    else
      process.env.CHROMIUM_PATH = saved
  })

  it('says what to install when CHROMIUM_PATH points at nothing', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chrome'
    let message = ''
    try {
      findChromium()
    }
    catch (error) {
      message = String(error)
    }
    expect(message).toContain('CHROMIUM_PATH is set to /nonexistent/chrome')
    expect(message).toContain('npx playwright install chromium')
    expect(message).toContain('apt-get install chromium')
  })

  it('finds an executable that exists', () => {
    delete process.env.CHROMIUM_PATH
    const found = findChromium()
    expect(found.path).toMatch(/chrom/i)
    expect(['playwright', 'system']).toContain(found.source)
  })
})
