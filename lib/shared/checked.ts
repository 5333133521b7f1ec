import type { z } from 'zod'

// What every validator in the deck returns, and how zod's findings read: one shape and one
// wording, so a slide, a script and a test all report bad data the same way.

export type Checked<T> = { ok: true, value: T } | { ok: false, issues: string[] }

export function failed(...issues: string[]): { ok: false, issues: string[] } {
  return { ok: false, issues }
}

/** One zod issue as `subject.path.to.field: message` (`subject: message` at the root). */
export function formatIssue(issue: { path: readonly PropertyKey[], message: string }, subject: string): string {
  return `${[
    subject,
    ...issue.path.map(String),
  ].join('.')}: ${issue.message}`
}

/** Parses `input` with `schema`; every issue is reported, each prefixed with `subject`. */
export function checkWith<T>(schema: z.ZodType<T>, input: unknown, subject: string): Checked<T> {
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : failed(...parsed.error.issues.map(issue => formatIssue(issue, subject)))
}

/** A check's value; when it failed, an error: `what`, then its issues one a line. */
export function orThrow<T>(checked: Checked<T>, what: string): T {
  if (!checked.ok)
    throw new Error(`${what}:\n${checked.issues.join('\n')}`)
  return checked.value
}
