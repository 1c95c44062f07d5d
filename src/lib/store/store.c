/* SPDX-License-Identifier: MIT
** store/store.c -- the SQLite event store (sqlite3.h is included only here, in fts.c and in src/lib/query/).
**
** One database file: documents (keyed by the SHA-256 of their raw bytes),
** sentences, actors, events, the cameo_roots name table and the events_v view;
** the schema is written out in docs/store.md. WAL journal, synchronous=NORMAL,
** foreign keys on. Statements are prepared once at open and reused. Callers
** group documents with begin/commit (BEGIN IMMEDIATE); each put_doc also runs
** inside a SAVEPOINT, so a document is stored whole or not at all, in a batch
** or not. Every SQLite error becomes an annals error naming the database. */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "annals/store.h"
#include "annals/output.h"
#include "store_fts.h"

#define STORE_SCHEMA_VERSION 2

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  hash TEXT UNIQUE NOT NULL,\n"
    "  name TEXT, path TEXT, url TEXT, outlet TEXT, pub_date TEXT, format TEXT, text TEXT,\n"
    "  invalid_bytes INTEGER, dropped_lines INTEGER, n_sentences INTEGER, n_events INTEGER,\n"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
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
    "  confidence REAL);\n"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root);\n"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(src, tgt);\n"
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);\n"
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);\n"
    "CREATE TABLE IF NOT EXISTS cameo_roots(root TEXT PRIMARY KEY, name TEXT NOT NULL);\n"
    "CREATE VIEW IF NOT EXISTS events_v AS\n"
    "  SELECT e.*, d.name AS doc_name, d.url AS doc_url, d.pub_date AS doc_pub_date,\n"
    "         r.name AS root_name\n"
    "  FROM events e JOIN documents d ON d.id = e.doc_id\n"
    "  LEFT JOIN cameo_roots r ON r.root = e.root;\n";

enum {
    ST_HAS, ST_DOC, ST_SENT, ST_ACTOR, ST_EVENT, ST_BEGIN, ST_COMMIT,
    ST_SP, ST_SP_RELEASE, ST_SP_ROLLBACK, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_HAS] = "SELECT 1 FROM documents WHERE hash = ?1",
    [ST_DOC] = "INSERT INTO documents(hash, name, path, url, outlet, pub_date, format, text,"
               " invalid_bytes, dropped_lines, n_sentences, n_events)"
               " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_SENT] = "INSERT INTO sentences(doc_id, idx, start, \"end\", text) VALUES(?1, ?2, ?3, ?4, ?5)",
    [ST_ACTOR] = "INSERT OR IGNORE INTO actors(code, country, role) VALUES(?1, ?2, ?3)",
    [ST_EVENT] = "INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt,"
                 " src_text, tgt_text, verb_text, date, place, evidence, confidence)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_SP] = "SAVEPOINT put_doc",
    [ST_SP_RELEASE] = "RELEASE put_doc",
    [ST_SP_ROLLBACK] = "ROLLBACK TO put_doc",
};

struct annals_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *st[ST_COUNT];
    bool in_batch;
};

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
    /* migrations: v1 -> v2 adds events.confidence (NULL for events coded before it) */
    if (version == 1 && (rc = exec(s, "ALTER TABLE events ADD COLUMN confidence REAL", ctx, "migrating the schema to v2")) < 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        annals_store_close(s);
        return rc;
    }
    if ((rc = exec(s, schema_sql, ctx, "creating schema")) < 0 ||
        (rc = fill_roots(s, ctx)) < 0 ||
        (annals_store_fts_ensure(s->db) != SQLITE_OK &&
         (rc = db_error(s, ctx, "creating the full-text index")) < 0) ||
        (rc = exec(s, "PRAGMA user_version=2", ctx, "setting schema version")) < 0 ||
        (rc = exec(s, "COMMIT", ctx, "creating schema")) < 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        annals_store_close(s);
        return rc;
    }
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL)
            != SQLITE_OK) {
            rc = db_error(s, ctx, "preparing statements");
            annals_store_close(s);
            return rc;
        }
    }
    *out = s;
    return 0;
}

void annals_store_close(annals_store *s)
{
    if (!s) return;
    if (s->in_batch && s->db) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
    if (s->db) sqlite3_close_v2(s->db);
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

int annals_store_commit(annals_store *s, annals_ctx *ctx)
{
    if (!s->in_batch) return 0;
    int rc = run(s, s->st[ST_COMMIT], ctx, "committing a batch");
    if (rc == 0) s->in_batch = false;
    else if (sqlite3_get_autocommit(s->db)) s->in_batch = false;   /* SQLite rolled it back */
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
    int rc = run(s, st, ctx, "storing a document");
    if (rc < 0) return rc;
    sqlite3_int64 doc_id = sqlite3_last_insert_rowid(s->db);

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

    for (size_t i = 0; i < d->n_event; i++) {
        const annals_event *e = &d->event[i];
        if ((rc = put_actor(s, e->src, ctx)) < 0 || (rc = put_actor(s, e->tgt, ctx)) < 0) return rc;
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
        if ((rc = run(s, st, ctx, "storing an event")) < 0) return rc;
    }
    return 0;
}

int annals_store_put_doc(annals_store *s, const annals_doc *doc, annals_ctx *ctx)
{
    int rc = annals_store_has_doc(s, doc->hash, ctx);
    if (rc != 0) return rc < 0 ? rc : 0;
    if ((rc = run(s, s->st[ST_SP], ctx, "starting a document")) < 0) return rc;
    rc = put_doc_rows(s, doc, ctx);
    if (rc < 0) {
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
