/* SPDX-License-Identifier: MIT
** tests/unit/store/test_db.c -- the store's database interface (src/lib/store/db.h):
** the dialect tokens, ?N rewritten for libpq, URIs without passwords, and the SQLite
** side end to end on an in-memory database. The PostgreSQL side against a server is
** tests/cli/pg_store.sh; here only a connection that fails. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"

static void test_db__tokens_per_dialect(void **state)
{
    (void)state;
    const char *sql = "CREATE TABLE t(id {id}, n {int}, x {real}, s {text}, b {blob}, at {text} DEFAULT ({now}), y {unknown})";
    char *lite = annals_db_expand(ANNALS_DB_SQLITE, sql), *pg = annals_db_expand(ANNALS_DB_PG, sql);
    assert_string_equal(lite, "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, x REAL, s TEXT, b BLOB, at TEXT"
                              " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), y {unknown})");
    assert_string_equal(pg, "CREATE TABLE t(id BIGINT PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, s TEXT COLLATE \"C\","
                            " b BYTEA, at TEXT COLLATE \"C\" DEFAULT (to_char(now() AT TIME ZONE 'UTC',"
                            " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')), y {unknown})");
    free(lite);
    free(pg);
}

static void test_db__placeholders_for_libpq(void **state)
{
    (void)state;
    int n = -1;
    char *s = annals_pg_rewrite_params("SELECT ?1, ?12, '?3 is text', \"a?b\" FROM t WHERE x = ?2 OR y = ?", &n);
    assert_string_equal(s, "SELECT $1, $12, '?3 is text', \"a?b\" FROM t WHERE x = $2 OR y = $1");
    assert_int_equal(n, 12);
    free(s);
    s = annals_pg_rewrite_params("SELECT 1", &n);
    assert_string_equal(s, "SELECT 1");
    assert_int_equal(n, 0);
    free(s);
}

static void test_db__uri_without_password(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "postgresql://ann:s3cret@db.example.org:5432/events", "postgresql://ann@db.example.org:5432/events" },
        { "postgresql://ann@db.example.org/events", "postgresql://ann@db.example.org/events" },
        { "postgres://ann:p@ss@host/db", "postgres://ann@host/db" },
        { "postgresql:///events?host=/tmp/x&password=s3cret&user=ann", "postgresql:///events?host=/tmp/x&user=ann" },
        { "postgresql:///events?password=s3cret", "postgresql:///events" },
        { "postgresql://host/db?sslmode=require", "postgresql://host/db?sslmode=require" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *r = annals_db_redact_uri(cases[i][0]);
        assert_string_equal(r, cases[i][1]);
        free(r);
    }
    assert_true(annals_db_is_uri("postgres://x/y"));
    assert_true(annals_db_is_uri("postgresql:///y"));
    assert_false(annals_db_is_uri("postgresql.db"));
    assert_false(annals_db_is_uri("/tmp/events.db"));
}

/* The SQLite side: statements with tokens and ?N, empty text is not NULL, RETURNING,
** blobs, savepoints and rollback. */
static void test_db__sqlite_end_to_end(void **state)
{
    (void)state;
    annals_ctx *ctx = annals_ctx_new();
    annals_db *db;
    assert_int_equal(annals_db_open(&db, ":memory:", ANNALS_DB_CREATE, ctx), 0);
    assert_int_equal(annals_db_kind_of(db), ANNALS_DB_SQLITE);
    assert_non_null(annals_db_sqlite(db));
    assert_int_equal(annals_db_exec(db, "CREATE TABLE t(id {id}, s {text}, b {blob}, x {real})", ctx, "creating"), 0);
    annals_db_stmt *ins, *sel;
    assert_int_equal(annals_db_prepare(db, "INSERT INTO t(id, s, b, x) VALUES((SELECT coalesce(max(id), 0) + 1 FROM t),"
                                           " ?1, ?2, ?3) RETURNING id", &ins, ctx, "preparing"), 0);
    assert_int_equal(annals_db_begin(db, true, ctx), 0);
    assert_true(annals_db_in_transaction(db));
    int64_t id = 0;
    annals_db_bind_text(ins, 1, "", 0);                 /* '' */
    annals_db_bind_blob(ins, 2, "\x00\x01\xff", 3);
    annals_db_bind_double(ins, 3, 0.1);
    assert_int_equal(annals_db_run(ins, &id, ctx, "inserting"), 1);
    assert_int_equal(id, 1);
    annals_db_bind_str(ins, 1, NULL);                   /* NULL */
    assert_int_equal(annals_db_run(ins, &id, ctx, "inserting"), 1);
    assert_int_equal(id, 2);
    assert_int_equal(annals_db_exec(db, "SAVEPOINT p; INSERT INTO t(id, s) VALUES(3, 'gone'); ROLLBACK TO p; RELEASE p",
                                    ctx, "savepoint"), 0);
    assert_int_equal(annals_db_commit(db, ctx), 0);
    assert_false(annals_db_in_transaction(db));
    assert_int_equal(annals_db_prepare(db, "SELECT s IS NULL, s, b, x FROM t ORDER BY id", &sel, ctx, "preparing"), 0);
    assert_int_equal(annals_db_step(sel, ctx, "reading"), 1);
    assert_int_equal(annals_db_col_int(sel, 0), 0);
    assert_string_equal(annals_db_col_text(sel, 1), "");
    size_t n;
    const unsigned char *b = annals_db_col_blob(sel, 2, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(b, "\x00\x01\xff", 3);
    assert_true(annals_db_col_double(sel, 3) == 0.1);
    assert_int_equal(annals_db_step(sel, ctx, "reading"), 1);
    assert_int_equal(annals_db_col_int(sel, 0), 1);
    assert_true(annals_db_col_null(sel, 1));
    assert_null(annals_db_col_text(sel, 1));
    assert_int_equal(annals_db_step(sel, ctx, "reading"), 0);   /* row 3 was rolled back */
    annals_db_finalize(sel);
    annals_db_finalize(ins);
    /* an error names the database and what was being done */
    assert_true(annals_db_exec(db, "SELECT * FROM no_such_table", ctx, "reading nothing") < 0);
    assert_non_null(strstr(annals_errmsg(ctx), ":memory:: reading nothing: no such table"));
    annals_db_close(db);
    annals_ctx_free(ctx);
}

/* A server that is not there: an I/O error naming the database without its password. */
static void test_db__pg_connection_refused_without_password(void **state)
{
    (void)state;
    annals_ctx *ctx = annals_ctx_new();
    annals_db *db = (annals_db *)1;
    int rc = annals_db_open(&db, "postgresql://ann:s3cret@/events?host=/nonexistent-annals-dir&connect_timeout=2",
                            ANNALS_DB_CREATE, ctx);
    assert_int_equal(rc, ANNALS_EIO);
    assert_null(db);
    const char *msg = annals_errmsg(ctx);
    assert_non_null(strstr(msg, "postgresql://ann@/events?host=/nonexistent-annals-dir"));
    assert_non_null(strstr(msg, "cannot connect"));
    assert_null(strstr(msg, "s3cret"));
    annals_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db__tokens_per_dialect),
        cmocka_unit_test(test_db__placeholders_for_libpq),
        cmocka_unit_test(test_db__uri_without_password),
        cmocka_unit_test(test_db__sqlite_end_to_end),
        cmocka_unit_test(test_db__pg_connection_refused_without_password),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
