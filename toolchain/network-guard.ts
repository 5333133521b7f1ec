import type { BrowserContext } from 'playwright-chromium'

/** Chromium flag that makes every host name but the loopback fail to resolve, like a machine with no network. */
export const noDnsArg = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'

/** True for the deck's own server and for URLs that never touch the network. */
export function isLocalRequest(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')
}

export interface NetworkGuard {
  /** Every URL that tried to leave the machine, in order (aborted before it went out). */
  leaving: string[]
}

/**
 * Aborts every request that is not for `origin` and records it. Chromium fetches a few
 * things (the favicon) outside Playwright's routing; those show up as failed requests,
 * and are recorded here too.
 */
export async function guardNetwork(context: BrowserContext, origin: string): Promise<NetworkGuard> {
  const guard: NetworkGuard = { leaving: [] }
  const routed = new Set<unknown>()
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (isLocalRequest(url, origin))
      return route.continue()
    routed.add(route.request())
    guard.leaving.push(url)
    return route.abort('blockedbyclient')
  })
  context.on('requestfailed', (request) => {
    if (!routed.has(request) && !isLocalRequest(request.url(), origin))
      guard.leaving.push(request.url())
  })
  return guard
}
