// The recorded walk: from the first slide, "next" through every click of every slide once,
// writing down what every check needs, so no check walks the deck again for itself. At each
// click: what ran (transitions, animations), what the slide's styles declare, what sticks
// out of the canvas or is cut off, and a picture. At each slide's last click also: its
// title, its text, axe, the stage figures and a compact picture (the one baselines compare).
// Clicks are Slidev's own: the total its navigation reports on each slide.
import type { BuiltSlide, DeckPage, DeckProblem, Position } from './browser'
import type { StageReport } from './stage'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { repoPath, repoRoot } from '../paths'
import { label } from './browser'
import { stageLimits } from './stage'

export interface Motion { kind: string, properties: string[], slide: number, element: string }

export interface StepRecord extends Position {
  /** Transitions and animations that started since the previous step (see the inspector). */
  motion: Motion[]
  /** Transitions of other properties than opacity and transform that the slide's styles declare. */
  declared: string[]
  /** In print (see WalkOptions.print): what the slide's styles give a duration, per condition. */
  print?: string[]
  /** The picture of this step, relative to the record's folder ('' when not taken). */
  picture: string
}

export interface AxeFinding { rule: string, impact: string, target: string, html: string, summary: string, excusedBy?: number }

export interface SlideRecord extends BuiltSlide {
  /** Slidev's click count for the slide. */
  clicks: number
  /** The visible `<h1>` at the last click. */
  heading: string | null
  /** The slide's visible text at its last click, one line per block. */
  text: string
  stage: StageReport
  axe: AxeFinding[]
  unnamedSvgs: string[]
  /** Compact picture of the last click (`slides/slide-NN.png`), and the large one if asked. */
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

export interface AxeException { rule: string, selector: string, reason: string }

export const exceptionsFile = repoPath('tests', 'e2e', 'a11y-exceptions.json')
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
export const wcagTags = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
]
/** axe's AAA contrast rule (7:1, 4.5:1 for large text): the deck's bar for prose. */
export const proseContrastRule = 'color-contrast-enhanced'

/** The exceptions file: every entry names a rule, a selector and a reason of a sentence or more. */
export function loadExceptions(): AxeException[] {
  const raw = JSON.parse(readFileSync(exceptionsFile, 'utf8')) as Array<Partial<AxeException>>
  return raw.map((entry, index) => {
    if (typeof entry.rule !== 'string' || typeof entry.selector !== 'string' || (entry.reason ?? '').trim().length < 20)
      throw new Error(`${relative(repoRoot, exceptionsFile)}[${index}]: needs "rule", "selector" and a "reason" of a sentence or more`)
    return entry as AxeException
  })
}

/**
 * axe (WCAG 2.1 A/AA and the AAA contrast rule) on `scope`; each violating element an
 * exception covers is marked with its index.
 */
async function runAxe(deck: DeckPage, scope: { include: string[], exclude: string[] }, exceptions: AxeException[], which: 'all' | 'contrast'): Promise<{ findings: AxeFinding[], rules: string[] }> {
  // No named closures inside: tsx would wrap them in a helper the page does not have.
  return deck.page.evaluate(async ({ scope, exceptions, tags, prose, which }) => {
    const results = await (window as any).axe.run(scope, {
      runOnly: which === 'all'
        ? { type: 'tag', values: tags }
        : {
            type: 'rule',
            values: ['color-contrast', prose],
          },
      rules: {
        [prose]: { enabled: true },
      },
      resultTypes: ['violations'],
    })
    const findings: AxeFinding[] = []
    for (const violation of results.violations) {
      for (const node of violation.nodes) {
        const element = document.querySelector(node.target.join(' '))
        const excusedBy = exceptions.findIndex(exception => exception.rule === violation.id && !!element?.closest(exception.selector))
        const summary = (node.failureSummary || '').split('\n').slice(1).join(' ').trim().slice(0, 200) || violation.help
        findings.push({
          rule: violation.id,
          impact: node.impact ?? violation.impact ?? '',
          target: node.target.join(' '),
          html: node.html.replace(/\s+/g, ' ').slice(0, 140),
          summary,
          ...excusedBy >= 0
            ? { excusedBy }
            : {},
        })
      }
    }
    return {
      findings,
      rules: [
        'passes',
        'violations',
        'incomplete',
        'inapplicable',
      ].flatMap(kind => results[kind].map((rule: { id: string }) => rule.id)),
    }
  }, {
    scope,
    exceptions,
    tags: wcagTags,
    prose: proseContrastRule,
    which,
  })
}

interface InspectorIssue { kind: 'outside' | 'cut-off', element: string, text: string, by: Record<string, number> }

function issueToProblem(where: string, issue: InspectorIssue): DeckProblem {
  const amounts = Object.entries(issue.by).map(([side, px]) => `${side} ${px}px`).join(', ')
  return issue.kind === 'outside'
    ? { where, kind: 'outside the canvas', detail: `${issue.element} "${issue.text}" sticks out by ${amounts}` }
    : { where, kind: 'content cut off', detail: `${issue.element} "${issue.text}" hides ${amounts} of its content` }
}

/**
 * The first slide with the page around it (Slidev's controls, the same on every slide), then
 * each slide alone: Slidev keeps the slides it has preloaded mounted but hidden. Code blocks
 * are left to the contrast checks made for them, which take a fraction of axe's time on
 * their hundreds of tokens: every token of every theme at 4.5:1 on the code background
 * (tests/unit/code-contrast.test.ts), and every text on the final state, dimmed lines
 * included, after all opacities (the stage check).
 */
function axeScope(no: number): { include: string[], exclude: string[] } {
  return no === 1
    ? {
        include: ['body'],
        exclude: ['#slideshow [data-slidev-no]:not([data-slidev-no="1"])', '#slide-content [data-slidev-no="1"] pre'],
      }
    : {
        include: [`#slide-content [data-slidev-no="${no}"]`],
        exclude: [`#slide-content [data-slidev-no="${no}"] pre`],
      }
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

const pad = (no: number) => String(no).padStart(2, '0')

export interface WalkOptions {
  /** Where the record goes (emptied first). */
  dir: string
  colorScheme?: string
  /**
   * Run axe at each slide's last click: every WCAG 2.1 A/AA rule and the AAA contrast one,
   * or only the rules about colour (for a colour scheme whose markup another walk checks).
   */
  axe?: 'all' | 'contrast'
  /** Also a picture of each last click at this scale (the reading version's and the handout's). */
  largePictures?: number
  /** Pictures of every click, not only of each slide's last (the reduced-motion pass compares them). */
  everyClick?: boolean
  /**
   * Also at each click, in print as `slidev export` renders: with the `print` class Slidev's
   * print mode puts on <html> (a PNG export screenshots the screen with it) and under print
   * media (a PDF, or the browser's own printing), what the slide's styles give a duration.
   */
  print?: boolean
}

/**
 * Walks the deck open in `deck` (see the top of this file) and writes `record.json` and the
 * pictures into `options.dir`. Problems found on the way are in the record, not thrown: the
 * walk fails only when it cannot go on.
 */
export async function walkDeck(deck: DeckPage, url: string, options: WalkOptions): Promise<WalkRecord> {
  const started = performance.now()
  rmSync(options.dir, { recursive: true, force: true })
  mkdirSync(join(options.dir, 'steps'), { recursive: true })
  const { page } = deck
  const exceptions = options.axe
    ? loadExceptions()
    : []
  if (options.axe)
    await page.context().addInitScript({ path: axeSource })
  await deck.goto(1)
  // Every font face loaded up front: a face first used on a click swaps in when it arrives,
  // which is loading, not motion.
  await page.evaluate(() => Promise.all([...document.fonts].map(face => face.load())))
  const built = await deck.slides()
  const record: WalkRecord = {
    url,
    colorScheme: options.colorScheme ?? 'light',
    seconds: 0,
    doubleSteps: 0,
    slides: [],
    steps: [],
    problems: deck.problems,
    axeRules: [],
  }
  const rules = new Set<string>()
  const inspector = deck.call
  await inspector('takeMotion')

  let position = await deck.at()
  while (true) {
    const where = label(position)
    if (!await deck.settle(position.no))
      deck.problems.push({ where, kind: 'not settled', detail: 'still transitioning or not rendered after 10 s' })
    const last = position.clicks === position.total
    const picture = last || options.everyClick
      ? `steps/slide-${pad(position.no)}-click-${position.clicks}.png`
      : ''
    if (picture)
      writeFileSync(join(options.dir, picture), await deck.screenshot({ compact: last }))
    const inspection = await inspector<{ found: boolean, heading: string | null, issues: InspectorIssue[] }>('inspect', position.no)
    if (!inspection.found)
      deck.problems.push({ where, kind: 'page error', detail: `slide ${position.no} is not rendered in #slide-content` })
    deck.problems.push(...inspection.issues.map(issue => issueToProblem(where, issue)))
    record.steps.push({
      ...position,
      picture,
      motion: await inspector('takeMotion'),
      declared: await inspector('declaredMotion', position.no, false),
      print: options.print
        ? await printMotion(deck, position.no)
        : undefined,
    })

    if (last) {
      const slide = built[position.no - 1]!
      if (!inspection.heading)
        deck.problems.push({ where: `slide ${position.no}`, kind: 'no title', detail: 'no visible <h1> (a `#` heading) at its last click' })
      const axe = options.axe
        ? await runAxe(deck, axeScope(position.no), exceptions, options.axe)
        : { findings: [], rules: [] }
      axe.rules.forEach(rule => rules.add(rule))
      let largePicture: string | undefined
      if (options.largePictures) {
        largePicture = `pictures/slide-${pad(position.no)}.png`
        mkdirSync(join(options.dir, 'pictures'), { recursive: true })
        writeFileSync(join(options.dir, largePicture), await deck.screenshot({ scale: options.largePictures, compact: true }))
      }
      // innerText, not textContent: the text as laid out, one line per block, hidden parts left out.
      // eslint-disable-next-line unicorn/prefer-dom-node-text-content
      const text = await page.locator(`#slide-content [data-slidev-no="${position.no}"]`).innerText()
      record.slides.push({
        ...slide,
        file: slide.file && relative(repoRoot, slide.file),
        clicks: position.total,
        heading: inspection.heading,
        text: text.split('\n').map(line => line.trim()).filter(Boolean).join('\n'),
        stage: await inspector('stage', position.no, stageLimits().minContrast),
        axe: axe.findings,
        unnamedSvgs: await inspector('unnamedSvgs', position.no),
        picture,
        largePicture,
      })
    }

    const expected = last
      ? { no: position.no + 1, clicks: 0 }
      : { no: position.no, clicks: position.clicks + 1 }
    const landed = await deck.press()
    if (position.no === built.length && last) {
      if (landed.no !== position.no || landed.clicks !== position.clicks)
        deck.problems.push({ where, kind: 'navigation', detail: `"next" on the last click moved to ${label(landed)}` })
      break
    }
    if (landed.no !== expected.no || landed.clicks !== expected.clicks) {
      const twoSteps = landed.no === expected.no
        ? landed.clicks === expected.clicks + 1
        : landed.no === expected.no + 1 && landed.clicks === 0
      if (twoSteps)
        record.doubleSteps++
      else
        deck.problems.push({ where, kind: 'navigation', detail: `"next" went to ${label(landed)}, but Slidev counts ${position.total} clicks here, so ${label(expected)} was expected` })
      // Visit the expected state anyway, so every click is still checked.
      position = await deck.goto(expected.no, expected.clicks)
      continue
    }
    position = landed
  }
  record.axeRules = [...rules]
  record.seconds = (performance.now() - started) / 1000
  writeFileSync(join(options.dir, 'record.json'), `${JSON.stringify(record, null, 1)}\n`)
  return record
}

/** A record written by `walkDeck`. */
export function readWalk(dir: string): WalkRecord {
  return JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')) as WalkRecord
}

/** Where the test suite's walks write their records. */
export const walkDir = (colorScheme: string) => repoPath('test-results', 'walk', colorScheme)
