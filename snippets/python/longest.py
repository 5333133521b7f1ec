# The same function in Python: no types, no lifetimes, and it just works.

# #region longest
def longest(a, b):
    return a if len(a) >= len(b) else b
# #endregion longest


print(longest("pandas", "polars and arrow"))
