// `npm run build:reading`: the reading version, one page at dist/reading/: every slide as it
// ends (from a recorded walk of a real build) and its notes as prose, under section headings
// with their budgets, a table of contents, and a link into the deck at each slide (`../#/N`:
// the hosted deck sits one folder up). It reflows to any width, its text is real text, and
// everything it loads is beside it. Options: --walk DIR (a recorded walk), --deck DIR (a deck
// built with notes, base /, to walk), --out DIR, --deck-link URL.
import type { Part } from '../toolchain/deck/recorded'
import type { SlideRecord } from '../toolchain/deck/walk'
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { clock } from '../lib/pacing/budget'
import { loadHeadmatter } from '../toolchain/deck-source'
import { copyAssets, documentScript, escapeHtml, inlineTitle, notesHtml, partsOf, recordedDeck } from '../toolchain/deck/recorded'
import { pad } from '../toolchain/deck/walk'
import { repoPath } from '../toolchain/paths'

const { values } = parseArgs({
  options: {
    'walk': { type: 'string' },
    'deck': { type: 'string' },
    'out': { type: 'string' },
    'deck-link': { type: 'string' },
  },
})
const outDir = repoPath(values.out ?? 'dist/reading')
const deckLink = values['deck-link'] ?? '../'

function slideArticle(slide: SlideRecord, total: number): string {
  const text = slide.text.split('\n').map(line => `<span>${escapeHtml(line)}</span>`).join('\n')
  const notes = slide.noteHtml
    ? notesHtml(slide.noteHtml, 'prose')
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

function style(fonts: string) {
  return `${fonts}
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
}

await documentScript('build:reading', async () => {
  const started = performance.now()
  const head = await loadHeadmatter()
  const recorded = await recordedDeck({ walk: values.walk, deck: values.deck })
  const slides = recorded.record.slides
  const parts = partsOf(recorded.record)
  const minutes = parts.reduce((sum, part) => sum + (part.section?.minutes ?? 0), 0)
  rmSync(outDir, { recursive: true, force: true })
  const fonts = copyAssets(recorded, outDir)
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
<style>${style(fonts)}</style>
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
${parts.map(part => partBlock(part, slides.length)).join('\n')}
</main>
<footer><p>Built from the deck's own slides and speaker notes by <code>npm run build:reading</code>; the figures on the slides come from the measurements committed with the deck.</p></footer>
</body>
</html>
`
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'index.html'), html)
  const bytes = slides.reduce((sum, s) => sum + statSync(join(outDir, 'slides', `slide-${pad(s.no)}.png`)).size, 0) + statSync(join(outDir, 'index.html')).size
  const sections = parts.filter(part => part.section).length
  console.log(`build:reading: wrote ${relative(process.cwd(), outDir) || outDir}/index.html: ${slides.length} slides in ${sections} sections, ${(bytes / 1e6).toFixed(1)} MB with pictures, in ${((performance.now() - started) / 1000).toFixed(1)} s`)
})
