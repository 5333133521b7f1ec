import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { arch, tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'
import { rustcExecutable, rustEdition } from './toolchains'

// rustc's own intermediate output for one tiny function, shown on the "how code runs" slides:
// MIR, LLVM IR and x86-64 assembly. The generator script writes these files and the snippet
// test regenerates them and compares, so the slides cannot drift from what rustc prints.

/** The sample and the three files generated from it (repo-relative). */
export const pipelineSample = {
  source: 'snippets/pipeline/with_vat.rs',
  symbol: 'with_vat',
  mir: 'snippets/pipeline/with_vat.mir',
  llvmIr: 'snippets/pipeline/with_vat.ll',
  asm: 'snippets/pipeline/with_vat.s',
} as const

export interface PipelineArtefacts {
  mir: string
  llvmIr: string
  asm: string
}

/** The assembly is x86-64; elsewhere rustc would print another instruction set. */
export const asmHostSupported = arch() === 'x64'

/** The rustc command line, also quoted on the slide's notes. */
function rustcArgs(source: string, outDir: string): string[] {
  return [
    '--edition',
    rustEdition,
    '-O',
    '--crate-type=lib',
    '-C',
    'llvm-args=-x86-asm-syntax=intel',
    `--emit=mir=${join(outDir, 'out.mir')},llvm-ir=${join(outDir, 'out.ll')},asm=${join(outDir, 'out.s')}`,
    source,
  ]
}

/** MIR without rustc's "human consumers only" banner comments. */
export function trimMir(raw: string): string {
  const lines = raw.split('\n').filter(line => !line.startsWith('//'))
  return `${lines.join('\n').trim()}\n`
}

/** Just the function's `define … }` block from the LLVM IR module. */
export function extractLlvmFunction(raw: string, symbol: string): string {
  const lines = raw.split('\n')
  const start = lines.findIndex(line => line.startsWith('define ') && line.includes(`@${symbol}(`))
  if (start < 0)
    throw new Error(`LLVM IR has no define for @${symbol}`)
  const end = lines.findIndex((line, index) => index > start && line === '}')
  if (end < 0)
    throw new Error(`LLVM IR: define for @${symbol} is not closed`)
  return `${lines.slice(start, end + 1).join('\n')}\n`
}

/** The function's label and instructions, without assembler directives. */
export function extractAsmFunction(raw: string, symbol: string): string {
  const lines = raw.split('\n')
  const start = lines.indexOf(`${symbol}:`)
  if (start < 0)
    throw new Error(`assembly has no label ${symbol}:`)
  const body: string[] = [`${symbol}:`]
  for (const line of lines.slice(start + 1)) {
    const text = line.trim()
    if (text.startsWith('.Lfunc_end') || /^[\w.]+:$/.test(text))
      break
    if (text === '' || text.startsWith('.') || text.startsWith('#'))
      continue
    body.push(`    ${text.replace(/\t+/g, ' ')}`)
  }
  if (body.length === 1)
    throw new Error(`assembly for ${symbol} has no instructions`)
  return `${body.join('\n')}\n`
}

/** Compiles the sample with the real rustc and returns the three trimmed artefacts. */
export function generatePipelineArtefacts(): PipelineArtefacts {
  const outDir = mkdtempSync(join(tmpdir(), 'rust-pipeline-'))
  try {
    const args = rustcArgs(repoPath(pipelineSample.source), outDir)
    succeeded(runSync(rustcExecutable(), args, { cwd: outDir }), `${rustcExecutable()} ${args.join(' ')}`)
    const read = (name: string): string => readFileSync(join(outDir, name), 'utf8')
    return {
      mir: trimMir(read('out.mir')),
      llvmIr: extractLlvmFunction(read('out.ll'), pipelineSample.symbol),
      asm: extractAsmFunction(read('out.s'), pipelineSample.symbol),
    }
  }
  finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
