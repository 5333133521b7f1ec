import type { Lane, Phase, PipelineStage } from './stages'
import { lanes } from './stages'

// Where each stage sits and how lit it is, as plain numbers, so the component is a pure
// function of (stages, step) and the maths is unit-tested without a DOM.

/** hidden: not reached yet; done: lit by an earlier click; current: lit by this click. */
export type StageState = 'hidden' | 'done' | 'current'

export interface PlacedStage {
  stage: PipelineStage
  /** 1-based CSS grid row (lanes in `lanes` order, lanes without stages left out). */
  row: number
  /** 1-based CSS grid column; build columns first, then the "ship" gap, then run columns. */
  column: number
  /** 1-based position in the click order. */
  order: number
  state: StageState
}

export interface PipelineLayout {
  placed: PlacedStage[]
  lanesShown: Lane[]
  buildColumns: number
  runColumns: number
  /** Grid column of the divider between build and run. */
  dividerColumn: number
  totalColumns: number
  /** The step after clamping: how many stages are lit. */
  step: number
  /** The stage lit by the latest click, if any. */
  current: PipelineStage | undefined
}

/**
 * A step outside 0..count (negative, too large, fractional, NaN, not a number) clamps into
 * range instead of breaking the diagram: a presenter can always click past the end.
 */
export function clampStep(step: unknown, count: number): number {
  if (typeof step !== 'number' || Number.isNaN(step))
    return 0
  return Math.min(count, Math.max(0, Math.floor(step)))
}

export function stateFor(order: number, step: number): StageState {
  if (order > step)
    return 'hidden'
  return order === step
    ? 'current'
    : 'done'
}

function stagesIn(stages: readonly PipelineStage[], lane: Lane, phase: Phase): PipelineStage[] {
  return stages.filter(stage => stage.lane === lane && stage.phase === phase)
}

export function layoutPipeline(stages: readonly PipelineStage[], rawStep: unknown): PipelineLayout {
  const step = clampStep(rawStep, stages.length)
  const lanesShown = lanes.filter(lane => stages.some(stage => stage.lane === lane))
  const buildColumns = Math.max(0, ...lanesShown.map(lane => stagesIn(stages, lane, 'build').length))
  const runColumns = Math.max(0, ...lanesShown.map(lane => stagesIn(stages, lane, 'run').length))
  const dividerColumn = buildColumns + 1

  const placed: PlacedStage[] = []
  for (const [laneIndex, lane] of lanesShown.entries()) {
    const place = (list: PipelineStage[], firstColumn: number): void => {
      for (const [index, stage] of list.entries()) {
        const order = stages.indexOf(stage) + 1
        placed.push({
          stage,
          row: laneIndex + 1,
          column: firstColumn + index,
          order,
          state: stateFor(order, step),
        })
      }
    }
    place(stagesIn(stages, lane, 'build'), 1)
    place(stagesIn(stages, lane, 'run'), dividerColumn + 1)
  }
  placed.sort((a, b) => a.order - b.order)

  return {
    placed,
    lanesShown,
    buildColumns,
    runColumns,
    dividerColumn,
    totalColumns: buildColumns + 1 + runColumns,
    step,
    current: step > 0
      ? stages[step - 1]
      : undefined,
  }
}
