// What the GIL slides say about the committed recordings (data/gil/*.json), checked on the
// recordings themselves, so a re-recording that contradicts the talk fails here. (The live
// recorders are checked for shape, checksums and that they run: tests/snippets/gil-recorders.)
import type { GilTrace } from '../../lib/gil/schema'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import processesN4 from '../../data/gil/python-processes-n4.json'
import cpuN4 from '../../data/gil/python-threads-cpu-n4.json'
import { overlapShare, parallelism, speedUp } from '../../lib/gil/analysis'
import { convoySummary, validateConvoy } from '../../lib/gil/convoy'
import { buildTimelineModel } from '../../lib/gil/model'
import { validateTrace } from '../../lib/gil/schema'
import { repoPath } from '../../toolchain/paths'

const dir = repoPath('data', 'gil')
const recordings = readdirSync(dir).filter(name => name.endsWith('.json') && name !== 'python-convoy.json').map((name) => {
  const result = validateTrace(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')))
  if (!result.ok)
    throw new Error(`${name}: ${result.issues.join('; ')}`)
  return [name, result.value] as [string, GilTrace]
})
const ofScenario = (...scenarios: number[]) => recordings.filter(([, trace]) => scenarios.includes(trace.scenario))

describe('gil claims on the committed recordings', () => {
  it('there are recordings of every scenario the slides show, measured rather than drawn', () => {
    expect([
      ...new Set(recordings.map(([, trace]) => trace.scenario)),
    ].sort()).toEqual(expect.arrayContaining([1, 2, 3, 4, 6]))
    expect(recordings.filter(([, trace]) => trace.illustrative).map(([name]) => name)).toEqual([])
  })

  it.each(ofScenario(1))('%s: CPU-bound threads never run at once, use one core, and are no faster (under 1.1x; Beazley\'s result)', (_, trace) => {
    // Up to 3 %: a GIL turn cut short on a busy machine can leave a paused chunk unrecognised.
    expect(overlapShare(trace)).toBeLessThanOrEqual(0.03)
    expect(parallelism(trace)).toBeLessThanOrEqual(1.15)
    expect(speedUp(trace)).toBeLessThan(1.1)
  })

  it.each(ofScenario(2))('%s: I/O-bound threads wait at the same time for most of the wall time', (_, trace) => {
    expect(overlapShare(trace, 'waits')).toBeGreaterThanOrEqual(0.5)
  })

  it.each(ofScenario(3, 4, 6))('%s: Rust threads, processes and extension threads run at once for at least half the wall time', (_, trace) => {
    expect(trace.machine.cores).toBeGreaterThanOrEqual(2)
    expect(overlapShare(trace)).toBeGreaterThanOrEqual(0.5)
  })

  it('convoy: beside a CPU-bound thread an I/O thread waits about a switch interval per wake-up; alone it does not', () => {
    const result = validateConvoy(JSON.parse(readFileSync(`${dir}/python-convoy.json`, 'utf8')))
    if (!result.ok)
      throw new Error(result.issues.join('; '))
    const [alone, beside] = convoySummary(result.value).rows
    expect(beside.medianMs).toBeGreaterThanOrEqual(result.value.switchIntervalMs / 2)
    expect(alone.medianMs).toBeLessThan(result.value.switchIntervalMs / 4)
  })

  it('draws the switch-interval tick on thread rows only: a worker process has no one to hand the GIL to', () => {
    const model = buildTimelineModel([cpuN4, processesN4], { width: 880, height: 390, axis: 'shared' })
    if (!model.ok)
      throw new Error('bad traces')
    expect(model.value.blocks.map(block => block.switchTick !== null)).toEqual([true, false])
  })
})
