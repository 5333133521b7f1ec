import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'
import { fromRepo, repoPath, walkFiles } from './paths'
import { cargoMetadata } from './toolchains'

// Discovery of every code sample under snippets/, by the conventions in snippets/README.md.
// The test (tests/snippets/samples.test.ts) and the bless script
// (scripts/generate-compiler-output.ts) both use this, so they cannot disagree; how each kind
// is run is in sample-runners.ts.

export const snippetsDir = repoPath('snippets')

export type SampleKind = 'python' | 'rust-example' | 'rust-fail' | 'rust-parse-only'

export interface Sample {
  kind: SampleKind
  /** File name without extension; for examples, the cargo example name. */
  name: string
  /** Absolute path of the source file. */
  file: string
  /** Repo-relative path with `/`, for messages and test names. */
  source: string
  /** Absolute path of the blessed output (`.out` / `.stderr`); none for parse-only samples. */
  blessedFile?: string
  /** Python: the exception class the sample must raise. */
  expectException?: string
  /** Rust must-fail: the exact set of error codes, sorted. */
  expectErrors?: string[]
  /** Parse-only: why it cannot be compiled here (shown in the test output). */
  parseOnlyReason?: string
  /** A malformed header line, reported by the test rather than silently ignored. */
  headerProblem?: string
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir))
    return []
  return readdirSync(dir).filter(name => name.endsWith(extension)).sort().map(name => join(dir, name))
}

/** Paths under snippets/ that are never samples: build output, lockfile, caches. */
export function isGeneratedSnippetPath(relPath: string): boolean {
  return relPath === 'snippets/target'
    || relPath.startsWith('snippets/target/')
    || relPath === 'snippets/Cargo.lock'
    || relPath.split('/').includes('__pycache__')
    || relPath.endsWith('.pyc')
}

function firstLine(file: string): string {
  return readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? ''
}

let members: string[] | undefined

/** Workspace member folders (absolute) of snippets/Cargo.toml, as cargo itself reads the manifest. */
export function workspaceMembers(): string[] {
  members ??= cargoMetadata('--offline', '--no-deps').packages.map(pkg => dirname(pkg.manifest_path))
  return members
}

function sample(kind: SampleKind, file: string, blessedExtension?: string): Sample {
  return {
    kind,
    name: basename(file).replace(/\.\w+$/, ''),
    file,
    source: fromRepo(file),
    blessedFile: blessedExtension && file.replace(/\.\w+$/, blessedExtension),
  }
}

function pythonSample(file: string): Sample {
  const header = firstLine(file)
  const found = sample('python', file, '.out')
  if (/^#\s*expect-exception/.test(header)) {
    const match = /^# expect-exception: ([A-Z_]\w*)\s*$/.exec(header)
    if (match)
      found.expectException = match[1]
    else
      found.headerProblem = `first line must be "# expect-exception: ExceptionClass", got ${JSON.stringify(header)}`
  }
  return found
}

function rustFailSample(file: string): Sample {
  const header = firstLine(file)
  const found = sample('rust-fail', file, '.stderr')
  const match = /^\/\/ expect-error: (E\d{4}(?: E\d{4})*)\s*$/.exec(header)
  if (match) {
    found.expectErrors = [
      ...new Set(match[1]!.split(' ')),
    ].sort()
  }
  else {
    found.headerProblem = `first line must be "// expect-error: E0382" (space-separated codes), got ${JSON.stringify(header)}`
  }
  return found
}

const parseOnlyHeader = /^\/\/ parse-only:[ \t]*(\S.*)$/

/**
 * Every sample under snippets/, by convention:
 * - snippets/python/*.py, run; stdout compared with the `.out` beside it
 * - snippets/rust/examples/*.rs, cargo examples of package `samples`; stdout vs `.out`
 * - snippets/rust/fail/*.rs, must not compile; error codes vs the header, stderr vs `.stderr`
 * - any other `.rs` outside the workspace members whose first line is `// parse-only: why`
 */
export function discoverSamples(): Sample[] {
  const samples = [
    ...listFiles(join(snippetsDir, 'python'), '.py').map(pythonSample),
    ...listFiles(join(snippetsDir, 'rust', 'examples'), '.rs').map(file => sample('rust-example', file, '.out')),
    ...listFiles(join(snippetsDir, 'rust', 'fail'), '.rs').map(rustFailSample),
  ]
  const insideMember = (file: string): boolean => workspaceMembers().some(member => file.startsWith(member + sep))
  for (const file of walkFiles(snippetsDir, isGeneratedSnippetPath)) {
    if (!file.endsWith('.rs') || insideMember(file))
      continue
    const reason = parseOnlyHeader.exec(firstLine(file))?.[1]?.trim()
    if (reason) {
      samples.push({
        ...sample('rust-parse-only', file),
        parseOnlyReason: reason,
      })
    }
  }
  return samples
}

/** Text of a blessed file, or undefined when it does not exist yet. */
export function readBlessed(sample: Sample): string | undefined {
  if (!sample.blessedFile || !existsSync(sample.blessedFile) || !statSync(sample.blessedFile).isFile())
    return undefined
  return readFileSync(sample.blessedFile, 'utf8')
}
