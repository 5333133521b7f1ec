import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EtlResultsChart from '../../components/EtlResultsChart.vue'
import { formatFactor, formatMegabytes } from '../../lib/etl/format'
import { etlVariantIds, parseEtlResults, wasBusy } from '../../lib/etl/results'
import { median } from '../../lib/shared/stats'

// The committed results file, read from disk (not through the component's own import), so
// the test checks the chart against the data rather than against itself.
const committed = JSON.parse(readFileSync(join(process.cwd(), 'data/etl/results.json'), 'utf8')) as EtlResults

function clone(): EtlResults {
  return structuredClone(committed)
}

describe('data/etl/results.json', () => {
  it('passes the schema', () => {
    const parsed = parseEtlResults(committed)
    expect(parsed.ok
      ? []
      : parsed.issues).toEqual([])
  })

  it('has every variant, measured or skipped with a reason, Python first, figures consistent with the runs', () => {
    const ids = [
      ...committed.variants.map(v => v.id),
      ...committed.skipped.map(s => s.id),
    ]
    expect(ids.sort()).toEqual([...etlVariantIds].sort())
    expect(committed.variants.filter(v => v.chart).length + committed.skipped.length).toBe(etlVariantIds.length - committed.variants.filter(v => !v.chart).length)
    for (const skipped of committed.skipped)
      expect(skipped.reason.length).toBeGreaterThan(10)
    expect(committed.runsPerVariant).toBeGreaterThanOrEqual(5)
    expect(committed.variants.find(v => v.id === 'polars')?.phases).toBeDefined()
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
    const problems = parsed.ok
      ? []
      : parsed.issues
    expect(problems.some(p => p.startsWith('results.variants.2.medianSeconds:'))).toBe(true)
    expect(problems.some(p => p.startsWith('results.machine.cpuModel:'))).toBe(true)
  })

  it('refuses figures that do not follow from the runs', () => {
    const broken = clone()
    broken.variants[1]!.medianSeconds *= 2
    const parsed = parseEtlResults(broken)
    expect(parsed.ok
      ? []
      : parsed.issues).toContain('results.variants.1.medianSeconds: is not the median of runsSeconds')
  })

  it('refuses a goal marked met that its figures miss', () => {
    const broken = clone()
    const goal = broken.goals.find(g => g.measured !== null)!
    goal.met = !goal.met
    const parsed = parseEtlResults(broken)
    expect(parsed.ok
      ? []
      : parsed.issues.join('\n')).toMatch(/^results\.goals\.\d+\.met: says/m)
  })

  it('refuses variants out of the slide\'s order', () => {
    const broken = clone()
    broken.variants.reverse()
    const parsed = parseEtlResults(broken)
    expect(parsed.ok
      ? []
      : parsed.issues.join('\n')).toContain('are not in the slide\'s order')
  })

  it('refuses a file without the Python baseline', () => {
    const broken = clone()
    broken.variants = broken.variants.filter(v => v.id !== 'python')
    expect(parseEtlResults(broken).ok).toBe(false)
  })

  it('calls a run busy for other programs\' CPU, not for a parallel variant\'s own load', () => {
    const quiet = clone()
    quiet.conditions.loadAverageAtStart = [0.3, 0.3, 0.3]
    for (const v of quiet.variants) {
      v.loadAfter = v.loadAfter.map(() => 2.9)
      v.otherCores = v.otherCores.map(() => 0.05)
    }
    expect(wasBusy(quiet)).toBe(false)
    const crowded = structuredClone(quiet)
    crowded.variants[1]!.otherCores[0] = 0.4
    expect(wasBusy(crowded)).toBe(true)
    const loadedAtStart = structuredClone(quiet)
    loadedAtStart.conditions.loadAverageAtStart = [2.5, 1, 1]
    expect(wasBusy(loadedAtStart)).toBe(true)
    crowded.conditions.busy = false
    expect(parseEtlResults(crowded).ok, 'busy must follow the rule').toBe(false)
  })
})

describe('etlResultsChart', () => {
  const charted = committed.variants.filter(v => v.chart)
  const percentOf = (style: string | undefined, property: string): number =>
    Number.parseFloat(new RegExp(`${property}: ([\\d.]+)%`).exec(style ?? '')?.[1] ?? 'NaN')

  it('renders the committed file by default: a label and a factor per variant, the machine in one line', () => {
    const wrapper = mount(EtlResultsChart)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.findAll('.etl-chart__label').map(label => label.text())).toEqual(charted.map(v => v.label))
    expect(wrapper.findAll('[data-testid="figure"]').map(figure => figure.text())).toEqual(charted.map(v => formatFactor(v.speedupVsPython)))
    const machine = wrapper.get('[data-testid="machine"]').text()
    expect(machine).toContain(`${committed.machine.logicalCores}-core`)
    expect(machine).toContain(`CPython ${committed.machine.interpreter.version} (`)
    expect(machine).toMatch(/load \d+\.\d\d–\d+\.\d\d/)
    expect(machine).toContain(`rustc ${committed.machine.rustc}`)
  })

  it('keeps the bookkeeping off the stage: no goals, no met or missed, no recording notes', () => {
    const text = mount(EtlResultsChart).text()
    for (const word of [
      'goal',
      'met ',
      'missed',
      'median of',
      committed.conditions,
    ])
      expect(text).not.toContain(word)
  })

  it('draws every bar on one axis: widths in proportion to the rates, Python and Rust in their colours', () => {
    const wrapper = mount(EtlResultsChart)
    const bars = wrapper.findAll('.etl-chart__bar')
    expect(bars.map(bar => bar.classes().find(c => c.startsWith('lang-')))).toEqual(charted.map(v => `lang-${v.language}`))
    const widths = bars.map(bar => percentOf(bar.attributes('style'), 'width'))
    charted.forEach((variant, index) => {
      expect(widths[index]! / widths[0]!).toBeCloseTo(variant.rowsPerSecond / charted[0]!.rowsPerSecond, 6)
    })
    expect(Math.max(...widths)).toBeLessThanOrEqual(100)
  })

  it('spans each whisker from the slowest run to the fastest, around the median bar', () => {
    const wrapper = mount(EtlResultsChart)
    const bars = wrapper.findAll('.etl-chart__bar')
    const whiskers = wrapper.findAll('[data-testid="whisker"]')
    expect(whiskers).toHaveLength(charted.length)
    charted.forEach((variant, index) => {
      const bar = percentOf(bars[index]!.attributes('style'), 'width')
      const left = percentOf(whiskers[index]!.attributes('style'), 'left')
      const width = percentOf(whiskers[index]!.attributes('style'), 'width')
      const rows = committed.input.rows
      const slowest = rows / Math.max(...variant.runsSeconds)
      const fastest = rows / Math.min(...variant.runsSeconds)
      expect(left / bar).toBeCloseTo(slowest / variant.rowsPerSecond, 6)
      expect((left + width) / bar).toBeCloseTo(fastest / variant.rowsPerSecond, 6)
    })
  })

  it('ends the axis on a round tick past the fastest run, the unit on the last tick only', () => {
    const ticks = mount(EtlResultsChart).findAll('.etl-chart__tick').map(tick => tick.text())
    expect(ticks[0]).toBe('0')
    expect(ticks.at(-1)).toMatch(/ rows\/s$/)
    expect(ticks.slice(0, -1).every(tick => !tick.includes(' '))).toBe(true)
    const fastestRun = Math.max(...charted.map(v => committed.input.rows / Math.min(...v.runsSeconds)))
    const last = ticks.at(-1)!.replace(' rows/s', '')
    const value = Number.parseFloat(last) * (last.endsWith('M')
      ? 1e6
      : last.endsWith('k')
        ? 1e3
        : 1)
    expect(value).toBeGreaterThanOrEqual(fastestRun)
  })

  it('shows one more bar per click', () => {
    const wrapper = mount(EtlResultsChart, {
      props: { step: 1 },
    })
    const labels = wrapper.findAll('.etl-chart__label')
    expect(labels.map(label => label.classes('etl-chart--hidden'))).toEqual(charted.map((_, index) => index >= 1))
    expect(labels.map(label => label.attributes('data-variant'))).toEqual(
      etlVariantIds.filter(id => charted.some(v => v.id === id)),
    )
  })

  it('keeps a row for a variant that was not measured, saying why', () => {
    const results = clone()
    const index = results.variants.findIndex(v => v.id === 'polars')
    const [polars] = results.variants.splice(index, 1)
    results.skipped = [
      ...results.skipped,
      { id: 'polars', label: polars!.label, reason: 'polars is not installed' },
    ]
    results.skipped.sort((a, b) => etlVariantIds.indexOf(a.id) - etlVariantIds.indexOf(b.id))
    const wrapper = mount(EtlResultsChart, {
      props: { results },
    })
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    const skipped = wrapper.findAll('[data-testid="skipped"]')
    expect(skipped.map(s => s.attributes('title'))).toContain('polars is not installed')
    expect(wrapper.findAll('.etl-chart__label').map(l => l.text())).toContain(polars!.label)
  })

  it('as memory: each variant\'s peak, and the one definition in the footer', () => {
    const wrapper = mount(EtlResultsChart, {
      props: { metric: 'memory' },
    })
    expect(wrapper.findAll('[data-testid="figure"]').map(figure => figure.text())).toEqual(charted.map(v => formatMegabytes(v.peakMemoryBytes)))
    const footer = wrapper.get('[data-testid="machine"]').text()
    expect(footer).toContain(committed.memory.definition)
    expect(wrapper.findAll('[data-testid="whisker"]')).toHaveLength(0)
  })

  it('a malformed file renders a visible error naming the problem', () => {
    const broken = clone() as unknown as Record<string, unknown>
    delete broken.machine
    const wrapper = mount(EtlResultsChart, {
      props: { results: broken },
    })
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('results file is malformed')
    expect(alert.text()).toContain('results.machine:')
    expect(wrapper.find('[data-testid="etl-chart"]').exists()).toBe(false)
  })

  it('something that is not a results file at all is reported, not drawn', () => {
    const wrapper = mount(EtlResultsChart, {
      props: { results: 'not json' },
    })
    expect(wrapper.get('[role="alert"]').text()).toContain('results:')
  })
})
