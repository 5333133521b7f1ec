import type { BudgetComparison, Section } from '../lib/pacing/budget'
import type { DeckSlide } from '../toolchain/deck-source'
import process from 'node:process'
import { BudgetError, checkBudgetLayout, clock, compareWithEstimates, isBackup, mainSlides, sectionsOf, talkMinutes } from '../lib/pacing/budget'
import { printTable } from '../toolchain/cli'
import { loadDeck, loadHeadmatter, spokenWords } from '../toolchain/deck-source'

// How long the talk runs against its budget: `duration:` in slides.md's headmatter (which
// Slidev's presenter timer reads) and `minutes: N` on each section file's first slide, per
// section; backups are listed, not counted.

const wordsPerMinute = 130
const secondsPerClick = 5
/** The conference slot the talk is written for. */
const slot = { shortest: 35, longest: 40 }

const isSectionFile = (file: string) => file.startsWith('pages/')
const words = (slide: DeckSlide): number => spokenWords(slide.notes).length
const estimate = (slide: DeckSlide): number => words(slide) / wordsPerMinute * 60 + slide.clicks * secondsPerClick
const sum = (slides: DeckSlide[], of: (slide: DeckSlide) => number): string => String(slides.reduce((total, slide) => total + of(slide), 0))

function signed(seconds: number): string {
  if (Math.round(seconds) === 0)
    return '0:00'
  const sign = seconds > 0
    ? '+'
    : '-'
  return sign + clock(Math.abs(seconds))
}

const allSlides = await loadDeck()
const slides = mainSlides(allSlides)
const backups = allSlides.filter(isBackup)
let comparison: BudgetComparison, sections: Section[], talk: number
try {
  talk = talkMinutes((await loadHeadmatter()).duration)
  sections = sectionsOf(allSlides)
  const layoutProblems = checkBudgetLayout(allSlides, sections, talk, isSectionFile)
  if (talk < slot.shortest || talk > slot.longest)
    layoutProblems.push(`slides.md: duration is ${talk} min; the talk is written for a ${slot.shortest} to ${slot.longest} minute slot`)
  if (layoutProblems.length)
    throw new BudgetError(layoutProblems)
  comparison = compareWithEstimates(sections, no => estimate(allSlides[no - 1]!))
}
catch (error) {
  if (!(error instanceof BudgetError))
    throw error
  console.error(`talk:length: ${error.message}`)
  process.exit(1)
}

const header = 'section starts slides clicks words budget estimate difference'.split(' ')
function row(label: string, starts: string, own: DeckSlide[], budgetSeconds: number, estimateSeconds: number): string[] {
  return [
    label,
    starts,
    String(own.length),
    sum(own, s => s.clicks),
    sum(own, words),
    clock(budgetSeconds),
    clock(estimateSeconds),
    signed(estimateSeconds - budgetSeconds),
  ]
}
const rows = comparison.sections.map(({ section, estimateSeconds }) => {
  const own = slides.filter(s => s.no >= section.firstSlide && s.no <= section.lastSlide)
  return row(section.file ?? section.title, clock(section.startMinute * 60), own, section.minutes * 60, estimateSeconds)
})
const totalRow = row('total', '', slides, comparison.budgetSeconds, comparison.estimateSeconds)
const rule = header.map((h, i) => '-'.repeat(Math.max(h.length, ...[...rows, totalRow].map(r => r[i]!.length))))

console.log(`Talk length: ${wordsPerMinute} words per minute of speaker notes, plus ${secondsPerClick} s per click; budget ${talk} min (duration: in slides.md)`)
const columns = Object.fromEntries(header.map((title, i) => [
  title,
  (cells: string[]) => cells[i]!,
]))
printTable(columns, [...rows, rule, totalRow])
const firstBudgeted = slides.find(s => 'minutes' in s.frontmatter)!
const before = slides.filter(s => s.no < firstBudgeted.no)
if (before.length) {
  console.log(`(${sections[0]!.file ?? sections[0]!.title} includes the ${before.length === 1
    ? 'slide'
    : `${before.length} slides`} before it in ${before[0]!.file})`)
}

if (backups.length)
  console.log(`(${backups.length} backup slides after slide ${slides.at(-1)!.no}, shown only when asked, are not counted)`)

const limit = comparison.budgetSeconds * (1 + comparison.tolerance)
if (comparison.over) {
  console.error(`\ntalk:length: the estimate (${clock(comparison.estimateSeconds)}) exceeds the ${talk} min budget by more than ${comparison.tolerance * 100} % (limit ${clock(limit)}): cut notes or clicks, or move minutes between sections.`)
  process.exitCode = 1
}
else {
  console.log(`\nWithin budget: the estimate (${clock(comparison.estimateSeconds)}) may exceed ${talk} min by up to ${comparison.tolerance * 100} % (${clock(limit)}).`)
}
