// npm run stage [-- --check] [--slides 3,7] [--shots DIR] [--verbose] [--walk DIR] [--dark]:
// every slide's figures at its last click at projector size (1920x1080) against `stage` in
// budget.json, as the suite checks them on its walks; from a fresh walk of the cached build,
// or a recorded one (`--walk test-results/walk/light`). `--shots DIR`: DIR/slide-NN.png at 1920x1080.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { projectorScale } from '../toolchain/deck/browser'
import { copyPictures, recordedDeck } from '../toolchain/deck/recorded'
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
const { rows, failures, summary } = judgeStage(slides, values.verbose)
console.log(`${rows.join('\n')}\n\n${summary}`)
if (failures.length)
  console.log(`\n${failures.length} problems:\n${failures.map(f => `  ${f}`).join('\n')}`)
if (values.shots)
  copyPictures(dir, slides, values.shots)
if (values.check && failures.length)
  process.exitCode = 1
