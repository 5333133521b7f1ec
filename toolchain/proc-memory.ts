import { readdirSync, readFileSync } from 'node:fs'
import process from 'node:process'

// Peak memory and CPU time of a process tree, read from /proc (Linux only). Memory has one
// definition for every variant of a job: the largest sum, over the samples, of the proportional set size (PSS,
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

/** A process's parent, and its user + system CPU seconds so far (from /proc/PID/stat). */
function statOf(pid: number): { parent: number, cpuSeconds: number } | undefined {
  const stat = readProc(`/proc/${pid}/stat`)
  if (!stat)
    return undefined
  // Fields after the ")" that closes the command name: state, ppid, ... utime (12th), stime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    parent: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
  }
}

/** A process's proportional set size now, in bytes; undefined once it has ended. */
function pssBytes(pid: number): number | undefined {
  const match = /^Pss:\s+(\d+) kB$/m.exec(readProc(`/proc/${pid}/smaps_rollup`) ?? '')
  return match
    ? Number(match[1]) * 1024
    : undefined
}

export interface TreeSample {
  /** The largest summed PSS, in bytes. */
  peakBytes: number
  /** How many samples saw the job (0 when it was never seen). */
  samples: number
  /**
   * CPU seconds of every process of the tree, each as last sampled: unlike the kernel's
   * wait4 figure it includes processes nobody in the tree waited for (the workers of a
   * forkserver, which outlives its parent), and misses at most an interval of each one's end.
   */
  cpuSeconds: number
}

/**
 * Samples, every `intervalMs`, the descendant of this process running `program` and
 * everything it started: the summed PSS and each one's CPU time. Each sample lists /proc
 * once and reads only processes it has not placed yet and those of the tree, so sampling
 * every 20 ms costs a few per cent of a core, not half of one.
 */
export function sampleTree(program: string, intervalMs: number): { stop: () => TreeSample } {
  const ours = new Set([process.pid])
  const tree = new Set<number>()
  const elsewhere = new Set<number>()
  const cpuOf = new Map<number, number>()
  let peakBytes = 0
  let samples = 0
  const parentOf = new Map<number, number>()
  const place = (pid: number, parent: number): void => {
    parentOf.set(pid, parent)
    if (tree.has(parent))
      tree.add(pid)
    else if (ours.has(parent))
      ours.add(pid)
    else
      elsewhere.add(pid)
  }
  const sample = (): void => {
    const unplaced = readdirSync('/proc').filter(entry => /^\d+$/.test(entry)).map(Number).filter(pid => !ours.has(pid) && !tree.has(pid) && !elsewhere.has(pid))
    // Parents before children (pids mostly ascend), so one pass places nearly all.
    for (const pid of unplaced.sort((a, b) => a - b)) {
      const stat = statOf(pid)
      if (stat)
        place(pid, stat.parent)
    }
    // Until the job shows up, look at our own descendants' command lines again: a child
    // first seen between fork and exec still shows its parent's.
    const job = tree.size === 0
      ? [...ours].find(pid => pid !== process.pid && readProc(`/proc/${pid}/cmdline`)?.split('\0')[0] === program)
      : undefined
    if (job !== undefined) {
      ours.delete(job)
      tree.add(job)
      for (let moved = true; moved;) {
        moved = false
        for (const pid of ours) {
          if (tree.has(parentOf.get(pid) ?? -1)) {
            ours.delete(pid)
            tree.add(pid)
            moved = true
          }
        }
      }
    }
    let sum = 0
    for (const pid of tree) {
      const stat = statOf(pid)
      if (stat)
        cpuOf.set(pid, stat.cpuSeconds)
      sum += pssBytes(pid) ?? 0
    }
    if (sum > 0) {
      samples++
      peakBytes = Math.max(peakBytes, sum)
    }
  }
  const timer = setInterval(sample, intervalMs)
  return {
    stop: () => {
      clearInterval(timer)
      return {
        peakBytes,
        samples,
        cpuSeconds: [
          ...cpuOf.values(),
        ].reduce((sum, cpu) => sum + cpu, 0),
      }
    },
  }
}
