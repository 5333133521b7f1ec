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
  polarsRegexJob: repoPath('snippets/etl/python/etl_polars_regex.py'),
  duckdbJob: repoPath('snippets/etl/python/etl_duckdb.py'),
  currencies: repoPath('snippets/etl/currencies.csv'),
  pythonGeneratedModule: repoPath('snippets/etl/python/record_pb2.py'),
  pythonDecoder: repoPath('snippets/etl/python/decode.py'),
  rustBinary: repoPath('snippets/target/release/etl'),
}

export interface EtlVariant {
  id: EtlVariantId
  label: string
  language: Language
  /** Drawn as a bar on the results slide (false: a step measured for the story around it). */
  chart: boolean
  /**
   * Set for a variant that needs something another branch brings (the extension): when
   * its command fails on a one-row file, the benchmark skips it with this explanation.
   */
  missingHint?: string
  /**
   * `details`: ask the job to say more on stderr (where its time went, how its pool
   * started); only the jobs with a --details option can, the others ignore it.
   */
  command: (input: string, output: string, details?: boolean) => { file: string, args: string[] }
}

function python(...args: string[]) {
  return {
    file: pythonExecutable(),
    args,
  }
}
const rust = (...args: string[]) => ({ file: etlFiles.rustBinary, args })
function detailed(job: string) {
  return (input: string, output: string, details?: boolean) => python(job, ...(details
    ? ['--details']
    : []), input, output)
}
const single = { chart: true }

// Every label says what the bar is: the tool, and how it is used.
export const etlVariants: EtlVariant[] = [
  {
    id: 'python',
    label: 'Python, csv module',
    language: 'python',
    ...single,
    command: (input, output) => python(etlFiles.pythonJob, input, output),
  },
  {
    id: 'python-multiprocessing',
    label: 'Python, multiprocessing Pool',
    language: 'python',
    ...single,
    command: detailed(etlFiles.pythonMultiprocessingJob),
  },
  {
    id: 'polars',
    label: 'Polars, read_csv + expressions',
    language: 'python',
    ...single,
    command: detailed(etlFiles.polarsJob),
  },
  // A step of the story (measured, not drawn): what matching the csv module exactly costs.
  {
    id: 'polars-regex',
    label: 'Polars, regex split of one string',
    language: 'python',
    chart: false,
    command: detailed(etlFiles.polarsRegexJob),
  },
  {
    id: 'duckdb',
    label: 'DuckDB, read_csv + SQL',
    language: 'python',
    ...single,
    command: detailed(etlFiles.duckdbJob),
  },
  {
    id: 'python-rust-extension',
    label: 'Python + Rust extension (PyO3)',
    language: 'rust',
    ...single,
    missingHint: '`etl.py --engine rust` needs the PyO3 extension: `npm run pretest` builds it',
    command: (input, output) => python(etlFiles.pythonJob, '--engine', 'rust', input, output),
  },
  {
    id: 'rust',
    label: 'Rust, one core',
    language: 'rust',
    ...single,
    command: (input, output) => rust(input, output),
  },
  // A step of the story around the chart (measured, not drawn as a bar).
  {
    id: 'rust-par-chunks',
    label: 'Rust, par_chunks only',
    language: 'rust',
    chart: false,
    command: (input, output) => rust('--parallel', input, output),
  },
  {
    id: 'rust-parallel',
    label: 'Rust + rayon, I/O overlapped',
    language: 'rust',
    ...single,
    command: (input, output) => rust('--overlap', input, output),
  },
]
