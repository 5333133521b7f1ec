// The timed runs the ETL benchmark and the CPython comparison record, and the rules both
// files follow: every per-run list has one entry per run, the median is the runs' median,
// and one busy rule (the conditions' schema in results.ts says why it is this one).
import type { LoadAverage } from '../shared/interpreter'
import { median } from '../shared/stats'

export interface TimedRuns {
  runsSeconds: number[]
  medianSeconds: number
  loadBefore: number[]
  loadAfter: number[]
  otherCores: number[]
}

export interface BusyRule {
  loadAverageAtStart: LoadAverage
  busyAbove: number
  othersBusyAbove: number
}

/** Busy: the 1-minute load above the cores at the start, or other programs above the share during some run. */
export function isBusy(rule: BusyRule, entries: readonly Pick<TimedRuns, 'otherCores'>[]): boolean {
  return rule.loadAverageAtStart[0] > rule.busyAbove
    || entries.some(entry => entry.otherCores.some(cores => cores > rule.othersBusyAbove))
}

/** What is wrong with one entry's runs, as [field, message] pairs (none when all is well). */
export function runIssues(entry: TimedRuns, runs: number, runsName: string): [keyof TimedRuns, string][] {
  const issues: [keyof TimedRuns, string][] = ([
    'runsSeconds',
    'loadBefore',
    'loadAfter',
    'otherCores',
  ] as const)
    .filter(field => entry[field].length !== runs)
    .map(field => [field, `has ${entry[field].length} runs, ${runsName} says ${runs}`])
  if (Math.abs(median(entry.runsSeconds) - entry.medianSeconds) > 1e-9)
    issues.push(['medianSeconds', 'is not the median of runsSeconds'])
  return issues
}
