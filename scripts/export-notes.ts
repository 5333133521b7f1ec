// `npm run export:notes`: the rehearsal handout, exports/rust-for-python-developers-notes.pdf:
// the schedule, then one A4 page per slide (section, budget and planned start; the slide at its
// last click; its notes with each [click] marked). `slidev export-notes` prints the notes
// without slides or budgets, so this prints a page made from a recorded walk in Chromium.
// Options: --walk DIR, --deck DIR (as build:reading), --output FILE; CHROMIUM_PATH picks the browser.
import type { Browser } from 'playwright-chromium'
import type { Section } from '../lib/pacing/budget'
import type { Part } from '../toolchain/deck/recorded'
import type { SlideRecord } from '../toolchain/deck/walk'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { clock, pacingAt } from '../lib/pacing/budget'
import { launchChromium } from '../toolchain/chromium'
import { backupHeading, copyAssets, documentScript, escapeHtml, inlineTitle, notesHtml, partsOf, recordedDeck } from '../toolchain/deck/recorded'
import { pad } from '../toolchain/deck/walk'
import { exportBaseName } from '../toolchain/export-deck'
import { repoPath } from '../toolchain/paths'

const { values } = parseArgs({
  options: {
    walk: { type: 'string' },
    deck: { type: 'string' },
    output: { type: 'string' },
  },
})
const output = repoPath(values.output ?? `exports/${exportBaseName}-notes.pdf`)

function schedule(parts: Part[]): string {
  const sections = parts.flatMap(part => part.section ?? [])
  const rows = sections.map(s => `<tr><td>${s.index}</td><td>${escapeHtml(s.title)}</td><td>${s.firstSlide}–${s.lastSlide}</td><td>${clock(s.startMinute * 60)}</td><td>${s.minutes} min</td></tr>`)
  const total = sections.reduce((sum, s) => sum + s.minutes, 0)
  const backups = parts.find(part => !part.section)?.slides ?? []
  const backupRow = backups.length
    ? `<tr><td></td><td>${backupHeading}</td><td>${backups[0]!.no}–${backups.at(-1)!.no}</td><td></td><td></td></tr>`
    : ''
  return `<article class="page schedule">
  <h1>Rust for Python Developers: rehearsal notes</h1>
  <p>Each page is one slide at its last click, with its speaker notes. <span class="click-mark">click</span> marks where to click.
  Planned times spread each section's budget evenly over its slides; the presenter view shows the same plan.</p>
  <table><thead><tr><th>§</th><th>Section</th><th>Slides</th><th>Starts</th><th>Budget</th></tr></thead>
  <tbody>${rows.join('')}</tbody>
  <tfoot><tr><td></td><td>Total</td><td>1–${sections.at(-1)!.lastSlide}</td><td></td><td>${total} min</td></tr>${backupRow}</tfoot></table>
</article>`
}

function page(slide: SlideRecord, section: Section | undefined, total: number, sections: number): string {
  const planned = section && clock(pacingAt([section], slide.no, 0)!.plannedMinute * 60)
  const heading = section
    ? `§ ${section.index}/${sections} ${escapeHtml(section.title)} <span class="budget">budget ${section.minutes} min, ${clock(section.startMinute * 60)}–${clock((section.startMinute + section.minutes) * 60)}</span>`
    : backupHeading
  const clicks = slide.clicks && ` · ${slide.clicks} click${slide.clicks === 1
    ? ''
    : 's'}`
  return `<article class="page">
  <header>
    <div class="section">${heading}</div>
    <div class="slide-line"><span>Slide ${slide.no}/${total}: ${inlineTitle(slide.title)}</span><span>${planned
      ? `planned at ${planned}`
      : ''}${clicks || ''}</span></div>
  </header>
  <img src="slides/slide-${pad(slide.no)}.png" alt="Slide ${slide.no} at its last click">
  <div class="notes">${slide.noteHtml
    ? notesHtml(slide.noteHtml, 'badges')
    : '<p><em>No speaker notes.</em></p>'}</div>
</article>`
}

function style(fonts: string) {
  return `${fonts}
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: Inter, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a202c; }
code, pre { font-family: 'Fira Code', monospace; font-size: 0.92em; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
header { border-bottom: 1.5pt solid #b5441b; margin-bottom: 4mm; padding-bottom: 2mm; }
.section { font-weight: 700; font-size: 12pt; }
.budget { font-weight: 400; color: #4a5568; margin-left: 3mm; }
.slide-line { display: flex; justify-content: space-between; gap: 4mm; color: #2d3748; font-weight: 600; }
img { display: block; width: 100%; height: auto; border: 0.5pt solid #a0aec0; }
.notes { margin-top: 4mm; }
.notes p { margin: 0 0 2.5mm; }
.click-mark { display: inline-block; font-size: 0.75em; font-weight: 700; color: #fff; background: #2b6cb0; border-radius: 2pt; padding: 0 1.2mm; margin: 0 0.8mm; }
.schedule h1 { font-size: 18pt; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; margin-top: 4mm; }
th, td { text-align: left; padding: 1.5mm 2mm; border-bottom: 0.5pt solid #cbd5e0; }
tfoot td { font-weight: 700; }
`
}

await documentScript('export:notes', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rfpd-notes-'))
  let browser: Browser | undefined
  try {
    const recorded = await recordedDeck({ walk: values.walk, deck: values.deck })
    const slides = recorded.record.slides
    const parts = partsOf(recorded.record)
    const sections = parts.filter(part => part.section).length
    const fonts = copyAssets(recorded, scratch)
    const pages = parts.flatMap(part => part.slides.map(s => page(s, part.section, slides.length, sections)))
    writeFileSync(join(scratch, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rehearsal notes</title><style>${style(fonts)}</style></head>
<body>${schedule(parts)}${pages.join('\n')}</body></html>`)
    browser = await launchChromium()
    const tab = await browser.newPage()
    await tab.goto(pathToFileURL(join(scratch, 'index.html')).href, { waitUntil: 'load' })
    await tab.evaluate(() => document.fonts.ready.then(() => undefined))
    mkdirSync(dirname(output), { recursive: true })
    writeFileSync(output, await tab.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
    console.log(`export:notes: wrote ${output} (${slides.length} slides, ${sections} sections, schedule on page 1)`)
  }
  finally {
    await browser?.close()
    rmSync(scratch, { recursive: true, force: true })
  }
})
