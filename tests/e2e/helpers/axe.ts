// axe-core on the page as it is now: WCAG 2.1 A and AA, every violation checked against the
// one exceptions file (tests/e2e/a11y-exceptions.json) so a known limitation of Slidev's own
// UI is written down once, with its reason, and anything else fails.
import type { Page } from 'playwright-chromium'
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'

export const wcagTags = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
]

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
    throw new TypeError(`${exceptionsFile.pathname}: expected an array of { rule, selector, reason }`)
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

/** axe's AAA contrast rule (7:1, or 4.5:1 for large text): the deck's bar for prose. */
export const proseContrastRule = 'color-contrast-enhanced'

export interface AxeRun {
  findings: AxeFinding[]
  /** Every rule that ran (passed, failed or could not decide), to show the check had work to do. */
  ranRules: Set<string>
}

/**
 * One axe run on the page: the WCAG 2.1 A/AA rules plus the AAA contrast rule. Each
 * violating element that an exception covers is marked; `notProse` elements (code) are
 * dropped from the AAA contrast findings, since code is held to 4.5:1 elsewhere.
 */
export async function runAxe(page: Page, options: { exceptions: AxeException[], notProse: string[], slide: number }): Promise<AxeRun> {
  // Legacy mode runs axe in this page only: the deck has no iframes, and it saves opening a
  // blank page per run to merge frame results. Slidev keeps every slide it has preloaded
  // mounted (hidden); leaving them out makes each run several times faster.
  // @axe-core/playwright types its page with its own copy of playwright-core; the API it
  // calls is the same in the one playwright-chromium brings.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] })
    .setLegacyMode(true)
    .exclude(`#slideshow [data-slidev-no]:not([data-slidev-no="${options.slide}"])`)
    .options({
      runOnly: { type: 'tag', values: wcagTags },
      rules: {
        [proseContrastRule]: { enabled: true },
      },
    })
    .analyze()
  const ranRules = new Set([
    ...results.passes,
    ...results.violations,
    ...results.incomplete,
    ...results.inapplicable,
  ].map(rule => rule.id))
  const all: AxeFinding[] = results.violations.flatMap(violation => violation.nodes.map(node => ({
    rule: violation.id,
    impact: node.impact ?? violation.impact ?? '',
    help: violation.help,
    target: node.target.map(String).join(' '),
    html: node.html.replace(/\s+/g, ' ').slice(0, 140),
    summary: (node.failureSummary ?? '').split('\n').slice(1).map(line => line.trim()).join(' ').slice(0, 200),
  })))
  const marks = await page.evaluate(({ targets, exceptions, notProse, proseRule }) => targets.map(({ rule, target }) => {
    const element = document.querySelector(target)
    if (rule === proseRule) {
      return notProse.some(selector => element?.closest(selector))
        ? -2
        : -1
    }
    return exceptions.findIndex(exception => exception.rule === rule && !!element?.closest(exception.selector))
  }), {
    targets: all.map(({ rule, target }) => ({ rule, target })),
    exceptions: options.exceptions,
    notProse: options.notProse,
    proseRule: proseContrastRule,
  })
  const findings = all
    .map((finding, index) => marks[index]! >= 0
      ? { ...finding, excusedBy: marks[index] }
      : finding)
    .filter((_, index) => marks[index] !== -2)
  return { findings, ranRules }
}
