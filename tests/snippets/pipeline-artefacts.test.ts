import type { PipelineArtefacts } from '../../toolchain/artefacts'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  asmHostSupported,
  extractAsmFunction,
  extractLlvmFunction,
  generatePipelineArtefacts,
  pipelineSample,
  trimMir,
} from '../../toolchain/artefacts'
import { repoPath } from '../../toolchain/paths'

// The "how code runs" slides show rustc's MIR, LLVM IR and x86-64 assembly for
// snippets/pipeline/with_vat.rs (the .mir, .ll and .s files beside it are checked here).
// Regenerate after a rustc upgrade: npm run snippets:generate:artefacts

const blessed = (path: string): string => readFileSync(repoPath(path), 'utf8')

describe.skipIf(!asmHostSupported)('rustc artefacts on the slides match a real compile', () => {
  let fresh: PipelineArtefacts

  beforeAll(() => {
    fresh = generatePipelineArtefacts()
  })

  it.each([
    ['MIR', pipelineSample.mir, 'mir'],
    ['LLVM IR', pipelineSample.llvmIr, 'llvmIr'],
    ['assembly', pipelineSample.asm, 'asm'],
  ] as const)('%s in %s is what rustc prints now', (_, path, key) => {
    expect(fresh[key], `${path} differs from rustc's output: run \`npm run snippets:generate:artefacts\``).toBe(blessed(path))
  })

  it('shows the same arithmetic at every level: a multiply, then an add', () => {
    expect(fresh.mir).toMatch(/Mul\([^)]*\);\n\s*_0 = Add\(/)
    expect(fresh.llvmIr).toMatch(/fmul double[^\n]*\n\s*%_0 = fadd double/)
    expect(fresh.asm).toMatch(/mulsd[^\n]*\n\s*addsd[^\n]*\n\s*ret/)
  })
})

describe('artefact trimming keeps rustc text and drops only the noise', () => {
  it('mIR: drops the banner comments', () => {
    expect(trimMir('// WARNING: x\n// HINT: y\nfn f() -> () {\n    return;\n}\n')).toBe('fn f() -> () {\n    return;\n}\n')
  })

  it('lLVM IR: keeps the one define block', () => {
    const module = 'target triple = "x"\ndefine void @other() {\n  ret void\n}\n\ndefine i32 @f(i32 %a) #0 {\nstart:\n  ret i32 %a\n}\nattributes #0 = {}\n'
    expect(extractLlvmFunction(module, 'f')).toBe('define i32 @f(i32 %a) #0 {\nstart:\n  ret i32 %a\n}\n')
    expect(() => extractLlvmFunction(module, 'missing')).toThrow(/no define for @missing/)
  })

  it('assembly: keeps the label and instructions, drops directives', () => {
    const asm = '\t.globl\tf\n\t.p2align\t4\nf:\n\t.cfi_startproc\n\tlea\teax, [rdi + 1]\n\tret\n.Lfunc_end0:\n\t.size\tf, .Lfunc_end0-f\n'
    expect(extractAsmFunction(asm, 'f')).toBe('f:\n    lea eax, [rdi + 1]\n    ret\n')
    expect(() => extractAsmFunction(asm, 'g')).toThrow(/no label g:/)
  })

  it('the sample source has the region the slide imports', () => {
    const source = blessed(pipelineSample.source)
    expect(source).toContain('// #region source')
    expect(source).toContain('// #endregion source')
    expect(source).toContain(`pub fn ${pipelineSample.symbol}(`)
  })
})
