"""When the types change, specialized bytecode falls back to the generic, adaptive form."""
import dis
from decimal import Decimal


def with_vat(price, rate):
    return price + price * rate


for _ in range(1000):
    with_vat(9.99, 0.2)  # specialized for floats first, as in specialize_warmup.py

# #region deopt
price, rate = Decimal("9.99"), Decimal("0.2")
for _ in range(1000):
    with_vat(price, rate)
dis.dis(with_vat, adaptive=True)
# #endregion deopt
