"""Count the bytecode instructions CPython's evaluation loop runs to add up 1,000 numbers."""
import dis
import sys
from collections import Counter


# #region loop
def total(values):
    result = 0
    for value in values:
        result = result + value
    return result
# #endregion loop


executed = Counter()


def count_opcodes(frame, event, arg):
    if frame.f_code is total.__code__:
        frame.f_trace_opcodes = True
        if event == "opcode":
            executed[dis.opname[frame.f_code.co_code[frame.f_lasti]]] += 1
    return count_opcodes


sys.settrace(count_opcodes)
total(range(1000))
sys.settrace(None)

print(f"{sum(executed.values()):,} instructions for 1,000 additions")
width = max(len(opname) for opname in executed)
for opname, count in executed.most_common():
    print(f"  {opname:<{width}} {count:>5,}")
