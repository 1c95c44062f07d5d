#!/usr/bin/env bash
# tests/cli/compat_data.sh -- `annals code --dict` takes Goldstein values and
# quad classes from the --data folder's cameo-codes.tsv, as the default coder does.
#
# usage: bash tests/cli/compat_data.sh ANNALS_BINARY SOURCE_DIR
# Makes a data folder whose files link to the source tree's data/, except
# cameo-codes.tsv, a copy in which code 064 has quad class 4 and Goldstein -9.5;
# codes one sentence with the PETRARCH and TABARI test dictionaries, with that
# folder and with the default one. Then puts a quad class 7, then a Goldstein
# value "x" in the copy: each stops the run, naming the file and line.
set -u
bin=${1:?usage: compat_data.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: compat_data.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0
check() {
    local what=$1; shift
    if "$@"; then pass=$((pass + 1)); echo "ok   $what"; else fail=$((fail + 1)); echo "FAIL $what"; fi
}

mkdir "$tmp/data"
for f in "$src"/data/*; do ln -s "$f" "$tmp/data/$(basename "$f")"; done
rm "$tmp/data/cameo-codes.tsv"
awk -F'\t' 'BEGIN { OFS = "\t" } $1 == "064" { $3 = 4; $4 = -9.5 } { print }' "$src/data/cameo-codes.tsv" \
    > "$tmp/data/cameo-codes.tsv"
check "the copy differs on 064" bash -c "grep -q \$'^064\t06\t4\t-9.5\t' '$tmp/data/cameo-codes.tsv'"
echo "Arnor restored diplomatic ties with Gondor." > "$tmp/arnor.txt"

for dict in "petrarch:$src/tests/resources/compat/petrarch" "tabari:$src/tests/resources/compat/tabari/test.project"; do
    name=${dict%%:*}
    "$bin" code "$tmp/arnor.txt" --no-parse --dict "$dict" --data "$tmp/data" > "$tmp/$name.out" 2> "$tmp/$name.err"
    check "$name, --data: code 064 with the folder's values" \
        grep -q '"code":"064","root":"06","quad_class":4,"goldstein":-9.5' "$tmp/$name.out"
    "$bin" code "$tmp/arnor.txt" --no-parse --dict "$dict" --data "$src/data" > "$tmp/$name.def" 2> /dev/null
    check "$name, default data: code 064 with the default values" \
        grep -q '"code":"064","root":"06","quad_class":2,"goldstein":7.0' "$tmp/$name.def"
done

# a bad row of cameo-codes.tsv stops the run with its file and line, with --dict too
for bad in 'quad $1 == "064" { $3 = 7 }' 'goldstein $1 == "0311" { $4 = "x" }'; do
    what=${bad%% *}
    awk -F'\t' "BEGIN { OFS = \"\t\" } ${bad#* } { print }" "$src/data/cameo-codes.tsv" > "$tmp/data/cameo-codes.tsv"
    line=$(grep -nvF -f "$src/data/cameo-codes.tsv" "$tmp/data/cameo-codes.tsv" | cut -d: -f1)
    "$bin" code "$tmp/arnor.txt" --no-parse --dict "petrarch:$src/tests/resources/compat/petrarch" --data "$tmp/data" \
        > "$tmp/bad.out" 2> "$tmp/bad.err"
    status=$?
    check "bad $what row: exit status 2" test "$status" = 2
    check "bad $what row: reported as file:line" grep -qF "$tmp/data/cameo-codes.tsv:$line: expected CODE" "$tmp/bad.err"
done

echo "compat_data: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
