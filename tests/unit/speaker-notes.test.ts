import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import resultsFile from '../../data/etl/results.json'
import { diagramClicks } from '../../lib/diagram-clicks'
import { etlClicks, parseEtlResults } from '../../lib/etl/results'
import { memoryStories } from '../../lib/memory/stories'
import { defaultStages } from '../../lib/pipeline/stages'
import { slidevClicksKey } from '../../lib/shared/clicks'
import { countClicks, loadDeck } from '../../toolchain/deck-source'

// Speaker notes as Slidev's own parser sees them: a note is the HTML comment that ends a
// slide, so a <style> block written after it silently turns the notes into a hidden comment.
describe('speaker notes', async () => {
  const slides = await loadDeck()

  it('every slide has notes that Slidev recognises', () => {
    const silent = slides.filter(s => !s.notes).map(s => `${s.file}:${s.line} "${s.title}"`)
    expect(silent, 'slides without notes (is something after the <!-- notes --> comment?)').toEqual([])
  })

  it('no slide hand-syncs `clicks:`: the diagrams register theirs from their data', () => {
    const declared = slides.filter(s => 'clicks' in s.frontmatter).map(s => `${s.file}:${s.line} "${s.title}"`)
    expect(declared).toEqual([])
    expect(slides.filter(s => diagramClicks(s.content) > 0).length).toBeGreaterThanOrEqual(10)
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

describe('clicks of stepped diagrams, from their data', () => {
  it('counts a story\'s states, the pipeline\'s stages, the chart\'s rows and two per trace', () => {
    const recorded = parseEtlResults(resultsFile)
    if (!recorded.ok)
      throw new Error(recorded.issues.join('\n'))
    expect(diagramClicks('<MemoryDiagram story="rust-clone" :step="$clicks" />')).toBe(memoryStories['rust-clone']!.states.length - 1)
    expect(diagramClicks('<PipelineDiagram :step="$clicks" />')).toBe(defaultStages.length)
    expect(diagramClicks('<EtlLiveRun :step="$clicks" />')).toBe(etlClicks(recorded.value))
    expect(diagramClicks('<GilTimeline :traces="[a, b]" :step="$clicks" label="x" />')).toBe(3)
    expect(diagramClicks('<GilTimeline :traces="[rayon]" :step="$clicks" :height="170" />')).toBe(1)
    expect(countClicks('<<< @/a.rs#r rust {1|2|3}\n<MemoryDiagram story="rust-clone" :step="$clicks" />')).toBe(3)
  })

  it('counts nothing for a diagram that is not click-stepped', () => {
    expect(diagramClicks('<EtlResultsChart />\n<GilTimeline :traces="recorded" :height="170" />')).toBe(0)
  })

  it('says which diagram it cannot count', () => {
    expect(() => diagramClicks('<MemoryDiagram story="rust-vec" :step="$clicks" />')).toThrow(/MemoryDiagram.*rust-vec/)
    expect(() => diagramClicks('<GilTimeline :traces="recorded" :step="$clicks" />')).toThrow(/array literal/)
    expect(() => diagramClicks('<PipelineDiagram :stages="mine" :step="$clicks" />')).toThrow(/cannot be counted/)
  })

  it('registers with the clicks context under the key Slidev provides it with', () => {
    const constants = readFileSync(join(process.cwd(), 'node_modules/@slidev/client/constants.ts'), 'utf8')
    expect(constants).toContain(`injectionClicksContext = '${slidevClicksKey}'`)
  })
})
