import type { LiveEvent } from '../../lib/etl/live'
import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import EtlLiveRun from '../../components/EtlLiveRun.vue'
import { applyLiveEvent, formatLiveEvent, initialLiveState, liveResults, parseLiveLine, splitLines } from '../../lib/etl/live'
import { parseEtlResults } from '../../lib/etl/results'
import { describeInterpreter } from '../../lib/shared/interpreter'

const committed = JSON.parse(readFileSync(join(process.cwd(), 'data/etl/results.json'), 'utf8')) as EtlResults

// A live run's events, made from the committed results as if it had measured them again.
function startEvent(): Extract<LiveEvent, { type: 'start' }> {
  return {
    type: 'start',
    machine: committed.machine,
    conditions: { loadAverageAtStart: committed.conditions.loadAverageAtStart, busyAbove: committed.conditions.busyAbove, othersBusyAbove: committed.conditions.othersBusyAbove },
    input: committed.input,
    runsPerVariant: 1,
    memory: committed.memory,
    planned: committed.variants.map(v => ({ id: v.id, label: v.label })),
    skipped: committed.skipped,
  }
}
function variantEvent(index: number): Extract<LiveEvent, { type: 'variant' }> {
  const v = structuredClone(committed.variants[index]!)
  return {
    type: 'variant',
    result: {
      ...v,
      runsSeconds: [v.medianSeconds],
      loadBefore: [v.loadBefore[0]!],
      loadAfter: [v.loadAfter[0]!],
      otherCores: [v.otherCores[0]!],
    },
  }
}

describe('live-run events', () => {
  it('round-trip through a line, and ordinary output is not an event', () => {
    const event = variantEvent(0)
    expect(parseLiveLine(formatLiveEvent(event))).toEqual(event)
    expect(parseLiveLine('etl-bench: checked Python: same bytes and report as Python')).toBeUndefined()
  })

  it('a JSON line that is not an event is an error naming the field', () => {
    expect(() => parseLiveLine('{"type":"variant","result":{"id":"cobol"}}')).toThrow(/result\.id/)
    expect(() => parseLiveLine('{not json')).toThrow(/not a JSON line/)
  })

  it('splits a stream into whole lines across chunks', () => {
    const first = splitLines('', '{"a":1}\n{"b"')
    expect(first).toEqual({
      lines: ['{"a":1}'],
      rest: '{"b"',
    })
    expect(splitLines(first.rest, ':2}\n')).toEqual({
      lines: ['{"b":2}'],
      rest: '',
    })
  })
})

describe('liveResults', () => {
  const at = new Date('2026-12-01T22:00:00Z')

  it('has nothing to draw before Python (the reference) has finished', () => {
    expect(liveResults(applyLiveEvent(initialLiveState(), startEvent()), at)).toBeUndefined()
  })

  it('grows one variant at a time, valid against the results schema, the rest listed as running', () => {
    let state = applyLiveEvent(initialLiveState(), startEvent())
    const total = committed.variants.length
    for (let index = 0; index < total; index++) {
      state = applyLiveEvent(state, variantEvent(index))
      const results = liveResults(state, at)!
      const parsed = parseEtlResults(results)
      expect(parsed.ok
        ? []
        : parsed.issues).toEqual([])
      expect(results.variants.map(v => v.id)).toEqual(committed.variants.slice(0, index + 1).map(v => v.id))
      expect(results.skipped.filter(s => s.reason === 'running…')).toHaveLength(total - index - 1)
      expect(results.machine).toEqual(committed.machine)
    }
    expect(applyLiveEvent(state, { type: 'done', output: '/tmp/x.json' }).done).toBe(true)
  })
})

// The control is an async component (its own chunk, dev only): let it load.
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

describe('etlLiveRun', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.unstubAllGlobals()
  })

  it('in a production build: the recorded chart and no button', async () => {
    vi.stubEnv('DEV', false)
    vi.stubGlobal('__ETL_LIVE__', { url: '/x', header: 'x-t', token: 't' })
    const wrapper = mount(EtlLiveRun, {
      props: { step: 2 },
    })
    await settle()
    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.get('[data-testid="machine"]').text()).toContain(`CPython ${committed.machine.interpreter.version} (`)
    expect(wrapper.findAll('.etl-chart__label.etl-chart--hidden').length).toBeGreaterThan(0)
  })

  it('on the dev server: a button; a failed run shows why, and the recorded chart', async () => {
    vi.stubGlobal('__ETL_LIVE__', { url: '/__etl-live/run', header: 'x-etl-live-token', token: 'secret' })
    const lines = [
      formatLiveEvent(startEvent()),
      formatLiveEvent(variantEvent(0)),
      formatLiveEvent({ type: 'error', message: 'the benchmark exited with 1: etl-bench: cargo not found' }),
    ]
    const fetchMock = vi.fn(async () => new Response(`${lines.join('\n')}\n`, { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(EtlLiveRun)
    await vi.waitFor(async () => {
      await settle()
      wrapper.get('button')
    })
    const button = wrapper.get('button')
    expect(button.text()).toBe('Run it live')
    await button.trigger('click')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(wrapper.find('[role="alert"]').exists()).toBe(true)
    })
    expect(fetchMock).toHaveBeenCalledWith('/__etl-live/run', expect.objectContaining({
      method: 'POST',
      headers: { 'x-etl-live-token': 'secret' },
    }))
    expect(wrapper.get('[role="alert"]').text()).toContain('cargo not found')
    expect(wrapper.find('[data-testid="etl-live-chart"]').exists()).toBe(false)
    // The recorded chart, which names the build its Python figures ran on.
    expect(wrapper.get('[data-testid="machine"]').text()).toContain(`CPython ${committed.machine.interpreter.version} (`)
  })

  it('on the dev server: a finished run draws the live figures', async () => {
    vi.stubGlobal('__ETL_LIVE__', { url: '/__etl-live/run', header: 'x-etl-live-token', token: 'secret' })
    const lines = [
      startEvent(),
      ...committed.variants.map((_, i) => variantEvent(i)),
      { type: 'done', output: '/tmp/r.json' } as const,
    ].map(formatLiveEvent)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(`${lines.join('\n')}\n`, { status: 200 })))
    const wrapper = mount(EtlLiveRun)
    await vi.waitFor(async () => {
      await settle()
      wrapper.get('button')
    })
    await wrapper.get('button').trigger('click')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(wrapper.find('[data-testid="etl-live-chart"]').exists()).toBe(true)
      expect(wrapper.get('button').text()).toBe('Run it live')
    })
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    // The live figures name the build and the load they measured, as the recorded ones do.
    expect(wrapper.get('[data-testid="machine"]').text()).toContain(`${describeInterpreter(committed.machine.interpreter)} · rustc `)
  })
})
