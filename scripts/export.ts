// `npm run export`: the deck as PDF, with the real `slidev export`.
//   exports/rust-for-python-developers.pdf         one page per slide
//   exports/rust-for-python-developers-clicks.pdf  one page per click
// Options: --out-dir DIR, --only slides|clicks. CHROMIUM_PATH picks the browser; without
// one, Playwright's is installed.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { ensureChromium } from '../toolchain/chromium'
import { exportPdf, exportTargets, unloadedPages } from '../toolchain/export-deck'

const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string' },
    'only': { type: 'string' },
  },
})
const targets = exportTargets(values['out-dir'])
const wanted = (['slides', 'clicks'] as const).filter(kind => !values.only || values.only === kind)

// A loaded machine or a cold Vite cache can print pages before their slide has loaded: check
// for Slidev's placeholder and export again with a longer wait.
const waits = [3000, 15000, 45000]

/** Exports one PDF, again with a longer wait while pages come out unloaded. */
async function exportOne(which: typeof wanted[number], executablePath: string): Promise<void> {
  for (const [attempt, waitMs] of waits.entries()) {
    const ms = await exportPdf(targets[which], { withClicks: which === 'clicks', executablePath, waitMs })
    const unloaded = unloadedPages(targets[which])
    if (!unloaded?.length) {
      console.log(`export: wrote ${targets[which]} in ${(ms / 1000).toFixed(1)} s${unloaded ? '' : ' (pdftotext not found: pages not checked for unloaded slides)'}`)
      return
    }
    const message = `export: ${unloaded.length} page(s) of ${targets[which]} were printed before their slide loaded (pages ${unloaded.slice(0, 10).join(', ')})`
    if (attempt === waits.length - 1)
      throw new Error(`${message}; giving up.`)
    console.log(`${message}; exporting again with a ${waits[attempt + 1]! / 1000} s wait.`)
  }
}

try {
  if (!wanted.length)
    throw new Error('--only must be slides or clicks')
  const chromium = ensureChromium()
  console.log(`export: using ${chromium.source} Chromium at ${chromium.path}`)
  // One after the other: at once, on two loaded cores, pages come out before their slide loads.
  for (const which of wanted)
    await exportOne(which, chromium.path)
}
catch (error) {
  console.error(`export: cannot export the PDF. ${error instanceof Error
    ? error.message
    : String(error)}`)
  process.exitCode = 1
}
