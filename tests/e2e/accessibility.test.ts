// Every slide at its last click, light and dark: axe-core (WCAG 2.1 A/AA, with the one
// exceptions file), prose contrast at 7:1 (axe's AAA contrast rule, code left to the unit
// test's 4.5:1), and the committed screenshot baselines. One build, one Chromium.
import type { AxeFinding } from './helpers/axe'
import type { Scheme } from './helpers/baselines'
import type { DeckProblem } from './helpers/deck-page'
import type { SlideOutline } from './helpers/walk'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { repoPath } from '../../toolchain/paths'
import { exceptionsFile, loadExceptions, proseContrastRule, runAxe } from './helpers/axe'
import { baselineFiles, baselineName, checkAgainstBaseline, openComparer, resetBaselines, resetFailures, updatingBaselines } from './helpers/baselines'
import { openDeck, waitForSlideSettled } from './helpers/deck-page'
import { shared, useServedDeck } from './helpers/served-deck'
import { readOutline, screenshotCanvas } from './helpers/walk'

const deck = useServedDeck({ base: '/' })
const exceptions = loadExceptions()
const schemes: Scheme[] = ['light', 'dark']
/** Every finding of the last run, as JSON, for a person to read. */
const findingsDir = repoPath('test-results', 'a11y')

// Code blocks are held to 4.5:1 token by token (tests/unit/code-contrast.test.ts); lines
// Slidev dims until their click are meant to fade.
const notProse = ['pre.slidev-code', '.slidev-code-dishonored']

interface SchemeResult {
  slides: number
  violations: Array<AxeFinding & { where: string }>
  excused: Array<AxeFinding & { where: string }>
  lowProse: Array<AxeFinding & { where: string }>
  baselineProblems: string[]
  ranRules: Set<string>
  unnamedSvgs: string[]
  seconds: number
  axeSeconds: number
}

function listFindings(findings: Array<AxeFinding & { where: string }>): string {
  return findings.map(f => `  ${f.where}: ${f.rule} (${f.impact}) ${f.target}: ${f.summary || f.help}\n      ${f.html}`).join('\n')
}

/**
 * Visits every slide's last click in one colour scheme: axe, the SVG names, the baselines.
 * Writes the findings to test-results/a11y/ and prints a summary line.
 */
async function checkScheme(scheme: Scheme): Promise<{ outline: SlideOutline[], result: SchemeResult, problems: DeckProblem[] }> {
  const started = performance.now()
  const session = await openDeck(deck.browser, deck.server, { colorScheme: scheme, instantTransitions: true })
  const comparer = await openComparer(deck.browser)
  const outline = await readOutline(session, deck.server)
  const { page } = session
  await page.goto(`${deck.server.url}#/1`)
  await page.locator('#slide-content').waitFor()
  if (updatingBaselines)
    resetBaselines(scheme)
  resetFailures(scheme)
  const result: SchemeResult = {
    slides: 0,
    violations: [],
    excused: [],
    lowProse: [],
    baselineProblems: [],
    ranRules: new Set(),
    unnamedSvgs: [],
    seconds: 0,
    axeSeconds: 0,
  }
  for (const slide of outline) {
    const where = `slide ${slide.no}${slide.clicks
      ? ` click ${slide.clicks}`
      : ''}`
    await page.evaluate(hash => window.location.hash = hash, `#/${slide.no}${slide.clicks
      ? `?clicks=${slide.clicks}`
      : ''}`)
    await waitForSlideSettled(page, slide.no)
    const title = await page.locator(`#slide-content [data-slidev-no="${slide.no}"] h1`).first().textContent().catch(() => '') ?? ''
    // Every drawing on the slide is either hidden from screen readers or an image with a
    // name. An icon inside a button or link (Slidev's copy button) is named by it, and
    // axe's button-name and link-name rules check that name.
    const unnamed: string[] = await page.evaluate(no => [
      ...document.querySelectorAll(`#slide-content [data-slidev-no="${no}"] svg`),
    ]
      .filter(svg => !svg.closest('[aria-hidden="true"], button, a[href]') && !svg.parentElement?.closest('svg'))
      .filter(svg => svg.getAttribute('role') !== 'img' || !(svg.getAttribute('aria-label') || svg.querySelector(':scope > title')?.textContent?.trim()))
      .map(svg => svg.outerHTML.replace(/\s+/g, ' ').slice(0, 120)), slide.no)
    result.unnamedSvgs.push(...unnamed.map(html => `${where}: ${html}`))
    const axeStarted = performance.now()
    const { findings, ranRules } = await runAxe(page, { exceptions, notProse, slide: slide.no })
    result.axeSeconds += (performance.now() - axeStarted) / 1000
    for (const rule of ranRules)
      result.ranRules.add(rule)
    for (const finding of findings) {
      if (finding.rule === proseContrastRule) {
        result.lowProse.push({ ...finding, where })
      }
      else {
        (finding.excusedBy === undefined
          ? result.violations
          : result.excused).push({ ...finding, where })
      }
    }
    const problem = await checkAgainstBaseline(comparer.page, scheme, slide.no, title.trim(), await screenshotCanvas(session, { compact: true }))
    if (problem)
      result.baselineProblems.push(problem)
    result.slides++
  }
  await comparer.close()
  await session.close()
  result.seconds = (performance.now() - started) / 1000
  mkdirSync(findingsDir, { recursive: true })
  writeFileSync(join(findingsDir, `${scheme}.json`), `${JSON.stringify({
    ...result,
    ranRules: [...result.ranRules],
  }, null, 2)}\n`)
  process.stdout.write(`${scheme}: ${result.slides} slides, ${result.violations.length} axe violations (${result.excused.length} excused), ${result.lowProse.length} prose contrast findings, ${result.baselineProblems.length} baseline differences, ${result.seconds.toFixed(1)} s (axe ${result.axeSeconds.toFixed(1)} s)${updatingBaselines ? ' (baselines rewritten)' : ''}\n`)
  return { outline, result, problems: session.problems }
}

const checks: Record<Scheme, () => ReturnType<typeof checkScheme>> = {
  light: shared(() => checkScheme('light')),
  dark: shared(() => checkScheme('dark')),
}

for (const scheme of schemes) {
  describe(`every slide at its last click, ${scheme} mode`, () => {
    it('is checked with axe and screenshotted', async () => {
      const { outline, result, problems } = await checks[scheme]()
      expect(result.slides).toBe(outline.length)
      expect([...result.ranRules], 'axe ran the AA contrast, the AAA contrast and the SVG name rules').toEqual(expect.arrayContaining([
        'color-contrast',
        proseContrastRule,
        'svg-img-alt',
        'nested-interactive',
      ]))
      expect(problems.filter(problem => problem.kind === 'console error' || problem.kind === 'page error')).toEqual([])
    })

    it('has no WCAG 2.1 A/AA violation that the exceptions file does not list', async () => {
      const { result } = await checks[scheme]()
      if (result.violations.length)
        throw new Error(`${result.violations.length} axe violations (list a Slidev limitation in ${exceptionsFile.pathname} with its reason):\n${listFindings(result.violations)}`)
    })

    it('every SVG is hidden from screen readers or an image with an accessible name', async () => {
      const { result } = await checks[scheme]()
      expect(result.unnamedSvgs).toEqual([])
    })

    it('shows prose at 7:1 or more on its background', async () => {
      const { result } = await checks[scheme]()
      if (result.lowProse.length)
        throw new Error(`${result.lowProse.length} text elements below 7:1 (4.5:1 for large text):\n${listFindings(result.lowProse)}`)
    })

    it('matches the committed screenshot baselines', async () => {
      const { outline, result } = await checks[scheme]()
      if (result.baselineProblems.length)
        throw new Error(`screenshots differ from tests/e2e/baselines/${scheme}/ (if the change is intended: npm run test:baselines:update):\n  ${result.baselineProblems.join('\n  ')}`)
      const expected = outline.map(slide => baselineName(slide.no))
      expect(baselineFiles(scheme), 'one baseline per slide and no stale ones').toEqual(expected)
    })
  })
}

describe('the exceptions file', () => {
  it('lists only exceptions that some slide still needs', async () => {
    // One scheme after the other: one browser context at a time on this machine.
    const results = []
    for (const scheme of schemes)
      results.push(await checks[scheme]())
    expect(results.length, 'both modes were checked').toBe(schemes.length)
    const used = new Set(results.flatMap(({ result }) => result.excused.map(finding => finding.excusedBy)))
    const unused = exceptions.filter((_, index) => !used.has(index))
    expect(unused.map(exception => `${exception.rule} ${exception.selector}`), `remove these from ${exceptionsFile.pathname}`).toEqual([])
  })
})
