// @vitest-environment node
// The loopback server the e2e tests and `npm run preview` use: it must behave like a static host.
import type { StaticServer } from '../../scripts/lib/serve'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normaliseBase, serveDist } from '../../scripts/lib/serve'

let dist: string
let server: StaticServer

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'serve-test-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>deck</title>')
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tmpdir(), 'outside-dist.txt'), 'secret')
  server = await serveDist(dist, { base: 'talks/rust' })
})

afterAll(async () => {
  await server.close()
  rmSync(dist, { recursive: true, force: true })
})

const get = (path: string) => fetch(`${server.origin}${path}`, { redirect: 'manual' })

describe('normaliseBase', () => {
  it('gives the /a/b/ form Vite and URLs use', () => {
    expect(normaliseBase()).toBe('/')
    expect(normaliseBase('/')).toBe('/')
    expect(normaliseBase('talks/rust')).toBe('/talks/rust/')
    expect(normaliseBase('/talks/rust/')).toBe('/talks/rust/')
    expect(normaliseBase('//x//')).toBe('/x/')
  })
})

describe('serveDist', () => {
  it('listens on loopback at a random port, under the base', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/talks\/rust\/$/)
  })

  it('serves files with their content type and index.html at the base', async () => {
    const script = await get('/talks/rust/assets/app.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    expect(await script.text()).toBe('console.log(1)')
    expect(await (await get('/talks/rust/')).text()).toContain('<title>deck</title>')
  })

  it('answers index.html for page paths (single-page app) but 404 for missing assets', async () => {
    expect(await (await get('/talks/rust/presenter/3')).text()).toContain('<title>deck</title>')
    expect((await get('/talks/rust/assets/missing.js')).status).toBe(404)
  })

  it('redirects the base without its slash, and 404s outside the base', async () => {
    const bare = await get('/talks/rust')
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe('/talks/rust/')
    expect((await get('/assets/app.js')).status).toBe(404)
  })

  it('never serves a file outside dist/', async () => {
    // dist/ sits in the temp folder, beside outside-dist.txt: one `..` would reach it.
    const escaped = await get('/talks/rust/..%2foutside-dist.txt')
    expect(escaped.status).toBe(404)
    expect(await escaped.text()).not.toContain('secret')
  })

  it('logs every response with its size, for the budget', async () => {
    server.resetLog()
    await get('/talks/rust/assets/app.js')
    expect(server.log).toEqual([
      expect.objectContaining({ path: '/talks/rust/assets/app.js', status: 200, bytes: 14 }),
    ])
  })
})
