import process from 'node:process'
import { flags } from './cli'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'
import { pythonExecutable, runs } from './toolchains'

// The recorders behind the GIL timelines (snippets/gil/), run by `npm run gil:record` and the snippet test.

export const recorderPaths = {
  cpuThreads: 'snippets/gil/python/cpu_threads.py',
  ioThreads: 'snippets/gil/python/io_threads.py',
  processes: 'snippets/gil/python/processes.py',
  convoy: 'snippets/gil/python/convoy.py',
  extensionThreads: 'snippets/gil/python/extension_threads.py',
} as const

function runJson(command: string, ...args: string[]): unknown {
  const out = succeeded(runSync(command, args), [command, ...args].join(' ')).stdout
  try {
    return JSON.parse(out)
  }
  catch {
    throw new Error(`${command} ${args.join(' ')} did not print JSON:\n${out.slice(0, 500)}`)
  }
}

export function recordPython(script: string, args: Record<string, number>, python = pythonExecutable(), extraFlags: string[] = []): unknown {
  return runJson(python, ...extraFlags, repoPath(script), ...flags(args))
}

/** The Rust recorder, built by `buildRelease('gil-recorder')`. */
export function recordRust(mode: 'threads' | 'rayon', size: { threads: number, chunks: number, steps: number }): unknown {
  return runJson(repoPath('snippets/target/release/gil-recorder'), ...flags({ mode, ...size }))
}

/** A free-threaded CPython that runs: $PYTHON_FREE_THREADED, else python3.15t, 3.14t or 3.13t on PATH (`uv python install 3.15t`). */
export function findFreeThreadedPython(): string | undefined {
  return [
    process.env.PYTHON_FREE_THREADED,
    'python3.15t',
    'python3.14t',
    'python3.13t',
  ].find(name => name && runs(name))
}
