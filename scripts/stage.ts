// npm run stage [-- --check] [--slides 3,7] [--shots DIR] [--verbose] [--walk DIR] [--dark]:
// what the back of the room sees on every slide at its last click, at projector size
// (1920x1080): prose words, the smallest text, the smallest body text, the longest code block
// and every text whose contrast is too low, against `stage` in budget.json (the suite checks
// the same on its walks). It walks the cached build of the current sources, or reads a walk
// the suite recorded (`--walk test-results/walk/light`). `--shots DIR` writes each slide's
// last click as DIR/slide-NN.png at 1920x1080, to look at.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { projectorScale } from '../toolchain/deck/browser'
import { recordedDeck } from '../toolchain/deck/recorded'
import { judgeStage } from '../toolchain/deck/stage'

const { values } = parseArgs({
  options: {
    check: { type: 'boolean' },
    slides: { type: 'string' },
    verbose: { type: 'boolean' },
    shots: { type: 'string' },
    walk: { type: 'string' },
    dark: { type: 'boolean' },
  },
})
const only = values.slides?.split(',').map(Number)
const { record, dir } = await recordedDeck({
  walk: values.walk,
  colorScheme: values.dark ? 'dark' : 'light',
  largePictures: values.shots ? projectorScale : undefined,
  log: () => {},
})
const slides = record.slides.filter(slide => !only || only.includes(slide.no))
const { rows, failures, summary } = judgeStage(slides, undefined, values.verbose)
console.log(`${rows.join('\n')}\n\n${summary}`)
if (failures.length)
  console.log(`\n${failures.length} problems:\n${failures.map(f => `  ${f}`).join('\n')}`)
if (values.shots) {
  mkdirSync(values.shots, { recursive: true })
  for (const slide of slides)
    copyFileSync(join(dir, slide.largePicture ?? slide.picture), join(values.shots, `slide-${String(slide.no).padStart(2, '0')}.png`))
}
if (values.check && failures.length)
  process.exitCode = 1
