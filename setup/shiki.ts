// Code themes in which every token, comments included, reaches 4.5:1 on the code background
// (see lib/a11y/code-themes.ts and tests/unit/code-contrast.test.ts).
import { defineShikiSetup } from '@slidev/types'
import { loadCodeThemes } from '../lib/a11y/code-themes'

export default defineShikiSetup(async () => ({
  themes: await loadCodeThemes(),
}))
