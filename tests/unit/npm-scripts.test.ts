import { globSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { repoPath, repoRoot } from '../../toolchain/paths'

// The docs, the hosting configs and the workflows tell people and hosts which npm scripts to
// run: each must exist, and a host that publishes both the deck and the reading version must
// build the reading version after the deck (`slidev build` empties dist/ first).
const scripts = Object.keys((JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
const files = globSync([
  'README.md',
  'snippets/README.md',
  'netlify.toml',
  'vercel.json',
  '.github/workflows/*.yml',
], { cwd: repoRoot })
// Comment lines (TOML, YAML) say what a command does; only the commands run.
const text = (file: string) => readFileSync(repoPath(file), 'utf8').split('\n').filter(line => !/^\s*#/.test(line) || file.endsWith('.md')).join('\n')

describe('npm scripts named in the docs, hosting configs and workflows', () => {
  it('are all defined in package.json', () => {
    expect(files.length, 'the files to read are found').toBeGreaterThan(3)
    const named = files.flatMap(file => [
      ...text(file).matchAll(/npm run ([\w:-]+)/g),
    ].map(match => ({ file, script: match[1]! })))
    expect(named.length).toBeGreaterThan(10)
    expect(named.filter(({ script }) => !scripts.includes(script)).map(({ file, script }) => `${file}: npm run ${script}`)).toEqual([])
  })

  it('build the reading version after the public deck wherever both are built', () => {
    const hosts = files.filter(file => text(file).includes('npm run build:reading'))
    expect(hosts.length, 'the hosting configs build the reading version').toBeGreaterThanOrEqual(3)
    expect(hosts.filter(file => !text(file).includes('npm run build:public') || text(file).indexOf('npm run build:reading') < text(file).indexOf('npm run build:public'))).toEqual([])
  })
})
