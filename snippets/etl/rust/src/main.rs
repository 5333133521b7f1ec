//! The ETL job in Rust: messy orders CSV in, cleaned Protobuf records out.
//!
//!     etl [--parallel | --overlap] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
//!         orders.csv orders.pb
//!
//! Rows are read in chunks; each chunk is cleaned and encoded on one core, or with
//! `--parallel` on all of them (rayon), and written in input order, so every way writes
//! the same bytes as the Python job. `--overlap` also reads and writes on threads of their
//! own, so that reading the next chunk and writing the last one overlap the cleaning. The
//! options mean what they mean to the Python job (python/etl.py --help).

use csv::{ByteRecord, Reader};
use etl::summary::Summary;
use etl::{Batch, Lines, clean, csv_reader, encode_batch, read_chunk};
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

struct Options {
    mode: Mode,
    rejects: Option<String>,
    max_share: (f64, String),
    input: String,
    output: String,
}

const USAGE: &str = "usage: etl [--parallel | --overlap] [--rejects REJECTS.csv] [--max-rejected-share SHARE] INPUT.csv OUTPUT.pb";

fn options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut mode, mut rejects, mut max_share, mut paths) = (Mode::OneCore, None, None, vec![]);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--parallel" => mode = Mode::Parallel,
            "--overlap" => mode = Mode::Overlap,
            "--rejects" => rejects = Some(args.next().ok_or(USAGE)?),
            "--max-rejected-share" => {
                let text = args.next().ok_or(USAGE)?;
                match text.parse::<f64>() {
                    Ok(share) if (0.0..=1.0).contains(&share) => max_share = Some((share, text)),
                    _ => return Err(format!("etl: {text:?} is not a share from 0 to 1")),
                }
            }
            _ if arg.starts_with("--") => return Err(USAGE.into()),
            _ => paths.push(arg),
        }
    }
    let [input, output] = <[String; 2]>::try_from(paths).map_err(|_| USAGE)?;
    let max_share = max_share.unwrap_or((0.05, "0.05".into()));
    Ok(Options { mode, rejects, max_share, input, output })
}

/// Rows read before they are cleaned: enough work to share out, small enough to keep
/// memory flat. Each chunk is cleaned in batches of BATCH_ROWS, one batch per task.
const CHUNK_ROWS: usize = 8192;
const BATCH_ROWS: usize = 256;

/// An empty chunk: CHUNK_ROWS records whose buffers are reused from one read to the next,
/// and the line each starts on.
fn new_chunk() -> (Vec<ByteRecord>, Vec<u64>) {
    (vec![ByteRecord::new(); CHUNK_ROWS], vec![0; CHUNK_ROWS])
}

/// Writes a chunk's cleaned batches in order: batch `i` holds rows `i * BATCH_ROWS`.. .
fn write_chunk(summary: &mut Summary, batches: Vec<Batch>, rows: &[ByteRecord], lines: &[u64], out: &mut impl Write) -> csv::Result<()> {
    for (batch, (rows, lines)) in batches.into_iter().zip(rows.chunks(BATCH_ROWS).zip(lines.chunks(BATCH_ROWS))) {
        summary.write(batch, rows, lines, out)?;
    }
    Ok(())
}

fn run(options: &Options) -> Result<Summary, Box<dyn Error>> {
    let mut reader = csv_reader(File::open(&options.input)?);
    let mut header = ByteRecord::new();
    if !reader.read_byte_record(&mut header)? || header != clean::HEADER[..] {
        return Err(format!("expected the header {}", clean::HEADER.join(",")).into());
    }
    let mut summary = Summary::with_rejects(options.rejects.as_deref())?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&options.output)?);
    if options.mode == Mode::Overlap {
        return run_overlapped(reader, out, summary);
    }
    let parallel = options.mode == Mode::Parallel;
    let (mut chunk, mut lines) = new_chunk();
    loop {
        let filled = read_chunk(&mut reader, &mut chunk, &mut lines)?;
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
        write_chunk(&mut summary, batches, rows, &lines[..filled], &mut out)?;
    }
    out.flush()?;
    Ok(summary)
}

/// A chunk on its way: its rows, their lines, how many are filled.
type Chunk = (Vec<ByteRecord>, Vec<u64>, usize);

/// The same work in three stages that run at once: a reader thread fills chunks, the
/// calling thread cleans each one on every core (rayon), a writer thread writes them out.
/// Bounded channels keep at most two chunks waiting between stages, so memory stays flat,
/// and written chunks go back to the reader to be refilled without allocating.
fn run_overlapped(mut reader: Reader<Lines<File>>, mut out: impl Write + Send, mut summary: Summary) -> Result<Summary, Box<dyn Error>> {
    let (to_write, cleaned) = sync_channel::<(Chunk, Vec<Batch>)>(2);
    let (to_refill, emptied) = sync_channel::<Chunk>(4); // chunks to reuse
    thread::scope(|scope| {
        // The writer: writes each cleaned chunk's batches in order, as the one-core loop does,
        // then hands the chunk back (the rejected rows are written from it).
        let writing = scope.spawn(move || -> csv::Result<Summary> {
            for ((rows, lines, filled), batches) in cleaned {
                write_chunk(&mut summary, batches, &rows[..filled], &lines[..filled], &mut out)?;
                let _ = to_refill.try_send((rows, lines, 0)); // a full queue just drops it
            }
            out.flush()?;
            Ok(summary)
        });
        // #region overlap
        let (to_clean, read_chunks) = sync_channel::<Chunk>(2); // bounded
        let reading = scope.spawn(move || -> csv::Result<()> {
            loop {
                let (mut rows, mut lines, _) = emptied.try_recv().unwrap_or_else(|_| {
                    let (rows, lines) = new_chunk();
                    (rows, lines, 0)
                });
                let filled = read_chunk(&mut reader, &mut rows, &mut lines)?;
                if filled == 0 || to_clean.send((rows, lines, filled)).is_err() {
                    return Ok(()); // the end of the file, or cleaning has stopped
                }
            }
        });
        for chunk in read_chunks {
            let batches = chunk.0[..chunk.2].par_chunks(BATCH_ROWS).map(encode_batch).collect();
            if to_write.send((chunk, batches)).is_err() {
                break; // the writer failed: its error is reported below
            }
        }
        // #endregion overlap
        drop(to_write);
        let summary = writing.join().expect("the writer thread panicked")?;
        reading.join().expect("the reader thread panicked")?;
        Ok(summary)
    })
}

fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(mut summary) => {
            let mut stderr = io::stderr();
            summary.report(&mut stderr).expect("stderr is writable");
            let (share, text) = &options.max_share;
            ExitCode::from(summary.status(*share, text, &mut stderr).expect("stderr is writable"))
        }
        Err(error) => {
            eprintln!("etl: {error}");
            ExitCode::FAILURE
        }
    }
}
