/* SPDX-License-Identifier: MIT
** tests/unit/ingest/test_source.c -- paths in, documents and rejects out.
**
** The fixture folder tests/resources/ingest/corpus holds a .txt, an .html, a
** .jsonl with a broken line in the middle, a nested folder, a file without an
** extension and dot-files that must be skipped. Inputs that must be rejected
** (empty, binary, missing, too big, symlink loop) are made under a mkdtemp
** folder by each test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "annals/ingest.h"
#include "ingest/ingest_internal.h"

#define CORPUS ANNALS_TEST_RESOURCES "/ingest/corpus"

typedef struct {
    annals_doc *doc[32];
    size_t n_doc;
    int rc[32];          /* every non-zero return of next(), in order */
    char msg[32][600];
    size_t n_err;
} run_result;

static void run_source(const char *const *paths, size_t n, annals_source **keep, run_result *r)
{
    annals_ctx *ctx = annals_ctx_new();
    annals_source *s = NULL;
    memset(r, 0, sizeof *r);
    assert_int_equal(annals_source_open(&s, paths, n, ANNALS_FMT_AUTO, ctx), 0);
    for (int guard = 0; guard < 64; guard++) {
        annals_doc *d = NULL;
        int rc = annals_source_next(s, &d, ctx);
        if (rc == 0) break;
        if (rc == 1) {
            assert_non_null(d);
            assert_true(r->n_doc < 32);
            r->doc[r->n_doc++] = d;
        } else {
            assert_null(d);
            assert_true(r->n_err < 32);
            r->rc[r->n_err] = rc;
            snprintf(r->msg[r->n_err], sizeof r->msg[0], "%s", annals_errmsg(ctx));
            r->n_err++;
        }
    }
    annals_ctx_free(ctx);
    if (keep) *keep = s;
    else annals_source_free(s);
}

static void free_result(run_result *r)
{
    for (size_t i = 0; i < r->n_doc; i++) annals_doc_free(r->doc[i]);
}

static char *tmpdir_new(void)
{
    char tmpl[] = "/tmp/annals-ingest-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static char *tmp_path(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_ingest__walks_folder_in_sorted_order(void **state)
{
    (void)state;
    const char *paths[] = { CORPUS };
    run_result r;
    run_source(paths, 1, NULL, &r);
    static const char *const want[] = {
        "01-statement", "02-talks", "feed-1", "17", "03-feed.jsonl:6", "04-nested", "zz-notes"
    };
    assert_int_equal(r.n_doc, sizeof want / sizeof *want);
    for (size_t i = 0; i < r.n_doc; i++) assert_string_equal(r.doc[i]->name, want[i]);
    /* nothing from .hidden.txt or .cache/ */
    for (size_t i = 0; i < r.n_doc; i++) assert_null(strstr(r.doc[i]->path, "/."));
    assert_string_equal(r.doc[5]->path, CORPUS "/sub/04-nested.txt");
    free_result(&r);
}

static void test_ingest__detects_formats(void **state)
{
    (void)state;
    const char *paths[] = { CORPUS };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_doc, 7);
    assert_int_equal(r.doc[0]->format, ANNALS_FMT_TEXT);
    assert_int_equal(r.doc[1]->format, ANNALS_FMT_HTML);
    assert_int_equal(r.doc[2]->format, ANNALS_FMT_TEXT);   /* JSONL "text" */
    assert_int_equal(r.doc[3]->format, ANNALS_FMT_HTML);   /* JSONL "html" */
    assert_int_equal(r.doc[6]->format, ANNALS_FMT_TEXT);   /* sniffed, no extension */
    assert_int_equal(r.doc[0]->line, 0);
    assert_non_null(strstr(r.doc[1]->raw, "<article>"));
    free_result(&r);
}

static void test_ingest__jsonl_fields(void **state)
{
    (void)state;
    const char *paths[] = { CORPUS "/03-feed.jsonl" };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_doc, 3);
    annals_doc *a = r.doc[0], *b = r.doc[1], *c = r.doc[2];
    assert_string_equal(a->name, "feed-1");
    assert_int_equal(a->line, 1);
    assert_string_equal(a->path, CORPUS "/03-feed.jsonl");
    assert_string_equal(a->raw, "The council condemned the attack on the convoy.");
    assert_string_equal(a->given_date, "2022-05-14");           /* date part of a timestamp */
    assert_string_equal(a->url, "https://example.org/a/1");
    assert_string_equal(a->outlet, "Example Wire");
    char hex[65];
    annals_sha256_hex(a->raw, a->raw_len, hex);
    assert_string_equal(a->hash, hex);                          /* hash of the text field */
    assert_string_equal(b->name, "17");                         /* numeric id */
    assert_int_equal(b->line, 3);
    assert_null(b->given_date);                                 /* 2022-02-30 is no date */
    assert_null(b->url);
    assert_string_equal(c->name, "03-feed.jsonl:6");            /* no id: file and line */
    assert_int_equal(c->line, 6);
    assert_string_equal(c->given_date, "2022-06-01");
    free_result(&r);
}

static void test_ingest__jsonl_broken_line_is_rejected_and_the_rest_read(void **state)
{
    (void)state;
    const char *paths[] = { CORPUS "/03-feed.jsonl" };
    run_result r;
    annals_source *s;
    run_source(paths, 1, &s, &r);
    assert_int_equal(r.n_doc, 3);
    assert_int_equal(r.n_err, 2);
    assert_int_equal(r.rc[0], ANNALS_EFORMAT);
    assert_non_null(strstr(r.msg[0], CORPUS "/03-feed.jsonl:2: not JSON: "));
    assert_non_null(strstr(r.msg[1], "03-feed.jsonl:4: no \"text\" or \"html\" field"));
    assert_int_equal(annals_source_n_rejects(s), 2);
    annals_reject rj = annals_source_reject(s, 0);
    assert_string_equal(rj.path, CORPUS "/03-feed.jsonl");
    assert_int_equal(rj.line, 2);
    assert_non_null(strstr(rj.reason, "not JSON"));
    rj = annals_source_reject(s, 1);
    assert_int_equal(rj.line, 4);
    assert_null(annals_source_reject(s, 2).path);
    uint64_t done, total;
    annals_source_progress(s, &done, &total);
    struct stat st;
    assert_int_equal(stat(CORPUS "/03-feed.jsonl", &st), 0);
    assert_int_equal(total, (uint64_t)st.st_size);
    assert_int_equal(done, total);
    annals_source_free(s);
    free_result(&r);
}

static void test_ingest__whole_file_doc(void **state)
{
    (void)state;
    const char *paths[] = { CORPUS "/01-statement.txt" };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_doc, 1);
    assert_int_equal(r.n_err, 0);
    char *raw;
    size_t len;
    assert_int_equal(annals_read_file(&raw, &len, paths[0], 1 << 20, NULL), 0);
    assert_int_equal(r.doc[0]->raw_len, len);
    assert_memory_equal(r.doc[0]->raw, raw, len);
    char hex[65];
    annals_sha256_hex(raw, len, hex);
    assert_string_equal(r.doc[0]->hash, hex);
    free(raw);
    free_result(&r);
}

static void test_ingest__rejects_empty_file(void **state)
{
    (void)state;
    char *dir = tmpdir_new(), *p = tmp_path(dir, "empty.txt");
    write_file(p, "", 0);
    const char *paths[] = { p };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_doc, 0);
    assert_int_equal(r.n_err, 1);
    assert_int_equal(r.rc[0], ANNALS_EFORMAT);
    char want[600];
    snprintf(want, sizeof want, "%s: empty file", p);
    assert_string_equal(r.msg[0], want);
    rm_rf(dir);
    free(p);
    free(dir);
}

static void test_ingest__rejects_binary(void **state)
{
    (void)state;
    char *dir = tmpdir_new(), *p = tmp_path(dir, "photo.txt");
    unsigned char bin[600];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 7 + 1);
    bin[10] = 0;
    write_file(p, bin, sizeof bin);
    const char *paths[] = { p };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_doc, 0);
    assert_int_equal(r.n_err, 1);
    assert_non_null(strstr(r.msg[0], "photo.txt: binary data, not text"));
    /* control bytes without NUL, more than 10% */
    char ctl[200];
    memset(ctl, 'a', sizeof ctl);
    for (int i = 0; i < 30; i++) ctl[i * 6] = 0x01;
    assert_true(annals_ingest__binary(ctl, sizeof ctl));
    assert_false(annals_ingest__binary("plain\ttext\r\n", 12));
    rm_rf(dir);
    free(p);
    free(dir);
}

static void test_ingest__rejects_missing_path_and_goes_on(void **state)
{
    (void)state;
    const char *paths[] = { "/nonexistent/annals/nothing.txt", CORPUS "/sub" };
    run_result r;
    annals_source *s;
    run_source(paths, 2, &s, &r);
    assert_int_equal(r.n_err, 1);
    assert_int_equal(r.rc[0], ANNALS_ENOTFOUND);
    assert_non_null(strstr(r.msg[0], "/nonexistent/annals/nothing.txt: does not exist"));
    assert_int_equal(r.n_doc, 1);
    assert_string_equal(r.doc[0]->name, "04-nested");
    assert_int_equal(annals_source_n_rejects(s), 1);
    assert_int_equal(annals_source_reject(s, 0).line, 0);
    annals_source_free(s);
    free_result(&r);
}

static void write_big(const char *path, const char *head, size_t total, const char *tail)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    size_t n = strlen(head);
    fputs(head, f);
    char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    while (n < total) {
        size_t k = total - n < sizeof chunk ? total - n : sizeof chunk;
        assert_int_equal(fwrite(chunk, 1, k, f), k);
        n += k;
    }
    fputs(tail, f);
    fclose(f);
}

static void test_ingest__rejects_document_over_size_limit(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char *big = tmp_path(dir, "big.txt"), *big2 = tmp_path(dir, "big-noext"),
         *ok = tmp_path(dir, "small.txt");
    write_big(big, "A long story ", (size_t)ANNALS_MAX_DOC_BYTES + 10, "");
    write_big(big2, "Another long story ", (size_t)ANNALS_MAX_DOC_BYTES + 10, "");
    write_file(ok, "A short one.\n", 13);
    const char *paths[] = { dir };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_err, 2);
    assert_int_equal(r.rc[0], ANNALS_ETOOBIG);
    assert_non_null(strstr(r.msg[0], "big-noext: document larger than 16 MiB"));
    assert_non_null(strstr(r.msg[1], "big.txt: document larger than 16 MiB"));
    assert_int_equal(r.n_doc, 1);
    assert_string_equal(r.doc[0]->name, "small");
    free_result(&r);
    rm_rf(dir);
    free(big); free(big2); free(ok); free(dir);
}

static void test_ingest__skips_overlong_jsonl_line(void **state)
{
    (void)state;
    char *dir = tmpdir_new(), *p = tmp_path(dir, "huge.jsonl");
    write_big(p, "{\"id\":\"huge\",\"text\":\"", (size_t)ANNALS_MAX_DOC_BYTES + 100,
              "\"}\n{\"id\":\"after\",\"text\":\"Still read.\"}\n");
    const char *paths[] = { p };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_err, 1);
    assert_int_equal(r.rc[0], ANNALS_ETOOBIG);
    assert_non_null(strstr(r.msg[0], "huge.jsonl:1: line longer than 16 MiB"));
    assert_int_equal(r.n_doc, 1);
    assert_string_equal(r.doc[0]->name, "after");
    assert_int_equal(r.doc[0]->line, 2);
    free_result(&r);
    rm_rf(dir);
    free(p); free(dir);
}

static void test_ingest__sniffs_unknown_extensions(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char *a = tmp_path(dir, "a.dat"), *b = tmp_path(dir, "b.log"), *c = tmp_path(dir, "c.md");
    const char *html = "\n  <html><body><p>Troops withdrew from the town.</p></body></html>\n";
    const char *jsonl = "{\"text\": \"Ministers met in the capital.\"}\n";
    const char *text = "<not a tag> Leaders spoke by phone.\n";
    write_file(a, html, strlen(html));
    write_file(b, jsonl, strlen(jsonl));
    write_file(c, text, strlen(text));
    const char *paths[] = { dir };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_err, 0);
    assert_int_equal(r.n_doc, 3);
    assert_int_equal(r.doc[0]->format, ANNALS_FMT_HTML);
    assert_string_equal(r.doc[1]->name, "b.log:1");
    assert_int_equal(r.doc[1]->format, ANNALS_FMT_TEXT);
    assert_int_equal(r.doc[2]->format, ANNALS_FMT_TEXT);
    assert_int_equal(annals_ingest__format_from_ext("x/y.NDJSON"), ANNALS_FMT_JSONL);
    assert_int_equal(annals_ingest__format_from_ext("x/y.xhtml"), ANNALS_FMT_HTML);
    assert_int_equal(annals_ingest__format_from_ext("x.y/z"), ANNALS_FMT_AUTO);
    free_result(&r);
    rm_rf(dir);
    free(a); free(b); free(c); free(dir);
}

static void test_ingest__survives_symlink_loop(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char *sub = tmp_path(dir, "sub"), *f = tmp_path(dir, "sub/story.txt"),
         *loop = tmp_path(dir, "sub/again");
    assert_int_equal(mkdir(sub, 0755), 0);
    write_file(f, "Rebels seized the airport.\n", 27);
    if (symlink("..", loop) != 0) { rm_rf(dir); free(sub); free(f); free(loop); free(dir); skip(); }
    const char *paths[] = { dir };
    run_result r;
    run_source(paths, 1, NULL, &r);
    assert_int_equal(r.n_err, 0);
    assert_int_equal(r.n_doc, 1);
    assert_string_equal(r.doc[0]->name, "story");
    free_result(&r);
    rm_rf(dir);
    free(sub); free(f); free(loop); free(dir);
}

static void test_ingest__iso_dates(void **state)
{
    (void)state;
    char out[11];
    assert_true(annals_ingest__iso_date("2024-02-29", 10, out));
    assert_string_equal(out, "2024-02-29");
    assert_true(annals_ingest__iso_date("2024-09-07T10:00:00+02:00", 25, out));
    assert_string_equal(out, "2024-09-07");
    assert_false(annals_ingest__iso_date("2023-02-29", 10, out));
    assert_false(annals_ingest__iso_date("2023-13-01", 10, out));
    assert_false(annals_ingest__iso_date("2023-1-01", 9, out));
    assert_false(annals_ingest__iso_date("2023-01-01x", 11, out));
    assert_false(annals_ingest__iso_date("yesterday", 9, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest__walks_folder_in_sorted_order),
        cmocka_unit_test(test_ingest__detects_formats),
        cmocka_unit_test(test_ingest__jsonl_fields),
        cmocka_unit_test(test_ingest__jsonl_broken_line_is_rejected_and_the_rest_read),
        cmocka_unit_test(test_ingest__whole_file_doc),
        cmocka_unit_test(test_ingest__rejects_empty_file),
        cmocka_unit_test(test_ingest__rejects_binary),
        cmocka_unit_test(test_ingest__rejects_missing_path_and_goes_on),
        cmocka_unit_test(test_ingest__rejects_document_over_size_limit),
        cmocka_unit_test(test_ingest__skips_overlong_jsonl_line),
        cmocka_unit_test(test_ingest__sniffs_unknown_extensions),
        cmocka_unit_test(test_ingest__survives_symlink_loop),
        cmocka_unit_test(test_ingest__iso_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
