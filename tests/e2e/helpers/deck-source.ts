import { join } from 'node:path'
import { load } from '@slidev/parser/fs'
import { repoRoot as projectRoot } from '../../../scripts/lib/paths'

export interface SourceSlide {
  /** 1-based, as in the deck's URLs (hidden slides left out, as Slidev does). */
  no: number
  /** Slidev's title for the slide: its first heading, as written in the markdown. */
  title: string
  note: string
}

function loadDeck() {
  return load({
    roots: [projectRoot],
    userRoot: projectRoot,
  }, join(projectRoot, 'slides.md'))
}

/** The font families the headmatter asks for (`fonts.sans`, `fonts.mono`, ...). */
export async function headmatterFonts(): Promise<string[]> {
  const fonts = ((await loadDeck()).headmatter.fonts ?? {}) as Record<string, unknown>
  return ['sans', 'serif', 'mono']
    .flatMap(kind => String(fonts[kind] ?? '').split(','))
    .map(name => name.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean)
}

/** The slides as Slidev's own parser reads slides.md and every `src:` section file. */
export async function loadSourceSlides(): Promise<SourceSlide[]> {
  const deck = await loadDeck()
  return deck.slides
    .filter(slide => !slide.frontmatter.hide && !slide.frontmatter.disabled)
    .map((slide, index) => ({ no: index + 1, title: slide.title ?? '', note: slide.note ?? '' }))
}

/** Letters and digits only, lower-cased: how a title compares with text pulled out of a PDF. */
export function comparable(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ') // inline HTML in a heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // markdown links
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}
