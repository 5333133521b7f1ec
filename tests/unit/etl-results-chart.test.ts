import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EtlResultsChart from '../../components/EtlResultsChart.vue'
import { formatFactor, formatMegabytes, formatRate } from '../../lib/etl/format'
import { etlVariantIds, parseEtlResults } from '../../lib/etl/results'
import { median } from '../../lib/shared/stats'

// The committed results file, read from disk (not through the component's own import), so
// the test checks the chart against the data rather than against itself.
const committed = JSON.parse(readFileSync(join(process.cwd(), 'data/etl/results.json'), 'utf8')) as EtlResults

// The bars the slide draws: every variant but the story steps (par_chunks alone, Polars' regex split).
const charted = etlVariantIds.filter(id => id !== 'rust-par-chunks' && id !== 'polars-regex')

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
    expect(committed.variants.filter(v => v.chart).length + committed.skipped.length).toBe(charted.length)
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
})

describe('etlResultsChart', () => {
  it('renders the committed file by default, every figure taken from it', () => {
    const wrapper = mount(EtlResultsChart)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    const text = wrapper.text()
    for (const variant of committed.variants.filter(v => v.chart)) {
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
    expect(machine).toContain(`Polars ${committed.machine.polars}`)
    expect(machine).toContain(`rayon ${committed.machine.crates.rayon}`)
    expect(machine).toContain(committed.input.rows.toLocaleString('en-US'))
  })

  it('colours Python bars and Rust bars with their language colour, longest bar for the fastest', () => {
    const wrapper = mount(EtlResultsChart)
    const bars = wrapper.findAll('.etl-chart__bar')
    const charted = committed.variants.filter(v => v.chart)
    expect(bars.map(bar => bar.classes().find(c => c.startsWith('lang-')))).toEqual(
      charted.map(v => `lang-${v.language}`),
    )
    const widths = bars.map(bar => Number.parseFloat((bar.element as HTMLElement).style.width))
    const fastest = charted.reduce((best, v, i) => v.rowsPerSecond > charted[best]!.rowsPerSecond
      ? i
      : best, 0)
    expect(widths[fastest]).toBe(100)
    expect(Math.max(...widths)).toBe(100)
  })

  it('shows one more bar per click', () => {
    const wrapper = mount(EtlResultsChart, {
      props: { step: 1 },
    })
    const labels = wrapper.findAll('.etl-chart__label')
    expect(labels.map(label => label.classes('etl-chart--hidden'))).toEqual(charted.map((_, index) => index > 0))
    expect(labels.map(label => label.attributes('data-variant'))).toEqual(charted)
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

  it('a goal whose variant was not measured reads as open, not met', () => {
    const results = clone()
    results.goals[0] = { ...results.goals[0]!, measured: null, met: false }
    const wrapper = mount(EtlResultsChart, {
      props: { results },
    })
    const first = wrapper.findAll('.etl-chart__goals li')[0]!
    expect(first.text()).toMatch(/^open .*not measured/)
  })

  it('tells the rayon story: par_chunks alone, then with the I/O overlapped', () => {
    const wrapper = mount(EtlResultsChart)
    const byId = (id: string): number => committed.variants.find(v => v.id === id)!.medianSeconds
    const line = wrapper.get('[data-testid="scaling"]').text()
    expect(line).toContain(`par_chunks alone ${formatFactor(byId('rust') / byId('rust-par-chunks'))}`)
    expect(line).toContain(`own threads ${formatFactor(byId('rust') / byId('rust-parallel'))}`)
  })

  it('shows each goal as met or missed', () => {
    const wrapper = mount(EtlResultsChart)
    const goals = wrapper.findAll('.etl-chart__goals li')
    expect(goals.length).toBeGreaterThanOrEqual(committed.goals.length)
    committed.goals.forEach((goal, index) => {
      const status = goal.measured === null
        ? 'open'
        : goal.met ? 'met' : 'missed'
      expect(goals[index]!.text().startsWith(status)).toBe(true)
    })
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
