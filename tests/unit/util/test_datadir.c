/* SPDX-License-Identifier: MIT
** tests/unit/util/test_datadir.c -- the one data directory resolver, and the
** analyzer's default model directory following it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "annals/util.h"
#include "annals/analyze.h"

static void test_util__data_dir_env_first(void **st)
{
    (void)st;
    setenv("ANNALS_DATA", "/nowhere/annals-data", 1);
    assert_string_equal(annals_default_data_dir(), "/nowhere/annals-data");
    assert_string_equal(annals_analyzer_default_dir(), "/nowhere/annals-data/models");
    unsetenv("ANNALS_DATA");
}

static void test_util__data_dir_source_tree(void **st)
{
    (void)st;
    unsetenv("ANNALS_DATA");
    /* the source tree's data/ holds verbs.txt, so it wins over the installed one */
    assert_string_equal(annals_default_data_dir(), ANNALS_DATA_DIR);
    char want[4096];
    snprintf(want, sizeof want, "%s/models", annals_default_data_dir());
    assert_string_equal(annals_analyzer_default_dir(), want);
    /* an empty $ANNALS_DATA counts as unset */
    setenv("ANNALS_DATA", "", 1);
    assert_string_equal(annals_default_data_dir(), ANNALS_DATA_DIR);
    unsetenv("ANNALS_DATA");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__data_dir_env_first),
        cmocka_unit_test(test_util__data_dir_source_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
