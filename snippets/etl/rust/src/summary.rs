//! Counting what was written and what was rejected, and saying so on stderr in exactly
//! the Python job's words (tests compare the two reports).

use crate::clean::Reject;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A run of rows, cleaned: the encoded records, and which rows (by index) were rejected.
#[derive(Default)]
pub struct Batch {
    pub rows: usize,
    pub bytes: Vec<u8>,
    pub rejected: Vec<(usize, Reject)>,
}

#[derive(Default)]
pub struct Summary {
    read: u64,
    written: u64,
    /// By the reason's name, so the report lists them alphabetically as Python's does.
    rejected: BTreeMap<&'static str, u64>,
    first_rejected: Vec<(u64, Reject)>,
}

impl Summary {
    /// Writes a batch's records and counts its rows; batches must arrive in input order.
    pub fn write(&mut self, batch: Batch, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&batch.bytes)?;
        for &(index, reason) in &batch.rejected {
            *self.rejected.entry(reason.as_str()).or_default() += 1;
            if self.first_rejected.len() < 5 {
                self.first_rejected.push((self.read + index as u64 + 1, reason));
            }
        }
        self.read += batch.rows as u64;
        self.written += (batch.rows - batch.rejected.len()) as u64;
        Ok(())
    }

    pub fn report(&self, out: &mut impl Write) -> io::Result<()> {
        let total: u64 = self.rejected.values().sum();
        writeln!(out, "etl: {} rows read, {} written, {} rejected", self.read, self.written, total)?;
        if total > 0 {
            let reasons: Vec<String> = self.rejected.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
            let first: Vec<String> = self.first_rejected.iter().map(|(row, reason)| format!("{row} ({reason})")).collect();
            writeln!(out, "etl: rejected by reason: {}", reasons.join(", "))?;
            writeln!(out, "etl: first rejected rows: {}", first.join(", "))?;
        }
        Ok(())
    }
}
