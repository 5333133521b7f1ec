// The memory diagram, mounted without Slidev: what every step of every story draws, how
// out-of-range steps clamp, and that a broken story shows an error instead of crashing.
// The expected pictures below are written from what each snippet does, independently of
// the story data; the figures are cross-checked against the blessed `.out` files.
import type { VueWrapper } from '@vue/test-utils'
import type { MemoryStory } from '../../lib/memory/story'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import MemoryDiagram from '../../components/MemoryDiagram.vue'
import { memoryStories, rustMove } from '../../lib/memory/stories'
import { validateStory } from '../../lib/memory/validate'
import { slidevClicksKey } from '../../lib/shared/clicks'
import { repoRoot } from '../../toolchain/paths'

type VariableStatus = 'live' | 'moved' | 'dropped'

interface ExpectedStep {
  /** Visible variables and their status. */
  variables: Record<string, VariableStatus>
  /** Visible blocks: live or freed. */
  blocks: Record<string, 'live' | 'freed'>
  /** Visible arrows as `from->to`. */
  arrows: string[]
  /** Visible arrows drawn faded because the link is dead (moved/dropped source, freed target). */
  stale?: string[]
  /** Reference counts shown in Python objects. */
  refcounts?: Record<string, string>
  /** Cell values of Rust variables (pointer cells are empty strings). */
  cells?: Record<string, string[]>
  /** Bytes and capacity of buffers. */
  buffers?: Record<string, { bytes: string, capacity: number }>
  /** Visible labels by target, and their text. */
  labels?: Record<string, string>
}

const str = (refcount: string) => ({ str: refcount })

const expected: Record<string, ExpectedStep[]> = {
  'python-names': [
    {
      variables: { a: 'live' },
      blocks: { str: 'live' },
      arrows: ['a->str'],
      refcounts: str('1'),
    },
    {
      variables: { a: 'live', b: 'live' },
      blocks: { str: 'live' },
      arrows: ['a->str', 'b->str'],
      refcounts: str('2'),
    },
    {
      variables: { b: 'live' },
      blocks: { str: 'live' },
      arrows: ['b->str'],
      refcounts: str('1'),
    },
    {
      variables: { b: 'live' },
      blocks: { str: 'freed', none: 'live' },
      arrows: ['b->none'],
      refcounts: { str: '0', none: 'immortal' },
      labels: { str: 'freed' },
    },
    {
      variables: { b: 'live', n: 'live' },
      blocks: { none: 'live', int: 'live' },
      arrows: ['b->none', 'n->int'],
      refcounts: { none: 'immortal', int: '1' },
    },
  ],
  'rust-move': [
    {
      variables: { n: 'live' },
      blocks: {},
      arrows: [],
      cells: {
        n: ['42'],
      },
    },
    {
      variables: { n: 'live', m: 'live' },
      blocks: {},
      arrows: [],
      cells: {
        n: ['42'],
        m: ['42'],
      },
    },
    {
      variables: { n: 'live', m: 'live', s1: 'live' },
      blocks: { buf: 'live' },
      arrows: ['s1->buf'],
      cells: {
        s1: ['', '5', '5'],
      },
      buffers: {
        buf: { bytes: 'hello', capacity: 5 },
      },
    },
    {
      variables: {
        n: 'live',
        m: 'live',
        s1: 'moved',
        s2: 'live',
      },
      blocks: { buf: 'live' },
      arrows: ['s1->buf', 's2->buf'],
      stale: ['s1->buf'],
      cells: {
        s1: ['', '5', '5'],
        s2: ['', '5', '5'],
      },
      labels: { s1: 'moved: unusable' },
    },
    {
      variables: {
        n: 'live',
        m: 'live',
        s1: 'moved',
        s2: 'live',
      },
      blocks: { buf: 'live' },
      arrows: ['s1->buf', 's2->buf'],
      stale: ['s1->buf'],
      labels: { s1: 'E0382: borrow of moved value' },
    },
  ],
  'rust-borrow': [
    {
      variables: { s: 'live' },
      blocks: { small: 'live' },
      arrows: ['s->small'],
      cells: {
        s: ['', '5', '5'],
      },
    },
    {
      variables: { s: 'live', r: 'live' },
      blocks: { small: 'live' },
      arrows: ['s->small', 'r->s'],
      labels: { s: 'borrowed: read-only' },
    },
    {
      variables: { s: 'live', r: 'live' },
      blocks: { small: 'live' },
      arrows: ['s->small'],
      labels: { r: 'last use: borrow over' },
    },
    {
      variables: { s: 'live', r: 'live' },
      blocks: { small: 'freed', big: 'live' },
      arrows: ['s->big'],
      cells: {
        s: ['', '12', '12'],
      },
      buffers: {
        small: { bytes: 'hello', capacity: 5 },
        big: { bytes: 'hello, world', capacity: 12 },
      },
      labels: { small: 'freed' },
    },
    {
      variables: { s: 'dropped', r: 'dropped' },
      blocks: { big: 'freed' },
      arrows: ['s->big'],
      stale: ['s->big'],
      labels: { s: 'dropped', r: 'dropped', big: 'freed' },
    },
  ],
  'rust-clone': [
    {
      variables: { s1: 'live' },
      blocks: { first: 'live' },
      arrows: ['s1->first'],
    },
    {
      variables: { s1: 'live', s2: 'live' },
      blocks: { first: 'live', second: 'live' },
      arrows: ['s1->first', 's2->second'],
      buffers: {
        first: { bytes: 'hello', capacity: 5 },
        second: { bytes: 'hello', capacity: 5 },
      },
    },
    {
      variables: { s1: 'live', s2: 'live' },
      blocks: { first: 'live', second: 'live' },
      arrows: ['s1->first', 's2->second'],
    },
    {
      variables: { s1: 'dropped', s2: 'dropped' },
      blocks: { first: 'freed', second: 'freed' },
      arrows: ['s1->first', 's2->second'],
      stale: ['s1->first', 's2->second'],
    },
  ],
}

function mountAt(story: string | MemoryStory, step: number): VueWrapper {
  return mount(MemoryDiagram, {
    props: { story, step },
  })
}

/** Values of `data-*` attribute `key` on visible elements of one kind. */
function visible(wrapper: VueWrapper, selector: string) {
  return wrapper.findAll(selector).filter(element => element.attributes('data-visible') === 'true')
}

function picture(wrapper: VueWrapper) {
  const variables = Object.fromEntries(visible(wrapper, '[data-variable]').map(v => [
    v.attributes('data-variable'),
    v.attributes('data-status'),
  ]))
  const blocks = Object.fromEntries(visible(wrapper, '[data-block]').map(b => [
    b.attributes('data-block'),
    b.attributes('data-status'),
  ]))
  const arrows = visible(wrapper, '[data-arrow]').map(a => `${a.attributes('data-from')}->${a.attributes('data-to')}`)
  const stale = visible(wrapper, '[data-arrow]').filter(a => a.attributes('data-stale') === 'true').map(a => `${a.attributes('data-from')}->${a.attributes('data-to')}`)
  const labels = Object.fromEntries(visible(wrapper, '[data-label]').map(l => [
    l.attributes('data-label'),
    l.find('text').text(),
  ]))
  return {
    variables,
    blocks,
    arrows,
    stale,
    labels,
  }
}

const repoFile = (path: string) => readFileSync(resolve(repoRoot, path), 'utf8')

describe('memory stories', () => {
  it('has an expected picture for every registered story, one per step', () => {
    expect(Object.keys(memoryStories).sort()).toEqual(Object.keys(expected).sort())
    for (const [id, steps] of Object.entries(expected))
      expect(memoryStories[id]!.states.length, id).toBe(steps.length)
  })

  it('validates every registered story', () => {
    for (const story of Object.values(memoryStories))
      expect(validateStory(story), story.id).toEqual({ ok: true, value: story })
  })
})

describe.each(Object.entries(expected))('story %s', (id, steps) => {
  it.each(steps.map((step, index) => [index, step] as const))('step %i draws the expected picture', (index, want) => {
    const wrapper = mountAt(id, index)
    const got = picture(wrapper)
    expect(wrapper.find('figure').attributes('data-step')).toBe(String(index))
    expect(got.variables).toEqual(want.variables)
    expect(got.blocks).toEqual(want.blocks)
    expect(got.arrows.sort()).toEqual([...want.arrows].sort())
    expect(got.stale.sort()).toEqual([
      ...(want.stale ?? []),
    ].sort())
    if (want.labels)
      expect(got.labels).toEqual(want.labels)
    for (const [block, count] of Object.entries(want.refcounts ?? {}))
      expect(wrapper.find(`[data-block="${block}"]`).attributes('data-refcount'), `${block} refcount`).toBe(count)
    for (const [variable, cells] of Object.entries(want.cells ?? {})) {
      const shown = wrapper.find(`[data-variable="${variable}"]`).findAll('.md-field').map(field => field.find('.md-cell__value').exists()
        ? field.find('.md-cell__value').text()
        : '')
      expect(shown, `${variable} cells`).toEqual(cells)
    }
    for (const [block, { bytes, capacity }] of Object.entries(want.buffers ?? {})) {
      const element = wrapper.find(`[data-block="${block}"]`)
      expect(element.attributes('data-bytes')).toBe(bytes)
      expect(element.findAll('.md-byte')).toHaveLength(capacity)
      expect(element.findAll('.md-cell__value').map(cell => cell.text()).join('')).toBe(bytes.replaceAll(' ', ''))
    }
    // The caption is real text in the DOM, and the SVG is labelled by its title and desc.
    const caption = memoryStories[id]!.states[index]!.caption.replaceAll('`', '')
    expect(wrapper.find('figcaption').text().replace(/\s+/g, ' ')).toContain(caption)
    const svg = wrapper.find('svg')
    const [titleId, descId] = svg.attributes('aria-labelledby')!.split(' ')
    expect(svg.find(`title[id="${titleId}"]`).text()).toBe(memoryStories[id]!.title)
    expect(svg.find(`desc[id="${descId}"]`).text()).toContain(caption)
  })
})

describe('figures match what the snippets print', () => {
  // Recorded on CPython 3.15: since 3.14 a local passed to getrefcount is a borrowed
  // reference (LOAD_FAST_BORROW), so it prints the count itself (3.13 printed one more).
  it('python: getrefcount equals the drawn count', () => {
    const [isCheck, withTwoNames, withOneName] = repoFile('snippets/python/memory_names.out').trim().split('\n')
    expect(isCheck).toBe('True True')
    expect(mountAt('python-names', 1).find('[data-block="str"]').attributes('data-refcount')).toBe(withTwoNames)
    expect(mountAt('python-names', 2).find('[data-block="str"]').attributes('data-refcount')).toBe(withOneName)
  })

  it('python: the parsed int is an object of its own, with the printed size and count', () => {
    const [size, count] = repoFile('snippets/python/memory_names.out').trim().split('\n').slice(3)
    const last = mountAt('python-names', 4)
    expect(last.find('[data-block="int"]').attributes('data-refcount')).toBe(count)
    expect(last.find('figcaption').text()).toContain(`${size} bytes`)
    const value = /int\("(\d+)"\)/.exec(repoFile('snippets/python/memory_names.py'))![1]!
    // Outside CPython's small-int cache (-5 to 256), so it is not a shared object.
    expect(Number(value)).toBeGreaterThan(256)
    expect(last.find('figcaption').text()).toContain(value)
  })

  it('python: the frames column is CPython\'s data stack; Rust\'s is the machine stack', () => {
    expect(mountAt('python-names', 0).find('.md-column-title').text()).toBe('CPYTHON DATA STACK')
    expect(mountAt('rust-move', 0).find('.md-column-title').text()).toBe('STACK')
  })

  it('rust: a String is three words, with the printed length and capacity', () => {
    const [values, stringSize] = repoFile('snippets/rust/examples/memory_move.out').trim().split('\n')
    expect(values).toBe('42 42 hello')
    expect(Number(stringSize) / 8).toBe(mountAt('rust-move', 3).find('[data-variable="s2"]').findAll('.md-field').length)
    const [before, after] = repoFile('snippets/rust/examples/memory_borrow.out').trim().split('\n')
    const grown = mountAt('rust-borrow', 3)
    expect(before).toBe(`hello ${grown.find('[data-block="small"]').attributes('data-capacity')}`)
    expect(after).toBe(`${grown.find('[data-block="big"]').attributes('data-bytes')} ${grown.find('[data-block="big"]').attributes('data-capacity')}`)
  })

  it('rust: clone makes a second buffer at another address', () => {
    expect(repoFile('snippets/rust/examples/memory_clone.out').trim()).toBe('hello hello false')
    const blocks = visible(mountAt('rust-clone', 2), '[data-block]').map(block => block.attributes('data-bytes'))
    expect(blocks).toEqual(['hello', 'hello'])
  })

  it('rust: the use-after-move sample fails with the error the diagram names', () => {
    const stderr = repoFile('snippets/rust/fail/use_after_move.stderr')
    const label = mountAt('rust-move', 4).find('[data-label="s1"] text').text()
    expect(stderr).toMatch(/^error\[E0382\]: borrow of moved value: `s1`/)
    expect(label).toBe(`E0382: ${/^error\[E0382\]: (borrow of moved value)/.exec(stderr)![1]}`)
  })
})

describe('steps out of range', () => {
  it.each(Object.keys(expected))('%s clamps below 0 to the first state and past the end to the last', (id) => {
    const last = memoryStories[id]!.states.length - 1
    for (const [asked, shown] of [
      [-1, 0],
      [-50, 0],
      [last + 1, last],
      [999, last],
      [Number.NaN, 0],
    ] as const) {
      const wrapper = mountAt(id, asked)
      expect(wrapper.find('figure').attributes('data-step'), `step ${asked}`).toBe(String(shown))
      expect(picture(wrapper)).toEqual(picture(mountAt(id, shown)))
    }
  })
})

describe('broken stories', () => {
  it('names the missing block an arrow points at, instead of crashing', () => {
    const broken: MemoryStory = structuredClone(rustMove)
    broken.states[2]!.arrows = [
      { from: 's1', to: 'ghost_buffer' },
    ]
    const wrapper = mountAt(broken, 2)
    const alert = wrapper.find('[role="alert"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('"ghost_buffer"')
    expect(alert.text()).toContain('step 2')
    expect(wrapper.find('svg').exists()).toBe(false)
  })

  it('names an unknown story id', () => {
    expect(mountAt('rust-vec-growth', 0).find('[role="alert"]').text()).toContain('no story named "rust-vec-growth"')
  })

  it('reports data that does not fit the schema', () => {
    const wrapper = mountAt({ ...rustMove, states: [] }, 0)
    expect(wrapper.find('[role="alert"]').text()).toContain('states')
  })
})

describe('readable and calm', () => {
  it.each(Object.keys(expected))('%s draws no text smaller than 14 px', (id) => {
    const style = repoFile('components/MemoryDiagram.vue')
    const sizes = new Map([
      ...style.matchAll(/\.md-t(\d+) \{\s*font-size: (\d+)px;/g),
    ].map(match => [
      `md-t${match[1]}`,
      Number(match[2]),
    ]))
    for (let step = 0; step < memoryStories[id]!.states.length; step++) {
      const texts = mountAt(id, step).findAll('svg text')
      expect(texts.length).toBeGreaterThan(0)
      for (const text of texts) {
        const sizeClass = text.classes().find(name => /^md-t\d+$/.test(name))
        expect(sizeClass, `"${text.text()}" has a size class`).toBeDefined()
        expect(sizes.get(sizeClass!), `${sizeClass} is defined`).toBeGreaterThanOrEqual(14)
        expect(text.attributes('font-size')).toBeUndefined()
      }
    }
  })
})

describe('clicks from the story', () => {
  // A stand-in for the slide's clicks context that Slidev provides (lib/shared/clicks.ts).
  function slide() {
    const registered = new Map<string, { max: number, delta: number }>()
    const context = ref({
      register: (id: string, info: { max: number, delta: number }) => registered.set(id, info),
      unregister: (id: string) => registered.delete(id),
    })
    return {
      registered,
      provide: { [slidevClicksKey]: context },
    }
  }

  it.each(Object.keys(expected))('%s registers one click per state after the first, without shifting other clicks', (id) => {
    const { registered, provide } = slide()
    const wrapper = mount(MemoryDiagram, {
      props: { story: id, step: 0 },
      global: { provide },
    })
    expect([
      ...registered.values(),
    ]).toEqual([
      { max: memoryStories[id]!.states.length - 1, delta: 0 },
    ])
    wrapper.unmount()
    expect(registered.size).toBe(0)
  })

  it('registers nothing when it is not click-stepped (no step), and shows the last state', () => {
    const { registered, provide } = slide()
    const wrapper = mount(MemoryDiagram, {
      props: { story: 'rust-clone' },
      global: { provide },
    })
    expect(registered.size).toBe(0)
    expect(wrapper.find('figure').attributes('data-step')).toBe(String(memoryStories['rust-clone']!.states.length - 1))
  })
})
