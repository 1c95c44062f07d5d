#!/usr/bin/env bash
# tests/cli/pg_store.sh -- the store on PostgreSQL (docs/store.md), against a real server
# started for the test (tests/cli/lib/pg_server.sh) and stopped at the end:
#  1. the same commands on an SQLite file and on a PostgreSQL database give the same
#     output: ingest (summary), code --db, stories (with filters), export in every
#     format, import into a second store and export again; a second ingest adds nothing;
#  2. versioned schema: schema_versions holds v5 on both (v4: PostgreSQL's full-text
#     index, v5: its data_version row), and a v3 database without them gets them, and
#     v4 and v5, when opened;
#  3. errors name the database without its password; `annals query` and `annals serve`
#     answer from the PostgreSQL store what they answer from the SQLite store of step 1,
#     for every answer, filter and format, pages walked by cursor, documents and stories
#     by id (tests/cli/lib/pg_query_check.py; q= compared as sets of events); POST
#     /api/v1/documents stores into PostgreSQL; with the database server stopped, GET and
#     POST answer 503, and once it is back 200 again; the answer cache: a timeline asked
#     again is the cached answer (the same bytes while the events table is renamed away,
#     when a timeline not asked before answers 500), and once another process has
#     ingested a document the next answer counts its events;
#  4. writers at once: 4 ingests into a new database create one schema; one ingest
#     killed with SIGKILL in the middle of a batch (it reads a FIFO, so where it stands
#     is known) leaves its committed batches, whole; then 4 ingests of overlapping
#     inputs and the killed one's rerun, all at once, end with the documents, events and
#     stories of one ingest;
#  5. the server goes away in the middle of an ingest (between batches, again fed by a
#     FIFO): a clear error (status 2); once it is back, the same ingest stores the rest,
#     as one ingest would have;
#  6. python3 -m annals.cluster (2 Dask worker processes, storing as they code) into PostgreSQL stores what one
#     annals ingest stores (skipped without Debian's python3-dask and -distributed).
#
# usage: bash tests/cli/pg_store.sh ANNALS_BINARY SOURCE_DIR
# Exit 0 passed, 1 failed, 77 skipped (no PostgreSQL server binaries, or no python3).
set -u -o pipefail
bin=${1:?usage: pg_store.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: pg_store.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
command -v python3 > /dev/null || { echo "skipped: python3 is needed"; exit 77; }
. "$src/tests/cli/lib/pg_server.sh"
. "$src/tests/cli/lib/kill_when.sh"
pg_start || exit $?
[ -z "${ANNALS_PG_KEEP:-}" ] || trap - EXIT   # ANNALS_PG_KEEP=1: leave the server and files to look at
tmp=$pg_dir/work
mkdir "$tmp" && chmod 755 "$tmp"
status=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; status=1; }
q() { pg_psql "$1" "$2"; }
# the store's name and the clock differ between the two runs: not what is compared
norm() {   # norm STORE_NAME
    local name
    name=$(printf '%s' "$1" | sed 's/[][\.*^$?+(){}|#&]/\\&/g')
    sed -E -e "s#$name#STORE#g" -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
        -e 's/\b20[0-9]{12}\b/TIME/g'   # GDELT's DATEADDED
}
run() { "$bin" "$@" 2> "$tmp/err"; }

# 1. one command line, two stores
lite=$tmp/lite.db
pg=$(pg_newdb same) || { fail "createdb"; exit 1; }
corpus=$src/examples/corpus
for db in "$lite" "$pg"; do
    tag=$([ "$db" = "$lite" ] && echo lite || echo pg)
    run ingest "$corpus" "$src/tests/resources/export/corpus" --db "$db" --no-progress | norm "$db" > "$tmp/$tag.ingest" ||
        fail "$tag: ingest: $(cat "$tmp/err")"
    run ingest "$corpus" --db "$db" --no-progress | norm "$db" > "$tmp/$tag.again"
    run code "$src/tests/resources/cli/finland_nato.txt" --db "$db" --no-summary > "$tmp/$tag.code" 2>&1 ||
        fail "$tag: code --db: $(cat "$tmp/err")"
    for args in "" "--actor KAZ" "--from 2022-01-01 --to 2022-12-31" "--min-reports 2"; do
        # shellcheck disable=SC2086
        "$bin" stories --db "$db" $args >> "$tmp/$tag.stories" 2>&1 || fail "$tag: stories $args: status $?"
    done
    for f in jsonl csv gdelt-events gdelt-mentions polecat plover-json; do
        run export --db "$db" --format $f | norm "$db" > "$tmp/$tag.$f" || fail "$tag: export $f: $(cat "$tmp/err")"
    done
done
[ -s "$tmp/pg.jsonl" ] && [ "$(wc -l < "$tmp/pg.jsonl")" -gt 50 ] || fail "the export from PostgreSQL is short: $(wc -l < "$tmp/pg.jsonl") rows"
same=0
for what in ingest again code stories jsonl csv gdelt-events gdelt-mentions polecat plover-json; do
    if cmp -s "$tmp/lite.$what" "$tmp/pg.$what"; then same=$((same + 1))
    else fail "$what differs between SQLite and PostgreSQL:"; diff "$tmp/lite.$what" "$tmp/pg.$what" | head -10; fi
done
[ "$same" = 10 ] && ok "ingest, code --db, stories and 6 export formats: the same output on SQLite and PostgreSQL"
grep -q "0 documents added, 17 already stored" "$tmp/pg.again" && ok "a second ingest adds nothing" ||
    fail "a second ingest: $(tail -1 "$tmp/pg.again")"

# import: the JSONL export of the first store into a store holding one of its documents
pg2=$(pg_newdb imported)
for db in "$tmp/lite2.db" "$pg2"; do
    tag=$([ "$db" = "$pg2" ] && echo pg || echo lite)
    run ingest "$corpus/01_almaty_unrest_csto.txt" --db "$db" --quiet --no-summary --no-progress
    "$bin" import --db "$db" "$tmp/lite.jsonl" > "$tmp/$tag.import" 2>&1 || fail "$tag: import: $(cat "$tmp/$tag.import")"
    run export --db "$db" --format jsonl | norm "$db" > "$tmp/$tag.reexport"
done
if cmp -s "$tmp/lite.import" "$tmp/pg.import" && cmp -s "$tmp/lite.reexport" "$tmp/pg.reexport" &&
   [ "$(q "$pg2" "SELECT count(*) FROM events")" -gt 50 ]; then
    ok "import, then export: the same on both ($(head -1 "$tmp/pg.import"))"
else
    fail "import differs:"; diff "$tmp/lite.import" "$tmp/pg.import"; diff "$tmp/lite.reexport" "$tmp/pg.reexport" | head -5
    wc -l "$tmp"/*.reexport "$tmp"/*.import
fi

# 2. versions
v_pg=$(q "$pg" "SELECT string_agg(version::text, ',') FROM schema_versions")
v_lite=$(sqlite3 "$lite" "SELECT group_concat(version) FROM schema_versions; PRAGMA user_version" 2> /dev/null | paste -sd/)
[ "$v_pg" = 5 ] && { [ "$v_lite" = "5/5" ] || ! command -v sqlite3 > /dev/null; } &&
    ok "schema_versions: $v_pg on PostgreSQL, ${v_lite:-?} (and user_version) on SQLite" ||
    fail "schema versions: PostgreSQL '$v_pg', SQLite '$v_lite'"
# a database of v3 (no full-text index, no data version) gets them, v4 and v5 when a
# writer opens it; the ingest's batch moves the data version (1 when made)
q "$pg2" "DROP INDEX events_evidence_fts; DROP TABLE data_version; UPDATE schema_versions SET version = 3 WHERE version = 5;
  DELETE FROM schema_versions WHERE version > 3"
run ingest "$corpus/01_almaty_unrest_csto.txt" --db "$pg2" --quiet --no-summary --no-progress
v_pg=$(q "$pg2" "SELECT string_agg(version::text, ',' ORDER BY version) || ' ' || (SELECT count(*) FROM pg_indexes
  WHERE indexname = 'events_evidence_fts' AND indexdef LIKE '%USING gin (to_tsvector(''simple''::regconfig%')
  || ' ' || (SELECT n FROM data_version) FROM schema_versions")
[ "$v_pg" = "3,4,5 1 2" ] && ok "a v3 PostgreSQL store opened by an ingest: migrated to v5, its GIN full-text index and data version made" ||
    fail "migrating a v3 PostgreSQL store: versions and index '$v_pg': $(cat "$tmp/err")"

# 3. errors
bad="postgresql://annals:s3cret@/no_such_db?host=$pg_dir"
"$bin" ingest "$corpus" --db "$bad" --no-summary > /dev/null 2> "$tmp/bad.err"
st=$?
if [ $st = 2 ] && grep -q "postgresql://annals@/no_such_db" "$tmp/bad.err" && ! grep -q s3cret "$tmp/bad.err"; then
    ok "a database that is not there: status 2, named without its password"
else
    fail "bad database: status $st: $(cat "$tmp/bad.err")"
fi
check_py() { python3 "$src/tests/cli/lib/pg_query_check.py" "$@" | tee -a "$tmp/check.out" | sed 's/^/  /'; }
check_py query "$bin" "$lite" "$pg" || fail "annals query on PostgreSQL and SQLite: answers differ (above)"
serve_on() {   # serve_on LOG ARGS...: starts annals serve; its URL in $url, its pid in $serve_pid
    "$bin" serve --port 0 --threads 2 --quiet "${@:2}" > "$1" 2>&1 &
    serve_pid=$!
    url=
    for _ in $(seq 1 300); do
        url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$1")
        [ -n "$url" ] && return 0
        kill -0 $serve_pid 2> /dev/null || break
        sleep 0.1
    done
    fail "annals serve ${*:2}: did not start: $(head -3 "$1")"
    return 1
}
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/token"
if serve_on "$tmp/serve_lite.log" --db "$lite" && lite_url=$url && lite_pid=$serve_pid &&
   serve_on "$tmp/serve_pg.log" --db "$pg" --token-file "$tmp/token"; then
    pg_url=$url
    grep -q "store postgresql:///same?host=" "$tmp/serve_pg.log" && ok "serve on PostgreSQL: ready, the store named in its line" ||
        fail "serve on PostgreSQL: $(cat "$tmp/serve_pg.log")"
    check_py serve "$lite_url" "$pg_url" || fail "annals serve on PostgreSQL and SQLite: answers differ (above)"
    check_py post "$pg_url" "$(cat "$tmp/token")" || fail "POST into PostgreSQL (above)"
    # the database server goes away and comes back
    status_of() { python3 "$src/tests/cli/lib/pg_query_check.py" status "$pg_url" "$1"; }
    post_status() {
        python3 "$src/tests/cli/lib/pg_query_check.py" status "$pg_url" /api/v1/documents "$(cat "$tmp/token")" \
            '{"id":"w1","text":"France criticized Spain on Monday.","date":"2024-05-06"}'
    }
    before=$(status_of "/api/v1/events?limit=1")
    pg_run pg_ctl -D "$pg_dir/data" -m immediate stop > /dev/null 2>&1
    away=$(status_of "/api/v1/events?limit=1"; status_of "/api/v1/events?limit=1"; status_of /api/v1/documents/1)
    away_post=$(post_status | cut -d' ' -f1)
    pg_restart || { fail "restarting the server"; exit 1; }
    back=$(for _ in 1 2 3 4; do status_of "/api/v1/events?limit=1"; done; status_of /api/v1/documents/1)
    back_post=$(post_status | cut -d' ' -f1)
    if [ "${before%% *}" = 200 ] && [ "$(printf '%s\n' "$away" | cut -d' ' -f1 | sort -u)" = 503 ] &&
       printf '%s\n' "$away" | grep -q "the database is unavailable; retry later: postgresql:///same" &&
       [ "$away_post" = 503 ] && [ "$(printf '%s\n' "$back" | cut -d' ' -f1 | sort -u)" = 200 ] && [ "$back_post" = 200 ] &&
       [ "$(q "$pg" "SELECT count(*) FROM documents WHERE name = 'w1'")" = 1 ]; then
        ok "the database server stopped: GET and POST answer 503 ('$(printf '%s\n' "$away" | head -1 | cut -c1-70)...');" \
           "started again: 200, the POST stored"
    else
        fail "server away and back: before '$before'; away '$away', POST $away_post; back '$back', POST $back_post"
    fi
    # the answer cache on PostgreSQL: asked twice, the second answer is the cached one (the
    # same bytes though the events are renamed away meanwhile, when a timeline not asked
    # before answers 500); another process ingests a document (its write transaction moves
    # the data version) and the next answer counts its events
    tl() { python3 "$src/tests/cli/lib/pg_query_check.py" timeline "$pg_url" "$1"; }
    first=$(tl "/api/v1/timeline?interval=day")
    q "$pg" "ALTER TABLE events RENAME TO events_away"
    again=$(tl "/api/v1/timeline?interval=day")
    other=$(tl "/api/v1/timeline?interval=week")
    q "$pg" "ALTER TABLE events_away RENAME TO events"
    printf '{"id":"cache_check","text":"Norway criticised Sweden on Monday.","date":"2024-03-04"}\n' > "$tmp/cache.jsonl"
    run ingest "$tmp/cache.jsonl" --db "$pg" --no-progress > "$tmp/cache.ingest" || fail "ingest while serving: $(cat "$tmp/err")"
    after=$(tl "/api/v1/timeline?interval=day")
    read -r _ _ n0 e0 <<< "$first"
    read -r _ _ n1 e1 <<< "$after"
    if [ "${first%% *}" = 200 ] && [ "$again" = "$first" ] && [ "${other%% *}" = 500 ] &&
       grep -q '1 documents added' "$tmp/cache.ingest" && [ "${after%% *}" = 200 ] &&
       [ "$n1" -gt "$n0" ] && [ "$e1" -gt "$e0" ]; then
        ok "answer cache on PostgreSQL: a timeline asked again is the cached answer;" \
           "after another process's ingest it counts $((n1 - n0)) more events ($n0 -> $n1)"
    else
        fail "answer cache on PostgreSQL: first '$first', again (events away) '$again'," \
             "another timeline '$other', after the ingest '$after': $(cat "$tmp/cache.ingest")"
    fi
    kill "$serve_pid" "$lite_pid"
    wait "$serve_pid" "$lite_pid"
fi

# 4. writers at once; first 4 of them on a new database, which each would create
fresh=$(pg_newdb fresh)
pids=()
for f in "$corpus"/0[1-4]_*; do
    "$bin" ingest "$f" --db "$fresh" --quiet --no-summary --no-progress 2>> "$tmp/fresh.err" &
    pids+=($!)
done
bad_exit=0
for p in "${pids[@]}"; do wait "$p" || bad_exit=$((bad_exit + 1)); done
got=$(q "$fresh" "SELECT (SELECT count(*) FROM documents) || ' documents, versions ' || string_agg(version::text, ',') FROM schema_versions")
[ "$bad_exit" = 0 ] && [ "$got" = "4 documents, versions 5" ] && ok "4 ingests at once into a new database: one schema, $got" ||
    fail "4 ingests into a new database: $bad_exit failed, $got: $(head -2 "$tmp/fresh.err")"
python3 "$src/tests/cli/lib/pg_corpus.py" "$src" "$tmp" > /dev/null || { fail "making the corpus"; exit 1; }
n_all=$(wc -l < "$tmp/all.jsonl")
one=$(pg_newdb one)
run ingest "$tmp/all.jsonl" --db "$one" --quiet --no-summary --no-progress || fail "the single writer: $(cat "$tmp/err")"
many=$(pg_newdb many)
# whole documents only: sentences and events as counted in the document row (a copy has none)
half_written="SELECT count(*) FROM documents d WHERE n_sentences <> (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id)
  OR (copy_of IS NULL AND n_events <> (SELECT count(*) FROM events e WHERE e.doc_id = d.id))"
consistent="SELECT (SELECT count(*) FROM events WHERE story_id IS NULL OR story_id NOT IN (SELECT id FROM story_events))
  || '|' || (SELECT count(*) FROM story_events s WHERE n_mentions <> (SELECT count(*) FROM events e WHERE e.story_id = s.id)
             OR n_articles <> (SELECT count(DISTINCT doc_id) FROM events e WHERE e.story_id = s.id))"
# feed N: the first N records of the corpus into the FIFO the ingest reads, then empty
# lines past its read buffer, so that it codes and stores them and then waits for more
feed() { { head -n "$1" "$tmp/all.jsonl"; head -c 400000 /dev/zero | tr '\0' '\n'; } >&3; }
mkfifo "$tmp/feed.jsonl" "$tmp/feed2.jsonl" || { fail "mkfifo"; exit 1; }
# 10 records in batches of 4: two committed, the third open (the writer lock held) when killed
"$bin" ingest "$tmp/feed.jsonl" --db "$many" --quiet --no-summary --no-progress --batch 4 &
pid=$!
exec 3> "$tmp/feed.jsonl"
feed 10 &
kill_when $pid 1 q "$many" "SELECT ((SELECT count(*) FROM documents) = 8 AND (SELECT count(*) FROM pg_locks
    WHERE locktype = 'advisory' AND granted) = 1)::int"
st=$?
exec 3>&-
kept=$(q "$many" "SELECT count(*) FROM documents")
if [ $st = 137 ] && [ "$kept" = 8 ] && [ "$(q "$many" "$half_written")" = 0 ] &&
   [ "$(q "$many" "$consistent")" = "0|0" ]; then
    ok "an ingest killed (SIGKILL) in its third batch: the 8 documents of two batches of 4, nothing half-written"
else
    fail "the killed ingest: status $st (137 wanted), $kept documents kept (8 wanted)," \
         "half-written $(q "$many" "$half_written"), story checks $(q "$many" "$consistent")"
fi
pids=()
for k in 0 1 2 3; do
    "$bin" ingest "$tmp/part$k.jsonl" --db "$many" --quiet --no-summary --no-progress --batch 3 &
    pids+=($!)
done
"$bin" ingest "$tmp/all.jsonl" --db "$many" --quiet --no-summary --no-progress --batch 4 &
pids+=($!)
bad_exit=0
for p in "${pids[@]}"; do wait "$p" || bad_exit=$((bad_exit + 1)); done
counts="SELECT (SELECT count(*) FROM documents) || ' documents, ' || (SELECT count(DISTINCT hash) FROM documents)
  || ' distinct, ' || (SELECT count(*) FROM sentences) || ' sentences, ' || (SELECT count(*) FROM events) || ' events, '
  || (SELECT count(*) FROM story_events) || ' stories, ' || (SELECT sum(n_mentions) FROM story_events) || ' mentions, '
  || (SELECT sum(n_articles) FROM story_events) || ' articles, ' || (SELECT sum(n_sources) FROM story_events) || ' sources'"
copies=$(q "$one" "SELECT count(copy_of) FROM documents")
[ "$copies" = 0 ] || fail "the corpus has $copies near-duplicates: which is the copy would depend on the order"
want=$(q "$one" "$counts")
got=$(q "$many" "$counts")
# which mentions make up each story, by document hash, sentence and code
part="SELECT string_agg(m, ' ' ORDER BY m) FROM (SELECT story_id, d.hash || '/' || e.sentence_idx || '/' || e.code AS m
  FROM events e JOIN documents d ON d.id = e.doc_id) x GROUP BY story_id ORDER BY 1"
echo "     one writer:       $want"
echo "     5 writers at once: $got"
if [ "$bad_exit" = 0 ] && [ "$got" = "$want" ] && [ "$(q "$many" "$half_written")" = 0 ] &&
   [ "$(q "$many" "$part")" = "$(q "$one" "$part")" ] &&
   [ "$(q "$many" "$consistent")" = "0|0" ]; then
    ok "4 ingests of overlapping inputs and the rerun of the killed one at once: the counts and stories of one ingest"
else
    fail "writers at once: $bad_exit exited non-zero; counts '$got', want '$want'"
fi

# 5. the server goes away and comes back
gone=$(pg_newdb gone)
# 10 records in batches of 2, all committed; the server stops; then the rest
"$bin" ingest "$tmp/feed2.jsonl" --db "$gone" --quiet --no-summary --no-progress --batch 2 2> "$tmp/gone.err" &
pid=$!
exec 3> "$tmp/feed2.jsonl"
feed 10 &
wait_for 10 q "$gone" "SELECT count(*) FROM documents"
pg_run pg_ctl -D "$pg_dir/data" -m immediate stop > /dev/null 2>&1
wait $!   # the feeder
tail -n +11 "$tmp/all.jsonl" >&3
exec 3>&-
wait $pid
st=$?
pg_restart || { fail "restarting the server"; exit 1; }
kept=$(q "$gone" "SELECT count(*) FROM documents")
"$bin" ingest "$tmp/all.jsonl" --db "$gone" --quiet --no-summary --no-progress --batch 2 2>> "$tmp/gone.err" ||
    fail "the ingest after the server came back: $(tail -1 "$tmp/gone.err")"
if [ $st = 2 ] && grep -q "annals: postgresql:///gone?host=.*: .*\(server closed\|terminat\|connection\)" "$tmp/gone.err" &&
   [ "$kept" = 10 ] && [ "$(q "$gone" "$counts")" = "$want" ] && [ "$(q "$gone" "$part")" = "$(q "$one" "$part")" ]; then
    ok "the server stopped after 10 documents: the next batch ends the ingest, status 2," \
       "'$(head -1 "$tmp/gone.err" | sed 's/.*: //')'; rerun after it is back: as one ingest"
else
    fail "server gone: status $st (2 wanted), $kept documents kept, then '$(q "$gone" "$counts")'; stderr: $(head -3 "$tmp/gone.err")"
fi

# 6. a Dask cluster run into PostgreSQL (docs/python.md): shards of 3 documents, stored by
#    the 2 workers that code them, at once; a rerun adds nothing; shards coded by a run into
#    SQLite (so never stored in PostgreSQL) are stored by the workers of the next run
lib=$(dirname "$bin")/libannals.so
cluster() {   # cluster OUT DB: runs annals.cluster on the corpus; its output in $tmp/dask.out
    ( . "$src/tests/cli/lib/python_env.sh"; python_sanitizer_env "$lib"
      cd "$src/python" && ANNALS_LIB=$lib PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m annals.cluster \
          --scheduler local:2 --shard-docs 3 "$corpus" --out "$1" --db "$2" ) > "$tmp/dask.out" 2>&1
}
stored_by_workers() {   # the documents the workers' progress lines say they added
    sed -n 's/.*stored by its worker: \([0-9]*\) added.*/\1/p' "$tmp/dask.out" | awk '{ n += $1 } END { print n + 0 }'
}
same_as_ref() { [ "$(q "$1" "$counts")" = "$(q "$ref" "$counts")" ] && [ "$(q "$1" "$part")" = "$(q "$ref" "$part")" ]; }
if /usr/bin/python3 -c 'import dask, distributed' 2> /dev/null && [ -f "$lib" ]; then
    dask=$(pg_newdb dask)
    ref=$(pg_newdb dask_ref)
    "$bin" ingest "$corpus" --db "$ref" --quiet --no-summary --no-progress
    cluster "$tmp/dask" "$dask"
    st=$?
    if [ $st = 0 ] && same_as_ref "$dask" && [ "$(stored_by_workers)" = 17 ]; then
        ok "python3 -m annals.cluster --db postgresql://...: $(q "$dask" "$counts" | cut -d, -f1,4,5), as annals ingest, stored by the workers"
    else
        fail "the cluster run into PostgreSQL: status $st, '$(q "$dask" "$counts")', want '$(q "$ref" "$counts")', $(stored_by_workers) stored by the workers: $(tail -3 "$tmp/dask.out")"
    fi
    cluster "$tmp/dask" "$dask"
    st=$?
    if [ $st = 0 ] && grep -q ': 0 documents added, 17 already stored' "$tmp/dask.out" && same_as_ref "$dask"; then
        ok "the cluster run again: 0 documents added, 17 already stored"
    else
        fail "the cluster rerun into PostgreSQL: status $st, '$(q "$dask" "$counts")': $(tail -3 "$tmp/dask.out")"
    fi
    coded=$(pg_newdb dask_coded)
    cluster "$tmp/dask2" "$tmp/dask2.db" && cluster "$tmp/dask2" "$coded"
    st=$?
    if [ $st = 0 ] && grep -q ': 17 documents added, 0 already stored' "$tmp/dask.out" && same_as_ref "$coded" &&
       [ "$(stored_by_workers)" = 17 ]; then
        ok "shards coded by an earlier run (into SQLite) stored by the workers: as annals ingest"
    else
        fail "shards coded earlier, stored into PostgreSQL: status $st, '$(q "$coded" "$counts")': $(tail -3 "$tmp/dask.out")"
    fi
else
    echo "skip the cluster run: no python3-dask/-distributed or no $lib"
fi
exit $status
