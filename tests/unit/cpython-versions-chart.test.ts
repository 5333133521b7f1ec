// The "newer CPython" figure, drawn from the committed recording (data/etl/cpython-versions.json,
// written by `npm run etl:cpython`): what it draws is what the file says, the verdict follows
// the spread, and a broken file is reported instead of drawn.
import type { CpythonVersions } from '../../lib/etl/cpython-versions'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import CpythonVersionsChart from '../../components/CpythonVersionsChart.vue'
import recording from '../../data/etl/cpython-versions.json'
import { cpythonVersionRows, cpythonVersionsVerdict, parseCpythonVersions } from '../../lib/etl/cpython-versions'
import { formatFactor, formatSeconds } from '../../lib/etl/format'

function committed(): CpythonVersions {
  const parsed = parseCpythonVersions(recording)
  if (!parsed.ok)
    throw new Error(parsed.issues.join('; '))
  return parsed.value
}

describe('data/etl/cpython-versions.json', () => {
  it('is a valid recording of Debian 12\'s own 3.11, the optimized 3.13, 3.14 and 3.15, 3.15 with its JIT on, and the unoptimized source build the notes speak of', () => {
    const file = committed()
    expect(file.recorder).toBe('scripts/cpython-versions.ts')
    const sourceBuilt = file.interpreters.filter(entry => entry.interpreter.origin.kind !== 'debian')
    expect(sourceBuilt.map(entry => [entry.interpreter.pgo, entry.interpreter.lto]), 'the source build is neither PGO nor LTO').toEqual([
      [false, false],
    ])
    expect(file.interpreters.filter(entry => !sourceBuilt.includes(entry)).map(entry => entry.minor + (entry.env.PYTHON_JIT ? ' JIT' : ''))).toEqual([
      '3.11',
      '3.13',
      '3.14',
      '3.15',
      '3.15 JIT',
    ])
    const jit = file.interpreters.at(-1)!
    expect(jit.env).toEqual({ PYTHON_JIT: '1' })
    expect(jit.interpreter.jit).toEqual({ available: true, enabled: true })
    expect(file.interpreters.slice(0, -1).every(entry => !entry.interpreter.jit?.enabled)).toBe(true)
    const [oldest] = file.interpreters
    expect(oldest!.interpreter.origin).toMatchObject({
      kind: 'debian',
      suite: expect.stringMatching(/^bookworm/),
    })
    for (const entry of file.interpreters.filter(entry => !sourceBuilt.includes(entry)))
      expect(entry.interpreter.pgo && entry.interpreter.lto).toBe(true)
    // The same protobuf runtime under every interpreter, so only the interpreter differs.
    expect(new Set(file.interpreters.map(entry => entry.protobuf)).size).toBe(1)
  })
})

describe('cpython versions chart', () => {
  it('draws a bar per release with its median, factor and spread, and names each build', () => {
    const file = committed()
    const rows = cpythonVersionRows(file)
    const wrapper = mount(CpythonVersionsChart)
    expect(wrapper.findAll('[data-row]').map(row => row.attributes('data-row'))).toEqual(rows.map(row => row.id))
    expect(wrapper.findAll('[data-testid="value"]').map(value => value.text())).toEqual(rows.map((row, index) =>
      `${formatSeconds(row.medianSeconds)} · ${index === 0
        ? 'baseline'
        : formatFactor(row.speedup)}`))
    expect(wrapper.findAll('[data-testid="spread"]')).toHaveLength(rows.length)
    const text = wrapper.text()
    for (const entry of file.interpreters)
      expect(text).toContain(`CPython ${entry.interpreter.version}`)
    expect(text).toContain(', JIT on')
    expect(text).toContain('PGO+LTO')
    expect(wrapper.get('[data-testid="verdict"]').text()).toBe(cpythonVersionsVerdict(file))
    expect(wrapper.get('[data-testid="load"]').text()).toMatch(/^load \d+\.\d\d–\d+\.\d\d/)
  })

  it('draws speed, so a faster release has the longer bar, as on the results chart', () => {
    const rows = cpythonVersionRows(committed())
    const wrapper = mount(CpythonVersionsChart)
    const widths = wrapper.findAll('.cpython-versions__bar').map(bar => Number(bar.attributes('width')))
    const byWidth = rows.map((row, index) => [row.speedup, widths[index]!] as const).sort((a, b) => a[0] - b[0])
    expect(byWidth.map(([, width]) => width)).toEqual([
      ...byWidth.map(([, width]) => width),
    ].sort((a, b) => a - b))
    expect(new Set(widths).size).toBeGreaterThan(1)
  })

  it('in brief: the releases by number, each factor to three figures (they differ by a few per cent), a build named only where it is unoptimized', () => {
    const file = committed()
    const rows = cpythonVersionRows(file)
    const wrapper = mount(CpythonVersionsChart, {
      props: { brief: true },
    })
    expect(wrapper.findAll('.cpython-versions__label').map(label => label.text())).toEqual(file.interpreters.map(entry => `${entry.interpreter.version}${entry.interpreter.jit?.enabled ? ', JIT on' : ''}`))
    expect(wrapper.findAll('[data-testid="value"]').map(value => value.text())).toEqual(rows.map((row, index) => index === 0
      ? 'baseline'
      : formatFactor(row.speedup)))
    expect(wrapper.findAll('.cpython-versions__build')).toHaveLength(file.interpreters.filter(entry => !entry.interpreter.pgo || !entry.interpreter.lto).length)
  })

  it('says "not measurably faster" when the newest release\'s runs overlap the oldest\'s', () => {
    const file = structuredClone(committed())
    const base = file.interpreters[0]!
    const newest = file.interpreters.filter(entry => !entry.interpreter.jit?.enabled).at(-1)!
    newest.runsSeconds = base.runsSeconds.map(seconds => seconds * 0.999)
    newest.medianSeconds = base.medianSeconds * 0.999
    expect(cpythonVersionsVerdict(file)).toMatch(/not measurably faster/)
    const wrapper = mount(CpythonVersionsChart, {
      props: { versions: file },
    })
    expect(wrapper.get(`[data-row="${newest.id}"]`).attributes('data-overlaps')).toBe('true')
  })

  it('draws no conclusion from fewer than three runs each', () => {
    const file = structuredClone(committed())
    file.runsPerInterpreter = 1
    for (const entry of file.interpreters) {
      entry.runsSeconds = [entry.medianSeconds]
      entry.loadBefore = [entry.loadBefore[0]!]
      entry.loadAfter = [entry.loadAfter[0]!]
      entry.otherCores = [entry.otherCores[0]!]
    }
    expect(cpythonVersionsVerdict(file)).toBe('One run each: too few to tell a difference from noise.')
  })

  it('reports a broken recording instead of drawing it', () => {
    const wrapper = mount(CpythonVersionsChart, {
      props: {
        versions: {
          ...recording,
          interpreters: [recording.interpreters[1], recording.interpreters[0]],
        },
      },
    })
    expect(wrapper.find('[role="alert"]').text()).toContain('is older than the one before')
    expect(wrapper.find('svg').exists()).toBe(false)
  })
})
