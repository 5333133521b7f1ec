import type { MaybeRefOrGetter, Ref } from 'vue'
import { inject, onMounted, onUnmounted, toValue, useId } from 'vue'

// A diagram's clicks come from its data (a story's states, a pipeline's stages), so the
// diagram tells Slidev how many it needs, as Slidev's own v-click and code highlights do:
// `register` on the slide's clicks context before the slide is mounted. The slide's
// total is then the largest of these, and presenter mode, the overview and the export with
// clicks step through every picture without a hand-written `clicks:` in the frontmatter.
// Mounted outside Slidev (unit tests) there is no context, so nothing registers.

/** The part of Slidev's ClicksContext (@slidev/types) a diagram uses. */
interface SlideClicks {
  register: (id: string, info: { max: number, delta: number }) => void
  unregister: (id: string) => void
}

/**
 * `injectionClicksContext` in @slidev/client/constants.ts, which cannot be imported here:
 * its module pulls in the client's sources. tests/unit/speaker-notes.test.ts checks the two agree.
 */
export const slidevClicksKey = '$$slidev-clicks-context'

/** Registers `clicks` (absolute: click 1..clicks, shifting no other click) with the slide. */
export function useSlideClicks(clicks: MaybeRefOrGetter<number>): void {
  const context = inject<Ref<SlideClicks> | undefined>(slidevClicksKey, undefined)
  if (!context)
    return
  const id = `diagram-${useId()}`
  onMounted(() => {
    const max = toValue(clicks)
    if (max > 0)
      context.value.register(id, { max, delta: 0 })
  })
  onUnmounted(() => context.value.unregister(id))
}
