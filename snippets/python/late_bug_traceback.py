"""Both late-bug samples compile to bytecode without complaint; the error comes only when they run."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

for name in ["late_bug_type.py", "late_bug_name.py"]:
    source = (HERE / name).read_text()
    compile(source, name, "exec")  # parses and compiles: no error here
    run = subprocess.run([sys.executable, str(HERE / name)], capture_output=True, text=True)
    print(f"{name}: compiled fine, then exit code {run.returncode}")
    print("  " + run.stderr.strip().splitlines()[-1])
