// The accessibility exceptions file (a11y-exceptions.json) against both walks' axe results.
import { loadExceptions, readWalk, walkDir } from '../../toolchain/deck/walk'
import { expect, test } from './fixtures'

test('the exceptions file lists only exceptions that some slide still needs, light or dark', () => {
  const used = new Set(['light', 'dark'].flatMap(scheme => readWalk(walkDir(scheme)).slides.flatMap(slide => slide.axe.map(finding => finding.excusedBy))))
  expect(loadExceptions().filter((_, index) => !used.has(index)).map(exception => `${exception.rule} ${exception.selector}`), 'remove these from a11y-exceptions.json').toEqual([])
})
