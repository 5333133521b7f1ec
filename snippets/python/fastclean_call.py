# expect-exception: BadRow
"""Calling the ETL's Rust cleaning (the fastclean extension, snippets/pyo3) from Python:
a good row comes back as an encoded record, a bad one raises fastclean.BadRow."""

import fastclean

# #region call
row = ["7", " zoë  MÜLLER ", "Zoe.Muller@Example.COM", "de",
       "2024-02-29T23:30:00-01:00", "1,234.5", "gift   wrap"]
record = fastclean.encode_row(row)  # bytes: one length-delimited Order
print(len(record), "bytes;", "BadRow is a ValueError:", issubclass(fastclean.BadRow, ValueError))
row[2] = "zoe.muller@"  # no domain
fastclean.encode_row(row)  # raises fastclean.BadRow: email
# #endregion call
