import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot as projectRoot } from '../../toolchain/paths'

// The three hosting configs publish the same thing: the public deck in dist/ and the
// reading version beside it in dist/reading/ (npm run build:reading's default).
const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8')

describe('hosting configs', () => {
  it('netlify.toml and vercel.json build the public deck, then the reading version, into dist/', () => {
    expect(read('netlify.toml')).toMatch(/^command = "npm run build:public && npm run build:reading"$/m)
    expect(read('netlify.toml')).toMatch(/^publish = "dist"$/m)
    const vercel = JSON.parse(read('vercel.json')) as { buildCommand: string, outputDirectory: string }
    expect(vercel).toMatchObject({ buildCommand: 'npm run build:public && npm run build:reading', outputDirectory: 'dist' })
  })

  it('the GitHub Pages workflow builds the reading version after the deck and uploads dist/', () => {
    const workflow = read('.github/workflows/deploy.yml')
    const deck = workflow.indexOf('run: npm run build:public')
    const reading = workflow.indexOf('run: npm run build:reading')
    const upload = workflow.indexOf('actions/upload-pages-artifact')
    expect(deck).toBeGreaterThan(0)
    expect(reading).toBeGreaterThan(deck)
    expect(upload).toBeGreaterThan(reading)
    expect(workflow.slice(upload)).toMatch(/path: dist\s/)
  })
})
