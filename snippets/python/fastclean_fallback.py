"""Calling the Rust extension from Python, with a pure-Python fallback.

`fastclean` is built from snippets/pyo3 with maturin; where it is not installed the same
function runs in Python, so callers never need to know which one they got.
"""


def _normalise_emails_py(emails: list[str]) -> list[str | None]:
    cleaned = []
    for email in emails:
        email = email.strip().lower()
        user, at, domain = email.partition("@")
        cleaned.append(email if at and user and "." in domain else None)
    return cleaned


# #region import
try:
    from fastclean import normalise_emails  # Rust, via PyO3
except ImportError:
    normalise_emails = _normalise_emails_py  # same contract, pure Python
# #endregion import

# #region call
print(normalise_emails(["  Ada@Example.ORG ", "grace@navy.mil", "not-an-email"]))
# #endregion call
print("backend:", "rust" if normalise_emails is not _normalise_emails_py else "python")
