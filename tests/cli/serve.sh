#!/usr/bin/env bash
# tests/cli/serve.sh -- `annals query` and `annals serve` on the sample corpus store.
#
# usage: bash tests/cli/serve.sh ANNALS_BINARY SOURCE_DIR
# Ingests examples/corpus into a temp store, gives it stories by SQL when it
# has none (tests/resources/stories-contract/), starts `annals serve --port 0`
# on it (read-only), and runs tests/cli/lib/serve_api.py against it: every
# endpoint (stories too), each filter against the same question asked of the store with
# Python's sqlite3, pagination, formats, bad parameters (400 naming the
# parameter), SQL injection attempts, paths outside web/, methods, the
# OpenAPI description, keep-alive. Then a second server with --token-file on a copy made
# before the stories: stories 404, POST without and with the token, a body
# over --max-body. A server with --max-connections 3: with 3 connections open
# a request gets 200, with 4 it gets 503 and Retry-After at once. While a server runs, `annals
# ingest` adds a document to its store (WAL) and the server answers with it,
# though it had answered the same request before (the answer cache follows the
# store's data version).
# Each server must stop on SIGTERM within 5 s with status 0 and no
# sanitizer report. `annals query` must print what the server answers.
set -u
bin=${1:?usage: serve.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: serve.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1

. "$src/tests/cli/lib/check.bash"

if ! command -v python3 > /dev/null; then
    echo "SKIP: python3 not found (it checks the API's answers)"
    exit 77
fi

"$bin" ingest "$src/examples/corpus" --db sample.db --no-progress > ingest.txt 2>&1
check "sample store ingested" test -s sample.db
# post.db: the store as ingest leaves it; sample.db: with stories (the contract's tables
# filled by SQL when the store has none of its own)
cp sample.db post.db
check "stories fixture" python3 "$src/tests/cli/lib/serve_api.py" fixture sample.db "$src"

# start_server LOG ARGS...: starts annals serve in the background, waits for its
# "listening on" line; sets port and server_pid.
start_server() {
    local log=$1
    shift
    "$bin" serve "$@" --port 0 > "$log" 2> "$log.err" &
    server_pid=$!
    pids+=("$server_pid")
    port=
    for _ in $(seq 1 200); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.1
    done
    echo "server did not start:"; cat "$log" "$log.err"
    return 1
}

# stop_server LOG: SIGTERM, then status 0 within 5 s and a clean stderr.
stop_server() {
    local log=$1 status=0 waited=0
    kill -TERM "$server_pid"
    while kill -0 "$server_pid" 2> /dev/null && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$server_pid" 2> /dev/null; then
        bad "server stops within 5 s of SIGTERM"
        kill -KILL "$server_pid"
        return
    fi
    wait "$server_pid"; status=$?
    check "server stopped by SIGTERM exits 0 (got $status)" test "$status" = 0
    check "server stderr has no sanitizer report" no_sanitizer_report "$log.err"
}

# ---- read-only server ------------------------------------------------------
if start_server ro.log --db sample.db --web "$src/web"; then
    ok "read-only server started on port $port"
    check "read-only server listens on loopback" grep -q 'http://127.0.0.1:' ro.log
    cpus=$(getconf _NPROCESSORS_ONLN)
    check "a thread a CPU by default (at least 2)" grep -q ", $(( cpus < 2 ? 2 : cpus > 64 ? 64 : cpus )) threads)" ro.log
    python3 "$src/tests/cli/lib/serve_api.py" read "http://127.0.0.1:$port" sample.db "$bin" "$src"
    st=$?
    if [ "$st" = 0 ]; then ok "API checks (read-only)"; else bad "API checks (read-only): see FAIL lines above"; fi

    # WAL: annals ingest writes while the server reads; the new events show up
    # (asked before, so its answer is cached: the ingest must make it stale)
    check "no events from NOR yet" python3 "$src/tests/cli/lib/serve_api.py" wal "http://127.0.0.1:$port" 0
    printf '{"id":"wal_check","text":"Norway criticised Sweden on Monday.","date":"2024-03-04"}\n' > wal.jsonl
    "$bin" ingest wal.jsonl --db sample.db --no-progress > wal.txt 2>&1
    check "ingest writes while the server runs" grep -q '1 documents added' wal.txt
    check "the server answers with the new events" python3 "$src/tests/cli/lib/serve_api.py" wal "http://127.0.0.1:$port" 1
    stop_server ro.log
else
    bad "read-only server started"
fi

# ---- the same answers on the command line -----------------------------------
"$bin" query --db sample.db --dyad KAZGOV,RUSGOV --directed 0 --limit 5 > q.json
check "annals query: dyad filter, JSON" python3 -c '
import json
d = json.load(open("q.json"))
assert d["count"] >= 1 and all({e["src"][:6], e["tgt"][:6]} == {"KAZGOV", "RUSGOV"} for e in d["events"]), d'
"$bin" query --db sample.db timeline --format csv > t.csv
check "annals query: timeline CSV has a header" grep -q '^t,quad_class,n,mean_goldstein' t.csv
"$bin" query --db sample.db --limit 0 2> bad.txt; st=$?
check "annals query: bad limit is status 2" test "$st" = 2
check "annals query: message names the parameter" grep -q '^annals query: limit:' bad.txt
"$bin" query --db sample.db document 999999 2> nf.txt; st=$?
check "annals query: no such document is status 1" test "$st" = 1
"$bin" query --db nothere.db 2> nodb.txt; st=$?
check "annals query: missing store is status 2 with its name" bash -c "test $st = 2 && grep -q nothere.db nodb.txt"

# ---- server with a token ---------------------------------------------------
printf 'test-token-0123456789abcdef\n' > token.txt
if start_server rw.log --db post.db --token-file token.txt --max-body 4096 --web "$src/web"; then
    ok "server with a token started"
    check "POST checks" python3 "$src/tests/cli/lib/serve_api.py" post "http://127.0.0.1:$port" test-token-0123456789abcdef post.db
    stop_server rw.log
else
    bad "server with a token started"
fi
# ---- a server at its connection limit answers 503 ---------------------------
if start_server busy.log --db sample.db --max-connections 3; then
    check "503 checks" python3 "$src/tests/cli/lib/serve_api.py" busy "$port" 3
    stop_server busy.log
else
    bad "server with --max-connections 3 started"
fi
printf 'short\n' > short.txt
"$bin" serve --db post.db --token-file short.txt --port 0 > /dev/null 2> short.err; st=$?
check "a token under 16 characters is refused (status 2)" test "$st" = 2
"$bin" serve --db missing.db --port 0 > /dev/null 2> missing.err; st=$?
check "serve: missing store is status 2" test "$st" = 2

echo "serve: $pass passed, $fail failed"
[ "$fail" = 0 ]
