#!/usr/bin/env bash
# `bash toolchain/provision-cpython.sh 3.15`: an optimized (PGO+LTO) CPython for a Debian-like
# machine where `uv python install` cannot download one and the distribution has nothing newer
# than 3.11, without touching the system: Debian unstable's own build, with its own glibc, in
# ${XDG_CACHE_HOME:-$HOME/.cache}/rust-for-python-developers/cpython/3.15-sid/. Prints the
# interpreter's path as its last line of stdout; progress goes to stderr.
# `dpkg-deb -x` leaves dpkg's database alone; patchelf points the interpreter at the prefix's
# loader, and `--force-rpath` writes DT_RPATH, which also applies to what it loads later
# (lib-dynload's _ssl finds the prefix's OpenSSL).
set -euo pipefail

fail() {
  echo "provision-cpython: $*" >&2
  exit 1
}
minor="${1:-}"
[[ "$minor" =~ ^3\.[0-9]+$ ]] || fail "usage: provision-cpython.sh 3.15"
for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || fail "needs $tool (Debian or Ubuntu); elsewhere install CPython $minor with \`uv python install $minor\`"
done
[ "$(uname -m)" = x86_64 ] || fail "only x86_64 is set up here; install CPython $minor with \`uv python install $minor\`"
command -v flock >/dev/null || fail "needs flock (util-linux)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rust-for-python-developers/cpython"
prefix="$cache/$minor-sid"
python="$prefix/usr/bin/python$minor"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # one provisioning at a time: two test runs may start together
if [ -f "$prefix/.complete" ] && "$python" -c '' 2>/dev/null; then
  echo "$python"
  exit 0
fi
# The machine's own patchelf: unstable's 0.18.0 writes a python3.15 that crashes at start.
command -v patchelf >/dev/null || fail "needs patchelf: apt-get install patchelf"

# A private apt configuration: sid's package lists in the cache, the system's untouched.
apt_dir="$cache/apt-sid"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/sources"
cat >"$apt_dir/sources/sid.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
: >"$apt_dir/empty.list"
apt_options=(
  -o "Dir::Etc::sourcelist=$apt_dir/empty.list"
  -o "Dir::Etc::sourceparts=$apt_dir/sources"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir"
  -o "Dir::Cache::archives=$apt_dir/archives"
  -o Debug::NoLocking=1
  -o APT::Sandbox::User=root
  -o Acquire::Languages=none
  -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
  -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false
)
echo "provision-cpython: reading Debian unstable's package list" >&2
apt-get -qq "${apt_options[@]}" update >&2 || fail "apt-get update for Debian unstable failed (see above): is deb.debian.org reachable?"

# The interpreter, its standard library and headers (maturin and PyO3 read its sysconfig),
# and every shared library they load.
packages=(
  "python$minor" "python$minor-minimal" "libpython$minor-minimal" "libpython$minor-stdlib"
  "libpython$minor" "libpython$minor-dev"
  libc6 libexpat1 libffi8 libbz2-1.0 liblzma5 libzstd1 zlib1g libssl3t64 libsqlite3-0
  libuuid1 libncursesw6 libtinfo6 libreadline8t64 libgcc-s1 libmpdec4
)
debs="$apt_dir/debs-$minor"
rm -rf "$debs" && mkdir -p "$debs"
echo "provision-cpython: downloading python$minor and its libraries from Debian unstable" >&2
(cd "$debs" && apt-get -qq "${apt_options[@]}" download "${packages[@]}" >&2) \
  || fail "Debian unstable has no python$minor (or one of its libraries) to download (see above)"

# Unpacked in place: the interpreter's loader path is absolute, so the prefix cannot move.
rm -rf "$prefix" && mkdir -p "$prefix"
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$prefix"
done
libs="$prefix/usr/lib/x86_64-linux-gnu"
loader="$libs/ld-linux-x86-64.so.2"
patchelf --set-interpreter "$loader" --force-rpath --set-rpath "$libs" "$python" \
  || fail "patchelf could not point python$minor at the prefix's loader"
rm -rf "$debs"

# The modules a data job and uv need, each from a library of the prefix.
if ! "$python" -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib, decimal, uuid, hashlib, readline, venv' >&2; then
  rm -rf "$prefix"
  fail "the unpacked python$minor does not start or lacks a standard module (see above)"
fi
# Debian's postinst compiles the standard library; unpacking skips that, and without .pyc
# files every process (PYTHONDONTWRITEBYTECODE=1) would pay tenths of a second to start.
echo "provision-cpython: compiling python$minor's standard library" >&2
"$python" -m compileall -q -j 0 "$prefix/usr/lib/python$minor" >/dev/null || fail "compiling python$minor's standard library failed"
touch "$prefix/.complete"
echo "provision-cpython: $("$python" -VV | head -1) in $prefix" >&2
echo "$python"
