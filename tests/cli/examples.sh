#!/usr/bin/env bash
# tests/cli/examples.sh -- codes the bundled sample corpus (everything in
# examples/ but gold.jsonl and *.md, folders recursively) and scores it against examples/gold.jsonl
# with shared/eval/score-events: fails when root-level F1 or precision is below its
# floor in tests/cli/examples.min or any boilerplate string yields an event. Skipped
# (exit 77) when the scorer in ../shared is not there.
#
# usage: bash tests/cli/examples.sh ANNALS_BINARY SOURCE_DIR
set -u
bin=${1:?usage: examples.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: examples.sh ANNALS_BINARY SOURCE_DIR}
src=$(cd "$src" && pwd) || exit 1
scorer=$src/../shared/eval/score-events
if [ ! -f "$scorer" ]; then
    echo "skipped: the scorer $scorer was not found (shared/ is beside the repository only in the project's workplace and CI)"
    exit 77
fi
inputs=()
for f in "$src"/examples/*; do
    case ${f##*/} in gold.jsonl|*.md) ;; *) inputs+=("$f") ;; esac
done
. "$src/tests/cli/lib/score_corpus.bash"
score_corpus examples "$bin" "$scorer" "$src/examples/gold.jsonl" "$src/tests/cli/examples.min" "${inputs[@]}"
