// The data a memory story is made of. A story is a list of states (one per click); each
// state lists what exists at that moment: stack frames with their variables, heap blocks,
// arrows between them, and labels. Elements keep their `id` from state to state, so the
// diagram can fade and grow them instead of redrawing; a speaker adds a story (Vec growth,
// Box, Rc, ...) by writing one of these objects, with no template changes.
import { z } from 'zod'
import { languages } from '../shared/language'

const id = z.string().regex(/^[\w-]+$/, 'ids are letters, digits, "_" or "-"')

/** One machine word or value shown in a variable's row, e.g. `ptr`, `len 5`, `cap 5`, `42`. */
export const fieldSchema = z.object({
  /** Small header above the cell (`ptr`, `len`, `cap`, `i32`); omit for a bare cell. */
  label: z.string().optional(),
  /** Text in the cell. Pointer cells draw a dot instead of text. */
  value: z.string().optional(),
  /** This cell holds an address: arrows leaving the variable start here. */
  pointer: z.boolean().optional(),
})

export const variableStatusSchema = z.enum(['live', 'moved', 'dropped'])

export const variableSchema = z.object({
  id,
  name: z.string().min(1),
  fields: z.array(fieldSchema).min(1).max(4),
  /** `moved`: the compiler no longer lets you use it; `dropped`: its scope has ended. */
  status: variableStatusSchema.optional(),
})

export const frameSchema = z.object({
  id,
  /** What the frame belongs to: `main`, `module globals`, a function name. */
  name: z.string().min(1),
  variables: z.array(variableSchema),
})

/** A labelled header row of a heap block: `refcount 2`, `type → str`. */
export const blockRowSchema = z.object({
  label: z.string().min(1),
  value: z.string(),
})

export const blockSchema = z.object({
  id,
  /** Small title above the block (`str object`, `heap buffer`). */
  title: z.string().optional(),
  /** Header rows, e.g. a Python object's reference count, type pointer and value. */
  rows: z.array(blockRowSchema).optional(),
  /** Raw bytes shown one per cell (a String's buffer); the rest up to `capacity` is empty. */
  bytes: z.string().optional(),
  capacity: z.number().int().positive().optional(),
  /** `freed`: the memory has gone back to the allocator; drawn faded. */
  status: z.enum(['live', 'freed']).optional(),
})

export const arrowKindSchema = z.enum(['ref', 'owns', 'borrow'])

export const arrowSchema = z.object({
  /** Defaults to `from->to`, so the same link keeps its identity across states. */
  id: id.optional(),
  /** A variable id: the arrow starts at its pointer cell. */
  from: id,
  /** A block id, or a variable id for a reference to a value on the stack. */
  to: id,
  /** `ref`: a Python name; `owns`: an owning pointer; `borrow`: a Rust reference. */
  kind: arrowKindSchema.optional(),
})

export const toneSchema = z.enum(['python', 'rust', 'ok', 'bad', 'muted'])

/** A short note pinned under a variable or a block: `moved`, `E0382: ...`, `freed`. */
export const labelSchema = z.object({
  target: id,
  text: z.string().min(1).max(40),
  tone: toneSchema.optional(),
})

export const stateSchema = z.object({
  /** One sentence saying what this step did, shown under the diagram as text. */
  caption: z.string().min(1),
  frames: z.array(frameSchema),
  blocks: z.array(blockSchema),
  arrows: z.array(arrowSchema),
  labels: z.array(labelSchema).optional(),
})

export const storySchema = z.object({
  id,
  /** Which language's palette the story uses. */
  language: z.enum(languages),
  /** The SVG's <title>. */
  title: z.string().min(1),
  /** The SVG's <desc>: what the whole story shows, for people who cannot see it. */
  description: z.string().min(1),
  /**
   * Title over the frames column; `STACK` (the machine stack, as in Rust) by default.
   * CPython 3.11+ keeps its frames on its own per-thread data stack instead, so the Python
   * story says so.
   */
  stackTitle: z.string().min(1).max(24).optional(),
  states: z.array(stateSchema).min(1),
})

export type MemoryField = z.infer<typeof fieldSchema>
export type MemoryVariable = z.infer<typeof variableSchema>
export type MemoryVariableStatus = z.infer<typeof variableStatusSchema>
export type MemoryFrame = z.infer<typeof frameSchema>
export type MemoryBlock = z.infer<typeof blockSchema>
export type MemoryArrow = z.infer<typeof arrowSchema>
export type MemoryArrowKind = z.infer<typeof arrowKindSchema>
export type MemoryLabel = z.infer<typeof labelSchema>
export type MemoryTone = z.infer<typeof toneSchema>
export type MemoryState = z.infer<typeof stateSchema>
export type MemoryStory = z.infer<typeof storySchema>

/** The arrow's identity across states. */
export function arrowId(arrow: MemoryArrow): string {
  return arrow.id ?? `${arrow.from}->${arrow.to}`
}

/** Clicks the story needs: its first state shows as the slide opens, one click per state after. */
export function memoryClicks(story: Pick<MemoryStory, 'states'>): number {
  return story.states.length - 1
}
