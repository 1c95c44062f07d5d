#!/usr/bin/env bash
# bench/ab.sh -- compares two builds on a noisy machine: runs the same
# benchmark from build folder A and build folder B alternately, N times each,
# and prints every pair, the mean of each side and the mean of the B/A ratios.
# On this project's shared VM the load of other tenants moves a single run by
# 10-15 % within minutes; alternating puts A and B under the same load, so a
# difference of a few percent becomes visible.
#
# usage: bash bench/ab.sh BUILD_A BUILD_B parse|code [N] [-- ARGS...]
#   parse: bench_parse --runs 7 ARGS  (figure: the best tag+parse run)
#   code:  bench_code CORPUS ARGS     (figure: sentences/second; the corpus is
#          /tmp/annals-ab-corpus.jsonl, made with bench/make_corpus.py if absent)
# Both builds read the models and dictionaries of the source folder this
# script is in (--models/--data are passed when the benchmark takes them).
set -euo pipefail
usage() { echo "usage: bash bench/ab.sh BUILD_A BUILD_B parse|code [N] [-- ARGS...]" >&2; exit 2; }
[ $# -ge 3 ] || usage
a=$1 b=$2 what=$3
shift 3
n=5
if [ $# -gt 0 ] && [ "$1" != "--" ]; then n=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
case $what in
    parse) exe=bench_parse ;;
    code) exe=bench_code ;;
    *) usage ;;
esac
for d in "$a" "$b"; do
    [ -x "$d/$exe" ] || { echo "ab.sh: $d/$exe not found (build it first)" >&2; exit 1; }
done
corpus=/tmp/annals-ab-corpus.jsonl
if [ "$what" = code ] && [ ! -s "$corpus" ]; then
    python3 bench/make_corpus.py "$corpus" > /dev/null
fi

# one run of build folder $1: prints its figure (sentences per second)
run() {
    if [ "$what" = parse ]; then
        "$1/bench_parse" --models data/models --runs 7 "${@:2}" | sed -n 's/.*best run \([0-9]*\) sentences.*/\1/p'
    else
        "$1/bench_code" "$corpus" "${@:2}" 2> /dev/null | awk '/^sentences\/second:/ { print $2 }'
    fi
}

fa=() fb=()
for ((i = 1; i <= n; i++)); do
    x=$(run "$a" "$@")
    y=$(run "$b" "$@")
    [ -n "$x" ] && [ -n "$y" ] || { echo "ab.sh: a run printed no figure" >&2; exit 1; }
    fa+=("$x") fb+=("$y")
    echo "pair $i: A $x  B $y"
done
python3 - "${fa[*]}" "${fb[*]}" <<'EOF'
import sys
a = [float(v) for v in sys.argv[1].split()]
b = [float(v) for v in sys.argv[2].split()]
ratios = [y / x for x, y in zip(a, b)]
print(f"mean A {sum(a) / len(a):.0f}  mean B {sum(b) / len(b):.0f} sentences/s; "
      f"B/A {sum(ratios) / len(ratios):.3f} (pairs from {min(ratios):.3f} to {max(ratios):.3f})")
EOF
