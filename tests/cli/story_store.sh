#!/usr/bin/env bash
# tests/cli/story_store.sh -- stories in the store (docs/stories.md, docs/store.md):
#  1. a syndicated copy (the same article with other clutter) is one report with two
#     sources: stored with copy_of, no mentions of its own, its stories' n_sources 2,
#     also when the copy comes in a later ingest (the stories' other fields unchanged);
#  2. an ingest killed with SIGKILL mid-way leaves a consistent store that the next
#     ingest completes, with the same stories as one uninterrupted ingest;
#  3. a document without any date is stored with its stories (undated).
#
# usage: bash tests/cli/story_store.sh ANNALS_BINARY SOURCE_DIR
set -u
bin=${1:?usage: story_store.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: story_store.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; status=1; }
q() { sqlite3 "$1" "$2"; }
. "$src/tests/cli/lib/kill_when.sh"
consistent() {   # every event in an existing story; counts equal to the mentions
    q "$1" "SELECT (SELECT count(*) FROM events WHERE story_id IS NULL OR story_id NOT IN (SELECT id FROM story_events))
        || '|' || (SELECT count(*) FROM story_events s WHERE n_mentions <> (SELECT count(*) FROM events e WHERE e.story_id = s.id)
                   OR n_articles <> (SELECT count(DISTINCT doc_id) FROM events e WHERE e.story_id = s.id))"
}

# 1. a near-duplicate
art=$src/examples/corpus/04_us_russia_expulsions.txt
{ echo "Advertisement"; cat "$art"; } > "$tmp/copy_a.txt"
{ cat "$art"; echo "Share this story"; } > "$tmp/copy_b.txt"
"$bin" ingest "$tmp/copy_a.txt" "$tmp/copy_b.txt" --db "$tmp/copy.db" --no-summary --quiet || fail "ingest the copies"
got=$(q "$tmp/copy.db" "SELECT count(*) || '|' || count(copy_of) || '|' || (SELECT count(*) FROM document_sources WHERE doc_id = 1)
       || '|' || (SELECT count(*) FROM events WHERE doc_id = 2) || '|' || (SELECT min(n_sources) FROM story_events) FROM documents")
[ "$got" = "2|1|2|0|2" ] && ok "a syndicated copy is one report with two sources" \
    || fail "copies: documents|copies|sources of the original|events of the copy|min n_sources = $got, want 2|1|2|0|2"
# the copy in a later ingest: its original's stories only gain a source, fields unchanged
"$bin" ingest "$tmp/copy_a.txt" --db "$tmp/later.db" --no-summary --quiet || fail "ingest the original"
fields="SELECT group_concat(id || '|' || code || '|' || coalesce(src, '') || '|' || coalesce(tgt, '') || '|' || coalesce(date, '')
        || '|' || n_mentions || '|' || n_articles || '|' || coalesce(disagreements, ''), ' ') FROM story_events"
before=$(q "$tmp/later.db" "$fields")
"$bin" ingest "$tmp/copy_b.txt" --db "$tmp/later.db" --no-summary --quiet || fail "ingest the copy later"
got=$(q "$tmp/later.db" "SELECT min(n_sources) || '|' || max(n_sources) FROM story_events")
[ "$got" = "2|2" ] && [ "$(q "$tmp/later.db" "$fields")" = "$before" ] && ok "a copy ingested later: every story of the original gains its source" \
    || fail "a copy ingested later: n_sources min|max = $got, want 2|2, or the fields changed"

# a store made before events_block_story: opening it replaces the older index
q "$tmp/later.db" "DROP INDEX events_block_story; CREATE INDEX events_block ON events(root, coalesce(substr(src,1,3),''), coalesce(substr(tgt,1,3),''))"
"$bin" ingest "$tmp/copy_a.txt" --db "$tmp/later.db" --no-summary --quiet || fail "open a store with events_block"
got=$(q "$tmp/later.db" "SELECT group_concat(name) FROM sqlite_master WHERE name LIKE 'events_block%'")
[ "$got" = "events_block_story" ] && ok "a store with the older candidate index gets events_block_story" \
    || fail "candidate indexes after opening an older store: $got"

# 2. SIGKILL in the middle of an ingest, then the rest
inputs=("$src"/examples/corpus)
"$bin" ingest "${inputs[@]}" --db "$tmp/whole.db" --no-summary --quiet || fail "ingest the corpus"
n_docs=$(q "$tmp/whole.db" "SELECT count(*) FROM documents")
"$bin" ingest "${inputs[@]}" --db "$tmp/killed.db" --no-summary --quiet --batch 1 &
pid=$!
kill_when $pid 3 q "$tmp/killed.db" "SELECT count(*) FROM documents"
before=$(q "$tmp/killed.db" "SELECT count(*) FROM documents")
[ "$(consistent "$tmp/killed.db")" = "0|0" ] && ok "killed after $before of $n_docs documents: consistent" \
    || fail "the store after SIGKILL is not consistent: $(consistent "$tmp/killed.db")"
"$bin" ingest "${inputs[@]}" --db "$tmp/killed.db" --no-summary --quiet || fail "ingest after the kill"
part() { q "$1" "SELECT group_concat(m, ' ') FROM (SELECT story_id, d.hash || '/' || e.sentence_idx || '/' || e.code AS m
           FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY m) GROUP BY story_id" | sort; }
if [ "$(q "$tmp/killed.db" "SELECT count(*) FROM documents")" = "$n_docs" ] && [ "$(consistent "$tmp/killed.db")" = "0|0" ] &&
   [ "$(part "$tmp/killed.db")" = "$(part "$tmp/whole.db")" ]; then
    ok "the next ingest completes it: the same stories as one whole ingest"
else
    fail "after the kill and a second ingest the store differs from one whole ingest"
fi

# annals stories: filters, and no store made where none was
n_all=$("$bin" stories --db "$tmp/whole.db" | grep -c '^story ')
n_usa=$("$bin" stories --db "$tmp/whole.db" --actor USA | grep -c '^story ')
n_late=$("$bin" stories --db "$tmp/whole.db" --from 2099-01-01 2>/dev/null | grep -c '^story ')
if [ "$n_all" -gt "$n_usa" ] && [ "$n_usa" -gt 0 ] && [ "$n_late" = 0 ]; then
    ok "annals stories: $n_all stories, $n_usa with a USA actor, none from 2099"
else
    fail "annals stories filters: all $n_all, USA $n_usa, from 2099 $n_late"
fi
"$bin" stories --db "$tmp/none.db" 2>/dev/null
[ $? = 2 ] && [ ! -e "$tmp/none.db" ] && ok "annals stories on a missing store: status 2, nothing made" \
    || fail "annals stories on a missing store"

# 3. no date anywhere
printf 'Russia and China signed an agreement on gas supplies, the ministers said.\n' > "$tmp/undated.txt"
"$bin" ingest "$tmp/undated.txt" --db "$tmp/undated.db" --no-summary --quiet || fail "ingest an undated document"
got=$(q "$tmp/undated.db" "SELECT count(*) || '|' || count(date) || '|' || sum(n_mentions) FROM story_events")
case $got in
    [1-9]*'|0|'[1-9]*) ok "an undated document: undated stories ($got)" ;;
    *) fail "an undated document: stories|dated|mentions = $got" ;;
esac
exit $status
