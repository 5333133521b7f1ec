// playwright.config.ts's web server: the two builds the browser tests use (cached by source
// fingerprint), served as a static host serves them. Built one after the other: two
// `slidev build`s in one checkout rewrite the same node_modules/.slidev/virtual files, and
// one can read a file the other has just emptied.
import process from 'node:process'
import { cachedDeckBuild, serveDeck } from '../../toolchain/deck/build'
import { served } from './fixtures'

async function serveBuilds(): Promise<void> {
  const builds = Object.values(served)
  const dirs: string[] = []
  for (const build of builds)
    dirs.push(await cachedDeckBuild({ base: build.base, withoutNotes: build === served.public }))
  const servers = await Promise.all(builds.map((build, index) => serveDeck(dirs[index]!, build)))
  console.log(`serving ${servers.map((server, index) => `${dirs[index]} at ${server.url}`).join(', ')}`)
  process.once('SIGTERM', () => void Promise.all(servers.map(server => server.close())).then(() => process.exit(0)))
}

void serveBuilds()
