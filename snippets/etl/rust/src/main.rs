//! The ETL job in Rust: messy orders CSV in, cleaned Protobuf records out.
//!
//!     etl [--parallel] orders.csv orders.pb
//!
//! Rows are read in chunks; each chunk is cleaned and encoded on one core, or with
//! `--parallel` on all of them (rayon), and written in input order, so both ways write
//! the same bytes as the Python job.

use csv::{ByteRecord, ReaderBuilder};
use etl::{clean, encode_batch, summary};
use rayon::prelude::*;
use std::error::Error;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Rows read before they are cleaned: enough work to share out, small enough to keep
/// memory flat. Each chunk is cleaned in batches of BATCH_ROWS, one batch per task.
const CHUNK_ROWS: usize = 8192;
const BATCH_ROWS: usize = 256;

fn run(input: &str, output: &str, parallel: bool) -> Result<summary::Summary, Box<dyn Error>> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false) // checked below, to say what was expected
        .flexible(true) // a short or long row is rejected and counted, not a fatal error
        .buffer_capacity(1 << 16)
        .from_path(input)?;
    let mut header = ByteRecord::new();
    if !reader.read_byte_record(&mut header)? || header != clean::HEADER[..] {
        return Err(format!("expected the header {}", clean::HEADER.join(",")).into());
    }
    let mut out = BufWriter::new(File::create(output)?);
    let mut summary = summary::Summary::default();
    let mut chunk = vec![ByteRecord::new(); CHUNK_ROWS];
    loop {
        let mut filled = 0;
        while filled < CHUNK_ROWS && reader.read_byte_record(&mut chunk[filled])? {
            filled += 1;
        }
        if filled == 0 {
            break;
        }
        let rows = &chunk[..filled];
        // #region chunk
        let batches: Vec<_> = if parallel {
            rows.par_chunks(BATCH_ROWS).map(encode_batch).collect() // every core
        } else {
            rows.chunks(BATCH_ROWS).map(encode_batch).collect() // one core
        };
        // #endregion chunk
        for batch in batches {
            summary.write(batch, &mut out)?;
        }
    }
    out.flush()?;
    Ok(summary)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parallel = args.first().is_some_and(|flag| flag == "--parallel");
    let [input, output] = &args[usize::from(parallel)..] else {
        eprintln!("usage: etl [--parallel] INPUT.csv OUTPUT.pb");
        return ExitCode::from(2);
    };
    match run(input, output, parallel) {
        Ok(summary) => {
            summary.report(&mut io::stderr()).expect("stderr is writable");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("etl: {error}");
            ExitCode::FAILURE
        }
    }
}
