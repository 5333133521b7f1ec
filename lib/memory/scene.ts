// What the diagram draws at one click: every element the story ever shows, each with its
// fixed place, whether it is visible now, and its current contents. Elements that are not
// in this step stay in the scene, invisible, with the contents they last had, so leaving
// fades them out and arriving fades them in (or grows them, for arrows).
import type { StoryLayout } from './layout'
import type {
  MemoryArrowKind,
  MemoryBlock,
  MemoryField,
  MemoryState,
  MemoryStory,
  MemoryTone,
  MemoryVariable,
  MemoryVariableStatus,
} from './story'
import { clampStep } from '../shared/step'
import { layoutStory } from './layout'
import { arrowId, memoryClicks } from './story'

export interface SceneFrame { id: string, name: string, x: number, y: number, width: number, height: number, visible: boolean }

export interface SceneVariable {
  id: string
  name: string
  fields: MemoryField[]
  status: MemoryVariableStatus
  x: number
  y: number
  cellsY: number
  visible: boolean
}

export interface SceneBlock {
  id: string
  block: MemoryBlock
  freed: boolean
  x: number
  y: number
  width: number
  height: number
  visible: boolean
}

export interface SceneArrow {
  id: string
  from: string
  to: string
  kind: MemoryArrowKind
  x: number
  y: number
  length: number
  angle: number
  bulge: number
  visible: boolean
  /** Its source was moved or dropped, or its target freed: the bits remain, the link is dead. */
  stale: boolean
}

export interface SceneLabel { target: string, text: string, tone: MemoryTone, x: number, y: number, visible: boolean }

export interface Scene {
  step: number
  stepCount: number
  caption: string
  width: number
  height: number
  frames: SceneFrame[]
  variables: SceneVariable[]
  blocks: SceneBlock[]
  arrows: SceneArrow[]
  labels: SceneLabel[]
}

const statusLabels: Record<Exclude<MemoryVariableStatus, 'live'>, { text: string, tone: MemoryTone }> = {
  moved: { text: 'moved: unusable', tone: 'muted' },
  dropped: { text: 'dropped', tone: 'muted' },
}

/** Visits states from `step` outwards (backwards first) so a hidden element keeps its last contents. */
function nearest<T>(states: MemoryState[], step: number, pick: (state: MemoryState) => T | undefined): T | undefined {
  for (let i = step; i >= 0; i--) {
    const found = pick(states[i]!)
    if (found !== undefined)
      return found
  }
  for (let i = step + 1; i < states.length; i++) {
    const found = pick(states[i]!)
    if (found !== undefined)
      return found
  }
  return undefined
}

function findVariable(state: MemoryState, id: string): MemoryVariable | undefined {
  for (const frame of state.frames) {
    const found = frame.variables.find(variable => variable.id === id)
    if (found)
      return found
  }
  return undefined
}

export function sceneAt(story: MemoryStory, requestedStep: number | undefined, layout: StoryLayout = layoutStory(story)): Scene {
  const step = clampStep(requestedStep, memoryClicks(story))
  const states = story.states
  const now = states[step]!

  const frames = layout.order.frames.map((id): SceneFrame => {
    const box = layout.frames.get(id)!
    const frame = nearest(states, step, state => state.frames.find(f => f.id === id))!
    return {
      id,
      name: frame.name,
      ...box,
      visible: now.frames.some(f => f.id === id),
    }
  })

  const variables = layout.order.variables.map((id): SceneVariable => {
    const place = layout.variables.get(id)!
    const variable = nearest(states, step, state => findVariable(state, id))!
    return {
      id,
      name: variable.name,
      fields: variable.fields,
      status: variable.status ?? 'live',
      x: place.x,
      y: place.y,
      cellsY: place.cellsY,
      visible: findVariable(now, id) !== undefined,
    }
  })

  const blocks = layout.order.blocks.map((id): SceneBlock => {
    const place = layout.blocks.get(id)!
    const block = nearest(states, step, state => state.blocks.find(b => b.id === id))!
    return {
      id,
      block,
      freed: block.status === 'freed',
      x: place.x,
      y: place.y,
      width: place.width,
      height: place.height,
      visible: now.blocks.some(b => b.id === id),
    }
  })

  const variableById = new Map(variables.map(variable => [variable.id, variable]))
  const blockById = new Map(blocks.map(block => [block.id, block]))
  const arrows = layout.order.arrows.flatMap((id): SceneArrow[] => {
    const geometry = layout.arrows.get(id)
    const arrow = nearest(states, step, state => state.arrows.find(a => arrowId(a) === id))
    if (!geometry || !arrow)
      return []
    const source = variableById.get(arrow.from)
    const target = blockById.get(arrow.to)
    return [
      {
        id,
        from: arrow.from,
        to: arrow.to,
        kind: arrow.kind ?? (story.language === 'python'
          ? 'ref'
          : 'owns'),
        ...geometry,
        visible: now.arrows.some(a => arrowId(a) === id),
        stale: (source?.status ?? 'live') !== 'live' || (target?.freed ?? false),
      },
    ]
  })

  const labels = [
    ...layout.labels.entries(),
  ].map(([target, place]): SceneLabel => {
    const current = labelIn(now, target)
    const remembered = current ?? nearest(states, step, state => labelIn(state, target)) ?? { text: '', tone: 'muted' as const }
    return {
      target,
      ...remembered,
      ...place,
      visible: current !== undefined,
    }
  })

  return {
    step,
    stepCount: states.length,
    caption: now.caption,
    width: layout.width,
    height: layout.height,
    frames,
    variables,
    blocks,
    arrows,
    labels,
  }
}

/** The label on `target` in this state: an explicit one, else the tag its status implies. */
function labelIn(state: MemoryState, target: string): { text: string, tone: MemoryTone } | undefined {
  const explicit = state.labels?.find(note => note.target === target)
  if (explicit)
    return { text: explicit.text, tone: explicit.tone ?? 'muted' }
  const variable = findVariable(state, target)
  if (variable?.status && variable.status !== 'live')
    return statusLabels[variable.status]
  const block = state.blocks.find(b => b.id === target)
  if (block?.status === 'freed')
    return { text: 'freed', tone: 'muted' }
  return undefined
}
