// Frame times of the GIL timeline's playhead sweep (click 0 to 1, the first trace of each
// slide with a <GilTimeline>), at normal speed and with the CPU throttled 4x. Prints
// figures; asserts nothing.
//   npm run bench:gil                 # build to a temp dir, then measure
//   npm run bench:gil -- --dist dist  # measure an existing build
import { benchArgs, benchDeck, benchPage, gotoSlide, slidesUsing, throttles } from '../toolchain/bench/deck'
import { frameHeader, frameRow, frameStats, sampleFrames } from '../toolchain/bench/frames'

const { dist } = benchArgs()

// A timeline drawn at a fixed step (no `$clicks`) has no sweep to measure.
const slides = (await slidesUsing(['GilTimeline'])).filter(slide => /<GilTimeline\b[^>]*:step="\$clicks"/.test(slide.content))
await benchDeck(dist, async ({ url, browser }) => {
  console.log(`playhead sweep frame times, slides ${slides.map(slide => slide.no).join(', ')} (first sweep of each)`)
  console.log(`slide  throttle ${frameHeader}`)
  for (const throttle of throttles) {
    const { page, close } = await benchPage(browser, { throttle })
    const all: number[] = []
    for (const slide of slides) {
      await gotoSlide(page, url, slide.no, 0, 800)
      const sweepMs = await page.evaluate((no) => {
        const root = document.querySelector<HTMLElement>(`.slidev-page-${no} .gil-timeline`)!
        return Number.parseFloat(getComputedStyle(root).getPropertyValue('--gil-sweep')) || 2400
      }, slide.no)
      const stop = await sampleFrames(page)
      await page.keyboard.press('ArrowRight')
      await page.waitForTimeout(sweepMs + 400)
      const intervals = await stop()
      all.push(...intervals)
      console.log(`${String(slide.no).padEnd(7)}${`${throttle}x`.padEnd(9)}${frameRow(frameStats(intervals))}`)
    }
    console.log(`${'all'.padEnd(7)}${`${throttle}x`.padEnd(9)}${frameRow(frameStats(all))}`)
    await close()
  }
})
