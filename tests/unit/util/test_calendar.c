/* SPDX-License-Identifier: MIT
** tests/unit/util/test_calendar.c -- the one calendar (util/calendar.c): leap
** years, month lengths, and the TABARI date reader agreeing with it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "annals/util.h"
#include "compat/compat_internal.h"

static void test_util__leap_years(void **st)
{
    (void)st;
    assert_true(annals_date_valid(2024, 2, 29));
    assert_false(annals_date_valid(2023, 2, 29));
    assert_false(annals_date_valid(1900, 2, 29));
    assert_true(annals_date_valid(2000, 2, 29));
    assert_false(annals_date_valid(2024, 2, 30));
    assert_false(annals_date_valid(2024, 4, 31));
    assert_false(annals_date_valid(2024, 13, 1));
    assert_false(annals_date_valid(2024, 0, 1));
    assert_false(annals_date_valid(2024, 1, 0));
    assert_true(annals_date_valid(2024, 12, 31));
    /* 2024 has 366 days, 2023 has 365. */
    assert_int_equal(annals_date_to_days(2025, 1, 1) - annals_date_to_days(2024, 1, 1), 366);
    assert_int_equal(annals_date_to_days(2024, 1, 1) - annals_date_to_days(2023, 1, 1), 365);
    assert_int_equal(annals_date_to_days(2024, 3, 1) - annals_date_to_days(2024, 2, 28), 2);
}

static void test_util__tabari_dates_use_the_calendar(void **st)
{
    (void)st;
    bool ok;
    assert_int_equal(annals_compat_parse_date("20240229", 8, &ok), annals_date_to_days(2024, 2, 29));
    assert_true(ok);
    assert_int_equal(annals_compat_parse_date("991231", 6, &ok), annals_date_to_days(1999, 12, 31));
    assert_true(ok);
    assert_int_equal(annals_compat_parse_date("290101", 6, &ok), annals_date_to_days(2029, 1, 1));
    assert_int_equal(annals_compat_parse_date("16000301", 8, &ok), annals_date_to_days(1600, 3, 1));
    assert_int_equal(annals_date_to_days(1600, 3, 1), -135080);
    annals_compat_parse_date("20241301", 8, &ok);
    assert_false(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__leap_years),
        cmocka_unit_test(test_util__tabari_dates_use_the_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
