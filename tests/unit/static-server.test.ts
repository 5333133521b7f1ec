// @vitest-environment node
// The loopback server the browser tests and `npm run preview` use: it must behave like a static host.
import type { ServedDeck } from '../../toolchain/deck/build'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normaliseBase, serveDeck } from '../../toolchain/deck/build'
import { repoPath } from '../../toolchain/paths'

// A two-file site, with a file beside it that must never be served.
const dist = repoPath('tests', 'fixtures', 'static-site', 'dist')
const script = repoPath(dist, 'assets', 'app.js')
let server: ServedDeck

beforeAll(async () => {
  server = await serveDeck(dist, { base: 'talks/rust' })
})

afterAll(async () => {
  await server.close()
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

describe('serveDeck', () => {
  it('listens on loopback at a random port, under the base', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/talks\/rust\/$/)
  })

  it('serves files with their content type and index.html at the base', async () => {
    const served = await get('/talks/rust/assets/app.js')
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toMatch(/javascript/)
    expect(await served.text()).toBe(readFileSync(script, 'utf8'))
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
    // dist/ sits beside outside-dist.txt: one `..` would reach it.
    const escaped = await get('/talks/rust/..%2foutside-dist.txt')
    expect(escaped.status).toBe(404)
    expect(await escaped.text()).not.toContain('secret')
  })
})
