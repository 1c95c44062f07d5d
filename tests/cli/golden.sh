#!/usr/bin/env bash
# tests/cli/golden.sh -- jq-style golden tests of the `annals` command line.
#
# usage: bash tests/cli/golden.sh ANNALS_BINARY SOURCE_DIR
# Every tests/cli/cases/NAME.args is one case: one argument per line (lines
# starting with '#' and empty lines are skipped), run from tests/resources/cli/
# as `ANNALS_BINARY ARGS... < NAME.in` (stdin is /dev/null without NAME.in).
# Checked: stdout equals NAME.out; the exit status equals NAME.status (0 when
# absent); each line of the optional NAME.err occurs in stderr (fixed string);
# no crash (status >= 128) and no sanitizer report on stderr.
# UPDATE_GOLDEN=1 rewrites the .out files from the current binary.
set -u
bin=${1:?usage: golden.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: golden.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
cases=$src/tests/cli/cases
res=$src/tests/resources/cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 failed=()
for argsfile in "$cases"/*.args; do
    name=$(basename "$argsfile" .args)
    argv=()
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in ''|'#'*) continue ;; esac
        argv+=("$line")
    done < "$argsfile"
    input=/dev/null
    [ -f "$cases/$name.in" ] && input=$cases/$name.in
    want_status=0
    [ -f "$cases/$name.status" ] && want_status=$(tr -d ' \n' < "$cases/$name.status")

    (cd "$res" && exec "$bin" "${argv[@]}") < "$input" > "$tmp/out" 2> "$tmp/err"
    status=$?

    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$tmp/out" "$cases/$name.out"
    fi
    why=""
    if [ "$status" -ge 128 ]; then
        why="crashed (status $status)"
    elif grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
        why="sanitizer report on stderr"
    elif [ "$status" != "$want_status" ]; then
        why="exit status $status, expected $want_status"
    elif [ ! -f "$cases/$name.out" ]; then
        why="no $name.out (run with UPDATE_GOLDEN=1 to create it)"
    elif ! cmp -s "$tmp/out" "$cases/$name.out"; then
        why="stdout differs from $name.out"
    elif [ -f "$cases/$name.err" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            [ -z "$line" ] && continue
            if ! grep -qF -- "$line" "$tmp/err"; then why="stderr lacks: $line"; break; fi
        done < "$cases/$name.err"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        echo "ok   $name"
    else
        fail=$((fail + 1))
        failed+=("$name")
        echo "FAIL $name: $why"
        echo "  command: (cd $res && $bin ${argv[*]}) < $input"
        if [ -f "$cases/$name.out" ] && ! cmp -s "$tmp/out" "$cases/$name.out"; then
            diff -u "$cases/$name.out" "$tmp/out" | head -40 | sed 's/^/  /'
        fi
        echo "  stderr:"; head -20 "$tmp/err" | sed 's/^/    /'
    fi
done

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed cases: ${failed[*]}"; exit 1; }
