// One pass with prefers-reduced-motion: reduce, the whole talk given from the keyboard: two
// frames after each press nothing moves (nothing ran, runs or is declared with a duration),
// and the click already shows what the animated deck settles on (the light walk's picture of
// the same click, compared by Playwright: this project's snapshots are the light walk's).
import { label } from '../../toolchain/deck/browser'
import { expect, expectNoProblems, test } from './fixtures'

test('under reduced motion every press shows at once, and exactly, the state the animated deck settles on', async ({ deck, record }) => {
  test.setTimeout(600_000)
  const { page } = deck
  const inspector = deck.call
  const twoFrames = () => page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await deck.goto(1)
  await page.evaluate(() => Promise.all([...document.fonts].map(face => face.load())))
  expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), 'the browser reports reduced motion').toBe(true)
  await inspector('takeMotion')
  const moving: string[] = []
  const navigation: string[] = []
  for (const [index, step] of record.steps.entries()) {
    if (index > 0) {
      const at = await deck.press()
      await twoFrames()
      const now = [
        ...(await inspector<Array<{ kind: string, properties: string[], element: string }>>('takeMotion')).map(m => `${m.kind} of ${m.properties.join(', ')} on ${m.element}`),
        ...await inspector<string[]>('running'),
        ...await inspector<string[]>('declaredMotion', step.no, true),
      ]
      if (now.length) {
        moving.push(`${label(step)}: moved after the press: ${[
          ...new Set(now),
        ].slice(0, 5).join('; ')}`)
      }
      if (at.no !== step.no || at.clicks !== step.clicks) {
        navigation.push(`${label(step)}: the keyboard reached ${label(at)} instead`)
        await deck.goto(step.no, step.clicks)
      }
    }
    expect.soft(await deck.screenshot(), `${label(step)}, two frames after the press`).toMatchSnapshot(step.picture.split('/'))
  }
  expect(navigation).toEqual([])
  expect(moving).toEqual([])
  expectNoProblems(deck.problems.filter(problem => problem.kind === 'console error' || problem.kind === 'page error'), 'reduced motion')
})
