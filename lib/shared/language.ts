// The two languages the talk compares. One type and one CSS class per language, so the
// Python-blue / Rust-orange cue means the same in code headers, diagrams, charts and tables.
export const languages = ['python', 'rust'] as const

export type Language = typeof languages[number]

export const languageNames: Record<Language, string> = { python: 'Python', rust: 'Rust' }

/** The deck-wide class that sets `--lang-color` and `--lang-soft` for a language (style.css). */
export function languageClass(language: Language): `lang-${Language}` {
  return `lang-${language}`
}
