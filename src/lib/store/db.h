/* SPDX-License-Identifier: MIT
** store/db.h -- private to the store and the query module (src/lib/query/): one small
** database interface over SQLite (db.c) and PostgreSQL through libpq (db_pg.c).
**
** A store is named by a file path (SQLite) or a postgresql:// (or postgres://) URI.
** Statements are written once, in the SQL both accept (ON CONFLICT ... DO NOTHING /
** DO UPDATE, RETURNING, IS NOT DISTINCT FROM), with ?N placeholders (rewritten to $N for
** libpq) and a few {tokens} for what the dialects spell differently, all expanded here
** (annals_db_expand, the table in db.c):
**
**   {id}    INTEGER PRIMARY KEY           BIGINT PRIMARY KEY   (ids are given by the
**                                         store: max + 1, as SQLite's rowid would be)
**   {int}   INTEGER                       BIGINT
**   {real}  REAL                          DOUBLE PRECISION
**   {text}  TEXT                          TEXT COLLATE "C"     (byte order, as SQLite)
**   {blob}  BLOB                          BYTEA
**   {now}   strftime(...,'now')           to_char(now() AT TIME ZONE 'UTC', ...)
**   {view}  CREATE VIEW IF NOT EXISTS     CREATE OR REPLACE VIEW
**   {rowid} rowid                         ctid                 (insertion order)
**
** Every error becomes an annals error naming the database: the path, or the URI
** without its password. Text binds are copied. A step returns 1 (a row), 0 (done)
** or < 0; reset makes a statement ready to run again and clears its bindings. On
** PostgreSQL a statement runs (PQexecParams, parameter types from the bindings)
** at its first step and its rows are read from the client-side result. */
#ifndef ANNALS_STORE_DB_H
#define ANNALS_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "annals/error.h"

typedef struct annals_db annals_db;
typedef struct annals_db_stmt annals_db_stmt;
typedef enum { ANNALS_DB_SQLITE, ANNALS_DB_PG } annals_db_kind;
struct sqlite3;

/* true for a postgresql:// or postgres:// URI */
bool annals_db_is_uri(const char *target);
/* How SQLite opens the file (PostgreSQL ignores it): read-only, read-write, or read-write
** and created when missing; the first two want an existing file. */
typedef enum { ANNALS_DB_READ, ANNALS_DB_WRITE, ANNALS_DB_CREATE } annals_db_mode;
int annals_db_open(annals_db **out, const char *target, annals_db_mode mode, annals_ctx *ctx);
void annals_db_close(annals_db *db);   /* NULL: no-op; rolls back an open transaction */
annals_db_kind annals_db_kind_of(const annals_db *db);
const char *annals_db_name(const annals_db *db);   /* for messages: path or URI sans password */
struct sqlite3 *annals_db_sqlite(annals_db *db);   /* the SQLite handle, NULL on PostgreSQL */

/* sql with its {tokens} in the dialect (malloc'd; NULL when out of memory) */
char *annals_db_expand(annals_db_kind kind, const char *sql);
/* Runs one or more statements without parameters or rows. */
int annals_db_exec(annals_db *db, const char *sql, annals_ctx *ctx, const char *what);
/* The first column of the first row of sql as an integer (0 when no row). */
int annals_db_int(annals_db *db, const char *sql, int64_t *out, annals_ctx *ctx);

/* Transactions. write: SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN and the store's writer
** lock (pg_advisory_xact_lock), held until COMMIT or ROLLBACK, so that writers take
** turns and each sees what the one before committed. !write: one snapshot for reading
** (SQLite BEGIN; PostgreSQL REPEATABLE READ, READ ONLY). On PostgreSQL a write
** transaction also adds 1 to the store's data version (schema v5): the one-row table
** data_version, made by the store (store.c), read by the query module as SQLite's
** PRAGMA data_version is read (annals_qdb_version). */
#define ANNALS_DB_BUMP_DATA_VERSION "UPDATE data_version SET n = n + 1"
int annals_db_begin(annals_db *db, bool write, annals_ctx *ctx);
int annals_db_commit(annals_db *db, annals_ctx *ctx);
void annals_db_rollback(annals_db *db);
bool annals_db_in_transaction(annals_db *db);

int annals_db_prepare(annals_db *db, const char *sql, annals_db_stmt **out, annals_ctx *ctx, const char *what);
void annals_db_finalize(annals_db_stmt *st);   /* NULL: no-op */
/* Bindings, i from 1 (?i). Text and blobs are copied; NULL text binds NULL, "" binds ''. */
void annals_db_bind_int(annals_db_stmt *st, int i, int64_t v);
void annals_db_bind_double(annals_db_stmt *st, int i, double v);
void annals_db_bind_text(annals_db_stmt *st, int i, const char *s, size_t n);
void annals_db_bind_str(annals_db_stmt *st, int i, const char *s);   /* NUL-terminated, or NULL */
void annals_db_bind_blob(annals_db_stmt *st, int i, const void *b, size_t n);
void annals_db_bind_null(annals_db_stmt *st, int i);
int annals_db_step(annals_db_stmt *st, annals_ctx *ctx, const char *what);
void annals_db_reset(annals_db_stmt *st);
/* Runs st to its end and resets it: 1 and *id (column 0 of its first row) when it
** gave a row, 0 when none, < 0 on error. id may be NULL. */
int annals_db_run(annals_db_stmt *st, int64_t *id, annals_ctx *ctx, const char *what);

/* Binds text that outlives the statement's run (SQLite keeps a pointer to it, PostgreSQL
** copies it). */
void annals_db_bind_borrowed(annals_db_stmt *st, int i, const char *s, size_t n);

/* The columns of a statement's rows: how many, their names (after its first step on
** PostgreSQL, where the server describes them with the rows), and the type of a value
** of the current row as the answers write it: PostgreSQL's integers and booleans
** (1, 0) are INTEGER, float4, float8 and numeric with a fraction FLOAT, numeric
** without one INTEGER (sum of integers), anything else TEXT. */
typedef enum { ANNALS_DB_NULL, ANNALS_DB_INTEGER, ANNALS_DB_FLOAT, ANNALS_DB_TEXT } annals_db_type;
int annals_db_col_count(annals_db_stmt *st);
const char *annals_db_col_name(annals_db_stmt *st, int i);
annals_db_type annals_db_col_type(annals_db_stmt *st, int i);

/* PostgreSQL: the connection to the server is lost (the server stopped or went away);
** the database must be opened again. Always false on SQLite. */
bool annals_db_lost(const annals_db *db);

/* Columns of the current row, i from 0. */
bool annals_db_col_null(annals_db_stmt *st, int i);
int64_t annals_db_col_int(annals_db_stmt *st, int i);
double annals_db_col_double(annals_db_stmt *st, int i);
const char *annals_db_col_text(annals_db_stmt *st, int i);   /* NULL for SQL NULL */
size_t annals_db_col_bytes(annals_db_stmt *st, int i);      /* of the text or blob */
const void *annals_db_col_blob(annals_db_stmt *st, int i, size_t *n);   /* NULL for SQL NULL */

/* ---- the PostgreSQL half (db_pg.c), called by db.c ---- */
typedef struct annals_pg annals_pg;
typedef struct annals_pg_stmt annals_pg_stmt;
int annals_pg_open(annals_pg **out, const char *uri, const char *name, annals_ctx *ctx);
void annals_pg_close(annals_pg *pg);
int annals_pg_exec(annals_pg *pg, const char *sql, annals_ctx *ctx, const char *what);
bool annals_pg_in_transaction(annals_pg *pg);
annals_pg_stmt *annals_pg_prepare(annals_pg *pg, const char *sql);   /* sql: expanded */
void annals_pg_finalize(annals_pg_stmt *st);
/* kind: 'i' int8, 'd' float8, 't' text, 'b' bytea, 0 NULL */
void annals_pg_bind(annals_pg_stmt *st, int i, char kind, const void *v, size_t n);
int annals_pg_step(annals_pg_stmt *st, annals_ctx *ctx, const char *what);
void annals_pg_reset(annals_pg_stmt *st);
const char *annals_pg_col(annals_pg_stmt *st, int i, size_t *n);   /* NULL for SQL NULL */
const void *annals_pg_col_blob(annals_pg_stmt *st, int i, size_t *n);
int annals_pg_col_count(annals_pg_stmt *st);
const char *annals_pg_col_name(annals_pg_stmt *st, int i);
annals_db_type annals_pg_col_type(annals_pg_stmt *st, int i);
bool annals_pg_lost(annals_pg *pg);
/* sql with ?N as $N and a bare ? as the next number, quoted text left alone; *n_params:
** the highest number. malloc'd, NULL when out of memory. */
char *annals_pg_rewrite_params(const char *sql, int *n_params);
/* The redacted form of a URI (no password), malloc'd. */
char *annals_db_redact_uri(const char *uri);

#endif
