//! `fastclean`: the e-mail clean-up from the ETL job as a Python extension module (PyO3 0.30).

use pyo3::prelude::*;

// #region function
/// Trims and lower-cases each address; `None` where it is not an e-mail.
#[pyfunction]
fn normalise_emails(py: Python<'_>, emails: Vec<String>) -> Vec<Option<String>> {
    // Plain Rust data from here on: detach so other Python threads keep running.
    py.detach(|| emails.iter().map(|email| normalise(email)).collect())
}
// #endregion function

fn normalise(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (user, domain) = email.split_once('@')?;
    let valid = !user.is_empty() && domain.contains('.');
    valid.then_some(email)
}

// #region module
/// Pure functions, no shared state: safe on free-threaded Python too.
#[pymodule(gil_used = false)]
fn fastclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(normalise_emails, m)?)?;
    Ok(())
}
// #endregion module
