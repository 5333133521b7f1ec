// The recorded walk of the project's colour scheme (light: the deck with notes at /; dark: the
// public build under /talks/rust/), which every check then reads. It fails only when it
// cannot walk; what it finds on the way is in the record, for the checks to report.
import { openDeck } from '../../toolchain/deck/browser'
import { walkDeck, walkDir } from '../../toolchain/deck/walk'
import { expect, test } from './fixtures'

test('walks every click of every slide, recording what the checks need', async ({ context, baseURL, colorScheme }) => {
  test.setTimeout(600_000)
  const scheme = colorScheme ?? 'light'
  // Transitions run 20 times faster: they still run (and are recorded), without the wait.
  const deck = await openDeck(context, baseURL!, { speed: 20 })
  const record = await walkDeck(deck, baseURL!, {
    dir: walkDir(scheme),
    colorScheme: scheme,
    // Dark is the same markup as light in other colours: its axe run is the contrast rules.
    axe: scheme === 'light'
      ? 'all'
      : 'contrast',
    // The light walk's pictures serve the reduced-motion pass, the reading version and the handout.
    everyClick: scheme === 'light',
    print: scheme === 'light',
    largePictures: scheme === 'light'
      ? 1.5
      : undefined,
  })
  const clicks = record.slides.reduce((sum, slide) => sum + slide.clicks, 0)
  console.log(`${scheme}: walked ${record.slides.length} slides, ${clicks} clicks (${record.steps.length} steps, ${record.doubleSteps} double steps retried) under ${baseURL} in ${record.seconds.toFixed(1)} s`)
  const built = await deck.slides()
  expect(built.length, 'the deck has more than the title slide').toBeGreaterThan(1)
  expect(record.slides.map(slide => slide.no), 'the walk reached every slide in order').toEqual(built.map(slide => slide.no))
  expect(record.steps.length, 'one step per click state').toBe(built.length + clicks)
})
