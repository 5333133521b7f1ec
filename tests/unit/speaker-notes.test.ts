import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { slidevClicksKey } from '../../lib/shared/clicks'
import { clicksInNotes, loadDeck } from '../../toolchain/deck-source'

// Speaker notes as Slidev's own parser sees them: a note is the HTML comment that ends a
// slide, so a <style> block written after it silently turns the notes into a hidden comment.
// Whether each slide's [click] markers match its clicks is checked on the built deck, against
// the clicks Slidev registers (tests/e2e/walked.spec.ts).
describe('speaker notes', async () => {
  const slides = await loadDeck()

  it('every slide has notes that Slidev recognises', () => {
    const silent = slides.filter(s => !s.notes).map(s => `${s.file}:${s.line} "${s.title}"`)
    expect(silent, 'slides without notes (is something after the <!-- notes --> comment?)').toEqual([])
  })

  it('no slide hand-syncs `clicks:`: the diagrams register theirs from their data', () => {
    expect(slides.filter(s => 'clicks' in s.frontmatter).map(s => `${s.file}:${s.line} "${s.title}"`)).toEqual([])
  })

  it('reads the click the notes end on as Slidev does: [click] is the next one, [click:N] click N', () => {
    expect(clicksInNotes('no markers')).toBe(0)
    expect(clicksInNotes('[click] a [click] b')).toBe(2)
    expect(clicksInNotes('[click:3] a [click] b')).toBe(4)
  })

  it('diagrams register with the clicks context under the key Slidev provides it with', () => {
    const constants = readFileSync(join(process.cwd(), 'node_modules/@slidev/client/constants.ts'), 'utf8')
    expect(constants).toContain(`injectionClicksContext = '${slidevClicksKey}'`)
  })
})
