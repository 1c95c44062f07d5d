/* SPDX-License-Identifier: MIT
** tests/unit/story/test_story.c -- story merging: the pairwise rules, the
** merger's independence of arrival order, the story fields and name keys,
** SimHash.
**
** Mentions are built by hand from short sentences; each test names the rule
** of docs/stories.md it holds to. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/story.h"

typedef struct {
    annals_story_mention m;
    annals_story_keys k, dk;
} mention;

static void make(mention *x, int64_t report, const char *src, const char *tgt, const char *code,
                 const char *date, const char *pub, const char *sentence, const char *doc_text)
{
    memset(x, 0, sizeof *x);
    x->m.report = report;
    snprintf(x->m.src, sizeof x->m.src, "%s", src);
    snprintf(x->m.tgt, sizeof x->m.tgt, "%s", tgt);
    snprintf(x->m.code, sizeof x->m.code, "%s", code);
    snprintf(x->m.root, sizeof x->m.root, "%.2s", code);
    snprintf(x->m.date, sizeof x->m.date, "%s", date);
    snprintf(x->m.pub_date, sizeof x->m.pub_date, "%s", pub);
    annals_story_sentence_keys(sentence, strlen(sentence), &x->k);
    annals_story_doc_keys(doc_text, strlen(doc_text), &x->dk);
    x->m.keys = &x->k;
    x->m.doc_keys = &x->dk;
}

#define MEET_A "Foreign Minister Ivan Petrov met his Kazakh counterpart Aibek Nurlanov in Astana on Friday."
#define MEET_B "Ivan Petrov held talks with Aibek Nurlanov in Astana, the Kazakh ministry said on Friday."
#define DOC_A "Astana. Foreign Minister Ivan Petrov met Aibek Nurlanov in Astana. Petrov and Nurlanov discussed the Caspian pipeline and 12 projects."
#define DOC_B "Ministry statement. Ivan Petrov held talks with Aibek Nurlanov in Astana about the Caspian pipeline; 12 projects were named."

/* Report 1 tells the meeting in MEET_A/DOC_A, any other report in MEET_B/DOC_B. */
static void meet(mention *x, int64_t report, const char *src, const char *tgt, const char *code,
                 const char *date, const char *pub)
{
    make(x, report, src, tgt, code, date, pub, report == 1 ? MEET_A : MEET_B, report == 1 ? DOC_A : DOC_B);
}

static void test_story__same_meeting_two_reports(void **state)
{
    (void)state;
    mention a, b;
    meet(&a, 1, "RUSGOV", "KAZGOV", "040", "2024-09-06", "2024-09-07");
    meet(&b, 2, "RUSGOV", "KAZGOV", "040", "2024-09-06", "2024-09-07");
    assert_true(annals_story_same(&a.m, &b.m));
    assert_true(annals_story_same(&b.m, &a.m));            /* symmetric */
    /* the reversed dyad of a meeting is the same meeting */
    meet(&b, 2, "KAZGOV", "RUSGOV", "040", "2024-09-06", "2024-09-07");
    assert_true(annals_story_same(&a.m, &b.m));
    /* ... but not of an accusation */
    meet(&a, 1, "RUSGOV", "KAZGOV", "112", "2024-09-06", "2024-09-07");
    meet(&b, 2, "KAZGOV", "RUSGOV", "112", "2024-09-06", "2024-09-07");
    assert_false(annals_story_same(&a.m, &b.m));
}

static void attack(mention *x, int64_t report, const char *date, const char *pub)
{
    make(x, report, "SOMREB", "SOMMIL", "183", date, pub, "Gunmen attacked a checkpoint in Mogadishu.", "Mogadishu attack");
}

static void siege(mention *x, const char *src)
{
    make(x, 2, src, "SOMREB", "190", "2024-09-06", "", "Troops killed two gunmen at the Hotel Sahafi.", "Hotel Sahafi siege");
}

static void test_story__a_month_apart_or_two_days_apart_stay_apart(void **state)
{
    (void)state;
    mention a, b;
    meet(&a, 1, "RUSGOV", "KAZGOV", "040", "2024-09-06", "2024-09-07");
    meet(&b, 2, "RUSGOV", "KAZGOV", "040", "2024-10-07", "2024-10-08");
    assert_false(annals_story_same(&a.m, &b.m));
    /* attacks on Monday and Wednesday */
    attack(&a, 1, "2024-09-02", "");
    attack(&b, 2, "2024-09-04", "");
    assert_false(annals_story_same(&a.m, &b.m));
    /* one day apart (a late report, a time zone) is allowed */
    attack(&b, 2, "2024-09-03", "");
    assert_true(annals_story_same(&a.m, &b.m));
    /* an undated mention stands for its publication window: 2024-09-06 is 3 days before */
    attack(&b, 2, "", "2024-09-06");
    assert_true(annals_story_compatible(&a.m, &b.m));
    attack(&b, 2, "", "2024-09-10");
    assert_false(annals_story_compatible(&a.m, &b.m));
    /* an undated mention that names a past year is about that year, not its report's days */
    const char *since = "The first visit since 2011, when the minister visited for peace talks.";
    assert_int_equal(annals_story_past_year(since, strlen(since), "2024-09-06"), 2011);
    assert_int_equal(annals_story_past_year(since, strlen(since), "2011-03-01"), 0);
    attack(&b, 2, "", "2024-09-03");
    assert_true(annals_story_compatible(&a.m, &b.m));
    b.m.year = 2011;
    assert_false(annals_story_compatible(&a.m, &b.m));
    assert_false(annals_story_compatible(&b.m, &a.m));
}

static void test_story__roles_places_and_evidence(void **state)
{
    (void)state;
    mention a, b;
    /* police and soldiers are one family (state); civilians are another */
    make(&a, 1, "SOMCOP", "SOMREB", "190", "2024-09-06", "", "Police killed two gunmen at the Hotel Sahafi.", "Hotel Sahafi siege");
    siege(&b, "SOMMIL");
    assert_true(annals_story_same(&a.m, &b.m));
    siege(&b, "SOMCVL");
    assert_false(annals_story_compatible(&a.m, &b.m));
    /* places, where both give one */
    siege(&b, "SOMMIL");
    a.m.place = "Mogadishu";
    b.m.place = "Kismayo";
    assert_false(annals_story_compatible(&a.m, &b.m));
    b.m.place = NULL;
    assert_true(annals_story_compatible(&a.m, &b.m));
    /* same dyad, root and day, but nothing in common: two events */
    make(&b, 2, "SOMMIL", "SOMREB", "190", "2024-09-06", "", "Soldiers shelled villages near Baidoa.", "Baidoa shelling by the army");
    assert_false(annals_story_same(&a.m, &b.m));
    /* a mention without actors is its own story */
    make(&a, 1, "", "", "190", "2024-09-06", "", "Two gunmen were killed at the Hotel Sahafi.", "Hotel Sahafi");
    make(&b, 1, "", "", "190", "2024-09-06", "", "Two gunmen were killed at the Hotel Sahafi.", "Hotel Sahafi");
    assert_false(annals_story_same(&a.m, &b.m));
}

static void test_story__one_report_one_action_once(void **state)
{
    (void)state;
    mention a, b;
    /* one report: the visit and the meeting held during it are two actions, even
       in one sentence, though the root (04) and the dyad are the same */
    meet(&a, 1, "RUSGOV", "KAZGOV", "040", "2024-09-06", "2024-09-07");
    meet(&b, 1, "RUSGOV", "KAZGOV", "042", "2024-09-06", "2024-09-07");
    assert_true(annals_story_compatible(&a.m, &b.m));
    assert_false(annals_story_same(&a.m, &b.m));
    b.m.sentence = 3;
    assert_false(annals_story_same(&a.m, &b.m));
    /* one code: the same sentence, or a sentence that repeats it, is one event */
    meet(&b, 1, "RUSGOV", "KAZGOV", "040", "2024-09-06", "2024-09-07");
    assert_true(annals_story_same(&a.m, &b.m));
    b.m.sentence = 3;
    assert_true(annals_story_same(&a.m, &b.m));
    /* across reports outlets word one action differently: codes may differ */
    meet(&b, 2, "RUSGOV", "KAZGOV", "042", "2024-09-06", "2024-09-07");
    assert_true(annals_story_same(&a.m, &b.m));
}

#define DOC_T "Report: the British Embassy in Tehran, 12 cars, Police, Basij"
#define DOC_S "Report: students at the British Embassy compound, Hundreds, Papers"

/* Report 2 of the storming: no date at all; "when" is put between its words. */
static bool undated_same(const mention *a, const char *when, const char *after)
{
    char sentence[160];
    mention b;
    snprintf(sentence, sizeof sentence, "Hundreds of students broke into the British embassy compound%s and threw papers%s.",
             when, after);
    make(&b, 2, "IRNCVL", "GBRGOV", "145", "", "", sentence, DOC_S);
    return annals_story_same(&a->m, &b.m) && annals_story_same(&b.m, &a->m);
}

static void test_story__undated_report_naming_the_weekday(void **state)
{
    (void)state;
    mention a;
    /* report 1 dates the storming (a Friday); report 2's wording is too far from
       report 1's for the threshold of undated pairs ... */
    make(&a, 1, "IRNCVL", "GBRGOV", "145", "2024-09-06", "2024-09-06",
         "Protesters stormed the British embassy in Tehran, burning a car.", DOC_T);
    assert_false(undated_same(&a, "", ""));
    /* ... unless it names the weekday of that date */
    assert_true(undated_same(&a, " on Friday", ""));
    /* another weekday, or two of them, is no such evidence */
    assert_false(undated_same(&a, " on Tuesday", ""));
    assert_false(undated_same(&a, " on Friday", " on Tuesday"));
}

/* The partition must not depend on the order of arrival: a chain a-b-c where
** only neighbours match, added in all six orders. */
static void test_story__merger_partition_is_order_free(void **state)
{
    (void)state;
    static mention x[5];
    make(&x[0], 1, "RUSGOV", "KAZGOV", "040", "2024-09-06", "", MEET_A, DOC_A);
    make(&x[1], 2, "KAZGOV", "RUSGOV", "040", "2024-09-06", "", MEET_B, DOC_B);
    make(&x[2], 3, "RUSGOV", "KAZGOV", "040", "2024-09-07", "", MEET_B " Petrov.", DOC_B);
    make(&x[3], 4, "RUSGOV", "KAZGOV", "040", "2024-10-20", "", MEET_A, DOC_A);   /* a month later */
    make(&x[4], 5, "USAGOV", "KAZGOV", "040", "2024-09-06", "", MEET_A, DOC_A);   /* another dyad */
    static const int perms[6][3] = { {0,1,2}, {0,2,1}, {1,0,2}, {1,2,0}, {2,0,1}, {2,1,0} };
    for (int p = 0; p < 6; p++) {
        annals_story_merger *m = NULL;
        assert_int_equal(annals_story_merger_new(&m, NULL), 0);
        size_t idx[5];
        for (int i = 0; i < 3; i++)
            assert_int_equal(annals_story_merger_add(m, &x[perms[p][i]].m, &idx[perms[p][i]], NULL), 0);
        assert_int_equal(annals_story_merger_add(m, &x[3].m, &idx[3], NULL), 0);
        assert_int_equal(annals_story_merger_add(m, &x[4].m, &idx[4], NULL), 0);
        size_t s0 = annals_story_merger_story(m, idx[0]);
        assert_int_equal(annals_story_merger_story(m, idx[1]), s0);
        assert_int_equal(annals_story_merger_story(m, idx[2]), s0);
        assert_true(annals_story_merger_story(m, idx[3]) != s0);
        assert_true(annals_story_merger_story(m, idx[4]) != s0);
        annals_story_merger_free(m);
    }
}

static void test_story__name_keys(void **state)
{
    (void)state;
    char *a = annals_story_name_key("Ali-Bek  Bakayev");
    char *b = annals_story_name_key("ALIBEK Bakayev");
    char *c = annals_story_name_key("Alíbek Bakáyev");
    assert_string_equal(a, "alibek bakayev");
    assert_string_equal(b, "alibek bakayev");
    assert_string_equal(c, "alibek bakayev");
    free(a);
    free(b);
    free(c);
}

static void test_story__fields_by_rules(void **state)
{
    (void)state;
    annals_story_input in[3] = {
        { .doc = 1, .src = "USAGOV", .tgt = "KAZGOV", .src_text = "he", .tgt_text = "Ali-Bek Bakayev, the deputy minister",
          .code = "042", .date = "2024-09-06", .place = "Astana", .goldstein = 1.9, .quad_class = 1 },
        { .doc = 2, .src = "USAGOV", .tgt = "KAZ", .src_text = "she", .tgt_text = "Alibek Bakayev",
          .code = "043", .date = "2024-09-07", .place = NULL, .goldstein = 2.8, .quad_class = 1 },
        { .doc = 2, .src = "KAZGOV", .tgt = "USAGOV", .src_text = "Alibek Bakayev", .tgt_text = "she",
          .code = "040", .date = NULL, .place = "Astana", .goldstein = 1.0, .quad_class = 1 },
    };
    annals_story_event ev;
    assert_int_equal(annals_story_fields(in, 3, &ev, NULL), 0);
    /* 042 and 043 have one supporter each: the majority code is the root's 040 */
    assert_string_equal(ev.code, "040");
    assert_string_equal(ev.root, "04");
    assert_true(ev.goldstein == 1.0);                    /* the mention with the chosen code */
    assert_string_equal(ev.date, "2024-09-06");          /* the earliest */
    assert_string_equal(ev.place, "Astana");
    assert_string_equal(ev.src, "USAGOV");               /* the majority orientation */
    assert_string_equal(ev.tgt, "KAZGOV");               /* ties: the longer code */
    assert_int_equal(ev.n_mentions, 3);
    assert_int_equal(ev.n_reports, 2);
    assert_non_null(strstr(ev.disagreements, "{\"field\":\"date\",\"values\":[{\"value\":\"2024-09-06\",\"docs\":[1]},"
                                             "{\"value\":\"2024-09-07\",\"docs\":[2]}]}"));
    assert_null(strstr(ev.disagreements, "\"field\":\"place\""));   /* a report without a place does not disagree */
    assert_non_null(strstr(ev.disagreements, "\"field\":\"code\""));
    annals_story_event_clear(&ev);
    /* 3 of 4 say 0421: a majority for the most specific code */
    annals_story_input in2[4] = {
        { .doc = 1, .code = "042", .src = "USA", .tgt = "KAZ" }, { .doc = 2, .code = "0421", .src = "USA", .tgt = "KAZ" },
        { .doc = 3, .code = "0421", .src = "USA", .tgt = "KAZ" }, { .doc = 4, .code = "0421", .src = "USA", .tgt = "KAZ" },
    };
    assert_int_equal(annals_story_fields(in2, 4, &ev, NULL), 0);
    assert_string_equal(ev.code, "0421");
    assert_string_equal(ev.disagreements, "[{\"field\":\"code\",\"values\":[{\"value\":\"042\",\"docs\":[1]},"
                                          "{\"value\":\"0421\",\"docs\":[2,3,4]}]}]");
    annals_story_event_clear(&ev);
}

static void test_story__simhash_near_duplicates(void **state)
{
    (void)state;
    const char *body = "The foreign ministers of the two countries met in Astana on Friday and discussed "
                       "security, trade and the situation in Afghanistan, the ministry said in a statement "
                       "published after the talks, adding that both sides agreed to meet again next year. "
                       "The visit was the first by a minister of the country in a decade. Officials said "
                       "that a new agreement on transport corridors through the Caspian region would be "
                       "signed in the spring, and that customs procedures at the border would be made "
                       "simpler for lorries carrying grain, fertiliser and machinery. Trade between the two "
                       "grew by a fifth last year, according to figures released by the statistics office, "
                       "and both governments hope to double it within five years. Analysts in the capital "
                       "said the talks showed a wish to diversify partners at a time of sanctions and war.";
    char a[2048], b[2048];
    /* boilerplate removal leaves little clutter: a word or two of another page around the text */
    snprintf(a, sizeof a, "World\n%s\nShare", body);
    snprintf(b, sizeof b, "Asia\n%s", body);
    size_t na, nb;
    uint64_t ha = annals_story_simhash(a, strlen(a), &na), hb = annals_story_simhash(b, strlen(b), &nb);
    assert_true(na >= 20);
    if (annals_story_hamming(ha, hb) > 6) fail_msg("%d bits apart", annals_story_hamming(ha, hb));
    const char *other = "Gunmen stormed a hotel in Mogadishu late on Saturday, killing at least ten people "
                        "before security forces ended the siege early on Sunday, police officials told reporters.";
    uint64_t ho = annals_story_simhash(other, strlen(other), NULL);
    assert_true(annals_story_hamming(ha, ho) > 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story__same_meeting_two_reports),
        cmocka_unit_test(test_story__a_month_apart_or_two_days_apart_stay_apart),
        cmocka_unit_test(test_story__roles_places_and_evidence),
        cmocka_unit_test(test_story__one_report_one_action_once),
        cmocka_unit_test(test_story__undated_report_naming_the_weekday),
        cmocka_unit_test(test_story__merger_partition_is_order_free),
        cmocka_unit_test(test_story__name_keys),
        cmocka_unit_test(test_story__fields_by_rules),
        cmocka_unit_test(test_story__simhash_near_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
