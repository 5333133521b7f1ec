// playwright.config.ts's web server: the two builds the browser tests use, built side by side
// (cached by source fingerprint) and served as a static host serves them.
import process from 'node:process'
import { cachedDeckBuild, serveDeck } from '../../toolchain/deck/build'
import { served } from './fixtures'

async function serveBuilds(): Promise<void> {
  const builds = Object.values(served)
  const dirs = await Promise.all(builds.map(build => cachedDeckBuild({ base: build.base, withoutNotes: build === served.public })))
  const servers = await Promise.all(builds.map((build, index) => serveDeck(dirs[index]!, build)))
  console.log(`serving ${servers.map((server, index) => `${dirs[index]} at ${server.url}`).join(', ')}`)
  process.once('SIGTERM', () => void Promise.all(servers.map(server => server.close())).then(() => process.exit(0)))
}

void serveBuilds()
