// The convoy slide's figure, drawn from the committed recording (data/gil/python-convoy.json,
// written by `npm run gil:record -- --only convoy`): what it shows is what the data says, the data
// supports the slide's claim, and a broken file is reported on the slide.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ConvoyChart from '../../components/ConvoyChart.vue'
import recording from '../../data/gil/python-convoy.json'
import { convoySummary, quantile, validateConvoy } from '../../lib/gil/convoy'

describe('convoy recording', () => {
  const result = validateConvoy(recording)

  it('is a valid recording by the convoy recorder, naming its machine and Python', () => {
    expect(result.ok && result.value.recorder).toBe('snippets/gil/python/convoy.py')
    if (!result.ok)
      return
    expect(result.value.machine.python).toMatch(/^3\.\d+/)
    expect(result.value.machine.cpuModel.length).toBeGreaterThan(0)
  })

  it('supports the slide: beside a CPU-bound thread, each wake-up waits about a switch interval; alone, almost nothing', () => {
    if (!result.ok)
      throw new Error(result.issues.join('; '))
    const { rows: [alone, beside] } = convoySummary(result.value)
    expect(beside.medianMs).toBeGreaterThanOrEqual(result.value.switchIntervalMs * 0.5)
    expect(alone.medianMs).toBeLessThan(result.value.switchIntervalMs * 0.25)
  })
})

describe('convoy chart', () => {
  it('shows the recorded medians and the switch interval', () => {
    const result = validateConvoy(recording)
    if (!result.ok)
      throw new Error(result.issues.join('; '))
    const summary = convoySummary(result.value)
    const wrapper = mount(ConvoyChart, {
      props: { trace: recording },
    })
    const values = wrapper.findAll('.convoy-value').map(text => text.text())
    expect(values).toEqual(summary.rows.map(row => `${row.medianMs < 1
      ? row.medianMs.toFixed(2)
      : row.medianMs.toFixed(1)} ms`))
    expect(wrapper.find('.convoy-switch-label').text()).toBe(`switch interval ${recording.switchIntervalMs} ms`)
    expect(wrapper.find('figcaption').text()).toContain(`${summary.slowdown.toFixed(1)}x`)
    expect(wrapper.find('figcaption').text()).toContain(`Python ${recording.machine.python}`)
  })

  it('reports a broken recording instead of drawing it', () => {
    const wrapper = mount(ConvoyChart, {
      props: {
        trace: {
          ...recording,
          besideCpu: { latenciesNs: [] },
        },
      },
    })
    expect(wrapper.find('[role="alert"]').text()).toContain('besideCpu.latenciesNs')
    expect(wrapper.find('svg').exists()).toBe(false)
  })

  it('takes nearest-rank quantiles', () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3)
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9)
    expect(() => quantile([], 0.5)).toThrow('no values')
  })
})
