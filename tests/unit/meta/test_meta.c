/* SPDX-License-Identifier: MIT
** tests/unit/meta/test_meta.c -- day numbers round trip, date scanning, and the
** publication date / outlet read from header lines and datelines (own example
** lines, plus the seed pages from ANNALS_SHARED_DIR when present). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "annals/clean.h"
#include "annals/meta.h"

/* ---- calendar ---- */

static void test_meta__days_round_trip(void **st)
{
    (void)st;
    assert_int_equal(annals_date_to_days(1970, 1, 1), 0);
    assert_int_equal(annals_date_to_days(1969, 12, 31), -1);
    assert_int_equal(annals_date_to_days(2000, 3, 1), 11017);
    for (int64_t d = -800000; d <= 800000; d += 37) {
        int y, m, dd;
        annals_days_to_date(d, &y, &m, &dd);
        assert_true(annals_date_valid(y, m, dd));
        assert_int_equal(annals_date_to_days(y, m, dd), d);
    }
    char buf[11];
    annals_date_format(annals_date_to_days(2024, 2, 29), buf);
    assert_string_equal(buf, "2024-02-29");
    int64_t days;
    assert_true(annals_date_parse_iso("2024-09-07", 10, &days));
    assert_int_equal(days, annals_date_to_days(2024, 9, 7));
    assert_false(annals_date_parse_iso("2023-02-29", 10, &days));
    assert_false(annals_date_parse_iso("2024-9-07", 9, &days));
    assert_false(annals_date_parse_iso("2024/09/07", 10, &days));
}

static void test_meta__weekdays(void **st)
{
    (void)st;
    assert_int_equal(annals_weekday(annals_date_to_days(2024, 9, 6)), 4);   /* Friday */
    assert_int_equal(annals_weekday(annals_date_to_days(1970, 1, 1)), 3);   /* Thursday */
    assert_int_equal(annals_weekday(annals_date_to_days(2000, 1, 1)), 5);   /* Saturday */
    assert_int_equal(annals_weekday(annals_date_to_days(1969, 12, 29)), 0); /* Monday */
    assert_int_equal(annals_weekday_from_name("Friday", 6), 4);
    assert_int_equal(annals_weekday_from_name("fri", 3), 4);
    assert_int_equal(annals_weekday_from_name("Thurs.", 6), 3);
    assert_int_equal(annals_weekday_from_name("Sunday", 6), 6);
    assert_int_equal(annals_weekday_from_name("Fr", 2), -1);
    assert_int_equal(annals_weekday_from_name("Fridays", 7), -1);
}

static void test_meta__month_names(void **st)
{
    (void)st;
    assert_int_equal(annals_month_from_name("September", 9), 9);
    assert_int_equal(annals_month_from_name("Sept", 4), 9);
    assert_int_equal(annals_month_from_name("Sep.", 4), 9);
    assert_int_equal(annals_month_from_name("sep", 3), 9);
    assert_int_equal(annals_month_from_name("OCT", 3), 10);
    assert_int_equal(annals_month_from_name("May", 3), 5);
    assert_int_equal(annals_month_from_name("Septem", 6), 0);
    assert_int_equal(annals_month_from_name("Ma", 2), 0);
}

static void scan_ok(const char *s, const char *want, size_t consumed)
{
    int64_t days = 0;
    size_t k = annals_date_scan(s, strlen(s), &days);
    if (k != consumed) fail_msg("\"%s\": consumed %zu, want %zu", s, k, consumed);
    char buf[11];
    annals_date_format(days, buf);
    if (strcmp(buf, want) != 0) fail_msg("\"%s\": %s, want %s", s, buf, want);
}

static void test_meta__date_scan(void **st)
{
    (void)st;
    scan_ok("September 7, 2024", "2024-09-07", 17);
    scan_ok("Sept. 7, 2024 - more", "2024-09-07", 13);
    scan_ok("7 September 2024", "2024-09-07", 16);
    scan_ok("7th of September, 2024", "2024-09-07", 22);
    scan_ok("Oct 15, 2024", "2024-10-15", 12);
    scan_ok("Oct 15 2024", "2024-10-15", 11);
    scan_ok("2024-09-07T10:00", "2024-09-07", 10);
    scan_ok("2024/09/07", "2024-09-07", 10);
    scan_ok("February 29, 2024", "2024-02-29", 17);
    int64_t d;
    const char *bad[] = { "February 30, 2024", "February 29, 2023", "2024-02-30", "2024-13-01",
                          "30 February 2024", "September 7", "Septembre 7, 2024", "7 2024",
                          "20240907", "2024-09-07-3", "Oct 15, 20245", "" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (annals_date_scan(bad[i], strlen(bad[i]), &d) != 0) fail_msg("accepted \"%s\"", bad[i]);
}

/* ---- meta_run ---- */

static annals_doc *run_meta(const char *text, const char *given)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", text, strlen(text), NULL), 0);
    d->format = ANNALS_FMT_TEXT;
    d->given_date = given;
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_int_equal(annals_meta_run(d, NULL), 0);
    return d;
}

static void expect(const char *text, const char *given, const char *date, const char *outlet)
{
    annals_doc *d = run_meta(text, given);
    if (strcmp(d->pub_date, date) != 0) fail_msg("%s\n-> date \"%s\", want \"%s\"", text, d->pub_date, date);
    if (outlet == NULL && d->outlet != NULL) fail_msg("%s\n-> outlet \"%s\", want none", text, d->outlet);
    if (outlet && (!d->outlet || strcmp(d->outlet, outlet) != 0))
        fail_msg("%s\n-> outlet \"%s\", want \"%s\"", text, d->outlet ? d->outlet : "(null)", outlet);
    annals_doc_free(d);
}

static void test_meta__feed_headers(void **st)
{
    (void)st;
    expect(" date 2022-05-14 (MENAFN- Gulf Times) The minister visited the port.\n", NULL,
           "2022-05-14", "Gulf Times");
    expect(" date 2021-11-02 TASHKENT. UZA - The president received the delegation.\n", NULL,
           "2021-11-02", "UZA");
    expect("date 2021-11-02 BISHKEK. AKIPRESS - The ministers met on Tuesday.\n", NULL,
           "2021-11-02", "Akipress");
    expect("date 2020-01-31 The council met.\n", NULL, "2020-01-31", NULL);
}

static void test_meta__date_lines(void **st)
{
    (void)st;
    expect("River Treaty Talks Resume\n\nMarch 3, 2023\n\nThe envoys met again.\n", NULL,
           "2023-03-03", NULL);
    expect("Title Here\nPublished: Friday, 3 March 2023 10:15 GMT\nThe envoys met.\n", NULL,
           "2023-03-03", NULL);
    expect("Title Here\n2023/03/03\nThe envoys met.\n", NULL, "2023-03-03", NULL);
    /* A date inside a sentence is not a publication date. */
    expect("The envoys met on March 3, 2023 in Tbilisi and talked.\n", NULL, "", NULL);
    /* An invalid date line gives nothing. */
    expect("Title\n\nFebruary 30, 2023\n\nText of the story.\n", NULL, "", NULL);
    /* No date at all: stays empty, never today's date. */
    expect("The envoys met in Tbilisi.\n", NULL, "", NULL);
}

static void test_meta__datelines(void **st)
{
    (void)st;
    expect("LONDON, Oct 3 (Reuters) - Ministers met on Friday.\n", NULL, "", "Reuters");
    expect("KABUL, Sept. 7, 2024 (AP) - Officials said talks would continue.\n", NULL,
           "2024-09-07", "AP");
    expect("New Delhi, March 9, 2021 - The two leaders met.\n", NULL, "2021-03-09", NULL);
    expect("PARIS (AFP) -- Ministers met on Friday.\n", NULL, "", "AFP");
    /* A sentence with a comma is no dateline. */
    expect("However, May 5 was quiet - nobody came.\n", NULL, "", NULL);
}

static void test_meta__outlet_line(void **st)
{
    (void)st;
    expect("Talks Resume in Tbilisi\n\nMarch 3, 2023\n\nHarbor Daily\n\n"
           "Harbor Daily: The envoys met again on Thursday.\n", NULL, "2023-03-03", "Harbor Daily");
    /* Without the confirming prefix the short line is not taken as an outlet. */
    expect("Talks Resume\n\nHarbor Daily\n\nThe envoys met again on Thursday.\n", NULL, "", NULL);
}

static void test_meta__given_date_wins(void **st)
{
    (void)st;
    expect("date 2022-05-14 (MENAFN- Gulf Times) The minister visited.\n", "2020-02-02",
           "2020-02-02", "Gulf Times");
    expect("Plain text.\n", "2020-02-30", "", NULL);   /* invalid given date ignored */
}

/* ---- seeds ---- */

static char *seed_path(const char *prefix)
{
    static char path[1400];
    char dir[900];
    snprintf(dir, sizeof dir, "%s/seeds", ANNALS_SHARED_DIR);
    DIR *dd = opendir(dir);
    if (!dd) return NULL;
    char *found = NULL;
    struct dirent *e;
    while ((e = readdir(dd)) != NULL) {
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && strstr(e->d_name, ".txt")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            found = path;
            break;
        }
    }
    closedir(dd);
    return found;
}

static void test_meta__seeds(void **st)
{
    (void)st;
    static const struct { const char *seed, *date, *outlet; } want[] = {
        { "000", "2024-09-07", "Khaama Press" },
        { "001", "2024-09-07", "Zan News" },
        { "002", "", NULL },
        { "003", "2023-07-28", "Kazinform" },
        { "004", "", NULL },
    };
    if (!seed_path("000")) skip();
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *path = seed_path(want[i].seed);
        assert_non_null(path);
        char *raw;
        size_t len;
        assert_int_equal(annals_read_file(&raw, &len, path, 1u << 24, NULL), 0);
        annals_doc *d = NULL;
        assert_int_equal(annals_doc_new(&d, want[i].seed, path, raw, len, NULL), 0);
        free(raw);
        assert_int_equal(annals_clean_run(d, NULL), 0);
        assert_int_equal(annals_meta_run(d, NULL), 0);
        if (strcmp(d->pub_date, want[i].date) != 0)
            fail_msg("%s: date \"%s\", want \"%s\"", path, d->pub_date, want[i].date);
        if (want[i].outlet) {
            assert_non_null(d->outlet);
            assert_string_equal(d->outlet, want[i].outlet);
        } else {
            assert_null(d->outlet);
        }
        annals_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_meta__days_round_trip),
        cmocka_unit_test(test_meta__weekdays),
        cmocka_unit_test(test_meta__month_names),
        cmocka_unit_test(test_meta__date_scan),
        cmocka_unit_test(test_meta__feed_headers),
        cmocka_unit_test(test_meta__date_lines),
        cmocka_unit_test(test_meta__datelines),
        cmocka_unit_test(test_meta__outlet_line),
        cmocka_unit_test(test_meta__given_date_wins),
        cmocka_unit_test(test_meta__seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
