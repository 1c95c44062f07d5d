#!/usr/bin/env bash
# bench/serve_load.sh -- load benchmark of `annals serve` (bench/README.md).
#
# usage: bash bench/serve_load.sh [BUILD_DIR] [EVENTS] [SECONDS] [--no-cache]
# Makes a store of EVENTS (default 1,000,000) generated events
# (bench/make_store.py; kept as /tmp/annals-load-EVENTS.db for the next run),
# starts BUILD_DIR/annals serve on it (default build/), and runs bench_http
# with 32 keep-alive clients for SECONDS (default 20) on each of: a filtered
# page of events (a dyad, a quad class and a year, cycling over 24 dyads),
# pages of events under broad filters (an actor, a root, a country),
# the timeline of all events by month, the network of all events, geo and
# actors of all events, a full-text search page. Prints the figures of each, and the server's peak
# resident memory (VmHWM) at the end. The server caches answers while the
# store does not change, so after the first of each request the figures are
# those of the cache; --no-cache makes it answer every request afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
events=${2:-1000000}
secs=${3:-20}
cache=${4:-}
store=/tmp/annals-load-$events.db
if [ ! -f "$store" ]; then
    "$build/annals" ingest examples/corpus --db "$store" --no-progress --no-summary
    python3 bench/make_store.py "$store" --events "$events"
fi
log=$(mktemp)
"$build/annals" serve --db "$store" --port 0 $cache > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null; rm -f "$log"' EXIT
port=
for _ in $(seq 1 18000); do      # opening builds the full-text index and rollups once: 10+ minutes for 1M events
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$port" ] && break
    kill -0 $pid 2> /dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
echo "store: $store ($(du -h "$store" | cut -f1)), server pid $pid, port $port, $(sed -n "s/.*, \([0-9]*\) threads)$/\1/p" "$log") threads"
pairs=(KAZGOV,RUSGOV RUSMIL,UKR CHN,USAGOV USA,IRNGOV TUR,ARMGOV UZBGOV,KGZ TJK,AFGOPP DEUGOV,FRA
       GBR,RUSBUS JPN,KORGOV MNG,CHNGOV AZE,ARMMIL IND,PAKMIL UKRGOV,BLR GEO,RUSGOV KGZ,TJKMIL
       IRN,USAMIL PAK,AFG FRAGOV,DEU KORGOV,JPN BLRGOV,UKRCVL ARM,AZEGOV TKM,KAZ)
paths=()
for i in "${!pairs[@]}"; do
    paths+=("/api/v1/events?dyad=${pairs[$i]}&quad=$(( i % 4 + 1 ))&from=$(( 2015 + i % 10 ))&to=$(( 2015 + i % 10 ))&limit=50")
done
echo "events, filtered page (dyad, quad class, year; 24 variants):"
"$build/bench_http" "$port" 32 "$secs" "${paths[@]}" || true     # errors are in its line
echo "events, broad filter pages (an actor, a root, a country; 6 variants):"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/events?actor=KAZ&limit=50" "/api/v1/events?actor=RUSGOV&quad=4&limit=50" \
    "/api/v1/events?root=04&limit=50" "/api/v1/events?root=19&from=2020&to=2020&limit=50" \
    "/api/v1/events?country=KAZ&limit=50" "/api/v1/events?src=USA&sort=-date&limit=50" || true
echo "timeline, all events by month:"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/timeline" || true
echo "network, all events (100 busiest dyads):"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/network" || true
echo "geo, all events:"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/geo" || true
echo "actors, all events:"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/actors" || true
echo "events, full-text search page:"
"$build/bench_http" "$port" 32 "$secs" "/api/v1/events?q=sanctioned%20AND%20KAZGOV&limit=50" || true
echo "server peak memory: $(grep VmHWM /proc/$pid/status | tr -s ' ')"
