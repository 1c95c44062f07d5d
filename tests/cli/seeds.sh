#!/usr/bin/env bash
# tests/cli/seeds.sh -- codes the shared seed articles ($2/../shared/seeds) and
# scores them against shared/eval/seeds/gold.jsonl: fails when root-level F1 or
# precision is below its floor in tests/cli/seeds.min or any boilerplate string
# yields an event. Skipped (exit 77) when ../shared is not beside the source tree.
#
# usage: bash tests/cli/seeds.sh ANNALS_BINARY SOURCE_DIR
set -u
bin=${1:?usage: seeds.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: seeds.sh ANNALS_BINARY SOURCE_DIR}
src=$(cd "$src" && pwd) || exit 1
shared=$src/../shared
if [ ! -d "$shared/seeds" ] || [ ! -f "$shared/eval/score-events" ]; then
    echo "skipped: $shared/seeds or $shared/eval/score-events not found (shared/ is beside the repository only in the project's workplace and CI)"
    exit 77
fi
. "$src/tests/cli/lib/score_corpus.bash"
score_corpus seeds "$bin" "$shared/eval/score-events" "$shared/eval/seeds/gold.jsonl" \
    "$src/tests/cli/seeds.min" "$shared/seeds"
