//! The ETL job's cleaning as a library: the `etl` binary (main.rs) and the Python extension
//! (../../pyo3) both call it, so there is one copy of the rules.

pub mod clean;
pub mod order;
pub mod summary;
pub mod titlecase;

use csv::ByteRecord;
use prost::Message;

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
        ..Default::default()
    };
    for (index, row) in rows.iter().enumerate() {
        if let Err(reason) = encode_row(row, &mut batch.bytes) {
            batch.rejected.push((index, reason));
        }
    }
    batch
}
