/* SPDX-License-Identifier: MIT
** tests/unit/store/test_store.c -- the SQLite store: put, dedup, reopen, summary.
**
** Works on a database in a mkdtemp folder; the document is the hand-built
** fixture of tests/unit/output/fixture_doc.h (two sentences, two events).
** Counts are read back with the sqlite3 API directly, as a user would. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "annals/store.h"
#include "output/fixture_doc.h"

typedef struct {
    char dir[64];
    char db[128];
    annals_ctx *ctx;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/annals-store-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->db, sizeof f->db, "%s/events.db", f->dir);
    f->ctx = annals_ctx_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    annals_ctx_free(f->ctx);
    free(f);
    return rc == 0 ? 0 : -1;
}

static long long count(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static char *text_query(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    char *r = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        r = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return r;
}

static void assert_text(const char *db, const char *sql, const char *want)
{
    char *got = text_query(db, sql);
    if (!want) { assert_null(got); return; }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_store__put_dedup_reopen(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("the raw bytes of the westland report");
    assert_int_equal(annals_store_has_doc(s, d->hash, f->ctx), 0);
    assert_int_equal(annals_store_begin(s, f->ctx), 0);
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    assert_int_equal(annals_store_commit(s, f->ctx), 0);
    assert_int_equal(annals_store_has_doc(s, d->hash, f->ctx), 1);
    /* same raw bytes again: nothing added, in a batch or not */
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 0);
    assert_int_equal(annals_store_begin(s, f->ctx), 0);
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 0);
    assert_int_equal(annals_store_commit(s, f->ctx), 0);
    assert_int_equal(count(f->db, "SELECT count(*) FROM documents"), 1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sentences"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM actors"), 3);
    annals_store_close(s);

    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    assert_int_equal(annals_store_has_doc(s, d->hash, f->ctx), 1);
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 0);
    annals_doc *d2 = fixture_doc("a different report with the same text");
    assert_int_equal(annals_store_put_doc(s, d2, f->ctx), 1);   /* no batch: its own transaction */
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM documents"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sentences"), 4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events"), 4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM actors"), 3);
    annals_doc_free(d);
    annals_doc_free(d2);
}

/* A store of schema v1 (before events.confidence) is migrated when opened: its rows stay,
** events coded before have no confidence, new ones have theirs. */
static void test_store__v1_is_migrated_keeping_its_rows(void **state)
{
    fixture *f = *state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    const char *v1 =
        "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT UNIQUE NOT NULL, name TEXT, path TEXT,"
        " url TEXT, outlet TEXT, pub_date TEXT, format TEXT, text TEXT, invalid_bytes INTEGER,"
        " dropped_lines INTEGER, n_sentences INTEGER, n_events INTEGER,"
        " ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
        "CREATE TABLE events(id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id)"
        " ON DELETE CASCADE, sentence_idx INTEGER NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL,"
        " quad_class INTEGER, goldstein REAL, src TEXT, tgt TEXT, src_text TEXT, tgt_text TEXT,"
        " verb_text TEXT, date TEXT, place TEXT, evidence TEXT);"
        "INSERT INTO documents(hash, name) VALUES('h1', 'old');"
        "INSERT INTO events(doc_id, sentence_idx, code, root) VALUES(1, 0, '040', '04');"
        "PRAGMA user_version=1;";
    assert_int_equal(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("the raw bytes of the westland report");
    d->event[0].confidence = 0.75f;
    d->event[1].confidence = -1;
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    annals_store_close(s);
    assert_int_equal(count(f->db, "PRAGMA user_version"), 5);
    /* schema_versions: each version the migration went through, one row each */
    assert_int_equal(count(f->db, "SELECT count(*) FROM schema_versions"), 4);
    assert_int_equal(count(f->db, "SELECT sum(version) FROM schema_versions"), 2 + 3 + 4 + 5);
    assert_int_equal(count(f->db, "SELECT count(*) FROM schema_versions WHERE applied_at LIKE '____-__-__T__:__:__Z'"), 4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events"), 3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events WHERE confidence IS NULL"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events WHERE confidence = 0.75"), 1);
    annals_doc_free(d);
}

/* A store of the current version (v5) without schema_versions gets the row of its
** version when opened. */
static void test_store__v3_without_versions_table_gets_its_row(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM schema_versions WHERE version = 5"), 1);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DROP TABLE schema_versions", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM schema_versions"), 1);
    assert_int_equal(count(f->db, "SELECT min(version) FROM schema_versions"), 5);
    assert_int_equal(count(f->db, "PRAGMA user_version"), 5);
}

static void test_store__rows_hold_the_text(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("rows");
    d->invalid_bytes = 3;
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    annals_store_close(s);
    assert_text(f->db, "SELECT name || '|' || format || '|' || pub_date || '|' || url || '|' ||"
                       " n_sentences || '|' || n_events || '|' || invalid_bytes FROM documents",
                "westland-report|text|2024-03-04|https://example.org/westland|2|2|3");
    assert_text(f->db, "SELECT hash FROM documents", d->hash);
    assert_text(f->db, "SELECT text FROM sentences WHERE idx = 0", "Westland criticised Eastland on Monday.");
    assert_text(f->db, "SELECT start || '-' || \"end\" FROM sentences WHERE idx = 1", "40-105");
    assert_text(f->db, "SELECT src_text || '|' || tgt_text || '|' || verb_text || '|' || root || '|' ||"
                       " quad_class || '|' || goldstein || '|' || date FROM events WHERE code = '111'",
                "Westland|Eastland|criticised|11|3|-2.0|2024-03-04");
    assert_text(f->db, "SELECT evidence FROM events WHERE code = '111'",
                "Westland criticised Eastland on Monday.");
    assert_text(f->db, "SELECT tgt FROM events WHERE code = '040'", NULL);
    assert_text(f->db, "SELECT tgt_text FROM events WHERE code = '040'", NULL);
    assert_text(f->db, "SELECT date FROM events WHERE code = '040'", NULL);
    assert_text(f->db, "SELECT place FROM events WHERE code = '040'", "Lakeport, \"Old\" Town");
    assert_text(f->db, "SELECT country || '|' || role FROM actors WHERE code = 'WSTGOV'", "WST|GOV");
    assert_text(f->db, "SELECT coalesce(role, 'none') FROM actors WHERE code = 'EST'", "none");
    assert_text(f->db, "SELECT doc_name || '|' || doc_url || '|' || root_name FROM events_v"
                       " WHERE code = '040'", "westland-report|https://example.org/westland|CONSULT");
    assert_text(f->db, "PRAGMA journal_mode", "wal");
    assert_int_equal(count(f->db, "SELECT count(*) FROM cameo_roots"), 20);
    annals_doc_free(d);
}

static void test_store__summary_prints_root_names(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("summary");
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    char *mem = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&mem, &len);
    assert_int_equal(annals_store_print_summary(s, out, f->ctx), 0);
    fclose(out);
    assert_non_null(strstr(mem, "documents: 1\n"));
    assert_non_null(strstr(mem, "sentences: 2\n"));
    assert_non_null(strstr(mem, "events: 2\n"));
    assert_non_null(strstr(mem, "  04 CONSULT"));
    assert_non_null(strstr(mem, "  11 DISAPPROVE"));
    assert_non_null(strstr(mem, "  WSTGOV -> EST"));
    free(mem);
    annals_store_close(s);
    annals_doc_free(d);
}

static void test_store__not_a_database_names_the_path(void **state)
{
    fixture *f = *state;
    FILE *g = fopen(f->db, "wb");
    assert_non_null(g);
    for (int i = 0; i < 200; i++) fputs("this is not an SQLite database file\n", g);
    fclose(g);
    annals_store *s = (annals_store *)f;   /* must be reset to NULL */
    int rc = annals_store_open(&s, f->db, f->ctx);
    assert_true(rc < 0);
    assert_null(s);
    assert_non_null(strstr(annals_errmsg(f->ctx), f->db));
    annals_store_close(NULL);
}

static void test_store__newer_schema_is_refused(void **state)
{
    fixture *f = *state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), ANNALS_EVERSION);
    assert_non_null(strstr(annals_errmsg(f->ctx), "v99"));
}

static void test_store__close_commits_open_batch(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("batch left open");
    assert_int_equal(annals_store_begin(s, f->ctx), 0);
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM documents"), 1);
    annals_doc_free(d);
}

/* A store of schema v2 written by annals before stories (tests/resources/store-v2.sql,
** examples/corpus 01-03) is migrated when opened: no row lost, every event in a story,
** every document with its source and SimHash, the story counts adding up. */
static void test_store__v2_is_migrated_into_stories(void **state)
{
    fixture *f = *state;
    char *sql = NULL;
    size_t len = 0;
    assert_int_equal(annals_read_file(&sql, &len, ANNALS_TEST_RESOURCES "/store-v2.sql", 1 << 20, f->ctx), 0);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    free(sql);
    assert_int_equal(count(f->db, "PRAGMA user_version"), 2);
    long long docs = count(f->db, "SELECT count(*) FROM documents");
    long long events = count(f->db, "SELECT count(*) FROM events");
    long long sentences = count(f->db, "SELECT count(*) FROM sentences");
    assert_int_equal(events, 18);
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_store_close(s);
    assert_int_equal(count(f->db, "PRAGMA user_version"), 5);
    assert_int_equal(count(f->db, "SELECT count(*) FROM schema_versions"), 3);
    assert_int_equal(count(f->db, "SELECT min(version) FROM schema_versions"), 3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM documents"), docs);
    assert_int_equal(count(f->db, "SELECT count(*) FROM sentences"), sentences);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events"), events);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events WHERE story_id IS NULL"), 0);
    assert_int_equal(count(f->db, "SELECT count(*) FROM events e WHERE NOT EXISTS"
                                  " (SELECT 1 FROM story_events s WHERE s.id = e.story_id)"), 0);
    assert_int_equal(count(f->db, "SELECT sum(n_mentions) FROM story_events"), events);
    assert_int_equal(count(f->db, "SELECT count(*) FROM document_sources"), docs);
    assert_int_equal(count(f->db, "SELECT count(*) FROM documents WHERE length(simhash) = 16"), docs);
    assert_true(count(f->db, "SELECT count(*) FROM story_events") < events);   /* some mentions merged */
    /* opening again changes nothing */
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT sum(n_mentions) FROM story_events"), events);
}

/* Events without actors and a document without dates get stories too: one each,
** undated, the actorless one never merged with another. */
static void test_store__events_without_actors_or_dates(void **state)
{
    fixture *f = *state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, f->db, f->ctx), 0);
    annals_doc *d = fixture_doc("no actors, no dates");
    d->pub_date[0] = '\0';
    for (size_t i = 0; i < d->n_event; i++) {
        d->event[i].src[0] = d->event[i].tgt[0] = '\0';
        d->event[i].date[0] = '\0';
        memcpy(d->event[i].code, "040", 4);
        memcpy(d->event[i].root, "04", 3);
    }
    assert_int_equal(annals_store_put_doc(s, d, f->ctx), 1);
    annals_store_close(s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM story_events"), 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM story_events WHERE date IS NULL AND n_mentions = 1"
                                  " AND n_articles = 1 AND n_sources = 1"), 2);
    assert_int_equal(count(f->db, "SELECT count(DISTINCT story_id) FROM events"), 2);
    annals_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store__put_dedup_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__v1_is_migrated_keeping_its_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__rows_hold_the_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__summary_prints_root_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__not_a_database_names_the_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__newer_schema_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__v3_without_versions_table_gets_its_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__close_commits_open_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__v2_is_migrated_into_stories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__events_without_actors_or_dates, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
