# tests/cli/lib/score_corpus.bash -- shared by seeds.sh, examples.sh and devsets.sh:
# codes a corpus with `annals code --format jsonl`, scores it with
# shared/eval/score-events and checks the scores against a threshold file: "f1 X" and
# "precision Y" lines (root level; both required), optional "anchored_f1 X",
# "anchored_precision Y" and "boilerplate N" (most boilerplate events allowed, else 0).
# (Lives in lib/ so that the CMake glob tests/cli/*.sh does not run it as a test.)
#
# score_corpus NAME ANNALS_BINARY SCORER GOLD MIN_FILE INPUT...
# Prints the scores; returns 0 when they pass, 1 otherwise.
score_corpus() {
    local name=$1 bin=$2 scorer=$3 gold=$4 min_file=$5
    shift 5
    local tmp status
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" RETURN
    "$bin" code "$@" --format jsonl > "$tmp/out.jsonl" 2> "$tmp/err.txt"
    status=$?
    if [ "$status" -ge 2 ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err.txt"; then
        echo "FAIL $name: annals code exited with status $status"
        head -40 "$tmp/err.txt"
        return 1
    fi
    if [ "$status" = 1 ]; then
        echo "warning: $name: some inputs were rejected:"
        grep '^rejected: ' "$tmp/err.txt"
    fi
    echo "$name: $(wc -l < "$tmp/out.jsonl") events coded"
    local py=python3
    command -v python3 > /dev/null || { echo "FAIL $name: python3 is needed for the scorer"; return 1; }
    if ! "$py" "$scorer" "$gold" "$tmp/out.jsonl"; then echo "FAIL $name: the scorer failed"; return 1; fi
    "$py" "$scorer" "$gold" "$tmp/out.jsonl" --json > "$tmp/score.json" || return 1
    echo "$name scores (JSON): $(cat "$tmp/score.json")"
    # the threshold file: "f1 X" and "precision Y" (root level, required), optional
    # "anchored_f1 X", "anchored_precision Y" and "boilerplate N" (most boilerplate events
    # allowed; 0 when absent)
    if ! "$py" - "$tmp/score.json" "$min_file" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
mins = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) == 2:
        mins[f[0]] = float(f[1])
name, where = sys.argv[3], sys.argv[2].rsplit("/", 1)[-1]
if "f1" not in mins or "precision" not in mins:
    sys.exit(f"FAIL {name}: {where} must hold an 'f1 X' and a 'precision Y' line")
checks = [("root F1", r["root"]["f1"], mins["f1"]), ("root precision", r["root"]["precision"], mins["precision"])]
if "anchored_f1" in mins:
    checks.append(("anchored F1", r["anchored"]["f1"], mins["anchored_f1"]))
if "anchored_precision" in mins:
    checks.append(("anchored precision", r["anchored"]["precision"], mins["anchored_precision"]))
bad = False
for what, got, floor in checks:
    print(f"{name}: {what} {got} (minimum {floor}, {where})")
    if got < floor:
        print(f"FAIL {name}: {what} {got} is below {floor}")
        bad = True
most = int(mins.get("boilerplate", 0))
print(f"{name}: boilerplate events {r['boilerplate_events']} (at most {most})")
if r["boilerplate_events"] > most:
    print(f"FAIL {name}: {r['boilerplate_events']} boilerplate events (at most {most})")
    bad = True
sys.exit(1 if bad else 0)
PY
    then
        return 1
    fi
    echo "ok   $name"
    return 0
}
