/* SPDX-License-Identifier: MIT
** tests/unit/code/test_code.c -- the event coder on sentences written for these tests.
**
** Runs the whole pipeline (with the project's data/) on one sentence and checks
** the events: codes, roles, negation, intent, passive voice, coordination. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>
#include "annals/pipeline.h"
#include "code/code_internal.h"

static annals_pipeline *P;

static int setup(void **state)
{
    (void)state;
    annals_ctx *ctx = annals_ctx_new();
    int rc = annals_pipeline_open(&P, NULL, ctx);
    if (rc < 0) fprintf(stderr, "%s\n", annals_errmsg(ctx));
    annals_ctx_free(ctx);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    annals_pipeline_free(P);
    return 0;
}

static annals_doc *code(const char *text)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->format = ANNALS_FMT_TEXT;
    assert_int_equal(annals_pipeline_run(P, d, NULL), 0);
    return d;
}

/* True when the document has an event src -> tgt with this code. */
static bool has(const annals_doc *d, const char *src, const char *tgt, const char *code)
{
    for (size_t i = 0; i < d->n_event; i++)
        if (!strcmp(d->event[i].src, src) && !strcmp(d->event[i].tgt, tgt) && !strcmp(d->event[i].code, code))
            return true;
    return false;
}

static void test_code__meeting_and_goldstein(void **state)
{
    (void)state;
    annals_doc *d = code("Kazakh officials met with the U.S. ambassador in Astana.");
    assert_int_equal(d->n_event, 1);
    assert_true(has(d, "KAZGOV", "USAGOV", "040"));
    assert_string_equal(d->event[0].root, "04");
    assert_int_equal(d->event[0].quad_class, 1);
    assert_true(d->event[0].goldstein > 0.9 && d->event[0].goldstein < 1.1);   /* 040: 1.0 */
    assert_non_null(d->event[0].place);
    assert_string_equal(d->event[0].place, "Astana");
    annals_doc_free(d);
}

static void test_code__negation_drops_the_event(void **state)
{
    (void)state;
    annals_doc *d = code("The Russian foreign minister did not meet Chinese officials.");
    assert_int_equal(d->n_event, 0);
    annals_doc_free(d);
}

static void test_code__intent_is_03x_not_the_act(void **state)
{
    (void)state;
    annals_doc *d = code("Uzbekistan is ready to sign a military cooperation agreement with Tajikistan.");
    assert_true(has(d, "UZB", "TJK", "0312"));
    assert_false(has(d, "UZB", "TJK", "057"));
    annals_doc_free(d);
    d = code("The Chinese president will meet Kazakh officials.");
    assert_true(has(d, "CHNGOV", "KAZGOV", "036"));
    annals_doc_free(d);
}

static void test_code__passive_agent_is_the_source(void **state)
{
    (void)state;
    annals_doc *d = code("The Turkish envoy was received by the Foreign Minister of Azerbaijan.");
    assert_true(has(d, "AZEGOV", "TURGOV", "043"));
    assert_false(has(d, "TURGOV", "AZEGOV", "043"));
    annals_doc_free(d);
}

static void test_code__coordinated_sources_and_mutual_acts(void **state)
{
    (void)state;
    annals_doc *d = code("Kyrgyzstan and Tajikistan signed a border agreement.");
    assert_true(has(d, "KGZ", "TJK", "057"));
    assert_true(has(d, "TJK", "KGZ", "057"));
    annals_doc_free(d);
    d = code("Armenia and Georgia criticized Iran.");
    assert_true(has(d, "ARM", "IRN", "111"));
    assert_true(has(d, "GEO", "IRN", "111"));
    annals_doc_free(d);
}

static void test_code__aid_domain_sets_the_subcode(void **state)
{
    (void)state;
    annals_doc *d = code("Japan sent humanitarian aid to Ukraine.");
    assert_true(has(d, "JPN", "UKR", "073"));
    annals_doc_free(d);
    d = code("Norway provided economic assistance to Moldova.");
    assert_true(has(d, "NOR", "MDA", "071"));
    annals_doc_free(d);
}

static void test_code__verb_used_as_noun_is_no_event(void **state)
{
    (void)state;
    annals_doc *d = code("Mongolia thanked Japan for its continued support for the Mongolian people.");
    assert_true(has(d, "MNG", "JPN", "051"));
    assert_int_equal(d->n_event, 1);
    annals_doc_free(d);
}

/* True when forms[0..n) holds w. */
static bool has_form(char forms[][64], size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++) if (!strcmp(forms[i], w)) return true;
    return false;
}

static void test_code__inflections_from_the_lexicon(void **state)
{
    (void)state;
    char forms[16][64];
    size_t n = annals_verb_forms("meet", forms, 16);
    bool met = false, meeting = false;
    for (size_t i = 0; i < n; i++) {
        met = met || !strcmp(forms[i], "met");
        meeting = meeting || !strcmp(forms[i], "meeting");
    }
    assert_true(met && meeting);
    n = annals_verb_forms("expel", forms, 16);
    bool expelled = false;
    for (size_t i = 0; i < n; i++) expelled = expelled || !strcmp(forms[i], "expelled");
    assert_true(expelled);
    n = annals_verb_forms("deny", forms, 16);
    bool denies = false, denied = false;
    for (size_t i = 0; i < n; i++) {
        denies = denies || !strcmp(forms[i], "denies");
        denied = denied || !strcmp(forms[i], "denied");
    }
    assert_true(denies && denied);
    /* verbs of the mined lexicon: irregular, doubling, British spelling */
    n = annals_verb_forms("retake", forms, 16);
    assert_true(has_form(forms, n, "retook") && has_form(forms, n, "retaken"));
    n = annals_verb_forms("withhold", forms, 16);
    assert_true(has_form(forms, n, "withheld"));
    n = annals_verb_forms("swap", forms, 16);
    assert_true(has_form(forms, n, "swapped") && has_form(forms, n, "swapping"));
    n = annals_verb_forms("cancel", forms, 16);
    assert_true(has_form(forms, n, "cancelled") && has_form(forms, n, "canceled"));
}

static void test_code__plural_noun_heads_match_the_singular(void **state)
{
    (void)state;
    char forms[16][64];
    size_t n = annals_noun_forms("clashes", forms, 16);
    assert_true(has_form(forms, n, "clashes") && has_form(forms, n, "clash"));
    n = annals_noun_forms("casualties", forms, 16);
    assert_true(has_form(forms, n, "casualty"));
    n = annals_noun_forms("talks", forms, 16);
    assert_true(has_form(forms, n, "talk"));
    n = annals_noun_forms("crisis", forms, 16);   /* singular already */
    assert_int_equal(n, 1);
    n = annals_noun_forms("process", forms, 16);
    assert_int_equal(n, 1);
    /* data/verbs.txt writes "sanctions on $" in the plural: the singular is coded too */
    annals_doc *d = code("Washington announced a sanction on Iran.");
    assert_true(has(d, "USAGOV", "IRN", "163"));
    annals_doc_free(d);
}

/* One sentence and the event it must yield. */
typedef struct { const char *text, *src, *tgt, *code; } want;

static void expect_all(const want *C, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        annals_doc *d = code(C[i].text);
        if (!has(d, C[i].src, C[i].tgt, C[i].code)) fail_msg("%s: no %s -> %s %s", C[i].text, C[i].src, C[i].tgt, C[i].code);
        annals_doc_free(d);
    }
}

/* Constructions of news the lexicon must know, each a kind (data/verbs.txt) and coded by the
** coding guide's conventions: aid in kind, denials (016, not a rejection), violent protest,
** official complaints, declared ceasefires (mined from PETRARCH's dictionary). */
static void test_code__lexicon_constructions(void **state)
{
    (void)state;
    static const want C[] = {
        { "Egypt sent 50 tons of flour to Lebanon.", "EGY", "LBN", "073" },
        { "The Chinese government rejected the allegations made by Washington.", "CHNGOV", "USAGOV", "016" },
        { "Kenyan protesters battled police in Nairobi.", "KENOPP", "KENCOP", "145" },
        { "Japan lodged a protest with China.", "JPN", "CHN", "114" },
        { "Armenia and Azerbaijan announced a ceasefire.", "ARM", "AZE", "0871" },
        { "Turkey recalled its ambassador to Israel.", "TUR", "ISR", "161" },
        { "Russia called for restraint in Niger.", "RUS", "NER", "0256" },
        { "The Nigerian army retook the town from Boko Haram.", "NGAMIL", "NGAREB", "190" },
    };
    expect_all(C, sizeof C / sizeof C[0]);
    /* the noun "arms" is no arming */
    static const char *const NONE[] = { "China opposes American arms in Taiwan." };
    for (size_t i = 0; i < sizeof NONE / sizeof NONE[0]; i++) {
        annals_doc *d = code(NONE[i]);
        if (d->n_event) fail_msg("%s: %s %s", NONE[i], d->event[0].code, d->event[0].tgt);
        annals_doc_free(d);
    }
}

/* Event nouns whose source stands after the noun or before a copula. */
static void test_code__noun_events_take_of_by_between_and_copula_sources(void **state)
{
    (void)state;
    static const want C[] = {
        { "The Turkish president is on a visit to Germany.", "TURGOV", "DEU", "042" },
        { "The visit of China to Pakistan began.", "CHN", "PAK", "042" },
        { "The attack by Russian forces on Ukraine killed ten.", "RUSMIL", "UKR", "180" },
        { "Clashes between Armenia and Azerbaijan erupted.", "ARM", "AZE", "190" },
    };
    expect_all(C, sizeof C / sizeof C[0]);
    /* "of X" alone is the target's: "the condemnation of Russia" has no source there */
    annals_doc *d = code("The condemnation of Russia was swift.");
    assert_int_equal(d->n_event, 0);
    annals_doc_free(d);
}

static void test_code__quoted_we_is_the_speaker(void **state)
{
    (void)state;
    annals_doc *d = code("\xE2\x80\x9CWe value our relations with Mongolia,\xE2\x80\x9D the Japanese foreign minister said.");
    assert_true(has(d, "JPNGOV", "MNG", "051"));
    annals_doc_free(d);
    d = code("\xE2\x80\x9CWe value our relations with Mongolia.\xE2\x80\x9D");   /* nobody says it: no event */
    assert_int_equal(d->n_event, 0);
    annals_doc_free(d);
}

static void test_code__event_date_skips_the_dateline(void **state)
{
    (void)state;
    const char *text = "BISHKEK, Sept 17 (Reuters) - Kyrgyzstan and Tajikistan agreed on Friday to a ceasefire.";
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->format = ANNALS_FMT_TEXT;
    d->given_date = "2022-09-17";
    assert_int_equal(annals_pipeline_run(P, d, NULL), 0);
    assert_true(d->n_event >= 1);
    for (size_t i = 0; i < d->n_event; i++) assert_string_equal(d->event[i].date, "2022-09-16");
    annals_doc_free(d);
}

static void test_code__no_actor_no_event(void **state)
{
    (void)state;
    annals_doc *d = code("The weather was calm and the markets opened late.");
    assert_int_equal(d->n_event, 0);
    annals_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code__meeting_and_goldstein),
        cmocka_unit_test(test_code__negation_drops_the_event),
        cmocka_unit_test(test_code__intent_is_03x_not_the_act),
        cmocka_unit_test(test_code__passive_agent_is_the_source),
        cmocka_unit_test(test_code__coordinated_sources_and_mutual_acts),
        cmocka_unit_test(test_code__aid_domain_sets_the_subcode),
        cmocka_unit_test(test_code__verb_used_as_noun_is_no_event),
        cmocka_unit_test(test_code__inflections_from_the_lexicon),
        cmocka_unit_test(test_code__plural_noun_heads_match_the_singular),
        cmocka_unit_test(test_code__lexicon_constructions),
        cmocka_unit_test(test_code__noun_events_take_of_by_between_and_copula_sources),
        cmocka_unit_test(test_code__quoted_we_is_the_speaker),
        cmocka_unit_test(test_code__event_date_skips_the_dateline),
        cmocka_unit_test(test_code__no_actor_no_event),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
