// Where everything sits. The layout is computed once per story from the union of all its
// states, so an element keeps its place from click to click: a step only fades things in
// and out and grows arrows (transform and opacity), it never reflows the picture.
import type { MemoryBlock, MemoryStory, MemoryVariable } from './story'
import { arrowId } from './story'

/** Sizes in SVG user units; the SVG is drawn at 1 unit = 1 px of Slidev's 980×552 canvas. */
export const metrics = {
  width: 476,
  columnTitle: 26,
  stackX: 24,
  frameWidth: 202,
  frameHeader: 28,
  framePad: 8,
  rowGap: 8,
  nameWidth: 42,
  cellWidth: 48,
  cellHeight: 30,
  fieldLabel: 18,
  label: 26,
  heapX: 258,
  heapWidth: 200,
  blockGap: 12,
  blockPad: 6,
  blockTitle: 20,
  blockRow: 22,
  byteWidth: 17,
  arrowGap: 3,
  borrowBulge: 34,
} as const

export interface Box { x: number, y: number, width: number, height: number }

export interface VariableGeometry extends Box {
  frameId: string
  /** Top of the row of cells (below the field labels). */
  cellsY: number
  /** Centre of the pointer cell, where arrows start (absent when it has no pointer). */
  anchor?: { x: number, y: number }
  /** Where a reference to this variable arrives: the frame's right edge, mid-row. */
  inlet: { x: number, y: number }
}

export interface BlockGeometry extends Box {
  /** Where arrows arrive: the left edge, level with the first row. */
  inlet: { x: number, y: number }
}

/** An arrow is drawn in local coordinates from (0,0) to (length,0), then rotated into place. */
export interface ArrowGeometry {
  x: number
  y: number
  length: number
  /** Degrees, clockwise from the x axis (SVG's y grows downwards). */
  angle: number
  /** Sideways offset of the curve's control point; 0 is a straight arrow. */
  bulge: number
}

export interface LabelGeometry { x: number, y: number }

export interface StoryLayout {
  width: number
  height: number
  frames: Map<string, Box>
  variables: Map<string, VariableGeometry>
  blocks: Map<string, BlockGeometry>
  arrows: Map<string, ArrowGeometry>
  labels: Map<string, LabelGeometry>
  /** Ids in drawing order (first appearance). */
  order: { frames: string[], variables: string[], blocks: string[], arrows: string[] }
}

/** Ids in order of first appearance, keeping later arrivals next to their neighbours. */
function unionOrder(lists: string[][]): string[] {
  const order: string[] = []
  for (const list of lists) {
    let previous: string | undefined
    for (const item of list) {
      if (!order.includes(item)) {
        const at = previous === undefined
          ? 0
          : order.indexOf(previous) + 1
        order.splice(at, 0, item)
      }
      previous = item
    }
  }
  return order
}

function blockSize(block: MemoryBlock, labelled: boolean): { width: number, height: number, bodyHeight: number } {
  const m = metrics
  const cells = Math.max(block.capacity ?? 0, block.bytes?.length ?? 0)
  const rows = block.rows?.length ?? 0
  const bodyHeight = (block.title ? m.blockTitle : 0) + rows * m.blockRow + (cells ? m.cellHeight : 0) + 2 * m.blockPad
  const width = rows
    ? m.heapWidth
    : Math.max(60, cells * m.byteWidth + 2 * m.blockPad)
  return { width, height: bodyHeight + (labelled ? m.label : 0), bodyHeight }
}

export function layoutStory(story: MemoryStory): StoryLayout {
  const m = metrics
  const frameOrder = unionOrder(story.states.map(state => state.frames.map(frame => frame.id)))
  const blockOrder = unionOrder(story.states.map(state => state.blocks.map(block => block.id)))
  const arrowOrder = unionOrder(story.states.map(state => state.arrows.map(arrowId)))

  // Latest shape of each element, and which ones ever carry a label (their row reserves room).
  const variablesById = new Map<string, MemoryVariable>()
  const blocksById = new Map<string, MemoryBlock>()
  const labelled = new Set<string>()
  for (const state of story.states) {
    for (const frame of state.frames) {
      for (const variable of frame.variables) {
        const known = variablesById.get(variable.id)
        if (!known || variable.fields.length >= known.fields.length)
          variablesById.set(variable.id, variable)
        if (variable.status && variable.status !== 'live')
          labelled.add(variable.id)
      }
    }
    for (const block of state.blocks) {
      const known = blocksById.get(block.id)
      const size = (b: MemoryBlock) => blockSize(b, false).height * 1000 + blockSize(b, false).width
      if (!known || size(block) >= size(known))
        blocksById.set(block.id, block)
      if (block.status === 'freed')
        labelled.add(block.id)
    }
    for (const note of state.labels ?? [])
      labelled.add(note.target)
  }

  const frames = new Map<string, Box>()
  const variables = new Map<string, VariableGeometry>()
  const labels = new Map<string, LabelGeometry>()
  const variableOrder: string[] = []
  let y = m.columnTitle
  for (const frameId of frameOrder) {
    const top = y
    y += m.frameHeader
    const inFrame = unionOrder(story.states.map(state =>
      state.frames.find(frame => frame.id === frameId)?.variables.map(variable => variable.id) ?? []))
    for (const variableId of inFrame) {
      const variable = variablesById.get(variableId)!
      const hasFieldLabels = variable.fields.some(field => field.label)
      const x = m.stackX + m.framePad
      const cellsY = y + (hasFieldLabels ? m.fieldLabel : 0)
      const pointerIndex = variable.fields.findIndex(field => field.pointer)
      const cellsX = x + m.nameWidth
      const height = cellsY - y + m.cellHeight
      variables.set(variableId, {
        frameId,
        x,
        y,
        width: m.nameWidth + variable.fields.length * m.cellWidth,
        height,
        cellsY,
        anchor: pointerIndex < 0
          ? undefined
          : { x: cellsX + (pointerIndex + 0.5) * m.cellWidth, y: cellsY + m.cellHeight / 2 },
        inlet: { x: m.stackX + m.frameWidth, y: cellsY + m.cellHeight / 2 },
      })
      variableOrder.push(variableId)
      y += height
      if (labelled.has(variableId)) {
        labels.set(variableId, { x, y: y + 2 })
        y += m.label
      }
      y += m.rowGap
    }
    y += m.framePad - m.rowGap
    frames.set(frameId, {
      x: m.stackX,
      y: top,
      width: m.frameWidth,
      height: Math.max(y - top, m.frameHeader + m.framePad),
    })
    y += m.blockGap
  }
  const stackBottom = y

  const blocks = new Map<string, BlockGeometry>()
  y = m.columnTitle
  for (const blockId of blockOrder) {
    const block = blocksById.get(blockId)!
    const size = blockSize(block, labelled.has(blockId))
    blocks.set(blockId, {
      x: m.heapX,
      y,
      width: size.width,
      height: size.bodyHeight,
      inlet: { x: m.heapX, y: y + m.blockPad + (block.title ? m.blockTitle : 0) + (block.rows?.length ? m.blockRow : m.cellHeight) / 2 },
    })
    if (labelled.has(blockId))
      labels.set(blockId, { x: m.heapX, y: y + size.bodyHeight + 2 })
    y += size.height + m.blockGap
  }
  const heapBottom = y

  const arrows = new Map<string, ArrowGeometry>()
  for (const state of story.states) {
    for (const arrow of state.arrows) {
      const key = arrowId(arrow)
      if (arrows.has(key))
        continue
      const start = variables.get(arrow.from)?.anchor
      const toVariable = variables.get(arrow.to)
      const end = toVariable?.inlet ?? blocks.get(arrow.to)?.inlet
      if (!start || !end)
        continue
      arrows.set(key, arrowBetween(start, end, toVariable ? m.borrowBulge : 0))
    }
  }

  return {
    width: m.width,
    height: Math.ceil(Math.max(stackBottom, heapBottom)),
    frames,
    variables,
    blocks,
    arrows,
    labels,
    order: {
      frames: frameOrder,
      variables: variableOrder,
      blocks: blockOrder,
      arrows: arrowOrder,
    },
  }
}

/** A straight or curved arrow from start to end; a curve bulges towards +x (right). */
export function arrowBetween(start: { x: number, y: number }, end: { x: number, y: number }, bulge: number): ArrowGeometry {
  const dx = end.x - start.x
  const dy = end.y - start.y
  const length = Math.max(Math.hypot(dx, dy) - metrics.arrowGap, 1)
  const radians = Math.atan2(dy, dx)
  // Local +y maps to (-sin, cos) on screen: pick the sign that bends the curve rightwards.
  const side = -Math.sin(radians) >= 0
    ? 1
    : -1
  return {
    x: start.x,
    y: start.y,
    length,
    angle: radians * 180 / Math.PI,
    bulge: bulge * side,
  }
}
