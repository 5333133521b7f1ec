// The first line of snippets/python/bytecode_count.out, which the samples test re-runs and
// compares: "6,008 instructions for 1,000 additions". The slide's big line is computed from
// it, so it cannot say another count than the interpreter printed.
import type { Checked } from '../shared/checked'
import { failed } from '../shared/checked'

export interface BytecodeCount {
  instructions: number
  additions: number
  /** Instructions the evaluation loop ran per turn of the loop, each turn one `+`. */
  perAddition: number
}

const headline = /^([\d,]+) instructions for ([\d,]+) additions$/m

export function parseBytecodeCount(output: string): Checked<BytecodeCount> {
  const found = headline.exec(output)
  if (!found)
    return failed('bytecode_count.out: no "N instructions for M additions" line')
  const instructions = Number(found[1]!.replaceAll(',', ''))
  const additions = Number(found[2]!.replaceAll(',', ''))
  if (!additions)
    return failed('bytecode_count.out: counts no additions')
  return {
    ok: true,
    value: { instructions, additions, perAddition: instructions / additions },
  }
}
