//! `fastclean`: the ETL job's cleaning, in Rust, for the Python job. The rules are not
//! copied here: they are the Rust job's own (`etl::clean`, snippets/etl/rust/src/clean.rs).
//!
//! ```python
//! import fastclean
//! records, rejected = fastclean.encode_rows(rows)  # rows: list of 7-str lists
//! for rows, records, rejected in fastclean.CsvBatches("orders.csv"):  # Rust reads the CSV
//!     ...
//! ```

use csv::{ByteRecord, Reader};
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyBytes;
use std::collections::HashSet;
use std::fs::File;
use std::path::PathBuf;

#[rustfmt::skip] // one line, as the slide shows it
// #region error
create_exception!(fastclean, BadRow, PyValueError, "A rejected row; str() names the field.");
// #endregion error

/// The row's fields as the CSV record `etl::clean` reads: one copy of the bytes, into a
/// record that is reused from row to row.
fn fill(record: &mut ByteRecord, row: &[PyBackedStr]) {
    record.clear();
    for field in row {
        record.push_field(field.as_bytes());
    }
}

/// Cleans one row (its fields, as str) into a length-delimited Protobuf record. Raises
/// BadRow, a ValueError whose str() is the rule that failed, as the job's report names it:
/// 'fields', 'encoding', 'id', 'name', 'email', 'country', 'timestamp', 'currency' or
/// 'amount' (a repeated id is the job's business, not one row's).
/// One row is too little work to detach for: the release and re-acquire would cost more.
#[pyfunction]
fn encode_row<'py>(py: Python<'py>, row: Vec<PyBackedStr>) -> PyResult<Bound<'py, PyBytes>> {
    let mut record = ByteRecord::new();
    fill(&mut record, &row);
    let mut out = Vec::with_capacity(160);
    etl::encode_row(&record, &mut out).map_err(|reason| BadRow::new_err(reason.to_string()))?;
    Ok(PyBytes::new(py, &out))
}

/// A batch's records, concatenated in input order, and the (index, reason) of each rejected row.
type Cleaned<'py> = (Bound<'py, PyBytes>, Vec<(usize, String)>);

/// Cleans many rows in one call; PyBackedStr borrows each field's UTF-8 from its str.
#[pyfunction]
fn encode_rows<'py>(py: Python<'py>, rows: Vec<Vec<PyBackedStr>>) -> Cleaned<'py> {
    // Only Rust data from here on: detach, so other Python threads run meanwhile.
    let (records, rejected) = py.detach(|| {
        let (mut record, mut records, mut rejected) = (ByteRecord::new(), vec![], vec![]);
        for (index, row) in rows.iter().enumerate() {
            fill(&mut record, row);
            if let Err(reason) = etl::encode_row(&record, &mut records) {
                rejected.push((index, reason.to_string()));
            }
        }
        (records, rejected)
    });
    (PyBytes::new(py, &records), rejected)
}

/// A CSV file read, cleaned and encoded in Rust, a batch at a time: the whole hot path,
/// with Python left the file names, the output file, the rejects file and the report.
/// Iterating yields (rows read, their records concatenated, [(line, reason, fields as
/// bytes) of each rejected row]); a repeated id is rejected across batches too.
/// `header` is the first row (None for an empty file); the caller checks it.
#[pyclass]
struct CsvBatches {
    reader: Reader<etl::Lines<File>>,
    chunk: Vec<ByteRecord>,
    lines: Vec<u64>,
    seen: HashSet<u64>,
    #[pyo3(get)]
    header: Option<Vec<String>>,
}

fn csv_error(error: csv::Error) -> PyErr {
    if error.is_io_error() {
        PyOSError::new_err(error.to_string())
    } else {
        PyValueError::new_err(error.to_string())
    }
}

/// A rejected row: its line, the reason, its fields as read.
type Rejected<'py> = (u64, &'static str, Vec<Bound<'py, PyBytes>>);

/// Rows read, their records, and the rejected rows of one batch.
type Batch<'py> = (usize, Bound<'py, PyBytes>, Vec<Rejected<'py>>);

#[pymethods]
impl CsvBatches {
    #[new]
    #[pyo3(signature = (path, size = 4096))]
    fn new(path: PathBuf, size: usize) -> PyResult<Self> {
        if size == 0 {
            return Err(PyValueError::new_err("size must be at least 1"));
        }
        // A missing file is a FileNotFoundError that names it, as open() would.
        let file = File::open(&path).map_err(|error| {
            std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
        })?;
        let mut reader = etl::csv_reader(file);
        let mut first = ByteRecord::new();
        let header = reader
            .read_byte_record(&mut first)
            .map_err(csv_error)?
            .then(|| {
                first
                    .iter()
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect()
            });
        Ok(CsvBatches {
            reader,
            chunk: vec![ByteRecord::new(); size],
            lines: vec![0; size],
            seen: HashSet::new(),
            header,
        })
    }

    fn __iter__(this: PyRef<'_, Self>) -> PyRef<'_, Self> {
        this
    }

    // #region next
    /// Reads, cleans and encodes the next batch detached from the interpreter.
    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Batch<'py>>> {
        let CsvBatches { reader, chunk, lines, seen, .. } = self;
        // #region detach
        let batch = py.detach(|| -> csv::Result<Option<etl::Batch>> {
            let filled = etl::read_chunk(reader, chunk, lines)?;
            if filled == 0 {
                return Ok(None);
            }
            let mut batch = etl::encode_batch(&chunk[..filled]);
            batch.drop_repeated_ids(seen); // in input order: batches come one after another
            Ok(Some(batch))
        });
        // #endregion detach
        let Some(batch) = batch.map_err(csv_error)? else {
            return Ok(None);
        };
        let rejected = batch.rejected.iter().map(|&(row, reason)| {
            let fields = chunk[row].iter().map(|field| PyBytes::new(py, field)).collect();
            (lines[row], reason.as_str(), fields)
        });
        Ok(Some((batch.rows, PyBytes::new(py, &batch.bytes), rejected.collect())))
    }
    // #endregion next
}

/// The GIL recordings' job (snippets/gil/python/gil_trace.py) for one chunk: `steps` steps
/// of the same 31-bit LCG, detached from the interpreter while it runs.
#[pyfunction]
fn run_chunk(py: Python<'_>, chunk_id: u32, steps: u32) -> u32 {
    py.detach(|| {
        let mut state = chunk_id;
        for _ in 0..steps {
            state = std::hint::black_box(
                state.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7FFF_FFFF,
            );
        }
        state
    })
}

/// Does nothing, attached: what a call into Rust costs by itself (boundary.py), with no
/// argument to convert and no detach.
#[pyfunction]
fn noop() {}

// #region module
/// Free-threading: since PyO3 0.28 a module is declared safe for it unless it says
/// `#[pymodule(gil_used = true)]`. These functions share no state, so the default holds.
#[pymodule]
mod fastclean {
    #[pymodule_export]
    use super::{BadRow, CsvBatches, encode_row, encode_rows, noop, run_chunk};
}
// #endregion module
