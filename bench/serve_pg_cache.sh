#!/usr/bin/env bash
# bench/serve_pg_cache.sh -- `annals serve` on PostgreSQL with and without its answer
# cache (bench/README.md, "serve_pg_cache.sh").
#
# usage: bash bench/serve_pg_cache.sh [BUILD_DIR] [SENTENCES] [SECONDS]
# Starts a throwaway PostgreSQL server (tests/cli/lib/pg_server.sh: Debian's postgresql
# package, a unix socket in a temporary directory), ingests a corpus of about SENTENCES
# sentences (default 20,000: some 5,000 events; bench/make_corpus.py) into a new
# database, and runs BUILD_DIR/annals serve --threads 2 on it (default build/) twice,
# with the answer cache and with --no-cache, each time running bench_http with 32
# keep-alive clients for SECONDS (default 10) on the timeline of all events by month
# and on the network of all events. Prints bench_http's lines (requests/s, p50, p90,
# p99, max) for each. The server and its files are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sentences=${2:-20000}
secs=${3:-10}
src=$PWD
. tests/cli/lib/pg_server.sh
pg_start
db=$(pg_newdb bench)
work=$pg_dir/work
mkdir "$work" && chmod 755 "$work"
python3 bench/make_corpus.py "$work/corpus.jsonl" --sentences "$sentences" > /dev/null
"$build/annals" ingest "$work/corpus.jsonl" --db "$db" --no-progress --no-summary
echo "store: $(pg_psql "$db" "SELECT count(*) FROM documents") documents, $(pg_psql "$db" "SELECT count(*) FROM events") events on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')"
pid=
stop_serve() { [ -z "$pid" ] || { kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null || true; pid=; }; }
trap 'stop_serve; pg_stop' EXIT
for cache in "" --no-cache; do
    log=$work/serve$cache.log
    "$src/$build/annals" serve --db "$db" --port 0 --threads 2 --quiet $cache > "$log" 2>&1 &
    pid=$!
    port=
    for _ in $(seq 1 600); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
        [ -n "$port" ] && break
        kill -0 $pid 2> /dev/null || { cat "$log"; exit 1; }
        sleep 0.1
    done
    echo "annals serve ${cache:-(answer cache on)}:"
    echo "  timeline, all events by month:"
    "$src/$build/bench_http" "$port" 32 "$secs" "/api/v1/timeline" | sed 's/^/    /' || true
    echo "  network, all events (100 busiest dyads):"
    "$src/$build/bench_http" "$port" 32 "$secs" "/api/v1/network" | sed 's/^/    /' || true
    stop_serve
done
