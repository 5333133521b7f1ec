import { existsSync } from 'node:fs'
import process from 'node:process'
import { chromium } from 'playwright-chromium'

/** Chromium flags that keep a headless browser from calling home (this deck must work offline). */
const quietChromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
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

const missingChromiumHelp = [
  'No Chromium found for the tests or the PDF export. Install one of:',
  '  - Playwright\'s browser (needs internet):  npx playwright install chromium',
  '  - a system Chromium:  sudo apt-get install chromium   (Debian/Ubuntu)',
  '                        brew install --cask chromium    (macOS)',
  '  - or point at any Chromium/Chrome binary: CHROMIUM_PATH=/path/to/chrome',
].join('\n')

/**
 * Finds a Chromium to drive: $CHROMIUM_PATH, else Playwright's own browser when it has
 * been installed, else a system Chromium. Throws with install instructions when none exists.
 */
export function findChromium(): { path: string, source: 'env' | 'playwright' | 'system' } {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.\n\n${missingChromiumHelp}`)
    return { path: fromEnv, source: 'env' }
  }
  let playwrights = ''
  try {
    playwrights = chromium.executablePath()
  }
  catch {
    // Playwright throws when it has no browser registry entry; fall through to the system.
  }
  if (playwrights && existsSync(playwrights))
    return { path: playwrights, source: 'playwright' }
  const system = systemCandidates.find(candidate => existsSync(candidate))
  if (system)
    return { path: system, source: 'system' }
  throw new Error(missingChromiumHelp)
}

/** Launches headless Chromium with the found executable and the offline-friendly flags. */
export async function launchChromium(options: Parameters<typeof chromium.launch>[0] = {}) {
  const { path } = findChromium()
  return chromium.launch({
    ...options,
    executablePath: path,
    args: [
      ...quietChromiumArgs,
      ...(options.args ?? []),
    ],
  })
}
