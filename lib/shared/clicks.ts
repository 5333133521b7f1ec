import type { ComputedRef, MaybeRefOrGetter, Ref } from 'vue'
import { computed, inject, onMounted, onUnmounted, toValue, useId } from 'vue'
import { clampStep } from './step'

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

/**
 * A diagram's step, clamped (lib/shared/step.ts) to the `clicks` its data needs. When the
 * slide steps it (`step` given), those clicks are registered with the slide: absolute,
 * click 1..clicks, shifting no other click.
 */
export function useDiagramStep(step: () => number | undefined, clicks: MaybeRefOrGetter<number>): ComputedRef<number> {
  const context = inject<Ref<SlideClicks> | undefined>(slidevClicksKey, undefined)
  if (context) {
    const id = `diagram-${useId()}`
    onMounted(() => {
      const max = toValue(clicks)
      if (step() !== undefined && max > 0)
        context.value.register(id, { max, delta: 0 })
    })
    onUnmounted(() => context.value.unregister(id))
  }
  return computed(() => clampStep(step(), toValue(clicks)))
}
