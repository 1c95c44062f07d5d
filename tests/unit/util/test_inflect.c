/* SPDX-License-Identifier: MIT
** tests/unit/util/test_inflect.c -- the one English -s form (util/inflect.c):
** nouns, verbs (-o takes -es), upper-case dictionary words, and short buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "annals/util.h"

static const char *s_form(const char *w, unsigned flags)
{
    static char out[64];
    return annals_en_s_form(w, strlen(w), out, sizeof out, flags) ? out : NULL;
}

static void test_util__s_form_nouns(void **st)
{
    (void)st;
    assert_string_equal(s_form("army", 0), "armies");
    assert_string_equal(s_form("day", 0), "days");               /* vowel + y */
    assert_string_equal(s_form("clash", 0), "clashes");
    assert_string_equal(s_form("church", 0), "churches");
    assert_string_equal(s_form("box", 0), "boxes");
    assert_string_equal(s_form("blitz", 0), "blitzes");
    assert_string_equal(s_form("bus", 0), "buses");
    assert_string_equal(s_form("month", 0), "months");           /* -th is no -ch/-sh */
    assert_string_equal(s_form("veto", 0), "vetos");
    assert_string_equal(s_form("NGO", 0), "NGOs");               /* acronyms keep a small s */
    assert_string_equal(s_form("ARMY", 0), "ARMYs");
}

static void test_util__s_form_verbs_and_upper(void **st)
{
    (void)st;
    assert_string_equal(s_form("veto", ANNALS_EN_VERB), "vetoes");
    assert_string_equal(s_form("go", ANNALS_EN_VERB), "goes");
    assert_string_equal(s_form("deny", ANNALS_EN_VERB), "denies");
    assert_string_equal(s_form("press", ANNALS_EN_VERB), "presses");
    assert_string_equal(s_form("ARMY", ANNALS_EN_UPPER), "ARMIES");
    assert_string_equal(s_form("CHURCH", ANNALS_EN_UPPER), "CHURCHES");
    assert_string_equal(s_form("KEY", ANNALS_EN_UPPER), "KEYS");
    assert_string_equal(s_form("VETO", ANNALS_EN_UPPER), "VETOS");
    assert_string_equal(s_form("", ANNALS_EN_UPPER), "S");
}

static void test_util__s_form_room(void **st)
{
    (void)st;
    char out[6];
    assert_int_equal(annals_en_s_form("army", 4, out, sizeof out, 0), 0);   /* "armies" + NUL: 7 */
    assert_int_equal(annals_en_s_form("arm", 3, out, sizeof out, 0), 4);
    assert_string_equal(out, "arms");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__s_form_nouns),
        cmocka_unit_test(test_util__s_form_verbs_and_upper),
        cmocka_unit_test(test_util__s_form_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
