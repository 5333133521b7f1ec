// @vitest-environment node
// Every token the code themes paint, comments included, reaches 4.5:1 (WCAG AA) on the code
// background style.css pins, in light and dark mode: the colours of every sample shown on
// a slide (the real files, tokenised by Shiki as Slidev does), and every colour the themes
// can give a token in any language.
import type { BundledLanguage, ThemeRegistrationRaw } from 'shiki'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { createHighlighter } from 'shiki'
import { describe, expect, it } from 'vitest'
import { baseCodeThemes, loadCodeThemes, withReadableMarkers } from '../../lib/a11y/code-themes'
import { contrastRatio, minimumCodeContrast, parseHex } from '../../lib/a11y/contrast'
import { deckMarkdownFiles, deckSnippetImports, findRegionLines } from '../../toolchain/deck-source'
import { repoRoot as projectRoot } from '../../toolchain/paths'

const entry = join(projectRoot, 'slides.md')

/** `--slidev-code-background` as style.css sets it at `:root` (light) and `html.dark`. */
function pinnedCodeBackgrounds(): { light: string, dark: string } {
  const css = readFileSync(join(projectRoot, 'style.css'), 'utf8')
  const inBlock = (selector: string) => {
    const block = css.match(new RegExp(`^${selector.replace('.', '\\.')} \\{([^}]*)\\}`, 'm'))?.[1] ?? ''
    const value = block.match(/--slidev-code-background:\s*(#[\da-f]+)/i)?.[1]
    if (!value)
      throw new Error(`style.css: no --slidev-code-background in its "${selector} {" block`)
    return value
  }
  return {
    light: inBlock(':root'),
    dark: inBlock('html.dark'),
  }
}

interface Sample { where: string, lang: string, code: string }

/** Every `<<<` import of the deck as the code Slidev inlines, and every inline fenced block. */
function deckSamples(): Sample[] {
  const samples: Sample[] = []
  for (const imp of deckSnippetImports(entry)) {
    let lines = readFileSync(imp.snippetFile, 'utf8').split(/\r?\n/)
    if (imp.region) {
      const region = findRegionLines(lines, imp.region)
      if (!region)
        throw new Error(`${imp.written}: region ${imp.region} not found`)
      lines = lines.slice(region.start, region.end)
    }
    samples.push({
      where: `${imp.written}${imp.region
        ? `#${imp.region}`
        : ''}`,
      lang: imp.lang ?? 'text',
      code: lines.join('\n'),
    })
  }
  for (const file of deckMarkdownFiles(entry)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/^(`{3,}|~{3,})(\w+)(?:[ \t][^\n]*)?\n([\s\S]*?)^\1\s*$/gm))
      samples.push({ where: `${file.slice(projectRoot.length)} (inline ${match[2]})`, lang: match[2]!, code: match[3]! })
  }
  return samples
}

const backgrounds = pinnedCodeBackgrounds()
const samples = deckSamples()
const modes = ['light', 'dark'] as const

describe('code themes', async () => {
  const langs = [
    ...new Set(samples.map(sample => sample.lang)),
  ].filter(lang => !['text', 'txt', 'plain'].includes(lang))
  const themes = await loadCodeThemes()
  const highlighter = await createHighlighter({
    themes: Object.values(themes),
    langs,
  })

  it('the deck shows code samples in several languages (the check below has work to do)', () => {
    expect(samples.length).toBeGreaterThan(20)
    expect(langs).toEqual(expect.arrayContaining(['python', 'rust']))
  })

  for (const mode of modes) {
    it(`${mode}: every token of every sample on a slide reaches ${minimumCodeContrast}:1 on ${backgrounds[mode]}`, () => {
      const background = backgrounds[mode]
      const low = new Map<string, string>()
      let tokens = 0
      let lowest = Infinity
      for (const sample of samples) {
        const lang = (langs.includes(sample.lang)
          ? sample.lang
          : 'text') as BundledLanguage | 'text'
        const result = highlighter.codeToTokens(sample.code, { lang, theme: themes[mode].name! })
        for (const token of result.tokens.flat()) {
          if (!token.content.trim())
            continue
          tokens++
          const colour = token.color ?? result.fg!
          const ratio = contrastRatio(colour, background)
          lowest = Math.min(lowest, ratio)
          if (ratio < minimumCodeContrast)
            low.set(`${colour} ${ratio.toFixed(2)}:1`, `"${token.content.trim()}" in ${sample.where}`)
        }
      }
      process.stdout.write(`${baseCodeThemes[mode]} (adjusted) on ${background}: ${tokens} tokens, lowest ${lowest.toFixed(2)}:1\n`)
      expect([...low].map(([colour, example]) => `${colour}, e.g. ${example}`)).toEqual([])
      expect(tokens).toBeGreaterThan(1000)
    })

    it(`${mode}: every colour the adjusted ${baseCodeThemes[mode]} can give a token, in any language, reaches ${minimumCodeContrast}:1`, () => {
      const theme = themes[mode]
      const low: string[] = []
      for (const rule of theme.tokenColors ?? []) {
        const { foreground, background: own } = rule.settings ?? {}
        if (!foreground)
          continue
        // A rule that paints its own background (diff markers, ignored files) is read on it.
        const on = own && parseHex(own).a === 1
          ? own
          : backgrounds[mode]
        const ratio = contrastRatio(foreground, on)
        if (ratio < minimumCodeContrast)
          low.push(`${[rule.scope].flat().join(', ')}: ${foreground} on ${on} is ${ratio.toFixed(2)}:1`)
      }
      expect(low).toEqual([])
      expect(theme.tokenColors?.length, 'the theme has rules to check').toBeGreaterThan(20)
    })
  }

  it('the adjustment only touches rules that paint their own background', async () => {
    const { bundledThemes } = await import('shiki')
    for (const mode of modes) {
      const base = (await bundledThemes[baseCodeThemes[mode]]()).default as ThemeRegistrationRaw
      const adjusted = withReadableMarkers(base, 'check')
      const changed = (base.tokenColors ?? []).filter((rule, i) => rule.settings.foreground !== adjusted.tokenColors![i]!.settings.foreground)
      expect(changed.filter(rule => !rule.settings.background).map(rule => JSON.stringify(rule)), mode).toEqual([])
      expect(changed.length, `${mode}: rules adjusted`).toBe(mode === 'dark'
        ? 3
        : 0)
    }
  })
})
