import { describe, expect, it } from 'vitest'
import { countClicks, loadDeck } from '../../scripts/lib/deck-source'

// Speaker notes as Slidev's own parser sees them: a note is the HTML comment that ends a
// slide, so a <style> block written after it silently turns the notes into a hidden comment.
describe('speaker notes', async () => {
  const slides = await loadDeck()

  it('every slide has notes that Slidev recognises', () => {
    const silent = slides.filter(s => !s.notes).map(s => `${s.file}:${s.line} "${s.title}"`)
    expect(silent, 'slides without notes (is something after the <!-- notes --> comment?)').toEqual([])
  })

  it('every slide has as many [click] markers as clicks', () => {
    const mismatched = slides
      .filter(s => s.clickMarkers !== s.clicks)
      .map(s => `${s.file}:${s.line} "${s.title}": ${s.clicks} clicks, ${s.clickMarkers} [click] markers`)
    expect(mismatched).toEqual([])
  })
})

describe('the click estimate', () => {
  it('adds relative clicks, and takes the largest absolute one', () => {
    expect(countClicks('<v-clicks>\n\n- a\n- b\n\n</v-clicks>\n<div v-click>x</div>\n<p v-after>y</p>')).toBe(3)
    expect(countClicks('<<< @/snippets/a.py#r python {1|2-3|4}{lines:false}\n<<< @/snippets/a.out text')).toBe(2)
    expect(countClicks('<div v-click="1">a</div>\n<v-clicks at="2">\n\n- a\n- b\n- c\n\n</v-clicks>')).toBe(4)
    expect(countClicks('<v-switch>\n<template #1>a</template>\n<template #3>b</template>\n</v-switch>')).toBe(3)
    expect(countClicks('# Title', { clicks: 4 })).toBe(4)
    expect(countClicks('<<< @/snippets/a.rs#r rust {all}{lines:false}')).toBe(0)
  })
})
