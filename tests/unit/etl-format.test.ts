import type { EtlResults } from '../../lib/etl/results'
import { describe, expect, it } from 'vitest'
import { formatAxisRate, formatFactor, formatMegabytes, formatRate, formatSeconds } from '../../lib/etl/format'
import { machineLine, rateSpread } from '../../lib/etl/results'
import { median } from '../../lib/shared/stats'

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

  it('names the machine in one short line: cores and CPU, the two compilers, the rows', () => {
    const results = {
      machine: {
        cpuModel: 'Intel(R) Xeon(R) Processor @ 2.10GHz',
        logicalCores: 2,
        python: '3.13.0',
        rustc: '1.95.0',
      },
      input: { rows: 1_000_000 },
    } as unknown as EtlResults
    expect(machineLine(results)).toBe('2-core Intel Xeon · Python 3.13.0 · rustc 1.95.0 · 1,000,000 rows')
  })

  it('the run spread in rows a second: the slowest and the fastest run', () => {
    expect(rateSpread({
      runsSeconds: [2, 4, 5],
    }, 1000)).toEqual({ slowest: 200, fastest: 500 })
  })
})
