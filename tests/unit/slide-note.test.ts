import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SlideNote from '../../components/SlideNote.vue'

describe('slideNote', () => {
  it('renders its slot in the muted tone by default', () => {
    const wrapper = mount(SlideNote, {
      slots: { default: 'Delete the <code>parse</code> line' },
    })
    expect(wrapper.classes()).toContain('slide-note--muted')
    expect(wrapper.html()).toContain('<code>parse</code>')
  })

  it('marks a failure in the bad tone', () => {
    const wrapper = mount(SlideNote, {
      props: { tone: 'bad' },
      slots: { default: 'TypeError' },
    })
    expect(wrapper.classes()).toContain('slide-note--bad')
  })

  it('shows a visible error for an unknown tone instead of crashing', () => {
    const wrapper = mount(SlideNote, {
      props: { tone: 'loud' as never },
      slots: { default: 'x' },
    })
    expect(wrapper.get('[role="alert"]').text()).toContain('tone must be "muted" or "bad", got "loud"')
  })
})
