// The two pipelines on the "how code runs" slide: what happens to Python and Rust source
// before the CPU does any work. One row per language; stages light up one per click, in
// array order.
import type { Checked } from '../shared/checked'
import type { Language } from '../shared/language'
import { z } from 'zod'
import { failed, formatIssue } from '../shared/checked'
import { languageNames, languages } from '../shared/language'

/** Build: on the developer's machine, before shipping. Run: on the machine that runs the program. */
export const phases = ['build', 'run'] as const
export type Phase = typeof phases[number]

const text = z.string().regex(/\S/, 'is empty')

export const stageSchema = z.object({
  /** Unique, stable id (used as the Vue key and in tests). */
  id: z.string({ error: 'has no id' }).regex(/\S/, 'has no id'),
  /** The row it is drawn in. */
  language: z.enum(languages, {
    error: issue => `unknown language ${JSON.stringify(issue.input)} (expected "python" or "rust")`,
  }),
  phase: z.enum(phases, {
    error: issue => `unknown phase ${JSON.stringify(issue.input)} (expected "build" or "run")`,
  }),
  /** Box title, a word or two. */
  label: text,
  /** Second line in the box, or empty: the slide's words are few, the captions say the rest. */
  sub: z.string(),
  /** Caption shown under the diagram while this stage is the current one. */
  detail: text,
  /** Drawn dashed: exists, but is not on by default. */
  optional: z.boolean().optional(),
})

export type PipelineStage = z.infer<typeof stageSchema>

const stagesSchema = z.array(stageSchema).min(1, 'is empty: nothing to draw').superRefine((stages, ctx) => {
  const seen = new Set<string>()
  stages.forEach((stage, index) => {
    if (seen.has(stage.id)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'id'],
        message: `"${stage.id}" appears twice`,
      })
    }
    seen.add(stage.id)
  })
})

export const rowTitles: Record<Language, string> = {
  python: `${languageNames.python} (CPython)`,
  rust: `${languageNames.rust} (rustc)`,
}

export const defaultStages: readonly PipelineStage[] = [
  {
    id: 'py-source',
    language: 'python',
    phase: 'build',
    label: 'Source',
    sub: '',
    detail: 'You ship the .py files. Every machine that runs them needs an interpreter and the dependencies.',
  },
  {
    id: 'py-bytecode',
    language: 'python',
    phase: 'run',
    label: 'Bytecode',
    sub: '',
    detail: 'When a module is imported, CPython compiles it to bytecode and caches that as a .pyc file in __pycache__.',
  },
  {
    id: 'py-eval',
    language: 'python',
    phase: 'run',
    label: 'Eval loop',
    sub: '',
    detail: 'The interpreter, written in C, runs the bytecode one instruction at a time. Since 3.11 it specializes hot instructions.',
  },
  {
    id: 'py-jit',
    language: 'python',
    phase: 'run',
    label: 'JIT',
    sub: '',
    detail: 'Experimental since 3.13, still in 3.15: a JIT for hot bytecode. Most builds leave it out; the python.org installers and Debian\'s packages include it, off unless PYTHON_JIT=1.',
    optional: true,
  },
  {
    id: 'rs-source',
    language: 'rust',
    phase: 'build',
    label: 'Source',
    sub: '',
    detail: 'rustc parses the code, resolves every name and checks every type before anything runs.',
  },
  {
    id: 'rs-mir',
    language: 'rust',
    phase: 'build',
    label: 'MIR',
    sub: '',
    detail: 'Mid-level IR: a simple control-flow graph where rustc checks borrows and does its own optimisations.',
  },
  {
    id: 'rs-llvm',
    language: 'rust',
    phase: 'build',
    label: 'LLVM IR',
    sub: '',
    detail: 'LLVM, the optimiser behind clang too, optimises the code and emits machine code for the target CPU.',
  },
  {
    id: 'rs-binary',
    language: 'rust',
    phase: 'build',
    label: 'Binary',
    sub: '',
    detail: 'One executable with the Rust dependencies linked in. You ship this file.',
  },
  {
    id: 'rs-cpu',
    language: 'rust',
    phase: 'run',
    label: 'CPU',
    sub: '',
    detail: 'No interpreter, no garbage collector: the CPU runs it.',
  },
]

/** Clicks the pipeline needs: one per stage (as the slide opens, none is lit). */
export function pipelineClicks(stages: readonly unknown[]): number {
  return stages.length
}

/** Checks stage data from props; each issue names the stage (by id where it has one) and the field. */
export function checkStages(input: unknown): Checked<PipelineStage[]> {
  if (!Array.isArray(input))
    return failed(`stages must be an array, got ${JSON.stringify(input)}`)
  const parsed = stagesSchema.safeParse(input)
  if (parsed.success)
    return { ok: true, value: parsed.data }
  return failed(...parsed.error.issues.map(({ path: [index, ...field], message }) => {
    const id: unknown = typeof index === 'number'
      ? (input[index] as { id?: unknown } | null)?.id
      : undefined
    const stage = typeof id === 'string' && id
      ? `stage "${id}"`
      : index === undefined
        ? 'stages'
        : `stage ${String(index)}`
    return formatIssue({ path: field, message }, stage)
  }))
}
