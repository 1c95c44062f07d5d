#!/usr/bin/env bash
# tests/cli/bad_input.sh -- `annals code` and `annals ingest` on hostile inputs.
#
# usage: bash tests/cli/bad_input.sh ANNALS_BINARY SOURCE_DIR
# Builds, in a temp dir, a binary file, an empty file, text with invalid UTF-8,
# a 50 MB file with no newline (over the 16 MiB limit of one document), a
# missing path, a path that opens but cannot be read (a link to /proc/self/mem:
# EIO whoever runs the test; and a chmod 000 file when not run as root), HTML
# without a body, a JSONL file with one broken line between two good ones and
# one good article; codes them all in one run and checks the exit status (1),
# that the good inputs were coded, that every reject is named with a reason in
# the summary, and that nothing crashed or tripped a sanitizer. Then ingests the
# same good inputs twice into one store: the second run must add nothing.
set -u
bin=${1:?usage: bad_input.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: bad_input.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

. "$src/tests/cli/lib/check.bash"

# ---- the inputs ----------------------------------------------------------
{ head -c 4096 /dev/urandom; printf 'abc\0\0\0def\0'; head -c 1024 /dev/urandom; } > binary.bin
: > empty.txt
printf 'The Foreign Minister of France met the Foreign Minister of Germany in Paris on Monday.\n\xff\xfe\xc3\x28 France criticised Russia on Tuesday after the talks.\n' > invalid_utf8.txt
yes 'Lorem ipsum dolor sit amet consectetur ' | tr -d '\n' | head -c 52428800 > big.txt
printf '<html><head><title>x</title></head></html>\n' > nobody.html
printf '%s\n' \
    '{"id": "good1", "text": "France criticised Russia on Monday."}' \
    '{"id": "broken", "text": "this line stops in the middle' \
    '{"id": "good2", "text": "Germany met Poland in Warsaw on Tuesday."}' > mixed.jsonl
cp "$src/tests/resources/cli/finland_nato.txt" good.txt
ln -s /proc/self/mem ioerror.txt
rejects=(binary.bin empty.txt big.txt nobody.html missing/nothing.txt ioerror.txt)
inputs=(binary.bin empty.txt invalid_utf8.txt big.txt nobody.html mixed.jsonl good.txt missing/nothing.txt ioerror.txt)
if [ "$(id -u)" != 0 ]; then
    echo "secret" > unreadable.txt
    chmod 000 unreadable.txt
    inputs+=(unreadable.txt)
    rejects+=(unreadable.txt)
else
    echo "note: running as root, the chmod 000 case is left out (root reads it anyway; ioerror.txt stands in)"
fi

# ---- code them all in one run ---------------------------------------------
start=$(date +%s)
timeout 120 "$bin" code "${inputs[@]}" --format jsonl > out.jsonl 2> err.txt
status=$?
echo "annals code: exit status $status in $(( $(date +%s) - start )) s"
check "no timeout (120 s)" test "$status" != 124
check "no crash (status < 128)" test "$status" -lt 128
check "exit status 1 (some input rejected)" test "$status" = 1
check "no sanitizer report" no_sanitizer_report err.txt
check "good article coded" grep -q '"doc":"good"' out.jsonl
check "JSONL line 1 coded" grep -q '"doc":"good1"' out.jsonl
check "JSONL line 3 coded" grep -q '"doc":"good2"' out.jsonl
check "broken JSONL line not coded" bash -c '! grep -q "\"doc\":\"broken\"" out.jsonl'
check "invalid UTF-8 coded, not rejected" grep -q '"doc":"invalid_utf8"' out.jsonl
check "invalid UTF-8 written as U+FFFD" grep -q $'\xef\xbf\xbd' out.jsonl
check "invalid_utf8.txt not in the rejects" bash -c '! grep -q "^rejected: invalid_utf8.txt" err.txt'
check "good.txt not in the rejects" bash -c '! grep -q "^rejected: good.txt" err.txt'
if command -v python3 > /dev/null; then
    check "every stdout line is valid UTF-8 JSON" python3 -c '
import json, sys
with open("out.jsonl", "rb") as f:
    for n, line in enumerate(f, 1):
        json.loads(line.decode("utf-8"))'
fi
for r in "${rejects[@]}"; do
    check "summary names $r with a reason" grep -qE "^rejected: $r: .+" err.txt
done
check "summary names mixed.jsonl line 2 with a reason" grep -qE '^rejected: mixed.jsonl:2: .+' err.txt
check "50 MB file rejected for its size" grep -qE '^rejected: big.txt: .*larger than 16 MiB' err.txt
check "unreadable file rejected for the read error" grep -qE '^rejected: ioerror.txt: read error' err.txt
check "summary counts the documents coded" grep -qE '^documents coded: 4$' err.txt
if [ "$fail" -gt 0 ]; then
    echo "---- stderr ----"; head -60 err.txt
    echo "---- stdout (first 20 lines) ----"; head -20 out.jsonl
fi

# ---- ingest twice into the same store ----------------------------------------
printf '%s\n' \
    '{"id": "good1", "text": "France criticised Russia on Monday."}' \
    '{"id": "good2", "text": "Germany met Poland in Warsaw on Tuesday."}' > good.jsonl
for run in 1 2; do
    "$bin" ingest good.txt good.jsonl --db store.db > ingest$run.out 2> ingest$run.err
    status=$?
    check "ingest run $run: exit status 0" test "$status" = 0
    check "ingest run $run: no sanitizer report" no_sanitizer_report ingest$run.err
done
check "ingest run 1 adds 3 documents" grep -qE '^store .*: 3 documents added' ingest1.out
check "ingest run 2 adds 0 documents" grep -qE '^store .*: 0 documents added, 3 already stored' ingest2.out
if command -v sqlite3 > /dev/null; then
    n=$(sqlite3 store.db 'SELECT count(*) FROM documents')
    check "store holds 3 documents after two runs (sqlite3: $n)" test "$n" = 3
else
    echo "note: sqlite3 CLI not installed, checked the summary lines only"
fi
if [ "$fail" -gt 0 ]; then
    for f in ingest1.out ingest1.err ingest2.out ingest2.err; do echo "---- $f ----"; head -30 "$f"; done
fi

echo "bad_input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
