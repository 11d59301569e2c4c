#!/usr/bin/env bash
# Creates (or refreshes) the Python virtualenv used by the compatibility tests
# (tests/compat.rs): the DataStax Python driver and cqlsh, pinned, so that the
# reference node is checked against clients we did not write.
#
# The venv lives in the cargo target dir ($CARGO_TARGET_DIR, default ./target)
# at pyenv/, so it is never committed and `cargo clean` removes it.
# Idempotent: re-running with the pins already installed does nothing but check.
#
# Usage: scripts/python-env.sh        (PYTHON=python3.11 to choose the interpreter)
set -euo pipefail

# Pins: cqlsh 6.1.x is Cassandra 4.1's cqlsh; driver 3.29.2 speaks protocol v4
# and ships manylinux wheels for CPython 3.11 (no C compiler needed).
# lz4 lets the driver negotiate frame compression, as most deployments do.
PINS=(
    "cassandra-driver==3.29.2"
    "cqlsh==6.1.3"
    "lz4==4.4.5"
)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in
    /*) ;;
    *) target="$root/$target" ;;
esac
venv="$target/pyenv"
python="${PYTHON:-python3}"

die() {
    echo "python-env: error: $*" >&2
    exit 1
}

command -v "$python" >/dev/null 2>&1 ||
    die "'$python' not found. Install Python 3 (>= 3.8, e.g. 'apt-get install python3 python3-venv') or set PYTHON=/path/to/python3."
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' ||
    die "$("$python" --version 2>&1) is too old: Python >= 3.8 is needed."
"$python" -c 'import venv, ensurepip' 2>/dev/null ||
    die "the Python 'venv' module (with ensurepip) is missing. On Debian/Ubuntu: apt-get install python3-venv"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    echo "python-env: creating virtualenv at $venv"
    rm -rf "$venv"
    mkdir -p "$target"
    "$python" -m venv "$venv" || die "could not create a virtualenv at $venv"
fi

pip=("$venv/bin/python" -m pip --disable-pip-version-check)
installed="$("${pip[@]}" freeze 2>/dev/null | grep -cixF -f <(printf '%s\n' "${PINS[@]}") || true)"
if [ "$installed" -eq "${#PINS[@]}" ]; then
    echo "python-env: $venv is up to date (${PINS[*]})"
else
    echo "python-env: installing ${PINS[*]} into $venv"
    "${pip[@]}" install --quiet --prefer-binary "${PINS[@]}" ||
        die "pip install failed (is PyPI reachable?)"
fi

"$venv/bin/python" -c 'import cassandra, cqlshlib, lz4' ||
    die "the packages are installed but do not import; delete $venv and re-run"
[ -x "$venv/bin/cqlsh" ] || die "cqlsh entry point missing in $venv/bin"
echo "python-env: ready: $venv/bin/python (cassandra-driver $("$venv/bin/python" -c 'import cassandra; print(cassandra.__version__)')), $venv/bin/cqlsh"
