# expect-exception: TypeError
"""A type bug that only shows when the line runs: CSV fields are strings, whatever the hint says."""
import csv
import io

PRICES = "sku,cents\nA1,1000\nB2,450\n"


# #region bug
def with_vat(cents: int) -> int:
    return (cents * 120 + 50) // 100  # +20 %


rows = csv.DictReader(io.StringIO(PRICES))
for row in rows:
    # row["cents"] is the str "1000"
    print(with_vat(row["cents"]))
# #endregion bug
