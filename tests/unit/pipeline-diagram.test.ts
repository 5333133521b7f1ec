import type { PipelineStage } from '../../lib/pipeline/stages'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import PipelineDiagram from '../../components/PipelineDiagram.vue'
import { layoutPipeline } from '../../lib/pipeline/layout'
import { checkStages, defaultStages } from '../../lib/pipeline/stages'
import { clampStep } from '../../lib/shared/step'

const count = defaultStages.length

function statesOf(wrapper: ReturnType<typeof mount>): Record<string, string | undefined> {
  const states: Record<string, string | undefined> = {}
  for (const box of wrapper.findAll('[data-stage]'))
    states[box.attributes('data-stage')!] = box.attributes('data-state')
  return states
}

describe('pipeline stage data', () => {
  it('the default stages are valid, Python row first, then Rust', () => {
    const checked = checkStages(defaultStages)
    expect(checked.ok).toBe(true)
    const rowsInOrder = defaultStages.map(stage => stage.language)
    expect(rowsInOrder.indexOf('rust')).toBe(rowsInOrder.lastIndexOf('python') + 1)
  })

  it('tells the story the talk tells: Python compiles at run time, Rust before shipping', () => {
    const phaseOf = (id: string): string | undefined => defaultStages.find(stage => stage.id === id)?.phase
    expect(phaseOf('py-bytecode')).toBe('run')
    expect(phaseOf('py-eval')).toBe('run')
    for (const id of ['rs-mir', 'rs-llvm', 'rs-binary'])
      expect(phaseOf(id)).toBe('build')
    expect(defaultStages.find(stage => stage.id === 'py-jit')?.optional).toBe(true)
  })

  it.each([
    [
      [
        {
          id: 'a',
          language: 'go',
          phase: 'build',
          label: 'A',
          sub: '',
          detail: 'd',
        },
      ],
      /stage "a"\.language: unknown language "go"/,
    ],
    [
      [
        {
          id: 'a',
          language: 'rust',
          phase: 'later',
          label: 'A',
          sub: '',
          detail: 'd',
        },
      ],
      /stage "a"\.phase: unknown phase "later"/,
    ],
    [
      [
        {
          language: 'rust',
          phase: 'run',
          label: 'A',
          sub: '',
          detail: 'd',
        },
      ],
      /stage 0\.id: has no id/,
    ],
    [
      [
        {
          id: 'a',
          language: 'rust',
          phase: 'run',
          label: '',
          sub: '',
          detail: 'd',
        },
      ],
      /stage "a"\.label: is empty/,
    ],
    [
      [
        {
          id: 'a',
          language: 'rust',
          phase: 'run',
          label: 'A',
          sub: '',
          detail: 'd',
        },
        {
          id: 'a',
          language: 'rust',
          phase: 'run',
          label: 'B',
          sub: '',
          detail: 'd',
        },
      ],
      /stage "a"\.id: "a" appears twice/,
    ],
    [[], /^stages: is empty/],
    ['not a list', /must be an array/],
    [
      [42],
      /stage 0: .*expected object/,
    ],
  ])('rejects bad data with a message naming the problem (%#)', (input, message) => {
    const checked = checkStages(input)
    expect(checked.ok).toBe(false)
    if (!checked.ok)
      expect(checked.issues.join('\n')).toMatch(message)
  })
})

describe('pipeline layout', () => {
  it.each([
    [0, 0],
    [3, 3],
    [-2, 0],
    [count + 5, count],
    [2.8, 2],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, count],
    ['4', 0],
    [undefined, count],
  ])('clamps step %s to %s', (step, expected) => {
    expect(clampStep(step, count)).toBe(expected)
  })

  it('puts build stages left of the ship divider and run stages right of it', () => {
    const layout = layoutPipeline(defaultStages, 0)
    expect(layout.rows).toEqual(['python', 'rust'])
    expect(layout.buildColumns).toBe(4)
    expect(layout.runColumns).toBe(3)
    expect(layout.dividerColumn).toBe(5)
    for (const item of layout.placed) {
      if (item.stage.phase === 'build')
        expect(item.column).toBeLessThan(layout.dividerColumn)
      else
        expect(item.column).toBeGreaterThan(layout.dividerColumn)
    }
    const column = (id: string): number | undefined => layout.placed.find(item => item.stage.id === id)?.column
    expect(column('py-source')).toBe(1)
    expect(column('py-bytecode')).toBe(6)
    expect(column('rs-binary')).toBe(4)
    expect(column('rs-cpu')).toBe(6)
  })

  it('lights stages in order: earlier ones done, the latest one current', () => {
    const layout = layoutPipeline(defaultStages, 3)
    expect(layout.placed.map(item => item.state)).toEqual(
      defaultStages.map((_, index) => index < 2
        ? 'done'
        : index === 2
          ? 'current'
          : 'hidden'),
    )
    expect(layout.current?.id).toBe(defaultStages[2]!.id)
  })
})

describe('<PipelineDiagram>', () => {
  it('at step 0 nothing is lit and the caption is empty', () => {
    const wrapper = mount(PipelineDiagram, {
      props: { step: 0 },
    })
    expect(Object.values(statesOf(wrapper))).toEqual(Array.from({ length: count }).fill('hidden'))
    expect(wrapper.get('[data-testid="pipeline-caption"]').text()).toBe('')
  })

  it('each click lights one more stage and captions it', () => {
    for (let step = 1; step <= count; step++) {
      const wrapper = mount(PipelineDiagram, {
        props: { step },
      })
      const states = Object.values(statesOf(wrapper))
      expect(states.filter(state => state !== 'hidden')).toHaveLength(step)
      expect(states.filter(state => state === 'current')).toHaveLength(1)
      const current = defaultStages[step - 1]!
      const box = wrapper.get(`[data-stage="${current.id}"]`)
      expect(box.attributes('data-state')).toBe('current')
      expect(box.classes()).toContain(`lang-${current.language}`)
      expect(wrapper.get('[data-testid="pipeline-caption"]').text()).toBe(current.detail)
    }
  })

  it('shows every stage with its label, in its language\'s colour class', () => {
    const wrapper = mount(PipelineDiagram, {
      props: { step: count },
    })
    for (const stage of defaultStages) {
      const box = wrapper.get(`[data-stage="${stage.id}"]`)
      expect(box.text()).toContain(stage.label)
      expect(box.classes()).toContain(`lang-${stage.language}`)
    }
    expect(wrapper.text()).toContain('Python (CPython)')
    expect(wrapper.text()).toContain('Rust (rustc)')
  })

  it('clamps a bad step instead of breaking', () => {
    const tooFar = mount(PipelineDiagram, {
      props: { step: 500 },
    })
    expect(Object.values(statesOf(tooFar)).filter(state => state === 'hidden')).toHaveLength(0)
    const negative = mount(PipelineDiagram, {
      props: { step: -4 },
    })
    expect(Object.values(statesOf(negative)).every(state => state === 'hidden')).toBe(true)
  })

  it('without a step (outside a click-stepped slide) shows the whole pipeline', () => {
    const wrapper = mount(PipelineDiagram)
    expect(Object.values(statesOf(wrapper)).filter(state => state === 'hidden')).toHaveLength(0)
  })

  it('renders a visible error naming the problem for unknown stage data', () => {
    const stages = [
      {
        id: 'go-source',
        language: 'go',
        phase: 'build',
        label: 'Go',
        sub: '',
        detail: 'd',
      },
    ] as unknown as PipelineStage[]
    const wrapper = mount(PipelineDiagram, {
      props: { stages, step: 1 },
    })
    const error = wrapper.get('[role="alert"]')
    expect(error.text()).toContain('PipelineDiagram')
    expect(error.text()).toContain('go-source')
    expect(error.text()).toContain('"go"')
    expect(wrapper.find('[data-testid="pipeline-grid"]').exists()).toBe(false)
  })
})
