// `npm run preview`: serves a built deck on 127.0.0.1 the way a static host would.
//   npm run preview -- --dir dist --base /talks/rust/ --port 3030
//   npm run preview -- --build [--without-notes]   the cached build of the current sources
import process from 'node:process'
import { parseArgs } from 'node:util'
import { cachedDeckBuild, serveDeck } from '../toolchain/deck/build'

const { values } = parseArgs({
  options: {
    'base': { type: 'string' },
    'dir': { type: 'string', default: 'dist' },
    'port': { type: 'string', default: '3030' },
    'build': { type: 'boolean', default: false },
    'without-notes': { type: 'boolean', default: false },
  },
})
const base = values.base ?? process.env.BASE ?? '/'
const dir = values.build
  ? await cachedDeckBuild({ base, withoutNotes: values['without-notes'] })
  : values.dir!
const server = await serveDeck(dir, {
  base,
  port: Number(values.port),
})
console.log(`Serving ${dir} at ${server.url}  (presenter: ${server.url}#/presenter/1)  Ctrl+C to stop.`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void server.close().then(() => process.exit(0)))
