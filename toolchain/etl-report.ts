// What an ETL job says on stderr about its run, as numbers.

/** The counts in a job's stderr report ("etl: N rows read, N written, N rejected" ...). */
export interface EtlReport {
  read: number
  written: number
  rejected: number
  byReason: Record<string, number>
}

export function parseEtlReport(stderr: string): EtlReport {
  const totals = /^etl: (\d+) rows read, (\d+) written, (\d+) rejected$/m.exec(stderr)
  if (!totals)
    throw new Error(`no "etl: ... rows read" line in the job's stderr:\n${stderr}`)
  const byReason: Record<string, number> = {}
  const reasons = /^etl: rejected by reason: (.+)$/m.exec(stderr)
  for (const part of reasons?.[1]?.split(', ') ?? []) {
    const [reason, count] = part.split(' ')
    if (reason && count)
      byReason[reason] = Number(count)
  }
  return {
    read: Number(totals[1]),
    written: Number(totals[2]),
    rejected: Number(totals[3]),
    byReason,
  }
}

/** Where the Polars and DuckDB jobs say their time went (`--details`), in seconds. */
export function parsePhaseTimings(stderr: string): { cleaning: number, encoding: number } | undefined {
  const match = /^etl-(?:polars|duckdb): reading and cleaning ([\d.]+) s, encoding and writing ([\d.]+) s$/m.exec(stderr)
  return match
    ? {
        cleaning: Number(match[1]),
        encoding: Number(match[2]),
      }
    : undefined
}

/** The start method the multiprocessing job says its pool used (`--details`). */
export function parseStartMethod(stderr: string): string | undefined {
  return /^etl-multiprocessing: start method (\w+),/m.exec(stderr)?.[1]
}

/** The report itself: the job's stderr without the lines `--details` adds. */
export function reportLines(stderr: string): string {
  return stderr.split('\n').filter(line => !/^etl-(?:polars|duckdb|multiprocessing): /.test(line)).join('\n')
}
