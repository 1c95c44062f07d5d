#!/usr/bin/env bash
# tests/cli/devsets.sh -- codes the development gold sets of ../shared/eval (news-dev and
# stories: real articles with page clutter, hand-coded by the coding guide) and checks
# root and anchored scores against tests/cli/news-dev.min and tests/cli/stories.min, so
# that a change that costs events on real news fails. Skipped (exit 77) when ../shared
# is not beside the source tree.
#
# usage: bash tests/cli/devsets.sh ANNALS_BINARY SOURCE_DIR
set -u
bin=${1:?usage: devsets.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: devsets.sh ANNALS_BINARY SOURCE_DIR}
src=$(cd "$src" && pwd) || exit 1
eval_dir=$src/../shared/eval
if [ ! -f "$eval_dir/news-dev/gold.jsonl" ] || [ ! -f "$eval_dir/score-events" ]; then
    echo "skipped: $eval_dir/news-dev or score-events not found (shared/ is beside the repository only in the project's workplace and CI)"
    exit 77
fi
. "$src/tests/cli/lib/score_corpus.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for set in news-dev stories; do
    # each article as a JSON line with its id, text and publication date, as the set's README says
    python3 "$src/tools/gold_docs.py" "$eval_dir/$set/gold.jsonl" "$tmp/$set.jsonl" || exit 1
    score_corpus "$set" "$bin" "$eval_dir/score-events" "$eval_dir/$set/gold.jsonl" \
        "$src/tests/cli/$set.min" "$tmp/$set.jsonl" || status=1
done
exit $status
