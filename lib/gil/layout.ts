import { niceTicks } from '../shared/ticks'

/** Geometry of the timeline on Slidev's 980×552 canvas, kept out of the component for tests. */

export interface TimeScale {
  /** Nanoseconds → x in px. */
  x: (ns: number) => number
  /** Nanoseconds per px: the time one pixel stands for. */
  nsPerPx: number
  domainNs: number
}

export function timeScale(domainNs: number, left: number, width: number): TimeScale {
  const safeDomain = domainNs > 0
    ? domainNs
    : 1
  return {
    x: ns => left + (ns / safeDomain) * width,
    nsPerPx: safeDomain / width,
    domainNs: safeDomain,
  }
}

/** Round axis ticks (1, 2, 5 × 10^k ms) inside 0..maxMs, about `target` of them. */
export function niceTicksMs(maxMs: number, target = 5): number[] {
  return niceTicks(maxMs, target).filter(ms => ms <= maxMs * (1 + 1e-9))
}

export interface BlockLayout {
  /** Top of the scenario block (its caption line). */
  top: number
  /** Top of lane k. */
  laneTop: (k: number) => number
  laneHeight: number
  /** y of the time axis under the lanes. */
  axisY: number
  bottom: number
}

export const layoutConstants = {
  captionHeight: 24,
  laneGap: 4,
  axisHeight: 26,
  blockGap: 12,
}

/**
 * Stacks scenario blocks vertically; lanes shrink (down to 10 px) to fit the height, and
 * grow up to `maxLaneHeight` (30 px unless a slide with one trace wants taller lanes).
 */
export function stackBlocks(laneCounts: number[], height: number, maxLaneHeight = 30): BlockLayout[] {
  const { captionHeight, laneGap, axisHeight, blockGap } = layoutConstants
  const fixed = laneCounts.reduce((sum, n) => sum + captionHeight + axisHeight + n * laneGap, 0)
    + blockGap * Math.max(0, laneCounts.length - 1)
  const lanes = laneCounts.reduce((sum, n) => sum + n, 0)
  const laneHeight = Math.max(10, Math.min(maxLaneHeight, Math.floor((height - fixed) / Math.max(1, lanes))))
  const blocks: BlockLayout[] = []
  let y = 0
  for (const count of laneCounts) {
    const top = y
    const lanesTop = top + captionHeight
    const axisY = lanesTop + count * (laneHeight + laneGap)
    const bottom = axisY + axisHeight
    blocks.push({
      top,
      laneTop: k => lanesTop + k * (laneHeight + laneGap),
      laneHeight,
      axisY,
      bottom,
    })
    y = bottom + blockGap
  }
  return blocks
}

/**
 * Which parts of scenario block `index` a click step (clamped, lib/shared/step.ts) shows.
 * Two steps per scenario: its lanes appear, then the playhead sweeps across and reveals what
 * ran. Step 0 already shows the first scenario's lanes.
 */
export function blockState(step: number, index: number): { visible: boolean, swept: boolean } {
  const first = index * 2
  return { visible: step >= first, swept: step >= first + 1 }
}

/** Clicks a timeline needs to step through `scenarios` blocks. */
export function gilClicks(scenarios: number): number {
  return Math.max(0, scenarios * 2 - 1)
}
