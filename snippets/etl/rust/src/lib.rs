//! The ETL job's cleaning as a library: the `etl` binary (main.rs) and the Python extension
//! (../../pyo3) both call it, so there is one copy of the rules.

pub mod clean;
pub mod order;
pub mod summary;

use csv::{ByteRecord, Reader, ReaderBuilder};
use prost::Message;
use std::collections::HashSet;
use std::io::{self, Read};

/// The job's CSV reader: the header is read as a row (the caller checks it, to say what
/// was expected), and a short or long row is rejected and counted, not a fatal error.
pub fn csv_reader<R: Read>(input: R) -> Reader<Lines<R>> {
    let lines = Lines { inner: input, kept: Vec::new(), kept_from: 0, head: 0, line: 1 };
    ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(1 << 16).from_reader(lines)
}

/// The input on its way to the CSV reader, kept from the last record's first byte on, so
/// that the line each record starts on can be counted as `grep -n` counts lines: one more
/// after each line feed. (The csv crate's `Position::line` is where a read began, before
/// the blank lines it skips, and it is the line of the record's end.)
pub struct Lines<R> {
    inner: R,
    kept: Vec<u8>,
    /// The input's offset of `kept[0]`.
    kept_from: u64,
    /// The last record's first byte, in `kept`, and its line.
    head: usize,
    line: u64,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.head > self.kept.len() / 2 {
            self.kept.drain(..self.head); // counted already; drained rarely, so cheaply
            self.kept_from += self.head as u64;
            self.head = 0;
        }
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R> Lines<R> {
    /// The line of the record whose read began at input offset `start`: past the blank
    /// lines the reader skipped, on its first byte.
    fn record_line(&mut self, start: u64) -> u64 {
        let mut at = usize::try_from(start - self.kept_from).expect("kept in memory");
        while at < self.kept.len() && matches!(self.kept[at], b'\r' | b'\n') {
            at += 1;
        }
        let feeds = self.kept[self.head..at].iter().filter(|&&b| b == b'\n').count();
        self.line += feeds as u64;
        self.head = at;
        self.line
    }
}

/// Fills `chunk` with up to `chunk.len()` rows, reusing its records, and `lines` with the
/// line each starts on; returns how many were read (0 at the end of the input).
pub fn read_chunk<R: Read>(reader: &mut Reader<Lines<R>>, chunk: &mut [ByteRecord], lines: &mut [u64]) -> csv::Result<usize> {
    let mut filled = 0;
    while filled < chunk.len() && reader.read_byte_record(&mut chunk[filled])? {
        let start = chunk[filled].position().expect("the reader sets it").byte();
        lines[filled] = reader.get_mut().record_line(start);
        filled += 1;
    }
    Ok(filled)
}

/// Cleans one row and appends it to `out` as a length-delimited Protobuf record, the way
/// every variant of the job writes it; returns its id, or the rule it broke.
pub fn encode_row(row: &ByteRecord, out: &mut Vec<u8>) -> Result<u64, clean::Reject> {
    let order = clean::transform(row)?;
    order.encode_length_delimited(out).expect("a Vec grows");
    Ok(order.id)
}

/// A run of rows, cleaned: their records one after another, and which rows were rejected.
#[derive(Default)]
pub struct Batch {
    pub rows: usize,
    pub bytes: Vec<u8>,
    /// (row index, id, end in `bytes`) of each record written.
    pub records: Vec<(usize, u64, usize)>,
    /// (row index, reason), in row order.
    pub rejected: Vec<(usize, clean::Reject)>,
}

/// Cleans and encodes a run of rows into one buffer of length-delimited records.
pub fn encode_batch(rows: &[ByteRecord]) -> Batch {
    let mut batch = Batch {
        rows: rows.len(),
        // Room for every record up front: a record is a little shorter than its CSV row.
        bytes: Vec::with_capacity(rows.iter().map(|row| row.as_slice().len() + 16).sum()),
        records: Vec::with_capacity(rows.len()),
        ..Default::default()
    };
    for (index, row) in rows.iter().enumerate() {
        match encode_row(row, &mut batch.bytes) {
            Ok(id) => batch.records.push((index, id, batch.bytes.len())),
            Err(reason) => batch.rejected.push((index, reason)),
        }
    }
    batch
}

impl Batch {
    /// Rejects a record whose id an earlier one has (`seen`: the ids written so far, which
    /// it adds to): the first wins. Batches must come in input order; this part is serial.
    pub fn drop_repeated_ids(&mut self, seen: &mut HashSet<u64>) {
        let mut repeated = vec![];
        for &(index, id, _) in &self.records {
            if !seen.insert(id) {
                repeated.push(index);
            }
        }
        if repeated.is_empty() {
            return; // the usual case: nothing to move
        }
        let (mut kept, mut start) = (Vec::with_capacity(self.bytes.len()), 0);
        self.records.retain_mut(|(index, _, end)| {
            let keep = !repeated.contains(index);
            if keep {
                kept.extend_from_slice(&self.bytes[start..*end]);
            }
            start = *end;
            *end = kept.len();
            keep
        });
        self.bytes = kept;
        self.rejected.extend(repeated.into_iter().map(|index| (index, clean::Reject::Duplicate)));
        self.rejected.sort_unstable_by_key(|&(index, _)| index);
    }
}
