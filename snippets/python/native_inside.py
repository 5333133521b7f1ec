"""Much of "fast Python" is already native code that Python calls into."""
import csv
import inspect
import json.decoder
import math
import statistics


def written_in(fn):
    if inspect.isbuiltin(fn):  # a builtin_function_or_method: compiled C
        return "C"
    if inspect.isfunction(fn):  # a def with Python bytecode
        return "Python"
    return "?"


# #region native
for fn in [csv.reader, math.fsum,
           json.decoder.c_scanstring,
           statistics.mean]:
    name = f"{fn.__module__}.{fn.__name__}"
    print(f"{name:<22}{written_in(fn)}")
# #endregion native
