//! The ETL job in Rust: messy orders CSV in, cleaned Protobuf records out.
//!
//!     etl [--parallel | --overlap] orders.csv orders.pb
//!
//! Rows are read in chunks; each chunk is cleaned and encoded on one core, or with
//! `--parallel` on all of them (rayon), and written in input order, so every way writes
//! the same bytes as the Python job. `--overlap` also reads and writes on threads of their
//! own, so that reading the next chunk and writing the last one overlap the cleaning.

use csv::{ByteRecord, Reader};
use etl::{clean, csv_reader, encode_batch, read_chunk, summary};
use rayon::prelude::*;
use std::error::Error;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::thread;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    OneCore,
    Parallel,
    Overlap,
}

/// Rows read before they are cleaned: enough work to share out, small enough to keep
/// memory flat. Each chunk is cleaned in batches of BATCH_ROWS, one batch per task.
const CHUNK_ROWS: usize = 8192;

/// An empty chunk: CHUNK_ROWS records whose buffers are reused from one read to the next.
fn new_chunk() -> Vec<ByteRecord> {
    vec![ByteRecord::new(); CHUNK_ROWS]
}
const BATCH_ROWS: usize = 256;

fn run(input: &str, output: &str, mode: Mode) -> Result<summary::Summary, Box<dyn Error>> {
    let mut reader = csv_reader(File::open(input)?);
    let mut header = ByteRecord::new();
    if !reader.read_byte_record(&mut header)? || header != clean::HEADER[..] {
        return Err(format!("expected the header {}", clean::HEADER.join(",")).into());
    }
    let mut out = BufWriter::with_capacity(1 << 20, File::create(output)?);
    if mode == Mode::Overlap {
        return run_overlapped(reader, out);
    }
    let parallel = mode == Mode::Parallel;
    let mut summary = summary::Summary::default();
    let mut chunk = new_chunk();
    loop {
        let filled = read_chunk(&mut reader, &mut chunk)?;
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

/// The same work in three stages that run at once: a reader thread fills chunks, the
/// calling thread cleans each one on every core (rayon), a writer thread writes them out.
/// Bounded channels keep at most two chunks waiting between stages, so memory stays flat,
/// and emptied chunks go back to the reader to be refilled without allocating.
fn run_overlapped(mut reader: Reader<File>, mut out: impl Write + Send) -> Result<summary::Summary, Box<dyn Error>> {
    let (to_write, cleaned) = sync_channel::<Vec<summary::Batch>>(2);
    thread::scope(|scope| {
        // The writer: writes each cleaned chunk's batches in order, as the one-core loop does.
        let writing = scope.spawn(move || -> io::Result<summary::Summary> {
            let mut summary = summary::Summary::default();
            for batches in cleaned {
                for batch in batches {
                    summary.write(batch, &mut out)?;
                }
            }
            out.flush()?;
            Ok(summary)
        });
        let (to_refill, emptied) = sync_channel::<Vec<ByteRecord>>(4); // chunks to reuse
        // #region overlap
        let (to_clean, read_chunks) = sync_channel::<(Vec<ByteRecord>, usize)>(2); // bounded
        let reading = scope.spawn(move || -> csv::Result<()> {
            loop {
                let mut chunk = emptied.try_recv().unwrap_or_else(|_| new_chunk());
                let filled = read_chunk(&mut reader, &mut chunk)?;
                if filled == 0 || to_clean.send((chunk, filled)).is_err() {
                    return Ok(()); // the end of the file, or cleaning has stopped
                }
            }
        });
        for (chunk, filled) in read_chunks {
            let batches = chunk[..filled].par_chunks(BATCH_ROWS).map(encode_batch).collect();
            if to_write.send(batches).is_err() {
                break; // the writer failed: its error is reported below
            }
            let _ = to_refill.try_send(chunk); // a full queue just drops it
        }
        // #endregion overlap
        drop(to_write);
        let summary = writing.join().expect("the writer thread panicked")?;
        reading.join().expect("the reader thread panicked")?;
        Ok(summary)
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, paths) = match args.first().map(String::as_str) {
        Some("--parallel") => (Mode::Parallel, &args[1..]),
        Some("--overlap") => (Mode::Overlap, &args[1..]),
        _ => (Mode::OneCore, &args[..]),
    };
    let [input, output] = paths else {
        eprintln!("usage: etl [--parallel | --overlap] INPUT.csv OUTPUT.pb");
        return ExitCode::from(2);
    };
    match run(input, output, mode) {
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
