// axe-core on the page as it is now: WCAG 2.1 A and AA, every violation checked against the
// one exceptions file (tests/e2e/a11y-exceptions.json) so a known limitation of Slidev's own
// UI is written down once, with its reason, and anything else fails.
import type { Page } from 'playwright-chromium'
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface AxeException {
  /** The axe rule id, e.g. `nested-interactive`. */
  rule: string
  /** A CSS selector: a violating element that is (inside) a match is excused. */
  selector: string
  reason: string
}

export const exceptionsFile = new URL('../a11y-exceptions.json', import.meta.url)

/** Reads and checks the exceptions file: every entry needs a rule, a selector and a reason. */
export function loadExceptions(): AxeException[] {
  const raw: unknown = JSON.parse(readFileSync(exceptionsFile, 'utf8'))
  if (!Array.isArray(raw))
    throw new Error(`${exceptionsFile.pathname}: expected an array of { rule, selector, reason }`)
  return raw.map((entry, index) => {
    const { rule, selector, reason } = (entry ?? {}) as Record<string, unknown>
    if (typeof rule !== 'string' || typeof selector !== 'string' || typeof reason !== 'string' || reason.trim().length < 20)
      throw new Error(`${exceptionsFile.pathname}[${index}]: needs "rule", "selector" and a "reason" of a sentence or more`)
    return { rule, selector, reason }
  })
}

export interface AxeFinding {
  rule: string
  impact: string
  help: string
  /** axe's selector for the element, and its HTML (shortened). */
  target: string
  html: string
  /** Why it failed, as axe words it (e.g. the two colours and their ratio). */
  summary: string
  /** The exception that excuses it, by index in the file, if any. */
  excusedBy?: number
}

/**
 * Runs axe with `rules` (or the WCAG 2.1 A/AA tags) inside `include`, minus `exclude`, and
 * marks each violating element that an exception covers.
 */
export async function runAxe(page: Page, options: { include?: string, exclude?: string[], rules?: string[], exceptions: AxeException[] }): Promise<AxeFinding[]> {
  // Legacy mode runs axe in this page only: the deck has no iframes, and it saves opening a
  // blank page per run to merge frame results.
  let builder = new AxeBuilder({ page }).setLegacyMode(true)
  builder = options.rules ? builder.withRules(options.rules) : builder.withTags(wcagTags)
  if (options.include)
    builder = builder.include(options.include)
  for (const selector of options.exclude ?? [])
    builder = builder.exclude(selector)
  const { violations } = await builder.analyze()
  const findings: AxeFinding[] = violations.flatMap(violation => violation.nodes.map(node => ({
    rule: violation.id,
    impact: node.impact ?? violation.impact ?? '',
    help: violation.help,
    target: node.target.map(String).join(' '),
    html: node.html.replace(/\s+/g, ' ').slice(0, 140),
    summary: (node.failureSummary ?? '').split('\n').slice(1).map(line => line.trim()).join(' ').slice(0, 200),
  })))
  const excused = await page.evaluate(({ targets, exceptions }) => targets.map(({ rule, target }) => {
    const element = document.querySelector(target)
    return exceptions.findIndex(exception => exception.rule === rule && !!element?.closest(exception.selector))
  }), { targets: findings.map(({ rule, target }) => ({ rule, target })), exceptions: options.exceptions })
  return findings.map((finding, index) => excused[index]! >= 0 ? { ...finding, excusedBy: excused[index] } : finding)
}
