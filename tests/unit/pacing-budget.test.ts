import type { BudgetSlide } from '../../lib/pacing/budget'
import { describe, expect, it } from 'vitest'
import { BudgetError, checkBudgetLayout, clock, compareWithEstimates, mainSlides, pacingAt, sectionAt, sectionsOf, talkMinutes, timerSeconds } from '../../lib/pacing/budget'
import { loadDeck } from '../../toolchain/deck-source'

// The talk's time budget: sections from `minutes:`, the checks `npm run talk:length` makes,
// and the pacing the presenter view shows.

function slide(no: number, file: string, frontmatter: Record<string, unknown> = {}): BudgetSlide {
  return {
    no,
    file,
    title: `Slide ${no}`,
    frontmatter,
  }
}

// A title slide in slides.md, then two section files of two slides each.
const deck = [
  slide(1, 'slides.md', { duration: '10min' }),
  slide(2, 'pages/01-a.md', { minutes: 4 }),
  slide(3, 'pages/01-a.md'),
  slide(4, 'pages/02-b.md', { minutes: 6 }),
  slide(5, 'pages/02-b.md'),
]
const isSection = (file: string) => file.startsWith('pages/')

function problemsOf(run: () => unknown): string[] {
  try {
    run()
  }
  catch (error) {
    if (error instanceof BudgetError)
      return error.problems
    throw error
  }
  return []
}

describe('backup slides', () => {
  // The deck above, then a Questions slide and two backups after it.
  const withBackups = [
    ...deck,
    slide(6, 'pages/02-b.md'),
    slide(7, 'pages/03-backup.md', { backup: true }),
    slide(8, 'pages/03-backup.md', { backup: true }),
  ]

  it('belong to no section: the last section ends at the talk\'s last slide', () => {
    const sections = sectionsOf(withBackups)
    expect(sections.map(s => [s.firstSlide, s.lastSlide])).toEqual([
      [1, 3],
      [4, 6],
    ])
    expect(sectionAt(sections, 7)).toBeUndefined()
    expect(pacingAt(sections, 8, 600)).toBeUndefined()
    expect(checkBudgetLayout(withBackups, sections, 10, isSection)).toEqual([])
    expect(mainSlides(withBackups).map(s => s.no)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('are not counted in the talk\'s length', () => {
    const sections = sectionsOf(withBackups)
    const comparison = compareWithEstimates(sections, no => no >= 7
      ? 3600
      : 60)
    expect(comparison.estimateSeconds).toBe(6 * 60)
  })

  it('must come after the talk, and carry no budget', () => {
    const early = withBackups.map(s => s.no === 5
      ? {
          ...s,
          frontmatter: { backup: true },
        }
      : s)
    expect(checkBudgetLayout(early, sectionsOf(early), 10, isSection)).toEqual([
      'pages/02-b.md, slide 5 "Slide 5": a backup slide comes before the talk\'s last slide (backups go after it, e.g. after "Questions?")',
    ])
    const budgeted = withBackups.map(s => s.no === 7
      ? {
          ...s,
          frontmatter: { backup: true, minutes: 2 },
        }
      : s)
    expect(problemsOf(() => sectionsOf(budgeted))).toEqual([
      'pages/03-backup.md, slide 7 "Slide 7": a backup slide has no `minutes:` (the talk\'s length leaves backups out)',
    ])
  })
})

describe('sections', () => {
  it('start at each `minutes:` slide; the title slide joins the first section', () => {
    const sections = sectionsOf(deck)
    expect(sections.map(s => [
      s.file,
      s.firstSlide,
      s.lastSlide,
      s.minutes,
      s.startMinute,
    ])).toEqual([
      ['pages/01-a.md', 1, 3, 4, 0],
      ['pages/02-b.md', 4, 5, 6, 4],
    ])
    expect(checkBudgetLayout(deck, sections, 10, isSection)).toEqual([])
  })

  it('refuse a budget that is not a positive number, naming the slide', () => {
    for (const bad of [
      'five',
      '5min',
      Number.NaN,
      0,
      -2,
      null,
    ]) {
      const broken = deck.map(s => s.no === 4
        ? {
            ...s,
            frontmatter: { minutes: bad },
          }
        : s)
      const problems = problemsOf(() => sectionsOf(broken))
      expect(problems, String(bad)).toHaveLength(1)
      expect(problems[0]).toMatch(/^pages\/02-b\.md, slide 4 "Slide 4": minutes: must be a (plain|positive) number of minutes/)
    }
  })

  it('refuse a deck with no budget at all', () => {
    expect(problemsOf(() => sectionsOf(deck.map(s => ({ ...s, frontmatter: {} }))))[0]).toMatch(/no slide has a `minutes:` budget/)
  })

  it('report a section file without a budget, a budget in the middle of a file, and a wrong sum', () => {
    const moved = deck.map(s => s.no === 4
      ? { ...s, frontmatter: {} }
      : s.no === 5
        ? {
            ...s,
            frontmatter: { minutes: 5 },
          }
        : s)
    const problems = checkBudgetLayout(moved, sectionsOf(moved), 10, isSection)
    expect(problems).toEqual([
      'pages/02-b.md: its first slide ("Slide 4") has no `minutes:` line (the section\'s budget in minutes)',
      'pages/02-b.md, slide 5 "Slide 5": `minutes:` belongs only in the first slide of a section file',
      'the section budgets add up to 9 min, but the headmatter\'s duration is 10 min',
    ])
  })
})

describe('the talk\'s length', () => {
  it('reads Slidev\'s duration strings', () => {
    expect(talkMinutes('40min')).toBe(40)
    expect(talkMinutes('35m')).toBe(35)
    expect(talkMinutes('0:38:00')).toBe(38)
  })

  it('refuses a missing duration, a bare number (seconds to Slidev) and nonsense', () => {
    expect(problemsOf(() => talkMinutes(undefined))[0]).toMatch(/no `duration:`/)
    expect(problemsOf(() => talkMinutes(40))[0]).toMatch(/means 40 seconds to Slidev; write the unit/)
    expect(problemsOf(() => talkMinutes('soon'))[0]).toMatch(/not a time Slidev understands/)
  })
})

describe('budgets against estimates', () => {
  const sections = sectionsOf(deck)

  it('adds each section\'s slides and fails only beyond the tolerance', () => {
    const within = compareWithEstimates(sections, () => 130) // 5 slides: 650 s of a 600 s budget
    expect(within.sections.map(s => [s.estimateSeconds, s.differenceSeconds])).toEqual([
      [390, 150],
      [260, -100],
    ])
    expect(within.over).toBe(false)
    expect(compareWithEstimates(sections, () => 133).over).toBe(true) // 665 s > 660 s
  })
})

describe('pacing', () => {
  const sections = sectionsOf(deck)

  it('plans each slide at its share of the section budget', () => {
    // Section 1 has 3 slides over 4 min; section 2 starts at minute 4.
    expect(pacingAt(sections, 1, 0)!.plannedMinute).toBe(0)
    expect(pacingAt(sections, 3, 0)!.plannedMinute).toBeCloseTo(8 / 3)
    expect(pacingAt(sections, 4, 0)!.plannedMinute).toBe(4)
    expect(pacingAt(sections, 5, 0)!.plannedMinute).toBe(7)
    expect(pacingAt(sections, 6, 0)).toBeUndefined()
  })

  it('says ahead, behind or on time in whole minutes', () => {
    expect(pacingAt(sections, 4, 4 * 60 + 20)!.verdict).toBe('on time')
    expect(pacingAt(sections, 4, 7 * 60)!.verdict).toBe('behind by 3 min')
    expect(pacingAt(sections, 5, 5 * 60)).toMatchObject({ lateMinutes: -2, verdict: 'ahead by 2 min' })
    expect(pacingAt(sections, 5, 0)!.section.title).toBe('Slide 4')
  })

  it('reads Slidev\'s timer state as its useTimer does', () => {
    expect(timerSeconds({ status: 'stopped', startedAt: 0, pausedAt: 0 }, 5000)).toBe(0)
    expect(timerSeconds({ status: 'running', startedAt: 1000, pausedAt: 0 }, 61_000)).toBe(60)
    expect(timerSeconds({ status: 'paused', startedAt: 1000, pausedAt: 31_000 }, 99_000)).toBe(30)
    expect(clock(754.2)).toBe('12:34')
  })
})

describe('the deck\'s own budget', async () => {
  const slides = await loadDeck()

  it('has a budget in every section file, adding up to the headmatter\'s duration', () => {
    const talk = talkMinutes(slides[0]!.frontmatter.duration)
    expect(talk).toBeGreaterThanOrEqual(35)
    expect(talk).toBeLessThanOrEqual(40)
    expect(checkBudgetLayout(slides, sectionsOf(slides), talk, isSection)).toEqual([])
  })
})
