import type { RunResult } from './process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { arch, tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoPath } from './paths'
import { runSync, succeeded } from './process'
import { pythonExecutable, rustcExecutable, rustEdition } from './toolchains'

// The tool output the slides show beside their samples, written by scripts/bless.ts and compared
// with a fresh run by tests/snippets/: rustc's MIR, LLVM IR and x86-64 assembly for one tiny
// function ("how code runs"), and mypy's report on the two late-bug samples.

export const pipelineSample = {
  source: 'snippets/pipeline/with_vat.rs',
  symbol: 'with_vat',
  mir: 'snippets/pipeline/with_vat.mir',
  llvmIr: 'snippets/pipeline/with_vat.ll',
  asm: 'snippets/pipeline/with_vat.s',
} as const

export type PipelineArtefacts = Record<'mir' | 'llvmIr' | 'asm', string>

/** The assembly is x86-64; elsewhere rustc would print another instruction set. */
export const asmHostSupported = arch() === 'x64'

/** MIR without rustc's "human consumers only" banner comments. */
export function trimMir(raw: string): string {
  return `${raw.split('\n').filter(line => !line.startsWith('//')).join('\n').trim()}\n`
}

/** The function's `define … }` block. */
export function extractLlvmFunction(raw: string, symbol: string): string {
  const lines = raw.split('\n')
  const start = lines.findIndex(line => line.startsWith('define ') && line.includes(`@${symbol}(`))
  if (start < 0)
    throw new Error(`LLVM IR has no define for @${symbol}`)
  const end = lines.indexOf('}', start)
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
  const body = [`${symbol}:`]
  for (const text of lines.slice(start + 1).map(line => line.trim())) {
    if (text.startsWith('.Lfunc_end') || /^[\w.]+:$/.test(text))
      break
    if (text && !text.startsWith('.') && !text.startsWith('#'))
      body.push(`    ${text.replace(/\t+/g, ' ')}`)
  }
  if (body.length === 1)
    throw new Error(`assembly for ${symbol} has no instructions`)
  return `${body.join('\n')}\n`
}

/** Compiles the sample with the real rustc (the command line the slide's notes quote). */
export function generatePipelineArtefacts(): PipelineArtefacts {
  const outDir = mkdtempSync(join(tmpdir(), 'rust-pipeline-'))
  try {
    const emit = `--emit=mir=${join(outDir, 'out.mir')},llvm-ir=${join(outDir, 'out.ll')},asm=${join(outDir, 'out.s')}`
    const args = [
      '--edition',
      rustEdition,
      '-O',
      '--crate-type=lib',
      '-C',
      'llvm-args=-x86-asm-syntax=intel',
      emit,
      repoPath(pipelineSample.source),
    ]
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

export const lateBugSamples = ['late_bug_type.py', 'late_bug_name.py'] as const
export const lateBugsFolder = 'snippets/python'
export const mypyOutputFile = 'snippets/checkers/late_bugs.mypy.txt'

/** `mypy 2.4.1` (without "(compiled: yes)"), or '' when the project environment has no mypy. */
export function mypyVersion(): string {
  const result = runSync(pythonExecutable(), ['-m', 'mypy', '--version'])
  return result.code === 0
    ? result.stdout.trim().replace(/ \(.*\)$/, '')
    : ''
}

/** mypy's report, one line per error: no cache written into the repo, no config picked up, short lines for the slide. */
export function runMypyOnLateBugs(): RunResult {
  const args = [
    '-m',
    'mypy',
    '--no-incremental',
    '--cache-dir=/dev/null',
    '--config-file=',
    '--no-error-summary',
    '--hide-error-codes',
    ...lateBugSamples,
  ]
  const cwd = repoPath(lateBugsFolder)
  return runSync(pythonExecutable(), args, { cwd })
}
