import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EtlResultsChart from '../../components/EtlResultsChart.vue'
import { formatFactor, formatMegabytes, formatRate } from '../../lib/etl/format'
import { median, parseEtlResults } from '../../lib/etl/results'

// The committed results file, read from disk (not through the component's own import), so
// the test checks the chart against the data rather than against itself.
const committed = JSON.parse(readFileSync(join(process.cwd(), 'data/etl/results.json'), 'utf8')) as EtlResults

function clone(): EtlResults {
  return structuredClone(committed)
}

describe('data/etl/results.json', () => {
  it('passes the schema', () => {
    const parsed = parseEtlResults(committed)
    expect(parsed.ok ? [] : parsed.problems).toEqual([])
  })

  it('has all four variants, Python first, and figures consistent with the runs', () => {
    expect(committed.variants.map(v => v.id)).toEqual(['python', 'python-multiprocessing', 'rust', 'rust-parallel'])
    const python = committed.variants[0]!
    for (const variant of committed.variants) {
      expect(variant.speedupVsPython).toBeCloseTo(python.medianSeconds / variant.medianSeconds, 6)
      expect(variant.medianSeconds).toBe(median(variant.runsSeconds))
    }
  })
})

describe('the results schema', () => {
  it('names the field and the problem', () => {
    const broken = clone() as unknown as { variants: Array<Record<string, unknown>>, machine: Record<string, unknown> }
    broken.variants[2]!.medianSeconds = -1
    delete broken.machine.cpuModel
    const parsed = parseEtlResults(broken)
    expect(parsed.ok).toBe(false)
    const problems = parsed.ok ? [] : parsed.problems
    expect(problems.some(p => p.startsWith('variants.2.medianSeconds:'))).toBe(true)
    expect(problems.some(p => p.startsWith('machine.cpuModel:'))).toBe(true)
  })

  it('refuses figures that do not follow from the runs', () => {
    const broken = clone()
    broken.variants[1]!.medianSeconds *= 2
    const parsed = parseEtlResults(broken)
    expect(parsed.ok ? [] : parsed.problems).toContain('variants.1.medianSeconds: is not the median of runsSeconds')
  })

  it('refuses a file without the Python baseline', () => {
    const broken = clone()
    broken.variants = broken.variants.filter(v => v.id !== 'python')
    expect(parseEtlResults(broken).ok).toBe(false)
  })
})

describe('etlResultsChart', () => {
  it('renders the committed file by default, every figure taken from it', () => {
    const wrapper = mount(EtlResultsChart)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    const text = wrapper.text()
    for (const variant of committed.variants) {
      expect(text).toContain(variant.label)
      expect(text).toContain(formatRate(variant.rowsPerSecond))
      expect(text).toContain(formatFactor(variant.speedupVsPython))
      expect(text).toContain(formatMegabytes(variant.peakMemoryBytes))
    }
    const machine = wrapper.get('[data-testid="machine"]').text()
    expect(machine).toContain(committed.machine.cpuModel)
    expect(machine).toContain(`${committed.machine.logicalCores} cores`)
    expect(machine).toContain(`Python ${committed.machine.python}`)
    expect(machine).toContain(`rustc ${committed.machine.rustc}`)
    expect(machine).toContain(committed.input.rows.toLocaleString('en-US'))
  })

  it('colours Python bars and Rust bars with their language colour, longest bar for the fastest', () => {
    const wrapper = mount(EtlResultsChart)
    const bars = wrapper.findAll('.etl-chart__bar')
    expect(bars.map(bar => bar.classes().find(c => c.startsWith('etl-chart--')))).toEqual(
      committed.variants.map(v => `etl-chart--${v.language}`),
    )
    const widths = bars.map(bar => Number.parseFloat((bar.element as HTMLElement).style.width))
    const fastest = committed.variants.reduce((best, v, i) => v.rowsPerSecond > committed.variants[best]!.rowsPerSecond ? i : best, 0)
    expect(widths[fastest]).toBe(100)
    expect(Math.max(...widths)).toBe(100)
  })

  it('shows one more bar per click', () => {
    const wrapper = mount(EtlResultsChart, { props: { step: 1 } })
    const labels = wrapper.findAll('.etl-chart__label')
    expect(labels.map(label => label.classes('etl-chart--hidden'))).toEqual([false, true, true, true])
  })

  it('shows each goal as met or missed', () => {
    const wrapper = mount(EtlResultsChart)
    const goals = wrapper.findAll('.etl-chart__goals li')
    expect(goals).toHaveLength(committed.goals.length)
    committed.goals.forEach((goal, index) => {
      expect(goals[index]!.text().startsWith(goal.met ? 'met' : 'missed')).toBe(true)
    })
  })

  it('a malformed file renders a visible error naming the problem', () => {
    const broken = clone() as unknown as Record<string, unknown>
    delete broken.machine
    const wrapper = mount(EtlResultsChart, { props: { results: broken } })
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('results file is malformed')
    expect(alert.text()).toContain('machine:')
    expect(wrapper.find('[data-testid="etl-chart"]').exists()).toBe(false)
  })

  it('something that is not a results file at all is reported, not drawn', () => {
    const wrapper = mount(EtlResultsChart, { props: { results: 'not json' } })
    expect(wrapper.get('[role="alert"]').text()).toContain('file:')
  })
})
