#!/usr/bin/env bash
# tests/cli/export.sh -- `annals export` (every format) and `annals import` against a store.
#
# usage: bash tests/cli/export.sh ANNALS_BINARY SOURCE_DIR
# Builds a store from tests/resources/export/corpus (two reports of one meeting, a report
# without date, URL or outlet) with `annals ingest`, which merges its stories, adds the
# rows of edge-cases.sql (an event without actors, date or place; a tab and quotes in
# a text), then checks each format's columns, values, empty ranges and the JSONL round
# trip with tests/cli/lib/export_check.py. Exit 0 passed, 1 failed, 77 skipped (no
# python3 or sqlite3).
set -u
bin=${1:?usage: export.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: export.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
for tool in python3 sqlite3; do
    command -v $tool > /dev/null || { echo "skipped: $tool is needed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
res=$src/tests/resources/export
"$bin" ingest "$res/corpus" --db "$tmp/store.db" --quiet --no-progress --no-summary > /dev/null ||
    { echo "FAIL: ingest of $res/corpus"; exit 1; }
sqlite3 "$tmp/store.db" < "$res/edge-cases.sql" || { echo "FAIL: adding the edge cases"; exit 1; }
exec python3 "$src/tests/cli/lib/export_check.py" "$bin" "$src" "$tmp"
