// The adaptive-dis slide highlights the two BINARY_OP lines of each listing; bytecode
// changes between releases, so the highlighted line numbers are checked against the output.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../toolchain/deck-source'
import { repoRoot } from '../../toolchain/paths'

describe('dis listings: the highlighted lines are the two operators', async () => {
  const slides = await loadDeck()
  it.each([
    [
      'specialize_warmup.out',
      ['BINARY_OP_MULTIPLY_FLOAT', 'BINARY_OP_ADD_FLOAT'],
    ],
    [
      'specialize_deopt.out',
      ['BINARY_OP', 'BINARY_OP'],
    ],
  ])('%s', (file, opnames) => {
    const slide = slides.find(candidate => candidate.content.includes(`@/snippets/python/${file}`))!
    const range = new RegExp(`@/snippets/python/${file.replace('.', '\\.')} text \\{(\\d+)-(\\d+)\\}`).exec(slide.content)
    expect(range, `${file} is imported with a {from-to} highlight`).not.toBeNull()
    const lines = readFileSync(resolve(repoRoot, 'snippets/python', file), 'utf8').split('\n')
    const shown = lines.slice(Number(range![1]) - 1, Number(range![2])).map(line => line.trim().split(/\s+/)[0])
    expect(shown).toEqual(opnames)
  })
})
