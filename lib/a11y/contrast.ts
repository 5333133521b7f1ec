// WCAG 2.1 contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), for colours
// written as CSS hex: #rgb, #rgba, #rrggbb or #rrggbbaa. A colour with alpha is first
// composited over the background it sits on, as the browser paints it.

export interface Rgb { r: number, g: number, b: number }

/** `#abc`, `#abcd`, `#aabbcc`, `#aabbccdd` → channels 0-255 and alpha 0-1; throws on anything else. */
export function parseHex(colour: string): Rgb & { a: number } {
  const hex = colour.trim().replace(/^#/, '')
  if (!/^(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i.test(hex))
    throw new Error(`not a hex colour: "${colour}"`)
  const full = hex.length <= 4
    ? [...hex].map(c => c + c).join('')
    : hex
  const channel = (i: number) => Number.parseInt(full.slice(i, i + 2), 16)
  return {
    r: channel(0),
    g: channel(2),
    b: channel(4),
    a: full.length === 8
      ? channel(6) / 255
      : 1,
  }
}

/** The opaque colour `colour` paints over `background` (which must be opaque). */
export function composite(colour: string, background: string): Rgb {
  const fg = parseHex(colour)
  const bg = parseHex(background)
  if (bg.a !== 1)
    throw new Error(`background must be opaque: "${background}"`)
  const mix = (f: number, b: number) => f * fg.a + b * (1 - fg.a)
  return {
    r: mix(fg.r, bg.r),
    g: mix(fg.g, bg.g),
    b: mix(fg.b, bg.b),
  }
}

export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255
    return c <= 0.04045
      ? c / 12.92
      : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/** The contrast ratio (1 to 21) of `foreground` painted on the opaque `background`. */
export function contrastRatio(foreground: string, background: string): number {
  const fg = relativeLuminance(composite(foreground, background))
  const bg = relativeLuminance(composite(background, background))
  const [light, dark] = fg > bg
    ? [fg, bg]
    : [bg, fg]
  return (light + 0.05) / (dark + 0.05)
}

/** WCAG AA for normal-size text. */
export const minimumCodeContrast = 4.5
/** WCAG AAA for normal-size text: the margin a washed-out projector eats into. */
export const minimumProseContrast = 7
