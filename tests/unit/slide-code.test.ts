import { describe, expect, it } from 'vitest'
import { codeFences, loadDeck } from '../../toolchain/deck-source'

/** Code blocks written inline in a slide's markdown, with their line count. */
function inlineCodeBlocks(content: string): Array<{ line: number, lines: number }> {
  return codeFences(content).map(fence => ({ line: fence.start, lines: fence.end - fence.start - 1 }))
}

// Code on a slide comes from snippets/ (compiled or run by the tests); only a command or
// two may be written inline.
describe('code on slides', async () => {
  const slides = await loadDeck()

  it('no slide has an inline code block longer than three lines', () => {
    const long = slides.flatMap(slide => inlineCodeBlocks(slide.content)
      .filter(block => block.lines > 3)
      .map(block => `${slide.file}:${slide.contentLine + block.line} "${slide.title}": ${block.lines} lines; move it to snippets/ and import it with <<<`))
    expect(long).toEqual([])
  })

  it('finds fenced blocks and counts their lines', () => {
    expect(inlineCodeBlocks('text\n```py\na\nb\nc\nd\n```\n~~~\nx\n~~~')).toEqual([
      { line: 1, lines: 4 },
      { line: 7, lines: 1 },
    ])
  })
})
