// The dev server's live-run endpoint against the real benchmark on a tiny input: the
// streamed lines parse as events (machine, every variant, the end), and a request with a
// wrong token or from another machine is refused before anything runs.
import type { AddressInfo } from 'node:net'
import type { LiveEvent } from '../../lib/etl/live'
import { createServer } from 'node:http'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyLiveEvent, initialLiveState, liveResults, parseLiveLine } from '../../lib/etl/live'
import { parseEtlResults } from '../../lib/etl/results'
import { createEtlLiveHandler, etlLiveRunPath, etlLiveTokenHeader, isLoopback } from '../../toolchain/etl-live-server'

const token = 'test-token-0123456789'
const handler = createEtlLiveHandler({ token, rows: 2000 })
const server = createServer((req, res) => handler(req, res, () => {
  res.statusCode = 404
  res.end('next')
}))
let url = ''

beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${etlLiveRunPath}`
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

describe('the live-run endpoint', () => {
  it('refuses a wrong or missing token, and a GET', async () => {
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { [etlLiveTokenHeader]: 'guess' },
    })
    expect(wrong.status).toBe(403)
    expect(await wrong.text()).toContain('token')
    expect((await fetch(url, { method: 'POST' })).status).toBe(403)
    expect((await fetch(url, {
      headers: { [etlLiveTokenHeader]: token },
    })).status).toBe(405)
  })

  it('refuses a request from another machine, even with the token', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::1')).toBe(true)
    expect(isLoopback('192.168.1.20')).toBe(false)
    expect(isLoopback(undefined)).toBe(false)
    const req = {
      url: etlLiveRunPath,
      method: 'POST',
      headers: { [etlLiveTokenHeader]: token },
      socket: { remoteAddress: '192.168.1.20' },
    }
    const res = {
      statusCode: 0,
      body: '',
      setHeader: () => {},
      end(text: string) {
        this.body = text
      },
    }
    handler(req as never, res as never, () => {
      throw new Error('passed on')
    })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('only this machine')
  })

  it('leaves every other path to the dev server', async () => {
    const other = await fetch(url.replace(etlLiveRunPath, '/other'))
    expect(await other.text()).toBe('next')
  })

  it('streams the real benchmark: the machine, every variant as it finishes, the end', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { [etlLiveTokenHeader]: token },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/x-ndjson')
    const lines = (await response.text()).split('\n').filter(line => line !== '')
    const events = lines.map(line => parseLiveLine(line)).filter((e): e is LiveEvent => e !== undefined)
    expect(events.length, 'every line is an event').toBe(lines.length)
    const errors = events.filter(e => e.type === 'error')
    expect(errors).toEqual([])
    const types = events.map(e => e.type).filter(t => t !== 'log')
    expect(types[0]).toBe('start')
    expect(types.at(-1)).toBe('done')
    const start = events.find(e => e.type === 'start')!
    expect(start.input.rows).toBe(2000)
    const variants = events.filter(e => e.type === 'variant')
    expect(variants.map(v => v.result.id)).toEqual(start.planned.map(p => p.id))
    expect(variants[0]!.result.id).toBe('python')
    const state = events.reduce(applyLiveEvent, initialLiveState())
    const parsed = parseEtlResults(liveResults(state, new Date()))
    expect(parsed.ok
      ? []
      : parsed.issues).toEqual([])
    process.stdout.write(`live run, 2,000 rows: ${variants.map(v => `${v.result.label} ${Math.round(v.result.rowsPerSecond)} rows/s`).join('; ')}\n`)
  })
})
