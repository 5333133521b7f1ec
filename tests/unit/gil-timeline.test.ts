import type { GilTrace, Interval } from '../../lib/gil/schema'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import GilTimeline from '../../components/GilTimeline.vue'
import cpuThreads from '../../data/gil/python-threads-cpu-n4.json'
import rustThreads from '../../data/gil/rust-threads-n4.json'
import { concurrencyProfile, mergeIntervals, overlapShare, runningLanes, summarise } from '../../lib/gil/analysis'
import { blockState, gilClicks, niceTicksMs, timeScale } from '../../lib/gil/layout'
import { buildTimelineModel, columns, SWEEP_SPARE_PX } from '../../lib/gil/model'
import { validateTrace } from '../../lib/gil/schema'

const ms = 1e6

/** A small hand-made trace: `lanes` lists each lane's chunk intervals in ms. */
function makeTrace(lanes: Array<Array<[number, number]>>, overrides: Partial<GilTrace> = {}): GilTrace {
  const all = lanes.flat()
  const wallMs = Math.max(...all.map(([, end]) => end))
  return {
    schemaVersion: 1,
    scenario: 1,
    id: 'made-up',
    title: 'Made-up threads',
    language: 'python',
    workers: 'threads',
    illustrative: false,
    recorder: 'tests/unit/gil-timeline.test.ts',
    job: { chunks: all.length, stepsPerChunk: 1 },
    threads: lanes.length,
    switchIntervalMs: 5,
    wallNs: wallMs * ms,
    serialWallNs: wallMs * ms,
    lanes: lanes.map((intervals, k) => ({
      name: `thread ${k + 1}`,
      chunks: intervals.length,
      busyNs: intervals.reduce((sum, [s, e]) => sum + (e - s) * ms, 0),
      intervals: intervals.map(([s, e]): Interval => [s * ms, e * ms]),
    })),
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      os: 'Linux',
      python: '3.11.2',
      rustc: 'rustc 1.95.0',
    },
    recordedAt: '2026-11-27T00:00:00Z',
    ...overrides,
  }
}

/** Two lanes taking turns in 1 ms chunks, 5 chunks per turn, like threads under the GIL. */
function alternating(turns: number): Array<Array<[number, number]>> {
  const lanes: Array<Array<[number, number]>> = [[], []]
  for (let turn = 0; turn < turns; turn++) {
    for (let c = 0; c < 5; c++) {
      const start = turn * 5 + c
      lanes[turn % 2]!.push([start, start + 1])
    }
  }
  return lanes
}

function laneRects(wrapper: ReturnType<typeof mount>, block: number, lane: number) {
  return wrapper.findAll(`[data-block="${block}"] [data-lane="${lane}"] .gil-run`)
}

describe('trace validation', () => {
  it('accepts the committed recordings', () => {
    for (const trace of [cpuThreads, rustThreads])
      expect(validateTrace(trace)).toMatchObject({ ok: true })
  })

  it('names the problem: unknown schema version, missing lanes, backwards interval, lane count', () => {
    const good = makeTrace([
      [
        [0, 1],
      ],
      [
        [1, 2],
      ],
    ])
    expect(validateTrace({ ...good, schemaVersion: 2 })).toEqual({
      ok: false,
      issues: ['unknown schemaVersion 2 (this deck reads version 1)'],
    })
    const { lanes: _lanes, ...noLanes } = good
    expect(validateTrace(noLanes)).toEqual({
      ok: false,
      issues: ['trace has no lanes'],
    })
    expect(validateTrace({ ...good, lanes: [] })).toEqual({
      ok: false,
      issues: ['trace has an empty lanes list'],
    })
    const backwards = makeTrace([
      [
        [0, 1],
        [3, 2],
      ],
      [
        [1, 2],
      ],
    ])
    expect(validateTrace(backwards)).toEqual({
      ok: false,
      issues: ['lane "thread 1": interval 1 ends at 2.000 ms, before it starts at 3.000 ms'],
    })
    expect(validateTrace({ ...good, threads: 4 })).toEqual({
      ok: false,
      issues: ['trace says 4 threads but has 2 lanes'],
    })
    expect(validateTrace({ ...good, wallNs: 'soon' })).toMatchObject({
      ok: false,
      issues: [
        expect.stringContaining('trace.wallNs'),
      ],
    })
    expect(validateTrace('not a trace')).toEqual({
      ok: false,
      issues: ['trace is not a JSON object'],
    })
  })
})

describe('trace analysis', () => {
  it('measures no overlap when lanes take turns, full overlap when they run together', () => {
    expect(overlapShare(makeTrace(alternating(8)))).toBe(0)
    const together = makeTrace([
      [
        [0, 10],
      ],
      [
        [0, 10],
      ],
    ])
    expect(overlapShare(together)).toBe(1)
    expect(concurrencyProfile([
      [
        [0, 10],
      ],
      [
        [5, 15],
      ],
    ], 20)).toEqual([5, 10, 5])
  })

  it('treats a chunk paused part way through as not running', () => {
    // Lane 1's second chunk spans lane 2's turn: it was paused, and must not count as overlap.
    const trace = makeTrace([
      [
        [0, 1],
        [1, 12],
        [12, 13],
      ],
      [
        [2, 3],
        [3, 4],
        [4, 5],
        [5, 6],
        [6, 7],
        [7, 8],
        [8, 9],
        [9, 10],
        [10, 11],
      ],
    ])
    expect(runningLanes(trace)[0]).toEqual([
      [0, 1 * ms],
      [12 * ms, 13 * ms],
    ])
    expect(overlapShare(trace)).toBe(0)
  })

  it('merges chunks closer than the gap and keeps real gaps', () => {
    expect(mergeIntervals([
      [0, 10],
      [11, 20],
      [40, 50],
    ], 2)).toEqual([
      [0, 20],
      [40, 50],
    ])
  })

  it('summarises in words', () => {
    expect(summarise(makeTrace(alternating(8)))).toBe('Python, 2 threads, one at a time, 40 ms wall, 1.0x the speed of one thread')
    const rust = makeTrace([
      [
        [0, 10],
      ],
      [
        [0, 10],
      ],
      [
        [10, 20],
      ],
      [
        [10, 20],
      ],
    ], { language: 'rust', serialWallNs: 40 * ms })
    expect(summarise(rust)).toBe('Rust, 4 threads, on 2 cores, 20 ms wall, 2.0x the speed of one thread')
  })
})

describe('layout', () => {
  it('scales time linearly onto the lane width', () => {
    const scale = timeScale(200 * ms, 100, 600)
    expect(scale.x(0)).toBe(100)
    expect(scale.x(100 * ms)).toBe(400)
    expect(scale.x(200 * ms)).toBe(700)
    expect(niceTicksMs(581)).toEqual([0, 200, 400])
    expect(niceTicksMs(1000)).toEqual([0, 200, 400, 600, 800, 1000])
    expect(niceTicksMs(12.3)).toEqual([0, 5, 10])
  })

  it('gives each trace two steps', () => {
    expect(gilClicks(2)).toBe(3)
    expect(blockState(0, 0)).toEqual({ visible: true, swept: false })
    expect(blockState(1, 0)).toEqual({ visible: true, swept: true })
    expect(blockState(1, 1)).toEqual({ visible: false, swept: false })
    expect(blockState(2, 1)).toEqual({ visible: true, swept: false })
  })
})

describe('gilTimeline', () => {
  const width = 860

  it('lanes grow to fill the height only as far as the slide allows', () => {
    const laneHeight = (max?: number) => {
      const model = buildTimelineModel([cpuThreads], {
        width: 700,
        height: 320,
        axis: 'own',
        maxLaneHeight: max,
      })
      if (!model.ok)
        throw new Error(model.issues.join('\n'))
      return model.value.blocks[0]!.layout.laneHeight
    }
    expect(laneHeight()).toBe(30)
    expect(laneHeight(56)).toBeGreaterThan(30)
    expect(laneHeight(56)).toBeLessThanOrEqual(56)
  })

  it('draws one lane per thread of each trace', () => {
    const wrapper = mount(GilTimeline, {
      props: {
        traces: [
          cpuThreads,
          makeTrace(alternating(4)),
        ],
        step: 3,
      },
    })
    expect(wrapper.findAll('[data-block="0"] .gil-lane')).toHaveLength(cpuThreads.lanes.length)
    expect(wrapper.findAll('[data-block="1"] .gil-lane')).toHaveLength(2)
    // Lanes are labelled by number; the caption names what they are.
    expect(wrapper.findAll('[data-block="0"] .gil-lane-label').map(label => label.text())).toEqual(cpuThreads.lanes.map((_, k) => String(k + 1)))
  })

  it('places intervals by time: own axis per trace, or one shared axis', () => {
    const long = makeTrace([
      [
        [0, 50],
        [50, 100],
      ],
    ])
    const short = makeTrace([
      [
        [0, 25],
        [25, 50],
      ],
    ])
    const laneLeft = columns.labelWidth + columns.gutter
    const laneWidth = width - laneLeft - columns.figuresWidth - columns.gutter

    const own = mount(GilTimeline, {
      props: {
        traces: [long, short],
        step: 3,
        width,
      },
    })
    const ownShort = laneRects(own, 1, 0)[0]!
    expect(Number(ownShort.attributes('x'))).toBeCloseTo(laneLeft)
    expect(Number(ownShort.attributes('width'))).toBeCloseTo(laneWidth)

    const shared = mount(GilTimeline, {
      props: {
        traces: [long, short],
        step: 3,
        width,
        axis: 'shared',
      },
    })
    expect(Number(laneRects(shared, 1, 0)[0]!.attributes('width'))).toBeCloseTo(laneWidth / 2)
    expect(shared.findAll('[data-block="1"] .gil-axis text').map(t => t.text())).toContain('100 ms')
  })

  it('reveals lanes, sweeps the playhead, then shows the next trace', () => {
    const traces = [
      makeTrace(alternating(8)),
      makeTrace([
        [
          [0, 10],
        ],
        [
          [0, 10],
        ],
      ]),
    ]
    const wrapper = mount(GilTimeline, {
      props: { traces, step: 0, width },
    })
    const block = (i: number) => wrapper.find(`[data-block="${i}"]`)
    const sweep = (i: number) => wrapper.find(`[data-sweep="${i}"]`).attributes('style')

    expect(block(0).classes()).toContain('gil-block--shown')
    expect(block(0).classes()).not.toContain('gil-block--swept')
    expect(sweep(0)).toContain('translateX(0%)')
    expect(block(1).classes()).not.toContain('gil-block--shown')
    expect(block(1).attributes('aria-hidden')).toBe('true')

    return wrapper.setProps({ step: 1 }).then(async () => {
      expect(block(0).classes()).toContain('gil-block--swept')
      const laneWidth = width - columns.labelWidth - columns.gutter - columns.figuresWidth - columns.gutter
      expect(sweep(0)).toContain(`translateX(${(laneWidth / (laneWidth + SWEEP_SPARE_PX)) * 100}%)`)
      expect(block(1).classes()).not.toContain('gil-block--shown')

      await wrapper.setProps({ step: 2 })
      expect(block(1).classes()).toContain('gil-block--shown')
      expect(block(1).classes()).not.toContain('gil-block--swept')
      expect(wrapper.find('[data-testid="gil-step-text"]').text()).toContain('Python, 2 threads, one at a time')
    })
  })

  it('says in words what the current step shows, with the figures once a trace has run', async () => {
    const traces = [
      makeTrace(alternating(8)),
      makeTrace([
        [
          [0, 10],
        ],
        [
          [0, 10],
        ],
      ]),
    ]
    const wrapper = mount(GilTimeline, {
      props: { traces, step: 0, label: 'GIL turns' },
    })
    const said = () => ({
      desc: wrapper.find('svg desc').text(),
      text: wrapper.find('[data-testid="gil-step-text"]').text(),
    })
    expect(said().desc).toMatch(/^Step 1 of 4\. .*2 lanes, about to run\.$/)
    expect(said().desc).not.toContain('wall')
    await wrapper.setProps({ step: 1 })
    expect(said().desc).toContain('Step 2 of 4. Python, 2 threads, one at a time, 40 ms wall, ')
    expect(said().desc).toMatch(/x the speed of one thread\.$/)
    await wrapper.setProps({ step: 3 })
    expect(said().desc.split('. Python').length, 'both traces, with their figures').toBe(3)
    expect(said().text).toBe(said().desc)
  })

  it('has a title, a description and a text summary', () => {
    const wrapper = mount(GilTimeline, {
      props: {
        traces: [
          makeTrace(alternating(8)),
        ],
        label: 'GIL turns',
        step: 1,
      },
    })
    expect(wrapper.find('svg title').text()).toBe('GIL turns')
    expect(wrapper.find('svg desc').text()).toContain('2 threads, one at a time, 40 ms wall')
    expect(wrapper.find('svg').attributes('role')).toBe('img')
  })

  it('shows the wall time, the speed-up and the switch interval', () => {
    const wrapper = mount(GilTimeline, {
      props: {
        traces: [
          makeTrace(alternating(8), { serialWallNs: 80 * ms }),
        ],
        step: 1,
      },
    })
    expect(wrapper.find('.gil-wall').text()).toBe('40 ms')
    expect(wrapper.find('.gil-speed').text()).toBe('2.0× one thread')
    expect(wrapper.find('.gil-switch-label').text()).toBe('5 ms switch interval')
    expect(wrapper.find('.gil-switch').exists()).toBe(true)
  })

  it('labels an illustrative trace as not measured', () => {
    const wrapper = mount(GilTimeline, {
      props: {
        traces: [
          makeTrace(alternating(2), { illustrative: true, scenario: 5 }),
        ],
        step: 1,
      },
    })
    expect(wrapper.find('.gil-wall').text()).toBe('illustrative')
    expect(wrapper.find('.gil-speed').text()).toBe('not measured')
    expect(wrapper.find('svg desc').text()).toContain('illustrative shape (not a measurement)')
  })

  it('keeps the SVG light: thousands of recorded chunks become a few rects', () => {
    const rects = mount(GilTimeline, {
      props: {
        traces: [rustThreads],
        step: 1,
      },
    }).findAll('.gil-run')
    const chunks = rustThreads.lanes.reduce((sum, lane) => sum + lane.intervals.length, 0)
    expect(chunks).toBeGreaterThan(1000)
    expect(rects.length).toBeLessThan(chunks / 5)
    const model = buildTimelineModel([cpuThreads], { width, height: 390, axis: 'own' })
    expect(model.ok && model.value.blocks[0]!.rectCount).toBeLessThan(cpuThreads.lanes.reduce((sum, lane) => sum + lane.intervals.length, 0) / 2)
  })

  it('renders a visible error naming the problem instead of crashing', () => {
    const backwards = makeTrace([
      [
        [0, 1],
        [3, 2],
      ],
    ])
    for (const [traces, message] of [
      [
        [backwards],
        'trace 1 (made-up): lane "thread 1": interval 1 ends at 2.000 ms, before it starts at 3.000 ms',
      ],
      [
        [
          cpuThreads,
          {
            ...makeTrace([
              [
                [0, 1],
              ],
            ]),
            schemaVersion: 7,
          },
        ],
        'trace 2 (made-up): unknown schemaVersion 7',
      ],
      [
        [
          {
            ...makeTrace([
              [
                [0, 1],
              ],
            ]),
            lanes: undefined,
          },
        ],
        'trace 1 (made-up): trace has no lanes',
      ],
      [[], 'no traces given'],
    ] as const) {
      const wrapper = mount(GilTimeline, {
        props: {
          traces: [...traces],
        },
      })
      const alert = wrapper.find('[role="alert"]')
      expect(alert.exists()).toBe(true)
      expect(alert.text()).toContain(message)
      expect(wrapper.find('svg').exists()).toBe(false)
    }
  })
})
