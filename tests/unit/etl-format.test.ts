import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeConditions, describeInput, describeMachine, formatFactor, formatMegabytes, formatRate, formatSeconds, formatSpread } from '../../lib/etl/format'
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

  it('names the machine, the date in UTC and the input', () => {
    const results = {
      measuredAt: '2026-11-27T23:59:00Z',
      runsPerVariant: 3,
      machine: {
        cpuModel: 'AMD EPYC',
        logicalCores: 2,
        python: '3.13.0',
        polars: '2.1.0',
        rustc: '1.95.0',
        crates: { csv: '1.4.0', rayon: '1.12.0' },
      },
      input: {
        rows: 1_000_000,
        badRows: 10_000,
        bytes: 145_000_000,
        seed: 1,
      },
    } as unknown as EtlResults
    expect(describeMachine(results)).toBe('AMD EPYC, 2 cores · Polars 2.1.0 · rustc 1.95.0 (csv 1.4.0, rayon 1.12.0) · 27 Nov 2026')
    expect(describeInput(results)).toBe('1,000,000 rows (145 MB), 1.0 % rejected, median of 3 runs')
  })

  it('names the interpreter build and the load range in one line, and says busy', () => {
    const interpreter = JSON.parse(readFileSync(repoPath('tests/fixtures/interpreters/debian-sid-3.15.2.json'), 'utf8')) as EtlResults['machine']['interpreter']
    const results = {
      machine: { interpreter },
      conditions: {
        loadAverageAtStart: [0.4, 1, 1],
        loadAverageAtEnd: [1.2, 1, 1],
        busyAbove: 2,
        busy: false,
      },
      variants: [
        {
          loadBefore: [0.5, 0.9],
          loadAfter: [1.95, 0.8],
        },
      ],
    } as unknown as EtlResults
    expect(describeConditions(results)).toBe('CPython 3.15.2 (Debian python3.15 3.15.2-1, PGO+LTO) · load 0.40–1.95')
    expect(describeConditions({
      ...results,
      conditions: { ...results.conditions, busy: true },
    })).toMatch(/, busy$/)
  })

  it('prints a median with the fastest and slowest run', () => {
    expect(formatSpread([1.31, 1.2, 1.23], 1.23)).toBe('1.23 s (1.20–1.31 s)')
  })
})
