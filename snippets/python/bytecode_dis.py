"""CPython compiles a function to bytecode first; `dis` prints it."""
import dis


# #region source
def with_vat(price, rate):
    return price + price * rate
# #endregion source


dis.dis(with_vat)
