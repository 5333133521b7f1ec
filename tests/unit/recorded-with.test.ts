import { readFileSync } from 'node:fs'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RecordedWith from '../../components/RecordedWith.vue'
import { loadDeck } from '../../toolchain/deck-source'

const versions = JSON.parse(readFileSync('snippets/toolchain-versions.json', 'utf8')) as { python: string, rustc: string, mypy: string }

describe('recordedWith', () => {
  it('names the Python that blessed the outputs, as snippets/toolchain-versions.json records it', () => {
    const wrapper = mount(RecordedWith, {
      props: { tool: 'python' },
    })
    expect(versions.python).toMatch(/^Python \d+\.\d+\.\d+/)
    expect(wrapper.text()).toBe(versions.python)
  })

  it('names rustc by its version, without the commit hash', () => {
    const wrapper = mount(RecordedWith, {
      props: { tool: 'rustc' },
    })
    expect(wrapper.text()).toBe(versions.rustc.split(' (')[0])
    expect(wrapper.text()).toMatch(/^rustc \d+\.\d+\.\d+$/)
  })

  it('names the mypy that wrote the checker output', () => {
    const wrapper = mount(RecordedWith, {
      props: { tool: 'mypy' },
    })
    expect(wrapper.text()).toBe(versions.mypy)
    expect(wrapper.text()).toMatch(/^mypy \d+\.\d+/)
  })

  it('shows a visible error for an unknown tool instead of an empty caption', () => {
    const wrapper = mount(RecordedWith, {
      props: { tool: 'ruby' as never },
    })
    expect(wrapper.get('[role="alert"]').text()).toContain('no version recorded for "ruby"')
  })
})

// Python's output differs between versions (dis, the .pyc tag, gc thresholds, tracebacks),
// so a slide that shows it says which Python printed it.
describe('slides that show Python output', async () => {
  const slides = await loadDeck()

  it('name the interpreter with <RecordedWith tool="python" />', () => {
    const showing = slides.filter(slide => /^<<< @\/snippets\/python\/\w+\.out\b/m.test(slide.content))
    expect(showing.length).toBeGreaterThan(0)
    const unnamed = showing
      .filter(slide => !/<RecordedWith tool="python"\s*\/>/.test(slide.content))
      .map(slide => `${slide.file}:${slide.line} "${slide.title}"`)
    expect(unnamed, 'add <RecordedWith tool="python" /> next to the output').toEqual([])
  })

  it('and the slide with mypy\'s output names mypy with <RecordedWith tool="mypy" />', () => {
    const showing = slides.filter(slide => /^<<< @\/snippets\/checkers\/\S+\.mypy\.txt\b/m.test(slide.content))
    expect(showing.length).toBeGreaterThan(0)
    expect(showing.filter(slide => !/<RecordedWith tool="mypy"\s*\/>/.test(slide.content)).map(slide => slide.title)).toEqual([])
  })
})
