/* SPDX-License-Identifier: MIT
** tests/unit/segment/test_segment.c -- tokenizer and sentence splitter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>
#include "annals/segment.h"

static annals_doc *segment(const char *text)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->text = (char *)d->raw;
    d->text_len = d->raw_len;
    assert_int_equal(annals_segment_run(d, NULL), 0);
    return d;
}

/* Token i's text as a NUL-terminated string (static buffer). */
static const char *tok(const annals_doc *d, size_t i)
{
    static char buf[256];
    annals_str s = annals_tok_str(d, i);
    snprintf(buf, sizeof buf, "%.*s", (int)s.n, s.p);
    return buf;
}

static void test_segment__keeps_abbreviations_and_offsets(void **state)
{
    (void)state;
    annals_doc *d = segment("Mr. Atamkulov met U.S. officials in Astana. The talks ended.");
    assert_int_equal(d->n_sent, 2);
    assert_string_equal(tok(d, 0), "Mr.");
    assert_string_equal(tok(d, 3), "U.S.");
    assert_string_equal(tok(d, 7), ".");
    for (size_t i = 0; i < d->n_tok; i++) assert_true(d->tok[i].off + d->tok[i].len <= d->text_len);
    assert_int_equal(d->sent[1].off, strlen("Mr. Atamkulov met U.S. officials in Astana. "));
    annals_doc_free(d);
}

static void test_segment__splits_clitics_keeps_hyphens(void **state)
{
    (void)state;
    annals_doc *d = segment("Ali-Bek Bakayev said Kazakhstan's people-to-people ties don't end.");
    assert_string_equal(tok(d, 0), "Ali-Bek");
    assert_string_equal(tok(d, 3), "Kazakhstan");
    assert_string_equal(tok(d, 4), "'s");
    assert_string_equal(tok(d, 5), "people-to-people");
    assert_string_equal(tok(d, 7), "do");
    assert_string_equal(tok(d, 8), "n't");
    annals_doc_free(d);
}

static void test_segment__curly_apostrophe_and_quotes(void **state)
{
    (void)state;
    annals_doc *d = segment("\xE2\x80\x9CI will meet the country\xE2\x80\x99s leadership.\xE2\x80\x9D He left.");
    assert_int_equal(d->n_sent, 2);
    /* the closing quote stays in the first sentence */
    const annals_sentence *s0 = &d->sent[0];
    assert_string_equal(tok(d, s0->tok_end - 1), "\xE2\x80\x9D");
    assert_true(d->tok[1].flags & ANNALS_TOKF_IN_QUOTE);
    assert_false(d->tok[d->sent[1].tok_begin].flags & ANNALS_TOKF_IN_QUOTE);
    annals_doc_free(d);
}

static void test_segment__numbers_and_dates(void **state)
{
    (void)state;
    annals_doc *d = segment("It gave $2,000,000 on Sept. 6, 2024 at 3.5 percent.");
    assert_int_equal(d->n_sent, 1);
    assert_string_equal(tok(d, 3), "2,000,000");
    assert_string_equal(tok(d, 5), "Sept.");
    assert_string_equal(tok(d, 10), "3.5");
    annals_doc_free(d);
}

static void test_segment__line_breaks_end_headlines(void **state)
{
    (void)state;
    annals_doc *d = segment("Latest\n\nTaliban Bans Visits\nOct 15, 2024\nThe minister said\nthat talks went well.");
    /* "Latest" | "Taliban Bans Visits" | "Oct 15, 2024" | one sentence across the wrapped line */
    assert_int_equal(d->n_sent, 4);
    annals_doc_free(d);
}

static void test_segment__initialism_at_sentence_end(void **state)
{
    (void)state;
    annals_doc *d = segment("He flew to the U.S. The visit was short.");
    assert_int_equal(d->n_sent, 2);
    annals_doc_free(d);
}

static void test_segment__caps_long_sentences(void **state)
{
    (void)state;
    size_t n = 5000 * 2;
    char *t = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2) { t[i] = 'a'; t[i + 1] = ' '; }
    t[n] = '\0';
    annals_doc *d = segment(t);
    assert_int_equal(d->n_tok, 5000);
    for (size_t i = 0; i < d->n_sent; i++)
        assert_true(d->sent[i].tok_end - d->sent[i].tok_begin <= ANNALS_MAX_SENT_TOKENS);
    annals_doc_free(d);
    free(t);
}

static void test_segment__empty_text(void **state)
{
    (void)state;
    annals_doc *d = segment("");
    assert_int_equal(d->n_tok, 0);
    assert_int_equal(d->n_sent, 0);
    annals_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segment__keeps_abbreviations_and_offsets),
        cmocka_unit_test(test_segment__splits_clitics_keeps_hyphens),
        cmocka_unit_test(test_segment__curly_apostrophe_and_quotes),
        cmocka_unit_test(test_segment__numbers_and_dates),
        cmocka_unit_test(test_segment__line_breaks_end_headlines),
        cmocka_unit_test(test_segment__initialism_at_sentence_end),
        cmocka_unit_test(test_segment__caps_long_sentences),
        cmocka_unit_test(test_segment__empty_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
