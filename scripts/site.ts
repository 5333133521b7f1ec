// The deck as a static site, and served on 127.0.0.1 the way a static host serves it:
//   npm run build                          → dist/, served at /
//   npm run build -- --base /talks/rust/   → dist/, served at /talks/rust/ (or BASE=/talks/rust/)
//   npm run build:public                   → the same without speaker notes (--without-notes)
//   npm run preview -- --dir dist --base /talks/rust/   on port 3030
import process from 'node:process'
import { parseArgs } from 'node:util'
import { buildDeck, normaliseBase, serveDeck } from '../toolchain/deck/build'

const { positionals: [command], values } = parseArgs({
  allowPositionals: true,
  options: {
    'base': { type: 'string', default: process.env.BASE },
    'dir': { type: 'string', default: 'dist' },
    'without-notes': { type: 'boolean', default: false },
  },
})
const base = normaliseBase(values.base)
const withoutNotes = values['without-notes']

if (command === 'preview') {
  const server = await serveDeck(values.dir, { base, port: 3030 })
  console.log(`Serving ${values.dir} at ${server.url}  (presenter: ${server.url}#/presenter/1)  Ctrl+C to stop.`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void server.close().then(() => process.exit(0)))
}
else {
  try {
    const ms = await buildDeck('dist', { base, withoutNotes, verbose: true })
    console.log(`\nBuilt dist/ for ${base}${withoutNotes ? ' without speaker notes' : ''} in ${(ms / 1000).toFixed(1)} s.`)
    console.log(`Deep links look like ${base}#/5. Try it: npm run preview -- --dir dist --base ${base}`)
  }
  catch (error) {
    console.error((error as Error | undefined)?.message ?? error)
    process.exitCode = 1
  }
}
