import { readdirSync, readFileSync } from 'node:fs'
import process from 'node:process'

// Peak memory of a process tree, read from /proc (Linux only), one definition for every
// variant of a job: the largest sum, over the samples, of the proportional set size (PSS,
// /proc/PID/smaps_rollup) of the job's process and everything it started. PSS splits a
// page shared by n processes n ways, so copy-on-write pages after fork and shared
// libraries count once for the tree, not once per worker (as VmHWM or ru_maxrss would).
// It is sampled: a peak shorter than the interval can be missed. (A cgroup's memory.peak
// would not be, but it needs a delegated cgroup v2 tree and counts the page cache of the
// files the job writes; this machine's memory controller is on cgroup v1.)

export const memoryDefinition = 'peak of the summed PSS (proportional set size, /proc/PID/smaps_rollup) of the job\'s process tree, sampled'

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  }
  catch {
    return undefined // the process ended between listing and reading
  }
}

/** Direct children and further descendants of `root`. */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry)
      ? readProc(`/proc/${entry}/stat`)
      : undefined
    // Fields after the ")" that closes the command name: state, then the parent's pid.
    if (stat)
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
  }
  const found: number[] = []
  const frontier = [root]
  while (frontier.length > 0) {
    const current = frontier.pop()!
    for (const [pid, parent] of parentOf) {
      if (parent === current) {
        found.push(pid)
        frontier.push(pid)
      }
    }
  }
  return found
}

/** A process's proportional set size now, in bytes; undefined once it has ended. */
function pssBytes(pid: number): number | undefined {
  const match = /^Pss:\s+(\d+) kB$/m.exec(readProc(`/proc/${pid}/smaps_rollup`) ?? '')
  return match
    ? Number(match[1]) * 1024
    : undefined
}

/**
 * Samples, every `intervalMs`, the summed PSS of the first descendant of this process
 * running `program` and of everything it started; `stop()` ends sampling and returns the
 * largest sum, in bytes, and how many samples saw the job (0 when it was never seen).
 */
export function sampleTreePss(program: string, intervalMs: number): { stop: () => { peakBytes: number, samples: number } } {
  let peakBytes = 0
  let samples = 0
  const sample = (): void => {
    const job = descendantsOf(process.pid).find(pid => readProc(`/proc/${pid}/cmdline`)?.split('\0')[0] === program)
    if (job === undefined)
      return
    let sum = 0
    for (const pid of [
      job,
      ...descendantsOf(job),
    ])
      sum += pssBytes(pid) ?? 0
    if (sum > 0) {
      samples++
      peakBytes = Math.max(peakBytes, sum)
    }
  }
  const timer = setInterval(sample, intervalMs)
  return {
    stop: () => {
      clearInterval(timer)
      return { peakBytes, samples }
    },
  }
}
