"""Adaptive specialization (PEP 659, Python 3.11+): hot bytecode is rewritten for the types it sees."""
import dis


def with_vat(price, rate):
    return price + price * rate


# #region warmup
for _ in range(1000):
    with_vat(9.99, 0.2)  # always floats
dis.dis(with_vat, adaptive=True)
# #endregion warmup
