"""Dynamic typing: one function, no declared types, works for anything that supports `+`."""
from decimal import Decimal
from fractions import Fraction


# #region total
def total(values):
    result = 0
    for value in values:
        result = result + value
    return result


print(total([3, 4, 5]))
print(total([0.5, 0.25]))
print(total([Decimal("9.99"), Decimal("1")]))
print(total([Fraction(1, 3), Fraction(1, 6)]))
# #endregion total
