import type { Checked } from '../shared/checked'
import type { BlockLayout } from './layout'
import type { GilTrace, Interval } from './schema'
import { failed } from '../shared/checked'
import { formatDuration, mergeIntervals, runningLanes, speedUp, summarise, waitLanes } from './analysis'
import { niceTicksMs, stackBlocks, timeScale } from './layout'
import { validateTrace } from './schema'

/** Everything the SVG draws for one scenario, in px; computed once per set of props. */
export interface RenderedBlock {
  id: string
  title: string
  language: GilTrace['language']
  illustrative: boolean
  layout: BlockLayout
  laneLeft: number
  laneWidth: number
  /** The box the sweep (cover and playhead) moves in: the lanes, plus room for the playhead. */
  sweepWindow: { x: number, y: number, width: number, height: number }
  /** How far the sweep moves when it has crossed, in % of the window's width. */
  sweepPercent: number
  /** `tag`: what the lane's label shows (the number of "thread 3"); `name`: the full name. */
  lanes: Array<{ name: string, tag: string, y: number, runs: Array<{ x: number, width: number }>, waits: Array<{ x: number, width: number }> }>
  ticks: Array<{ x: number, label: string }>
  /** The switch interval drawn from t = 0, when a GIL applies; labelled on the first block that has one. */
  switchTick: { x: number, width: number, label: string, labelled: boolean } | null
  wallLabel: string
  speedLabel: string
  summary: string
  rectCount: number
}

export type TimelineModel = Checked<{ blocks: RenderedBlock[], height: number }>

export interface ModelOptions {
  width: number
  height: number
  /** 'shared': one time axis for every block (same job, same scale); 'own': each block fits its wall time. */
  axis: 'shared' | 'own'
  /** The tallest a lane may grow, in px (lib/gil/layout.ts, stackBlocks). */
  maxLaneHeight?: number
}

export const columns = { labelWidth: 92, figuresWidth: 150, gutter: 10 }
/** Room past the lanes' right end, so the playhead stays visible where it stops. */
export const SWEEP_SPARE_PX = 3

// Drawing thousands of chunks as thousands of rects would make the SVG heavy and slow to
// animate. Chunks whose gap is under half a pixel are merged into one rect (a gap that
// small cannot be seen), and a rect is at least this wide so a lone chunk stays visible.
const MIN_RECT_PX = 0.75

function toRects(intervals: Interval[], x: (ns: number) => number, nsPerPx: number) {
  return mergeIntervals(intervals, nsPerPx * 0.5).map(([start, end]) => ({
    x: x(start),
    width: Math.max(MIN_RECT_PX, x(end) - x(start)),
  }))
}

/** "thread 3" → "3": lanes are labelled by number, the caption says what they are. */
export function laneTag(name: string): string {
  return /\d+$/.exec(name)?.[0] ?? name
}

/** The unit once, on the last tick ("0 100 200 300 ms"), in the last tick's unit: fewer words to read. */
export function tickLabels(ticksMs: number[]): Array<{ ms: number, label: string }> {
  const last = ticksMs.length - 1
  const seconds = (ticksMs[last] ?? 0) >= 1000
  return ticksMs.map((ms, index) => {
    const value = Number((seconds
      ? ms / 1000
      : ms).toPrecision(3))
    return {
      ms,
      label: index === last
        ? `${value} ${seconds ? 's' : 'ms'}`
        : String(value),
    }
  })
}

export function buildTimelineModel(rawTraces: unknown[], options: ModelOptions): TimelineModel {
  if (!Array.isArray(rawTraces) || rawTraces.length === 0)
    return failed('no traces given')
  const traces: GilTrace[] = []
  for (const [index, raw] of rawTraces.entries()) {
    const result = validateTrace(raw)
    if (!result.ok) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw
        ? ` (${String((raw as { id: unknown }).id)})`
        : ''
      return failed(...result.issues.map(issue => `trace ${index + 1}${id}: ${issue}`))
    }
    traces.push(result.value)
  }

  const { labelWidth, figuresWidth, gutter } = columns
  const laneLeft = labelWidth + gutter
  const laneWidth = Math.max(50, options.width - laneLeft - figuresWidth - gutter)
  const layouts = stackBlocks(traces.map(t => t.lanes.length), options.height, options.maxLaneHeight)
  const sharedDomain = Math.max(...traces.map(t => t.wallNs))

  const blocks = traces.map((trace, index): RenderedBlock => {
    const layout = layouts[index]!
    const scale = timeScale(options.axis === 'shared'
      ? sharedDomain
      : trace.wallNs, laneLeft, laneWidth)
    const running = runningLanes(trace)
    const waits = waitLanes(trace)
    const lanes = trace.lanes.map((lane, k) => ({
      name: lane.name,
      tag: laneTag(lane.name),
      y: layout.laneTop(k),
      runs: toRects(running[k]!, scale.x, scale.nsPerPx),
      waits: toRects(waits[k]!, scale.x, scale.nsPerPx),
    }))
    const domainMs = scale.domainNs / 1e6
    // Each worker process runs one thread, so no GIL hand-over happens there: no tick.
    const switchTick = trace.switchIntervalMs === null || trace.workers === 'processes'
      ? null
      : {
          x: laneLeft,
          width: Math.max(2, (trace.switchIntervalMs / domainMs) * laneWidth),
          label: `${Number(trace.switchIntervalMs.toPrecision(3))} ms switch interval`,
          labelled: !traces.slice(0, index).some(t => t.switchIntervalMs !== null && t.workers !== 'processes'),
        }
    return {
      id: trace.id,
      title: trace.title,
      language: trace.language,
      illustrative: trace.illustrative,
      layout,
      laneLeft,
      laneWidth,
      sweepWindow: {
        x: laneLeft,
        y: layout.top + 20,
        width: laneWidth + SWEEP_SPARE_PX,
        height: layout.axisY - layout.top - 20,
      },
      sweepPercent: ((scale.x(trace.wallNs) - laneLeft) / (laneWidth + SWEEP_SPARE_PX)) * 100,
      lanes,
      ticks: tickLabels(niceTicksMs(domainMs, 5)).map(({ ms, label }) => ({
        x: scale.x(ms * 1e6),
        label,
      })),
      switchTick,
      wallLabel: trace.illustrative
        ? 'illustrative'
        : formatDuration(trace.wallNs),
      speedLabel: trace.illustrative
        ? 'not measured'
        : `${speedUp(trace).toFixed(1)}× one thread`,
      summary: summarise(trace),
      rectCount: lanes.reduce((sum, lane) => sum + lane.runs.length + lane.waits.length, 0),
    }
  })
  return {
    ok: true,
    value: { blocks, height: layouts.at(-1)!.bottom },
  }
}
