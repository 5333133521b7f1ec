import type { DeckSlide } from './lib/deck-source'
import process from 'node:process'
import { loadDeck, spokenWords } from './lib/deck-source'

// How long the talk runs: per section (page file), slides, clicks and speaker-note words,
// and an estimate of speaking time at 130 words per minute plus 5 s per click.
// Figures only: the speaker decides what is too long. `--slides` adds one row per slide.

const wordsPerMinute = 130
const secondsPerClick = 5

interface SectionLength { file: string, slides: number, clicks: number, words: number, seconds: number }

function measure(file: string, slides: DeckSlide[]): SectionLength {
  const clicks = slides.reduce((sum, s) => sum + s.clicks, 0)
  const words = slides.reduce((sum, s) => sum + spokenWords(s.notes).length, 0)
  return { file, slides: slides.length, clicks, words, seconds: words / wordsPerMinute * 60 + clicks * secondsPerClick }
}

function minutes(seconds: number): string {
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`
}

const slides = await loadDeck()
const files = [...new Set(slides.map(s => s.file))]
const sections = files.map(file => measure(file, slides.filter(s => s.file === file)))
const total = measure('total', slides)

const header = ['section', 'slides', 'clicks', 'words', 'time']
const rows = [...sections, total].map(s => [s.file, String(s.slides), String(s.clicks), String(s.words), minutes(s.seconds)])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')

console.log(`Talk length: ${wordsPerMinute} words per minute of speaker notes, plus ${secondsPerClick} s per click`)
console.log(line(header))
for (const row of rows.slice(0, -1))
  console.log(line(row))
console.log(widths.map(w => '-'.repeat(w)).join('  '))
console.log(line(rows.at(-1)!))

if (process.argv.includes('--slides')) {
  console.log('\nPer slide:')
  for (const s of slides) {
    const { seconds, words } = measure(s.file, [s])
    console.log(`${String(s.no).padStart(3)}  ${minutes(seconds).padStart(5)}  ${String(words).padStart(4)} words  ${String(s.clicks).padStart(2)} clicks  ${s.file}:${s.line}  ${s.title}`)
  }
}

const silent = slides.filter(s => !s.notes)
if (silent.length)
  console.log(`\nSlides with no speaker notes Slidev can see: ${silent.map(s => `${s.file}:${s.line} "${s.title}"`).join(', ')}`)
const mismatched = slides.filter(s => s.notes && s.clickMarkers !== s.clicks)
if (mismatched.length) {
  console.log('\n[click] markers that do not match the estimated clicks:')
  for (const s of mismatched)
    console.log(`  ${s.file}:${s.line} "${s.title}": ${s.clicks} clicks, ${s.clickMarkers} markers`)
}
