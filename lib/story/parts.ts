// The talk's story in four parts, the second told as three looks under the hood. One list
// for the part dividers (layouts/part.vue draws it with StoryMap) and the strip at the foot
// of every slide (slide-bottom.vue), so both always name the same parts in the same order.
import type { Checked } from '../shared/checked'
import { failed } from '../shared/checked'

export interface StoryPart {
  /** Stable id, used in data-part for tests. */
  id: string
  /** As the divider and the map show it: a few words. */
  title: string
  /** The looks a part is told in, in order (only "Under the hood" has them). */
  looks?: readonly string[]
}

export const storyParts: readonly StoryPart[] = [
  { id: 'job', title: 'The job' },
  {
    id: 'hood',
    title: 'Under the hood',
    looks: ['how code runs', 'memory', 'the GIL'],
  },
  { id: 'fix', title: 'The fix' },
  { id: 'when', title: 'When not to' },
]

/**
 * Where a slide stands: a part (1-based) and, inside a part with looks, the look (1-based).
 * One past the last part means the story is told (the close).
 */
export interface StoryPlace {
  part: number
  look?: number
}

/** done: told already; current: where the talk is; next: still to come. */
export type StoryState = 'done' | 'current' | 'next'

export function stateOf(index: number, current: number): StoryState {
  if (index < current)
    return 'done'
  return index === current
    ? 'current'
    : 'next'
}

/**
 * Checks a place read from a slide's frontmatter (`part: 2`, `look: 1`): a part that exists,
 * and a look only where the part has looks. Issues read like the deck's other validators'.
 */
export function checkPlace(input: { part?: unknown, look?: unknown }, parts: readonly StoryPart[] = storyParts): Checked<StoryPlace> {
  const { part, look } = input
  if (typeof part !== 'number' || !Number.isInteger(part) || part < 1 || part > parts.length)
    return failed(`part: must be a whole number from 1 to ${parts.length}, got ${JSON.stringify(part) ?? String(part)}`)
  if (look === undefined) {
    return {
      ok: true,
      value: { part },
    }
  }
  const looks = parts[part - 1]!.looks ?? []
  if (typeof look !== 'number' || !Number.isInteger(look) || look < 1 || look > looks.length) {
    return failed(looks.length
      ? `look: must be a whole number from 1 to ${looks.length} in part ${part}, got ${JSON.stringify(look) ?? String(look)}`
      : `look: part ${part} ("${parts[part - 1]!.title}") has no looks`)
  }
  return {
    ok: true,
    value: { part, look },
  }
}

/** What one slide needs for the strip: its number and frontmatter. */
export interface StorySlide {
  no: number
  frontmatter: Record<string, unknown>
}

/**
 * The place of slide `no`: that of the last divider (`layout: part`) at or before it, or,
 * from the slide marked `storyEnd: true` (the close), one past the last part, where every
 * part is told. Undefined before the first divider (the opening) and on backup slides
 * (`backup: true`), which answer questions outside the story.
 */
export function placeAt(slides: readonly StorySlide[], no: number, parts: readonly StoryPart[] = storyParts): StoryPlace | undefined {
  const slide = slides.find(s => s.no === no)
  if (!slide || slide.frontmatter.backup === true)
    return undefined
  let place: StoryPlace | undefined
  for (const candidate of slides) {
    if (candidate.no > no)
      break
    if (candidate.frontmatter.storyEnd === true) {
      place = { part: parts.length + 1 }
      continue
    }
    if (candidate.frontmatter.layout !== 'part')
      continue
    const checked = checkPlace(candidate.frontmatter, parts)
    if (checked.ok)
      place = checked.value
  }
  return place
}
