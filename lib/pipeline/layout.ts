import type { Language } from '../shared/language'
import type { Phase, PipelineStage } from './stages'
import { languages } from '../shared/language'
import { clampStep } from '../shared/step'
import { pipelineClicks } from './stages'

// Where each stage sits and how lit it is, as plain numbers, so the component is a pure
// function of (stages, step) and the maths is unit-tested without a DOM.

/** hidden: not reached yet; done: lit by an earlier click; current: lit by this click. */
export type StageState = 'hidden' | 'done' | 'current'

export interface PlacedStage {
  stage: PipelineStage
  /** 1-based CSS grid column; build columns first, then the "ship" gap, then run columns. */
  column: number
  /** 1-based position in the click order. */
  order: number
  state: StageState
}

export interface PipelineLayout {
  placed: PlacedStage[]
  /** The languages that have stages, one row each, in `languages` order. */
  rows: Language[]
  buildColumns: number
  runColumns: number
  /** Grid column of the divider between build and run. */
  dividerColumn: number
  /** The step after clamping: how many stages are lit. */
  step: number
  /** The stage lit by the latest click, if any. */
  current: PipelineStage | undefined
}

export function stateFor(order: number, step: number): StageState {
  if (order > step)
    return 'hidden'
  return order === step
    ? 'current'
    : 'done'
}

function stagesIn(stages: readonly PipelineStage[], language: Language, phase: Phase): PipelineStage[] {
  return stages.filter(stage => stage.language === language && stage.phase === phase)
}

export function layoutPipeline(stages: readonly PipelineStage[], rawStep: unknown): PipelineLayout {
  const step = clampStep(rawStep, pipelineClicks(stages))
  const rows = languages.filter(language => stages.some(stage => stage.language === language))
  const buildColumns = Math.max(0, ...rows.map(language => stagesIn(stages, language, 'build').length))
  const runColumns = Math.max(0, ...rows.map(language => stagesIn(stages, language, 'run').length))
  const dividerColumn = buildColumns + 1

  const placed: PlacedStage[] = []
  for (const language of rows) {
    const place = (list: PipelineStage[], firstColumn: number): void => {
      for (const [index, stage] of list.entries()) {
        const order = stages.indexOf(stage) + 1
        placed.push({
          stage,
          column: firstColumn + index,
          order,
          state: stateFor(order, step),
        })
      }
    }
    place(stagesIn(stages, language, 'build'), 1)
    place(stagesIn(stages, language, 'run'), dividerColumn + 1)
  }
  placed.sort((a, b) => a.order - b.order)

  return {
    placed,
    rows,
    buildColumns,
    runColumns,
    dividerColumn,
    step,
    current: step > 0
      ? stages[step - 1]
      : undefined,
  }
}
