# expect-exception: BadRow
"""Calling the ETL's Rust cleaning (the fastclean extension, snippets/pyo3) from Python:
a good row comes back as an encoded record, a bad one raises fastclean.BadRow."""

import fastclean

good_row = ["7", " Zoë  Müller ", "Zoe.Muller@Example.COM", "de",
            "2024-02-29T23:30:00-01:00", "1,234.5", "EUR", "gift   wrap"]
bad_row = good_row[:2] + ["zoe.muller@"] + good_row[3:]  # no domain
print("BadRow is a ValueError:", issubclass(fastclean.BadRow, ValueError))
# #region call
print(len(fastclean.encode_row(good_row)), "bytes")  # one encoded Order
fastclean.encode_row(bad_row)  # raises fastclean.BadRow: email
# #endregion call
