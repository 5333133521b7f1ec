import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EtlHeadline from '../../components/EtlHeadline.vue'
import StoryMap from '../../components/StoryMap.vue'
import StoryStrip from '../../components/StoryStrip.vue'
import resultsFile from '../../data/etl/results.json'
import { formatRate } from '../../lib/etl/format'
import { checkPlace, placeAt, storyParts } from '../../lib/story/parts'
import { loadDeck } from '../../toolchain/deck-source'

// Where the talk stands: the map on the part dividers, the wordless strip on every other
// slide of the talk, and the place of each slide, read from the dividers' frontmatter.

function states(wrapper: ReturnType<typeof mount>, selector: string) {
  return wrapper.findAll(selector).map(item => item.attributes('data-state'))
}

describe('the place of a slide', () => {
  const deck = [
    {
      no: 1,
      frontmatter: { layout: 'cover' },
    },
    { no: 2, frontmatter: {} },
    {
      no: 3,
      frontmatter: { layout: 'part', part: 1 },
    },
    { no: 4, frontmatter: {} },
    {
      no: 5,
      frontmatter: { layout: 'part', part: 2, look: 2 },
    },
    { no: 6, frontmatter: {} },
    {
      no: 7,
      frontmatter: { storyEnd: true },
    },
    { no: 8, frontmatter: {} },
    {
      no: 9,
      frontmatter: { backup: true },
    },
  ]

  it('is that of the last divider before it; nothing in the opening or on a backup slide', () => {
    expect(deck.map(slide => placeAt(deck, slide.no))).toEqual([
      undefined,
      undefined,
      { part: 1 },
      { part: 1 },
      { part: 2, look: 2 },
      { part: 2, look: 2 },
      { part: storyParts.length + 1 },
      { part: storyParts.length + 1 },
      undefined,
    ])
  })

  it('refuses a part or a look that does not exist, saying which', () => {
    expect(checkPlace({ part: 0 })).toEqual({
      ok: false,
      issues: ['part: must be a whole number from 1 to 4, got 0'],
    })
    expect(checkPlace({ part: 2, look: 4 })).toEqual({
      ok: false,
      issues: ['look: must be a whole number from 1 to 3 in part 2, got 4'],
    })
    expect(checkPlace({ part: 3, look: 1 })).toEqual({
      ok: false,
      issues: ['look: part 3 ("The fix") has no looks'],
    })
    expect(checkPlace({ part: 2, look: 1 })).toEqual({
      ok: true,
      value: { part: 2, look: 1 },
    })
  })

  it('every divider of the deck names a place that exists, and every part has one', async () => {
    const dividers = (await loadDeck()).filter(slide => slide.frontmatter.layout === 'part')
    expect(dividers.map(slide => checkPlace(slide.frontmatter)).filter(place => !place.ok)).toEqual([])
    expect(new Set(dividers.map(slide => slide.frontmatter.part))).toEqual(new Set(storyParts.map((_, index) => index + 1)))
  })
})

describe('storyMap', () => {
  it('marks the parts told, the current one and those to come', () => {
    const wrapper = mount(StoryMap, {
      props: { part: 3 },
    })
    expect(wrapper.findAll('[data-part]').map(part => part.attributes('data-part'))).toEqual(storyParts.map(part => part.id))
    expect(states(wrapper, '[data-part]')).toEqual(['done', 'done', 'current', 'next'])
    expect(wrapper.get('[aria-current="step"]').text()).toBe('The fix')
  })

  it('shows the looks only while the talk is under the hood, the current one marked', () => {
    expect(mount(StoryMap, {
      props: { part: 1 },
    }).findAll('.story-map__looks li')).toHaveLength(0)
    const wrapper = mount(StoryMap, {
      props: { part: 2, look: 2 },
    })
    expect(wrapper.findAll('.story-map__looks li').map(look => look.text())).toEqual([...storyParts[1]!.looks!])
    expect(states(wrapper, '.story-map__looks li')).toEqual(['done', 'current', 'next'])
  })

  it('is a label, held to the labels\' size by the stage check', () => {
    expect(mount(StoryMap, {
      props: { part: 1 },
    }).get('ol').attributes()).toHaveProperty('data-label')
  })

  it('reports a place that does not exist instead of drawing it', () => {
    const wrapper = mount(StoryMap, {
      props: { part: 7 },
    })
    expect(wrapper.get('[role="alert"]').text()).toContain('part: must be a whole number from 1 to 4, got 7')
    expect(wrapper.find('.story-map').exists()).toBe(false)
  })
})

describe('storyStrip', () => {
  it('draws nothing without a place', () => {
    expect(mount(StoryStrip).find('[data-testid="story-strip"]').exists()).toBe(false)
  })

  it('one bar per part; the current part split into its looks', () => {
    const wrapper = mount(StoryStrip, {
      props: {
        place: { part: 2, look: 3 },
      },
    })
    expect(states(wrapper, '.story-strip__part')).toEqual(['done', 'current', 'next', 'next'])
    expect(states(wrapper, '.story-strip__look')).toEqual(['done', 'done', 'current'])
  })

  it('after the last part, every part is told; and it has no words for the eye or a reader', () => {
    const wrapper = mount(StoryStrip, {
      props: {
        place: { part: storyParts.length + 1 },
      },
    })
    expect(states(wrapper, '.story-strip__part')).toEqual(storyParts.map(() => 'done'))
    expect(wrapper.text()).toBe('')
    expect(wrapper.get('[data-testid="story-strip"]').attributes('aria-hidden')).toBe('true')
  })
})

describe('etlHeadline', () => {
  it('shows a variant\'s median rate from the results file', () => {
    const python = resultsFile.variants.find(v => v.id === 'python')!
    const wrapper = mount(EtlHeadline, {
      props: { variant: 'python' },
    })
    expect(wrapper.get('[data-testid="rate"]').text()).toBe(formatRate(python.rowsPerSecond))
    expect(wrapper.get('[data-variant]').classes()).toContain('lang-python')
  })

  it('reports a variant the file does not have', () => {
    const results = structuredClone(resultsFile)
    results.variants = results.variants.filter(v => v.id !== 'rust')
    const wrapper = mount(EtlHeadline, {
      props: { variant: 'rust', results },
    })
    expect(wrapper.get('[role="alert"]').text()).toContain('no measured variant "rust"')
  })
})
