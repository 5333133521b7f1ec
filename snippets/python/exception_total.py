# Exceptions are invisible in the signature: nothing says total() can raise.


# #region exceptions
def total(row: str) -> int:
    fields = row.split(",")
    return sum(map(int, fields))
# #endregion exceptions


for row in ["3,4,5", "3,four,5"]:
    # #region caller
    try:
        print(row, total(row))
    except ValueError as e:
        print(row, type(e).__name__)
    # #endregion caller
