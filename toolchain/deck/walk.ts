// The recorded walk: from the first slide, "next" through every click of every slide once,
// writing down what every check needs, so no check walks the deck again for itself. At each
// click: what ran, what the slide's styles declare, what sticks out or is cut off, a picture.
// At each slide's last click also: its title, its text, axe, the stage figures and the
// compact picture the baselines compare. Clicks are Slidev's own, as its navigation counts them.
import type { BuiltSlide, DeckPage, DeckProblem, Position } from './browser'
import type { StageReport } from './stage'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { z } from 'zod'
import { checkWith } from '../../lib/shared/checked'
import { loadBudget } from '../budget'
import { repoPath, repoRoot } from '../paths'
import { label } from './browser'

export interface Motion { kind: string, properties: string[], slide: number, element: string }

export interface StepRecord extends Position {
  /** Transitions and animations that started since the previous step. */
  motion: Motion[]
  /** Transitions of properties other than opacity and transform that the slide's styles declare. */
  declared: string[]
  /** With WalkOptions.print: what the slide's styles give a duration in print. */
  print?: string[]
  /** Relative to the record's folder; '' when not taken. */
  picture: string
}

export interface AxeFinding { rule: string, impact: string, target: string, html: string, summary: string, excusedBy?: number }

export interface SlideRecord extends BuiltSlide {
  clicks: number
  /** The visible text at the last click, one line per block. */
  text: string
  stage: StageReport
  axe: AxeFinding[]
  unnamedSvgs: string[]
  /** The last click's compact picture, and the large one when asked for. */
  picture: string
  largePicture?: string
}

export interface WalkRecord {
  url: string
  colorScheme: string
  seconds: number
  /** Presses that moved two steps because the loaded machine let the key auto-repeat. */
  doubleSteps: number
  slides: SlideRecord[]
  steps: StepRecord[]
  problems: DeckProblem[]
  /** Every axe rule that ran on some slide (passed, failed or undecided). */
  axeRules: string[]
}

export const exceptionsFile = repoPath('tests', 'e2e', 'a11y-exceptions.json')
const exceptionsSchema = z.array(z.object({
  rule: z.string(),
  selector: z.string(),
  reason: z.string().trim().min(20, 'needs a reason of a sentence or more'),
}))
export type AxeException = z.infer<typeof exceptionsSchema>[number]
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
export const wcagTags = 'wcag2a wcag2aa wcag21a wcag21aa'.split(' ')
/** axe's AAA contrast rule (7:1, 4.5:1 for large text): the deck's bar for prose. */
export const proseContrastRule = 'color-contrast-enhanced'

export function loadExceptions(): AxeException[] {
  const checked = checkWith(exceptionsSchema, JSON.parse(readFileSync(exceptionsFile, 'utf8')), relative(repoRoot, exceptionsFile))
  if (!checked.ok)
    throw new Error(`every entry needs a "rule", a "selector" and a "reason":\n${checked.issues.join('\n')}`)
  return checked.value
}

/**
 * The first slide with the page around it (Slidev's controls, the same on every slide), then
 * each slide alone: Slidev keeps the slides it has preloaded mounted but hidden. Code blocks
 * are left to the contrast checks made for them, which take a fraction of axe's time on their
 * hundreds of tokens: every token of every theme at 4.5:1 (tests/unit/code-contrast.test.ts),
 * and every text after all opacities, dimmed lines included (the stage check).
 */
function axeScope(no: number): { include: string[], exclude: string[] } {
  const slide = `#slide-content [data-slidev-no="${no}"]`
  if (no === 1) {
    return {
      include: ['body'],
      exclude: ['#slideshow [data-slidev-no]:not([data-slidev-no="1"])', `${slide} pre`],
    }
  }
  return {
    include: [slide],
    exclude: [`${slide} pre`],
  }
}

/**
 * axe at the slide's last click: every WCAG 2.1 A/AA rule and the AAA contrast one, or only
 * the contrast rules; each violating element an exception covers is marked with its index.
 */
async function runAxe(deck: DeckPage, no: number, exceptions: AxeException[], which: 'all' | 'contrast') {
  const runOnly = which === 'all'
    ? { type: 'tag', values: wcagTags }
    : {
        type: 'rule',
        values: ['color-contrast', proseContrastRule],
      }
  // No named closures inside: tsx would wrap them in a helper the page does not have.
  return deck.page.evaluate(async ({ scope, exceptions, options }) => {
    const results = await (window as any).axe.run(scope, options)
    const findings: AxeFinding[] = results.violations.flatMap((violation: any) => violation.nodes.map((node: any) => {
      const element = document.querySelector(node.target.join(' '))
      const excusedBy = exceptions.findIndex(exception => exception.rule === violation.id && !!element?.closest(exception.selector))
      return {
        rule: violation.id,
        impact: node.impact ?? violation.impact ?? '',
        target: node.target.join(' '),
        html: node.html.replace(/\s+/g, ' ').slice(0, 140),
        summary: (node.failureSummary || '').split('\n').slice(1).join(' ').trim().slice(0, 200) || violation.help,
        ...(excusedBy >= 0 && { excusedBy }),
      }
    }))
    const rules: string[] = 'passes violations incomplete inapplicable'.split(' ').flatMap(kind => results[kind].map((rule: { id: string }) => rule.id))
    return { findings, rules }
  }, {
    scope: axeScope(no),
    exceptions,
    options: {
      runOnly,
      rules: {
        [proseContrastRule]: { enabled: true },
      },
      resultTypes: ['violations'],
    },
  })
}

/** See WalkOptions.print; the page is back on screen without the class afterwards. */
async function printMotion(deck: DeckPage, no: number): Promise<string[]> {
  const printClass = (on: boolean) => deck.page.evaluate(on => document.documentElement.classList.toggle('print', on), on)
  await printClass(true)
  const found = (await deck.call<string[]>('declaredMotion', no, true)).map(what => `html.print: ${what}`)
  await printClass(false)
  await deck.page.emulateMedia({ media: 'print' })
  found.push(...(await deck.call<string[]>('declaredMotion', no, true)).map(what => `@media print: ${what}`))
  await deck.page.emulateMedia({ media: 'screen' })
  return found
}

export const pad = (no: number) => String(no).padStart(2, '0')

export interface WalkOptions {
  /** Where the record goes (emptied first). */
  dir: string
  colorScheme?: string
  /** axe at each slide's last click: all its WCAG rules, or only the contrast ones (for a colour scheme whose markup another walk checks). */
  axe?: 'all' | 'contrast'
  /** Also a picture of each last click at this scale (the reading version's and the handout's). */
  largePictures?: number
  /** Pictures of every click, not only of each slide's last (the reduced-motion pass compares them). */
  everyClick?: boolean
  /**
   * Also at each click, in print as `slidev export` renders: with the `print` class Slidev's
   * print mode puts on <html> (a PNG export) and under print media (a PDF), what the slide's
   * styles give a duration.
   */
  print?: boolean
}

/**
 * Walks the deck open in `deck` and writes `record.json` and the pictures into `options.dir`.
 * Problems found on the way are in the record, not thrown: it fails only when it cannot go on.
 */
export async function walkDeck(deck: DeckPage, url: string, options: WalkOptions): Promise<WalkRecord> {
  const started = performance.now()
  rmSync(options.dir, { recursive: true, force: true })
  mkdirSync(join(options.dir, 'steps'), { recursive: true })
  mkdirSync(join(options.dir, 'pictures'), { recursive: true })
  const { page, problems, call } = deck
  const exceptions = options.axe
    ? loadExceptions()
    : []
  if (options.axe)
    await page.context().addInitScript({ path: axeSource })
  await deck.goto(1)
  // Every font face loaded up front: a face first used on a click swaps in when it arrives,
  // which is loading, not motion.
  await page.evaluate(() => Promise.all(Array.from(document.fonts, face => face.load())))
  const built = await deck.slides()
  const record: WalkRecord = {
    url,
    colorScheme: options.colorScheme ?? 'light',
    seconds: 0,
    doubleSteps: 0,
    slides: [],
    steps: [],
    problems,
    axeRules: [],
  }
  const rules = new Set<string>()
  const { minContrast } = loadBudget().stage
  await call('takeMotion')

  let position = await deck.at()
  while (true) {
    const { no, clicks, total } = position
    const where = label(position)
    const last = clicks === total
    const picture = (last || options.everyClick)
      ? `steps/slide-${pad(no)}-click-${clicks}.png`
      : ''
    if (picture)
      writeFileSync(join(options.dir, picture), await deck.screenshot({ compact: last }))
    const inspection = await call<{ found: boolean, heading: string | null, problems: Array<Omit<DeckProblem, 'where'>> }>('inspect', no)
    if (!inspection.found)
      problems.push({ where, kind: 'page error', detail: `slide ${no} is not rendered in #slide-content` })
    problems.push(...inspection.problems.map(problem => ({ where, ...problem })))
    record.steps.push({
      ...position,
      picture,
      motion: await call('takeMotion'),
      declared: await call('declaredMotion', no, false),
      print: options.print
        ? await printMotion(deck, no)
        : undefined,
    })

    if (last) {
      const slide = built[no - 1]!
      if (!inspection.heading)
        problems.push({ where: `slide ${no}`, kind: 'no title', detail: 'no visible <h1> (a `#` heading) at its last click' })
      const axe = options.axe
        ? await runAxe(deck, no, exceptions, options.axe)
        : { findings: [], rules: [] }
      axe.rules.forEach(rule => rules.add(rule))
      const largePicture = options.largePictures
        ? `pictures/slide-${pad(no)}.png`
        : undefined
      if (largePicture)
        writeFileSync(join(options.dir, largePicture), await deck.screenshot({ scale: options.largePictures, compact: true }))
      // innerText, not textContent: the text as laid out, one line per block, hidden parts left out.
      // eslint-disable-next-line unicorn/prefer-dom-node-text-content
      const text = await page.locator(`#slide-content [data-slidev-no="${no}"]`).innerText()
      record.slides.push({
        ...slide,
        clicks: total,
        text: text.split('\n').map(line => line.trim()).filter(Boolean).join('\n'),
        stage: await call('stage', no, minContrast),
        axe: axe.findings,
        unnamedSvgs: await call('unnamedSvgs', no),
        picture,
        largePicture,
      })
    }

    const expected = last
      ? { no: no + 1, clicks: 0 }
      : { no, clicks: clicks + 1 }
    const landed = await deck.press()
    if (no === built.length && last) {
      if (landed.no !== no || landed.clicks !== clicks)
        problems.push({ where, kind: 'navigation', detail: `"next" on the last click moved to ${label(landed)}` })
      break
    }
    if (landed.no === expected.no && landed.clicks === expected.clicks) {
      // `goto` settles the states it reaches; a press does not.
      await deck.settle(landed.no)
      position = landed
      continue
    }
    // One step too far, on the same slide or onto the next one: the key repeated.
    const twoSteps = landed.no === expected.no
      ? landed.clicks === expected.clicks + 1
      : landed.no === expected.no + 1 && landed.clicks === 0
    if (twoSteps)
      record.doubleSteps++
    else
      problems.push({ where, kind: 'navigation', detail: `"next" went to ${label(landed)}, but Slidev counts ${total} clicks here, so ${label(expected)} was expected` })
    // Visit the expected state anyway, so every click is still checked.
    position = await deck.goto(expected.no, expected.clicks)
  }
  record.axeRules = [...rules]
  record.seconds = (performance.now() - started) / 1000
  writeFileSync(join(options.dir, 'record.json'), `${JSON.stringify(record, null, 1)}\n`)
  return record
}

export const readWalk = (dir: string): WalkRecord => JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8'))

export const walkDir = (colorScheme: string) => repoPath('test-results', 'walk', colorScheme)
