/**
 * Round axis ticks (1, 2 or 5 × 10^k apart), about `target` steps, from 0 to the first tick
 * at or above `max`: the ETL chart's rate axis ends on its last tick. The GIL timelines keep
 * only the ticks inside their wall time (lib/gil/layout.ts).
 */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0))
    return [0]
  const rough = max / target
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= rough)!
  const ticks: number[] = []
  for (let t = 0; t < max + step - step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)))
  return ticks
}
