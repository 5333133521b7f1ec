import type { Readable } from 'node:stream'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import process from 'node:process'
import { repoRoot } from './paths'

// The one way the deck's tooling starts a program: no shell, output collected, a missing
// program or a timeout reported in one line instead of a stack of Node internals.

export interface RunOptions {
  /** Working directory; the repository root by default. */
  cwd?: string
  /** Added over this process's environment; a variable set to undefined is removed. */
  env?: NodeJS.ProcessEnv
  /**
   * Kill after this long. `run` starts the program in its own process group and kills the
   * group, so what it started (cargo's rustc, a job's workers) goes too. None by default.
   */
  timeoutMs?: number
  /** Also copy the output to this process's stdout/stderr as it comes (still collected). */
  echo?: boolean
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

// Python run by any tool never writes __pycache__ into the repository.
function environment(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: '1',
    ...env,
  }
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined)
      delete merged[name]
  }
  return merged
}

function commandLine(command: string, args: string[]): string {
  return [command, ...args].join(' ')
}

function startError(command: string, args: string[], cwd: string, error: NodeJS.ErrnoException): Error {
  // Node reports a missing working directory as ENOENT too.
  if (!existsSync(cwd))
    return new Error(`cannot run ${commandLine(command, args)}: its working directory ${cwd} does not exist`)
  return new Error(error.code === 'ENOENT'
    ? `${command} is not installed (or not on PATH): cannot run ${commandLine(command, args)}`
    : `could not start ${commandLine(command, args)}: ${error.message}`)
}

function timeoutError(command: string, args: string[], timeoutMs: number): Error {
  return new Error(`${commandLine(command, args)} took longer than ${timeoutMs / 1000} s and was killed`)
}

/** Runs a program to completion. Resolves whatever its exit status; rejects when it cannot start or times out. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolveRun, rejectRun) => {
    const grouped = options.timeoutMs !== undefined
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: environment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group only with a timeout: otherwise Ctrl+C reaches it as usual.
      detached: grouped,
    })
    // Decoded as UTF-8 per stream, so a character split across two chunks stays whole.
    const collect = (stream: Readable, echo: NodeJS.WriteStream): string[] => {
      const chunks: string[] = []
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        chunks.push(chunk)
        if (options.echo)
          echo.write(chunk)
      })
      return chunks
    }
    const stdout = collect(child.stdout, process.stdout)
    const stderr = collect(child.stderr, process.stderr)
    let timedOut = false
    const timer = grouped
      ? setTimeout(() => {
          timedOut = true
          try {
            process.kill(-child.pid!, 'SIGKILL')
          }
          catch {
            child.kill('SIGKILL')
          }
        }, options.timeoutMs)
      : undefined
    child.once('error', (error) => {
      clearTimeout(timer)
      rejectRun(startError(command, args, options.cwd ?? repoRoot, error))
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        rejectRun(timeoutError(command, args, options.timeoutMs!))
      }
      else {
        resolveRun({
          code,
          signal,
          stdout: stdout.join(''),
          stderr: stderr.join(''),
        })
      }
    })
  })
}

/**
 * `run` for the few callers that must stay synchronous. A timeout kills the program itself
 * (Node cannot kill a group here); `echo` is not supported.
 */
export function runSync(command: string, args: string[], options: Omit<RunOptions, 'echo'> = {}): RunResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: environment(options.env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024 * 1024,
  })
  const error = result.error as NodeJS.ErrnoException | undefined
  if (error?.code === 'ETIMEDOUT')
    throw timeoutError(command, args, options.timeoutMs!)
  if (error)
    throw startError(command, args, options.cwd ?? repoRoot, error)
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  }
}

/** `exited with status 1` or `was killed by SIGKILL`. */
export function exitDescription(result: RunResult): string {
  return result.signal
    ? `was killed by ${result.signal}`
    : `exited with status ${result.code}`
}

/** The result when the program exited with 0; else an error naming `what` and the end of its output. */
export function succeeded(result: RunResult, what: string, lines = 40): RunResult {
  if (result.code === 0)
    return result
  const output = `${result.stdout.trim()}\n${result.stderr.trim()}`.trim().split('\n').slice(-lines).join('\n')
  throw new Error(`${what} ${exitDescription(result)}${output
    ? `:\n${output}`
    : ''}`)
}
