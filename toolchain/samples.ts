import type { RunResult } from './process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fromRepo, repoPath, walkFiles } from './paths'
import { exitDescription, run } from './process'
import { cargoExecutable, cargoMetadata, checkingCargoEnv, pythonExecutable, rustcExecutable, rustEdition, versionOf } from './toolchains'

// Every code sample under snippets/, found and run by one table of the conventions in
// snippets/README.md, for tests/snippets/samples.test.ts and scripts/bless.ts alike.

export type SampleKind = 'python' | 'rust-example' | 'rust-fail'

export interface Sample {
  kind: SampleKind
  /** Absolute path of the source file. */
  file: string
  /** Repo-relative path with `/`, for messages and test names. */
  source: string
  /** The blessed output beside it (`.out`, `.stderr`). */
  blessedFile: string
  /** What its first line declares: the exception it raises, its error codes. */
  expected?: string
  /** A malformed first line, reported by the test rather than ignored. */
  headerProblem?: string
}

/** What one run produced: the text to compare with the blessed file, and how it broke its convention. */
export interface SampleRun { output: string, problems: string[] }

interface Kind {
  /** Whether a file under snippets/ (its repo path) is a sample of this kind. */
  is: (path: string) => boolean
  blessed: '.out' | '.stderr'
  /** The tool whose version can change the blessed output. */
  tool: 'python' | 'rustc'
  /** A first line matching `when` (any, without it) must have the form `form`, whose group is what the sample expects. */
  header?: { when?: RegExp, form: RegExp, help: string }
  run: (sample: Sample) => Promise<SampleRun>
}

const snippetsDir = repoPath('snippets')

/** Paths under snippets/ that are never samples: build output, lockfile, caches. */
export function isGeneratedSnippetPath(relPath: string): boolean {
  return /^snippets\/(?:target(?:\/|$)|Cargo\.lock$)|(?:^|\/)__pycache__(?:\/|$)|\.pyc$/.test(relPath)
}

/** Workspace member folders (absolute) of snippets/Cargo.toml, as cargo itself reads the manifest. */
export function workspaceMembers(): string[] {
  return cargoMetadata('--offline', '--no-deps').packages.map(pkg => dirname(pkg.manifest_path))
}

const lastLines = (text: string, count: number): string => text.trimEnd().split(/\r?\n/).slice(-count).join('\n')

function outcome(output: string, ...problems: Array<string | false>): SampleRun {
  return {
    output,
    problems: problems.filter(problem => problem !== false),
  }
}

const failed = (result: RunResult): string | false => result.code !== 0 && `${exitDescription(result)}; stderr:\n${result.stderr.trimEnd()}`

// The same hash order everywhere, and UTF-8 whatever the locale, for the Python samples.
const env = { PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' }

/** Runs in the sample's folder, so a tool names the file as the slide does. */
function runIn(sample: Sample, command: string, ...args: string[]): Promise<RunResult> {
  const cwd = dirname(sample.file)
  return run(command, args, { cwd, env, timeoutMs: 120_000 })
}

let examples: Promise<{ executables: Map<string, string>, stderr: string }> | undefined

/**
 * Builds every example of package `samples` once per process (`checkingCargoEnv`);
 * `--keep-going` so one broken example does not hide the others.
 */
export function buildRustExamples(): NonNullable<typeof examples> {
  const args = [
    'build',
    '--locked',
    '--release',
    '--examples',
    '--package=samples',
    '--keep-going',
    '--message-format=json-render-diagnostics',
  ]
  const env = checkingCargoEnv()
  examples ??= run(cargoExecutable(), args, { cwd: snippetsDir, env, timeoutMs: 900_000 }).then((result) => {
    const executables = new Map<string, string>()
    for (const line of result.stdout.split('\n').filter(line => line.startsWith('{'))) {
      const { reason, target, executable } = JSON.parse(line) as { reason: string, target?: { name: string, kind: string[] }, executable?: string | null }
      if (reason === 'compiler-artifact' && target?.kind.includes('example') && executable)
        executables.set(target.name, executable)
    }
    return { executables, stderr: result.stderr }
  })
  return examples
}

const errorCodes = (codes: string[]): string => Array.from(new Set(codes)).sort().join(' ')

const kinds: Record<SampleKind, Kind> = {
  'python': {
    is: path => /^snippets\/python\/[^/]+\.py$/.test(path),
    blessed: '.out',
    tool: 'python',
    header: { when: /^#\s*expect-exception/, form: /^# expect-exception: ([A-Z_]\w*)\s*$/, help: '# expect-exception: ExceptionClass' },
    async run(sample) {
      const result = await runIn(sample, pythonExecutable(), basename(sample.file))
      const want = sample.expected
      if (!want)
        return outcome(result.stdout, failed(result))
      if (result.code === 0)
        return outcome(result.stdout, `expected it to raise ${want}, but it exited normally`)
      // The class named on the traceback's last line (`json.decoder.JSONDecodeError: ...`).
      const raised = /^(?:[\w.]+\.)?([A-Z_]\w*)(?::|$)/i.exec(lastLines(result.stderr, 1))?.[1]
      return outcome(result.stdout, raised !== want && `expected it to raise ${want}, but it ${exitDescription(result)} and stderr ends with:\n${lastLines(result.stderr, 3)}`)
    },
  },
  'rust-example': {
    is: path => /^snippets\/rust\/examples\/[^/]+\.rs$/.test(path),
    blessed: '.out',
    tool: 'rustc',
    async run(sample) {
      const build = await buildRustExamples()
      const executable = build.executables.get(basename(sample.file, '.rs'))
      if (!executable)
        return outcome('', `did not compile:\n${build.stderr.trimEnd()}`)
      const result = await runIn(sample, executable)
      return outcome(result.stdout, failed(result))
    },
  },
  'rust-fail': {
    is: path => /^snippets\/rust\/fail\/[^/]+\.rs$/.test(path),
    blessed: '.stderr',
    tool: 'rustc',
    header: { form: /^\/\/ expect-error: (E\d{4}(?: E\d{4})*)\s*$/, help: '// expect-error: E0382 E0499' },
    async run(sample) {
      const tempDir = mkdtempSync(join(tmpdir(), 'rust-fail-'))
      try {
        const result = await runIn(sample, rustcExecutable(), '--edition', rustEdition, '--color=never', '--emit=metadata', '--out-dir', tempDir, basename(sample.file))
        // The same text on every machine: no temp dir, toolchain hash or install path.
        const output = result.stderr
          .replace(/\r\n/g, '\n')
          .replaceAll(tempDir, '$TMP')
          .replace(/\/rustc\/[0-9a-f]{7,40}\//g, '/rustc/$HASH/')
          .replace(/\S*\/lib\/rustlib\/src\/rust\//g, '$SRC_DIR/')
        if (result.code === 0)
          return outcome(output, 'compiled, but it must fail to compile')
        const got = errorCodes(Array.from(output.matchAll(/^error\[(E\d{4})\]/gm), match => match[1]!))
        const want = errorCodes(sample.expected!.split(' '))
        const uncoded = Array.from(output.matchAll(/^error: (.*)$/gm), match => match[1]!).filter(text => !text.startsWith('aborting due to'))
        return outcome(
          output,
          got !== want && `expected exactly the error codes [${want}], rustc reported [${got}]`,
          uncoded.length > 0 && `rustc also reported errors without a code: ${uncoded.join('; ')}`,
        )
      }
      finally {
        rmSync(tempDir, { recursive: true, force: true })
      }
    },
  },
}

export function discoverSamples(): Sample[] {
  return walkFiles(snippetsDir, isGeneratedSnippetPath).flatMap((file) => {
    const source = fromRepo(file)
    const kind = (Object.keys(kinds) as SampleKind[]).find(kind => kinds[kind].is(source))
    if (!kind)
      return []
    const { blessed, header } = kinds[kind]
    const blessedFile = file.replace(/\.\w+$/, blessed)
    const sample: Sample = { kind, file, source, blessedFile }
    const line = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? ''
    if (header && header.when?.test(line) !== false) {
      sample.expected = header.form.exec(line)?.[1]?.trim()
      if (!sample.expected)
        sample.headerProblem = `first line must be "${header.help}", got ${JSON.stringify(line)}`
    }
    return [sample]
  })
}

export async function runSample(sample: Sample): Promise<SampleRun> {
  if (sample.headerProblem)
    return outcome('', sample.headerProblem)
  return kinds[sample.kind].run(sample)
}

export function readBlessed(sample: Sample): string | undefined {
  if (existsSync(sample.blessedFile))
    return readFileSync(sample.blessedFile, 'utf8')
}

// snippets/toolchain-versions.json: which Python, rustc and mypy blessed the outputs (the
// slides name them), so a failure on another machine can say that its toolchain differs.
export const toolchainVersionsFile = repoPath('snippets/toolchain-versions.json')

export interface ToolchainVersions { python: string, rustc: string, mypy?: string }

export function localToolchainVersions(): ToolchainVersions {
  return {
    python: versionOf(pythonExecutable()),
    rustc: versionOf(rustcExecutable()),
  }
}

export function blessedToolchainVersions(): ToolchainVersions | undefined {
  if (existsSync(toolchainVersionsFile))
    return JSON.parse(readFileSync(toolchainVersionsFile, 'utf8')) as ToolchainVersions
}

/** Records the tools one generator ran, keeping the others; returns whether the file changed. */
export function writeToolchainVersions(changed: Partial<ToolchainVersions>): boolean {
  const text = `${JSON.stringify(Object.assign(blessedToolchainVersions() ?? {}, changed), null, 2)}\n`
  if (existsSync(toolchainVersionsFile) && readFileSync(toolchainVersionsFile, 'utf8') === text)
    return false
  writeFileSync(toolchainVersionsFile, text)
  return true
}

/** For a failure message: a sentence when another Python or rustc blessed this kind's output. */
export function toolchainNote(kind: SampleKind, local: ToolchainVersions): string {
  const tool = kinds[kind].tool
  const blessed = blessedToolchainVersions()?.[tool]
  if (!blessed || blessed === local[tool])
    return ''
  return `\nNote: the blessed output was made with ${blessed}, this machine has ${local[tool]}; a different version may legitimately print something else.`
}
