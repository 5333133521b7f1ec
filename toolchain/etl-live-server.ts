// The dev server's side of the live run on the ETL chart slide: POST /__etl-live/run starts
// `etl-bench.ts --progress-json` on a small input and streams its events as NDJSON.
// Only from the dev server (the Vite plugin applies to `serve` alone), only to a loopback
// client, only with the random token this server put into the page; one run at a time.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { LiveEvent } from '../lib/etl/live'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { formatLiveEvent, parseLiveLine, splitLines } from '../lib/etl/live'
import { repoPath, repoRoot } from './paths'

export const etlLiveRunPath = '/__etl-live/run'
export const etlLiveTokenHeader = 'x-etl-live-token'

export interface EtlLiveOptions {
  token: string
  /** Rows of the generated input: 50,000 finishes in about ten seconds on a laptop. */
  rows?: number
  runs?: number
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && loopback.has(address)
}

/** Connect-style middleware; calls next() for every other path. */
export function createEtlLiveHandler(options: EtlLiveOptions) {
  let running = false
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.url?.split('?')[0] !== etlLiveRunPath)
      return next()
    const refuse = (status: number, message: string): void => {
      res.statusCode = status
      res.setHeader('content-type', 'text/plain; charset=utf-8')
      res.end(message)
    }
    if (!isLoopback(req.socket.remoteAddress))
      return refuse(403, 'the live run answers only this machine')
    if (req.method !== 'POST')
      return refuse(405, 'POST only')
    if (req.headers[etlLiveTokenHeader] !== options.token)
      return refuse(403, 'wrong or missing live-run token')
    if (running)
      return refuse(409, 'a live run is already going')
    running = true

    res.statusCode = 200
    res.setHeader('content-type', 'application/x-ndjson; charset=utf-8')
    res.setHeader('cache-control', 'no-store')
    const send = (event: LiveEvent): void => {
      res.write(`${formatLiveEvent(event)}\n`)
    }

    const outDir = mkdtempSync(join(tmpdir(), 'etl-live-'))
    const tsx = repoPath('node_modules/.bin/tsx')
    const child = spawn(tsx, [
      repoPath('scripts/etl-bench.ts'),
      '--rows',
      String(options.rows ?? 50_000),
      '--runs',
      String(options.runs ?? 1),
      '--progress-json',
      '--output',
      join(outDir, 'results.json'),
    ], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })

    let rest = ''
    let stderr = ''
    let failed = false
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      const split = splitLines(rest, chunk)
      rest = split.rest
      for (const line of split.lines) {
        try {
          send(parseLiveLine(line) ?? { type: 'log', line })
        }
        catch (error) {
          failed = true
          send({
            type: 'error',
            message: error instanceof Error
              ? error.message
              : String(error),
          })
        }
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000)
    })
    const finish = (message?: string): void => {
      if (!running)
        return
      running = false
      if (message && !failed)
        send({ type: 'error', message })
      res.end()
      rmSync(outDir, { recursive: true, force: true })
    }
    child.on('error', error => finish(`could not start the benchmark (${tsx}): ${error.message}`))
    child.on('close', (code) => {
      if (code === 0)
        return finish()
      const reason = stderr.trim().split('\n').slice(-3).join(' ') || 'no message'
      finish(`the benchmark exited with ${code}: ${reason}`)
    })
    // The speaker reloaded or left the slide: stop the run.
    res.on('close', () => {
      if (running)
        child.kill('SIGTERM')
    })
  }
}

/** The Vite plugin (dev server only): the handler, and the token in the page via `define`. */
export function etlLivePlugin(): Plugin {
  const token = randomBytes(24).toString('hex')
  return {
    name: 'etl-live-run',
    apply: 'serve',
    config: () => ({
      define: {
        __ETL_LIVE__: JSON.stringify({ url: etlLiveRunPath, header: etlLiveTokenHeader, token }),
      },
    }),
    configureServer(server) {
      server.middlewares.use(createEtlLiveHandler({ token }))
    },
  }
}
