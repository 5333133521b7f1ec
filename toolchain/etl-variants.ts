import type { EtlVariantId } from '../lib/etl/results'
import type { Language } from '../lib/shared/language'
import { repoPath } from './paths'
import { pythonExecutable } from './toolchains'

// The ETL job's variants: what each is called, and the command that runs it as a whole
// process. The snippet test (tests/snippets/etl.test.ts) and the benchmark
// (scripts/etl-bench.ts) both run these, so they run exactly the same commands.

export const etlFiles = {
  generator: repoPath('snippets/etl/generate.py'),
  proto: repoPath('snippets/etl/record.proto'),
  pythonJob: repoPath('snippets/etl/python/etl.py'),
  pythonMultiprocessingJob: repoPath('snippets/etl/python/etl_multiprocessing.py'),
  polarsJob: repoPath('snippets/etl/python/etl_polars.py'),
  pythonGeneratedModule: repoPath('snippets/etl/python/record_pb2.py'),
  pythonDecoder: repoPath('snippets/etl/python/decode.py'),
  rustBinary: repoPath('snippets/target/release/etl'),
}

export interface EtlVariant {
  id: EtlVariantId
  label: string
  language: Language
  /** Whether the job starts worker processes (their memory is added to the parent's). */
  multiProcess: boolean
  /** Drawn as a bar on the results slide (false: a step measured for the story around it). */
  chart: boolean
  /**
   * Set for a variant that needs something another branch brings (the extension): when
   * its command fails on a one-row file, the benchmark skips it with this explanation.
   */
  missingHint?: string
  /** `timings`: ask the job to say on stderr where its time went (only some jobs can). */
  command: (input: string, output: string, timings?: boolean) => { file: string, args: string[] }
}

function python(...args: string[]) {
  return {
    file: pythonExecutable(),
    args,
  }
}
const rust = (...args: string[]) => ({ file: etlFiles.rustBinary, args })
const single = { multiProcess: false, chart: true }

export const etlVariants: EtlVariant[] = [
  {
    id: 'python',
    label: 'Python',
    language: 'python',
    ...single,
    command: (input, output) => python(etlFiles.pythonJob, input, output),
  },
  {
    id: 'python-multiprocessing',
    label: 'Python, multiprocessing',
    language: 'python',
    ...single,
    multiProcess: true,
    command: (input, output) => python(etlFiles.pythonMultiprocessingJob, input, output),
  },
  {
    id: 'polars',
    label: 'Polars',
    language: 'python',
    ...single,
    command: (input, output, timings) => python(etlFiles.polarsJob, ...(timings
      ? ['--timings']
      : []), input, output),
  },
  {
    id: 'python-rust-extension',
    label: 'Python + Rust extension',
    language: 'rust',
    ...single,
    missingHint: '`etl.py --engine rust` needs the PyO3 extension (branch bob): merge it, then run `npm run etl:bench` again',
    command: (input, output) => python(etlFiles.pythonJob, '--engine', 'rust', input, output),
  },
  {
    id: 'rust',
    label: 'Rust',
    language: 'rust',
    ...single,
    command: (input, output) => rust(input, output),
  },
  // A step of the story around the chart (measured, not drawn as a bar).
  {
    id: 'rust-par-chunks',
    label: 'Rust, par_chunks only',
    language: 'rust',
    ...single,
    chart: false,
    command: (input, output) => rust('--parallel', input, output),
  },
  {
    id: 'rust-parallel',
    label: 'Rust + rayon',
    language: 'rust',
    ...single,
    command: (input, output) => rust('--overlap', input, output),
  },
]
