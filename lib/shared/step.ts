// What `step` means in every diagram: the slide's `$clicks`, a count of clicks from 0 (the
// slide as it opens) to the diagram's `clicks` (its last picture). One clamp, one rounding
// rule, so a presenter clicking past the end or a bad value never breaks a drawing.

/**
 * `step` as a diagram draws it. No step at all (a diagram that is not click-stepped, or a
 * print of its final state) is the last picture; anything that is not a number is the
 * first; fractions round down; the result is within 0..clicks.
 */
export function clampStep(step: unknown, clicks: number): number {
  if (step === undefined)
    return clicks
  if (typeof step !== 'number' || Number.isNaN(step))
    return 0
  return Math.min(clicks, Math.max(0, Math.floor(step)))
}
