// npm run stage [-- --check] [--slides 3,7] [--shots DIR] [--verbose]: what the back of the room sees on every slide
// at its last click, at projector size (1920x1080): prose words, the smallest text, the
// smallest body text, the longest code block and every text whose contrast is too low.
// Thresholds and their reasons: `stage` in budget.json. Backup slides (`backup: true` in
// their frontmatter, after "Questions?") are printed but not held to them. `--shots DIR`
// writes each slide's last click as DIR/slide-NN.png at 1920x1080, to look at.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { cachedDeckBuild } from '../tests/e2e/helpers/deck-build'
import { openDeck, waitForSlideSettled } from '../tests/e2e/helpers/deck-page'
import { readOutline } from '../tests/e2e/helpers/walk'
import { launchChromium } from '../toolchain/chromium'
import { loadDeck } from '../toolchain/deck-source'
import { noDnsArg } from '../toolchain/network-guard'
import { repoPath } from '../toolchain/paths'
import { serveDist } from '../toolchain/serve'

interface Measured { px: number, text: string, element: string, role: string }
interface StageReport {
  found: boolean
  words: number
  prose: string
  smallest: Measured | null
  smallestBody: Measured | null
  codeBlocks: Array<{ lines: number, px: number, first: string }>
  lowContrast: Array<{ ratio: number, text: string, element: string }>
}

const limits = JSON.parse(readFileSync(repoPath('budget.json'), 'utf8')).stage as {
  medianWords: number
  maxWords: number
  minTextPx: number
  minBodyPx: number
  minCodePx: number
  maxCodeLines: number
  minContrast: number
}

const { values } = parseArgs({
  options: {
    check: { type: 'boolean' },
    slides: { type: 'string' },
    verbose: { type: 'boolean' },
    shots: { type: 'string' },
  },
})
const only = values.slides?.split(',').map(Number)

const deck = await loadDeck()
const build = await cachedDeckBuild()
const server = await serveDist(build.outDir)
const browser = await launchChromium({
  args: [noDnsArg],
})
const session = await openDeck(browser, server, { instantTransitions: true })
const outline = await readOutline(session, server)
const { page } = session
await page.setViewportSize({ width: 1920, height: 1080 })

const failures: string[] = []
const mainWords: number[] = []
let smallest = Infinity
let longest = 0
for (const slide of outline) {
  if (only && !only.includes(slide.no))
    continue
  const backup = !!deck[slide.no - 1]?.frontmatter.backup
  await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}${slide.clicks
    ? `?clicks=${slide.clicks}`
    : ''}`)
  await waitForSlideSettled(page, slide.no)
  if (values.shots) {
    mkdirSync(values.shots, { recursive: true })
    await page.screenshot({
      path: join(values.shots, `slide-${String(slide.no).padStart(2, '0')}.png`),
    })
  }
  const report = await page.evaluate(([no, min]) => (window as any).__deckInspector.stage(no, min) as StageReport, [slide.no, limits.minContrast] as const)
  const code = report.codeBlocks.reduce((a, b) => (b.lines > a.lines
    ? b
    : a), { lines: 0, px: Infinity, first: '' })
  const codePx = Math.min(...report.codeBlocks.map(block => block.px))
  const title = deck[slide.no - 1]?.title ?? ''
  process.stdout.write(`${String(slide.no).padStart(2)}${backup ? 'b' : ' '} ${String(report.words).padStart(3)} words  min ${report.smallest?.px ?? '-'}px  body ${report.smallestBody?.px ?? '-'}px  code ${code.lines} lines${Number.isFinite(codePx)
    ? ` ${codePx}px`
    : ''}  contrast<${limits.minContrast}: ${report.lowContrast.length}  ${title}\n`)
  if (values.verbose) {
    process.stdout.write(`      prose: ${report.prose}\n`)
    if (report.smallest)
      process.stdout.write(`      smallest: ${report.smallest.element} "${report.smallest.text}"\n`)
    for (const low of report.lowContrast)
      process.stdout.write(`      low contrast ${low.ratio}: ${low.element} "${low.text}"\n`)
  }
  if (backup)
    continue
  mainWords.push(report.words)
  smallest = Math.min(smallest, report.smallest?.px ?? Infinity)
  longest = Math.max(longest, code.lines)
  const where = `slide ${slide.no} "${title}"`
  if (report.words > limits.maxWords)
    failures.push(`${where}: ${report.words} words (at most ${limits.maxWords})`)
  if (report.smallest && report.smallest.px < limits.minTextPx)
    failures.push(`${where}: text at ${report.smallest.px}px (at least ${limits.minTextPx}): ${report.smallest.element} "${report.smallest.text}"`)
  if (report.smallestBody && report.smallestBody.px < limits.minBodyPx)
    failures.push(`${where}: body text at ${report.smallestBody.px}px (at least ${limits.minBodyPx}): ${report.smallestBody.element} "${report.smallestBody.text}"`)
  for (const block of report.codeBlocks) {
    if (block.lines > limits.maxCodeLines)
      failures.push(`${where}: a code block of ${block.lines} lines (at most ${limits.maxCodeLines}): "${block.first}"`)
    if (block.px < limits.minCodePx)
      failures.push(`${where}: code at ${block.px}px (at least ${limits.minCodePx}): "${block.first}"`)
  }
  for (const low of report.lowContrast)
    failures.push(`${where}: contrast ${low.ratio}:1 (at least ${limits.minContrast}): ${low.element} "${low.text}"`)
}
await session.close()
await browser.close()
await server.close()

const sorted = [...mainWords].sort((a, b) => a - b)
const median = sorted.length
  ? sorted[Math.floor((sorted.length - 1) / 2)]!
  : 0
process.stdout.write(`\n${mainWords.length} main slides: median ${median} words (at most ${limits.medianWords}), most ${sorted.at(-1) ?? 0} (at most ${limits.maxWords}); smallest text ${smallest}px; longest code block ${longest} lines\n`)
if (median > limits.medianWords)
  failures.push(`median ${median} words on a main slide (at most ${limits.medianWords})`)
if (failures.length)
  process.stdout.write(`\n${failures.length} problems:\n${failures.map(f => `  ${f}`).join('\n')}\n`)
if (values.check && failures.length)
  process.exitCode = 1
