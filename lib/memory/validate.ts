// Checks a story before it is drawn: the shape (zod) and the references between elements
// (an arrow must point at something that exists in the same step). The diagram shows these
// messages on the slide instead of crashing, so a typo in a story is found at a glance.
import type { Checked } from '../shared/checked'
import type { MemoryStory } from './story'
import { checkWith } from '../shared/checked'
import { arrowId, storySchema } from './story'

type Kind = 'frame' | 'variable' | 'block'

export function validateStory(input: unknown): Checked<MemoryStory> {
  const name = storyName(input)
  const parsed = checkWith(storySchema, input, `story ${name}`)
  if (!parsed.ok)
    return parsed
  const story = parsed.value
  const errors: string[] = []
  // An id means the same thing in every step: that is what lets the diagram animate it.
  const kindOf = new Map<string, Kind>()
  const frameOf = new Map<string, string>()

  story.states.forEach((state, step) => {
    const where = `story ${name}, step ${step}`
    const inStep = new Map<string, Kind>()
    const pointerVariables = new Set<string>()
    const claim = (elementId: string, kind: Kind) => {
      if (inStep.has(elementId))
        errors.push(`${where}: id "${elementId}" is used twice`)
      inStep.set(elementId, kind)
      const before = kindOf.get(elementId)
      if (before && before !== kind)
        errors.push(`${where}: id "${elementId}" is a ${kind} here but a ${before} in an earlier step`)
      kindOf.set(elementId, kind)
    }
    for (const frame of state.frames) {
      claim(frame.id, 'frame')
      for (const variable of frame.variables) {
        claim(variable.id, 'variable')
        const home = frameOf.get(variable.id)
        if (home && home !== frame.id)
          errors.push(`${where}: variable "${variable.id}" moved from frame "${home}" to "${frame.id}"`)
        frameOf.set(variable.id, frame.id)
        if (variable.fields.some(field => field.pointer))
          pointerVariables.add(variable.id)
      }
    }
    for (const block of state.blocks) {
      claim(block.id, 'block')
      if (block.bytes !== undefined && block.capacity !== undefined && block.bytes.length > block.capacity)
        errors.push(`${where}: block "${block.id}" holds ${block.bytes.length} bytes but has capacity ${block.capacity}`)
    }
    const arrowIds = new Set<string>()
    for (const arrow of state.arrows) {
      const label = arrowId(arrow)
      if (arrowIds.has(label))
        errors.push(`${where}: arrow "${label}" is drawn twice`)
      arrowIds.add(label)
      if (!inStep.has(arrow.from))
        errors.push(`${where}: arrow "${label}" starts at variable "${arrow.from}", which does not exist`)
      else if (!pointerVariables.has(arrow.from))
        errors.push(`${where}: arrow "${label}" starts at "${arrow.from}", which has no pointer field`)
      const target = inStep.get(arrow.to)
      if (target === undefined || target === 'frame')
        errors.push(`${where}: arrow "${label}" points at block "${arrow.to}", which does not exist`)
    }
    const labelled = new Set<string>()
    for (const note of state.labels ?? []) {
      const target = inStep.get(note.target)
      if (target !== 'variable' && target !== 'block')
        errors.push(`${where}: label "${note.text}" is pinned to "${note.target}", which does not exist`)
      if (labelled.has(note.target))
        errors.push(`${where}: "${note.target}" has two labels; one per element`)
      labelled.add(note.target)
    }
  })
  return errors.length
    ? { ok: false, issues: errors }
    : { ok: true, value: story }
}

function storyName(input: unknown): string {
  if (input && typeof input === 'object' && 'id' in input && typeof input.id === 'string')
    return `"${input.id}"`
  return '(unnamed)'
}
