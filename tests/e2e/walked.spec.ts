// The checks on one colour scheme's recorded walk (walk.setup.ts): each reads the record,
// none walks the deck again.
import type { ProblemKind } from '../../toolchain/deck/browser'
import type { AxeFinding, SlideRecord } from '../../toolchain/deck/walk'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { loadDeck } from '../../toolchain/deck-source'
import { label } from '../../toolchain/deck/browser'
import { judgeStage } from '../../toolchain/deck/stage'
import { exceptionsFile, pad, proseContrastRule, walkDir } from '../../toolchain/deck/walk'
import { expect, expectNoProblems, test } from './fixtures'

const problemKinds: Array<[string, ProblemKind[]]> = [
  [
    '"next" moves one click at a time, as Slidev counts them, and stops at the end',
    ['navigation'],
  ],
  [
    'every click settles (nothing left transitioning, everything rendered)',
    ['not settled'],
  ],
  [
    'no console error and no page error',
    ['console error', 'page error'],
  ],
  [
    'no failed request (every asset resolves under the base)',
    ['failed request'],
  ],
  [
    'no request leaves the machine',
    ['left the machine'],
  ],
  [
    'nothing visible sticks out of the slide canvas',
    ['outside the canvas'],
  ],
  [
    'no box hides part of its content',
    ['content cut off'],
  ],
  [
    'every slide has a title',
    ['no title'],
  ],
]

for (const [name, kinds] of problemKinds) {
  test(name, ({ record }) => {
    expectNoProblems(record.problems.filter(problem => kinds.includes(problem.kind)), name)
  })
}

test('every click animates only opacity and transform, and the slides\' styles declare no other transition', ({ record }) => {
  // What a slide's entrance animates is Slidev's; each click's motion is ours.
  const clicks = record.steps.filter(step => step.clicks > 0)
  const ran = clicks.flatMap(step => step.motion.filter(motion => motion.slide === step.no))
  expect(ran.length, 'the clicks animate something (the recorder sees the transitions)').toBeGreaterThan(0)
  const others = [
    ...ran.filter(motion => motion.properties.some(property => property !== 'opacity' && property !== 'transform'))
      .map(motion => `slide ${motion.slide}: ${motion.kind} of ${motion.properties.join(', ')} on ${motion.element}`),
    ...record.steps.flatMap(step => step.declared.map(what => `${label(step)}: ${what}`)),
  ]
  expect([
    ...new Set(others),
  ]).toEqual([])
})

test('in print, as slidev export renders, nothing on any click of any slide transitions or animates', ({ record, colorScheme }) => {
  test.skip(colorScheme === 'dark', 'slidev export renders the light scheme')
  expect(record.steps.every(step => step.print), 'the walk looked at every click in print').toBe(true)
  expect([
    ...new Set(record.steps.flatMap(step => step.print!.map(what => `${label(step)}, ${what}`))),
  ]).toEqual([])
})

test('every slide has speaker notes whose [click] markers match Slidev\'s clicks', async ({ record, colorScheme }) => {
  test.skip(colorScheme === 'dark', 'the dark walk is of the public build, which has no notes')
  // The markers as Slidev renders them in the build, and as the deck reader counts them for
  // the tools without a browser (talk:length's 5 s a click).
  const source = await loadDeck()
  const rendered = (html: string) => Math.max(0, ...[
    ...html.matchAll(/slidev-note-click-mark" data-clicks="(\d+)"/g),
  ].map(match => Number(match[1])))
  const problems = record.slides.flatMap((slide) => {
    if (!slide.noteHtml)
      return [`slide ${slide.no} "${slide.title}" has no speaker notes`]
    const counts = {
      'the built notes': rendered(slide.noteHtml),
      'the markdown\'s notes': source[slide.no - 1]?.clicks,
    }
    return Object.entries(counts).filter(([, marked]) => marked !== slide.clicks).map(([where, marked]) => `slide ${slide.no} "${slide.title}": ${where} mark ${marked} clicks, Slidev counts ${slide.clicks}`)
  })
  expect(problems).toEqual([])
})

const listFindings = (found: Array<AxeFinding & { no: number }>) => found.map(f => `  slide ${f.no}: ${f.rule} (${f.impact}) ${f.target}: ${f.summary}\n      ${f.html}`).join('\n')
const findings = (slides: SlideRecord[]) => slides.flatMap(slide => slide.axe.map(finding => ({ ...finding, no: slide.no })))

test.describe('axe at every slide\'s last click', () => {
  test('ran the AA and AAA contrast rules, and in light the SVG name and nested-interactive ones', ({ record }) => {
    const markup = record.colorScheme === 'light'
      ? ['svg-img-alt', 'nested-interactive']
      : []
    expect(record.axeRules).toEqual(expect.arrayContaining(['color-contrast', proseContrastRule, ...markup]))
  })

  test('finds no WCAG 2.1 A/AA violation that the exceptions file does not list', ({ record }) => {
    const violations = findings(record.slides).filter(f => f.rule !== proseContrastRule && f.excusedBy === undefined)
    if (violations.length)
      throw new Error(`${violations.length} axe violations (list a Slidev limitation in ${exceptionsFile} with its reason):\n${listFindings(violations)}`)
  })

  test('shows prose at 7:1 or more on its background (4.5:1 for large text)', ({ record }) => {
    const low = findings(record.slides).filter(f => f.rule === proseContrastRule)
    if (low.length)
      throw new Error(`${low.length} text elements below 7:1:\n${listFindings(low)}`)
  })

  // That each image has its name is axe's svg-img-alt, in the test above (light: the same markup as dark).
  test('every SVG is hidden from screen readers or an image (role="img")', ({ record }) => {
    expect(record.slides.flatMap(slide => slide.unnamedSvgs.map(html => `slide ${slide.no}: ${html}`))).toEqual([])
  })
})

test('every slide\'s last click matches its committed baseline', ({ record }, testInfo) => {
  const dir = walkDir(record.colorScheme)
  for (const slide of record.slides)
    expect.soft(readFileSync(join(dir, slide.picture)), `slide ${slide.no} "${slide.title}"`).toMatchSnapshot(`slide-${pad(slide.no)}.png`)
  const baselines = dirname(testInfo.snapshotPath('slide-01.png'))
  const expected = record.slides.map(slide => `slide-${pad(slide.no)}.png`)
  const stale = existsSync(baselines)
    ? readdirSync(baselines).filter(name => !expected.includes(name))
    : []
  if (testInfo.config.updateSnapshots === 'all' || testInfo.config.updateSnapshots === 'changed')
    stale.forEach(name => rmSync(join(baselines, name)))
  else
    expect(stale, 'baselines of slides that are gone (npm run test:baselines:update removes them)').toEqual([])
})

test('every main slide reads at a glance from the back of the room (budget.json: stage)', ({ record }) => {
  const { failures, summary } = judgeStage(record.slides)
  console.log(`stage, ${record.colorScheme}: ${summary}`)
  if (failures.length)
    throw new Error(`${failures.length} problems (thresholds and reasons: budget.json "stage"; npm run stage prints every slide):\n  ${failures.join('\n  ')}`)
})
