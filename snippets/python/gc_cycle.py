"""Reference counting frees an object at once; a reference cycle waits for the cycle collector."""
import gc
import weakref


class Row:
    def __init__(self, name):
        self.name = name
        self.other = None


gc.disable()  # no automatic collection during the demo: we trigger it ourselves
gc.collect()  # and start with no garbage left over from start-up

# #region refcount
row = Row("plain")
watch = weakref.ref(row)  # weak: no count
del row                   # count 0: freed
print("plain alive:", watch() is not None)
# #endregion refcount

# #region cycle
a, b = Row("a"), Row("b")
a.other, b.other = b, a   # a -> b -> a
watch = weakref.ref(a)
del a, b                  # counts stay at 1
print("cycle alive:", watch() is not None)
print("gc.collect() found:", gc.collect())
print("cycle alive:", watch() is not None)
print("thresholds:", gc.get_threshold())
# #endregion cycle
