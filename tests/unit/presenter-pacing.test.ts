import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import PresenterPacing from '../../components/PresenterPacing.vue'
import { sectionsOf } from '../../lib/pacing/budget'

// Two sections: slides 1-2 (4 min, from 0:00) and slides 3-4 (6 min, from 4:00).
const sections = sectionsOf([
  {
    no: 1,
    title: 'Opening',
    frontmatter: { minutes: 4 },
  },
  { no: 2, title: 'More', frontmatter: {} },
  {
    no: 3,
    title: 'Middle',
    frontmatter: { minutes: 6 },
  },
  { no: 4, title: 'End', frontmatter: {} },
])

function pacing(slideNo: number, elapsedSeconds: number, timerStatus: 'stopped' | 'running' | 'paused' = 'running') {
  return mount(PresenterPacing, {
    props: {
      sections,
      slideNo,
      elapsedSeconds,
      timerStatus,
    },
  })
}

const text = (wrapper: ReturnType<typeof pacing>, test: string) => wrapper.get(`[data-test="${test}"]`).text()

describe('presenterPacing', () => {
  it('names the section, its budget and planned start', () => {
    const wrapper = pacing(4, 0, 'stopped')
    expect(wrapper.text()).toContain('§ 2/2')
    expect(wrapper.text()).toContain('Middle')
    expect(wrapper.text()).toContain('6 min')
    expect(text(wrapper, 'pacing-planned')).toBe('4:00')
  })

  it('asks for the timer before it runs, and shows no verdict colour', () => {
    const wrapper = pacing(3, 0, 'stopped')
    expect(text(wrapper, 'pacing-verdict')).toBe('start the timer')
    expect(text(wrapper, 'pacing-elapsed')).toBe('–:––')
    expect(wrapper.classes()).toContain('pacing--idle')
  })

  it('says ahead, on time or behind, and colours it', () => {
    expect(text(pacing(3, 60), 'pacing-verdict')).toBe('ahead by 3 min')
    expect(pacing(3, 60).classes()).toContain('pacing--ok')
    expect(text(pacing(3, 4 * 60 + 10), 'pacing-verdict')).toBe('on time')
    // Slide 4 is planned at 7:00: two minutes late is a warning, four is bad.
    expect(pacing(4, 9 * 60, 'paused').classes()).toContain('pacing--warn')
    const late = pacing(4, 11 * 60 + 5)
    expect(text(late, 'pacing-verdict')).toBe('behind by 4 min')
    expect(text(late, 'pacing-elapsed')).toBe('11:05')
    expect(late.classes()).toContain('pacing--bad')
  })

  it('shows a broken budget instead of figures', () => {
    const wrapper = mount(PresenterPacing, {
      props: {
        sections: [],
        slideNo: 1,
        elapsedSeconds: 0,
        timerStatus: 'stopped',
        problem: 'no budget',
      },
    })
    expect(wrapper.get('[role="alert"]').text()).toBe('no budget')
    expect(wrapper.find('[data-test="pacing-verdict"]').exists()).toBe(false)
  })
})
