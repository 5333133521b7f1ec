//! Counting what was written and what was rejected, writing the rejects file, and saying
//! so on stderr in exactly the Python job's words (tests compare the two reports).

use crate::Batch;
use crate::clean::Reject;
use csv::{ByteRecord, QuoteStyle, Writer, WriterBuilder};
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, Write};

/// The exit status when more than `--max-rejected-share` of the rows was rejected.
pub const TOO_MANY_REJECTED: u8 = 3;

#[derive(Default)]
pub struct Summary {
    read: u64,
    written: u64,
    /// By the reason's name, so the report lists them alphabetically as Python's does.
    rejected: BTreeMap<&'static str, u64>,
    first_rejected: Vec<(u64, Reject)>,
    /// The ids written so far: a repeated one is rejected.
    seen: HashSet<u64>,
    rejects: Option<Writer<File>>,
}

impl Summary {
    /// With a rejects file: every rejected record goes there as it was read, after its line
    /// and reason, every field quoted (as Python's csv.QUOTE_ALL writes it).
    pub fn with_rejects(path: Option<&str>) -> csv::Result<Summary> {
        let mut summary = Summary::default();
        if let Some(path) = path {
            let mut writer = WriterBuilder::new().quote_style(QuoteStyle::Always).flexible(true).from_path(path)?;
            writer.write_record(["line", "reason"].iter().chain(crate::clean::HEADER.iter()))?;
            summary.rejects = Some(writer);
        }
        Ok(summary)
    }

    /// Writes a batch's records and counts its rows; batches must arrive in input order.
    /// `rows` and `lines` are the batch's records as read and the lines they start on.
    pub fn write(&mut self, mut batch: Batch, rows: &[ByteRecord], lines: &[u64], out: &mut impl Write) -> csv::Result<()> {
        batch.drop_repeated_ids(&mut self.seen);
        out.write_all(&batch.bytes)?;
        for &(index, reason) in &batch.rejected {
            self.reject(lines[index], reason, &rows[index])?;
        }
        self.read += batch.rows as u64;
        self.written += (batch.rows - batch.rejected.len()) as u64;
        Ok(())
    }

    fn reject(&mut self, line: u64, reason: Reject, row: &ByteRecord) -> csv::Result<()> {
        *self.rejected.entry(reason.as_str()).or_default() += 1;
        if self.first_rejected.len() < 5 {
            self.first_rejected.push((line, reason));
        }
        if let Some(rejects) = &mut self.rejects {
            let (line, reason) = (line.to_string(), reason.as_str());
            rejects.write_record([line.as_bytes(), reason.as_bytes()].into_iter().chain(row))?;
        }
        Ok(())
    }

    /// Finishes the rejects file and writes the report.
    pub fn report(&mut self, out: &mut impl Write) -> io::Result<()> {
        if let Some(rejects) = &mut self.rejects {
            rejects.flush()?;
        }
        let total: u64 = self.rejected.values().sum();
        writeln!(out, "etl: {} rows read, {} written, {} rejected", self.read, self.written, total)?;
        if total > 0 {
            let reasons: Vec<String> = self.rejected.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
            let first: Vec<String> = self.first_rejected.iter().map(|(line, reason)| format!("{line} ({reason})")).collect();
            writeln!(out, "etl: rejected by reason: {}", reasons.join(", "))?;
            writeln!(out, "etl: first rejected lines: {}", first.join(", "))?;
        }
        Ok(())
    }

    /// 0, or TOO_MANY_REJECTED (saying so) when more than `max_share` was rejected; `text`
    /// is the share as typed, repeated in the message.
    pub fn status(&self, max_share: f64, text: &str, out: &mut impl Write) -> io::Result<u8> {
        let rejected: u64 = self.rejected.values().sum();
        if self.read > 0 && rejected as f64 / self.read as f64 > max_share {
            writeln!(out, "etl: {rejected} of {} rows rejected, more than --max-rejected-share {text} allows", self.read)?;
            return Ok(TOO_MANY_REJECTED);
        }
        Ok(0)
    }
}
