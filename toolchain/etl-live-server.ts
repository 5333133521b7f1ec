// The dev server's side of the live run on the ETL chart slide: POST /__etl-live/run starts
// `etl-bench.ts --progress-json` on a small input and streams its events as NDJSON.
// Only from the dev server (the Vite plugin applies to `serve` alone), only to a loopback
// client, only with the random token this server put into the page; one run at a time.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { LiveEvent } from '../lib/etl/live'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { x } from 'tinyexec'
import { formatLiveEvent, parseLiveLine } from '../lib/etl/live'
import { flags } from './cli'
import { repoPath, repoRoot } from './paths'

export const etlLiveRunPath = '/__etl-live/run'
export const etlLiveTokenHeader = 'x-etl-live-token'

export interface EtlLiveOptions {
  token: string
  /** Rows of the generated input (one run of each variant): 50,000 finish in about ten seconds on a laptop. */
  rows?: number
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && loopback.has(address)
}

/** Runs the benchmark, sending each line of its output as an event (its text as `log`), and an error when it fails. */
async function streamBenchmark(res: ServerResponse, options: EtlLiveOptions): Promise<void> {
  const send = (event: LiveEvent): boolean => res.write(`${formatLiveEvent(event)}\n`)
  const outDir = mkdtempSync(join(tmpdir(), 'etl-live-'))
  const output = join(outDir, 'results.json')
  const bench = x(repoPath('node_modules/.bin/tsx'), [
    repoPath('scripts/etl-bench.ts'),
    '--progress-json',
    ...flags({ rows: options.rows ?? 50_000, runs: 1, output }),
  ], {
    nodeOptions: { cwd: repoRoot },
  })
  // The speaker reloaded or left the slide: stop the run.
  res.on('close', () => bench.kill())
  const lines: string[] = []
  try {
    for await (const line of bench) {
      lines.push(line)
      send(parseLiveLine(line) ?? { type: 'log', line })
    }
    if (bench.exitCode !== 0)
      send({ type: 'error', message: `the benchmark exited with ${bench.exitCode}: ${lines.slice(-3).join(' ').trim() || 'no message'}` })
  }
  catch (error) {
    // It could not start, or printed a line that looks like an event but is not one.
    send({
      type: 'error',
      message: String((error as Error | undefined)?.message ?? error),
    })
  }
  finally {
    res.end()
    rmSync(outDir, { recursive: true, force: true })
  }
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
    void streamBenchmark(res, options).finally(() => {
      running = false
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
