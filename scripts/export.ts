// `npm run export [-- --out-dir DIR]`: the deck as PDF, with the real `slidev export`.
//   exports/rust-for-python-developers.pdf         one page per slide
//   exports/rust-for-python-developers-clicks.pdf  one page per click
// CHROMIUM_PATH picks the browser; without one, Playwright's is installed.
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { ensureChromium } from '../toolchain/chromium'
import { plainOutput, slidevBin } from '../toolchain/deck/build'
import { exportTargets } from '../toolchain/paths'
import { run, runSync, succeeded } from '../toolchain/process'

const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string' },
  },
})
const targets = exportTargets(values['out-dir'])

// A loaded machine or a cold Vite cache can print pages before their slide has loaded (the
// print page looked idle while slide modules were still being compiled): check for Slidev's
// placeholder and export again with a longer wait.
const waits = [3000, 15000, 45000]

/** Pages that show Slidev's "Loading slide..." placeholder; undefined without poppler's `pdftotext`. */
function unloadedPages(pdf: string): number[] | undefined {
  try {
    const result = runSync('pdftotext', ['-layout', pdf, '-'])
    if (result.code === 0) {
      return result.stdout.split('\f').flatMap((text, index) => /Loading slide/i.test(text)
        ? [index + 1]
        : [])
    }
  }
  catch {}
}

async function exportOne(which: keyof typeof targets, executablePath: string): Promise<void> {
  const output = targets[which]
  mkdirSync(dirname(output), { recursive: true })
  for (const [attempt, waitMs] of waits.entries()) {
    // The whole deck is rendered on one print page: give it time on a slow machine.
    const args = [
      'export',
      '--format=pdf',
      `--output=${output}`,
      `--executable-path=${executablePath}`,
      '--timeout=120000',
      '--wait-until=networkidle',
      `--wait=${waitMs}`,
      `--with-clicks=${which === 'clicks'}`,
    ]
    const started = performance.now()
    const result = await run(slidevBin, args, { env: plainOutput })
    succeeded(result, `slidev ${args.join(' ')}`)
    if (!existsSync(output) || statSync(output).size === 0)
      throw new Error(`slidev ${args.join(' ')} wrote no PDF at ${output}`)
    const seconds = (performance.now() - started) / 1000
    const unloaded = unloadedPages(output)
    if (!unloaded?.length) {
      console.log(`export: wrote ${output} in ${seconds.toFixed(1)} s${unloaded ? '' : ' (pdftotext not found: pages not checked for unloaded slides)'}`)
      return
    }
    const message = `export: ${unloaded.length} page(s) of ${output} were printed before their slide loaded (pages ${unloaded.slice(0, 10).join(', ')})`
    if (attempt === waits.length - 1)
      throw new Error(`${message}; giving up.`)
    console.log(`${message}; exporting again with a ${waits[attempt + 1]! / 1000} s wait.`)
  }
}

try {
  const chromium = ensureChromium()
  console.log(`export: using ${chromium.source} Chromium at ${chromium.path}`)
  // One after the other: at once, on two loaded cores, pages come out before their slide loads.
  await exportOne('slides', chromium.path)
  await exportOne('clicks', chromium.path)
}
catch (error) {
  console.error(`export: cannot export the PDF. ${(error as Error | undefined)?.message ?? error}`)
  process.exitCode = 1
}
