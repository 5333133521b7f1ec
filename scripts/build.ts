// `npm run build`: the deck as a static site.
//   npm run build                          → dist/, served at /
//   npm run build -- --base /talks/rust/   → dist/, served at /talks/rust/ (or BASE=/talks/rust/)
//   npm run build:public                   → the same without speaker notes (--without-notes)
import process from 'node:process'
import { parseArgs } from 'node:util'
import { buildDeck, normaliseBase } from '../toolchain/deck/build'

const { values } = parseArgs({
  options: {
    'base': { type: 'string' },
    'out': { type: 'string', default: 'dist' },
    'without-notes': { type: 'boolean', default: false },
  },
})
const base = normaliseBase(values.base ?? process.env.BASE ?? '/')
const withoutNotes = values['without-notes'] || process.env.WITHOUT_NOTES === '1'
try {
  const ms = await buildDeck(values.out!, { base, withoutNotes, verbose: true })
  console.log(`\nBuilt ${values.out}/ for ${base}${withoutNotes ? ' without speaker notes' : ''} in ${(ms / 1000).toFixed(1)} s.`)
  console.log(`Deep links look like ${base}#/5. Try it: npm run preview -- --dir ${values.out} --base ${base}`)
}
catch (error) {
  console.error(error instanceof Error
    ? error.message
    : error)
  process.exitCode = 1
}
