import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatAxisRate, formatFactor, formatMegabytes, formatRate, formatSeconds, formatSpread } from '../../lib/etl/format'
import { machineLine, rateSpread } from '../../lib/etl/results'
import { median } from '../../lib/shared/stats'
import { repoPath } from '../../toolchain/paths'

describe('eTL figure formatting', () => {
  it('rates keep three significant figures with a unit', () => {
    expect(formatRate(1_234_567)).toBe('1.23 M')
    expect(formatRate(45_678)).toBe('45.7 k')
    expect(formatRate(999)).toBe('999')
  })

  it('factors and sizes', () => {
    expect(formatFactor(12.345)).toBe('12.3×')
    expect(formatFactor(1.04)).toBe('1.04×')
    expect(formatMegabytes(18_350_080)).toBe('18 MB')
    expect(formatMegabytes(7_200_000)).toBe('7.2 MB')
    expect(formatSeconds(0.0123)).toBe('0.0123 s')
    expect(formatSeconds(42.42)).toBe('42.4 s')
  })

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })

  it('axis ticks are one word each', () => {
    expect(formatAxisRate(0)).toBe('0')
    expect(formatAxisRate(500_000)).toBe('500k')
    expect(formatAxisRate(1_000_000)).toBe('1M')
    expect(formatAxisRate(1_500_000)).toBe('1.5M')
  })

  it('the run spread in rows a second: the slowest and the fastest run', () => {
    expect(rateSpread({
      runsSeconds: [2, 4, 5],
    }, 1000)).toEqual({ slowest: 200, fastest: 500 })
  })

  it('names the machine in one short line: cores and CPU, the interpreter build, rustc, the rows, the load', () => {
    const interpreter = JSON.parse(readFileSync(repoPath('tests/fixtures/interpreters/debian-sid-3.15.2.json'), 'utf8')) as EtlResults['machine']['interpreter']
    const results = {
      machine: {
        cpuModel: 'Intel(R) Xeon(R) Processor @ 2.10GHz',
        logicalCores: 2,
        interpreter,
        rustc: '1.95.0',
      },
      input: { rows: 1_000_000 },
      conditions: {
        loadAverageAtStart: [0.4, 1, 1],
        loadAverageAtEnd: [1.2, 1, 1],
        busyAbove: 2,
        othersBusyAbove: 0.25,
        busy: false,
      },
      variants: [
        {
          loadBefore: [0.5, 0.9],
          loadAfter: [1.95, 0.8],
          otherCores: [0.01, 0.02],
        },
      ],
    } as unknown as EtlResults
    expect(machineLine(results)).toBe('2-core Intel Xeon · CPython 3.15.2 (Debian python3.15 3.15.2-1, PGO+LTO) · rustc 1.95.0 · 1,000,000 rows · load 0.40–1.95')
    expect(machineLine({
      ...results,
      conditions: { ...results.conditions, busy: true },
    })).toMatch(/, busy$/)
  })

  it('prints a median with the fastest and slowest run', () => {
    expect(formatSpread([1.31, 1.2, 1.23], 1.23)).toBe('1.23 s (1.20–1.31 s)')
  })
})
