// The figures the stage says aloud (rounded rates and factors, a night's clock) and where they
// come from: the night's premise with a measured rate, and the interpreter's own count.
import type { EtlResults } from '../../lib/etl/results'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatClock, formatRoundFactor, formatRoundRate } from '../../lib/etl/format'
import { night, nightRun } from '../../lib/etl/night'
import { parseBytecodeCount } from '../../lib/pipeline/bytecode-count'
import { repoPath } from '../../toolchain/paths'

describe('figures as the stage says them', () => {
  it('rounds a rate to two significant figures with its unit', () => {
    expect(formatRoundRate(84_012)).toBe('84 k')
    expect(formatRoundRate(404_868)).toBe('400 k')
    expect(formatRoundRate(1_234_567)).toBe('1.2 M')
    expect(formatRoundRate(950)).toBe('950')
  })

  it('rounds a factor as said aloud: whole above one, one figure below', () => {
    expect(formatRoundFactor(6.95)).toBe('7×')
    expect(formatRoundFactor(11.68)).toBe('12×')
    expect(formatRoundFactor(1.04)).toBe('1×')
    expect(formatRoundFactor(0.826)).toBe('0.8×')
  })

  it('says a duration on a night\'s clock, never "0 min"', () => {
    expect(formatClock(5952)).toBe('1 h 39 min')
    expect(formatClock(3600)).toBe('1 h')
    expect(formatClock(856)).toBe('14 min')
    expect(formatClock(10)).toBe('1 min')
  })
})

describe('the night', () => {
  const results = JSON.parse(readFileSync(repoPath('data/etl/results.json'), 'utf8')) as EtlResults

  it('takes the night\'s rows at a variant\'s measured median rate, and says whether that fits the window', () => {
    const python = results.variants.find(v => v.id === 'python')!
    const run = nightRun(results, 'python')!
    expect(run.seconds).toBeCloseTo(night.rows / python.rowsPerSecond, 6)
    expect(run.fits).toBe(run.seconds <= night.windowSeconds)
    // Twice a second's rows do not fit in a one-second window; a second's rows just do.
    expect(nightRun(results, 'python', python.rowsPerSecond * 2, 1)!.fits).toBe(false)
    expect(nightRun(results, 'python', python.rowsPerSecond, 1)!.fits).toBe(true)
  })

  it('knows nothing of a variant that was not measured', () => {
    const without = {
      ...results,
      variants: results.variants.filter(v => v.id !== 'rust'),
    }
    expect(nightRun(without, 'rust')).toBeUndefined()
  })
})

describe('the bytecode count', () => {
  it('reads the recorded count, and the slide\'s "about 6 per +" follows from it', () => {
    const parsed = parseBytecodeCount(readFileSync(repoPath('snippets/python/bytecode_count.out'), 'utf8'))
    expect(parsed.ok).toBe(true)
    if (parsed.ok)
      expect(Math.round(parsed.value.perAddition)).toBe(6)
  })

  it('refuses output without the count line, or with no additions', () => {
    expect(parseBytecodeCount('STORE_FAST 2,001').ok).toBe(false)
    expect(parseBytecodeCount('12 instructions for 0 additions').ok).toBe(false)
  })
})
