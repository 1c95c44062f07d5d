#!/usr/bin/env bash
# tests/cli/dicts.sh -- the dictionaries under data/ pass tools/check_dicts.py: headers,
# field counts, code shapes, date ranges, duplicate lines, and every verbs.txt code known
# to data/cameo-codes.tsv (a code the table lacks would silently code nothing).
#
# usage: bash tests/cli/dicts.sh ANNALS_BINARY SOURCE_DIR   (the binary is not used)
set -u
src=${2:?usage: dicts.sh ANNALS_BINARY SOURCE_DIR}
python3 "$src/tools/check_dicts.py"
