//! `fastclean`: the ETL job's cleaning, in Rust, for the Python job. The rules are not
//! copied here: they are the Rust job's own (`etl::clean`, snippets/etl/rust/src/clean.rs).
//!
//! ```python
//! import fastclean
//! records, rejected = fastclean.encode_rows(rows)  # rows: list of 7-str lists
//! ```

use csv::ByteRecord;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyBytes;

// #region error
create_exception!(
    fastclean,
    BadRow,
    PyValueError,
    "A row that breaks a cleaning rule. str(error) is the field that failed, \
     as the job reports it: 'fields', 'encoding', 'id', 'name', 'email', ..."
);
// #endregion error

/// The row's fields as the CSV record `etl::clean` reads: one copy of the bytes, into a
/// record that is reused from row to row.
fn fill(record: &mut ByteRecord, row: &[PyBackedStr]) {
    record.clear();
    for field in row {
        record.push_field(field.as_bytes());
    }
}

/// Cleans one row (its fields, as str) into a length-delimited Protobuf record.
/// Raises BadRow for a row the job rejects.
#[pyfunction]
fn encode_row<'py>(py: Python<'py>, row: Vec<PyBackedStr>) -> PyResult<Bound<'py, PyBytes>> {
    let mut record = ByteRecord::new();
    fill(&mut record, &row);
    let mut out = Vec::with_capacity(160);
    etl::encode_row(&record, &mut out).map_err(|reason| BadRow::new_err(reason.to_string()))?;
    Ok(PyBytes::new(py, &out))
}

// #region batch
/// Cleans many rows in one call: their records, concatenated in input order, and the
/// (index in `rows`, reason) of every row the job rejects.
#[pyfunction]
fn encode_rows<'py>(
    py: Python<'py>,
    rows: Vec<Vec<PyBackedStr>>, // borrows each str's UTF-8 bytes: no copy yet
) -> (Bound<'py, PyBytes>, Vec<(usize, String)>) {
    // Only Rust data from here on: detach, so other Python threads run meanwhile.
    let (records, rejected) = py.detach(|| {
        let (mut record, mut records, mut rejected) = (ByteRecord::new(), Vec::new(), Vec::new());
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
// #endregion batch

/// The GIL recordings' job (snippets/gil/python/gil_trace.py) for one chunk: `steps` steps
/// of the same 31-bit LCG, detached from the interpreter while it runs.
#[pyfunction]
fn run_chunk(py: Python<'_>, chunk_id: u32, steps: u32) -> u32 {
    py.detach(|| {
        let mut state = chunk_id;
        for _ in 0..steps {
            state = std::hint::black_box(state.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7FFF_FFFF);
        }
        state
    })
}

// #region module
/// Since PyO3 0.28 a module is declared safe for free-threaded Python unless it says
/// `#[pymodule(gil_used = true)]`: these functions share no state, so the default holds.
#[pymodule]
fn fastclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("BadRow", m.py().get_type::<BadRow>())?;
    m.add_function(wrap_pyfunction!(encode_row, m)?)?;
    m.add_function(wrap_pyfunction!(encode_rows, m)?)?;
    m.add_function(wrap_pyfunction!(run_chunk, m)?)?;
    Ok(())
}
// #endregion module
