#!/usr/bin/env bash
# tests/cli/python.sh -- the tests of the Python package (python/tests, pytest) with
# Debian's /usr/bin/python3, against the libannals.so built beside ANNALS_BINARY:
# Coder against annals code, store records, and python3 -m annals.cluster on a
# LocalCluster of 2 worker processes. In a sanitizer build the Python process
# preloads the sanitizer runtimes (its own allocations are not leak-checked).
# Skipped (exit 77) when Debian's python3-pytest, -pandas, -dask or -distributed
# is missing (.ci/install-deps installs them).
#
# usage: bash tests/cli/python.sh ANNALS_BINARY SOURCE_DIR
set -u
bin=${1:?usage: python.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: python.sh ANNALS_BINARY SOURCE_DIR}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
lib=$(dirname "$bin")/libannals.so
py=/usr/bin/python3
if ! "$py" -c 'import pytest, pandas, dask, distributed' 2> /dev/null; then
    echo "skipped: $py lacks pytest, pandas, dask or distributed (apt-get install python3-pytest python3-pandas python3-dask python3-distributed)"
    exit 77
fi
[ -f "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
. "$src/tests/cli/lib/python_env.sh"
python_sanitizer_env "$lib"
cd "$src/python" || exit 1
ANNALS_LIB="$lib" ANNALS_BIN="$bin" PYTHONDONTWRITEBYTECODE=1 exec "$py" -m pytest -q -p no:cacheprovider tests
