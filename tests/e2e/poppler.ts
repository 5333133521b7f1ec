// Reading the exported PDFs with poppler, as a person's PDF viewer would.
import { readFileSync } from 'node:fs'
import { runSync, succeeded } from '../../toolchain/process'

const tool = (command: string, args: string[]) => succeeded(runSync(command, args), command).stdout
/** `-f N -l N`: page N only. */
const only = (page: number) => ['-f', '-l'].flatMap(flag => [flag, `${page}`])

export const pageCount = (pdf: string) => Number(tool('pdfinfo', [pdf]).match(/^Pages:\s+(\d+)/m)?.[1])

/** The text of one page, laid out as on the page. */
export function pageText(pdf: string, page: number) {
  return tool('pdftotext', only(page).concat('-layout', pdf, '-'))
}

/** `pdffonts` (of one page, or all): name, embedded, mapped to Unicode (text selectable). */
export function fonts(pdf: string, page?: number): Array<{ name: string, embedded: boolean, unicode: boolean }> {
  const lines = tool('pdffonts', page
    ? only(page).concat(pdf)
    : [pdf]).split('\n').slice(2).filter(line => line.trim())
  return lines.map((line) => {
    // name type [encoding] emb sub uni object ID: the yes/no columns read from the right.
    const columns = line.trim().split(/\s+/)
    const [emb, , uni] = columns.slice(-5, -2)
    return {
      name: columns[0]!.replace(/^[A-Z]{6}\+/, ''),
      embedded: emb === 'yes',
      unicode: uni === 'yes',
    }
  })
}

/** Renders `page` to `prefix-N.png` at `dpi`, for people to look at; returns the picture's size in pixels. */
export function pagePicture(pdf: string, page: number, prefix: string, dpi = 72): { width: number, height: number } {
  tool('pdftoppm', only(page).concat('-r', `${dpi}`, '-png', '-singlefile', pdf, `${prefix}-${page}`))
  // A PNG's IHDR chunk holds its width and height at bytes 16 and 20.
  const png = readFileSync(`${prefix}-${page}.png`)
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
  }
}
