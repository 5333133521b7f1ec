import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import QrCode from '../../components/QrCode.vue'

/** Reads the SVG path back into a grid of dark modules. */
function modulesOf(d: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array.from<boolean>({ length: size }).fill(false))
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    grid[Number(y)]![Number(x)] = true
  return grid
}

/** A QR finder pattern: a 7x7 dark ring, a light ring, and a dark 3x3 centre. */
function hasFinderAt(grid: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = y === 0 || y === 6 || x === 0 || x === 6
      const centre = y >= 2 && y <= 4 && x >= 2 && x <= 4
      if (grid[top + y]![left + x] !== (ring || centre))
        return false
    }
  }
  return true
}

describe('qrCode', () => {
  it('draws a QR symbol with its three finder patterns and a quiet border', () => {
    const wrapper = mount(QrCode, {
      props: { value: 'https://example.org/rust-for-python-developers/' },
    })
    const svg = wrapper.get('svg')
    const size = Number(svg.attributes('viewBox')!.split(' ')[2])
    const grid = modulesOf(wrapper.get('path').attributes('d')!, size)
    const border = 2
    const symbol = size - 2 * border
    expect((symbol - 17) % 4).toBe(0) // QR versions are 21, 25, 29, ... modules wide
    expect(hasFinderAt(grid, border, border)).toBe(true)
    expect(hasFinderAt(grid, border, border + symbol - 7)).toBe(true)
    expect(hasFinderAt(grid, border + symbol - 7, border)).toBe(true)
    expect(hasFinderAt(grid, border + symbol - 7, border + symbol - 7)).toBe(false)
    expect(grid[0]!.some(Boolean)).toBe(false)
    expect(wrapper.get('title').text()).toContain('https://example.org/rust-for-python-developers/')
  })

  it('shows a visible error instead of an empty code', () => {
    const wrapper = mount(QrCode, {
      props: { value: '  ' },
    })
    expect(wrapper.find('svg').exists()).toBe(false)
    expect(wrapper.get('[role="alert"]').text()).toContain('deckUrl')
  })
})
