// The code themes of the deck, one place for setup/shiki.ts and the contrast test.
//
// GitHub's high-contrast pair, as bundled with Shiki, is the first well-kept pair in which
// every token of every sample on the slides reaches 4.5:1 on Slidev's own code backgrounds
// (#f5f5f5 light, #1b1b1b dark; pinned in style.css). Slidev's default (vitesse) puts
// comments at 2.1:1. One adjustment: the dark theme's diff markers (rules that paint their
// own background: deleted, changed, carriage return) are below 4.5:1 on that background, so
// such a rule's text takes whichever of the theme's foreground and background reads better
// on it. tests/unit/code-contrast.test.ts checks every token colour of both themes.
import type { ThemeRegistrationRaw } from 'shiki'
import { bundledThemes } from 'shiki'
import { contrastRatio, minimumCodeContrast, parseHex } from './contrast'

export const baseCodeThemes = {
  light: 'github-light-high-contrast',
  dark: 'github-dark-high-contrast',
} as const

export type CodeThemeMode = keyof typeof baseCodeThemes

/** A copy of `theme` in which no rule with its own opaque background paints text below 4.5:1 on it. */
export function withReadableMarkers(theme: ThemeRegistrationRaw, name: string): ThemeRegistrationRaw {
  const fg = theme.colors?.['editor.foreground'] ?? theme.fg ?? '#000000'
  const bg = theme.colors?.['editor.background'] ?? theme.bg ?? '#ffffff'
  const tokenColors = (theme.tokenColors ?? []).map((rule) => {
    const { foreground, background } = rule.settings ?? {}
    if (!foreground || !background || parseHex(background).a !== 1 || contrastRatio(foreground, background) >= minimumCodeContrast)
      return rule
    const readable = contrastRatio(fg, background) >= contrastRatio(bg, background)
      ? fg
      : bg
    return {
      ...rule,
      settings: { ...rule.settings, foreground: readable },
    }
  })
  return {
    ...theme,
    name,
    displayName: name,
    tokenColors,
  }
}

/** The deck's two code themes, ready for Shiki. */
export async function loadCodeThemes(): Promise<Record<CodeThemeMode, ThemeRegistrationRaw>> {
  const load = async (mode: CodeThemeMode) => {
    const base = (await bundledThemes[baseCodeThemes[mode]]()).default as ThemeRegistrationRaw
    return withReadableMarkers(base, `deck-${mode}`)
  }
  return { light: await load('light'), dark: await load('dark') }
}
