/* SPDX-License-Identifier: MIT
** tests/unit/output/test_export.c -- the export writers on stories built in memory, the
** lookup tables (data/country-codes.tsv, plover.tsv, actor-codes.tsv, places.txt), the
** cutting of CAMEO actor codes, and the JSONL line read back.
**
** The store-side tests (columns against the reference lists, round trip through a
** store) are in tests/cli/export.sh; here the rows are checked field by field for
** stories a store would hardly hold: no actors, no day, no reports, tabs and quotes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "annals/export.h"

static annals_export_tables *tables;

static int setup(void **state)
{
    annals_ctx *ctx = annals_ctx_new();
    int rc = annals_export_tables_load(&tables, annals_default_data_dir(), ctx);
    if (rc < 0) fprintf(stderr, "%s\n", annals_errmsg(ctx));
    annals_ctx_free(ctx);
    return rc < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    annals_export_tables_free(tables);
    return 0;
}

/* Writes story s in fmt; returns the malloc'd output and the row count in *rows. */
static char *write_story(annals_export_format fmt, const annals_export_story *s, int *rows)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    annals_buf b = { 0 };
    *rows = annals_export_write(f, fmt, tables, s, &b);
    annals_buf_free(&b);
    fclose(f);
    return mem;
}

/* Field i (0-based) of a tab-separated line into out; the number of fields. */
static int field(const char *line, int i, char *out, size_t cap)
{
    int n = 0;
    out[0] = '\0';
    for (const char *p = line;; n++) {
        size_t k = strcspn(p, "\t\n");
        if (n == i) snprintf(out, cap, "%.*s", (int)k, p);
        if (p[k] != '\t') return n + 1;
        p += k + 1;
    }
}

/* Writes story s in fmt, which must give one line of n tab-separated fields. */
static char *write_row(annals_export_format fmt, const annals_export_story *s, int n)
{
    int rows;
    char f[8];
    char *out = write_story(fmt, s, &rows);
    assert_int_equal(rows, 1);
    assert_int_equal(field(out, 0, f, sizeof f), n);
    return out;
}

typedef struct { int i; const char *v; } want_field;

/* Each field i of line holds v. */
static void expect_fields(const char *line, const want_field *w, size_t n)
{
    char f[256];
    for (size_t k = 0; k < n; k++) {
        field(line, w[k].i, f, sizeof f);
        if (strcmp(f, w[k].v)) fail_msg("field %d is \"%s\", want \"%s\"", w[k].i, f, w[k].v);
    }
}
#define EXPECT_FIELDS(line, ...) do { \
        static const want_field w_[] = { __VA_ARGS__ }; \
        expect_fields(line, w_, sizeof w_ / sizeof *w_); \
    } while (0)

static const annals_export_doc doc = {
    .id = 7, .hash = "abc", .name = "wire-astana", .url = "https://wire.example.org/a",
    .outlet = "Example Wire", .pub_date = "2024-09-06", .ingested_at = "2024-09-06T10:11:12Z",
    .text_chars = 120,
};

static annals_export_mention mention(void)
{
    return (annals_export_mention){
        .id = 11, .doc = &doc, .sentence = 0, .code = "042", .root = "04", .quad_class = 1,
        .goldstein = 1.9, .confidence = 0.734, .src = "KAZGOV", .tgt = "USAGOV",
        .src_text = "Kazakh\t\"Foreign\" Minister\nNurtleu", .tgt_text = "Blinken", .verb_text = "visited",
        .date = "2024-09-06", .place = "Astana", .evidence = "He visited.", .src_off = 3, .src_len = 5,
        .tgt_off = 40, .tgt_len = 7, .verb_off = 20, .verb_len = 7, .src_char = 3, .tgt_char = 38,
        .verb_char = 18, .sent_start = 0, .sent_end = 60,
    };
}

static annals_export_story story(const annals_export_mention *m)
{
    return (annals_export_story){
        .id = 42, .code = "042", .root = "04", .quad_class = 1, .goldstein = 1.9, .src = "KAZGOV",
        .tgt = "USAGOV", .src_text = m->src_text, .tgt_text = "Blinken", .date = "2024-09-06",
        .place = "Astana", .n_mentions = 1, .n_sources = 1, .n_articles = 1,
        .added_at = "2024-09-06T10:11:12Z", .updated_at = "2024-09-06T10:11:12Z",
        .disagreements = "[{\"field\":\"date\",\"values\":[]}]", .day = "2024-09-06",
        .mention = m, .n_mention = 1, .doc = &doc, .n_doc = 1,
    };
}

static void test_export__tables(void **state)
{
    const annals_country_info *c = annals_export_country(tables, "KAZ");
    assert_non_null(c);
    assert_string_equal(c->fips, "KZ");
    assert_string_equal(c->cow, "705");
    c = annals_export_country(tables, "KSV");   /* CAMEO's Kosovo */
    assert_non_null(c);
    assert_string_equal(c->fips, "KV");
    assert_null(annals_export_country(tables, "GOV"));
    const annals_place_info *p = annals_export_place(tables, "astana");   /* any case */
    assert_non_null(p);
    assert_string_equal(p->iso3, "KAZ");
    assert_string_equal(p->kind, "capital");
    assert_true(fabs(p->lat - 51.18) < 0.1);
    assert_null(annals_export_place(tables, "Atlantis"));
    assert_null(annals_export_place(tables, NULL));
}

static void test_export__plover_mapping(void **state)
{
    annals_plover_info pl;
    assert_true(annals_export_plover(tables, "042", &pl));
    assert_string_equal(pl.event, "CONSULT");
    assert_string_equal(pl.mode, "visit");
    assert_int_equal(pl.quad, 1);
    assert_true(annals_export_plover(tables, "0841", &pl));
    assert_string_equal(pl.event, "RETREAT");
    assert_string_equal(pl.mode, "release");
    assert_true(annals_export_plover(tables, "0849", &pl));   /* unknown: its parent 084 */
    assert_string_equal(pl.event, "RETREAT");
    assert_true(annals_export_plover(tables, "081", &pl));
    assert_string_equal(pl.event, "CONCEDE");
    assert_true(annals_export_plover(tables, "163", &pl));    /* CAMEO2PLOVER: embargo is COERCE */
    assert_string_equal(pl.event, "COERCE");
    assert_int_equal(pl.quad, 4);
    assert_true(annals_export_plover(tables, "013", &pl));    /* statements: no PLOVER event */
    assert_null(pl.event);
    assert_false(annals_export_plover(tables, "99", &pl));
    assert_false(annals_export_plover(tables, NULL, &pl));
}

static void test_export__actor_parts(void **state)
{
    annals_actor_parts a;
    annals_export_actor_parts(tables, "KAZGOV", &a);
    assert_string_equal(a.country, "KAZ");
    assert_true(a.country_is_state);
    assert_string_equal(a.type[0], "GOV");
    assert_string_equal(a.sector[0], "GOV");
    assert_string_equal(a.known_group, "");
    annals_export_actor_parts(tables, "IGOCASCST", &a);        /* IGO, region, known group */
    assert_string_equal(a.country, "");
    assert_string_equal(a.type[0], "IGO");
    assert_string_equal(a.known_group, "CST");
    annals_export_actor_parts(tables, "IMGMOSALQ", &a);
    assert_string_equal(a.type[0], "IMG");
    assert_string_equal(a.religion[0], "MOS");
    assert_string_equal(a.known_group, "ALQ");
    annals_export_actor_parts(tables, "EURMEDHLH", &a);         /* region; MED -> JRN, HLH -> MED */
    assert_string_equal(a.country, "EUR");
    assert_false(a.country_is_state);
    assert_string_equal(a.sector[0], "JRN");
    assert_string_equal(a.sector[1], "MED");
    annals_export_actor_parts(tables, NULL, &a);
    assert_string_equal(a.country, "");
    assert_string_equal(a.type[0], "");
}

static void test_export__gdelt_event_row(void **state)
{
    annals_export_mention m = mention();
    annals_export_story s = story(&m);
    int rows;
    char *out = write_story(ANNALS_EXPORT_GDELT_EVENTS, &s, &rows);
    char f[256];
    assert_int_equal(rows, 1);
    assert_int_equal(field(out, 0, f, sizeof f), 61);            /* the tab in src_text is gone */
    assert_null(strchr(out, '"'));
    size_t len = strlen(out);
    assert_true(len > 0 && out[len - 1] == '\n' && strchr(out, '\n') == out + len - 1);   /* one line */
    EXPECT_FIELDS(out, { 1, "20240906" }, { 4, "2024.7562" } /* 2024 + (9*30+6)/365 */,
                  { 6, "KAZAKHSTAN" }, { 12, "GOV" }, { 27, "042" }, { 37, "KZ" }, { 45, "US" },
                  { 51, "4" }, { 52, "Astana, Kazakhstan" }, { 59, "20240906101112" },
                  { 60, "https://wire.example.org/a" });
    free(out);
}

static void test_export__story_without_actors_day_or_reports(void **state)
{
    annals_export_story s = { .id = 5, .code = "057", .root = "05", .goldstein = NAN };
    int rows;
    char f[256];
    char *out = write_story(ANNALS_EXPORT_GDELT_EVENTS, &s, &rows);
    assert_int_equal(field(out, 0, f, sizeof f), 61);
    for (int i = 1; i <= 24; i++) {
        field(out, i, f, sizeof f);
        assert_string_equal(f, "");                            /* no day, no actors */
    }
    EXPECT_FIELDS(out, { 30, "" } /* no Goldstein */, { 60, "" });
    free(out);
    out = write_story(ANNALS_EXPORT_POLECAT, &s, &rows);
    assert_int_equal(rows, 1);
    assert_int_equal(field(out, 0, f, sizeof f), 40);
    EXPECT_FIELDS(out, { 1, "None" }, { 2, "SUPPORT" }, { 7, "None" }, { 33, "None" });
    free(out);
    out = write_story(ANNALS_EXPORT_PLOVER_JSON, &s, &rows);
    json_t *o = json_loads(out, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_null(json_object_get(o, "date")));
    assert_int_equal(json_array_size(json_object_get(o, "source")), 0);
    json_decref(o);
    free(out);
    out = write_story(ANNALS_EXPORT_GDELT_MENTIONS, &s, &rows);   /* no mentions, no rows */
    assert_int_equal(rows, 0);
    assert_string_equal(out, "");
    free(out);
}

static void test_export__polecat_row(void **state)
{
    annals_export_mention m[2] = { mention(), mention() };
    m[1].place = "Almaty";
    annals_export_story s = story(m);
    s.n_mention = 2;
    char *out = write_row(ANNALS_EXPORT_POLECAT, &s, 40);
    EXPECT_FIELDS(out, { 2, "CONSULT" }, { 3, "visit" }, { 5, "VERBAL COOPERATION" }, { 9, "705" },
                  { 17, "2" } /* USA's COW number */, { 24, "Astana" } /* City */, { 32, "PPLC" },
                  { 33, "Example Wire" }, { 37, "Astana; Almaty" } /* Story Locations */);
    free(out);
}

static void test_export__plover_drops_statements(void **state)
{
    annals_export_story s = { .id = 6, .code = "013", .root = "01", .goldstein = 0.4 };
    int rows;
    char *out = write_story(ANNALS_EXPORT_POLECAT, &s, &rows);
    assert_int_equal(rows, 0);
    assert_string_equal(out, "");
    free(out);
}

static void test_export__gdelt_mentions_row(void **state)
{
    annals_export_mention m = mention();
    annals_export_story s = story(&m);
    char *out = write_row(ANNALS_EXPORT_GDELT_MENTIONS, &s, 16);
    EXPECT_FIELDS(out, { 3, "1" } /* WEB: it has a URL */, { 4, "Example Wire" },
                  { 6, "1" } /* sentences count from 1 */, { 7, "3" } /* characters, not bytes */,
                  { 8, "38" }, { 10, "1" }, { 11, "73" });
    free(out);
    m.tgt_off = 200;                                   /* outside the sentence */
    out = write_row(ANNALS_EXPORT_GDELT_MENTIONS, &s, 16);
    EXPECT_FIELDS(out, { 10, "0" });
    free(out);
}

static void test_export__jsonl_reads_back(void **state)
{
    annals_export_mention m = mention();
    annals_export_story s = story(&m);
    int rows;
    char *out = write_story(ANNALS_EXPORT_JSONL, &s, &rows);
    assert_int_equal(rows, 1);
    annals_arena *a = annals_arena_new(0);
    annals_ctx *ctx = annals_ctx_new();
    annals_export_story s2;
    annals_export_mention m2;
    annals_export_doc d2;
    assert_int_equal(annals_export_parse_line(out, strlen(out) - 1, a, &s2, &m2, &d2, "x.jsonl", 1, ctx), 0);
    assert_int_equal(s2.id, 42);
    assert_int_equal(m2.id, 11);
    assert_string_equal(m2.src_text, m.src_text);
    assert_string_equal(d2.hash, "abc");
    assert_string_equal(d2.url, doc.url);
    assert_int_equal(m2.tgt_off, 40);
    assert_int_equal(m2.sent_end, 60);
    assert_true(fabs(m2.confidence - 0.734) < 1e-9);
    assert_string_equal(s2.disagreements, s.disagreements);
    assert_int_equal(s2.n_mentions, 1);
    free(out);
    const char *bad = "{\"story\":1,\"story_event\":{},\"doc_hash\":\"h\",\"code\":\"04\",\"root\":\"04\","
                      "\"sentence\":\"two\"}";
    assert_int_equal(annals_export_parse_line(bad, strlen(bad), a, &s2, &m2, &d2, "x.jsonl", 9, ctx),
                     ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "x.jsonl:9: field \"sentence\""));
    assert_int_equal(annals_export_parse_line("[1]", 3, a, &s2, &m2, &d2, "x.jsonl", 2, ctx), ANNALS_EFORMAT);
    annals_ctx_free(ctx);
    annals_arena_free(a);
}

static void test_export__csv_header_matches_rows(void **state)
{
    annals_export_mention m = mention();
    annals_export_story s = story(&m);
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_int_equal(annals_export_begin(f, ANNALS_EXPORT_CSV), 0);
    annals_buf b = { 0 };
    assert_int_equal(annals_export_write(f, ANNALS_EXPORT_CSV, NULL, &s, &b), 1);
    annals_buf_free(&b);
    fclose(f);
    assert_true(!strncmp(mem, "story,id,doc,", 13));
    /* header fields = row fields: count commas outside quotes on each record */
    int fields[2] = { 1, 1 }, rec = 0;
    bool q = false;
    for (char *p = mem; *p && rec < 2; p++) {
        if (*p == '"') q = !q;
        else if (!q && *p == ',') fields[rec]++;
        else if (!q && *p == '\n') rec++;
    }
    assert_int_equal(rec, 2);
    assert_int_equal(fields[0], fields[1]);
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export__tables),
        cmocka_unit_test(test_export__plover_mapping),
        cmocka_unit_test(test_export__actor_parts),
        cmocka_unit_test(test_export__gdelt_event_row),
        cmocka_unit_test(test_export__story_without_actors_day_or_reports),
        cmocka_unit_test(test_export__polecat_row),
        cmocka_unit_test(test_export__plover_drops_statements),
        cmocka_unit_test(test_export__gdelt_mentions_row),
        cmocka_unit_test(test_export__jsonl_reads_back),
        cmocka_unit_test(test_export__csv_header_matches_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
