/* SPDX-License-Identifier: MIT
** store/db.c -- the store's database interface (db.h): the dialect table, the SQLite
** side, and the calls that hand PostgreSQL statements to db_pg.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db.h"

struct annals_db {
    annals_db_kind kind;
    char *name;
    sqlite3 *lite;
    annals_pg *pg;
    bool has_data_version;             /* PostgreSQL: the data_version table is there */
};

struct annals_db_stmt {
    annals_db *db;
    sqlite3_stmt *lite;
    annals_pg_stmt *pg;
};

/* What the two dialects spell differently: the one place (db.h lists them). */
static const struct { const char *token, *sqlite, *pg; } dialect[] = {
    { "{id}", "INTEGER PRIMARY KEY", "BIGINT PRIMARY KEY" },
    { "{int}", "INTEGER", "BIGINT" },
    { "{real}", "REAL", "DOUBLE PRECISION" },
    { "{text}", "TEXT", "TEXT COLLATE \"C\"" },
    { "{blob}", "BLOB", "BYTEA" },
    { "{now}", "strftime('%Y-%m-%dT%H:%M:%SZ','now')",
      "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" },
    { "{view}", "CREATE VIEW IF NOT EXISTS", "CREATE OR REPLACE VIEW" },
    { "{rowid}", "rowid", "ctid" },
};

bool annals_db_is_uri(const char *target)
{
    return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

char *annals_db_expand(annals_db_kind kind, const char *sql)
{
    size_t cap = strlen(sql) + 1, n = 0;
    for (const char *p = sql; (p = strchr(p, '{')); p++) cap += 64;   /* the longest spelling */
    char *out = malloc(cap);
    if (!out) return NULL;
    for (const char *p = sql; *p;) {
        size_t k = 0, nk = sizeof dialect / sizeof *dialect;
        if (*p == '{')
            while (k < nk && strncmp(p, dialect[k].token, strlen(dialect[k].token))) k++;
        if (*p != '{' || k == nk) { out[n++] = *p++; continue; }
        const char *w = kind == ANNALS_DB_PG ? dialect[k].pg : dialect[k].sqlite;
        memcpy(out + n, w, strlen(w));
        n += strlen(w);
        p += strlen(dialect[k].token);
    }
    out[n] = '\0';
    return out;
}

char *annals_db_redact_uri(const char *uri)
{
    char *out = strdup(uri);
    if (!out) return NULL;
    char *auth = strstr(out, "://");
    static const char scheme[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-";
    if (auth && strspn(out, scheme) == (size_t)(auth - out)) {   /* scheme://user:password@ to user@ */
        auth += 3;
        size_t auth_len = strcspn(auth, "/?");
        char *at = NULL;
        for (size_t i = 0; i < auth_len; i++) if (auth[i] == '@') at = auth + i;
        char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) memmove(colon, at, strlen(at) + 1);
    }
    /* a password=... parameter goes too (after '&' or any '?': more than libpq would read) */
    for (char *q = strchr(out, '?'); q && *q;) {
        char *param = q + 1, *end = param + strcspn(param, "&?");
        if (!strncmp(param, "password=", 9)) {
            memmove(param, *end ? end + 1 : end, strlen(*end ? end + 1 : end) + 1);
            if (!*param) *q = '\0';
            continue;
        }
        q = *end ? end : NULL;
    }
    return out;
}

static int lite_error(annals_db *db, annals_ctx *ctx, const char *what)
{
    int code = sqlite3_errcode(db->lite);
    int rc = code == SQLITE_NOMEM ? ANNALS_ENOMEM
           : code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? ANNALS_EFORMAT
           : code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL ||
             code == SQLITE_READONLY ? ANNALS_EIO
           : ANNALS_ERROR;
    return annals_error_set(ctx, rc, "%s: %s: %s", db->name, what, sqlite3_errmsg(db->lite));
}

int annals_db_open(annals_db **out, const char *target, annals_db_mode mode, annals_ctx *ctx)
{
    *out = NULL;
    annals_db *db = calloc(1, sizeof *db);
    bool uri = annals_db_is_uri(target);
    if (!db || !(db->name = uri ? annals_db_redact_uri(target) : strdup(target))) {
        free(db);
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", uri ? "database" : target);
    }
    int rc;
    if (uri) {
        db->kind = ANNALS_DB_PG;
        if ((rc = annals_pg_open(&db->pg, target, db->name, ctx)) < 0) { annals_db_close(db); return rc; }
        *out = db;
        return 0;
    }
    db->kind = ANNALS_DB_SQLITE;
    int flags = mode == ANNALS_DB_READ ? SQLITE_OPEN_READONLY
              : mode == ANNALS_DB_WRITE ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(target, &db->lite, flags, NULL) != SQLITE_OK) {
        rc = db->lite ? annals_error_set(ctx, ANNALS_EIO, "%s: cannot open database: %s", target,
                                         sqlite3_errmsg(db->lite))
                      : annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", target);
        annals_db_close(db);
        return rc;
    }
    sqlite3_extended_result_codes(db->lite, 0);
    sqlite3_busy_timeout(db->lite, 5000);
    *out = db;
    return 0;
}

void annals_db_close(annals_db *db)
{
    if (!db) return;
    if (db->lite) {
        if (!sqlite3_get_autocommit(db->lite)) sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(db->lite);
    }
    annals_pg_close(db->pg);
    free(db->name);
    free(db);
}

annals_db_kind annals_db_kind_of(const annals_db *db) { return db->kind; }
const char *annals_db_name(const annals_db *db) { return db->name; }
struct sqlite3 *annals_db_sqlite(annals_db *db) { return db->lite; }

int annals_db_exec(annals_db *db, const char *sql, annals_ctx *ctx, const char *what)
{
    char *x = annals_db_expand(db->kind, sql);
    if (!x) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
    int rc = 0;
    if (db->pg) rc = annals_pg_exec(db->pg, x, ctx, what);
    else if (sqlite3_exec(db->lite, x, NULL, NULL, NULL) != SQLITE_OK) rc = lite_error(db, ctx, what);
    free(x);
    return rc;
}

int annals_db_int(annals_db *db, const char *sql, int64_t *out, annals_ctx *ctx)
{
    annals_db_stmt *st;
    int rc = annals_db_prepare(db, sql, &st, ctx, sql);
    if (rc < 0) return rc;
    *out = 0;
    rc = annals_db_run(st, out, ctx, sql);
    annals_db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The store's writer lock on PostgreSQL: one advisory lock key, "annals" in ASCII. */
#define DB_WRITER_LOCK "SELECT pg_advisory_xact_lock(107083470041459)"

/* PostgreSQL: every write transaction moves the store's data version (schema v5, the
** one-row table data_version, docs/store.md) under the writer lock, so that it commits
** with the transaction's changes and a reader that sees the new number sees them too
** (annals serve keys its answer cache by it, as by SQLite's PRAGMA data_version). A
** store from before v5 has no such table until a writer opens it (the schema
** transaction makes it); until then nothing is bumped, and nothing is cached. */
static int bump_data_version(annals_db *db, annals_ctx *ctx)
{
    if (!db->has_data_version) {
        int64_t there = 0;
        int rc = annals_db_int(db, "SELECT to_regclass('data_version') IS NOT NULL", &there, ctx);
        if (rc < 0) return rc;
        if (!(db->has_data_version = there != 0)) return 0;
    }
    return annals_pg_exec(db->pg, ANNALS_DB_BUMP_DATA_VERSION, ctx, "moving the data version");
}

int annals_db_begin(annals_db *db, bool write, annals_ctx *ctx)
{
    if (db->pg) {
        int rc = annals_pg_exec(db->pg, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                                ctx, "beginning a transaction");
        if (rc == 0 && write && ((rc = annals_pg_exec(db->pg, DB_WRITER_LOCK, ctx, "waiting for the writer lock")) < 0 ||
                                 (rc = bump_data_version(db, ctx)) < 0))
            annals_db_rollback(db);
        return rc;
    }
    return annals_db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", ctx, "beginning a transaction");
}

int annals_db_commit(annals_db *db, annals_ctx *ctx)
{
    return annals_db_exec(db, "COMMIT", ctx, "committing");
}

void annals_db_rollback(annals_db *db)
{
    if (annals_db_in_transaction(db)) {
        if (db->pg) annals_pg_exec(db->pg, "ROLLBACK", NULL, NULL);
        else sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
    }
}

bool annals_db_in_transaction(annals_db *db)
{
    return db->pg ? annals_pg_in_transaction(db->pg) : !sqlite3_get_autocommit(db->lite);
}

int annals_db_prepare(annals_db *db, const char *sql, annals_db_stmt **out, annals_ctx *ctx, const char *what)
{
    *out = NULL;
    annals_db_stmt *st = calloc(1, sizeof *st);
    char *x = st ? annals_db_expand(db->kind, sql) : NULL;
    if (!x) {
        free(st);
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
    }
    st->db = db;
    int rc = 0;
    if (db->pg) {
        if (!(st->pg = annals_pg_prepare(db->pg, x))) rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
    } else if (sqlite3_prepare_v3(db->lite, x, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL) != SQLITE_OK)
        rc = lite_error(db, ctx, what);
    free(x);
    if (rc < 0) { annals_db_finalize(st); return rc; }
    *out = st;
    return 0;
}

void annals_db_finalize(annals_db_stmt *st)
{
    if (!st) return;
    sqlite3_finalize(st->lite);
    annals_pg_finalize(st->pg);
    free(st);
}

void annals_db_bind_int(annals_db_stmt *st, int i, int64_t v)
{
    if (st->pg) annals_pg_bind(st->pg, i, 'i', &v, sizeof v);
    else sqlite3_bind_int64(st->lite, i, v);
}

void annals_db_bind_double(annals_db_stmt *st, int i, double v)
{
    if (st->pg) annals_pg_bind(st->pg, i, 'd', &v, sizeof v);
    else sqlite3_bind_double(st->lite, i, v);
}

void annals_db_bind_text(annals_db_stmt *st, int i, const char *s, size_t n)
{
    if (!s) annals_db_bind_null(st, i);
    else if (st->pg) annals_pg_bind(st->pg, i, 't', s, n);
    else sqlite3_bind_text64(st->lite, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void annals_db_bind_str(annals_db_stmt *st, int i, const char *s)
{
    annals_db_bind_text(st, i, s, s ? strlen(s) : 0);
}

void annals_db_bind_blob(annals_db_stmt *st, int i, const void *b, size_t n)
{
    if (!b || !n) annals_db_bind_null(st, i);
    else if (st->pg) annals_pg_bind(st->pg, i, 'b', b, n);
    else sqlite3_bind_blob64(st->lite, i, b, n, SQLITE_TRANSIENT);
}

void annals_db_bind_borrowed(annals_db_stmt *st, int i, const char *s, size_t n)
{
    if (!s) annals_db_bind_null(st, i);
    else if (st->pg) annals_pg_bind(st->pg, i, 't', s, n);
    else sqlite3_bind_text64(st->lite, i, s, n, SQLITE_STATIC, SQLITE_UTF8);
}

void annals_db_bind_null(annals_db_stmt *st, int i)
{
    if (st->pg) annals_pg_bind(st->pg, i, 0, NULL, 0);
    else sqlite3_bind_null(st->lite, i);
}

int annals_db_step(annals_db_stmt *st, annals_ctx *ctx, const char *what)
{
    if (st->pg) return annals_pg_step(st->pg, ctx, what);
    int rc = sqlite3_step(st->lite);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    return lite_error(st->db, ctx, what);
}

void annals_db_reset(annals_db_stmt *st)
{
    if (st->pg) annals_pg_reset(st->pg);
    else {
        sqlite3_reset(st->lite);
        sqlite3_clear_bindings(st->lite);
    }
}

int annals_db_run(annals_db_stmt *st, int64_t *id, annals_ctx *ctx, const char *what)
{
    int rc = annals_db_step(st, ctx, what), got = rc;
    if (rc == 1 && id) *id = annals_db_col_int(st, 0);
    while (rc == 1) rc = annals_db_step(st, ctx, what);
    annals_db_reset(st);
    return rc < 0 ? rc : got;
}

bool annals_db_col_null(annals_db_stmt *st, int i)
{
    if (st->pg) return annals_pg_col(st->pg, i, NULL) == NULL;
    return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
}

int64_t annals_db_col_int(annals_db_stmt *st, int i)
{
    if (!st->pg) return sqlite3_column_int64(st->lite, i);
    const char *t = annals_pg_col(st->pg, i, NULL);
    if (!t) return 0;
    if (!strcmp(t, "t")) return 1;   /* a boolean */
    return strtoll(t, NULL, 10);
}

double annals_db_col_double(annals_db_stmt *st, int i)
{
    if (!st->pg) return sqlite3_column_double(st->lite, i);
    const char *t = annals_pg_col(st->pg, i, NULL);
    return t ? strtod(t, NULL) : 0.0;
}

const char *annals_db_col_text(annals_db_stmt *st, int i)
{
    if (st->pg) return annals_pg_col(st->pg, i, NULL);
    return (const char *)sqlite3_column_text(st->lite, i);
}

size_t annals_db_col_bytes(annals_db_stmt *st, int i)
{
    size_t n = 0;
    if (st->pg) annals_pg_col(st->pg, i, &n);
    else n = (size_t)sqlite3_column_bytes(st->lite, i);
    return n;
}

const void *annals_db_col_blob(annals_db_stmt *st, int i, size_t *n)
{
    if (st->pg) return annals_pg_col_blob(st->pg, i, n);
    const void *b = sqlite3_column_blob(st->lite, i);
    *n = b ? (size_t)sqlite3_column_bytes(st->lite, i) : 0;
    return b;
}

int annals_db_col_count(annals_db_stmt *st)
{
    return st->pg ? annals_pg_col_count(st->pg) : sqlite3_column_count(st->lite);
}

const char *annals_db_col_name(annals_db_stmt *st, int i)
{
    const char *name = st->pg ? annals_pg_col_name(st->pg, i) : sqlite3_column_name(st->lite, i);
    return name ? name : "";
}

annals_db_type annals_db_col_type(annals_db_stmt *st, int i)
{
    if (st->pg) return annals_pg_col_type(st->pg, i);
    switch (sqlite3_column_type(st->lite, i)) {
    case SQLITE_INTEGER: return ANNALS_DB_INTEGER;
    case SQLITE_FLOAT: return ANNALS_DB_FLOAT;
    case SQLITE_NULL: return ANNALS_DB_NULL;
    default: return ANNALS_DB_TEXT;
    }
}

bool annals_db_lost(const annals_db *db)
{
    return db->pg && annals_pg_lost(db->pg);
}
