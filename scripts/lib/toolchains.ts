import { existsSync } from 'node:fs'
import process from 'node:process'

const debianRegistry = '/usr/share/cargo/registry'

/**
 * Extra `cargo` arguments. Where Debian's packaged crates are installed (this project's CI,
 * which cannot reach crates.io) cargo is pointed at them; set CARGO_USE_CRATES_IO=1 to use
 * crates.io instead on a machine with internet.
 */
export function cargoRegistryArgs(): string[] {
  if (process.env.CARGO_USE_CRATES_IO === '1' || !existsSync(debianRegistry))
    return []
  return [
    '--config',
    'source.crates-io.replace-with="debian"',
    '--config',
    `source.debian.directory="${debianRegistry}"`,
  ]
}

/**
 * The Python that runs the samples: $PYTHON, else Debian's /usr/bin/python3 (where
 * `apt-get install python3-protobuf` puts the protobuf runtime), else `python3` on PATH.
 */
export function pythonExecutable(): string {
  if (process.env.PYTHON)
    return process.env.PYTHON
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}
