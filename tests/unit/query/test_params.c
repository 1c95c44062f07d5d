/* SPDX-License-Identifier: MIT
** tests/unit/query/test_params.c -- the query parameters (annals_query_set,
** annals_query_parse_qs): each filter's value read and checked, percent-decoding,
** lists, the cursor written and read back, and refusals that name the parameter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "annals/query.h"

static int parse(annals_query *q, const char *qs, char *err, size_t n)
{
    annals_query_init(q);
    err[0] = '\0';
    return annals_query_parse_qs(q, qs, strlen(qs), err, n);
}

static void test_query__filters_read(void **st)
{
    (void)st;
    annals_query q;
    char err[256];
    assert_int_equal(parse(&q, "actor=kaz&dyad=KAZGOV%2Crusgov&directed=0&code=04,173&root=14&quad=3,4"
                               "&from=2022-01&to=2022-09-30&country=kaz&place=Xi%27an&q=Taliban+AND+women"
                               "&min_confidence=0.5&outlet=Example%20Wire&limit=7&sort=-goldstein"
                               "&interval=week&by=root&format=csv&min_sources=2", err, sizeof err), 0);
    assert_string_equal(q.actor, "KAZ");                 /* folded to upper case */
    assert_string_equal(q.dyad_a, "KAZGOV");
    assert_string_equal(q.dyad_b, "RUSGOV");
    assert_false(q.directed);
    assert_int_equal(q.n_code, 2);
    assert_string_equal(q.code[1], "173");
    assert_int_equal(q.n_root, 1);
    assert_int_equal(q.quad_mask, (1u << 3) | (1u << 4));
    assert_string_equal(q.from, "2022-01");
    assert_string_equal(q.to, "2022-09-30");
    assert_string_equal(q.country, "KAZ");
    assert_string_equal(q.place, "Xi'an");
    assert_string_equal(q.q, "Taliban AND women");      /* '+' is a space */
    assert_true(q.min_confidence > 0.49 && q.min_confidence < 0.51);
    assert_string_equal(q.outlet, "Example Wire");
    assert_int_equal(q.limit, 7);
    assert_int_equal(q.sort, ANNALS_QSORT_GOLDSTEIN_DESC);
    assert_int_equal(q.interval, ANNALS_QI_WEEK);
    assert_int_equal(q.by, ANNALS_QBY_ROOT);
    assert_int_equal(q.format, ANNALS_QF_CSV);
    assert_int_equal(q.min_sources, 2);
    /* echoed as given, in order */
    assert_int_equal(q.n_params, 19);
    assert_string_equal(q.param[0].key, "actor");
    assert_string_equal(q.param[0].val, "kaz");
    assert_string_equal(q.param[9].val, "Xi'an");
}

static void test_query__defaults(void **st)
{
    (void)st;
    annals_query q;
    char err[256];
    assert_int_equal(parse(&q, "", err, sizeof err), 0);
    assert_int_equal(q.limit, ANNALS_Q_DEFAULT_LIMIT);
    assert_true(q.directed);
    assert_true(q.min_confidence < 0);
    assert_int_equal(q.sort, ANNALS_QSORT_DATE);
    assert_int_equal(q.interval, ANNALS_QI_MONTH);
    assert_int_equal(q.n_params, 0);
    assert_int_equal(parse(&q, "&&limit=3&", err, sizeof err), 0);   /* empty pairs are skipped */
    assert_int_equal(q.limit, 3);
}

static void test_query__refusals_name_the_parameter(void **st)
{
    (void)st;
    static const struct { const char *qs, *name; } bad[] = {
        { "limit=0", "limit" }, { "limit=1001", "limit" }, { "limit=5x", "limit" },
        { "from=2022-02-30", "from" }, { "to=22-01-01", "to" }, { "quad=0", "quad" }, { "quad=1,5", "quad" },
        { "root=00", "root" }, { "root=21", "root" }, { "code=1", "code" }, { "code=12345", "code" },
        { "actor=K%27AZ", "actor" }, { "actor=ABCDEFGHIJKLMNOP", "actor" }, { "dyad=KAZ", "dyad" },
        { "dyad=A,B,C", "dyad" }, { "directed=yes", "directed" }, { "sort=name", "sort" },
        { "cursor=12", "cursor" }, { "cursor=x:2022", "cursor" }, { "cursor=1:20'22", "cursor" },
        { "format=xml", "format" }, { "min_confidence=1.5", "min_confidence" }, { "min_sources=0", "min_sources" },
        { "country=KA", "country" }, { "q=", "q" }, { "place=%zz", "place" }, { "place=a%00b", "place" },
        { "actor=KAZ&actor=RUS", "actor" }, { "nothing=1", "nothing" }, { "actor", "actor" },
        { "interval=year", "interval" }, { "by=code", "by" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        annals_query q;
        char err[256];
        int rc = parse(&q, bad[i].qs, err, sizeof err);
        if (rc != -1 || !strstr(err, bad[i].name)) fail_msg("%s: rc %d, message '%s'", bad[i].qs, rc, err);
    }
}

static void test_query__too_long_and_too_many(void **st)
{
    (void)st;
    annals_query q;
    char err[256], qs[4096];
    memset(qs, 0, sizeof qs);
    strcpy(qs, "q=");
    memset(qs + 2, 'x', ANNALS_Q_MAX_VALUE);               /* one byte over the limit */
    assert_int_equal(parse(&q, qs, err, sizeof err), -1);
    assert_non_null(strstr(err, "q:"));
    qs[2 + ANNALS_Q_MAX_VALUE - 1] = '\0';                  /* the longest value */
    assert_int_equal(parse(&q, qs, err, sizeof err), 0);
    /* a list of 17 codes */
    strcpy(qs, "code=01");
    for (int i = 0; i < 16; i++) strcat(qs, ",01");
    assert_int_equal(parse(&q, qs, err, sizeof err), -1);
    assert_non_null(strstr(err, "code"));
}

static void test_query__cursor_reads_back(void **st)
{
    (void)st;
    annals_query q;
    char err[256], cur[64], qs[96];
    annals_query_cursor(cur, sizeof cur, 1234, "2022-03-01");
    assert_string_equal(cur, "1234:2022-03-01");
    snprintf(qs, sizeof qs, "cursor=%s", cur);
    assert_int_equal(parse(&q, qs, err, sizeof err), 0);
    assert_true(q.has_cursor);
    assert_int_equal(q.cursor_id, 1234);
    assert_string_equal(q.cursor_key, "2022-03-01");
    assert_int_equal(parse(&q, "cursor=7%3A-7.5", err, sizeof err), 0);   /* a Goldstein key */
    assert_string_equal(q.cursor_key, "-7.5");
    assert_int_equal(parse(&q, "cursor=9%3A", err, sizeof err), 0);       /* an event without a date */
    assert_string_equal(q.cursor_key, "");
}

static void test_query__kinds(void **st)
{
    (void)st;
    annals_qkind k;
    assert_true(annals_qkind_parse("timeline", &k));
    assert_int_equal(k, ANNALS_QK_TIMELINE);
    assert_true(annals_qkind_parse("stories", &k));
    assert_int_equal(k, ANNALS_QK_STORIES);
    assert_false(annals_qkind_parse("documents", &k));
    assert_false(annals_qkind_parse("", &k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query__filters_read),
        cmocka_unit_test(test_query__defaults),
        cmocka_unit_test(test_query__refusals_name_the_parameter),
        cmocka_unit_test(test_query__too_long_and_too_many),
        cmocka_unit_test(test_query__cursor_reads_back),
        cmocka_unit_test(test_query__kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
