/* SPDX-License-Identifier: MIT
** store/store.c -- the SQLite event store (sqlite3.h is included only in store/ and src/lib/query/).
**
** One database file: documents (keyed by the SHA-256 of their raw bytes),
** sentences, actors, events, story events, document sources and keys, the
** cameo_roots name table and the events_v view; the schema is written out in
** docs/store.md. WAL journal, synchronous=NORMAL, foreign keys on. Statements
** are prepared once at open and reused. Callers group documents with
** begin/commit (BEGIN IMMEDIATE); each put_doc also runs inside a SAVEPOINT, so
** a document is stored whole or not at all, in a batch or not. Stories: a
** document that is a near-duplicate (SimHash) of a stored one adds a source;
** otherwise each of its events is matched against the stored mentions of its
** block and days (story/decide.c), story by story until one mention matches,
** and joins or opens a story before its row is written; touched stories are
** recomputed (story/fields.c) once per batch, before COMMIT (only n_sources
** when a copy's source is all that changed). Every SQLite error becomes an annals error naming the database. */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <jansson.h>
#include "annals/store.h"
#include "annals/output.h"
#include "annals/story.h"
#include "store_fts.h"

#define STORE_SCHEMA_VERSION 3

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  hash TEXT UNIQUE NOT NULL,\n"
    "  name TEXT, path TEXT, url TEXT, outlet TEXT, pub_date TEXT, format TEXT, text TEXT,\n"
    "  invalid_bytes INTEGER, dropped_lines INTEGER, n_sentences INTEGER, n_events INTEGER,\n"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
    "  simhash TEXT, copy_of INTEGER REFERENCES documents(id));\n"
    "CREATE TABLE IF NOT EXISTS sentences(\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, text TEXT,\n"
    "  PRIMARY KEY(doc_id, idx));\n"
    "CREATE TABLE IF NOT EXISTS actors(\n"
    "  code TEXT PRIMARY KEY, country TEXT, role TEXT);\n"
    "CREATE TABLE IF NOT EXISTS events(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  sentence_idx INTEGER NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL,\n"
    "  quad_class INTEGER, goldstein REAL, src TEXT, tgt TEXT,\n"
    "  src_text TEXT, tgt_text TEXT, verb_text TEXT, date TEXT, place TEXT, evidence TEXT,\n"
    "  confidence REAL, story_id INTEGER, src_off INTEGER, src_len INTEGER, tgt_off INTEGER,\n"
    "  tgt_len INTEGER, verb_off INTEGER, verb_len INTEGER, keys BLOB);\n"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(src, tgt);\n"
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);\n"
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);\n"
    "CREATE TABLE IF NOT EXISTS document_sources(\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  url TEXT, outlet TEXT, name TEXT, hash TEXT);\n"
    "CREATE INDEX IF NOT EXISTS document_sources_doc ON document_sources(doc_id);\n"
    /* backfill() looks reports up by hash at every open */
    "CREATE INDEX IF NOT EXISTS document_sources_hash ON document_sources(hash);\n"
    "CREATE TABLE IF NOT EXISTS story_events(\n"
    "  id INTEGER PRIMARY KEY, code TEXT, root TEXT, quad_class INTEGER, goldstein REAL,\n"
    "  src TEXT, tgt TEXT, src_text TEXT, tgt_text TEXT, date TEXT, place TEXT,\n"
    "  n_mentions INTEGER, n_sources INTEGER, n_articles INTEGER,\n"
    "  added_at TEXT, updated_at TEXT, disagreements TEXT);\n"
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
    "  doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  original INTEGER NOT NULL, simhash TEXT, keys BLOB);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh0 ON document_keys(substr(simhash,1,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh1 ON document_keys(substr(simhash,3,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh2 ON document_keys(substr(simhash,5,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh3 ON document_keys(substr(simhash,7,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh4 ON document_keys(substr(simhash,9,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh5 ON document_keys(substr(simhash,11,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh6 ON document_keys(substr(simhash,13,2), simhash, original);\n"
    "CREATE INDEX IF NOT EXISTS document_keys_sh7 ON document_keys(substr(simhash,15,2), simhash, original);\n"
    "CREATE TABLE IF NOT EXISTS cameo_roots(root TEXT PRIMARY KEY, name TEXT NOT NULL);\n"
    "CREATE VIEW IF NOT EXISTS events_v AS\n"
    "  SELECT e.*, d.name AS doc_name, d.url AS doc_url, d.pub_date AS doc_pub_date,\n"
    "         r.name AS root_name\n"
    "  FROM events e JOIN documents d ON d.id = e.doc_id\n"
    "  LEFT JOIN cameo_roots r ON r.root = e.root;\n";

/* v2 -> v3: the story columns (docs/store.md); the new tables come with schema_sql */
static const char migrate_v3_sql[] =
    "ALTER TABLE documents ADD COLUMN simhash TEXT;\n"
    "ALTER TABLE documents ADD COLUMN copy_of INTEGER REFERENCES documents(id);\n"
    "ALTER TABLE events ADD COLUMN story_id INTEGER;\n"
    "ALTER TABLE events ADD COLUMN src_off INTEGER;\n"
    "ALTER TABLE events ADD COLUMN src_len INTEGER;\n"
    "ALTER TABLE events ADD COLUMN tgt_off INTEGER;\n"
    "ALTER TABLE events ADD COLUMN tgt_len INTEGER;\n"
    "ALTER TABLE events ADD COLUMN verb_off INTEGER;\n"
    "ALTER TABLE events ADD COLUMN verb_len INTEGER;\n"
    "ALTER TABLE events ADD COLUMN keys BLOB;\n";

enum {
    ST_HAS, ST_DOC, ST_SENT, ST_ACTOR, ST_EVENT, ST_BEGIN, ST_COMMIT,
    ST_SP, ST_SP_RELEASE, ST_SP_ROLLBACK,
    ST_NEAR, ST_SOURCE, ST_DOC_KEYS, ST_GET_DOC_KEYS, ST_CAND_STORIES, ST_CAND, ST_NEW_STORY, ST_MOVE_STORY, ST_DROP_STORY, ST_SET_STORY,
    ST_STORY_MENTIONS, ST_STORY_SOURCES, ST_STORY_UPDATE, ST_STORY_SET_SOURCES, ST_DOC_STORIES, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_HAS] = "SELECT 1 FROM documents WHERE hash = ?1",
    [ST_DOC] = "INSERT INTO documents(hash, name, path, url, outlet, pub_date, format, text,"
               " invalid_bytes, dropped_lines, n_sentences, n_events, simhash, copy_of)"
               " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [ST_SENT] = "INSERT INTO sentences(doc_id, idx, start, \"end\", text) VALUES(?1, ?2, ?3, ?4, ?5)",
    [ST_ACTOR] = "INSERT OR IGNORE INTO actors(code, country, role) VALUES(?1, ?2, ?3)",
    [ST_EVENT] = "INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt,"
                 " src_text, tgt_text, verb_text, date, place, evidence, confidence,"
                 " src_off, src_len, tgt_off, tgt_len, verb_off, verb_len, keys, story_id)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                 " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_SP] = "SAVEPOINT put_doc",
    [ST_SP_RELEASE] = "RELEASE put_doc",
    [ST_SP_ROLLBACK] = "ROLLBACK TO put_doc",
    /* one covering index search a block; a copy's original is the first of those found */
    [ST_NEAR] = "SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,1,2) = ?1 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,3,2) = ?2 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,5,2) = ?3 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,7,2) = ?4 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,9,2) = ?5 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,11,2) = ?6 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,13,2) = ?7 AND original"
                " UNION ALL SELECT doc_id, simhash FROM document_keys WHERE substr(simhash,15,2) = ?8 AND original",
    [ST_GET_DOC_KEYS] = "SELECT keys FROM document_keys WHERE doc_id = ?1",
    [ST_DOC_KEYS] = "INSERT INTO document_keys(doc_id, original, simhash, keys) VALUES(?1, ?2, ?3, ?4)",
    [ST_SOURCE] = "INSERT INTO document_sources(doc_id, url, outlet, name, hash) VALUES(?1, ?2, ?3, ?4, ?5)",
    /* the stories of the stored mentions that could be the same event: block (one
       orientation a call: an OR of both would keep the index to the root), then days
       (docs/stories.md); the report's date only for an undated mention */
    [ST_CAND_STORIES] = "SELECT DISTINCT c.story_id FROM events c"
                " WHERE c.root = ?1 AND coalesce(substr(c.src,1,3),'') = ?2 AND coalesce(substr(c.tgt,1,3),'') = ?3"
                " AND c.story_id IS NOT NULL AND c.id <> ?7 AND"
                " (?4 IS NULL OR c.date BETWEEN ?4 AND ?5 OR (c.date IS NULL AND"
                "  (SELECT d.pub_date IS NULL OR d.pub_date BETWEEN ?4 AND ?6 FROM documents d WHERE d.id = c.doc_id)))",
    /* the mentions of one of them in the block and days, read until one is the same
       event; the report's date read for the rows returned only */
    [ST_CAND] = "SELECT c.story_id, c.doc_id, c.sentence_idx, c.src, c.tgt, c.code, c.root, c.date,"
                " (SELECT d.pub_date FROM documents d WHERE d.id = c.doc_id), c.place, c.keys, NULL, c.evidence"
                " FROM events c"
                " WHERE c.root = ?1 AND coalesce(substr(c.src,1,3),'') = ?2 AND coalesce(substr(c.tgt,1,3),'') = ?3"
                " AND c.story_id = ?8 AND c.id <> ?7 AND"
                " (?4 IS NULL OR c.date BETWEEN ?4 AND ?5 OR (c.date IS NULL AND"
                "  (SELECT d.pub_date IS NULL OR d.pub_date BETWEEN ?4 AND ?6 FROM documents d WHERE d.id = c.doc_id)))",
    [ST_NEW_STORY] = "INSERT INTO story_events(added_at) VALUES(strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
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
                        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
    [ST_STORY_SET_SOURCES] = "UPDATE story_events SET n_sources = ?2,"
                             " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
    [ST_DOC_STORIES] = "SELECT DISTINCT story_id FROM events WHERE doc_id = ?1 AND story_id IS NOT NULL",
};

struct annals_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *st[ST_COUNT];
    bool in_batch;
    int64_t *touched; size_t n_touched, cap_touched;   /* stories to refresh after a document */
    annals_story_keys keys, cand_keys, doc_keys;   /* scratch */
    uint8_t blob[ANNALS_STORY_MAX_KEYS * 9];
    /* document keys of candidates, by doc_id modulo the size (a candidate's
       document is usually one of the last few read) */
    struct { int64_t doc_id; annals_story_keys keys; } *doc_cache;
};
#define STORE_DOC_CACHE 512

static int db_error(annals_store *s, annals_ctx *ctx, const char *what)
{
    int code = sqlite3_errcode(s->db);
    int rc = code == SQLITE_NOMEM ? ANNALS_ENOMEM
           : code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? ANNALS_EFORMAT
           : code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL ||
             code == SQLITE_READONLY ? ANNALS_EIO
           : ANNALS_ERROR;
    return annals_error_set(ctx, rc, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* Runs a prepared statement that returns no rows. */
static int run(annals_store *s, sqlite3_stmt *st, annals_ctx *ctx, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_error(s, ctx, what);
    return 0;
}

static int exec(annals_store *s, const char *sql, annals_ctx *ctx, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_error(s, ctx, what);
    return 0;
}

static int int_query(annals_store *s, const char *sql, int64_t *out, annals_ctx *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return db_error(s, ctx, sql);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE) *out = 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = db_error(s, ctx, sql);
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return 0;
}

static int fill_roots(annals_store *s, annals_ctx *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO cameo_roots(root, name) VALUES(?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, ctx, "preparing cameo_roots");
    int rc = 0;
    for (int r = 1; r <= ANNALS_CAMEO_N_ROOTS && rc == 0; r++) {
        char code[3] = { (char)('0' + r / 10), (char)('0' + r % 10), '\0' };
        sqlite3_bind_text(st, 1, code, 2, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, annals_cameo_root_name(code), -1, SQLITE_STATIC);
        rc = run(s, st, ctx, "filling cameo_roots");
    }
    sqlite3_finalize(st);
    return rc;
}

#define STORE_MIN_SHINGLES 20   /* shorter texts are not compared for near-duplicates */
/* Near-duplicates: at most 6 of 64 bits apart. Manku et al. use 3 for whole web
** pages; news texts are shorter (100-500 shingles), where a few words of other
** clutter already move 4 or 5 bits, while unrelated texts are about 32 apart. */
#define STORE_NEAR_BITS 6

static int backfill(annals_store *s, annals_ctx *ctx);   /* below: it uses the story code */
static int refresh_touched(annals_store *s, annals_ctx *ctx);

int annals_store_open(annals_store **out, const char *path, annals_ctx *ctx)
{
    *out = NULL;
    annals_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
    }
    int rc;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        if (!s->db) {
            free(s->path);
            free(s);
            return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
        }
        rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot open database: %s", path,
                              sqlite3_errmsg(s->db));
        annals_store_close(s);
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_busy_timeout(s->db, 5000);
    int64_t version = 0;
    if ((rc = exec(s, "PRAGMA journal_mode=WAL", ctx, "setting WAL journal")) < 0 ||
        (rc = exec(s, "PRAGMA synchronous=NORMAL", ctx, "setting synchronous")) < 0 ||
        /* story matching reads back recent events and documents: keep 64 MiB of pages */
        (rc = exec(s, "PRAGMA cache_size=-65536", ctx, "setting the page cache")) < 0 ||
        (rc = exec(s, "PRAGMA foreign_keys=ON", ctx, "enabling foreign keys")) < 0 ||
        (rc = int_query(s, "PRAGMA user_version", &version, ctx)) < 0) {
        annals_store_close(s);
        return rc;
    }
    if (version > STORE_SCHEMA_VERSION) {
        rc = annals_error_set(ctx, ANNALS_EVERSION,
                              "%s: store schema v%lld, this build reads v%d", path,
                              (long long)version, STORE_SCHEMA_VERSION);
        annals_store_close(s);
        return rc;
    }
    if ((rc = exec(s, "BEGIN IMMEDIATE", ctx, "creating schema")) < 0) { annals_store_close(s); return rc; }
    /* migrations: v1 -> v2 adds events.confidence (NULL for events coded before it);
       v2 -> v3 the story columns and tables, filled in by backfill() below */
    if ((version == 1 && (rc = exec(s, "ALTER TABLE events ADD COLUMN confidence REAL", ctx, "migrating the schema to v2")) < 0) ||
        ((version == 1 || version == 2) && (rc = exec(s, migrate_v3_sql, ctx, "migrating the schema to v3")) < 0) ||
        (rc = exec(s, schema_sql, ctx, "creating schema")) < 0 ||
        (rc = fill_roots(s, ctx)) < 0 ||
        (annals_store_fts_ensure(s->db) != SQLITE_OK &&
         (rc = db_error(s, ctx, "creating the full-text index")) < 0) ||
        (annals_store_rollup_ensure(s->db) != SQLITE_OK && (rc = db_error(s, ctx, "creating the rollups")) < 0)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        annals_store_close(s);
        return rc;
    }
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL)
            != SQLITE_OK) {
            rc = db_error(s, ctx, "preparing statements");
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            annals_store_close(s);
            return rc;
        }
    }
    if ((rc = backfill(s, ctx)) < 0 ||
        (rc = exec(s, "PRAGMA user_version=3", ctx, "setting schema version")) < 0 ||
        (rc = exec(s, "COMMIT", ctx, "creating schema")) < 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        annals_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void annals_store_close(annals_store *s)
{
    if (!s) return;
    if (s->in_batch && s->db) {
        if (refresh_touched(s, NULL) == 0) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        else sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);   /* never stories out of date */
    }
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
    if (s->db) sqlite3_close_v2(s->db);
    free(s->touched);
    free(s->doc_cache);
    free(s->path);
    free(s);
}

int annals_store_begin(annals_store *s, annals_ctx *ctx)
{
    if (s->in_batch) return 0;
    int rc = run(s, s->st[ST_BEGIN], ctx, "beginning a batch");
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
    if (rc == 0) rc = run(s, s->st[ST_COMMIT], ctx, "committing a batch");
    if (rc == 0) s->in_batch = false;
    else if (sqlite3_get_autocommit(s->db)) {   /* SQLite rolled it back */
        s->in_batch = false;
        forget_doc_keys(s);
    }
    return rc;
}

int annals_store_has_doc(annals_store *s, const char *hash, annals_ctx *ctx)
{
    sqlite3_stmt *st = s->st[ST_HAS];
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    return db_error(s, ctx, "looking up a document");
}

/* Binds text, or NULL when s is NULL or n is 0. */
static void bind_text(sqlite3_stmt *st, int i, const char *s, size_t n)
{
    if (s && n) sqlite3_bind_text64(st, i, s, n, SQLITE_STATIC, SQLITE_UTF8);
    else sqlite3_bind_null(st, i);
}

static void bind_cstr(sqlite3_stmt *st, int i, const char *s)
{
    bind_text(st, i, s, s ? strlen(s) : 0);
}

static void bind_range(sqlite3_stmt *st, int i, const annals_doc *d, uint32_t off, uint32_t len)
{
    if (d->text && len && (uint64_t)off + len <= d->text_len) bind_text(st, i, d->text + off, len);
    else sqlite3_bind_null(st, i);
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
    sqlite3_stmt *st = s->st[ST_ACTOR];
    sqlite3_bind_text(st, 1, code, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, (int)(n < 3 ? n : 3), SQLITE_STATIC);
    if (n > 3) sqlite3_bind_text(st, 3, code + 3, (int)(n - 3 < 3 ? n - 3 : 3), SQLITE_STATIC);
    else sqlite3_bind_null(st, 3);
    return run(s, st, ctx, "storing an actor");
}

static void bind_keys(sqlite3_stmt *st, int i, annals_store *s, const annals_story_keys *k)
{
    size_t n = annals_story_keys_pack(k, s->blob);
    if (n) sqlite3_bind_blob(st, i, s->blob, (int)n, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static void col_keys(sqlite3_stmt *st, int i, annals_story_keys *out)
{
    const void *b = sqlite3_column_blob(st, i);
    if (b) annals_story_keys_unpack(b, (size_t)sqlite3_column_bytes(st, i), out);
    else out->n = 0;
}

static const char *col_str(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

/* A mention from columns first.. of a row: doc_id, sentence_idx, src, tgt, code,
** root, date, pub_date (place and keys are the caller's). */
static void col_mention(sqlite3_stmt *st, int first, annals_story_mention *m)
{
    memset(m, 0, sizeof *m);
    m->report = sqlite3_column_int64(st, first);
    m->sentence = (uint32_t)sqlite3_column_int64(st, first + 1);
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

/* The stored keys of document doc_id, through the cache. SQLITE_OK or an error code. */
static int doc_keys_of(annals_store *s, int64_t doc_id, const annals_story_keys **out)
{
    if (!s->doc_cache && !(s->doc_cache = calloc(STORE_DOC_CACHE, sizeof *s->doc_cache))) return SQLITE_NOMEM;
    size_t slot = (size_t)((uint64_t)doc_id % STORE_DOC_CACHE);
    *out = &s->doc_cache[slot].keys;
    if (s->doc_cache[slot].doc_id == doc_id) return SQLITE_OK;
    sqlite3_stmt *st = s->st[ST_GET_DOC_KEYS];
    sqlite3_bind_int64(st, 1, doc_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) col_keys(st, 0, &s->doc_cache[slot].keys);
    else s->doc_cache[slot].keys.n = 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { s->doc_cache[slot].doc_id = 0; return rc; }
    s->doc_cache[slot].doc_id = doc_id;
    return SQLITE_OK;
}

/* The parameters ST_CAND_STORIES and ST_CAND share: block ?1-?3, days ?4-?6
** (none when lo is NULL), the event that is no candidate ?7. */
static void bind_candidates(sqlite3_stmt *st, const char *root, const char *src, const char *tgt,
                            const char *lo, const char *hi, const char *hi_pub, int64_t event_id)
{
    sqlite3_bind_text(st, 1, root, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, src, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, tgt, -1, SQLITE_STATIC);
    if (lo) {
        sqlite3_bind_text(st, 4, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, hi, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, hi_pub, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 7, event_id);
}

/* The story of mention m (keys m->keys and m->doc_keys): it joins every stored
** story that has a mention annals_story_same() accepts (stories it bridges
** become one, the smallest id), or a new one; *story receives its id. event_id:
** the stored event to set it on (its own row is no candidate), or 0 for an event
** about to be inserted with it. */
static int assign_story(annals_store *s, int64_t event_id, const annals_story_mention *m, int64_t *story,
                        annals_ctx *ctx)
{
    sqlite3_stmt *st = s->st[ST_CAND];
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
    int rc = SQLITE_DONE;
    /* the candidate stories first, then each story's mentions until one is the same
       event: the rest of a story found need not be read */
    sqlite3_stmt *cs = s->st[ST_CAND_STORIES];
    /* the reversed dyad only for symmetric acts (annals_story_compatible) */
    int turns = strcmp(a, b) && annals_story_symmetric_code(m->code) ? 2 : 1;
    for (int turn = 0; turn < turns && rc == SQLITE_DONE; turn++) {
        bind_candidates(cs, m->root, turn ? b : a, turn ? a : b, dated ? lo : NULL, hi, hi_pub, event_id);
        while ((rc = sqlite3_step(cs)) == SQLITE_ROW) {
            int64_t story = sqlite3_column_int64(cs, 0);
            bool known = false;
            for (size_t i = 0; i < n_found && !known; i++) known = found[i] == story;
            if (known) continue;
            bind_candidates(st, m->root, turn ? b : a, turn ? a : b, dated ? lo : NULL, hi, hi_pub, event_id);
            sqlite3_bind_int64(st, 8, story);
            bool same = false;
            int mrc = SQLITE_DONE;
            while (!same && (mrc = sqlite3_step(st)) == SQLITE_ROW) {
                annals_story_mention c;
                col_mention(st, 1, &c);
                c.place = (const char *)sqlite3_column_text(st, 9);
                if (!c.date[0])   /* the past year rule reads it of undated mentions only */
                    c.year = annals_story_past_year(col_str(st, 12) ? col_str(st, 12) : "", (size_t)sqlite3_column_bytes(st, 12), c.pub_date);
                if (!annals_story_compatible(m, &c)) continue;   /* before the keys are unpacked */
                col_keys(st, 10, &s->cand_keys);
                c.keys = &s->cand_keys;
                if ((mrc = doc_keys_of(s, c.report, &c.doc_keys)) != SQLITE_OK) break;
                same = annals_story_same(m, &c);
            }
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            if (!same && mrc != SQLITE_DONE) { rc = mrc; break; }
            if (!same) continue;
            int64_t *nf = annals_grow(found, &cap_found, n_found + 1, sizeof *nf, 8);
            if (!nf) { rc = SQLITE_NOMEM; break; }
            found = nf;
            found[n_found++] = story;
        }
        sqlite3_reset(cs);
        sqlite3_clear_bindings(cs);
    }
    if (rc == SQLITE_NOMEM) { free(found); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path); }
    if (rc != SQLITE_DONE) { free(found); return db_error(s, ctx, "finding the stories of an event"); }
    int64_t target;
    rc = 0;
    if (n_found == 0) {
        if ((rc = run(s, s->st[ST_NEW_STORY], ctx, "adding a story")) < 0) { free(found); return rc; }
        target = sqlite3_last_insert_rowid(s->db);
    } else {
        target = found[0];
        for (size_t i = 1; i < n_found; i++) if (found[i] < target) target = found[i];
        for (size_t i = 0; i < n_found && rc == 0; i++) {
            if (found[i] == target) continue;
            sqlite3_bind_int64(s->st[ST_MOVE_STORY], 1, target);
            sqlite3_bind_int64(s->st[ST_MOVE_STORY], 2, found[i]);
            rc = run(s, s->st[ST_MOVE_STORY], ctx, "joining two stories");
            if (!rc) {
                sqlite3_bind_int64(s->st[ST_DROP_STORY], 1, found[i]);
                rc = run(s, s->st[ST_DROP_STORY], ctx, "joining two stories");
            }
        }
    }
    free(found);
    if (rc < 0) return rc;
    *story = target;
    if (event_id) {
        sqlite3_bind_int64(s->st[ST_SET_STORY], 1, target);
        sqlite3_bind_int64(s->st[ST_SET_STORY], 2, event_id);
        if ((rc = run(s, s->st[ST_SET_STORY], ctx, "setting an event's story")) < 0) return rc;
    }
    return touch(s, target, false, ctx);
}

/* Recomputes a story's fields and counts from its mentions (story/fields.c);
** a story with no mentions left is dropped. */
static int refresh_story(annals_store *s, int64_t story, annals_ctx *ctx)
{
    sqlite3_stmt *st = s->st[ST_STORY_MENTIONS];
    sqlite3_bind_int64(st, 1, story);
    annals_story_input *in = NULL;
    char **strs = NULL;
    size_t n = 0, cap = 0, scap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        annals_story_input *ni = annals_grow(in, &cap, n + 1, sizeof *ni, 8);
        char **ns = annals_grow(strs, &scap, 7 * (n + 1), sizeof *ns, 56);
        if (ni) in = ni;
        if (ns) strs = ns;
        if (!ni || !ns) { rc = SQLITE_NOMEM; break; }
        annals_story_input *m = &in[n];
        memset(m, 0, sizeof *m);
        m->doc = sqlite3_column_int64(st, 0);
        const char **f[7] = { &m->src, &m->tgt, &m->src_text, &m->tgt_text, &m->code, &m->date, &m->place };
        bool oom = false;
        for (int k = 0; k < 7; k++) {
            const char *t = col_str(st, k + 1);
            strs[7 * n + k] = t ? strdup(t) : NULL;
            if (t && !strs[7 * n + k]) oom = true;
            *f[k] = strs[7 * n + k];
        }
        m->goldstein = sqlite3_column_double(st, 8);
        m->quad_class = sqlite3_column_int(st, 9);
        n++;
        if (oom) { rc = SQLITE_NOMEM; break; }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    int out_rc = 0;
    if (rc == SQLITE_NOMEM) out_rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path);
    else if (rc != SQLITE_DONE) out_rc = db_error(s, ctx, "reading a story's mentions");
    else if (n == 0) {
        sqlite3_bind_int64(s->st[ST_DROP_STORY], 1, story);
        out_rc = run(s, s->st[ST_DROP_STORY], ctx, "dropping an empty story");
    } else {
        annals_story_event ev;
        int64_t n_sources = 0;
        if ((out_rc = annals_story_fields(in, n, &ev, ctx)) == 0) {
            sqlite3_stmt *q = s->st[ST_STORY_SOURCES];
            sqlite3_bind_int64(q, 1, story);
            rc = sqlite3_step(q);
            if (rc == SQLITE_ROW) n_sources = sqlite3_column_int64(q, 0);
            sqlite3_reset(q);
            sqlite3_clear_bindings(q);
            if (rc != SQLITE_ROW) out_rc = db_error(s, ctx, "counting a story's sources");
            else {
                q = s->st[ST_STORY_UPDATE];
                sqlite3_bind_int64(q, 1, story);
                bind_cstr(q, 2, ev.code);
                bind_cstr(q, 3, ev.root);
                sqlite3_bind_int(q, 4, ev.quad_class);
                sqlite3_bind_double(q, 5, ev.goldstein);
                bind_cstr(q, 6, ev.src);
                bind_cstr(q, 7, ev.tgt);
                bind_cstr(q, 8, ev.src_text);
                bind_cstr(q, 9, ev.tgt_text);
                bind_cstr(q, 10, ev.date);
                bind_cstr(q, 11, ev.place);
                sqlite3_bind_int64(q, 12, (sqlite3_int64)ev.n_mentions);
                sqlite3_bind_int64(q, 13, n_sources);
                sqlite3_bind_int64(q, 14, (sqlite3_int64)ev.n_reports);
                bind_cstr(q, 15, ev.disagreements);
                out_rc = run(s, q, ctx, "updating a story");
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
    sqlite3_stmt *q = s->st[ST_STORY_SOURCES];
    sqlite3_bind_int64(q, 1, story);
    int rc = sqlite3_step(q);
    int64_t n_sources = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_ROW) return db_error(s, ctx, "counting a story's sources");
    q = s->st[ST_STORY_SET_SOURCES];
    sqlite3_bind_int64(q, 1, story);
    sqlite3_bind_int64(q, 2, n_sources);
    return run(s, q, ctx, "updating a story's sources");
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
    sqlite3_stmt *st = s->st[ST_NEAR];
    for (int i = 0; i < 8; i++) sqlite3_bind_text(st, i + 1, hex + 2 * i, 2, SQLITE_TRANSIENT);
    *out = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = col_str(st, 1);
        unsigned long long other = t ? strtoull(t, NULL, 16) : 0;
        int64_t id = sqlite3_column_int64(st, 0);
        if (t && annals_story_hamming(h, other) <= STORE_NEAR_BITS && (!*out || id < *out)) *out = id;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(s, ctx, "looking for a near-duplicate");
    return 0;
}


/* The document's row of document_keys: s->doc_keys, its SimHash (hex, or NULL). */
static int put_doc_keys(annals_store *s, int64_t doc_id, bool original, const char *hex, annals_ctx *ctx)
{
    if (s->doc_cache) s->doc_cache[(uint64_t)doc_id % STORE_DOC_CACHE].doc_id = 0;
    sqlite3_stmt *st = s->st[ST_DOC_KEYS];
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_int(st, 2, original);
    bind_cstr(st, 3, hex);
    bind_keys(st, 4, s, &s->doc_keys);
    return run(s, st, ctx, "storing a document's keys");
}

/* Ids that a query returns (one column), malloc'd. */
static int ids_of(annals_store *s, const char *sql, int64_t **out, size_t *n, annals_ctx *ctx)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return db_error(s, ctx, sql);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *nv = annals_grow(*out, &cap, *n + 1, sizeof *nv, 64);
        if (!nv) { rc = SQLITE_NOMEM; break; }
        *out = nv;
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 0;
    free(*out);
    *out = NULL;
    return rc == SQLITE_NOMEM ? annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", s->path)
                              : db_error(s, ctx, sql);
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
    sqlite3_stmt *get = NULL, *put = NULL;
    if (rc < 0) return rc;
    if (n && (sqlite3_prepare_v2(s->db, "SELECT text, copy_of FROM documents WHERE id = ?1", -1, &get, NULL) != SQLITE_OK ||
              sqlite3_prepare_v2(s->db, "UPDATE documents SET simhash = ?2 WHERE id = ?1", -1, &put, NULL) != SQLITE_OK))
        rc = db_error(s, ctx, "migrating documents");
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int64(get, 1, ids[i]);
        if (sqlite3_step(get) == SQLITE_ROW) {
            const char *t = col_str(get, 0);
            size_t len = t ? (size_t)sqlite3_column_bytes(get, 0) : 0, sh_n;
            uint64_t sh = annals_story_simhash(t ? t : "", len, &sh_n);
            annals_story_doc_keys(t ? t : "", len, &s->doc_keys);
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sh);
            bool original = sqlite3_column_type(get, 1) == SQLITE_NULL;
            sqlite3_bind_int64(put, 1, ids[i]);
            if (sh_n >= STORE_MIN_SHINGLES) sqlite3_bind_text(put, 2, hex, 16, SQLITE_TRANSIENT);
            else sqlite3_bind_null(put, 2);
            rc = run(s, put, ctx, "migrating documents");
            if (rc == 0) rc = put_doc_keys(s, ids[i], original, sh_n >= STORE_MIN_SHINGLES ? hex : NULL, ctx);
        }
        sqlite3_reset(get);
    }
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    free(ids);
    if (rc < 0) return rc;
    if ((rc = exec(s, "INSERT INTO document_sources(doc_id, url, outlet, name, hash)"
                      " SELECT id, url, outlet, name, hash FROM documents d WHERE copy_of IS NULL AND"
                      " NOT EXISTS (SELECT 1 FROM document_sources x WHERE x.hash = d.hash)",
                   ctx, "migrating document sources")) < 0)
        return rc;

    if ((rc = ids_of(s, "SELECT id FROM events WHERE story_id IS NULL ORDER BY id", &ids, &n, ctx)) < 0) return rc;
    get = put = NULL;
    if (n && (sqlite3_prepare_v2(s->db, "SELECT e.doc_id, e.sentence_idx, e.src, e.tgt, e.code, e.root, e.date,"
                                        " d.pub_date, e.place, e.evidence, k.keys FROM events e"
                                        " JOIN documents d ON d.id = e.doc_id"
                                        " LEFT JOIN document_keys k ON k.doc_id = e.doc_id WHERE e.id = ?1", -1, &get, NULL) != SQLITE_OK ||
              sqlite3_prepare_v2(s->db, "UPDATE events SET keys = ?2 WHERE id = ?1", -1, &put, NULL) != SQLITE_OK))
        rc = db_error(s, ctx, "migrating events");
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int64(get, 1, ids[i]);
        if (sqlite3_step(get) == SQLITE_ROW) {
            annals_story_mention m;
            col_mention(get, 0, &m);
            char *place = col_str(get, 8) ? strdup(col_str(get, 8)) : NULL;
            m.place = place;
            const char *ev = col_str(get, 9);
            annals_story_sentence_keys(ev ? ev : "", ev ? (size_t)sqlite3_column_bytes(get, 9) : 0, &s->keys);
            m.year = annals_story_past_year(ev ? ev : "", ev ? (size_t)sqlite3_column_bytes(get, 9) : 0, m.pub_date);
            col_keys(get, 10, &s->doc_keys);
            m.keys = &s->keys;
            m.doc_keys = &s->doc_keys;
            sqlite3_reset(get);
            sqlite3_bind_int64(put, 1, ids[i]);
            bind_keys(put, 2, s, &s->keys);
            rc = run(s, put, ctx, "migrating events");
            int64_t story;
            if (rc == 0) rc = assign_story(s, ids[i], &m, &story, ctx);
            free(place);
        } else sqlite3_reset(get);
    }
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    free(ids);
    if (rc < 0) return rc;
    return refresh_touched(s, ctx);
}

static int put_doc_rows(annals_store *s, const annals_doc *d, annals_ctx *ctx)
{
    sqlite3_stmt *st = s->st[ST_DOC];
    sqlite3_bind_text(st, 1, d->hash, -1, SQLITE_STATIC);
    bind_cstr(st, 2, d->name);
    bind_cstr(st, 3, d->path);
    bind_cstr(st, 4, d->url);
    bind_cstr(st, 5, d->outlet);
    bind_text(st, 6, d->pub_date, strnlen(d->pub_date, sizeof d->pub_date));
    bind_cstr(st, 7, format_name(d->format));
    bind_text(st, 8, d->text, d->text ? d->text_len : 0);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)d->invalid_bytes);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)d->dropped_lines);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)d->n_sent);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)d->n_event);
    size_t n_shingles = 0;
    uint64_t sh = annals_story_simhash(d->text ? d->text : "", d->text ? d->text_len : 0, &n_shingles);
    int64_t original = 0;
    int rc;
    if (n_shingles >= STORE_MIN_SHINGLES && (rc = find_original(s, sh, &original, ctx)) < 0) return rc;
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sh);
    st = s->st[ST_DOC];   /* find_original ran another statement: ST_DOC's bindings stand */
    if (n_shingles >= STORE_MIN_SHINGLES) sqlite3_bind_text(st, 13, hex, 16, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, 13);
    if (original) sqlite3_bind_int64(st, 14, original);
    else sqlite3_bind_null(st, 14);
    rc = run(s, st, ctx, "storing a document");
    if (rc < 0) return rc;
    sqlite3_int64 doc_id = sqlite3_last_insert_rowid(s->db);
    /* a copy has no mentions of its own: no story reads its keys */
    if (original) s->doc_keys.n = 0;
    else annals_story_doc_keys(d->text ? d->text : "", d->text ? d->text_len : 0, &s->doc_keys);
    if ((rc = put_doc_keys(s, doc_id, !original, n_shingles >= STORE_MIN_SHINGLES ? hex : NULL, ctx)) < 0) return rc;

    /* a near-duplicate is one more source of the original: no new mentions */
    st = s->st[ST_SOURCE];
    sqlite3_bind_int64(st, 1, original ? original : doc_id);
    bind_cstr(st, 2, d->url);
    bind_cstr(st, 3, d->outlet);
    bind_cstr(st, 4, d->name);
    sqlite3_bind_text(st, 5, d->hash, -1, SQLITE_STATIC);
    if ((rc = run(s, st, ctx, "storing a document's source")) < 0) return rc;

    st = s->st[ST_SENT];
    for (size_t i = 0; i < d->n_sent; i++) {
        const annals_sentence *se = &d->sent[i];
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(st, 3, se->off);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)se->off + se->len);
        bind_range(st, 5, d, se->off, se->len);
        if ((rc = run(s, st, ctx, "storing a sentence")) < 0) return rc;
    }

    if (original) {
        /* the original's stories gain a source */
        st = s->st[ST_DOC_STORIES];
        sqlite3_bind_int64(st, 1, original);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (touch(s, sqlite3_column_int64(st, 0), true, ctx) < 0) { rc = SQLITE_NOMEM; break; }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE) return rc == SQLITE_NOMEM ? ANNALS_ENOMEM : db_error(s, ctx, "finding a document's stories");
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
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, e->sent);
        sqlite3_bind_text(st, 3, e->code, (int)strnlen(e->code, sizeof e->code), SQLITE_STATIC);
        size_t rl = strnlen(e->root, sizeof e->root);
        if (rl) sqlite3_bind_text(st, 4, e->root, (int)rl, SQLITE_STATIC);
        else sqlite3_bind_text(st, 4, e->code, (int)strnlen(e->code, 2), SQLITE_STATIC);
        sqlite3_bind_int(st, 5, e->quad_class);
        sqlite3_bind_double(st, 6, e->goldstein);
        bind_text(st, 7, e->src, strnlen(e->src, sizeof e->src));
        bind_text(st, 8, e->tgt, strnlen(e->tgt, sizeof e->tgt));
        bind_range(st, 9, d, e->src_off, e->src_len);
        bind_range(st, 10, d, e->tgt_off, e->tgt_len);
        bind_range(st, 11, d, e->verb_off, e->verb_len);
        bind_text(st, 12, e->date, strnlen(e->date, sizeof e->date));
        bind_cstr(st, 13, e->place);
        if (e->sent < d->n_sent) bind_range(st, 14, d, d->sent[e->sent].off, d->sent[e->sent].len);
        else sqlite3_bind_null(st, 14);
        if (e->confidence >= 0) sqlite3_bind_double(st, 15, e->confidence);
        else sqlite3_bind_null(st, 15);
        const uint32_t offs[6] = { e->src_off, e->src_len, e->tgt_off, e->tgt_len, e->verb_off, e->verb_len };
        for (int k = 0; k < 3; k++) {
            if (offs[2 * k + 1] && d->text && (uint64_t)offs[2 * k] + offs[2 * k + 1] <= d->text_len) {
                sqlite3_bind_int64(st, 16 + 2 * k, offs[2 * k]);
                sqlite3_bind_int64(st, 17 + 2 * k, offs[2 * k + 1]);
            } else {
                sqlite3_bind_null(st, 16 + 2 * k);
                sqlite3_bind_null(st, 17 + 2 * k);
            }
        }
        bind_keys(st, 22, s, &s->keys);
        sqlite3_bind_int64(st, 23, story);
        if ((rc = run(s, st, ctx, "storing an event")) < 0) return rc;
    }
    return s->in_batch ? 0 : refresh_touched(s, ctx);
}

int annals_store_put_doc(annals_store *s, const annals_doc *doc, annals_ctx *ctx)
{
    int rc = annals_store_has_doc(s, doc->hash, ctx);
    if (rc != 0) return rc < 0 ? rc : 0;
    if ((rc = run(s, s->st[ST_SP], ctx, "starting a document")) < 0) return rc;
    /* the stories a failed document touched stay on the list: refreshing them is harmless */
    rc = put_doc_rows(s, doc, ctx);
    if (rc < 0) {
        forget_doc_keys(s);   /* the ids of rolled back documents come again */
        /* keep the message of the first error; undo this document only */
        sqlite3_step(s->st[ST_SP_ROLLBACK]);
        sqlite3_reset(s->st[ST_SP_ROLLBACK]);
        sqlite3_step(s->st[ST_SP_RELEASE]);
        sqlite3_reset(s->st[ST_SP_RELEASE]);
        return rc;
    }
    if ((rc = run(s, s->st[ST_SP_RELEASE], ctx, "finishing a document")) < 0) return rc;
    return 1;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "?";
}

int annals_store_print_summary(annals_store *s, FILE *f, annals_ctx *ctx)
{
    int64_t n_docs, n_sent, n_ev;
    int rc;
    if ((rc = int_query(s, "SELECT count(*) FROM documents", &n_docs, ctx)) < 0 ||
        (rc = int_query(s, "SELECT count(*) FROM sentences", &n_sent, ctx)) < 0 ||
        (rc = int_query(s, "SELECT count(*) FROM events", &n_ev, ctx)) < 0)
        return rc;
    fprintf(f, "store: %s\n", s->path);
    fprintf(f, "documents: %lld\n", (long long)n_docs);
    fprintf(f, "sentences: %lld\n", (long long)n_sent);
    fprintf(f, "events: %lld\n", (long long)n_ev);

    static const char by_root_sql[] =
        "SELECT e.root, coalesce(r.name, '(no CAMEO root)'), count(*) FROM events e"
        " LEFT JOIN cameo_roots r ON r.root = e.root GROUP BY e.root ORDER BY e.root";
    static const char dyads_sql[] =
        "SELECT src, tgt, count(*) AS n FROM events WHERE src IS NOT NULL AND tgt IS NOT NULL"
        " GROUP BY src, tgt ORDER BY n DESC, src, tgt LIMIT 10";
    const char *const sql[2] = { by_root_sql, dyads_sql };
    for (int q = 0; q < 2; q++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sql[q], -1, &st, NULL) != SQLITE_OK)
            return db_error(s, ctx, "preparing the summary");
        bool first = true;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (first) fputs(q == 0 ? "events by root:\n" : "top dyads:\n", f);
            first = false;
            if (q == 0)
                fprintf(f, "  %s %-34s %lld\n", col_text(st, 0), col_text(st, 1),
                        (long long)sqlite3_column_int64(st, 2));
            else
                fprintf(f, "  %s -> %-16s %lld\n", col_text(st, 0), col_text(st, 1),
                        (long long)sqlite3_column_int64(st, 2));
        }
        if (rc != SQLITE_DONE) {
            rc = db_error(s, ctx, "reading the summary");
            sqlite3_finalize(st);
            return rc;
        }
        sqlite3_finalize(st);
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
        " FROM story_events WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
        " AND (?3 IS NULL OR substr(src, 1, length(?3)) = ?3 OR substr(tgt, 1, length(?3)) = ?3)"
        " AND n_articles >= ?4 ORDER BY date, id";
    static const char mentions_sql[] =
        "SELECT d.id, coalesce(d.name, d.hash), coalesce(d.outlet, ''), coalesce(d.pub_date, 'undated'), e.code,"
        " coalesce(e.evidence, ''), (SELECT count(*) - 1 FROM document_sources x WHERE x.doc_id = d.id)"
        " FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id = ?1 ORDER BY d.id, e.id";
    sqlite3_stmt *st = NULL, *ms = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, mentions_sql, -1, &ms, NULL) != SQLITE_OK) {
        int rc = db_error(s, ctx, "preparing the story listing");
        sqlite3_finalize(st);
        return rc;
    }
    bind_cstr(st, 1, flt ? flt->from : NULL);
    bind_cstr(st, 2, flt ? flt->to : NULL);
    bind_cstr(st, 3, flt ? flt->actor : NULL);
    sqlite3_bind_int64(st, 4, flt ? flt->min_reports : 0);
    int rc, printed = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        fprintf(f, "story %lld  %s  %s %s  %s -> %s", (long long)id, col_text(st, 6), col_text(st, 1),
                col_text(st, 12), col_text(st, 2), col_text(st, 3));
        if (*col_text(st, 7)) fprintf(f, "  in %s", col_text(st, 7));
        fprintf(f, "\n  %lld mention(s), %lld report(s), %lld source(s)", (long long)sqlite3_column_int64(st, 8),
                (long long)sqlite3_column_int64(st, 10), (long long)sqlite3_column_int64(st, 9));
        if (*col_text(st, 4) || *col_text(st, 5))
            fprintf(f, "; actors: %s / %s", *col_text(st, 4) ? col_text(st, 4) : "-", *col_text(st, 5) ? col_text(st, 5) : "-");
        fputc('\n', f);
        sqlite3_bind_int64(ms, 1, id);
        while ((rc = sqlite3_step(ms)) == SQLITE_ROW) {
            fprintf(f, "  [doc %lld] %s", (long long)sqlite3_column_int64(ms, 0), col_text(ms, 1));
            if (*col_text(ms, 2)) fprintf(f, " (%s)", col_text(ms, 2));
            fprintf(f, " %s, %s", col_text(ms, 3), col_text(ms, 4));
            if (sqlite3_column_int64(ms, 6) > 0) fprintf(f, ", +%lld copies", (long long)sqlite3_column_int64(ms, 6));
            fprintf(f, ": %s\n", col_text(ms, 5));
        }
        sqlite3_reset(ms);
        if (rc != SQLITE_DONE) break;
        print_disagreements(f, (const char *)sqlite3_column_text(st, 11));
        fputc('\n', f);
        printed++;
    }
    if (rc != SQLITE_DONE) rc = db_error(s, ctx, "listing stories");
    else rc = ferror(f) ? annals_error_set(ctx, ANNALS_EIO, "%s: cannot write the story listing", s->path) : printed;
    sqlite3_finalize(st);
    sqlite3_finalize(ms);
    return rc;
}
