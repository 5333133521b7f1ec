"""Much of "fast Python" is already native code that Python calls into."""
import csv
import inspect
import json.decoder
import math
import statistics

# #region native
print(inspect.isbuiltin(csv.reader))
print(inspect.isbuiltin(math.fsum))
print(json.decoder.c_scanstring is not None)
print(inspect.isfunction(statistics.mean))
# #endregion native
