// What the back of the room sees on each slide at its last click (measured in the page by
// the inspector's `stage()`, at projector size), against the `stage` thresholds in
// budget.json. Backup slides (`backup: true` in their frontmatter, after "Questions?") are
// listed but not held to them. Shared by the suite's check and `npm run stage`.
import type { SlideRecord } from './walk'
import { median } from '../../lib/shared/stats'
import { loadBudget } from '../budget'

interface Measured { px: number, text: string, element: string, role: string }

export interface StageReport {
  found: boolean
  words: number
  prose: string
  smallest: Measured | null
  smallestBody: Measured | null
  codeBlocks: Array<{ lines: number, px: number, first: string }>
  lowContrast: Array<{ ratio: number, text: string, element: string }>
}

export interface StageLimits { medianWords: number, maxWords: number, minTextPx: number, minBodyPx: number, minCodePx: number, maxCodeLines: number, minContrast: number }

/**
 * One row per slide (as `npm run stage` prints it), every threshold a main slide breaks
 * (naming the slide and the figure), and a summary of the main slides.
 */
export function judgeStage(slides: SlideRecord[], verbose = false): { rows: string[], failures: string[], summary: string } {
  const limits = loadBudget().stage
  const rows: string[] = []
  const failures: string[] = []
  const words: number[] = []
  let smallest = Infinity
  let longest = 0
  for (const { no, title, frontmatter, stage } of slides) {
    const backup = frontmatter.backup === true
    // The longest block (the first of equals).
    const code = [...stage.codeBlocks].sort((a, b) => b.lines - a.lines)[0] ?? { lines: 0 }
    const codePx = Math.min(...stage.codeBlocks.map(block => block.px))
    rows.push(`${String(no).padStart(2)}${backup ? 'b' : ' '} ${String(stage.words).padStart(3)} words  min ${stage.smallest?.px ?? '-'}px  body ${stage.smallestBody?.px ?? '-'}px  code ${code.lines} lines${Number.isFinite(codePx)
      ? ` ${codePx}px`
      : ''}  contrast<${limits.minContrast}: ${stage.lowContrast.length}  ${title}`)
    if (verbose) {
      rows.push(`      prose: ${stage.prose}`)
      if (stage.smallest)
        rows.push(`      smallest: ${stage.smallest.element} "${stage.smallest.text}"`)
      rows.push(...stage.lowContrast.map(low => `      low contrast ${low.ratio}: ${low.element} "${low.text}"`))
    }
    if (backup)
      continue
    words.push(stage.words)
    smallest = Math.min(smallest, stage.smallest?.px ?? Infinity)
    longest = Math.max(longest, code.lines)
    const where = `slide ${no} "${title}"`
    if (stage.words > limits.maxWords)
      failures.push(`${where}: ${stage.words} words (at most ${limits.maxWords})`)
    if (stage.smallest && stage.smallest.px < limits.minTextPx)
      failures.push(`${where}: text at ${stage.smallest.px}px (at least ${limits.minTextPx}): ${stage.smallest.element} "${stage.smallest.text}"`)
    if (stage.smallestBody && stage.smallestBody.px < limits.minBodyPx)
      failures.push(`${where}: body text at ${stage.smallestBody.px}px (at least ${limits.minBodyPx}): ${stage.smallestBody.element} "${stage.smallestBody.text}"`)
    for (const block of stage.codeBlocks) {
      if (block.lines > limits.maxCodeLines)
        failures.push(`${where}: a code block of ${block.lines} lines (at most ${limits.maxCodeLines}): "${block.first}"`)
      if (block.px < limits.minCodePx)
        failures.push(`${where}: code at ${block.px}px (at least ${limits.minCodePx}): "${block.first}"`)
    }
    failures.push(...stage.lowContrast.map(low => `${where}: contrast ${low.ratio}:1 (at least ${limits.minContrast}): ${low.element} "${low.text}"`))
  }
  const middle = words.length
    ? median(words)
    : 0
  if (middle > limits.medianWords)
    failures.unshift(`median ${middle} words on a main slide (at most ${limits.medianWords})`)
  const summary = `${words.length} main slides (${slides.length - words.length} backup): median ${middle} words (at most ${limits.medianWords}), most ${Math.max(0, ...words)} (at most ${limits.maxWords}); smallest text ${smallest}px; longest code block ${longest} lines`
  return { rows, failures, summary }
}
