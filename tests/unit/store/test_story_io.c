/* SPDX-License-Identifier: MIT
** tests/unit/store/test_story_io.c -- the story reader and importer of store/story_io.c.
**
** A store made by annals_store_open (which makes the story tables) gets rows written with
** SQL, as the stories stage would write them: reports with and without dates, a
** syndicated copy, text with multi-byte characters before an actor. Checked: the order
** of reports, a story's day, the date range, character offsets, copies left out, one
** snapshot for a whole export while another connection writes, and import. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "annals/export.h"
#include "annals/store.h"

typedef struct {
    char dir[64];
    char db[128];
    annals_ctx *ctx;
} fixture;

static void exec(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s: %s", sql, err);
    sqlite3_close(h);
}

/* Three reports of story 1 (one a copy), one undated report
** of story 2 (no date either), and story 3 with its own date. */
static const char rows_sql[] =
    "INSERT INTO documents(id, hash, name, url, outlet, pub_date, text) VALUES"
    " (1, 'h1', 'late', NULL, 'Daily', '2024-09-07', 'Kazakh officials met U.S. diplomats.'),"
    " (2, 'h2', 'early', 'https://a.example/x', 'Wire', '2024-09-06', '\xe2\x80\x94 \xc3\x85 Kazakh officials met.'),"
    " (3, 'h3', 'copy', 'https://b.example/y', 'Copy', '2024-09-05', 'Kazakh officials met.'),"
    " (4, 'h4', 'undated', NULL, NULL, NULL, 'Protesters marched.');"
    "UPDATE documents SET copy_of = 2 WHERE id = 3;"
    "INSERT INTO story_events(id, code, root, quad_class, goldstein, src, tgt, date, n_mentions,"
    "  n_sources, n_articles, added_at, updated_at, disagreements) VALUES"
    " (1, '040', '04', 1, 1.0, 'KAZGOV', 'USAGOV', NULL, 2, 2, 2, '2024-09-07T00:00:00Z', '2024-09-07T00:00:00Z', '[]'),"
    " (2, '141', '14', 3, -6.5, 'KAZCVL', NULL, NULL, 1, 1, 1, '2024-09-08T00:00:00Z', '2024-09-08T00:00:00Z', '[]'),"
    " (3, '042', '04', 1, 1.9, 'USA', 'KAZ', '2023-01-01', 1, 1, 1, '2024-09-08T00:00:00Z', '2024-09-08T00:00:00Z', NULL);"
    "INSERT INTO events(id, doc_id, sentence_idx, code, root, src, tgt, src_text, story_id, src_off, src_len) VALUES"
    " (10, 1, 0, '040', '04', 'KAZGOV', 'USAGOV', 'Kazakh officials', 1, 0, 16),"
    " (11, 2, 0, '040', '04', 'KAZGOV', NULL, 'Kazakh officials', 1, 7, 16),"
    " (12, 3, 0, '040', '04', 'KAZGOV', NULL, 'Kazakh officials', 1, 0, 16),"
    " (13, 4, 0, '141', '14', 'KAZCVL', NULL, 'Protesters', 2, 0, 10),"
    " (14, 1, 0, '042', '04', 'USA', 'KAZ', NULL, 3, NULL, NULL);";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/annals-story-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->db, sizeof f->db, "%s/s.db", f->dir);
    f->ctx = annals_ctx_new();
    annals_store *s = NULL;
    if (annals_store_open(&s, f->db, f->ctx) < 0) return -1;
    annals_store_close(s);
    exec(f->db, rows_sql);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) return -1;
    annals_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void test_story_io__reports_day_offsets_copies(void **state)
{
    fixture *f = *state;
    annals_story_reader *r = NULL;
    assert_int_equal(annals_story_reader_open(&r, f->db, NULL, NULL, f->ctx), 0);
    const annals_export_story *s;
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 1);
    assert_int_equal(s->n_mention, 2);                 /* the copy's mention is no mention */
    assert_string_equal(s->mention[0].doc->name, "early");   /* earliest report first */
    assert_string_equal(s->mention[1].doc->name, "late");
    assert_string_equal(s->day, "2024-09-06");         /* no date: the earliest report's */
    assert_int_equal(s->mention[0].src_off, 7);        /* bytes: an em dash is 3, A-ring 2 */
    assert_int_equal(s->mention[0].src_char, 4);       /* characters */
    assert_int_equal(s->mention[0].doc->text_chars, 25);
    assert_null(s->mention[0].tgt);
    assert_int_equal(s->mention[0].tgt_char, -1);
    assert_int_equal(s->n_doc, 2);
    assert_true(isnan(s->mention[0].confidence));
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 2);
    assert_null(s->day);                               /* undated story, undated report */
    assert_null(s->mention[0].doc->pub_date);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 3);
    assert_string_equal(s->day, "2023-01-01");         /* its own date before its report's */
    assert_null(s->disagreements);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 0);
    annals_story_reader_close(r);
}

static void test_story_io__range(void **state)
{
    fixture *f = *state;
    annals_story_reader *r = NULL;
    const annals_export_story *s;
    assert_int_equal(annals_story_reader_open(&r, f->db, "2024-01-01", NULL, f->ctx), 0);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 1);                        /* 2: no day; 3: before the range */
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 0);
    annals_story_reader_close(r);
    assert_int_equal(annals_story_reader_open(&r, f->db, "2030-01-01", "2030-12-31", f->ctx), 0);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 0);
    annals_story_reader_close(r);
}

static void test_story_io__one_snapshot(void **state)
{
    fixture *f = *state;
    annals_story_reader *r = NULL;
    const annals_export_story *s;
    assert_int_equal(annals_story_reader_open(&r, f->db, NULL, NULL, f->ctx), 0);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    /* another connection adds a story and a mention of story 2 while the export runs */
    exec(f->db, "INSERT INTO story_events(id, code, root, n_mentions, n_sources, n_articles)"
                " VALUES(99, '040', '04', 1, 1, 1);"
                "INSERT INTO events(doc_id, sentence_idx, code, root, story_id) VALUES(1, 1, '141', '14', 2);");
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 2);
    assert_int_equal(s->n_mention, 1);                 /* not the one added meanwhile */
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 3);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 0);
    annals_story_reader_close(r);
}

static void test_story_io__store_without_stories(void **state)
{
    fixture *f = *state;
    char db[160];
    snprintf(db, sizeof db, "%s/plain.db", f->dir);
    exec(db, "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT UNIQUE NOT NULL, text TEXT);"
             "CREATE TABLE events(id INTEGER PRIMARY KEY, doc_id INTEGER, code TEXT);"
             "PRAGMA user_version=2;");                /* a store from before stories */
    annals_story_reader *r = NULL;
    assert_int_equal(annals_story_reader_open(&r, db, NULL, NULL, f->ctx), ANNALS_EFORMAT);
    assert_null(r);
    assert_non_null(strstr(annals_errmsg(f->ctx), "plain.db: no story events"));
    snprintf(db, sizeof db, "%s/none.db", f->dir);
    assert_true(annals_story_reader_open(&r, db, NULL, NULL, f->ctx) < 0);
}

static void test_story_io__import(void **state)
{
    fixture *f = *state;
    const char *line =
        "{\"story\":1,\"id\":10,\"doc\":\"late\",\"doc_hash\":\"h1\",\"sentence\":0,\"code\":\"040\","
        "\"root\":\"04\",\"src\":\"KAZGOV\",\"tgt\":\"USAGOV\",\"src_off\":0,\"span\":[0,36],"
        "\"story_event\":{\"code\":\"040\",\"added_at\":\"2024-09-07T00:00:00Z\",\"n_mentions\":2}}\n"
        "{\"story\":7,\"id\":70,\"doc\":\"new\",\"doc_hash\":\"h7\",\"sentence\":2,\"code\":\"190\","
        "\"root\":\"19\",\"pub_date\":\"2025-01-02\",\"story_event\":{\"code\":\"190\",\"date\":\"2025-01-02\","
        "\"n_mentions\":1,\"disagreements\":[{\"field\":\"date\"}]}}\n"
        "{\"story\":8}\n";
    FILE *in = fmemopen((void *)line, strlen(line), "r");
    size_t added, skipped, bad;
    assert_int_equal(annals_story_import(f->db, in, "in.jsonl", &added, &skipped, &bad, f->ctx), 0);
    fclose(in);
    assert_int_equal(added, 1);                        /* story 7's mention */
    assert_int_equal(skipped, 1);                      /* event 10 is there already */
    assert_int_equal(bad, 1);
    annals_story_reader *r = NULL;
    const annals_export_story *s = NULL;
    assert_int_equal(annals_story_reader_open(&r, f->db, "2025-01-01", NULL, f->ctx), 0);
    assert_int_equal(annals_story_reader_next(r, &s, f->ctx), 1);
    assert_int_equal(s->id, 7);                        /* a free id is kept */
    assert_int_equal(s->n_mention, 1);
    assert_int_equal(s->mention[0].id, 70);
    assert_int_equal(s->mention[0].sentence, 2);
    assert_string_equal(s->disagreements, "[{\"field\":\"date\"}]");
    assert_string_equal(s->mention[0].doc->hash, "h7");
    annals_story_reader_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_story_io__reports_day_offsets_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_io__range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_io__one_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_io__store_without_stories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_io__import, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
