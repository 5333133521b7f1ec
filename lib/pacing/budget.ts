import { parseTimeString } from '@slidev/parser/utils'

// The talk's time budget: `duration:` in the headmatter (Slidev's own field, the one its
// presenter timer reads) is the length of the talk, and `minutes: N` in the frontmatter of a
// slide starts a section with a budget of N minutes. Slides before the first such slide (the
// title slide) belong to the first section. Backup slides (`backup: true`, after the last
// slide of the talk) answer questions when asked: they belong to no section, and neither the
// length nor the pacing counts them. Pure functions: `npm run talk:length` reads the slides
// with Slidev's parser, the presenter view reads them from Slidev's routes.

/** What a budget needs to know about one slide. */
export interface BudgetSlide {
  /** 1-based position in the presentation. */
  no: number
  title: string
  frontmatter: Record<string, unknown>
  /** File the slide is written in (scripts only; the browser does not know it). */
  file?: string
}

export interface Section {
  /** 1-based position of the section. */
  index: number
  /** The title of the slide that carries `minutes:`. */
  title: string
  /** File of the slide that carries `minutes:`, when known. */
  file?: string
  minutes: number
  /** First and last slide of the section, 1-based, inclusive. */
  firstSlide: number
  lastSlide: number
  /** Planned start, in minutes from the start of the talk. */
  startMinute: number
}

export class BudgetError extends Error {
  constructor(readonly problems: string[]) {
    super(`The talk's time budget is not usable:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'BudgetError'
  }
}

function where(slide: BudgetSlide) {
  return `${slide.file
    ? `${slide.file}, `
    : ''}slide ${slide.no} "${slide.title}"`
}

/** A backup slide: shown only to answer a question, after the talk's last slide. */
export function isBackup(slide: Pick<BudgetSlide, 'frontmatter'>): boolean {
  return slide.frontmatter.backup === true
}

/** The slides of the talk itself, in order: every slide that is not a backup. */
export function mainSlides<T extends Pick<BudgetSlide, 'frontmatter'>>(slides: readonly T[]): T[] {
  return slides.filter(slide => !isBackup(slide))
}

/** A section budget: a positive number of minutes, or a sentence saying what is wrong. */
export function readMinutes(value: unknown): number | string {
  if (typeof value !== 'number')
    return `minutes: must be a plain number of minutes, got ${JSON.stringify(value) ?? String(value)}`
  if (!Number.isFinite(value) || value <= 0)
    return `minutes: must be a positive number of minutes, got ${value}`
  return value
}

/**
 * The talk's length in minutes from the headmatter's `duration:` as Slidev reads it
 * (`40min`, `35m`, `0:40:00`). A bare number means seconds to Slidev, so it is refused.
 */
export function talkMinutes(duration: unknown): number {
  if (duration === undefined || duration === null || duration === '')
    throw new BudgetError(['slides.md: the headmatter has no `duration:` (the talk\'s length, e.g. `duration: 40min`)'])
  if (typeof duration === 'number')
    throw new BudgetError([`slides.md: \`duration: ${duration}\` means ${duration} seconds to Slidev; write the unit, e.g. \`duration: ${duration}min\``])
  if (typeof duration !== 'string')
    throw new BudgetError([`slides.md: \`duration:\` must be a time such as 40min, got ${JSON.stringify(duration)}`])
  let seconds: number
  try {
    seconds = parseTimeString(duration).seconds
  }
  catch {
    seconds = Number.NaN
  }
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new BudgetError([`slides.md: \`duration: ${duration}\` is not a time Slidev understands (e.g. 40min)`])
  return seconds / 60
}

/**
 * Splits the talk's slides into budgeted sections; backup slides are left out. Throws a
 * BudgetError listing every problem.
 */
export function sectionsOf(allSlides: BudgetSlide[]): Section[] {
  const problems: string[] = []
  const sections: Section[] = []
  const slides = mainSlides(allSlides)
  for (const slide of allSlides.filter(isBackup)) {
    if ('minutes' in slide.frontmatter)
      problems.push(`${where(slide)}: a backup slide has no \`minutes:\` (the talk's length leaves backups out)`)
  }
  for (const slide of slides) {
    if (!('minutes' in slide.frontmatter))
      continue
    const minutes = readMinutes(slide.frontmatter.minutes)
    if (typeof minutes === 'string') {
      problems.push(`${where(slide)}: ${minutes}`)
      continue
    }
    const previous = sections.at(-1)
    if (previous)
      previous.lastSlide = slide.no - 1
    sections.push({
      index: sections.length + 1,
      title: slide.title,
      file: slide.file,
      minutes,
      firstSlide: sections.length
        ? slide.no
        : (slides[0]?.no ?? slide.no),
      lastSlide: slide.no,
      startMinute: previous
        ? previous.startMinute + previous.minutes
        : 0,
    })
  }
  if (!sections.length && !problems.length)
    problems.push('no slide has a `minutes:` budget (put `minutes: N` in the frontmatter of the first slide of each section)')
  if (problems.length)
    throw new BudgetError(problems)
  sections.at(-1)!.lastSlide = slides.at(-1)!.no
  return sections
}

/**
 * The checks only the source can make: every section file (`pages/*.md`) starts with a
 * budgeted slide (a file of backups only is no section); no other slide carries one; backups
 * come after the talk's last slide; and the budgets add up to the talk's length. Returns
 * problems as sentences (empty when all is well).
 */
export function checkBudgetLayout(allSlides: BudgetSlide[], sections: Section[], talk: number, sectionFile: (file: string) => boolean): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  const lastMain = mainSlides(allSlides).at(-1)?.no ?? 0
  for (const slide of allSlides.filter(s => isBackup(s) && s.no < lastMain))
    problems.push(`${where(slide)}: a backup slide comes before the talk's last slide (backups go after it, e.g. after "Questions?")`)
  const slides = mainSlides(allSlides)
  for (const slide of slides) {
    const file = slide.file ?? ''
    const first = !seen.has(file)
    seen.add(file)
    const budgeted = 'minutes' in slide.frontmatter
    if (first && sectionFile(file) && !budgeted)
      problems.push(`${file}: its first slide ("${slide.title}") has no \`minutes:\` line (the section's budget in minutes)`)
    if (budgeted && !(first && sectionFile(file)))
      problems.push(`${where(slide)}: \`minutes:\` belongs only in the first slide of a section file`)
  }
  const sum = sections.reduce((total, s) => total + s.minutes, 0)
  if (Math.abs(sum - talk) > 1e-9)
    problems.push(`the section budgets add up to ${sum} min, but the headmatter's duration is ${talk} min`)
  return problems
}

/** The section a slide belongs to. */
export function sectionAt(sections: Section[], slideNo: number): Section | undefined {
  return sections.find(s => slideNo >= s.firstSlide && slideNo <= s.lastSlide)
}

export interface Pacing {
  section: Section
  /** Where the plan says the speaker should be when this slide starts, in minutes. */
  plannedMinute: number
  elapsedMinute: number
  /** Elapsed minus planned, in whole minutes: positive is behind, negative ahead. */
  lateMinutes: number
  /** "on time", "ahead by 2 min", "behind by 3 min". */
  verdict: string
}

/**
 * Where the speaker stands: the plan spreads each section's budget evenly over its slides,
 * so a slide's planned start is its section's start plus its share of the budget.
 */
export function pacingAt(sections: Section[], slideNo: number, elapsedSeconds: number): Pacing | undefined {
  const section = sectionAt(sections, slideNo)
  if (!section)
    return undefined
  const count = section.lastSlide - section.firstSlide + 1
  const plannedMinute = section.startMinute + section.minutes * (slideNo - section.firstSlide) / count
  const elapsedMinute = elapsedSeconds / 60
  const lateMinutes = Math.round(elapsedMinute - plannedMinute)
  const verdict = lateMinutes === 0
    ? 'on time'
    : lateMinutes > 0
      ? `behind by ${lateMinutes} min`
      : `ahead by ${-lateMinutes} min`
  return {
    section,
    plannedMinute,
    elapsedMinute,
    lateMinutes,
    verdict,
  }
}

/** Slidev's shared timer state (`sharedState.timer`), the part the elapsed time needs. */
export interface TimerState {
  status: 'stopped' | 'running' | 'paused'
  startedAt: number
  pausedAt: number
}

/** Seconds on Slidev's presenter timer, computed as its `useTimer` does. */
export function timerSeconds(timer: TimerState | undefined, now: number): number {
  if (!timer || timer.status === 'stopped' || !timer.startedAt)
    return 0
  const end = timer.status === 'paused'
    ? timer.pausedAt
    : now
  return Math.max(0, end - timer.startedAt) / 1000
}

/** 754.2 s → "12:34"; minutes → "m:ss". */
export function clock(seconds: number): string {
  const whole = Math.round(Math.abs(seconds))
  return `${seconds < 0
    ? '-'
    : ''}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`
}

export interface SectionEstimate {
  section: Section
  /** Estimated speaking time of the section's slides. */
  estimateSeconds: number
  /** Estimate minus budget: positive means the section runs long. */
  differenceSeconds: number
}

export interface BudgetComparison {
  sections: SectionEstimate[]
  budgetSeconds: number
  estimateSeconds: number
  /** How far the estimate may exceed the budget before the check fails (0.1 = 10 %). */
  tolerance: number
  /** The estimate exceeds the whole budget by more than the tolerance. */
  over: boolean
}

/** Budgets against estimates (seconds per slide number), section by section and in total. */
export function compareWithEstimates(sections: Section[], estimateOf: (slideNo: number) => number, tolerance = 0.1): BudgetComparison {
  const rows = sections.map((section) => {
    let estimateSeconds = 0
    for (let no = section.firstSlide; no <= section.lastSlide; no++)
      estimateSeconds += estimateOf(no)
    return { section, estimateSeconds, differenceSeconds: estimateSeconds - section.minutes * 60 }
  })
  const budgetSeconds = sections.reduce((sum, s) => sum + s.minutes * 60, 0)
  const estimateSeconds = rows.reduce((sum, r) => sum + r.estimateSeconds, 0)
  return {
    sections: rows,
    budgetSeconds,
    estimateSeconds,
    tolerance,
    over: estimateSeconds > budgetSeconds * (1 + tolerance),
  }
}
