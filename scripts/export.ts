// `npm run export`: the deck as PDF, with the real `slidev export`.
//   exports/rust-for-python-developers.pdf         one page per slide
//   exports/rust-for-python-developers-clicks.pdf  one page per click
// Options: --out-dir DIR, --only slides|clicks. CHROMIUM_PATH picks the browser.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { findChromium } from '../toolchain/chromium'
import { exportPdf, exportTargets, unloadedPages } from '../toolchain/export-deck'

const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string' },
    'only': { type: 'string' },
  },
})

let chromiumPath: string
try {
  const found = findChromium()
  chromiumPath = found.path
  console.log(`export: using ${found.source} Chromium at ${found.path}`)
}
catch (error) {
  console.error(`export: cannot export the PDF.\n${error instanceof Error
    ? error.message
    : String(error)}`)
  process.exit(1)
}

const targets = exportTargets(values['out-dir'])
const kinds = ['slides', 'clicks'] as const
const wanted = kinds.filter(kind => !values.only || values.only === kind)
if (!wanted.length) {
  console.error(`export: --only must be one of ${kinds.join(', ')}`)
  process.exit(1)
}

// The print page can look idle before every slide has been compiled (a loaded machine, a
// cold Vite cache). Such pages show Slidev's "Loading slide..." placeholder: check for it and
// export again with a longer wait.
const waits = [3000, 15000, 45000]

try {
  for (const which of wanted) {
    for (const [attempt, waitMs] of waits.entries()) {
      const result = await exportPdf({
        output: targets[which],
        withClicks: which === 'clicks',
        executablePath: chromiumPath,
        waitMs,
      })
      const unloaded = unloadedPages(result.output)
      if (unloaded?.length) {
        const message = `export: ${unloaded.length} page(s) of ${result.output} were printed before their slide loaded (pages ${unloaded.slice(0, 10).join(', ')})`
        if (attempt === waits.length - 1)
          throw new Error(`${message}; giving up.`)
        console.log(`${message}; exporting again with a ${waits[attempt + 1]! / 1000} s wait.`)
        continue
      }
      console.log(`export: wrote ${result.output} in ${(result.milliseconds / 1000).toFixed(1)} s${unloaded ? '' : ' (pdftotext not found: pages not checked for unloaded slides)'}`)
      break
    }
  }
}
catch (error) {
  console.error(error instanceof Error
    ? error.message
    : String(error))
  process.exitCode = 1
}
