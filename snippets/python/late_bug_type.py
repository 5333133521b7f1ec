# expect-exception: TypeError
"""A type bug that only shows when the line runs: CSV fields are strings, whatever the hint says."""
import csv
import io

PRICES = "sku,price\nA1,10.00\nB2,4.50\n"


# #region bug
def with_vat(price: float) -> float:
    return round(price * 1.2, 2)


rows = csv.DictReader(io.StringIO(PRICES))
for row in rows:
    # row["price"] is the str "10.00"
    print(with_vat(row["price"]))
# #endregion bug
