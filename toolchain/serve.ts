import type { AddressInfo } from 'node:net'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
}

export interface ServedFile {
  /** URL path as requested, e.g. `/talks/rust/assets/index-abc.js`. */
  path: string
  status: number
  bytes: number
  /** The file on disk that answered, if any. */
  file?: string
}

export interface StaticServer {
  /** The deck's address: origin plus base, e.g. `http://127.0.0.1:41234/talks/rust/`. */
  url: string
  origin: string
  base: string
  /** Every response since start (or the last `resetLog()`), in order, with body sizes. */
  log: ServedFile[]
  resetLog: () => void
  close: () => Promise<void>
}

/** `talks/rust` → `/talks/rust/`: the form Vite's `base` and URLs both use. */
export function normaliseBase(base = '/'): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '')
  return trimmed
    ? `/${trimmed}/`
    : '/'
}

/**
 * Serves a built deck (`dist/`) on 127.0.0.1 (a random free port unless given), under `base`, the way a
 * static host does: files as they are, anything else under the base answers index.html (the
 * single-page-app fallback), anything outside the base is a 404.
 */
export async function serveDist(dir: string, options: { base?: string, port?: number } = {}): Promise<StaticServer> {
  const root = resolve(dir)
  const base = normaliseBase(options.base)
  const log: ServedFile[] = []

  async function fileFor(urlPath: string): Promise<string | undefined> {
    const relative = normalize(decodeURIComponent(urlPath.slice(base.length)))
    const candidate = join(root, relative)
    // Refuse `..` tricks: the file must stay inside dist/.
    if (candidate !== root && !candidate.startsWith(root + sep))
      return undefined
    const info = await stat(candidate).catch(() => undefined)
    if (info?.isFile())
      return candidate
    if (info?.isDirectory()) {
      const index = join(candidate, 'index.html')
      if ((await stat(index).catch(() => undefined))?.isFile())
        return index
    }
    return undefined
  }

  const server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const finish = (status: number, bytes: number, file?: string) => log.push({ path: urlPath, status, bytes, file })

    if (`${urlPath}/` === base) {
      response.writeHead(301, { Location: base }).end()
      finish(301, 0)
      return
    }
    if (!urlPath.startsWith(base) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      finish(404, 9)
      return
    }

    void (async () => {
      let file = await fileFor(urlPath)
      // A missing asset is a real 404 (a broken build); a missing page falls back to the app.
      if (!file && !extname(urlPath))
        file = join(root, 'index.html')
      const info = file
        ? await stat(file).catch(() => undefined)
        : undefined
      if (!file || !info) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
        finish(404, 9)
        return
      }
      response.writeHead(200, {
        'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
      })
      if (request.method === 'HEAD') {
        response.end()
        finish(200, 0, file)
        return
      }
      createReadStream(file).pipe(response)
      finish(200, info.size, file)
    })().catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error))
      finish(500, 0)
    })
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}${base}`,
    origin,
    base,
    log,
    resetLog: () => {
      log.length = 0
    },
    close: () => new Promise<void>((resolveClose) => {
      server.closeAllConnections()
      server.close(() => resolveClose())
    }),
  }
}
