import { readdirSync, readFileSync } from 'node:fs'
import process from 'node:process'

// Peak memory of a process tree, read from /proc (Linux only): for a job with worker
// processes, whose real peak is the sum of each process's own, which wait4 cannot report.

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

/** A process's peak resident set so far (VmHWM), in bytes; undefined once it has ended. */
function peakResidentBytes(pid: number): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readProc(`/proc/${pid}/status`) ?? '')
  return match
    ? Number(match[1]) * 1024
    : undefined
}

/**
 * Samples, every `intervalMs`, the peak resident set of the first descendant of this process
 * running `program` and of everything it started; `stop()` ends sampling and returns the
 * sum of each process's peak, in bytes (0 when it was never seen).
 */
export function sampleTreePeak(program: string, intervalMs = 100): { stop: () => number } {
  const peaks = new Map<number, number>()
  const timer = setInterval(() => {
    const job = descendantsOf(process.pid).find(pid => readProc(`/proc/${pid}/cmdline`)?.split('\0')[0] === program)
    if (job === undefined)
      return
    for (const pid of [
      job,
      ...descendantsOf(job),
    ]) {
      const peak = peakResidentBytes(pid)
      if (peak !== undefined)
        peaks.set(pid, Math.max(peak, peaks.get(pid) ?? 0))
    }
  }, intervalMs)
  return {
    stop: () => {
      clearInterval(timer)
      return [
        ...peaks.values(),
      ].reduce((sum, peak) => sum + peak, 0)
    },
  }
}
