import type { Buffer } from 'node:buffer'
import type { GeneratorSummary } from '../../toolchain/etl'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { interpreterSchema, loadAverageSchema } from '../../lib/shared/interpreter'
import { etlFiles, generateEtlInput, parseEtlReport } from '../../toolchain/etl'
import { buildExtension, buildWheel, checkExtensionTools } from '../../toolchain/extension'
import { run as runProcess } from '../../toolchain/process'
import { pythonExecutable, pythonMinor, ToolMissing } from '../../toolchain/toolchains'

// The fastclean extension (snippets/pyo3): the ETL's Rust cleaning, built by maturin into the
// project environment and called from Python, with the rules it shares with the Rust job
// and the recorded cost of a call into Rust.
const cargoToml = readFileSync('snippets/pyo3/Cargo.toml', 'utf8')
const cargoLock = readFileSync('snippets/Cargo.lock', 'utf8')
const uvLock = readFileSync('uv.lock', 'utf8')
const pyproject = readFileSync('snippets/pyo3/pyproject.toml', 'utf8')
const libRs = readFileSync('snippets/pyo3/src/lib.rs', 'utf8')
const slides = readFileSync('pages/09-backup.md', 'utf8')
const boundaryScript = 'snippets/pyo3/boundary.py'
const boundaryFile = 'data/etl/boundary.json'

function field(toml: string, key: string): string | undefined {
  return toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'm'))?.[1]
}

function locked(lock: string, name: string): string | undefined {
  return lock.match(new RegExp(`^name = "${name}"\\nversion = "([\\d.]+)"$`, 'm'))?.[1]
}

/** Runs Python code in the project environment; returns its exit code, stdout and stderr. */
function python(code: string, args: string[] = []) {
  return runProcess(pythonExecutable(), ['-c', code, ...args])
}

let scratch: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fastclean-test-'))
  buildExtension()
})

afterAll(() => {
  if (scratch)
    rmSync(scratch, { recursive: true, force: true })
})

describe('snippets/pyo3: the maturin project', () => {
  it('names the module the same in Cargo.toml, pyproject.toml, #[pymodule] and the Python callers', () => {
    const crate = field(cargoToml, 'name')
    const project = field(pyproject, 'name')
    const pymodule = libRs.match(/#\[pymodule[^\]]*\]\s*(?:fn|mod) (\w+)/)?.[1]
    expect(crate).toBe('fastclean')
    expect([project, pymodule]).toEqual([crate, crate])
    for (const caller of [
      'snippets/etl/python/etl.py',
      'snippets/python/fastclean_call.py',
      boundaryScript,
      'snippets/gil/python/extension_threads.py',
    ])
      expect(readFileSync(caller, 'utf8'), caller).toMatch(/^\s*import fastclean$/m)
  })

  it('shares the Rust job\'s rules instead of copying them', () => {
    expect(cargoToml).toMatch(/^etl = \{ path = "\.\.\/etl\/rust" \}$/m)
    expect(libRs).toContain('etl::encode_row(')
    expect(libRs).not.toMatch(/fn parse_|fn transform/)
  })

  it('is current PyO3: no extension-module feature, detach, Bound, the free-threading default', () => {
    expect(cargoToml).not.toMatch(/features\s*=\s*\[[^\]]*"extension-module"/)
    expect(libRs).toContain('py.detach(')
    expect(libRs).toContain('Bound<\'py, PyBytes>')
    expect(libRs).toContain('PyBackedStr')
    expect(libRs).not.toMatch(/allow_threads|with_gil|\.into_py\(|gil_used\s*=\s*false/)
  })

  it('the slides name the PyO3 and maturin versions that are locked', () => {
    const pyo3 = locked(cargoLock, 'pyo3')
    const maturin = locked(uvLock, 'maturin')
    expect(pyo3, 'snippets/Cargo.lock has no pyo3').toBeDefined()
    expect(maturin, 'uv.lock has no maturin').toBeDefined()
    const asked = cargoToml.match(/pyo3\s*=\s*\{\s*version\s*=\s*"([\d.]+)"/)?.[1]
    expect(`${pyo3}.`.startsWith(`${asked}.`), `Cargo.lock pins pyo3 ${pyo3}, Cargo.toml asks for ${asked}`).toBe(true)
    expect(slides).toContain(`PyO3 ${pyo3}`)
    expect(slides).toContain(`maturin ${maturin}`)
  })

  it('maturin builds a wheel for the project\'s CPython, with the compiled module inside', async () => {
    const wheel = buildWheel(join(scratch, 'wheels'))
    // eslint-disable-next-line no-console -- the wheel's platform tag is part of the report
    console.log(`wheel: ${basename(wheel)}`)
    const cp = `cp${pythonMinor.replace('.', '')}`
    expect(basename(wheel)).toMatch(new RegExp(`^fastclean-0\\.1\\.0-${cp}-${cp}-(manylinux_\\d+_\\d+|linux)_x86_64\\.whl$`))
    const listing = await python('import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', [wheel])
    expect(listing.code, listing.stderr).toBe(0)
    expect(listing.stdout).toMatch(new RegExp(`^fastclean/fastclean\\.cpython-${cp.slice(2)}-x86_64-linux-gnu\\.so$`, 'm'))
    expect(listing.stdout).toMatch(/^fastclean-0\.1\.0\.dist-info\/METADATA$/m)
  })
})

describe('the fastclean module, imported from Python', () => {
  it('a bad row raises fastclean.BadRow (a ValueError) naming the field', async () => {
    const run = await python(`
import fastclean
good = ["7", " zoë  MÜLLER ", "Zoe.Muller@Example.COM", "de", "2024-02-29T23:30:00-01:00", "1,234.5", "EUR", "gift   wrap"]
assert isinstance(fastclean.encode_row(good), bytes)
for index, value, reason in [(2, "zoe.muller@", "email"), (5, "12,34", "amount"), (0, "x", "id"), (4, "2024-02-30T00:00:00Z", "timestamp"), (6, "EURO", "currency")]:
    row = list(good)
    row[index] = value
    try:
        fastclean.encode_row(row)
    except ValueError as error:
        print(type(error).__module__, type(error).__name__, str(error) == reason)
try:
    fastclean.encode_row(good[:6])
except fastclean.BadRow as error:
    print("short row:", error)
try:
    fastclean.encode_row([1, 2, 3, 4, 5, 6, 7, 8])
except TypeError:
    print("not str: TypeError")
records, rejected = fastclean.encode_rows([good, good[:6], good])
print(len(records) == 2 * len(fastclean.encode_row(good)), rejected)
`)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual([
      ...Array.from({ length: 5 }).fill('fastclean BadRow True'),
      'short row: fields',
      'not str: TypeError',
      'True [(1, \'fields\')]',
    ])
  })

  it('etl.py --engine rust writes what etl.py writes, with the same report, on generated data', async () => {
    const input = join(scratch, 'orders.csv')
    const generated: GeneratorSummary = await generateEtlInput({
      rows: 6000,
      seed: 23,
      badShare: 0.05,
      output: input,
    })
    const runs = []
    for (const engine of ['python', 'rust']) {
      const output = join(scratch, `${engine}.pb`)
      const run = await runProcess(pythonExecutable(), [
        etlFiles.pythonJob,
        '--engine',
        engine,
        input,
        output,
      ])
      expect(run.code, `${engine}: ${run.stderr}`).toBe(0)
      runs.push({
        run,
        bytes: readFileSync(output),
      })
    }
    const [py, rust] = runs
    expect(parseEtlReport(rust!.run.stderr)).toEqual({
      read: 6000,
      written: 6000 - generated.bad,
      rejected: generated.bad,
      byReason: generated.faults,
    })
    expect(rust!.run.stderr).toBe(py!.run.stderr)
    expect(rust!.bytes.length).toBeGreaterThan(100_000)
    expect(rust!.bytes.equals(py!.bytes)).toBe(true)
  })

  it('tricky rows and batch edges come out the same from both engines', async () => {
    // 4097 rows: one more than a batch, so a rejected row's number must carry across batches.
    const lines = ['id,name,email,country,created_at,amount,currency,note']
    for (let i = 1; i <= 4097; i++) {
      lines.push(i % 1000 === 0
        ? `${i},Bad Mail,nope,DE,2024-01-01T00:00:00Z,1,EUR,`
        : `${i},Ada ${i},a${i}@example.com,de,2024-01-01T00:00:00+01:00,${i}.5,EUR,n`)
    }
    lines.push('4098,"  ÉMILE   zola ",E.Zola@Example.FR,fr,2024-02-29T23:30:00-01:00,"-1,234.5",EUR,"line one', 'line two, with ""quotes"""', '')
    lines.push('4099,Bad \uFFFD Byte,b@example.com,DE,2024-01-01T00:00:00Z,1,EUR,', '99999999999999999999999,Big Id,big@example.com,DE,2024-01-01T00:00:00Z,1,EUR,')
    lines.push('4000,Ada Again,a@example.com,DE,2024-01-01T00:00:00Z,1,EUR,') // 4000 was rejected: this one is the first
    lines.push('4001,Ada Again,a@example.com,DE,2024-01-01T00:00:00Z,1,EUR,') // a repeated id, one batch later
    const input = join(scratch, 'tricky.csv')
    writeFileSync(input, `${lines.join('\n')}\n`)
    const outputs: Buffer[] = []
    const reports: string[] = []
    for (const engine of ['python', 'rust']) {
      const output = join(scratch, `tricky-${engine}.pb`)
      const run = await runProcess(pythonExecutable(), [
        etlFiles.pythonJob,
        '--engine',
        engine,
        input,
        output,
      ])
      expect(run.code, run.stderr).toBe(0)
      outputs.push(readFileSync(output))
      reports.push(run.stderr)
    }
    expect(reports[1]).toBe(reports[0])
    // Lines of the file: the header is line 1, the quoted line break and the blank line count.
    expect(reports[0]).toContain('first rejected lines: 1001 (email), 2001 (email), 3001 (email), 4001 (email), 4102 (encoding)')
    expect(reports[0]).toContain('etl: 4102 rows read, 4095 written, 7 rejected')
    expect(outputs[1]!.equals(outputs[0]!)).toBe(true)
  })

  it('--engine rust without the extension stops with one line saying how to build it', async () => {
    // None in sys.modules makes `import fastclean` fail, as it does where it was never built.
    const run = await python('import os, runpy, sys; sys.modules["fastclean"] = None; sys.argv = sys.argv[1:]; sys.path.insert(0, os.path.dirname(sys.argv[0])); runpy.run_path(sys.argv[0], run_name="__main__")', [
      etlFiles.pythonJob,
      '--engine',
      'rust',
      'in.csv',
      join(scratch, 'never.pb'),
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('etl: --engine rust needs the fastclean extension; build it with `maturin develop --release -m snippets/pyo3/Cargo.toml`\n')
  })

  it('an unknown engine is a usage error', async () => {
    const run = await runProcess(pythonExecutable(), [
      etlFiles.pythonJob,
      '--engine',
      'polars-maybe',
      'in.csv',
      'out.pb',
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('argument --engine: invalid choice: \'polars-maybe\' (choose from \'python\', \'rust\')')
  })
})

describe('building it', () => {
  it('says which tool is missing, and how to get it', () => {
    const noCargo = () => checkExtensionTools({ PATH: '/nonexistent', CARGO: '/nonexistent/cargo', MATURIN: '/nonexistent/maturin' })
    expect(noCargo).toThrow(ToolMissing)
    expect(noCargo).toThrow('cargo (/nonexistent/cargo) is not installed; install Rust with rustup (https://rustup.rs)')
    const noMaturin = () => checkExtensionTools({ ...process.env, MATURIN: '/nonexistent/maturin' })
    expect(noMaturin).toThrow('maturin (/nonexistent/maturin) is not installed; `uv sync` installs it into .venv')
    expect(() => checkExtensionTools()).not.toThrow()
  })
})

describe('the boundary measurement', () => {
  it('boundary.py runs and prints what a call into Rust costs', async () => {
    const run = await runProcess(pythonExecutable(), [
      boundaryScript,
      '--rows',
      '300',
      '--runs',
      '1',
    ])
    expect(run.code, run.stderr).toBe(0)
    // The first lines name the build that ran and the load before and after.
    expect(run.stdout).toMatch(new RegExp(`^300 rows, median of 1 runs \\(min to max\\), CPython ${pythonMinor.replace('.', '\\.')}\\.\\d+ \\([^)]+\\), PyO3 \\d+\\.\\d+\\.\\d+, rustc `))
    expect(run.stdout).toMatch(/^load average \(1 min\) \d+\.\d\d before, \d+\.\d\d after$/m)
    for (const label of [
      'pure Python, per row',
      'Rust, one call per row',
      'Rust, one call per 4096 rows',
      'an empty call into Rust',
      'a call that detaches and re-attaches',
    ])
      expect(run.stdout).toMatch(new RegExp(`${label}\\s+\\d+ ns per`))
  })

  it('the committed figures name the machine and versions, and the slide shows them', () => {
    const figures = JSON.parse(readFileSync(boundaryFile, 'utf8'))
    expect(figures.recorder).toBe(boundaryScript)
    expect(figures.machine.pyo3).toBe(locked(cargoLock, 'pyo3'))
    expect(figures.machine.python).toMatch(new RegExp(`^${pythonMinor.replace('.', '\\.')}\\.`))
    expect(interpreterSchema.safeParse(figures.machine.interpreter).success).toBe(true)
    expect(loadAverageSchema.safeParse(figures.loadAverage.before).success).toBe(true)
    expect(figures.runs).toBeGreaterThanOrEqual(5)
    for (const name of [
      'perRow',
      'perBatch',
      'python',
      'emptyRustCall',
      'emptyPythonCall',
    ]) {
      expect(figures[name].runsSeconds).toHaveLength(figures.runs)
      expect(figures[name].nsPerCall).toBeGreaterThan(0)
    }
    expect(slides).toContain(`import boundary from '/${boundaryFile}'`)
  })
})
