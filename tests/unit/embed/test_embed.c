/* SPDX-License-Identifier: MIT
** tests/unit/embed/test_embed.c -- the embedding API (annals/embed.h) from C.
**
** A coder on the source tree's data (word order only, to stay fast): events as
** annals code writes them, a blank line, errors with path:line, a JSONL file
** refused by code_file, and a store record loaded into an in-memory store once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/embed.h"
#include "annals/error.h"

static const char LINE[] = "{\"id\":\"a1\",\"date\":\"2022-03-01\",\"text\":\"Russian troops attacked the village "
                           "near Kyiv on Monday, the Ukrainian defence ministry said.\"}";

static int setup(void **state)
{
    annals_embed *c = NULL;
    char *err = NULL;
    if (annals_embed_open(&c, NULL, ANNALS_EMBED_NO_PARSE, &err) < 0) {
        fprintf(stderr, "%s\n", err);
        annals_embed_free(err);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    annals_embed_close(*state);
    return 0;
}

static void test_embed__events_as_annals_code_writes_them(void **state)
{
    char *out = NULL, *err = NULL;
    size_t n = 0;
    assert_int_equal(annals_embed_code_jsonl(*state, LINE, strlen(LINE), "feed.jsonl", 4, 0, &out, &n, &err), 0);
    assert_null(err);
    assert_int_equal(strlen(out), n);
    assert_non_null(strstr(out, "{\"doc\":\"a1\","));
    assert_non_null(strstr(out, "\"src\":\"RUSMIL\",\"tgt\":\"UKRGOV\""));
    assert_non_null(strstr(out, "\"code\":\"180\""));
    assert_non_null(strstr(out, "\"date\":\"2022-02-28\""));
    assert_int_equal(out[n - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + n - 1);   /* one event */
    annals_embed_free(out);

    assert_int_equal(annals_embed_code_jsonl(*state, " \t", 2, "feed.jsonl", 5, 0, &out, &n, &err), 0);
    assert_string_equal(out, "");
    assert_int_equal(n, 0);
    annals_embed_free(out);
}

static void test_embed__errors_name_path_and_line(void **state)
{
    char *out = NULL, *err = NULL;
    size_t n = 0;
    const char bad[] = "{\"text\": \"no end";
    assert_int_equal(annals_embed_code_jsonl(*state, bad, strlen(bad), "dir/feed.jsonl", 9, 0, &out, &n, &err),
                     ANNALS_EFORMAT);
    assert_null(out);
    assert_non_null(err);
    assert_memory_equal(err, "dir/feed.jsonl:9: not JSON", 26);
    annals_embed_free(err);

    const char *jsonl = ANNALS_TEST_RESOURCES "/cli/two_docs.jsonl";
    assert_int_equal(annals_embed_code_file(*state, jsonl, 0, &out, &n, &err), ANNALS_EFORMAT);
    assert_non_null(strstr(err, "a JSONL file"));
    annals_embed_free(err);
    assert_true(annals_embed_code_file(*state, "/nonexistent/x.txt", 0, &out, &n, &err) < 0);
    assert_non_null(strstr(err, "/nonexistent/x.txt"));
    annals_embed_free(err);

    annals_embed *c = NULL;
    assert_true(annals_embed_open(&c, "/nonexistent-data", 0, &err) < 0);
    assert_null(c);
    assert_non_null(strstr(err, "/nonexistent-data"));
    annals_embed_free(err);
}

static void test_embed__a_record_is_stored_once(void **state)
{
    char *rec = NULL, *err = NULL;
    size_t n = 0;
    assert_int_equal(annals_embed_code_jsonl(*state, LINE, strlen(LINE), "feed.jsonl", 4, ANNALS_EMBED_RECORD,
                                             &rec, &n, &err), 0);
    assert_non_null(strstr(rec, "\"doc_hash\":\""));
    assert_non_null(strstr(rec, "\"n_sentences\":1"));
    annals_embed_store *s = NULL;
    assert_int_equal(annals_embed_store_open(&s, ":memory:", &err), 0);
    assert_int_equal(annals_embed_store_put(s, rec, n, "shard.jsonl", 1, &err), 1);
    assert_int_equal(annals_embed_store_put(s, rec, n, "shard.jsonl", 2, &err), 0);
    assert_int_equal(annals_embed_store_commit(s, &err), 0);
    /* a damaged copy: its event's sentence past the text's */
    char *bad = strstr(rec, "\"sentence\":0");
    assert_non_null(bad);
    bad[11] = '3';
    char *hash = strstr(rec, "\"doc_hash\":\"") + 12;
    hash[0] = hash[0] == 'a' ? 'b' : 'a';   /* not the stored document */
    assert_int_equal(annals_embed_store_put(s, rec, n, "shard.jsonl", 3, &err), ANNALS_EFORMAT);
    assert_non_null(strstr(err, "shard.jsonl:3: not an annals store record: \"sentence\""));
    annals_embed_free(err);
    annals_embed_store_close(s);
    annals_embed_free(rec);
    assert_int_equal(annals_embed_version(), ANNALS_EMBED_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embed__events_as_annals_code_writes_them),
        cmocka_unit_test(test_embed__errors_name_path_and_line),
        cmocka_unit_test(test_embed__a_record_is_stored_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
