/* SPDX-License-Identifier: MIT
** tests/unit/code/test_syntax.c -- roles from a dependency parse, independent of any model.
**
** Each sentence gets a hand-written parse (heads and UD relations), is marked
** parsed, and goes through mention and code: the roles must follow the parse,
** also where word order would pick differently. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>
#include "annals/code.h"
#include "annals/mention.h"
#include "annals/parse.h"
#include "annals/pipeline.h"
#include "annals/segment.h"

static annals_pipeline *P;

static int setup(void **state)
{
    (void)state;
    return annals_pipeline_open(&P, &(annals_pipeline_options){ .no_parse = true }, NULL);
}

static int teardown(void **state)
{
    (void)state;
    annals_pipeline_free(P);
    return 0;
}

/* heads: 0-based head index per token, -1 root; rels: UD relation names. */
static annals_doc *parsed(const char *text, const int *heads, const char *const *rels, size_t n)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->text = (char *)d->raw;
    d->text_len = d->raw_len;
    assert_int_equal(annals_segment_run(d, NULL), 0);
    assert_int_equal(d->n_sent, 1);
    assert_int_equal(d->n_tok, n);
    for (size_t i = 0; i < n; i++) {
        d->tok[i].head = heads[i];
        d->tok[i].deprel = (uint8_t)annals_deprel_id(rels[i]);
        assert_true(d->tok[i].deprel != 0);
    }
    d->sent[0].parsed = true;
    assert_int_equal(annals_mention_run(annals_pipeline_mentioner(P), d, NULL), 0);
    assert_int_equal(annals_code_run(annals_pipeline_coder(P), d, NULL), 0);
    return d;
}

static bool has(const annals_doc *d, const char *src, const char *tgt, const char *code)
{
    for (size_t i = 0; i < d->n_event; i++)
        if (!strcmp(d->event[i].src, src) && !strcmp(d->event[i].tgt, tgt) && !strcmp(d->event[i].code, code)) {
            assert_true(d->event[i].flags & ANNALS_EVF_PARSE);
            return true;
        }
    return false;
}

static void test_syntax__second_verb_takes_the_first_verbs_subject(void **state)
{
    (void)state;
    /* word order would make Russia the subject of "praised" */
    static const int H[] = { 1, -1, 1, 4, 1, 4, 1 };
    static const char *const R[] = { "nsubj", "root", "obj", "cc", "conj", "obj", "punct" };
    annals_doc *d = parsed("Kazakhstan thanked Russia and praised China.", H, R, 7);
    assert_true(has(d, "KAZ", "RUS", "051"));
    assert_true(has(d, "KAZ", "CHN", "051"));
    assert_false(has(d, "RUS", "CHN", "051"));
    annals_doc_free(d);
}

static void test_syntax__passive_agent_is_source(void **state)
{
    (void)state;
    static const int H[] = { 2, 2, 4, 4, -1, 6, 4, 4 };
    static const char *const R[] = { "det", "amod", "nsubj:pass", "aux:pass", "root", "case", "obl:agent", "punct" };
    annals_doc *d = parsed("The Turkish envoy was received by Azerbaijan.", H, R, 8);
    assert_true(has(d, "AZE", "TURGOV", "043"));
    annals_doc_free(d);
}

static void test_syntax__object_not_nearest_actor(void **state)
{
    (void)state;
    /* "Georgia, which Armenia criticized, praised Iran": word order would take Armenia */
    static const int H[] = { 6, 0, 4, 4, 0, 6, -1, 6, 6 };
    static const char *const R[] = { "nsubj", "punct", "obj", "nsubj", "acl:relcl", "punct", "root", "obj", "punct" };
    annals_doc *d = parsed("Georgia, which Armenia criticized, praised Iran.", H, R, 9);
    assert_true(has(d, "GEO", "IRN", "051"));
    assert_false(has(d, "ARM", "IRN", "051"));
    annals_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax__second_verb_takes_the_first_verbs_subject),
        cmocka_unit_test(test_syntax__passive_agent_is_source),
        cmocka_unit_test(test_syntax__object_not_nearest_actor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
