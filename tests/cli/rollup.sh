#!/usr/bin/env bash
# tests/cli/rollup.sh -- the event date index and the rollups (docs/store.md,
# "Rollups") on the sample corpus store.
#
# usage: bash tests/cli/rollup.sh ANNALS_BINARY SOURCE_DIR
# Ingests examples/corpus into a temp store and runs tests/cli/lib/rollup_check.py:
# events_day and the rollups equal what they count, recomputed from
# the events, after ingest and after events are deleted (a document and its
# events), changed (code, actors, score, date) and added and a document's date
# changes, and made when a store without rollup_pair, rollup_place and
# rollup_actor is opened; `annals query` answers every aggregate and date-sorted pages of
# events the same with the rollups as from the events alone (a copy of the
# store without them), and takes the answers it can from the rollups (a copy
# with altered rollups answers otherwise).
set -u
bin=${1:?usage: rollup.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: rollup.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
if ! command -v python3 > /dev/null; then
    echo "SKIP: python3 not found (it checks the rollups)"
    exit 77
fi
"$bin" ingest "$src/examples/corpus" --db sample.db --no-progress --no-summary > ingest.txt 2>&1 || {
    cat ingest.txt
    echo "FAIL annals ingest"
    exit 1
}
python3 "$src/tests/cli/lib/rollup_check.py" "$bin" sample.db "$src/data"
