/* SPDX-License-Identifier: MIT
** store/store.c -- the event store, in an SQLite file or a PostgreSQL database (db.h).
**
** One database: documents (keyed by the SHA-256 of their raw bytes), sentences,
** actors, events, story events, document sources and keys, the cameo_roots name
** table, schema_versions, the events_v view (and on PostgreSQL the data_version row
** every write transaction moves, db.c); the schema is written out in
** docs/store.md and once here, in both dialects ({tokens}, db.h). SQLite: WAL
** journal, synchronous=NORMAL, foreign keys on. Statements are prepared once at open
** and reused. Callers group documents with begin/commit (a writer's transaction:
** BEGIN IMMEDIATE, or on PostgreSQL BEGIN and the writer lock); each put_doc also runs
** inside a SAVEPOINT, so a document is stored whole or not at all, in a batch or not.
** Stories: a document that is a near-duplicate (SimHash) of a stored one adds a
** source; otherwise each of its events is matched against the stored mentions of its
** block and days (story/decide.c), story by story until one mention matches, and joins
** or opens a story before its row is written; touched stories are recomputed
** (story/fields.c) once per batch, before COMMIT (only n_sources when a copy's source
** is all that changed). Every database error becomes an annals error naming the
** database. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "annals/store.h"
#include "annals/output.h"
#include "annals/story.h"
#include "db.h"
#include "store_fts.h"

#define STORE_SCHEMA_VERSION 5
#define SCHEMA_VERSION_TEXT "5"   /* the same, for PRAGMA user_version */

/* The schema in both dialects: {tokens} are spelled per dialect by db.c (db.h). */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id {id},\n"
    "  hash {text} UNIQUE NOT NULL,\n"
    "  name {text}, path {text}, url {text}, outlet {text}, pub_date {text}, format {text}, text {text},\n"
    "  invalid_bytes {int}, dropped_lines {int}, n_sentences {int}, n_events {int},\n"
    "  ingested_at {text} NOT NULL DEFAULT ({now}),\n"
    "  simhash {text}, copy_of {int} REFERENCES documents(id));\n"
    "CREATE TABLE IF NOT EXISTS sentences(\n"
    "  doc_id {int} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  idx {int} NOT NULL, start {int} NOT NULL, \"end\" {int} NOT NULL, text {text},\n"
    "  PRIMARY KEY(doc_id, idx));\n"
    "CREATE TABLE IF NOT EXISTS actors(\n"
    "  code {text} PRIMARY KEY, country {text}, role {text});\n"
    "CREATE TABLE IF NOT EXISTS events(\n"
    "  id {id},\n"
    "  doc_id {int} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  sentence_idx {int} NOT NULL, code {text} NOT NULL, root {text} NOT NULL,\n"
    "  quad_class {int}, goldstein {real}, src {text}, tgt {text},\n"
    "  src_text {text}, tgt_text {text}, verb_text {text}, date {text}, place {text}, evidence {text},\n"
    "  confidence {real}, story_id {int}, src_off {int}, src_len {int}, tgt_off {int},\n"
    "  tgt_len {int}, verb_off {int}, verb_len {int}, keys {blob});\n"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(src, tgt);\n"
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);\n"
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);\n"
    "CREATE TABLE IF NOT EXISTS document_sources(\n"
    "  doc_id {int} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  url {text}, outlet {text}, name {text}, hash {text});\n"
    "CREATE INDEX IF NOT EXISTS document_sources_doc ON document_sources(doc_id);\n"
    /* backfill() looks reports up by hash at every open */
    "CREATE INDEX IF NOT EXISTS document_sources_hash ON document_sources(hash);\n"
    "CREATE TABLE IF NOT EXISTS story_events(\n"
    "  id {id}, code {text}, root {text}, quad_class {int}, goldstein {real},\n"
    "  src {text}, tgt {text}, src_text {text}, tgt_text {text}, date {text}, place {text},\n"
    "  n_mentions {int}, n_sources {int}, n_articles {int},\n"
    "  added_at {text}, updated_at {text}, disagreements {text});\n"
    "CREATE INDEX IF NOT EXISTS story_events_date ON story_events(date);\n"
    "CREATE INDEX IF NOT EXISTS events_story ON events(story_id);\n"
    /* a block's stories in order and each story's mentions with their days, from the
       index (ST_CAND_STORIES, ST_CAND); events_block was the same without story_id, date */
    "DROP INDEX IF EXISTS events_block;\n"
    "CREATE INDEX IF NOT EXISTS events_block_story ON events(root, coalesce(substr(src,1,3),''), coalesce(substr(tgt,1,3),''),"
    " story_id, date);\n"
    /* what story matching reads of a document, apart from its long text: reading a column
       stored after documents.text would follow the text's overflow pages */
    "CREATE TABLE IF NOT EXISTS document_keys(\n"
    "  doc_id {id} REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  original {int} NOT NULL, simhash {text}, keys {blob});\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh0 ON document_keys(substr(simhash,1,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh1 ON document_keys(substr(simhash,3,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh2 ON document_keys(substr(simhash,5,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh3 ON document_keys(substr(simhash,7,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh4 ON document_keys(substr(simhash,9,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh5 ON document_keys(substr(simhash,11,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh6 ON document_keys(substr(simhash,13,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh7 ON document_keys(substr(simhash,15,2), simhash, original);\n"
    "CREATE TABLE IF NOT EXISTS cameo_roots(root {text} PRIMARY KEY, name {text} NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS schema_versions(version {int} PRIMARY KEY, applied_at {text} NOT NULL DEFAULT ({now}));\n"
    "{view} events_v AS\n"
    "  SELECT e.*, d.name AS doc_name, d.url AS doc_url, d.pub_date AS doc_pub_date,\n"
    "         r.name AS root_name\n"
    "  FROM events e JOIN documents d ON d.id = e.doc_id\n"
    "  LEFT JOIN cameo_roots r ON r.root = e.root;\n";

/* The migrations: migration[v] takes a store of schema v - 1 to v (docs/store.md). A
** new store gets schema_sql at once; the tables added by a version come with it. */
static const char *const migration[STORE_SCHEMA_VERSION + 1] = {
    /* v2: events.confidence, NULL for events coded before it */
    [2] = "ALTER TABLE events ADD COLUMN confidence {real};\n",
    /* v3: the story columns, filled in by backfill() below */
    [3] = "ALTER TABLE documents ADD COLUMN simhash {text};\n"
          "ALTER TABLE documents ADD COLUMN copy_of {int} REFERENCES documents(id);\n"
          "ALTER TABLE events ADD COLUMN story_id {int};\n"
          "ALTER TABLE events ADD COLUMN src_off {int};\n"
          "ALTER TABLE events ADD COLUMN src_len {int};\n"
          "ALTER TABLE events ADD COLUMN tgt_off {int};\n"
          "ALTER TABLE events ADD COLUMN tgt_len {int};\n"
          "ALTER TABLE events ADD COLUMN verb_off {int};\n"
          "ALTER TABLE events ADD COLUMN verb_len {int};\n"
          "ALTER TABLE events ADD COLUMN keys {blob};\n",
    /* v4: PostgreSQL's full-text index (pg_fts_sql, made with the schema); nothing on
       SQLite, whose FTS5 index (fts.c) goes by its presence */
    [4] = NULL,
    /* v5: PostgreSQL's data version (pg_data_version_sql, made with the schema); nothing
       on SQLite, which has PRAGMA data_version */
    [5] = NULL,
};

/* PostgreSQL: the GIN index of the q= filter of the query module (src/lib/query/), over
** the words of the evidence of events as the 'simple' configuration reads them (lower
** case, no stemming, no stop words): the expression its queries use. */
static const char pg_fts_sql[] =
    "CREATE INDEX IF NOT EXISTS events_evidence_fts ON events USING GIN (to_tsvector('simple', coalesce(evidence, '')));\n"
    "CREATE INDEX IF NOT EXISTS events_tgt ON events(tgt);\n";

/* PostgreSQL: the store's data version (schema v5), one row that every write transaction
** moves (annals_db_begin, db.c) and annals serve watches for its answer cache. */
static const char pg_data_version_sql[] =
    "CREATE TABLE IF NOT EXISTS data_version(id {int} PRIMARY KEY CHECK (id = 1), n {int} NOT NULL);\n"
    "INSERT INTO data_version(id, n) VALUES(1, 0) ON CONFLICT DO NOTHING;\n"
    ANNALS_DB_BUMP_DATA_VERSION ";\n";

enum {
    ST_HAS, ST_DOC, ST_SENT, ST_ACTOR, ST_EVENT, ST_SP, ST_SP_RELEASE, ST_SP_ROLLBACK,
    ST_NEAR, ST_SOURCE, ST_DOC_KEYS, ST_GET_DOC_KEYS, ST_CAND_STORIES, ST_CAND, ST_NEW_STORY, ST_MOVE_STORY,
    ST_DROP_STORY, ST_SET_STORY, ST_STORY_MENTIONS, ST_STORY_SOURCES, ST_STORY_UPDATE, ST_STORY_SET_SOURCES,
    ST_DOC_STORIES, ST_COUNT
};

/* Ids are given here, max + 1 (what SQLite's rowid gives), in both dialects: writers
** take turns (annals_db_begin), and PostgreSQL then numbers as SQLite does. */
#define NEXT_ID(table) "(SELECT coalesce(max(id), 0) + 1 FROM " table ")"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_HAS] = "SELECT 1 FROM documents WHERE hash = ?1",
    [ST_DOC] = "INSERT INTO documents(id, hash, name, path, url, outlet, pub_date, format, text,"
               " invalid_bytes, dropped_lines, n_sentences, n_events, simhash, copy_of)"
               " VALUES(" NEXT_ID("documents") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
               " RETURNING id",
    [ST_SENT] = "INSERT INTO sentences(doc_id, idx, start, \"end\", text) VALUES(?1, ?2, ?3, ?4, ?5)",
    [ST_ACTOR] = "INSERT INTO actors(code, country, role) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING",
    [ST_EVENT] = "INSERT INTO events(id, doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt,"
                 " src_text, tgt_text, verb_text, date, place, evidence, confidence,"
                 " src_off, src_len, tgt_off, tgt_len, verb_off, verb_len, keys, story_id)"
                 " VALUES(" NEXT_ID("events") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                 " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    [ST_SP] = "SAVEPOINT put_doc",
    [ST_SP_RELEASE] = "RELEASE put_doc",
    [ST_SP_ROLLBACK] = "ROLLBACK TO put_doc",
    /* one covering index search a block; a copy's original is the first of those found */
    [ST_NEAR] = "SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,1,2) = ?1 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,3,2) = ?2 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,5,2) = ?3 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,7,2) = ?4 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,9,2) = ?5 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,11,2) = ?6 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,13,2) = ?7 AND original <> 0"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,15,2) = ?8 AND original <> 0",
    [ST_GET_DOC_KEYS] = "SELECT keys FROM document_keys WHERE doc_id = ?1",
    [ST_DOC_KEYS] = "INSERT INTO document_keys(doc_id, original, simhash, keys) VALUES(?1, ?2, ?3, ?4)",
    [ST_SOURCE] = "INSERT INTO document_sources(doc_id, url, outlet, name, hash) VALUES(?1, ?2, ?3, ?4, ?5)",
    /* the stories of the stored mentions that could be the same event: block (one
       orientation a call: an OR of both would keep the index to the root), then days
       (docs/stories.md); the report's date only for an undated mention */
    [ST_CAND_STORIES] = "SELECT DISTINCT c.story_id FROM events c"
                " WHERE c.root = ?1 AND coalesce(substr(c.src,1,3),'') = ?2 AND coalesce(substr(c.tgt,1,3),'') = ?3"
                " AND c.story_id IS NOT NULL AND c.id <> ?7 AND"
                " (CAST(?4 AS TEXT) IS NULL OR c.date BETWEEN ?4 AND ?5 OR (c.date IS NULL AND"
                "  (SELECT d.pub_date IS NULL OR d.pub_date BETWEEN ?4 AND ?6 FROM documents d WHERE d.id = c.doc_id)))",
    /* the mentions of one of them in the block and days, read until one is the same
       event; the report's date read for the rows returned only */
    [ST_CAND] = "SELECT c.story_id, c.doc_id, c.sentence_idx, c.src, c.tgt, c.code, c.root, c.date,"
                " (SELECT d.pub_date FROM documents d WHERE d.id = c.doc_id), c.place, c.keys, NULL, c.evidence"
                " FROM events c"
                " WHERE c.root = ?1 AND coalesce(substr(c.src,1,3),'') = ?2 AND coalesce(substr(c.tgt,1,3),'') = ?3"
                " AND c.story_id = ?8 AND c.id <> ?7 AND"
                " (CAST(?4 AS TEXT) IS NULL OR c.date BETWEEN ?4 AND ?5 OR (c.date IS NULL AND"
                "  (SELECT d.pub_date IS NULL OR d.pub_date BETWEEN ?4 AND ?6 FROM documents d WHERE d.id = c.doc_id)))",
    [ST_NEW_STORY] = "INSERT INTO story_events(id, added_at) VALUES(" NEXT_ID("story_events") ", {now}) RETURNING id",
    [ST_MOVE_STORY] = "UPDATE events SET story_id = ?1 WHERE story_id = ?2",
    [ST_DROP_STORY] = "DELETE FROM story_events WHERE id = ?1",
    [ST_SET_STORY] = "UPDATE events SET story_id = ?1 WHERE id = ?2",
    [ST_STORY_MENTIONS] = "SELECT doc_id, src, tgt, src_text, tgt_text, code, date, place, goldstein, quad_class"
                          " FROM events WHERE story_id = ?1 ORDER BY id",
    [ST_STORY_SOURCES] = "SELECT count(DISTINCT coalesce(outlet, url, hash)) FROM document_sources"
                         " WHERE doc_id IN (SELECT doc_id FROM events WHERE story_id = ?1)",
    [ST_STORY_UPDATE] = "UPDATE story_events SET code = ?2, root = ?3, quad_class = ?4, goldstein = ?5,"
                        " src = ?6, tgt = ?7, src_text = ?8, tgt_text = ?9, date = ?10, place = ?11,"
                        " n_mentions = ?12, n_sources = ?13, n_articles = ?14, disagreements = ?15,"
                        " updated_at = {now} WHERE id = ?1",
    [ST_STORY_SET_SOURCES] = "UPDATE story_events SET n_sources = ?2, updated_at = {now} WHERE id = ?1",
    [ST_DOC_STORIES] = "SELECT DISTINCT story_id FROM events WHERE doc_id = ?1 AND story_id IS NOT NULL",
};

struct annals_store {
    annals_db *db;
    const char *path;   /* for messages: annals_db_name */
    annals_db_stmt *st[ST_COUNT];
    bool in_batch;
    int64_t *touched; size_t n_touched, cap_touched;   /* stories to refresh after a document */
    annals_story_keys keys, cand_keys, doc_keys;   /* scratch */
    uint8_t blob[ANNALS_STORY_MAX_KEYS * 9];
    /* document keys of candidates, by doc_id modulo the size (a candidate's
       document is usually one of the last few read) */
    struct { int64_t doc_id; annals_story_keys keys; } *doc_cache;
};
#define STORE_DOC_CACHE 512

static int fill_roots(annals_store *s, annals_ctx *ctx)
{
    annals_db_stmt *st;
    int rc = annals_db_prepare(s->db, "INSERT INTO cameo_roots(root, name) VALUES(?1, ?2)"
                               " ON CONFLICT(root) DO UPDATE SET name = excluded.name", &st, ctx,
                               "preparing cameo_roots");
    for (int r = 1; r <= ANNALS_CAMEO_N_ROOTS && rc == 0; r++) {
        char code[3] = { (char)('0' + r / 10), (char)('0' + r % 10), '\0' };
        annals_db_bind_text(st, 1, code, 2);
        annals_db_bind_str(st, 2, annals_cameo_root_name(code));
        rc = annals_db_run(st, NULL, ctx, "filling cameo_roots");
    }
    annals_db_finalize(st);
    return rc < 0 ? rc : 0;
}

#define STORE_MIN_SHINGLES 20   /* shorter texts are not compared for near-duplicates */
/* Near-duplicates: at most 6 of 64 bits apart. Manku et al. use 3 for whole web
** pages; news texts are shorter (100-500 shingles), where a few words of other
** clutter already move 4 or 5 bits, while unrelated texts are about 32 apart. */
#define STORE_NEAR_BITS 6

static int backfill(annals_store *s, annals_ctx *ctx);   /* below: it uses the story code */
static int refresh_touched(annals_store *s, annals_ctx *ctx);

/* The schema version of the store: PRAGMA user_version on SQLite (its marker since v1),
** the highest of schema_versions on PostgreSQL; 0 for a new store. */
static int stored_version(annals_store *s, int64_t *version, annals_ctx *ctx)
{
    if (annals_db_kind_of(s->db) == ANNALS_DB_SQLITE) return annals_db_int(s->db, "PRAGMA user_version", version, ctx);
    int64_t exists;
    int rc = annals_db_int(s->db, "SELECT to_regclass('schema_versions') IS NOT NULL", &exists, ctx);
    if (rc == 0 && exists) rc = annals_db_int(s->db, "SELECT coalesce(max(version), 0) FROM schema_versions", version, ctx);
    else if (rc == 0) *version = 0;
    return rc;
}

/* Migrates a store of schema `version` (0: new) to STORE_SCHEMA_VERSION, inside the
** schema transaction, and records each version reached in schema_versions. */
static int migrate(annals_store *s, int64_t version, annals_ctx *ctx)
{
    int rc = 0;
    for (int64_t v = version + 1; version > 0 && v <= STORE_SCHEMA_VERSION && rc == 0; v++) {
        char what[64];
        snprintf(what, sizeof what, "migrating the schema to v%lld", (long long)v);
        if (migration[v]) rc = annals_db_exec(s->db, migration[v], ctx, what);
    }
    if (rc == 0) rc = annals_db_exec(s->db, schema_sql, ctx, "creating schema");
    if (rc == 0 && annals_db_kind_of(s->db) == ANNALS_DB_PG)
        rc = annals_db_exec(s->db, pg_fts_sql, ctx, "creating the full-text index");
    /* made in this transaction, which began before it: moved here for what it changes */
    if (rc == 0 && annals_db_kind_of(s->db) == ANNALS_DB_PG)
        rc = annals_db_exec(s->db, pg_data_version_sql, ctx, "creating the data version");
    if (rc == 0) rc = fill_roots(s, ctx);
    annals_db_stmt *st = NULL;
    if (rc == 0)
        rc = annals_db_prepare(s->db, "INSERT INTO schema_versions(version) VALUES(?1) ON CONFLICT DO NOTHING",
                               &st, ctx, "recording the schema version");
    /* a new store records its version; a migrated one each version it went through */
    for (int64_t v = version ? version + 1 : STORE_SCHEMA_VERSION; v <= STORE_SCHEMA_VERSION && rc == 0; v++) {
        annals_db_bind_int(st, 1, v);
        rc = annals_db_run(st, NULL, ctx, "recording the schema version");
    }
    if (rc == 0 && version == STORE_SCHEMA_VERSION) {   /* a store from before schema_versions */
        annals_db_bind_int(st, 1, version);
        rc = annals_db_run(st, NULL, ctx, "recording the schema version");
    }
    annals_db_finalize(st);
    return rc < 0 ? rc : 0;
}

int annals_store_open(annals_store **out, const char *path, annals_ctx *ctx)
{
    *out = NULL;
    annals_store *s = calloc(1, sizeof *s);
    if (!s) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
    int rc = annals_db_open(&s->db, path, ANNALS_DB_CREATE, ctx);
    if (rc < 0) { free(s); return rc; }
    s->path = annals_db_name(s->db);
    bool lite = annals_db_kind_of(s->db) == ANNALS_DB_SQLITE;
    int64_t version = 0;
    if (lite && ((rc = annals_db_exec(s->db, "PRAGMA journal_mode=WAL", ctx, "setting WAL journal")) < 0 ||
                 (rc = annals_db_exec(s->db, "PRAGMA synchronous=NORMAL", ctx, "setting synchronous")) < 0 ||
                 /* story matching reads back recent events and documents: keep 64 MiB of pages */
                 (rc = annals_db_exec(s->db, "PRAGMA cache_size=-65536", ctx, "setting the page cache")) < 0 ||
                 (rc = annals_db_exec(s->db, "PRAGMA foreign_keys=ON", ctx, "enabling foreign keys")) < 0)) {
        annals_store_close(s);
        return rc;
    }
    /* PostgreSQL: a store of this version is ready as it is: no writer lock to open it */
    if (!lite && (rc = stored_version(s, &version, ctx)) == 0 && version == STORE_SCHEMA_VERSION) {
        for (int i = 0; i < ST_COUNT && rc == 0; i++)
            rc = annals_db_prepare(s->db, stmt_sql[i], &s->st[i], ctx, "preparing statements");
        if (rc < 0) { annals_store_close(s); return rc; }
        *out = s;
        return 0;
    }
    /* the schema transaction is a writer's: two processes opening a new PostgreSQL store
       at once create it one after the other */
    if (rc < 0 || (rc = annals_db_begin(s->db, true, ctx)) < 0 || (rc = stored_version(s, &version, ctx)) < 0) {
        annals_store_close(s);
        return rc;
    }
    if (version > STORE_SCHEMA_VERSION) {
        rc = annals_error_set(ctx, ANNALS_EVERSION,
                              "%s: store schema v%lld, this build reads v%d", s->path,
                              (long long)version, STORE_SCHEMA_VERSION);
        annals_store_close(s);
        return rc;
    }
    sqlite3 *h = annals_db_sqlite(s->db);
    if ((rc = migrate(s, version, ctx)) < 0 ||
        /* SQLite only: the full-text index and the rollups (docs/store.md) */
        (lite && annals_store_fts_ensure(h) != SQLITE_OK &&
         (rc = annals_error_set(ctx, ANNALS_ERROR, "%s: creating the full-text index: %s", s->path, sqlite3_errmsg(h))) < 0) ||
        (lite && annals_store_rollup_ensure(h) != SQLITE_OK &&
         (rc = annals_error_set(ctx, ANNALS_ERROR, "%s: creating the rollups: %s", s->path, sqlite3_errmsg(h))) < 0)) {
        annals_store_close(s);
        return rc;
    }
    for (int i = 0; i < ST_COUNT && rc == 0; i++)
        rc = annals_db_prepare(s->db, stmt_sql[i], &s->st[i], ctx, "preparing statements");
    if (rc < 0 || (rc = backfill(s, ctx)) < 0 ||
        (lite && (rc = annals_db_exec(s->db, "PRAGMA user_version=" SCHEMA_VERSION_TEXT, ctx, "setting schema version")) < 0) ||
        (rc = annals_db_commit(s->db, ctx)) < 0) {
        annals_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

bool annals_store_lost(const annals_store *s)
{
    return annals_db_lost(s->db);
}

bool annals_store_is_uri(const char *path)
{
    return annals_db_is_uri(path);
}

const char *annals_store_name(const annals_store *s)
{
    return s->path;
}

void annals_store_close(annals_store *s)
{
    if (!s) return;
    if (s->in_batch && s->db) {
        if (refresh_touched(s, NULL) == 0) annals_db_commit(s->db, NULL);
        /* else the batch is rolled back below: never stories out of date */
    }
    for (int i = 0; i < ST_COUNT; i++) annals_db_finalize(s->st[i]);
    annals_db_close(s->db);   /* rolls back what is not committed */
    free(s->touched);
    free(s->doc_cache);
    free(s);
}

int annals_store_begin(annals_store *s, annals_ctx *ctx)
{
    if (s->in_batch) return 0;
    int rc = annals_db_begin(s->db, true, ctx);
    if (rc == 0) s->in_batch = true;
    return rc;
}

static void forget_doc_keys(annals_store *s)
{
    if (s->doc_cache) memset(s->doc_cache, 0, STORE_DOC_CACHE * sizeof *s->doc_cache);
}

int annals_store_commit(annals_store *s, annals_ctx *ctx)
{
    if (!s->in_batch) return 0;
    /* the batch's stories are brought up to date once, inside its transaction */
    int rc = refresh_touched(s, ctx);
    if (rc == 0) rc = annals_db_commit(s->db, ctx);
    if (rc == 0) s->in_batch = false;
    else {
        annals_db_rollback(s->db);   /* PostgreSQL keeps a failed transaction open */
        s->in_batch = false;
        forget_doc_keys(s);
    }
    return rc;
}

int annals_store_has_doc(annals_store *s, const char *hash, annals_ctx *ctx)
{
    annals_db_stmt *st = s->st[ST_HAS];
    annals_db_bind_str(st, 1, hash);
    return annals_db_run(st, NULL, ctx, "looking up a document");
}

/* Binds text, or NULL when s is NULL or n is 0. */
static void bind_text(annals_db_stmt *st, int i, const char *s, size_t n)
{
    annals_db_bind_text(st, i, s && n ? s : NULL, n);
}

static void bind_cstr(annals_db_stmt *st, int i, const char *s)
{
    bind_text(st, i, s, s ? strlen(s) : 0);
}

static void bind_range(annals_db_stmt *st, int i, const annals_doc *d, uint32_t off, uint32_t len)
{
    if (d->text && len && (uint64_t)off + len <= d->text_len) bind_text(st, i, d->text + off, len);
    else annals_db_bind_null(st, i);
}

/* Runs a statement that returns no rows (or whose rows are not wanted): 0 or < 0. */
static int run(annals_db_stmt *st, annals_ctx *ctx, const char *what)
{
    int rc = annals_db_run(st, NULL, ctx, what);
    return rc < 0 ? rc : 0;
}

static const char *format_name(annals_format f)
{
    switch (f) {
    case ANNALS_FMT_TEXT: return "text";
    case ANNALS_FMT_HTML: return "html";
    case ANNALS_FMT_JSONL: return "jsonl";
    default: return NULL;
    }
}

static int put_actor(annals_store *s, const char *code, annals_ctx *ctx)
{
    size_t n = strnlen(code, 16);
    if (!n) return 0;
    annals_db_stmt *st = s->st[ST_ACTOR];
    annals_db_bind_text(st, 1, code, n);
    annals_db_bind_text(st, 2, code, (n < 3 ? n : 3));
    if (n > 3) annals_db_bind_text(st, 3, code + 3, (n - 3 < 3 ? n - 3 : 3));
    else annals_db_bind_null(st, 3);
    return run(st, ctx, "storing an actor");
}

static void bind_keys(annals_db_stmt *st, int i, annals_store *s, const annals_story_keys *k)
{
    size_t n = annals_story_keys_pack(k, s->blob);
    if (n) annals_db_bind_blob(st, i, s->blob, n);
    else annals_db_bind_null(st, i);
}

static void col_keys(annals_db_stmt *st, int i, annals_story_keys *out)
{
    size_t n;
    const void *b = annals_db_col_blob(st, i, &n);
    if (b) annals_story_keys_unpack(b, n, out);
    else out->n = 0;
}

static const char *col_str(annals_db_stmt *st, int i)
{
    return annals_db_col_text(st, i);
}

static void col_copy(annals_db_stmt *st, int i, char *out, size_t cap)
{
    const char *t = annals_db_col_text(st, i);
    snprintf(out, cap, "%s", t ? t : "");
}

/* A mention from columns first.. of a row: doc_id, sentence_idx, src, tgt, code,
** root, date, pub_date (place and keys are the caller's). */
static void col_mention(annals_db_stmt *st, int first, annals_story_mention *m)
{
    memset(m, 0, sizeof *m);
    m->report = annals_db_col_int(st, first);
    m->sentence = (uint32_t)annals_db_col_int(st, first + 1);
    col_copy(st, first + 2, m->src, sizeof m->src);
    col_copy(st, first + 3, m->tgt, sizeof m->tgt);
    col_copy(st, first + 4, m->code, sizeof m->code);
    col_copy(st, first + 5, m->root, sizeof m->root);
    col_copy(st, first + 6, m->date, sizeof m->date);
    col_copy(st, first + 7, m->pub_date, sizeof m->pub_date);
}

/* Puts a story on the list to refresh (duplicates go when it is refreshed); a story
** whose mentions are unchanged, that only gained a source, goes on it as -id. */
static int touch(annals_store *s, int64_t story, bool sources_only, annals_ctx *ctx)
{
    if (sources_only) story = -story;
    if (s->n_touched && s->touched[s->n_touched - 1] == story) return 0;
    int64_t *nt = annals_grow(s->touched, &s->cap_touched, s->n_touched + 1, sizeof *nt, 16);
    if (!nt) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path);
    s->touched = nt;
    s->touched[s->n_touched++] = story;
    return 0;
}

static void day_string(int64_t days, char out[11])
{
    int y, m, d;
    annals_days_to_date(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y < 0 ? 0 : y > 9999 ? 9999 : y, m, d);
}

/* The stored keys of document doc_id, through the cache. 0 or < 0. */
static int doc_keys_of(annals_store *s, int64_t doc_id, const annals_story_keys **out, annals_ctx *ctx)
{
    if (!s->doc_cache && !(s->doc_cache = calloc(STORE_DOC_CACHE, sizeof *s->doc_cache)))
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path);
    size_t slot = (size_t)((uint64_t)doc_id % STORE_DOC_CACHE);
    *out = &s->doc_cache[slot].keys;
    if (s->doc_cache[slot].doc_id == doc_id) return 0;
    annals_db_stmt *st = s->st[ST_GET_DOC_KEYS];
    annals_db_bind_int(st, 1, doc_id);
    int rc = annals_db_step(st, ctx, "reading a document's keys");
    if (rc == 1) col_keys(st, 0, &s->doc_cache[slot].keys);
    else s->doc_cache[slot].keys.n = 0;
    annals_db_reset(st);
    if (rc < 0) { s->doc_cache[slot].doc_id = 0; return rc; }
    s->doc_cache[slot].doc_id = doc_id;
    return 0;
}

/* The parameters ST_CAND_STORIES and ST_CAND share: block ?1-?3, days ?4-?6
** (none when lo is NULL), the event that is no candidate ?7. */
static void bind_candidates(annals_db_stmt *st, const char *root, const char *src, const char *tgt,
                            const char *lo, const char *hi, const char *hi_pub, int64_t event_id)
{
    annals_db_bind_str(st, 1, root);
    annals_db_bind_str(st, 2, src);
    annals_db_bind_str(st, 3, tgt);
    if (lo) {
        annals_db_bind_str(st, 4, lo);
        annals_db_bind_str(st, 5, hi);
        annals_db_bind_str(st, 6, hi_pub);
    }
    annals_db_bind_int(st, 7, event_id);
}

/* The story of mention m (keys m->keys and m->doc_keys): it joins every stored
** story that has a mention annals_story_same() accepts (stories it bridges
** become one, the smallest id), or a new one; *story receives its id. event_id:
** the stored event to set it on (its own row is no candidate), or 0 for an event
** about to be inserted with it. */
static int assign_story(annals_store *s, int64_t event_id, const annals_story_mention *m, int64_t *story,
                        annals_ctx *ctx)
{
    annals_db_stmt *st = s->st[ST_CAND];
    char a[4] = { 0 }, b[4] = { 0 }, lo[11], hi[11], hi_pub[11];
    memcpy(a, m->src, strnlen(m->src, 3));
    memcpy(b, m->tgt, strnlen(m->tgt, 3));
    int64_t dlo, dhi;
    bool dated = annals_story_days(m, &dlo, &dhi);
    if (dated) {
        day_string(dlo - 1, lo);
        day_string(dhi + 1, hi);
        day_string(dhi + 4, hi_pub);     /* an undated candidate stands for [pub - 3, pub] */
    }
    int64_t *found = NULL;
    size_t n_found = 0, cap_found = 0;
    int rc = 0;
    bool oom = false;
    /* the candidate stories first, then each story's mentions until one is the same
       event: the rest of a story found need not be read */
    annals_db_stmt *cs = s->st[ST_CAND_STORIES];
    /* the reversed dyad only for symmetric acts (annals_story_compatible) */
    int turns = strcmp(a, b) && annals_story_symmetric_code(m->code) ? 2 : 1;
    for (int turn = 0; turn < turns && rc == 0; turn++) {
        bind_candidates(cs, m->root, turn ? b : a, turn ? a : b, dated ? lo : NULL, hi, hi_pub, event_id);
        while ((rc = annals_db_step(cs, ctx, "finding the stories of an event")) == 1) {
            int64_t story = annals_db_col_int(cs, 0);
            bool known = false;
            for (size_t i = 0; i < n_found && !known; i++) known = found[i] == story;
            if (known) continue;
            bind_candidates(st, m->root, turn ? b : a, turn ? a : b, dated ? lo : NULL, hi, hi_pub, event_id);
            annals_db_bind_int(st, 8, story);
            bool same = false;
            int mrc = 0;
            while (!same && (mrc = annals_db_step(st, ctx, "finding the stories of an event")) == 1) {
                annals_story_mention c;
                col_mention(st, 1, &c);
                c.place = annals_db_col_text(st, 9);
                if (!c.date[0])   /* the past year rule reads it of undated mentions only */
                    c.year = annals_story_past_year(col_str(st, 12) ? col_str(st, 12) : "", annals_db_col_bytes(st, 12), c.pub_date);
                if (!annals_story_compatible(m, &c)) continue;   /* before the keys are unpacked */
                col_keys(st, 10, &s->cand_keys);
                c.keys = &s->cand_keys;
                if ((mrc = doc_keys_of(s, c.report, &c.doc_keys, ctx)) < 0) break;
                same = annals_story_same(m, &c);
            }
            annals_db_reset(st);
            if (!same && mrc < 0) { rc = mrc; break; }
            if (!same) continue;
            int64_t *nf = annals_grow(found, &cap_found, n_found + 1, sizeof *nf, 8);
            if (!nf) { oom = true; break; }
            found = nf;
            found[n_found++] = story;
        }
        annals_db_reset(cs);
    }
    if (oom) { free(found); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path); }
    if (rc < 0) { free(found); return rc; }
    int64_t target;
    rc = 0;
    if (n_found == 0) {
        if ((rc = annals_db_run(s->st[ST_NEW_STORY], &target, ctx, "adding a story")) < 0) { free(found); return rc; }
        rc = 0;
    } else {
        target = found[0];
        for (size_t i = 1; i < n_found; i++) if (found[i] < target) target = found[i];
        for (size_t i = 0; i < n_found && rc == 0; i++) {
            if (found[i] == target) continue;
            annals_db_bind_int(s->st[ST_MOVE_STORY], 1, target);
            annals_db_bind_int(s->st[ST_MOVE_STORY], 2, found[i]);
            rc = run(s->st[ST_MOVE_STORY], ctx, "joining two stories");
            if (!rc) {
                annals_db_bind_int(s->st[ST_DROP_STORY], 1, found[i]);
                rc = run(s->st[ST_DROP_STORY], ctx, "joining two stories");
            }
        }
    }
    free(found);
    if (rc < 0) return rc;
    *story = target;
    if (event_id) {
        annals_db_bind_int(s->st[ST_SET_STORY], 1, target);
        annals_db_bind_int(s->st[ST_SET_STORY], 2, event_id);
        if ((rc = run(s->st[ST_SET_STORY], ctx, "setting an event's story")) < 0) return rc;
    }
    return touch(s, target, false, ctx);
}

/* Recomputes a story's fields and counts from its mentions (story/fields.c);
** a story with no mentions left is dropped. */
static int refresh_story(annals_store *s, int64_t story, annals_ctx *ctx)
{
    annals_db_stmt *st = s->st[ST_STORY_MENTIONS];
    annals_db_bind_int(st, 1, story);
    annals_story_input *in = NULL;
    char **strs = NULL;
    size_t n = 0, cap = 0, scap = 0;
    int rc;
    bool oom = false;
    while ((rc = annals_db_step(st, ctx, "reading a story's mentions")) == 1) {
        annals_story_input *ni = annals_grow(in, &cap, n + 1, sizeof *ni, 8);
        char **ns = annals_grow(strs, &scap, 7 * (n + 1), sizeof *ns, 56);
        if (ni) in = ni;
        if (ns) strs = ns;
        if (!ni || !ns) { oom = true; break; }
        annals_story_input *m = &in[n];
        memset(m, 0, sizeof *m);
        m->doc = annals_db_col_int(st, 0);
        const char **f[7] = { &m->src, &m->tgt, &m->src_text, &m->tgt_text, &m->code, &m->date, &m->place };
        for (int k = 0; k < 7; k++) {
            const char *t = col_str(st, k + 1);
            strs[7 * n + k] = t ? strdup(t) : NULL;
            if (t && !strs[7 * n + k]) oom = true;
            *f[k] = strs[7 * n + k];
        }
        m->goldstein = annals_db_col_double(st, 8);
        m->quad_class = (int)annals_db_col_int(st, 9);
        n++;
        if (oom) break;
    }
    annals_db_reset(st);
    int out_rc = 0;
    if (oom) out_rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path);
    else if (rc < 0) out_rc = rc;
    else if (n == 0) {
        annals_db_bind_int(s->st[ST_DROP_STORY], 1, story);
        out_rc = run(s->st[ST_DROP_STORY], ctx, "dropping an empty story");
    } else {
        annals_story_event ev;
        int64_t n_sources = 0;
        if ((out_rc = annals_story_fields(in, n, &ev, ctx)) == 0) {
            annals_db_stmt *q = s->st[ST_STORY_SOURCES];
            annals_db_bind_int(q, 1, story);
            rc = annals_db_run(q, &n_sources, ctx, "counting a story's sources");
            if (rc < 0) out_rc = rc;
            else {
                q = s->st[ST_STORY_UPDATE];
                annals_db_bind_int(q, 1, story);
                bind_cstr(q, 2, ev.code);
                bind_cstr(q, 3, ev.root);
                annals_db_bind_int(q, 4, ev.quad_class);
                annals_db_bind_double(q, 5, ev.goldstein);
                bind_cstr(q, 6, ev.src);
                bind_cstr(q, 7, ev.tgt);
                bind_cstr(q, 8, ev.src_text);
                bind_cstr(q, 9, ev.tgt_text);
                bind_cstr(q, 10, ev.date);
                bind_cstr(q, 11, ev.place);
                annals_db_bind_int(q, 12, (int64_t)ev.n_mentions);
                annals_db_bind_int(q, 13, n_sources);
                annals_db_bind_int(q, 14, (int64_t)ev.n_reports);
                bind_cstr(q, 15, ev.disagreements);
                out_rc = run(q, ctx, "updating a story");
            }
            annals_story_event_clear(&ev);
        }
    }
    for (size_t i = 0; i < 7 * n; i++) free(strs[i]);
    free(strs);
    free(in);
    return out_rc;
}

/* A story that only gained a source: its mentions, and so its fields, are unchanged. */
static int refresh_sources(annals_store *s, int64_t story, annals_ctx *ctx)
{
    annals_db_stmt *q = s->st[ST_STORY_SOURCES];
    int64_t n_sources = 0;
    annals_db_bind_int(q, 1, story);
    int rc = annals_db_run(q, &n_sources, ctx, "counting a story's sources");
    if (rc < 0) return rc;
    q = s->st[ST_STORY_SET_SOURCES];
    annals_db_bind_int(q, 1, story);
    annals_db_bind_int(q, 2, n_sources);
    return run(q, ctx, "updating a story's sources");
}

/* by story id (touch() stores a sources-only story as -id), a full refresh first */
static int compare_touched(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    int64_t ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    if (ax != ay) return (ax > ay) - (ax < ay);
    return (x < y) - (x > y);
}

static int refresh_touched(annals_store *s, annals_ctx *ctx)
{
    int rc = 0;
    if (s->n_touched) qsort(s->touched, s->n_touched, sizeof *s->touched, compare_touched);
    for (size_t i = 0; i < s->n_touched && rc == 0; i++) {
        int64_t id = s->touched[i];
        if (i > 0 && (id < 0 ? -id : id) == (s->touched[i - 1] < 0 ? -s->touched[i - 1] : s->touched[i - 1])) continue;
        rc = id > 0 ? refresh_story(s, id, ctx) : refresh_sources(s, -id, ctx);
    }
    s->n_touched = 0;
    return rc;
}

/* The first stored original whose SimHash is at most STORE_NEAR_BITS bits from h
** (as in Manku et al. 2007, by blocks: with at most 7 bits apart, one of the
** eight 8-bit blocks is equal), or 0. */
static int find_original(annals_store *s, uint64_t h, int64_t *out, annals_ctx *ctx)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    annals_db_stmt *st = s->st[ST_NEAR];
    for (int i = 0; i < 8; i++) annals_db_bind_text(st, i + 1, hex + 2 * i, 2);
    *out = 0;
    int rc;
    while ((rc = annals_db_step(st, ctx, "looking for a near-duplicate")) == 1) {
        const char *t = col_str(st, 1);
        unsigned long long other = t ? strtoull(t, NULL, 16) : 0;
        int64_t id = annals_db_col_int(st, 0);
        if (t && annals_story_hamming(h, other) <= STORE_NEAR_BITS && (!*out || id < *out)) *out = id;
    }
    annals_db_reset(st);
    if (rc < 0) return rc;
    return 0;
}


/* The document's row of document_keys: s->doc_keys, its SimHash (hex, or NULL). */
static int put_doc_keys(annals_store *s, int64_t doc_id, bool original, const char *hex, annals_ctx *ctx)
{
    if (s->doc_cache) s->doc_cache[(uint64_t)doc_id % STORE_DOC_CACHE].doc_id = 0;
    annals_db_stmt *st = s->st[ST_DOC_KEYS];
    annals_db_bind_int(st, 1, doc_id);
    annals_db_bind_int(st, 2, original);
    bind_cstr(st, 3, hex);
    bind_keys(st, 4, s, &s->doc_keys);
    return run(st, ctx, "storing a document's keys");
}

/* Ids that a query returns (one column), malloc'd. */
static int ids_of(annals_store *s, const char *sql, int64_t **out, size_t *n, annals_ctx *ctx)
{
    annals_db_stmt *st;
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc = annals_db_prepare(s->db, sql, &st, ctx, sql);
    if (rc < 0) return rc;
    while ((rc = annals_db_step(st, ctx, sql)) == 1) {
        int64_t *nv = annals_grow(*out, &cap, *n + 1, sizeof *nv, 64);
        if (!nv) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path); break; }
        *out = nv;
        (*out)[(*n)++] = annals_db_col_int(st, 0);
    }
    annals_db_finalize(st);
    if (rc == 0) return 0;
    free(*out);
    *out = NULL;
    return rc;
}

/* Documents and events stored before stories (a v2 file, or rows without keys):
** their SimHash, keys, sources and stories, in id order, as ingest would have
** given them (only near-duplicates are not looked for among them). Nothing to do
** on a file that is up to date. */
static int backfill(annals_store *s, annals_ctx *ctx)
{
    int64_t *ids;
    size_t n;
    int rc = ids_of(s, "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_keys k"
                       " WHERE k.doc_id = d.id) ORDER BY id", &ids, &n, ctx);
    annals_db_stmt *get = NULL, *put = NULL;
    if (rc < 0) return rc;
    if (n && ((rc = annals_db_prepare(s->db, "SELECT text, copy_of FROM documents WHERE id = ?1", &get, ctx, "migrating documents")) < 0 ||
              (rc = annals_db_prepare(s->db, "UPDATE documents SET simhash = ?2 WHERE id = ?1", &put, ctx, "migrating documents")) < 0))
        n = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        annals_db_bind_int(get, 1, ids[i]);
        if ((rc = annals_db_step(get, ctx, "migrating documents")) == 1) {
            rc = 0;
            const char *t = col_str(get, 0);
            size_t len = t ? (size_t)annals_db_col_bytes(get, 0) : 0, sh_n;
            uint64_t sh = annals_story_simhash(t ? t : "", len, &sh_n);
            annals_story_doc_keys(t ? t : "", len, &s->doc_keys);
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sh);
            bool original = annals_db_col_null(get, 1);
            annals_db_bind_int(put, 1, ids[i]);
            if (sh_n >= STORE_MIN_SHINGLES) annals_db_bind_text(put, 2, hex, 16);
            else annals_db_bind_null(put, 2);
            rc = run(put, ctx, "migrating documents");
            if (rc == 0) rc = put_doc_keys(s, ids[i], original, sh_n >= STORE_MIN_SHINGLES ? hex : NULL, ctx);
        }
        annals_db_reset(get);
    }
    annals_db_finalize(get);
    annals_db_finalize(put);
    free(ids);
    if (rc < 0) return rc;
    if ((rc = annals_db_exec(s->db, "INSERT INTO document_sources(doc_id, url, outlet, name, hash)"
                      " SELECT id, url, outlet, name, hash FROM documents d WHERE copy_of IS NULL AND"
                      " NOT EXISTS (SELECT 1 FROM document_sources x WHERE x.hash = d.hash)",
                   ctx, "migrating document sources")) < 0)
        return rc;

    if ((rc = ids_of(s, "SELECT id FROM events WHERE story_id IS NULL ORDER BY id", &ids, &n, ctx)) < 0) return rc;
    get = put = NULL;
    if (n && ((rc = annals_db_prepare(s->db, "SELECT e.doc_id, e.sentence_idx, e.src, e.tgt, e.code, e.root, e.date,"
                                             " d.pub_date, e.place, e.evidence, k.keys FROM events e"
                                             " JOIN documents d ON d.id = e.doc_id"
                                             " LEFT JOIN document_keys k ON k.doc_id = e.doc_id WHERE e.id = ?1",
                                       &get, ctx, "migrating events")) < 0 ||
              (rc = annals_db_prepare(s->db, "UPDATE events SET keys = ?2 WHERE id = ?1", &put, ctx, "migrating events")) < 0))
        n = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        annals_db_bind_int(get, 1, ids[i]);
        if ((rc = annals_db_step(get, ctx, "migrating events")) == 1) {
            annals_story_mention m;
            col_mention(get, 0, &m);
            char *place = col_str(get, 8) ? strdup(col_str(get, 8)) : NULL;
            m.place = place;
            const char *ev = col_str(get, 9);
            annals_story_sentence_keys(ev ? ev : "", ev ? (size_t)annals_db_col_bytes(get, 9) : 0, &s->keys);
            m.year = annals_story_past_year(ev ? ev : "", ev ? (size_t)annals_db_col_bytes(get, 9) : 0, m.pub_date);
            col_keys(get, 10, &s->doc_keys);
            m.keys = &s->keys;
            m.doc_keys = &s->doc_keys;
            annals_db_reset(get);
            annals_db_bind_int(put, 1, ids[i]);
            bind_keys(put, 2, s, &s->keys);
            rc = run(put, ctx, "migrating events");
            int64_t story;
            if (rc == 0) rc = assign_story(s, ids[i], &m, &story, ctx);
            free(place);
        } else annals_db_reset(get);
    }
    annals_db_finalize(get);
    annals_db_finalize(put);
    free(ids);
    if (rc < 0) return rc;
    return refresh_touched(s, ctx);
}

static int put_doc_rows(annals_store *s, const annals_doc *d, annals_ctx *ctx)
{
    annals_db_stmt *st = s->st[ST_DOC];
    annals_db_bind_str(st, 1, d->hash);
    bind_cstr(st, 2, d->name);
    bind_cstr(st, 3, d->path);
    bind_cstr(st, 4, d->url);
    bind_cstr(st, 5, d->outlet);
    bind_text(st, 6, d->pub_date, strnlen(d->pub_date, sizeof d->pub_date));
    bind_cstr(st, 7, format_name(d->format));
    bind_text(st, 8, d->text, d->text ? d->text_len : 0);
    annals_db_bind_int(st, 9, (int64_t)d->invalid_bytes);
    annals_db_bind_int(st, 10, (int64_t)d->dropped_lines);
    annals_db_bind_int(st, 11, (int64_t)d->n_sent);
    annals_db_bind_int(st, 12, (int64_t)d->n_event);
    size_t n_shingles = 0;
    uint64_t sh = annals_story_simhash(d->text ? d->text : "", d->text ? d->text_len : 0, &n_shingles);
    int64_t original = 0;
    int rc;
    if (n_shingles >= STORE_MIN_SHINGLES && (rc = find_original(s, sh, &original, ctx)) < 0) return rc;
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sh);
    st = s->st[ST_DOC];   /* find_original ran another statement: ST_DOC's bindings stand */
    if (n_shingles >= STORE_MIN_SHINGLES) annals_db_bind_text(st, 13, hex, 16);
    else annals_db_bind_null(st, 13);
    if (original) annals_db_bind_int(st, 14, original);
    else annals_db_bind_null(st, 14);
    int64_t doc_id = 0;
    if ((rc = annals_db_run(st, &doc_id, ctx, "storing a document")) < 0) return rc;
    /* a copy has no mentions of its own: no story reads its keys */
    if (original) s->doc_keys.n = 0;
    else annals_story_doc_keys(d->text ? d->text : "", d->text ? d->text_len : 0, &s->doc_keys);
    if ((rc = put_doc_keys(s, doc_id, !original, n_shingles >= STORE_MIN_SHINGLES ? hex : NULL, ctx)) < 0) return rc;

    /* a near-duplicate is one more source of the original: no new mentions */
    st = s->st[ST_SOURCE];
    annals_db_bind_int(st, 1, original ? original : doc_id);
    bind_cstr(st, 2, d->url);
    bind_cstr(st, 3, d->outlet);
    bind_cstr(st, 4, d->name);
    annals_db_bind_str(st, 5, d->hash);
    if ((rc = run(st, ctx, "storing a document's source")) < 0) return rc;

    st = s->st[ST_SENT];
    for (size_t i = 0; i < d->n_sent; i++) {
        const annals_sentence *se = &d->sent[i];
        annals_db_bind_int(st, 1, doc_id);
        annals_db_bind_int(st, 2, (int64_t)i);
        annals_db_bind_int(st, 3, se->off);
        annals_db_bind_int(st, 4, (int64_t)se->off + se->len);
        bind_range(st, 5, d, se->off, se->len);
        if ((rc = run(st, ctx, "storing a sentence")) < 0) return rc;
    }

    if (original) {
        /* the original's stories gain a source */
        st = s->st[ST_DOC_STORIES];
        annals_db_bind_int(st, 1, original);
        while ((rc = annals_db_step(st, ctx, "finding a document's stories")) == 1)
            if ((rc = touch(s, annals_db_col_int(st, 0), true, ctx)) < 0) break;
        annals_db_reset(st);
        if (rc < 0) return rc;
        return s->in_batch ? 0 : refresh_touched(s, ctx);
    }
    for (size_t i = 0; i < d->n_event; i++) {
        const annals_event *e = &d->event[i];
        if ((rc = put_actor(s, e->src, ctx)) < 0 || (rc = put_actor(s, e->tgt, ctx)) < 0) return rc;
        /* its story first: the event row is written once, with it */
        const char *sent_text = "";
        uint32_t sent_len = 0;
        if (e->sent < d->n_sent && d->text) {
            sent_text = d->text + d->sent[e->sent].off;
            sent_len = d->sent[e->sent].len;
        }
        annals_story_sentence_keys(sent_text, sent_len, &s->keys);
        annals_story_mention m;
        annals_story_mention_of(d, i, doc_id, &m);
        m.year = annals_story_past_year(sent_text, sent_len, m.pub_date);
        m.keys = &s->keys;
        m.doc_keys = &s->doc_keys;
        int64_t story;
        if ((rc = assign_story(s, 0, &m, &story, ctx)) < 0) return rc;
        st = s->st[ST_EVENT];
        annals_db_bind_int(st, 1, doc_id);
        annals_db_bind_int(st, 2, e->sent);
        annals_db_bind_text(st, 3, e->code, strnlen(e->code, sizeof e->code));
        size_t rl = strnlen(e->root, sizeof e->root);
        if (rl) annals_db_bind_text(st, 4, e->root, rl);
        else annals_db_bind_text(st, 4, e->code, strnlen(e->code, 2));
        annals_db_bind_int(st, 5, e->quad_class);
        annals_db_bind_double(st, 6, e->goldstein);
        bind_text(st, 7, e->src, strnlen(e->src, sizeof e->src));
        bind_text(st, 8, e->tgt, strnlen(e->tgt, sizeof e->tgt));
        bind_range(st, 9, d, e->src_off, e->src_len);
        bind_range(st, 10, d, e->tgt_off, e->tgt_len);
        bind_range(st, 11, d, e->verb_off, e->verb_len);
        bind_text(st, 12, e->date, strnlen(e->date, sizeof e->date));
        bind_cstr(st, 13, e->place);
        if (e->sent < d->n_sent) bind_range(st, 14, d, d->sent[e->sent].off, d->sent[e->sent].len);
        else annals_db_bind_null(st, 14);
        if (e->confidence >= 0) annals_db_bind_double(st, 15, e->confidence);
        else annals_db_bind_null(st, 15);
        const uint32_t offs[6] = { e->src_off, e->src_len, e->tgt_off, e->tgt_len, e->verb_off, e->verb_len };
        for (int k = 0; k < 3; k++) {
            if (offs[2 * k + 1] && d->text && (uint64_t)offs[2 * k] + offs[2 * k + 1] <= d->text_len) {
                annals_db_bind_int(st, 16 + 2 * k, offs[2 * k]);
                annals_db_bind_int(st, 17 + 2 * k, offs[2 * k + 1]);
            } else {
                annals_db_bind_null(st, 16 + 2 * k);
                annals_db_bind_null(st, 17 + 2 * k);
            }
        }
        bind_keys(st, 22, s, &s->keys);
        annals_db_bind_int(st, 23, story);
        if ((rc = run(st, ctx, "storing an event")) < 0) return rc;
    }
    return s->in_batch ? 0 : refresh_touched(s, ctx);
}

int annals_store_put_doc(annals_store *s, const annals_doc *doc, annals_ctx *ctx)
{
    /* outside a batch, the document is a batch of its own (PostgreSQL has no savepoint
       outside a transaction, and its writer takes the writer lock before the lookup) */
    bool own = !s->in_batch;
    int rc;
    if (own && (rc = annals_store_begin(s, ctx)) < 0) return rc;
    int have = annals_store_has_doc(s, doc->hash, ctx);
    rc = have < 0 ? have : 0;
    if (have == 0 && (rc = run(s->st[ST_SP], ctx, "starting a document")) == 0) {
        /* the stories a failed document touched stay on the list: refreshing them is harmless */
        rc = put_doc_rows(s, doc, ctx);
        if (rc < 0) {
            forget_doc_keys(s);   /* the ids of rolled back documents come again */
            /* keep the message of the first error; undo this document only */
            annals_db_run(s->st[ST_SP_ROLLBACK], NULL, NULL, NULL);
            annals_db_run(s->st[ST_SP_RELEASE], NULL, NULL, NULL);
        } else if ((rc = run(s->st[ST_SP_RELEASE], ctx, "finishing a document")) == 0)
            rc = 1;
    }
    if (own) {
        int crc = annals_store_commit(s, ctx);
        if (rc >= 0 && crc < 0) rc = crc;
    }
    return rc;
}

static const char *col_text(annals_db_stmt *st, int i)
{
    const char *t = annals_db_col_text(st, i);
    return t ? t : "?";
}

int annals_store_print_summary(annals_store *s, FILE *f, annals_ctx *ctx)
{
    int64_t n_docs, n_sent, n_ev;
    int rc;
    if ((rc = annals_db_int(s->db, "SELECT count(*) FROM documents", &n_docs, ctx)) < 0 ||
        (rc = annals_db_int(s->db, "SELECT count(*) FROM sentences", &n_sent, ctx)) < 0 ||
        (rc = annals_db_int(s->db, "SELECT count(*) FROM events", &n_ev, ctx)) < 0)
        return rc;
    fprintf(f, "store: %s\n", s->path);
    fprintf(f, "documents: %lld\n", (long long)n_docs);
    fprintf(f, "sentences: %lld\n", (long long)n_sent);
    fprintf(f, "events: %lld\n", (long long)n_ev);

    static const char by_root_sql[] =
        "SELECT e.root, coalesce(r.name, '(no CAMEO root)'), count(*) FROM events e"
        " LEFT JOIN cameo_roots r ON r.root = e.root GROUP BY e.root, r.name ORDER BY e.root";
    static const char dyads_sql[] =
        "SELECT src, tgt, count(*) AS n FROM events WHERE src IS NOT NULL AND tgt IS NOT NULL"
        " GROUP BY src, tgt ORDER BY n DESC, src, tgt LIMIT 10";
    const char *const sql[2] = { by_root_sql, dyads_sql };
    for (int q = 0; q < 2; q++) {
        annals_db_stmt *st;
        if ((rc = annals_db_prepare(s->db, sql[q], &st, ctx, "preparing the summary")) < 0) return rc;
        bool first = true;
        while ((rc = annals_db_step(st, ctx, "reading the summary")) == 1) {
            if (first) fputs(q == 0 ? "events by root:\n" : "top dyads:\n", f);
            first = false;
            if (q == 0)
                fprintf(f, "  %s %-34s %lld\n", col_text(st, 0), col_text(st, 1),
                        (long long)annals_db_col_int(st, 2));
            else
                fprintf(f, "  %s -> %-16s %lld\n", col_text(st, 0), col_text(st, 1),
                        (long long)annals_db_col_int(st, 2));
        }
        annals_db_finalize(st);
        if (rc < 0) return rc;
    }
    return ferror(f) ? annals_error_set(ctx, ANNALS_EIO, "%s: cannot write the summary", s->path) : 0;
}

/* The disagreements column, one line a field: field: "value" (docs 1, 3); ... */
static void print_disagreements(FILE *f, const char *text)
{
    json_t *root = text ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_array(root) || json_array_size(root) == 0) {
        fputs("  reports agree\n", f);
        json_decref(root);
        return;
    }
    fputs("  disagreements:\n", f);
    size_t i;
    json_t *d;
    json_array_foreach(root, i, d) {
        fprintf(f, "    %s:", json_string_value(json_object_get(d, "field")) ? json_string_value(json_object_get(d, "field")) : "?");
        size_t j;
        json_t *v;
        json_array_foreach(json_object_get(d, "values"), j, v) {
            const char *val = json_string_value(json_object_get(v, "value"));
            fprintf(f, "%s \"%s\" (doc", j ? ";" : "", val ? val : "");
            size_t k;
            json_t *doc;
            json_array_foreach(json_object_get(v, "docs"), k, doc)
                fprintf(f, "%s %lld", k ? "," : "", (long long)json_integer_value(doc));
            fputc(')', f);
        }
        fputc('\n', f);
    }
    json_decref(root);
}

int annals_store_print_stories(annals_store *s, FILE *f, const annals_story_filter *flt, annals_ctx *ctx)
{
    static const char sql[] =
        "SELECT id, code, coalesce(src, '-'), coalesce(tgt, '-'), coalesce(src_text, ''), coalesce(tgt_text, ''),"
        " coalesce(date, 'undated'), coalesce(place, ''), n_mentions, n_sources, n_articles, disagreements,"
        " coalesce((SELECT name FROM cameo_roots r WHERE r.root = story_events.root), '')"
        " FROM story_events WHERE (CAST(?1 AS TEXT) IS NULL OR date >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR date <= ?2)"
        " AND (CAST(?3 AS TEXT) IS NULL OR substr(src, 1, length(CAST(?3 AS TEXT))) = ?3 OR substr(tgt, 1, length(CAST(?3 AS TEXT))) = ?3)"
        " AND n_articles >= ?4 ORDER BY date IS NOT NULL, date, id";   /* undated first, in both */
    static const char mentions_sql[] =
        "SELECT d.id, coalesce(d.name, d.hash), coalesce(d.outlet, ''), coalesce(d.pub_date, 'undated'), e.code,"
        " coalesce(e.evidence, ''), (SELECT count(*) - 1 FROM document_sources x WHERE x.doc_id = d.id)"
        " FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id = ?1 ORDER BY d.id, e.id";
    annals_db_stmt *st = NULL, *ms = NULL;
    int rc;
    if ((rc = annals_db_prepare(s->db, sql, &st, ctx, "preparing the story listing")) < 0 ||
        (rc = annals_db_prepare(s->db, mentions_sql, &ms, ctx, "preparing the story listing")) < 0) {
        annals_db_finalize(st);
        return rc;
    }
    bind_cstr(st, 1, flt ? flt->from : NULL);
    bind_cstr(st, 2, flt ? flt->to : NULL);
    bind_cstr(st, 3, flt ? flt->actor : NULL);
    annals_db_bind_int(st, 4, flt ? flt->min_reports : 0);
    int printed = 0;
    while ((rc = annals_db_step(st, ctx, "listing stories")) == 1) {
        int64_t id = annals_db_col_int(st, 0);
        fprintf(f, "story %lld  %s  %s %s  %s -> %s", (long long)id, col_text(st, 6), col_text(st, 1),
                col_text(st, 12), col_text(st, 2), col_text(st, 3));
        if (*col_text(st, 7)) fprintf(f, "  in %s", col_text(st, 7));
        fprintf(f, "\n  %lld mention(s), %lld report(s), %lld source(s)", (long long)annals_db_col_int(st, 8),
                (long long)annals_db_col_int(st, 10), (long long)annals_db_col_int(st, 9));
        if (*col_text(st, 4) || *col_text(st, 5))
            fprintf(f, "; actors: %s / %s", *col_text(st, 4) ? col_text(st, 4) : "-", *col_text(st, 5) ? col_text(st, 5) : "-");
        fputc('\n', f);
        annals_db_bind_int(ms, 1, id);
        while ((rc = annals_db_step(ms, ctx, "listing stories")) == 1) {
            fprintf(f, "  [doc %lld] %s", (long long)annals_db_col_int(ms, 0), col_text(ms, 1));
            if (*col_text(ms, 2)) fprintf(f, " (%s)", col_text(ms, 2));
            fprintf(f, " %s, %s", col_text(ms, 3), col_text(ms, 4));
            if (annals_db_col_int(ms, 6) > 0) fprintf(f, ", +%lld copies", (long long)annals_db_col_int(ms, 6));
            fprintf(f, ": %s\n", col_text(ms, 5));
        }
        annals_db_reset(ms);
        if (rc < 0) break;
        print_disagreements(f, annals_db_col_text(st, 11));
        fputc('\n', f);
        printed++;
    }
    if (rc == 0) rc = ferror(f) ? annals_error_set(ctx, ANNALS_EIO, "%s: cannot write the story listing", s->path) : printed;
    annals_db_finalize(st);
    annals_db_finalize(ms);
    return rc;
}
