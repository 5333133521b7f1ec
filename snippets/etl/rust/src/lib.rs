//! The ETL job's cleaning as a library: the `etl` binary (main.rs) and the Python extension
//! (../../pyo3) both call it, so there is one copy of the rules.

pub mod clean;
pub mod order;
pub mod summary;
pub mod titlecase;

use csv::{ByteRecord, Reader, ReaderBuilder};
use prost::Message;
use std::io::Read;

/// The job's CSV reader: the header is read as a row (the caller checks it, to say what
/// was expected), and a short or long row is rejected and counted, not a fatal error.
pub fn csv_reader<R: Read>(input: R) -> Reader<R> {
    ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(1 << 16).from_reader(input)
}

/// Fills `chunk` with up to `chunk.len()` rows, reusing its records; returns how many
/// were read (0 at the end of the input).
pub fn read_chunk<R: Read>(reader: &mut Reader<R>, chunk: &mut [ByteRecord]) -> csv::Result<usize> {
    let mut filled = 0;
    while filled < chunk.len() && reader.read_byte_record(&mut chunk[filled])? {
        filled += 1;
    }
    Ok(filled)
}

/// Cleans one row and appends it to `out` as a length-delimited Protobuf record, the way
/// every variant of the job writes it; a row that breaks a rule is left out and says why.
pub fn encode_row(row: &ByteRecord, out: &mut Vec<u8>) -> Result<(), clean::Reject> {
    let order = clean::transform(row)?;
    order.encode_length_delimited(out).expect("a Vec grows");
    Ok(())
}

/// Cleans and encodes a run of rows into one buffer of length-delimited records.
pub fn encode_batch(rows: &[ByteRecord]) -> summary::Batch {
    let mut batch = summary::Batch {
        rows: rows.len(),
        // Room for every record up front: a record is a little shorter than its CSV row.
        bytes: Vec::with_capacity(rows.iter().map(|row| row.as_slice().len() + 16).sum()),
        ..Default::default()
    };
    for (index, row) in rows.iter().enumerate() {
        if let Err(reason) = encode_row(row, &mut batch.bytes) {
            batch.rejected.push((index, reason));
        }
    }
    batch
}
