"""The bytecode cache: importing a module stores its compiled bytecode in __pycache__."""
import os
import py_compile
import tempfile

with tempfile.TemporaryDirectory() as folder:
    os.chdir(folder)
    with open("rules.py", "w") as source:
        source.write("def with_vat(price, rate):\n    return price + price * rate\n")
    # #region cache
    # import does this too, silently
    cached = py_compile.compile("rules.py")
    print(cached)
    # #endregion cache
    os.chdir("/")
