// Re-records every GIL timeline trace the deck shows (data/gil/*.json) and prints the
// scenario figures. Run when the machine is quiet: other load shows up in the lanes.
//   npm run gil:record                       every trace
//   npm run gil:record -- --only extension   only the traces whose id has that word
//   npm run gil:record -- --only convoy      only the convoy recording (python-convoy.json)
import type { GilTrace } from '../lib/gil/schema'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatDuration, medianChunkNs, overlapShare, parallelism, runningLanes, speedUp } from '../lib/gil/analysis'
import { convoySummary, validateConvoy } from '../lib/gil/convoy'
import { validateTrace } from '../lib/gil/schema'
import { orThrow } from '../lib/shared/checked'
import { describeInterpreter, describeLoad } from '../lib/shared/interpreter'
import { printTable } from '../toolchain/cli'
import { buildRelease } from '../toolchain/etl'
import { buildExtension } from '../toolchain/extension'
import { findFreeThreadedPython, recorderPaths, recordPython, recordRust } from '../toolchain/gil-recorders'
import { interpreterOf } from '../toolchain/interpreter'
import { loadNow } from '../toolchain/measure'
import { repoPath } from '../toolchain/paths'
import { pythonExecutable, rustcExecutable, versionOf } from '../toolchain/toolchains'

// Realistic sizes: the Python job takes about half a second on one thread, long enough for
// dozens of GIL hand-overs, short enough that each 5 ms turn is still visible on a slide.
const cpuJob = { chunks: 2000, steps: 2000 }
// The same chunks through the Rust extension: Rust needs ~100x the steps for the same time.
const extensionJob = { chunks: 2000, steps: 200_000 }
const ioJob = { 'requests': 48, 'steps': 2000, 'wait-ms': 10 }
// The convoy effect: 200 wake-ups of an I/O thread after 1 ms waits, alone and then beside
// a CPU-bound thread, at CPython's default 5 ms switch interval.
const convoyJob = { 'requests': 200, 'wait-ms': 1, 'switch-ms': 5 }
const convoyId = 'python-convoy'

const outDir = repoPath('data/gil')
mkdirSync(outDir, { recursive: true })
const python = pythonExecutable()
const { only } = parseArgs({
  options: {
    only: { type: 'string' },
  },
}).values

type LoadAverages = NonNullable<GilTrace['loadAverage']>

/** Runs one recording, noting the load averages just before and after it. */
function withLoad<T extends object>(make: () => T): T & { loadAverage: LoadAverages } {
  const before = loadNow()
  return Object.assign(make(), {
    loadAverage: {
      before,
      after: loadNow(),
    },
  })
}

const freeThreaded = findFreeThreadedPython()
const build = interpreterOf(python)
const rustc = versionOf(rustcExecutable())
/** Every recording names both toolchains of the recording machine, whichever recorded it. */
function save(trace: { id: string, machine: { python?: string | null, rustc?: string | null } }): void {
  trace.machine.python ??= build.version
  trace.machine.rustc ??= rustc
  writeFileSync(join(outDir, `${trace.id}.json`), `${JSON.stringify(trace)}\n`)
}

console.log(`recording with ${python} (${describeInterpreter(build)}) and ${rustc}`)
console.log(freeThreaded
  ? `free-threaded interpreter: ${freeThreaded} (${describeInterpreter(interpreterOf(freeThreaded))})`
  : 'no free-threaded CPython (PYTHON_FREE_THREADED, or python3.15t/3.14t/3.13t on PATH): scenario 5 is not recorded')
buildRelease('gil-recorder')
// Scenario 6 calls the fastclean extension: build it into the project environment first.
buildExtension()

/**
 * Other programs take cores away from a recording, and its lanes then show the neighbours
 * rather than the GIL or Rust. A CPU-bound one is kept once it got the cores' worth of CPU
 * it asked for (the lanes' CPU time / wall time), else retried up to 5 times, keeping the
 * attempt that got the most. Every attempt is printed.
 */
function recordQuietly(id: string, wanted: number, record: () => GilTrace): GilTrace {
  const cores = (trace: GilTrace): number => parallelism(trace) ?? wanted
  const attempts: GilTrace[] = []
  do attempts.push(record())
  while (attempts.length < 5 && cores(attempts.at(-1)!) < wanted)
  console.log(`${id}: got ${attempts.map(trace => cores(trace).toFixed(2)).join(', ')} cores' worth of CPU (wanted ${wanted.toFixed(2)})${attempts.length > 1
    ? '; kept the best attempt'
    : ''}`)
  return attempts.sort((a, b) => cores(b) - cores(a))[0]!
}

const traces: Array<GilTrace & { loadAverage: LoadAverages }> = []
/** Records the trace `id` unless --only leaves it out; `wanted`: the cores' worth a CPU-bound one must get. */
function record(id: string, wanted: number | undefined, make: () => unknown): void {
  if (only && !id.includes(only))
    return
  const attempt = (): GilTrace => orThrow(validateTrace(make()), `${id} wrote a bad trace`)
  traces.push(withLoad(wanted === undefined
    ? attempt
    : () => recordQuietly(id, wanted, attempt)))
}

for (const threads of [2, 4]) {
  const size = { threads, ...cpuJob }
  // Most of the machine's cores; a little is left for the recorder's own bookkeeping.
  const parallel = Math.min(threads, cpus().length) * 0.8
  record(`python-threads-cpu-n${threads}`, 0.9, () => recordPython(recorderPaths.cpuThreads, size))
  record(`python-threads-io-n${threads}`, undefined, () => recordPython(recorderPaths.ioThreads, { threads, ...ioJob }))
  record(`rust-threads-n${threads}`, parallel, () => recordRust('threads', size))
  record(`rust-rayon-n${threads}`, parallel, () => recordRust('rayon', size))
  record(`python-processes-n${threads}`, parallel, () => recordPython(recorderPaths.processes, size))
  record(`python-threads-extension-n${threads}`, parallel, () => recordPython(recorderPaths.extensionThreads, { threads, ...extensionJob }))
  if (freeThreaded)
    record(`python-free-threaded-n${threads}`, parallel, () => recordPython(recorderPaths.cpuThreads, size, freeThreaded, ['-X', 'gil=0']))
}

// A trace from an earlier recording that this one did not make (a free-threaded run on
// another machine) would be shown as if it belonged to this set: remove it.
for (const file of readdirSync(outDir)) {
  if (!only && file.endsWith('.json') && file !== `${convoyId}.json` && !traces.some(trace => `${trace.id}.json` === file))
    rmSync(join(outDir, file))
}

/** The chunks drawn of those recorded (a chunk paused mid-way is not drawn), and the median chunk. */
function chunksDrawn(trace: GilTrace): string {
  const drawn = runningLanes(trace).reduce((sum, lane) => sum + lane.length, 0)
  const recorded = trace.lanes.reduce((sum, lane) => sum + lane.intervals.length, 0)
  return `${drawn}/${recorded} (median chunk ${(medianChunkNs(trace) / 1000).toFixed(1)} us)`
}

for (const trace of traces)
  save(trace)
// Every column padded on the right.
printTable<typeof traces[number]>({
  'trace': trace => trace.id,
  'wall': trace => formatDuration(trace.wallNs),
  'one thread': trace => formatDuration(trace.serialWallNs),
  'speed-up': trace => `${speedUp(trace).toFixed(2)}x`,
  'overlap': trace => `${(overlapShare(trace) * 100).toFixed(1)} %${trace.scenario === 2
    ? ' (waits)'
    : ''}`,
  'CPU': trace => parallelism(trace)?.toFixed(2).concat(' cores') ?? '-',
  'chunks drawn': chunksDrawn,
  'load before → after': trace => describeLoad(trace.loadAverage.before, trace.loadAverage.after),
}, traces, Infinity)

const machine = traces[0]?.machine
if (machine) {
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.os}; Python ${machine.python}; ${machine.rustc}`)
  const quiet = traces.filter(t => t.scenario === 3 || t.scenario === 6).every(t => overlapShare(t) >= 0.5)
  if (machine.cores >= 2 && !quiet)
    console.log('warning: the Rust or extension lanes overlapped for less than half the wall time; the machine was busy. Re-record when it is quiet.')
}
console.log(`wrote ${traces.length} traces to data/gil/`)

if (!only || convoyId.includes(only)) {
  const recorded = withLoad(() => recordPython(recorderPaths.convoy, convoyJob) as object)
  const trace = orThrow(validateConvoy(recorded), `${recorderPaths.convoy} wrote a bad recording`)
  save(trace)
  for (const row of convoySummary(trace).rows)
    console.log(`convoy, I/O thread ${row.label}: median ${row.medianMs.toFixed(2)} ms, p90 ${row.p90Ms.toFixed(2)} ms past each ${trace.job.waitMs} ms wait`)
  console.log(`wrote data/gil/${trace.id}.json (Python ${trace.machine.python}, switch interval ${trace.switchIntervalMs} ms, load ${describeLoad(trace.loadAverage!.before, trace.loadAverage!.after)})`)
}
