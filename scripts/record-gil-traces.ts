// Re-records every GIL timeline trace the deck shows (data/gil/*.json) and prints the
// scenario figures. Run when the machine is quiet: other load shows up in the lanes.
//   npm run gil:record                       every trace
//   npm run gil:record -- --only extension   only the traces whose id has that word
//   npm run gil:record -- --only convoy      only the convoy recording (python-convoy.json)
import type { ConvoyTrace } from '../lib/gil/convoy'
import type { GilTrace } from '../lib/gil/schema'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { formatDuration, medianChunkNs, overlapShare, parallelism, runningLanes, speedUp } from '../lib/gil/analysis'
import { convoySummary, validateConvoy } from '../lib/gil/convoy'
import { validateTrace } from '../lib/gil/schema'
import { describeInterpreter, describeLoad } from '../lib/shared/interpreter'
import { buildExtension } from '../toolchain/extension'
import {
  buildRustRecorder,
  findFreeThreadedPython,
  recorderPaths,
  recordPython,
  recordRust,
} from '../toolchain/gil-recorders'
import { interpreterOf, loadAverageNow } from '../toolchain/interpreter'
import { repoPath } from '../toolchain/paths'
import { pythonExecutable, rustcExecutable, versionOf } from '../toolchain/toolchains'

// Realistic sizes: the Python job takes about half a second on one thread, long enough for
// dozens of GIL hand-overs, short enough that each 5 ms turn is still visible on a slide.
const cpuJob = { chunks: 2000, steps: 2000 }
// The same chunks through the Rust extension: Rust needs ~100x the steps for the same time.
const extensionJob = { chunks: 2000, steps: 200_000 }
const ioJob = { 'requests': 48, 'steps': 2000, 'wait-ms': 10 }
const threadCounts = [2, 4]

function checked(raw: unknown, what: string): GilTrace {
  const result = validateTrace(raw)
  if (!result.ok)
    throw new Error(`${what} wrote a bad trace: ${result.issues.join('; ')}`)
  return result.value
}

const outDir = repoPath('data/gil')
mkdirSync(outDir, { recursive: true })
const python = pythonExecutable()

// `--only WORD` re-records just the traces whose id contains WORD (e.g. `--only extension`)
// and leaves the other files as they are.
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt >= 0
  ? process.argv[onlyAt + 1]
  : undefined
if (onlyAt >= 0 && !only)
  throw new Error('--only needs a word from a trace id, e.g. --only extension')
const convoyId = 'python-convoy'

// The convoy effect: 200 wake-ups of an I/O thread after 1 ms waits, alone and then beside
// a CPU-bound thread, at CPython's default 5 ms switch interval.
const convoyJob = { 'requests': 200, 'wait-ms': 1, 'switch-ms': 5 }

/** Runs one recording, noting the load averages just before and after it. */
function withLoad<T extends { loadAverage?: unknown }>(make: () => T): T & { loadAverage: NonNullable<GilTrace['loadAverage']> } {
  const before = loadAverageNow(loadavg())
  const trace = make()
  return Object.assign(trace, {
    loadAverage: {
      before,
      after: loadAverageNow(loadavg()),
    },
  })
}

function recordConvoy(versions: { python: string, rustc: string }): void {
  const result = validateConvoy(withLoad(() => recordPython(recorderPaths.convoy, convoyJob) as { loadAverage?: unknown }))
  if (!result.ok)
    throw new Error(`${recorderPaths.convoy} wrote a bad recording: ${result.issues.join('; ')}`)
  const trace: ConvoyTrace = result.value
  trace.machine.python ??= versions.python
  trace.machine.rustc ??= versions.rustc
  writeFileSync(join(outDir, `${trace.id}.json`), `${JSON.stringify(trace)}\n`)
  for (const row of convoySummary(trace).rows)
    console.log(`convoy, I/O thread ${row.label}: median ${row.medianMs.toFixed(2)} ms, p90 ${row.p90Ms.toFixed(2)} ms past each ${trace.job.waitMs} ms wait`)
  console.log(`wrote data/gil/${trace.id}.json (Python ${trace.machine.python}, switch interval ${trace.switchIntervalMs} ms, load ${describeLoad(trace.loadAverage!.before, trace.loadAverage!.after)})`)
}

const freeThreaded = findFreeThreadedPython()
const tools = {
  python: versionOf(python, ['-c', 'import platform; print(platform.python_version())']),
  rustc: versionOf(rustcExecutable()),
}

console.log(`recording with ${python} (${describeInterpreter(interpreterOf(python))}) and ${tools.rustc}`)
console.log(freeThreaded
  ? `free-threaded interpreter: ${freeThreaded} (${describeInterpreter(interpreterOf(freeThreaded))})`
  : 'no free-threaded CPython (PYTHON_FREE_THREADED, or python3.15t/3.14t/3.13t on PATH): scenario 5 is not recorded')
buildRustRecorder()
// Scenario 6 calls the fastclean extension: build it into the project environment first.
buildExtension()

/**
 * Other programs on the machine take cores away from a recording, and the lanes then show
 * the neighbours rather than the GIL or Rust. A CPU-bound recording is kept once the kernel
 * says it got the CPU it asked for (cores' worth = the lanes' CPU time / wall time: one core
 * for GIL threads, two or more for Rust threads and processes); else it is retried, up to
 * 5 times, keeping the attempt that got the most. Every attempt is printed.
 */
function recordQuietly(label: string, wanted: number, record: () => GilTrace): GilTrace {
  let best: GilTrace | undefined
  const got: string[] = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const trace = record()
    const cores = parallelism(trace) ?? wanted
    got.push(cores.toFixed(2))
    if (!best || cores > (parallelism(best) ?? 0))
      best = trace
    if (cores >= wanted)
      break
  }
  console.log(`${label}: got ${got.join(', ')} cores' worth of CPU (wanted ${wanted.toFixed(2)})${got.length > 1
    ? '; kept the best attempt'
    : ''}`)
  return best!
}

const machineCores = cpus().length

const traces: GilTrace[] = []
function record(id: string, make: () => GilTrace): void {
  if (!only || id.includes(only))
    traces.push(withLoad(make))
}

for (const threads of threadCounts) {
  const size = { threads, ...cpuJob }
  // Most of the machine's cores; a little is left for the recorder's own bookkeeping.
  const parallel = Math.min(threads, machineCores) * 0.8
  const extension = { threads, ...extensionJob }
  record(`python-threads-cpu-n${threads}`, () => recordQuietly(`python-threads-cpu-n${threads}`, 0.9, () => checked(recordPython(recorderPaths.cpuThreads, size), recorderPaths.cpuThreads)))
  record(`python-threads-io-n${threads}`, () => checked(recordPython(recorderPaths.ioThreads, { threads, ...ioJob }), recorderPaths.ioThreads))
  record(`rust-threads-n${threads}`, () => recordQuietly(`rust-threads-n${threads}`, parallel, () => checked(recordRust('threads', size), `${recorderPaths.rust} --mode threads`)))
  record(`rust-rayon-n${threads}`, () => recordQuietly(`rust-rayon-n${threads}`, parallel, () => checked(recordRust('rayon', size), `${recorderPaths.rust} --mode rayon`)))
  record(`python-processes-n${threads}`, () => recordQuietly(`python-processes-n${threads}`, parallel, () => checked(recordPython(recorderPaths.processes, size), recorderPaths.processes)))
  record(`python-threads-extension-n${threads}`, () => recordQuietly(`python-threads-extension-n${threads}`, parallel, () => checked(recordPython(recorderPaths.extensionThreads, extension), recorderPaths.extensionThreads)))
  if (freeThreaded)
    record(`python-free-threaded-n${threads}`, () => recordQuietly(`python-free-threaded-n${threads}`, parallel, () => checked(recordPython(recorderPaths.cpuThreads, size, freeThreaded, ['-X', 'gil=0']), `${freeThreaded} ${recorderPaths.cpuThreads}`)))
}

// A trace from an earlier recording that this one did not make (a free-threaded run on
// another machine) would be shown as if it belonged to this set: remove it.
for (const file of only
  ? []
  : readdirSync(outDir)) {
  if (file.endsWith('.json') && file !== `${convoyId}.json` && !traces.some(trace => `${trace.id}.json` === file))
    rmSync(join(outDir, file))
}

const rows: string[][] = [
  [
    'trace',
    'wall',
    'one thread',
    'speed-up',
    'overlap',
    'CPU',
    'chunks drawn',
    'load before → after',
  ],
]
for (const trace of traces) {
  // Every trace names both toolchains of the recording machine, whichever recorded it.
  trace.machine.python ??= tools.python
  trace.machine.rustc ??= tools.rustc
  writeFileSync(join(outDir, `${trace.id}.json`), `${JSON.stringify(trace)}\n`)
  const kept = runningLanes(trace).reduce((sum, lane) => sum + lane.length, 0)
  const total = trace.lanes.reduce((sum, lane) => sum + lane.intervals.length, 0)
  rows.push([
    trace.id,
    formatDuration(trace.wallNs),
    formatDuration(trace.serialWallNs),
    `${speedUp(trace).toFixed(2)}x`,
    `${(overlapShare(trace) * 100).toFixed(1)} %${trace.scenario === 2
      ? ' (waits)'
      : ''}`,
    parallelism(trace) === undefined
      ? '-'
      : `${parallelism(trace)!.toFixed(2)} cores`,
    `${kept}/${total} (median chunk ${(medianChunkNs(trace) / 1000).toFixed(1)} us)`,
    trace.loadAverage
      ? describeLoad(trace.loadAverage.before, trace.loadAverage.after)
      : '-',
  ])
}
const widths = rows[0]!.map((_, col) => Math.max(...rows.map(row => row[col]!.length)))
for (const row of rows)
  console.log(row.map((cell, col) => cell.padEnd(widths[col]!)).join('  '))

const machine = traces[0]?.machine
if (machine) {
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.os}; Python ${machine.python}; ${machine.rustc}`)
  const quiet = traces.filter(t => t.scenario === 3 || t.scenario === 6).every(t => overlapShare(t) >= 0.5)
  if (machine.cores >= 2 && !quiet)
    console.log('warning: the Rust or extension lanes overlapped for less than half the wall time; the machine was busy. Re-record when it is quiet.')
}
console.log(`wrote ${traces.length} traces to data/gil/`)
if (!only || convoyId.includes(only))
  recordConvoy(tools)
