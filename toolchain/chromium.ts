// Which Chromium the tests, the PDF export and the scripts drive. Presenting needs none, so
// `npm install` downloads none (allowScripts in package.json denies playwright-chromium's
// download): `npm test` and `npm run export` find one, or install Playwright's themselves.
import { existsSync } from 'node:fs'
import process from 'node:process'
import { chromium } from 'playwright-chromium'
import { repoPath } from './paths'
import { runSync } from './process'
import { ToolMissing } from './toolchains'

/** A headless browser that cannot call home nor resolve any host but the loopback. */
export const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
]

const systemCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

const missingChromiumHelp = 'No Chromium found, and Playwright\'s could not be installed: install one (sudo apt-get install chromium, or npx playwright install chromium with internet), or name one in CHROMIUM_PATH=/path/to/chrome'

/** $CHROMIUM_PATH, else Playwright's own browser when installed, else a system Chromium. */
export function findChromium(): { path: string, source: 'env' | 'playwright' | 'system' } | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && !existsSync(fromEnv))
    throw new ToolMissing(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there. ${missingChromiumHelp}`)
  if (fromEnv)
    return { path: fromEnv, source: 'env' }
  let playwrights = ''
  try {
    playwrights = chromium.executablePath()
  }
  catch {} // no registry entry: not installed
  if (playwrights && existsSync(playwrights))
    return { path: playwrights, source: 'playwright' }
  const system = systemCandidates.find(candidate => existsSync(candidate))
  if (system)
    return { path: system, source: 'system' }
}

/** `findChromium`, installing Playwright's browser when there is none; throws the one-line help when that fails. */
export function ensureChromium(): { path: string, source: string } {
  const found = findChromium()
  if (found)
    return found
  console.log('No Chromium found: installing Playwright\'s (npx playwright install chromium)...')
  const install = runSync(repoPath('node_modules', '.bin', 'playwright'), ['install', 'chromium'], { timeoutMs: 600_000 })
  const installed = install.code === 0 && findChromium()
  if (!installed)
    throw new ToolMissing(`${missingChromiumHelp}\n${install.stderr.trim().split('\n').slice(-3).join('\n')}`)
  return installed
}

export async function launchChromium() {
  return chromium.launch({ executablePath: ensureChromium().path, args: chromiumArgs })
}
