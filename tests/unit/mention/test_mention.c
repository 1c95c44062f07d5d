/* SPDX-License-Identifier: MIT
** tests/unit/mention/test_mention.c -- dictionaries and actor phrases.
**
** Uses the project's own dictionaries under data/ (they ship with the code). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>
#include "annals/dict.h"
#include "annals/meta.h"
#include "annals/mention.h"
#include "annals/segment.h"

static annals_mentioner *M;

static int setup(void **state)
{
    (void)state;
    annals_ctx *ctx = annals_ctx_new();
    int rc = annals_mentioner_open(&M, ANNALS_DATA_DIR, NULL, NULL, ctx);
    if (rc < 0) fprintf(stderr, "%s\n", annals_errmsg(ctx));
    annals_ctx_free(ctx);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    annals_mentioner_free(M);
    return 0;
}

static annals_doc *run(const char *text, const char *pub_date)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->text = (char *)d->raw;
    d->text_len = d->raw_len;
    if (pub_date) snprintf(d->pub_date, sizeof d->pub_date, "%s", pub_date);
    assert_int_equal(annals_segment_run(d, NULL), 0);
    assert_int_equal(annals_mention_run(M, d, NULL), 0);
    return d;
}

/* The code of the actor mention whose words start with `words`, or NULL. */
static const char *find_actor(const annals_doc *d, const char *words)
{
    for (size_t i = 0; i < d->n_mention; i++) {
        const annals_mention *m = &d->mention[i];
        if (m->kind != ANNALS_MENTION_ACTOR) continue;
        const char *p = d->text + d->tok[m->tok_begin].off;
        if (!strncmp(p, words, strlen(words))) return m->code;
    }
    return NULL;
}

/* Same, failing the test when there is none. */
static const char *actor_code(const annals_doc *d, const char *words)
{
    const char *c = find_actor(d, words);
    if (!c) fail_msg("no actor mention starting with '%s'", words);
    return c;
}

/* Codes `text` published on `date` and checks the code of the actor starting with `words`. */
static void expect_code(const char *text, const char *date, const char *words, const char *code)
{
    annals_doc *d = run(text, date);
    assert_string_equal(actor_code(d, words), code);
    annals_doc_free(d);
}

/* Codes `text` published on `date` and checks that no actor starts with `words`. */
static void expect_no_actor(const char *text, const char *date, const char *words)
{
    annals_doc *d = run(text, date);
    assert_null(find_actor(d, words));
    annals_doc_free(d);
}

static const char *date_of(const annals_doc *d, const char *words)
{
    for (size_t i = 0; i < d->n_mention; i++) {
        const annals_mention *m = &d->mention[i];
        if (m->kind == ANNALS_MENTION_DATE && !strncmp(d->text + d->tok[m->tok_begin].off, words, strlen(words)))
            return m->date;
    }
    return NULL;
}

static void test_mention__country_and_agent_compose(void **state)
{
    (void)state;
    annals_doc *d = run("Kazakh officials met the Minister of Defense of the Republic of Kazakhstan "
                        "and the U.S. Embassy.", NULL);
    assert_string_equal(actor_code(d, "Kazakh officials"), "KAZGOV");
    assert_string_equal(actor_code(d, "Minister of Defense"), "KAZMIL");
    assert_string_equal(actor_code(d, "U.S. Embassy"), "USAGOV");
    annals_doc_free(d);
}

static void test_mention__unknown_person_takes_role_and_surname_refers_back(void **state)
{
    (void)state;
    annals_doc *d = run("Jane Roe, the charg\xC3\xA9 d'affaires at the U.S. Embassy for Afghanistan, spoke. "
                        "Roe later met officials.", NULL);
    assert_string_equal(actor_code(d, "Jane Roe"), "USAGOV");
    assert_string_equal(actor_code(d, "Roe later"), "USAGOV");
    annals_doc_free(d);
}

static void test_mention__title_refers_back_to_its_country(void **state)
{
    (void)state;
    annals_doc *d = run("The Chief Executive of Afghanistan spoke. Then the Chief Executive left.", NULL);
    const annals_mention *last = NULL;
    for (size_t i = 0; i < d->n_mention; i++)
        if (d->mention[i].kind == ANNALS_MENTION_ACTOR) last = &d->mention[i];
    assert_non_null(last);
    assert_int_equal(last->sent, 1);
    assert_string_equal(last->code, "AFGGOV");
    annals_doc_free(d);
}

static void test_mention__dated_group_codes(void **state)
{
    (void)state;
    annals_doc *before = run("The Taliban attacked a checkpoint.", "2019-05-01");
    annals_doc *after = run("The Taliban attacked a checkpoint.", "2023-05-01");
    assert_non_null(find_actor(before, "The Taliban"));
    assert_non_null(find_actor(after, "The Taliban"));
    assert_string_equal(actor_code(before, "The Taliban"), "AFGINS");   /* CODING-GUIDE rule 2 */
    assert_string_equal(actor_code(after, "The Taliban"), "AFGGOV");
    annals_doc_free(before);
    annals_doc_free(after);
}

static void test_mention__acronym_case_is_exact(void **state)
{
    (void)state;
    annals_doc *d = run("Let us talk to US officials.", NULL);
    assert_null(find_actor(d, "us talk"));
    assert_string_equal(actor_code(d, "US officials"), "USAGOV");
    annals_doc_free(d);
}

static void test_mention__relative_dates_resolve_against_publication(void **state)
{
    (void)state;
    annals_doc *d = run("On Friday, September 6, they met. They met again on Wednesday and today.", "2024-09-07");
    assert_string_equal(date_of(d, "Friday"), "2024-09-06");
    assert_string_equal(date_of(d, "Wednesday"), "2024-09-04");
    assert_string_equal(date_of(d, "today"), "2024-09-07");
    annals_doc_free(d);
    d = run("They met on Friday.", NULL);                 /* no publication date: unresolved */
    assert_string_equal(date_of(d, "Friday"), "");
    annals_doc_free(d);
}

/* Times that name no day stay unresolved: the coding guide gives such events no date. */
static void test_mention__vague_times_stay_unresolved(void **state)
{
    (void)state;
    annals_doc *d = run("Last week they met. They met in January and in 2006, recently, since Thursday "
                        "and two years ago. They met earlier this month.", "2024-09-07");
    const char *const vague[] = { "Last week", "in January", "in 2006", "recently", "Thursday", "years ago",
                                  "earlier this month", NULL };
    for (size_t i = 0; vague[i]; i++) {
        const char *got = date_of(d, vague[i]);
        if (!got) fail_msg("no date mention at '%s'", vague[i]);
        if (got[0]) fail_msg("'%s' resolved to %s", vague[i], got);
    }
    annals_doc_free(d);
}

static void test_mention__dateline_city_is_a_place_not_an_actor(void **state)
{
    (void)state;
    annals_doc *d = run("ASTANA, March 3 - Police detained protesters.", "2022-03-03");
    assert_null(find_actor(d, "ASTANA"));
    assert_string_equal(actor_code(d, "Police"), "KAZCOP");     /* the story's country */
    annals_doc_free(d);
    /* a city of two words, and one of three letters and a word */
    d = run("ABU DHABI, Oct 18 (Reuters) - Russia and Ukraine swapped prisoners.", "2024-10-18");
    assert_null(find_actor(d, "ABU DHABI"));
    annals_doc_free(d);
    /* the country after a dateline city is a place too */
    d = run("SEOUL, South Korea, Aug. 22 (UPI) -- North Korea's military threatened Seoul.", "2017-08-22");
    assert_null(find_actor(d, "South Korea"));
    annals_doc_free(d);
    /* a dateline in small letters: a capital, a comma and a date */
    d = run("Moscow, 30 January 2023 (TDI): Pakistan's foreign minister met Sergey Lavrov.", "2023-01-30");
    assert_null(find_actor(d, "Moscow"));
    annals_doc_free(d);
    d = run("Moscow, however, accused Kyiv of shelling.", "2023-01-30");
    assert_string_equal(actor_code(d, "Moscow"), "RUSGOV");
    annals_doc_free(d);
    /* an abbreviation leading a headline is an actor */
    d = run("U.S., Britain agree on new sanctions", "2024-10-18");
    assert_non_null(find_actor(d, "U.S."));
    annals_doc_free(d);
}

static void test_mention__unnamed_local_actors_take_the_story_country(void **state)
{
    (void)state;
    /* no place named as a location: the first country named is where the story is */
    annals_doc *d = run("Hundreds of Kenyans marched to the capital, Nairobi. Police officers used tear gas. "
                        "A suicide bomber struck a checkpoint.", "2024-06-18");
    assert_string_equal(actor_code(d, "Police officers"), "KENCOP");
    assert_string_equal(actor_code(d, "suicide bomber"), "KENUAF");   /* a title, but a local one */
    annals_doc_free(d);
    /* an ethnic minority belongs to the country the story is in, not to its kin state */
    d = run("Clashes broke out in northern Kosovo. Ethnic Serbs blocked the roads.", "2023-05-30");
    assert_string_equal(actor_code(d, "Ethnic Serbs"), "KSVCVL");
    annals_doc_free(d);
    /* a hyphenated given name last: the family name first is what comes back alone */
    d = run("South Korean Foreign Minister Bae Min-jun spoke in Seoul. Protesters demanded Bae resign.", "2024-12-07");
    assert_string_equal(actor_code(d, "Bae resign"), "KORGOV");
    annals_doc_free(d);
    /* an office is not guessed from the story's place */
    d = run("Kenya's parliament met. The ministry said nothing.", "2024-06-18");
    assert_null(find_actor(d, "ministry"));
    annals_doc_free(d);
}

static void test_mention__story_country_and_possessive_with_adjectives(void **state)
{
    (void)state;
    /* a local actor before any place is named takes the country the story names most */
    expect_code("A suicide bomber struck a checkpoint. Officials in Peshawar, Pakistan, said more.", "2023-01-19",
                "suicide bomber", "PAKUAF");
    /* a country's possessive, lower-case words, then the agent */
    expect_code("Mali's transitional military government expelled the envoy.", "2022-01-31",
                "Mali's transitional", "MLIMIL");
    /* but not across a preposition: the groups are not the UN's */
    expect_code("In Kabul, the UN Security Council's list of terrorist organisations grew.", "2022-01-31",
                "terrorist organisations", "AFGREB");
}

static void test_mention__datelines_quotes_compounds_and_months(void **state)
{
    (void)state;
    /* a dateline capital before "(Reuters)" is a place, also after a date */
    annals_doc *d = run("2018-07-08 LONDON (Reuters) - Tehran summoned the Dutch ambassador.", "2018-07-08");
    assert_null(find_actor(d, "LONDON"));
    annals_doc_free(d);
    /* quotation marks inside an actor phrase */
    expect_code("When Iran\xE2\x80\x99s \xE2\x80\x9Cmorality police\xE2\x80\x9D detained her, protests began.",
                "2022-10-01", "Iran", "IRNCOP");
    /* the last agent word is the head: "student protesters" are local, like protesters */
    expect_code("TEHRAN - Dozens of student protesters stormed the embassy.", "2011-11-29", "student", "IRNEDU");
    /* "in northern Syria" is a location; Kurdish forces take the country where they are */
    expect_code("Turkey launched an assault on Kurdish forces in northern Syria.", "2019-10-10",
                "Kurdish forces", "SYRREB");
    /* a month is no surname ("May" of Theresa May) */
    d = run("On May 23, the two sides met.", "2018-05-25");
    assert_null(find_actor(d, "May"));
    annals_doc_free(d);
}

static void test_mention__agent_word_as_modifier_is_no_actor(void **state)
{
    (void)state;
    annals_doc *d = run("In Kyiv, Germany announced military aid. The military said it was ready.", "2024-12-03");
    assert_null(find_actor(d, "military aid"));
    assert_string_equal(actor_code(d, "The military"), "UKRMIL");
    annals_doc_free(d);
    d = run("In Hong Kong, police blocked roads in the business district.", "2019-06-12");
    assert_null(find_actor(d, "business district"));
    annals_doc_free(d);
}

static void test_mention__counterpart_takes_the_nationality_given(void **state)
{
    (void)state;
    expect_code("Pakistan's foreign minister met his Russian counterpart Sergei Lavrov.", "2023-05-04",
                "Russian counterpart", "RUSGOV");
    expect_code("Pakistan's foreign minister met his counterparts from Uzbekistan.", "2023-05-04",
                "counterparts from", "UZBGOV");
    /* an organisation after a few words of description */
    expect_code("Protesters clashed with forces from the NATO-led international peacekeeping force Kfor.",
                "2023-05-30", "forces", "IGOWSTNAT");
    expect_code("In Niamey, troops from the West African bloc ECOWAS arrived.", "2023-08-01", "troops", "IGOWAFWAS");
}

static void test_mention__dated_people_from_phoenix(void **state)
{
    (void)state;
    /* data/people-phoenix.txt: Jacob Zuma, ZAFGOV from 2009-05-09 */
    expect_code("Jacob Zuma met Kenyan officials.", "2012-03-01", "Jacob Zuma", "ZAFGOV");
    /* the office the text gives, an IGO's too, beats the dictionary's (Stoltenberg: NORGOV) */
    expect_code("NATO Secretary General Jens Stoltenberg welcomed Finland.", "2023-04-04",
                "NATO Secretary General", "IGOWSTNAT");
    /* a known person's name inside a longer name is not that person */
    annals_doc *d = run("Gunmen attacked a checkpoint in Dera Ismail Khan.", "2012-03-01");
    assert_null(find_actor(d, "Ismail Khan"));
    assert_null(find_actor(d, "Dera"));
    annals_doc_free(d);
    /* out of the dictionary's dates a person is still a name: the text's role and country hold,
       and the surname refers back to them */
    expect_code("Uzbek presidential adviser Abdulaziz Kamilov arrived. Kamilov said nothing.", "2024-03-01",
                "Kamilov said", "UZBGOV");
}

static void test_mention__office_holders_after_the_phoenix_data(void **state)
{
    (void)state;
    /* people.txt: the Phoenix data end in 2014 */
    expect_code("Treasury Secretary Steven Mnuchin imposed sanctions.", "2019-11-22", "Treasury Secretary", "USAGOV");
    expect_code("Naqvi condemned the attack.", "2024-10-26", "Naqvi", "PAKGOV");
}

static void test_mention__given_name_is_not_another_leaders_surname(void **state)
{
    (void)state;
    /* "Lee" alone is Lee Jae-myung (people-aliases.txt), not as a given or family name of another */
    expect_code("Lee met the envoy.", "2023-03-01", "Lee", "KOROPP");
    annals_doc *d = run("Lee Hyun-woo met the envoy. Lee bin Hamad spoke.", "2023-03-01");
    assert_null(find_actor(d, "Lee"));
    annals_doc_free(d);
    /* a one-word group after an unknown name is part of the name */
    d = run("Therese Kayikwamba Wagner spoke.", "2023-06-01");
    assert_null(find_actor(d, "Wagner"));
    annals_doc_free(d);
    expect_code("The EU imposed sanctions on Wagner.", "2023-06-01", "Wagner", "RUSMIL");
    /* surnames of prominent Phoenix office holders (people-phoenix.txt) */
    expect_code("Ahmadinejad met the envoy.", "2010-03-01", "Ahmadinejad", "IRNGOV");
}

static void test_mention__both_as_subject_is_the_last_two_parties(void **state)
{
    (void)state;
    annals_doc *d = run("Serbia's president met Kosovo's prime minister in Brussels. Both agreed to talk.", "2022-08-18");
    const annals_mention *both = NULL;
    for (size_t i = 0; i < d->n_mention; i++)
        if (d->mention[i].kind == ANNALS_MENTION_ACTOR && d->mention[i].sent == 1) both = &d->mention[i];
    assert_non_null(both);
    assert_true(both->flags & ANNALS_MENTF_PAIR);
    assert_string_equal(both->code, "SRBGOV");
    assert_string_equal(both->pair, "KSVGOV");   /* not Brussels, a place */
    annals_doc_free(d);
    /* "the heads of the states" is a pair too */
    d = run("Chinese President Xi Jinping received Mongolian President Battulga. The heads of the states held talks.",
            "2019-04-26");
    assert_string_equal(actor_code(d, "The heads"), "CHNGOV");
    annals_doc_free(d);
    /* with one country named, "both sides" are its last two parties (police and protesters) */
    d = run("TBILISI - Police used water cannons. Protesters formed a human chain. Scuffles broke out between both sides.",
            "2024-12-02");
    both = NULL;
    for (size_t i = 0; i < d->n_mention; i++)
        if (d->mention[i].kind == ANNALS_MENTION_ACTOR && d->mention[i].sent == 2) both = &d->mention[i];
    assert_non_null(both);
    assert_string_equal(both->code, "GEOCOP");
    assert_string_equal(both->pair, "GEOCVL");
    annals_doc_free(d);
}

static void test_mention__pronoun_referents(void **state)
{
    (void)state;
    /* a quoted "we" is no referent for a later "he" */
    expect_code("\"We will act,\" said Kenyan President William Ruto. He left for Addis Ababa.", "2023-03-01",
                "He left", "KENGOV");
    /* "it" is not a plural group */
    expect_code("The Kenyan government met Kenyan protesters. It said talks would go on.", "2024-06-20",
                "It said", "KENGOV");
    /* "Department" is an agent: "its" is the department's, not the last country's */
    expect_code("Beijing denied it. The U.S. Department of the Treasury said its systems were breached.", "2024-12-31",
                "its systems", "USAGOV");
    /* a possessive in the opening phrase is the subject's */
    expect_code("Serbian President Aleksandar Vucic met Kosovo's Prime Minister Albin Kurti. In his statement, "
                "Josep Borrell appealed to both.", "2023-05-03", "his statement", "IGOEUREEC");
    /* a sentence opener is no name, so "Some protesters" is no person (a referent for "he") */
    expect_code("Police fired tear gas in Hong Kong. Some protesters threw bottles.", "2019-08-05", "protesters", "HKGCVL");
    /* "it has refused": a perfect tense is the referent's act ("it has been" is no referent) */
    expect_code("While Israel has agreed to allow 20 trucks into Gaza, it has refused to allow fuel.", "2023-10-21",
                "it has", "ISR");
}

static void test_mention__parties_and_armed_groups_by_place(void **state)
{
    (void)state;
    expect_code("In Niamey, the ruling party met.", "2023-08-01", "ruling party", "NERGOV");
    expect_code("In Niamey, the PNDS party called for protests.", "2023-08-01", "PNDS party", "NEROPP");
    expect_code("In Niamey, Islamic State fighters attacked a base.", "2023-08-01", "Islamic State", "NERREB");
}

static void test_mention__country_named_as_location_beats_the_story_place(void **state)
{
    (void)state;
    expect_code("NAIROBI, June 3 - Talks went on. Police in Uganda fired tear gas.", "2024-06-03", "Police", "UGACOP");
    /* but a meeting's venue is not where the story's people are */
    expect_code("Fighting went on in Yemen. Pledges were made at a donor conference in Geneva. "
                "Aid groups want access to civilians.", "2017-04-25", "Aid groups", "YEMNGO");
}

static void test_mention__victims_counted_in_a_toll_are_no_actors(void **state)
{
    (void)state;
    /* CODING-GUIDE rule 1: death tolls are not coded */
    expect_no_actor("A car bomb in Mogadishu left 25 people dead.", "2015-06-26", "people");
    expect_no_actor("In Mogadishu, at least 6 civilians were injured.", "2015-06-26", "civilians");
    expect_no_actor("Fighting in Armenia erupted on Sept. 27 and hundreds of people were killed.", "2020-10-10", "people");
    /* people who act are actors still */
    expect_code("In Mogadishu, 200 people protested.", "2015-06-26", "people", "SOMCVL");
}

static void test_mention__title_refers_to_the_person_last_given_it(void **state)
{
    (void)state;
    /* "the foreign minister" is the last person called foreign minister, not the last person */
    expect_code("Foreign Minister Bilawal Bhutto-Zardari was welcomed by Indian External Affairs Minister "
                "Subrahmanyam Jaishankar. Bhutto-Zardari met Jaishankar. On Thursday, the foreign minister met "
                "his Russian counterpart.", "2023-05-05", "foreign minister", "PAKGOV");
}

static void test_mention__news_outlets_as_parties_not_as_reporters(void **state)
{
    (void)state;
    expect_code("Russia detained Wall Street Journal reporter Evan Gershkovich.", "2023-03-30",
                "Wall Street Journal", "USAMED");
    expect_code("The Wall Street Journal rejected the accusations.", "2023-03-30", "Wall Street Journal", "USAMED");
    expect_no_actor("Reuters reported that police in Nairobi fired tear gas.", "2024-06-25", "Reuters");
    expect_no_actor("Police in Nairobi fired tear gas, a witness told AFP.", "2024-06-25", "AFP");
}

static void test_mention__supporters_are_of_the_country_of_whom_they_support(void **state)
{
    (void)state;
    /* CODING-GUIDE rule 2: party supporters are OPP, of the country of the one they support */
    expect_code("On Jan. 8, supporters of Brazil's former President Jair Bolsonaro stormed Congress.", "2023-02-10",
                "supporters", "BRAOPP");
    expect_code("Jacob Zuma supporters rioted in Durban.", "2021-07-12", "Jacob Zuma", "ZAFOPP");
}

static void test_mention__curly_apostrophe_matches_dictionary_phrases(void **state)
{
    (void)state;
    expect_code("Drills were initiated by China\xE2\x80\x99s People\xE2\x80\x99s Liberation Army on Thursday.",
                "2024-05-23", "People", "CHNMIL");
}

static void test_mention__state_media_are_of_the_state_last_named(void **state)
{
    (void)state;
    /* not of the place the story is in (Taiwan) */
    expect_code("TAIPEI, May 23 - China began drills around Taiwan. State media criticized President Lai Ching-te.",
                "2024-05-23", "State media", "CHNMED");
    expect_code("Iranian state TV said the strikes hit Tehran.", "2025-06-14", "Iranian", "IRNMED");
}

static void test_mention__institutions_by_their_own_name(void **state)
{
    (void)state;
    /* data/actors/institutions.txt: a state's institution named without the state */
    expect_code("The State Department accused Moscow of spying.", "2023-04-01", "State Department", "USAGOV");
    expect_code("The Knesset voted on Monday.", "2023-04-01", "Knesset", "ISRLEG");
    expect_code("Scotland Yard arrested two men.", "2023-04-01", "Scotland Yard", "GBRCOP");
    /* a title "for" an institution serves it; "for" a country only deals with it */
    expect_code("Nasser Kanaani, spokesman for Iran's foreign ministry, accused the US.", "2023-04-01",
                "Nasser Kanaani", "IRNGOV");
    expect_code("A spokeswoman for the Iranian army accused the US.", "2023-04-01", "spokeswoman", "IRNMIL");
    expect_code("Ned Price, a spokesman for the State Department, accused Russia.", "2023-04-01", "Ned Price",
                "USAGOV");
    expect_no_actor("The special envoy for Syria met the press.", "2023-04-01", "special envoy");
}

static void test_mention__former_officials_are_elites(void **state)
{
    (void)state;
    /* CAMEO ELI: no longer in office */
    expect_code("Russia's former defence minister met Kim Jong Un.", "2024-06-01", "Russia", "RUSELI");
    expect_code("Former South African President Jacob Zuma was jailed.", "2021-07-08", "South African", "ZAFELI");
    /* and a former one is not what "the president" means later */
    annals_doc *d = run("Former Kenyan President Uhuru Kenyatta met Kenyan President William Ruto. "
                        "The president thanked him.", "2023-01-05");
    assert_string_equal(actor_code(d, "president"), "KENGOV");
    annals_doc_free(d);
}

static void count(void *arg, const char *msg)
{
    assert_non_null(strstr(msg, "mem.txt:"));
    (*(int *)arg)++;
}

static void test_dict__bad_lines_are_reported_and_skipped(void **state)
{
    (void)state;
    const char *text = "# annals-dict 1 actors\nFreedonia\tFRD\nbroken line without tab\nSylvania\tsyl\n"
                       "Ruritania\tRUR\t2020-13-01..\n";
    annals_dict *d = annals_dict_new();
    int warnings = 0;
    int n = annals_dict_load_mem(d, "mem.txt", text, strlen(text), count, &warnings, NULL);
    assert_int_equal(n, 1);
    assert_int_equal(warnings, 3);
    annals_dict_free(d);
    annals_ctx *ctx = annals_ctx_new();
    d = annals_dict_new();
    assert_int_equal(annals_dict_load_mem(d, "x.txt", "Freedonia\tFRD\n", 14, NULL, NULL, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "x.txt:1"));
    annals_dict_free(d);
    annals_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mention__country_and_agent_compose),
        cmocka_unit_test(test_mention__unknown_person_takes_role_and_surname_refers_back),
        cmocka_unit_test(test_mention__title_refers_back_to_its_country),
        cmocka_unit_test(test_mention__dated_group_codes),
        cmocka_unit_test(test_mention__acronym_case_is_exact),
        cmocka_unit_test(test_mention__relative_dates_resolve_against_publication),
        cmocka_unit_test(test_mention__vague_times_stay_unresolved),
        cmocka_unit_test(test_mention__dateline_city_is_a_place_not_an_actor),
        cmocka_unit_test(test_mention__unnamed_local_actors_take_the_story_country),
        cmocka_unit_test(test_mention__story_country_and_possessive_with_adjectives),
        cmocka_unit_test(test_mention__datelines_quotes_compounds_and_months),
        cmocka_unit_test(test_mention__agent_word_as_modifier_is_no_actor),
        cmocka_unit_test(test_mention__counterpart_takes_the_nationality_given),
        cmocka_unit_test(test_mention__dated_people_from_phoenix),
        cmocka_unit_test(test_mention__office_holders_after_the_phoenix_data),
        cmocka_unit_test(test_mention__given_name_is_not_another_leaders_surname),
        cmocka_unit_test(test_mention__both_as_subject_is_the_last_two_parties),
        cmocka_unit_test(test_mention__pronoun_referents),
        cmocka_unit_test(test_mention__parties_and_armed_groups_by_place),
        cmocka_unit_test(test_mention__country_named_as_location_beats_the_story_place),
        cmocka_unit_test(test_mention__victims_counted_in_a_toll_are_no_actors),
        cmocka_unit_test(test_mention__title_refers_to_the_person_last_given_it),
        cmocka_unit_test(test_mention__news_outlets_as_parties_not_as_reporters),
        cmocka_unit_test(test_mention__supporters_are_of_the_country_of_whom_they_support),
        cmocka_unit_test(test_mention__curly_apostrophe_matches_dictionary_phrases),
        cmocka_unit_test(test_mention__state_media_are_of_the_state_last_named),
        cmocka_unit_test(test_mention__institutions_by_their_own_name),
        cmocka_unit_test(test_mention__former_officials_are_elites),
        cmocka_unit_test(test_dict__bad_lines_are_reported_and_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
