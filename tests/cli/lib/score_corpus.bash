# tests/cli/lib/score_corpus.bash -- shared by seeds.sh and examples.sh: codes a
# corpus with `annals code --format jsonl`, scores it with shared/eval/score-events
# and checks root-level scores against a threshold file and boilerplate events == 0.
# The threshold file holds "f1 X" and "precision Y" lines (root level; both required).
# (Lives in lib/ so that the CMake glob tests/cli/*.sh does not run it as a test.)
#
# score_corpus NAME ANNALS_BINARY SCORER GOLD MIN_FILE INPUT...
# Prints the scores; returns 0 when they pass, 1 otherwise.
score_corpus() {
    local name=$1 bin=$2 scorer=$3 gold=$4 min_file=$5
    shift 5
    local tmp status f1 prec boiler
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
    read -r f1 prec boiler < <("$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["root"]["f1"], r["root"]["precision"], r["boilerplate_events"])' "$tmp/score.json")
    local min_f1 min_prec
    min_f1=$(awk '$1 == "f1" { print $2 }' "$min_file")
    min_prec=$(awk '$1 == "precision" { print $2 }' "$min_file")
    if [ -z "$min_f1" ] || [ -z "$min_prec" ]; then
        echo "FAIL $name: ${min_file##*/} must hold an 'f1 X' and a 'precision Y' line"
        return 1
    fi
    echo "$name: root F1 $f1 (minimum $min_f1), precision $prec (minimum $min_prec; ${min_file##*/}), boilerplate events $boiler"
    if ! "$py" -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$f1" "$min_f1"; then
        echo "FAIL $name: root F1 $f1 is below $min_f1"
        return 1
    fi
    if ! "$py" -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$prec" "$min_prec"; then
        echo "FAIL $name: root precision $prec is below $min_prec"
        return 1
    fi
    if [ "$boiler" != 0 ]; then
        echo "FAIL $name: $boiler boilerplate events (expected 0)"
        return 1
    fi
    echo "ok   $name"
    return 0
}
