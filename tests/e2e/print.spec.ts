// One pass in print, as `slidev export` renders the deck (print media and the `print` class
// on <html>, which Slidev's print mode adds): pressed through every click, nothing of the
// slides' own transitions or animates, under each of the two alone as well as both.
import { label } from '../../toolchain/deck/browser'
import { expect, test } from './fixtures'

test('in print, nothing on any click of any slide transitions or animates', async ({ deck }) => {
  test.setTimeout(300_000)
  const { page } = deck
  const printClass = (on: boolean) => page.evaluate(on => document.documentElement.classList.toggle('print', on), on)
  const found: string[] = []
  await page.emulateMedia({ media: 'print' })
  let at = await deck.goto(1)
  await printClass(true)
  await deck.call('takeMotion')
  let steps = 0
  while (true) {
    steps++
    await deck.settle(at.no)
    const ran = (await deck.call<Array<{ kind: string, properties: string[], element: string }>>('takeMotion')).filter(motion => !motion.element.includes('slidev-'))
    found.push(...ran.map(motion => `${label(at)}: ${motion.kind} of ${motion.properties.join(', ')} on ${motion.element}`))
    for (const [condition, media, withClass] of [
      ['@media print', 'print', false],
      ['html.print', 'screen', true],
    ] as const) {
      await page.emulateMedia({ media })
      await printClass(withClass)
      found.push(...(await deck.call<string[]>('declaredMotion', at.no, true)).map(what => `${label(at)}, ${condition}: ${what}`))
    }
    await page.emulateMedia({ media: 'print' })
    await printClass(true)
    const next = await deck.press()
    if (next.no === at.no && next.clicks === at.clicks)
      break
    at = next
  }
  expect(steps, 'every click was pressed through').toBeGreaterThan(1)
  expect([
    ...new Set(found),
  ]).toEqual([])
})
