// The two documents made from the speaker notes, each one HTML page of the talk's parts with
// every slide as it ends (a picture from a recorded walk of a real build) and its notes.
//   npm run build:reading: the reading version, dist/reading/index.html: notes as prose under
//     section headings with their budgets, a table of contents, and a link into the deck at
//     each slide (`../#/N`: the hosted deck sits one folder up). It reflows to any width, its
//     text is real text, and everything it loads is beside it.
//   npm run export:notes: the rehearsal handout, exports/rust-for-python-developers-notes.pdf:
//     the schedule, then one A4 page per slide (section, budget and planned start; its notes
//     with each [click] marked), printed in Chromium: `slidev export-notes` prints the notes
//     without slides or budgets.
// Options: --walk DIR (a recorded walk), --deck DIR (a deck built with notes, base /, to walk);
// the reading version's --out DIR; the handout's --output FILE.
import type { Browser } from 'playwright-chromium'
import type { Section } from '../lib/pacing/budget'
import type { SlideRecord, WalkRecord } from '../toolchain/deck/walk'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import MarkdownIt from 'markdown-it'
import { clock, isBackup, pacingAt, sectionsOf } from '../lib/pacing/budget'
import { launchChromium } from '../toolchain/chromium'
import { loadHeadmatter } from '../toolchain/deck-source'
import { backupHeading, copyPictures, recordedDeck } from '../toolchain/deck/recorded'
import { pad } from '../toolchain/deck/walk'
import { exportBaseName, repoPath } from '../toolchain/paths'

const { values, positionals: [which = ''] } = parseArgs({
  allowPositionals: true,
  options: {
    walk: { type: 'string' },
    deck: { type: 'string' },
    out: { type: 'string' },
    output: { type: 'string' },
  },
})
// The hosted deck sits one folder up.
const deckLink = '../'
const started = performance.now()
const markdown = new MarkdownIt()

// A title as Slidev renders it: its `inline code` as code.
const inlineTitle = (title: string) => markdown.renderInline(title)

// Every attribute the documents write is double-quoted, so markdown-it's escape is enough.
const escapeHtml = markdown.utils.escapeHtml

const notesHtml = (html: string, mark: string) => html.replace(/<span class="slidev-note-click-mark"[^>]*><\/span>/g, mark)

/** A section of the talk (the budgets `npm run talk:length` checks), or the backup slides after it (no section). */
interface Part { id: string, section?: Section, title: string, slides: SlideRecord[] }

function partsOf(record: WalkRecord): Part[] {
  const parts: Part[] = sectionsOf(record.slides).map(section => ({
    id: `section-${section.index}`,
    section,
    title: inlineTitle(section.title),
    slides: record.slides.filter(s => s.no >= section.firstSlide && s.no <= section.lastSlide),
  }))
  const backups = record.slides.filter(isBackup)
  if (backups.length)
    parts.push({ id: 'backup', title: backupHeading, slides: backups })
  return parts
}

/** Copies the pictures to `dir/slides` and the deck's woff2 fonts to `dir/fonts`; returns their @font-face rules. */
function copyAssets(from: string, record: WalkRecord, dir: string): string {
  copyPictures(from, record.slides, join(dir, 'slides'))
  mkdirSync(join(dir, 'fonts'), { recursive: true })
  const sheets = {
    'inter': ['400', '600', '700'],
    'fira-code': ['400', '600'],
  }
  return Object.entries(sheets).flatMap(([family, weights]) => weights.map((weight) => {
    const fontsource = repoPath('node_modules', '@fontsource', family)
    return readFileSync(join(fontsource, `${weight}.css`), 'utf8')
      .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '')
      .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_, file: string) => {
        copyFileSync(join(fontsource, 'files', file), join(dir, 'fonts', file))
        return `url(fonts/${file})`
      })
  })).join('\n')
}

function slideArticle(slide: SlideRecord, total: number): string {
  const text = slide.text.split('\n').map(line => `<span>${escapeHtml(line)}</span>`).join('\n')
  const notes = slide.noteHtml
    ? notesHtml(slide.noteHtml, '')
    : '<p><em>This slide has no notes.</em></p>'
  return `<article class="slide" id="slide-${slide.no}" aria-labelledby="slide-${slide.no}-title">
  <h3 id="slide-${slide.no}-title"><span class="no">${slide.no}</span> ${inlineTitle(slide.title)}</h3>
  <figure>
    <img src="slides/slide-${pad(slide.no)}.png" width="980" height="552" loading="lazy" decoding="async" alt="Slide ${slide.no} of ${total}, &quot;${escapeHtml(slide.title.replaceAll('`', ''))}&quot;, at its last step; its text is below.">
    <figcaption><a class="to-deck" href="${deckLink}#/${slide.no}">Open slide ${slide.no} in the deck</a></figcaption>
  </figure>
  <details><summary>Text on the slide</summary><div class="slide-text">${text}</div></details>
  <div class="notes">${notes}</div>
</article>`
}

function partBlock({ id, section, title, slides }: Part, total: number): string {
  const budget = section && ` <span class="budget">${section.minutes} min, from ${clock(section.startMinute * 60)}</span>`
  return `<section id="${id}" aria-labelledby="${id}-title">
  <h2 id="${id}-title">${section
    ? `${section.index}. `
    : ''}${title}${budget ?? ''}</h2>
  ${slides.map(s => slideArticle(s, total)).join('\n')}
</section>`
}

function toc(parts: Part[]): string {
  const items = parts.map(part => `<li><a href="#${part.id}">${part.title}</a>
    <ol>${part.slides.map(s => `<li value="${s.no}"><a href="#slide-${s.no}">${inlineTitle(s.title)}</a></li>`).join('')}</ol></li>`)
  return `<nav aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol class="toc">${items.join('\n')}</ol></nav>`
}

const readingStyle = `
:root { color-scheme: light; --ink: #1a202c; --muted: #4a5568; --rust: #9c3a16; --line: #cbd5e0; --link: #1f5a99; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: Inter, system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.6; color: var(--ink); background: #fff; }
header, main, footer { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 2rem; }
h1 { font-size: clamp(1.8rem, 6vw, 2.6rem); line-height: 1.15; margin: 0 0 0.5rem; }
h2 { font-size: 1.5rem; line-height: 1.25; margin: 3rem 0 1rem; padding-top: 0.5rem; border-top: 3px solid var(--rust); }
h3 { font-size: 1.2rem; line-height: 1.3; margin: 2.2rem 0 0.6rem; }
.no { display: inline-block; min-width: 1.8em; color: var(--muted); font-variant-numeric: tabular-nums; }
.budget { font-size: 0.95rem; font-weight: 400; color: var(--muted); white-space: nowrap; }
.lead { color: var(--muted); }
a { color: var(--link); }
figure { margin: 0; }
img { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { margin-top: 0.3rem; font-size: 0.95rem; }
details { margin: 0.5rem 0; font-size: 0.95rem; color: var(--muted); }
summary { cursor: pointer; }
.slide-text { display: flex; flex-direction: column; padding: 0.4rem 0 0.2rem 1rem; border-left: 3px solid var(--line); }
.notes p { margin: 0.6rem 0; }
code, pre { font-family: 'Fira Code', ui-monospace, monospace; font-size: 0.9em; }
.notes, .slide-text, h3, .toc { overflow-wrap: anywhere; }
.toc { padding-left: 1.4rem; }
.toc ol { padding-left: 1.6rem; font-size: 0.95rem; }
footer { margin: 3rem auto 2rem; color: var(--muted); font-size: 0.95rem; }
`

interface Walked { record: WalkRecord, dir: string, parts: Part[], sections: number }

async function readingVersion({ record, dir, parts, sections }: Walked): Promise<string> {
  const outDir = repoPath(values.out ?? 'dist/reading')
  const head = await loadHeadmatter()
  const minutes = parts.reduce((sum, part) => sum + (part.section?.minutes ?? 0), 0)
  rmSync(outDir, { recursive: true, force: true })
  const fonts = copyAssets(dir, record, outDir)
  const title = String(head.title ?? 'The talk')
  const info = String(head.info ?? '').trim()
  const lead = [head.speaker, head.event].map(part => String(part ?? '').trim()).filter(Boolean).map(escapeHtml).concat(`a ${minutes} minute talk`)
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${deckLink}favicon.png">
<title>${escapeHtml(title)}: the reading version</title>
<meta name="description" content="${escapeHtml(info.replace(/\s+/g, ' '))}">
<style>${fonts}${readingStyle}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <p class="lead">${lead.join(' · ')}</p>
  <p>${escapeHtml(info)}</p>
  <p>The reading version: every slide as it ends, followed by what the speaker says over it. <a href="${deckLink}">The slides themselves</a> are one click away from each picture.</p>
  ${toc(parts)}
</header>
<main>
${parts.map(part => partBlock(part, record.slides.length)).join('\n')}
</main>
<footer><p>Built from the deck's own slides and speaker notes by <code>npm run build:reading</code>; the figures on the slides come from the measurements committed with the deck.</p></footer>
</body>
</html>
`
  writeFileSync(join(outDir, 'index.html'), html)
  const bytes = record.slides.reduce((sum, s) => sum + statSync(join(outDir, 'slides', `slide-${pad(s.no)}.png`)).size, 0) + statSync(join(outDir, 'index.html')).size
  return `wrote ${relative(process.cwd(), outDir) || outDir}/index.html: ${record.slides.length} slides in ${sections} sections, ${(bytes / 1e6).toFixed(1)} MB with pictures, in ${((performance.now() - started) / 1000).toFixed(1)} s`
}

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

function handoutPage(slide: SlideRecord, section: Section | undefined, total: number, sections: number): string {
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
    ? notesHtml(slide.noteHtml, '<span class="click-mark">click</span>')
    : '<p><em>No speaker notes.</em></p>'}</div>
</article>`
}

const handoutStyle = `
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

async function handout({ record, dir, parts, sections }: Walked): Promise<string> {
  const output = repoPath(values.output ?? `exports/${exportBaseName}-notes.pdf`)
  const scratch = mkdtempSync(join(tmpdir(), 'rfpd-notes-'))
  let browser: Browser | undefined
  try {
    const fonts = copyAssets(dir, record, scratch)
    const pages = parts.flatMap(part => part.slides.map(s => handoutPage(s, part.section, record.slides.length, sections)))
    writeFileSync(join(scratch, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rehearsal notes</title><style>${fonts}${handoutStyle}</style></head>
<body>${schedule(parts)}${pages.join('\n')}</body></html>`)
    browser = await launchChromium()
    const tab = await browser.newPage()
    await tab.goto(pathToFileURL(join(scratch, 'index.html')).href, { waitUntil: 'load' })
    await tab.evaluate(() => document.fonts.ready.then(() => undefined))
    mkdirSync(dirname(output), { recursive: true })
    writeFileSync(output, await tab.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
    return `wrote ${output} (${record.slides.length} slides, ${sections} sections, schedule on page 1)`
  }
  finally {
    await browser?.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

const documents: Record<string, (walked: Walked) => Promise<string>> = { 'build:reading': readingVersion, 'export:notes': handout }
try {
  if (!documents[which])
    throw new Error(`which document? ${Object.keys(documents).join(' or ')}`)
  const { record, dir } = await recordedDeck({ walk: values.walk, deck: values.deck })
  const parts = partsOf(record)
  console.log(`${which}: ${await documents[which]({
    record,
    dir,
    parts,
    sections: parts.filter(part => part.section).length,
  })}`)
}
catch (error) {
  // A failure is one line, `build:reading: message`.
  console.error(`${which || 'scripts/documents.ts'}: ${error instanceof Error
    ? error.message
    : String(error)}`)
  process.exitCode = 1
}
