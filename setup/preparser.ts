// Runs before Slidev parses the deck (`slidev`, `slidev build`, `slidev export`): stops
// with a clear error when a `<<<` import names a missing snippet or region, instead of
// Slidev silently inlining the whole file for an unknown region.
import { definePreparserSetup } from '@slidev/types'
import { checkDeckImports, formatImportProblems } from '../toolchain/deck-source'

export default definePreparserSetup(({ filepath }) => {
  // `filepath` is the deck's entry (slides.md); the check follows its `src:` pages.
  const problems = checkDeckImports(filepath)
  if (problems.length)
    throw new Error(formatImportProblems(problems))
  return []
})
