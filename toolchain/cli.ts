import process from 'node:process'

// What the tooling's scripts share on the command line: options passed on as flags, a table
// printed, and a failure reported in one line.

/** `{ name: value }` as `--name value` command-line options; an undefined value is left out. */
export function flags(options: Record<string, string | number | undefined>): string[] {
  return Object.entries(options).filter(([, value]) => value !== undefined).flatMap(([name, value]) => [
    `--${name}`,
    String(value),
  ])
}

/**
 * Prints a table, a column per entry of `columns` (its title and how a row fills it): the first
 * `left` columns padded on the right (words), the others on the left (figures).
 */
export function printTable<R>(columns: Record<string, (row: R) => string>, rows: R[], left = 1): void {
  const cells = [
    Object.keys(columns),
    ...rows.map(row => Object.values(columns).map(cell => cell(row))),
  ]
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map(line => line[column]!.length)))
  for (const line of cells) {
    console.log(line.map((cell, column) => column < left
      ? cell.padEnd(widths[column]!)
      : cell.padStart(widths[column]!)).join('  '))
  }
}

/** Runs a script's main; a failure is one line naming the script, and exit status 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`${name}: ${(error as Error | undefined)?.message ?? error}`)
    process.exit(1)
  })
}
