#!/usr/bin/env bash
# tools/score_dev.sh -- codes the development gold sets of ../shared/eval (news-dev and
# stories) with annals, in the default mode and with --no-parse, scores them with
# eval/score-events and prints one Markdown table row per set and mode: root, strict and
# anchored precision / recall / F1, boilerplate events and anchored date accuracy.
#
# usage: bash tools/score_dev.sh [ANNALS_BINARY] [OUT_DIR]
#   defaults: build/annals, a temporary folder (the predictions are kept in OUT_DIR).
# Each gold article is given to annals as a JSON line by tools/gold_docs.py.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/annals}
out=${2:-$(mktemp -d)}
eval_dir=$src/../shared/eval
if [ ! -f "$eval_dir/score-events" ]; then
    echo "score_dev: $eval_dir/score-events not found (../shared is beside the repository in the project's workplace)" >&2
    exit 1
fi
mkdir -p "$out"
echo "| set | mode | root P / R / F1 | strict P / R / F1 | anchored P / R / F1 | boilerplate events | anchored date accuracy |"
echo "|---|---|---|---|---|---|---|"
for set in news-dev stories; do
    gold=$eval_dir/$set/gold.jsonl
    python3 "$src/tools/gold_docs.py" "$gold" "$out/$set-docs.jsonl"
    for mode in default no-parse; do
        args=()
        [ "$mode" = no-parse ] && args=(--no-parse)
        "$bin" code "$out/$set-docs.jsonl" --format jsonl --no-summary "${args[@]}" > "$out/$set-$mode.jsonl" || [ $? = 1 ]
        python3 "$eval_dir/score-events" "$gold" "$out/$set-$mode.jsonl" --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
f = lambda k: "%.3f / %.3f / %.3f" % (r[k]["precision"], r[k]["recall"], r[k]["f1"])
print("| %s | %s | %s | %s | %s | %d | %.2f |" % (sys.argv[1], sys.argv[2], f("root"), f("strict"),
      f("anchored"), r["boilerplate_events"], r["anchored"]["date_accuracy"] or 0))' "$set" "$mode"
    done
done
