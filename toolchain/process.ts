import type { CommonOutputApi, Output } from 'tinyexec'
import { existsSync } from 'node:fs'
import process from 'node:process'
import { x, xSync } from 'tinyexec'
import { repoRoot } from './paths'

// The one way the tooling starts a program (tinyexec: no shell, output collected): a missing
// program or working directory, or a timeout, is one line instead of a stack of Node internals.

export interface RunOptions {
  /** The repository root by default. */
  cwd?: string
  /** Added over this process's environment; a variable set to undefined is removed. */
  env?: NodeJS.ProcessEnv
  /** Kill after this long: async, the program's whole process group (cargo's rustc, a job's workers). */
  timeoutMs?: number
  /** Also copy the output to this process's stdout/stderr as it comes (async only). */
  echo?: boolean
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

// Python run by any tool never writes __pycache__ into the repository; Node drops a variable set to undefined.
function settings<Spawn>(options: RunOptions, spawn: Spawn) {
  const env = { PYTHONDONTWRITEBYTECODE: '1', ...options.env }
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe']
  const nodeOptions = {
    ...spawn,
    cwd: options.cwd ?? repoRoot,
    env,
    stdio,
  }
  return { throwOnError: false, nodePath: false, nodeOptions }
}

function failure(command: string, args: string[], options: RunOptions, error: NodeJS.ErrnoException): Error {
  const line = [command, ...args].join(' ')
  if (error.code === 'ETIMEDOUT' || error.name === 'TimeoutError')
    return new Error(`${line} took longer than ${options.timeoutMs! / 1000} s and was killed`)
  // Node reports a missing working directory as ENOENT too.
  if (error.code === 'ENOENT' && options.cwd && !existsSync(options.cwd))
    return new Error(`cannot run ${line}: its working directory ${options.cwd} does not exist`)
  if (error.code === 'ENOENT')
    return new Error(`${command} is not installed (or not on PATH): cannot run ${line}`)
  return new Error(`could not start ${line}: ${error.message}`)
}

function resultOf(child: CommonOutputApi, { stdout, stderr }: Output): RunResult {
  return {
    code: child.exitCode ?? null,
    signal: child.signalCode as NodeJS.Signals | null,
    stdout,
    stderr,
  }
}

/** Runs a program to completion. Resolves whatever its exit status; rejects when it cannot start or times out. */
export async function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  // Its own process group only with a timeout: otherwise Ctrl+C reaches it as usual.
  const child = x(command, args, settings(options, { detached: options.timeoutMs !== undefined }))
  if (options.echo) {
    child.process?.stdout?.on('data', chunk => process.stdout.write(chunk))
    child.process?.stderr?.on('data', chunk => process.stderr.write(chunk))
  }
  let timedOut = false
  const timer = options.timeoutMs && setTimeout(() => {
    timedOut = true
    try {
      process.kill(-child.pid!, 'SIGKILL')
    }
    catch {
      child.kill('SIGKILL')
    }
  }, options.timeoutMs)
  try {
    const output = await child
    if (timedOut)
      throw Object.assign(new Error('timeout'), { name: 'TimeoutError' })
    return resultOf(child, output)
  }
  catch (error) {
    throw failure(command, args, options, error as NodeJS.ErrnoException)
  }
  finally {
    clearTimeout(timer)
  }
}

/** `run` for the few callers that must stay synchronous. A timeout kills the program itself. */
export function runSync(command: string, args: string[], options: Omit<RunOptions, 'echo'> = {}): RunResult {
  try {
    const result = xSync(command, args, settings(options, { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const, maxBuffer: 1024 ** 3 }))
    return resultOf(result, result)
  }
  catch (error) {
    throw failure(command, args, options, error as NodeJS.ErrnoException)
  }
}

/** `exited with status 1` or `was killed by SIGKILL`. */
export function exitDescription(result: RunResult): string {
  return result.signal
    ? `was killed by ${result.signal}`
    : `exited with status ${result.code}`
}

/** The result when the program exited with 0; else an error naming `what` and the end of its output. */
export function succeeded(result: RunResult, what: string): RunResult {
  if (result.code === 0)
    return result
  const output = `${result.stdout.trim()}\n${result.stderr.trim()}`.trim().split('\n').slice(-40).join('\n')
  throw new Error(`${what} ${exitDescription(result)}${output && `:\n${output}`}`)
}
