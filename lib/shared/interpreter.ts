import { z } from 'zod'

// The interpreter a recording ran on, as snippets/record/interpreter.py describes it. Every
// recorded figure stores one (the ETL benchmarks, the GIL traces, the boundary figures), so
// a slide can name the build its Python baseline came from, not just its version.

export const interpreterSchema = z.object({
  implementation: z.string().min(1),
  version: z.string().min(1),
  origin: z.object({
    kind: z.enum([
      'debian',
      'uv',
      'pyenv',
      'python.org',
      'conda',
      'unknown',
    ]),
    /** "Debian unstable python3.15-minimal 3.15.2-1, unpacked in a private prefix" */
    description: z.string().min(1),
    /** Debian only: the binary package that ships the executable, its version and suite. */
    package: z.string().optional(),
    version: z.string().optional(),
    suite: z.string().optional(),
  }),
  /** Profile-guided and link-time optimisation; null where the build does not say. */
  pgo: z.boolean().nullable(),
  lto: z.boolean().nullable(),
  /** What says so: "CONFIG_ARGS", or "Debian's packaging (debian/rules)", whose CONFIG_ARGS do not show it. */
  optimizationSource: z.string().nullable(),
  /** sysconfig's CONFIG_ARGS, as `./configure` was run (null on Windows). */
  configArgs: z.string().nullable(),
  /** sysconfig's Py_GIL_DISABLED: a free-threaded build. */
  gilDisabled: z.boolean(),
  /** sys._jit (3.14 and later): built with the experimental JIT, and whether it is on. */
  jit: z.object({
    available: z.boolean(),
    enabled: z.boolean(),
  }).nullable(),
  compiler: z.string(),
  executable: z.string().min(1),
  /** The interpreter behind a virtual environment's `python`. */
  baseExecutable: z.string().min(1),
})

export type Interpreter = z.infer<typeof interpreterSchema>

/** [1, 5, 15]-minute load averages, as os.loadavg() and os.getloadavg() give them. */
const load = z.number().nonnegative()
export const loadAverageSchema = z.tuple([load, load, load])
export type LoadAverage = z.infer<typeof loadAverageSchema>

/** Both optimisations on; false when either is off or unknown. */
export function isOptimized(build: Interpreter): boolean {
  return build.pgo === true && build.lto === true
}

/** "PGO+LTO", "no PGO, no LTO", "PGO, no LTO", "optimisation unknown". */
export function describeOptimization(build: Interpreter): string {
  if (build.pgo === null || build.lto === null)
    return 'optimisation unknown'
  if (isOptimized(build))
    return 'PGO+LTO'
  return `${build.pgo ? 'PGO' : 'no PGO'}, ${build.lto ? 'LTO' : 'no LTO'}`
}

/** Where it came from, short: "Debian python3.15 3.15.2-1", "uv's build", "pyenv". */
export function describeOrigin(build: Interpreter): string {
  const { origin } = build
  switch (origin.kind) {
    case 'debian':
      return `Debian ${origin.package?.replace(/-minimal$/, '') ?? 'package'} ${origin.version ?? ''}`.trim()
    case 'uv':
      return 'uv\'s build'
    case 'python.org':
      return 'python.org'
    default:
      return origin.kind
  }
}

/** "CPython 3.15.2 (Debian python3.15 3.15.2-1, PGO+LTO)", plus ", free-threaded" or ", JIT on". */
export function describeInterpreter(build: Interpreter): string {
  const extras = [
    describeOrigin(build),
    describeOptimization(build),
    ...(build.gilDisabled
      ? ['free-threaded']
      : []),
    ...(build.jit?.enabled
      ? ['JIT on']
      : []),
  ]
  return `${build.implementation} ${build.version} (${extras.join(', ')})`
}

/** "load 0.92–1.95": the lowest and highest of the 1-minute load averages a run recorded. */
export function describeLoadRange(points: readonly number[]): string {
  return `load ${Math.min(...points).toFixed(2)}–${Math.max(...points).toFixed(2)}`
}

/** "0.92 → 1.51": the 1-minute load average before and after, two decimals. */
export function describeLoad(before: LoadAverage, after: LoadAverage): string {
  return `${before[0].toFixed(2)} → ${after[0].toFixed(2)}`
}
