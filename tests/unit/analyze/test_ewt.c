/* SPDX-License-Identifier: MIT
** tests/unit/analyze/test_ewt.c -- the committed models (data/models) on UD
** English EWT dev and test (predicted tags, gold tokenization, punctuation
** included): a regression floor just under what the committed models measure
** (docs/parser.md). The targets (test UPOS >= 95.5, UAS >= 86, LAS >=
** 83) are not all met yet; raise these floors to them once they are.
** Skipped (77) when ../shared/treebank or the models are absent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "annals/analyze.h"

#define EWT ANNALS_SHARED_DIR "/treebank/en_ewt/en_ewt-ud-"
#define MODELS ANNALS_DATA_DIR "/models"

static void run_with(const char *parser, const char *file, double upos, double uas, double las)
{
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an;
    if (annals_analyzer_open_with_parser(&an, MODELS, parser, ctx) < 0) fail_msg("%s", annals_errmsg(ctx));
    annals_conllu g;
    if (annals_conllu_read_file(&g, file, ctx) < 0) fail_msg("%s", annals_errmsg(ctx));
    annals_eval_result r;
    assert_int_equal(annals_analyze_eval(an, g.doc, &r, ctx), 0);
    printf("%s: UPOS %.2f XPOS %.2f UAS %.2f LAS %.2f lemma %.2f (%zu words, %.0f sentences/s)\n", file,
           100 * r.upos, 100 * r.xpos, 100 * r.uas, 100 * r.las, 100 * r.lemma, r.words,
           r.seconds > 0 ? r.sentences / r.seconds : 0);
    if (r.upos < upos || r.uas < uas || r.las < las)
        fail_msg("below target: UPOS %.4f (>= %.4f) UAS %.4f (>= %.4f) LAS %.4f (>= %.4f)", r.upos, upos, r.uas,
                 uas, r.las, las);
    annals_doc_free(g.doc);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

/* The tagger's pass-2 margin and the parser's beam margin: a margin wider
** than any score gap changes nothing against the margin turned off (0), and
** the defaults stay close to both on dev. */
static void test_ewt__margins(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an;
    if (annals_analyzer_open(&an, MODELS, ctx) < 0) fail_msg("%s", annals_errmsg(ctx));
    assert_true(annals_tagger_pass2_margin(annals_analyzer_tagger(an)) == ANNALS_TAGGER_PASS2_MARGIN);
    annals_conllu g;
    if (annals_conllu_read_file(&g, EWT "dev.conllu", ctx) < 0) fail_msg("%s", annals_errmsg(ctx));
    annals_eval_result def, off, wide;
    assert_int_equal(annals_analyze_eval(an, g.doc, &def, ctx), 0);
    annals_analyzer_set_margins(an, 0, 0);
    assert_int_equal(annals_analyze_eval(an, g.doc, &off, ctx), 0);
    annals_analyzer_set_margins(an, 1e5, 1e3);
    assert_int_equal(annals_analyze_eval(an, g.doc, &wide, ctx), 0);
    assert_true(off.upos == wide.upos && off.xpos == wide.xpos);
    assert_true(off.uas == wide.uas && off.las == wide.las);
    printf("dev with the default margins: UPOS %.2f UAS %.2f LAS %.2f; without: %.2f %.2f %.2f\n",
           100 * def.upos, 100 * def.uas, 100 * def.las, 100 * off.upos, 100 * off.uas, 100 * off.las);
    assert_true(def.upos > off.upos - 0.001 && def.las > off.las - 0.002);
    annals_doc_free(g.doc);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

static void run(const char *file, double upos, double uas, double las) { run_with(NULL, file, upos, uas, las); }

/* The coder's greedy parser (parser-greedy.bin, split model): just under its
** measured 84.85 / 81.46 on test. */
static void test_ewt__greedy_parser(void **st)
{
    (void)st;
    run_with("parser-greedy.bin", EWT "test.conllu", 0.955, 0.845, 0.812);
}

static void test_ewt__test_set(void **st)
{
    (void)st;
    run(EWT "test.conllu", 0.955, 0.860, 0.830);   /* the targets */
}

static void test_ewt__dev_set_floor(void **st)
{
    (void)st;
    run(EWT "dev.conllu", 0.953, 0.859, 0.826);
}

int main(void)
{
    if (access(EWT "dev.conllu", R_OK) != 0 || access(EWT "test.conllu", R_OK) != 0 ||
        access(MODELS "/tagger.bin", R_OK) != 0 || access(MODELS "/parser.bin", R_OK) != 0 ||
        access(MODELS "/parser-greedy.bin", R_OK) != 0) {
        printf("skipped: EWT treebank or models not found\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ewt__test_set),
        cmocka_unit_test(test_ewt__dev_set_floor),
        cmocka_unit_test(test_ewt__margins),
        cmocka_unit_test(test_ewt__greedy_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
