// Every figure the results slide shows is formatted here from the results file, so the
// slide never carries a number typed by hand.

const english = 'en-US'

const rateUnits: ReadonlyArray<[number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
]

/** 1234567 → "1.23 M", 45678 → "45.7 k": three significant figures, for bar labels. */
export function formatRate(perSecond: number): string {
  for (const [size, unit] of rateUnits) {
    if (perSecond >= size)
      return `${(perSecond / size).toPrecision(3)} ${unit}`
  }
  return perSecond.toPrecision(3)
}

/** 500000 → "500k", 1500000 → "1.5M": an axis tick, one word, so a chart's labels stay few. */
export function formatAxisRate(perSecond: number): string {
  for (const [size, unit] of rateUnits) {
    if (perSecond >= size)
      return `${Number((perSecond / size).toPrecision(3))}${unit}`
  }
  return String(Number(perSecond.toPrecision(3)))
}

/** 12.345 → "12.3×", 1.04 → "1.04×": a speed-up factor. */
export function formatFactor(factor: number): string {
  return `${factor >= 10
    ? factor.toFixed(1)
    : factor.toPrecision(3)}×`
}

/** Bytes → "18 MB" / "7.2 MB" (decimal megabytes, as the MB/s figures). */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 1e6
  return `${megabytes >= 10
    ? megabytes.toFixed(0)
    : megabytes.toFixed(1)} MB`
}

export function formatSeconds(seconds: number): string {
  return seconds >= 10
    ? `${seconds.toFixed(1)} s`
    : `${seconds.toPrecision(3)} s`
}

export function formatCount(count: number): string {
  return count.toLocaleString(english)
}

/** "1.23 s (1.20–1.31 s)": the median and the fastest and slowest run. */
export function formatSpread(runsSeconds: readonly number[], medianSeconds: number): string {
  return `${formatSeconds(medianSeconds)} (${formatSeconds(Math.min(...runsSeconds)).replace(/ s$/, '')}–${formatSeconds(Math.max(...runsSeconds))})`
}

/**
 * Figures as the stage says them, two significant figures at most: 34653 → "35 k",
 * 404868 → "400 k", 1234567 → "1.2 M". The charts and the benchmark keep three.
 */
export function formatRoundRate(perSecond: number): string {
  for (const [size, unit] of rateUnits) {
    if (perSecond >= size)
      return `${Number((perSecond / size).toPrecision(2))} ${unit}`
  }
  return String(Number(perSecond.toPrecision(2)))
}

/** 4.13 → "4×", 11.68 → "12×", 0.79 → "0.8×", 1.04 → "1×": a factor as said aloud. */
export function formatRoundFactor(factor: number): string {
  return `${factor >= 1
    ? Math.round(factor)
    : Number(factor.toPrecision(1))}×`
}

/** 5772 s → "1 h 36 min", 1415 s → "24 min", 40 s → "1 min": a duration on a night's clock. */
export function formatClock(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60))
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (!hours)
    return `${minutes} min`
  return rest
    ? `${hours} h ${rest} min`
    : `${hours} h`
}
