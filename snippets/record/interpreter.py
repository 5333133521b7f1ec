"""The build is part of the record: which CPython a program ran on, and how busy the machine
was. Every recorder (the GIL traces, the boundary figures, the ETL benchmarks) stores this
beside its figures, so a number always names the interpreter that produced it.

    python snippets/record/interpreter.py    # prints {"interpreter": {...}, "loadAverage": [...]}

The same Python job is markedly faster on a build made with profile-guided optimisation
(PGO) and link-time optimisation (LTO), which distributions, the python.org installers and
uv's managed builds all are, than on a plain `./configure && make` (pyenv's default), so
the record says which one ran and how it knows. Runs on every CPython from 3.11 on.
"""

import gzip
import json
import os
import platform
import re
import sys
import sysconfig


def _config_flag(config_args, flag):
    """True when `./configure` had the flag (`--with-lto`, `--with-lto=full`), not `=no`."""
    for arg in config_args.split():
        arg = arg.strip("'\"")
        if arg == flag or (arg.startswith(flag + "=") and arg != flag + "=no"):
            return True
    return False


def _debian_package(base_prefix, minor):
    """Debian's package of this interpreter, from the changelog it ships beside it.

    Read from the files rather than asked of dpkg, so it also names a package unpacked into
    a private prefix (toolchain/provision-cpython.sh). The changelog's first line reads
    "python3.15 (3.15.2-1) unstable; urgency=medium".
    """
    for package in (f"python{minor}-minimal", f"python{minor}"):
        changelog = os.path.join(base_prefix, "share", "doc", package, "changelog.Debian.gz")
        try:
            with gzip.open(changelog, "rt", encoding="utf-8") as text:
                first = text.readline()
        except OSError:
            continue
        found = re.match(r"(\S+) \(([^)]+)\) ([^;]+);", first)
        if found:
            return {"package": package, "version": found.group(2), "suite": found.group(3).strip()}
    return None


def _origin(base_prefix, base_executable, minor):
    """Where the build came from: a distribution package, uv, pyenv, python.org, or unknown."""
    debian = _debian_package(base_prefix, minor)
    if debian:
        where = "" if base_prefix == "/usr" else ", unpacked in a private prefix"
        return {"kind": "debian", **debian,
                "description": f"Debian {debian['suite']} {debian['package']} {debian['version']}{where}"}
    path = base_executable.replace("\\", "/")
    if re.search(r"/uv/python/cpython-", path):
        return {"kind": "uv", "description": "uv's managed build (python-build-standalone)"}
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    if path.startswith(pyenv_root.replace("\\", "/") + "/versions/") or "/.pyenv/versions/" in path:
        return {"kind": "pyenv", "description": "pyenv (built from source on this machine)"}
    if "/Library/Frameworks/Python.framework/" in path or re.search(r"/Programs/Python/Python3\d+|/Python/pythoncore-3", path):
        return {"kind": "python.org", "description": "the python.org installer"}
    if os.path.isdir(os.path.join(base_prefix, "conda-meta")):
        return {"kind": "conda", "description": "a conda package"}
    return {"kind": "unknown", "description": f"unknown origin ({base_prefix})"}


def _optimization(config_args, origin):
    """Whether the build had PGO and LTO, and what says so.

    `./configure --enable-optimizations --with-lto` records both in CONFIG_ARGS (uv's
    builds, python.org's macOS installer, conda, a careful source build). Debian's packaging
    runs PGO and LTO from debian/rules (`make profile-opt` with LTO flags; its changelog:
    "Re-enable PGO/LTO builds", 3.12.2-5), so its CONFIG_ARGS show neither: for a Debian
    package on amd64 or arm64 the origin is the evidence. Elsewhere, unknown is None.
    """
    if config_args is not None:
        pgo, lto = _config_flag(config_args, "--enable-optimizations"), _config_flag(config_args, "--with-lto")
        if pgo and lto:
            return {"pgo": True, "lto": True, "optimizationSource": "CONFIG_ARGS"}
        if origin["kind"] == "debian" and platform.machine() in ("x86_64", "aarch64"):
            return {"pgo": True, "lto": True, "optimizationSource": "Debian's packaging (debian/rules)"}
        return {"pgo": pgo, "lto": lto, "optimizationSource": "CONFIG_ARGS"}
    if sys.platform == "win32" and origin["kind"] in ("python.org", "uv"):
        # No CONFIG_ARGS on Windows: release builds come from PCbuild's `build.bat --pgo`,
        # MSVC's profile-guided build, which implies whole-program (link-time) optimisation.
        return {"pgo": True, "lto": True, "optimizationSource": "the Windows release build (PCbuild --pgo)"}
    return {"pgo": None, "lto": None, "optimizationSource": None}


def interpreter():
    """This interpreter's build, as the recorders store it (lib/shared/interpreter.ts)."""
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    base_executable = getattr(sys, "_base_executable", sys.executable)
    config_args = sysconfig.get_config_var("CONFIG_ARGS")
    origin = _origin(sys.base_prefix, base_executable, minor)
    jit = getattr(sys, "_jit", None)
    return {
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "origin": origin,
        **_optimization(config_args, origin),
        "configArgs": config_args,
        "gilDisabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        # 3.14 and later: whether the build has the experimental JIT, and whether it is on.
        "jit": {"available": jit.is_available(), "enabled": jit.is_enabled()} if jit else None,
        "compiler": platform.python_compiler(),
        "executable": sys.executable,
        "baseExecutable": base_executable,
    }


def load_average():
    """The 1-, 5- and 15-minute load averages, or None where the system has none (Windows)."""
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except (AttributeError, OSError):
        return None


if __name__ == "__main__":
    json.dump({"interpreter": interpreter(), "loadAverage": load_average()}, sys.stdout, indent=1)
    sys.stdout.write("\n")
