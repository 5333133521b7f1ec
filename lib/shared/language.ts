// The two languages the talk compares. One type and one CSS class per language, so the
// Python-blue / Rust-orange cue means the same in code headers, diagrams, charts and tables.
export const languages = ['python', 'rust'] as const

export type Language = typeof languages[number]

/** The deck-wide class that sets `--lang-color` for a language (defined in style.css). */
export function languageClass(language: Language): `lang-${Language}` {
  return `lang-${language}`
}
