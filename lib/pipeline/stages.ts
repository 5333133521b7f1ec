// The two pipelines on the "how code runs" slide: what happens to Python and Rust source
// before the CPU does any work. Stages light up one per click, in array order.

export type Lane = 'python' | 'rust'

/** Build: on the developer's machine, before shipping. Run: on the machine that runs the program. */
export type Phase = 'build' | 'run'

export interface PipelineStage {
  /** Unique, stable id (used as the Vue key and in tests). */
  id: string
  lane: Lane
  phase: Phase
  /** Box title, a word or two. */
  label: string
  /** Second line in the box: a file or tool name. */
  sub: string
  /** Caption shown under the diagram while this stage is the current one. */
  detail: string
  /** Drawn dashed: exists, but is not on by default. */
  optional?: boolean
}

export const lanes: readonly Lane[] = ['python', 'rust']
export const phases: readonly Phase[] = ['build', 'run']

export const laneTitles: Record<Lane, string> = {
  python: 'Python (CPython)',
  rust: 'Rust (rustc)',
}

export const defaultStages: readonly PipelineStage[] = [
  {
    id: 'py-source',
    lane: 'python',
    phase: 'build',
    label: 'Source',
    sub: 'app.py',
    detail: 'You ship the .py files. Every machine that runs them needs an interpreter and the dependencies.',
  },
  {
    id: 'py-bytecode',
    lane: 'python',
    phase: 'run',
    label: 'Bytecode',
    sub: '.pyc cache',
    detail: 'When a module is imported, CPython compiles it to bytecode and caches that as a .pyc file in __pycache__.',
  },
  {
    id: 'py-eval',
    lane: 'python',
    phase: 'run',
    label: 'Eval loop',
    sub: 'ceval.c',
    detail: 'A loop written in C runs the bytecode one instruction at a time. Since 3.11 it specializes hot instructions.',
  },
  {
    id: 'py-jit',
    lane: 'python',
    phase: 'run',
    label: 'JIT',
    sub: 'opt-in build',
    detail: 'Since 3.13, a build option adds a JIT that turns hot bytecode into machine code. Standard builds leave it out; still experimental in 3.14.',
    optional: true,
  },
  {
    id: 'rs-source',
    lane: 'rust',
    phase: 'build',
    label: 'Source',
    sub: 'main.rs',
    detail: 'rustc parses the code, resolves every name and checks every type before anything runs.',
  },
  {
    id: 'rs-mir',
    lane: 'rust',
    phase: 'build',
    label: 'MIR',
    sub: 'rustc',
    detail: 'Mid-level IR: a simple control-flow graph where rustc checks borrows and does its own optimisations.',
  },
  {
    id: 'rs-llvm',
    lane: 'rust',
    phase: 'build',
    label: 'LLVM IR',
    sub: 'LLVM',
    detail: 'LLVM, the optimiser behind clang too, optimises the code and emits machine code for the target CPU.',
  },
  {
    id: 'rs-binary',
    lane: 'rust',
    phase: 'build',
    label: 'Binary',
    sub: 'machine code',
    detail: 'One executable with the Rust dependencies linked in. You ship this file.',
  },
  {
    id: 'rs-cpu',
    lane: 'rust',
    phase: 'run',
    label: 'CPU',
    sub: 'runs it',
    detail: 'At run time there is no interpreter and no garbage collector: the CPU runs the machine code.',
  },
]

export type StagesCheck
  = | { ok: true, stages: PipelineStage[] }
    | { ok: false, error: string }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  return value === undefined
    ? 'nothing'
    : JSON.stringify(value)
}

/** Checks stage data from props; the error names the stage and the field at fault. */
export function checkStages(input: unknown): StagesCheck {
  if (!Array.isArray(input))
    return { ok: false, error: `stages must be an array, got ${describe(input)}` }
  if (input.length === 0)
    return { ok: false, error: 'stages is empty: nothing to draw' }
  const seen = new Set<string>()
  const stages: PipelineStage[] = []
  for (const [index, raw] of input.entries()) {
    const where = `stage ${index}`
    if (!isRecord(raw))
      return { ok: false, error: `${where} is not an object: ${describe(raw)}` }
    const { id, lane, phase, label, sub, detail, optional } = raw
    if (typeof id !== 'string' || id.trim() === '')
      return { ok: false, error: `${where} has no id` }
    const named = `stage "${id}"`
    if (seen.has(id))
      return { ok: false, error: `${named} appears twice` }
    seen.add(id)
    if (!lanes.includes(lane as Lane))
      return { ok: false, error: `${named} has unknown lane ${describe(lane)} (expected "python" or "rust")` }
    if (!phases.includes(phase as Phase))
      return { ok: false, error: `${named} has unknown phase ${describe(phase)} (expected "build" or "run")` }
    if (typeof label !== 'string' || label.trim() === '')
      return { ok: false, error: `${named} has no label` }
    if (typeof sub !== 'string')
      return { ok: false, error: `${named} has no sub line (a string, may be empty)` }
    if (typeof detail !== 'string' || detail.trim() === '')
      return { ok: false, error: `${named} has no detail caption` }
    if (optional !== undefined && typeof optional !== 'boolean')
      return { ok: false, error: `${named} has a non-boolean "optional": ${describe(optional)}` }
    stages.push({
      id,
      lane: lane as Lane,
      phase: phase as Phase,
      label,
      sub,
      detail,
      optional: optional === true,
    })
  }
  return { ok: true, stages }
}
