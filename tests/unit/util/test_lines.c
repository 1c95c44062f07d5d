/* SPDX-License-Identifier: MIT
** tests/unit/util/test_lines.c -- cutting a read buffer into lines (annals_next_line):
** LF and CRLF endings, empty lines, a last line without a newline, NUL bytes inside. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "annals/util.h"

static void test_util__next_line_endings(void **st)
{
    (void)st;
    char buf[] = "one\r\n\ntwo\n\r\nthree";
    char *p = buf, *end = buf + strlen(buf), *line;
    const char *want[] = { "one", "", "two", "", "three" };
    size_t n = 0;
    while ((line = annals_next_line(&p, end))) {
        assert_true(n < 5);
        assert_string_equal(line, want[n]);
        n++;
    }
    assert_int_equal(n, 5);
    assert_ptr_equal(p, end);
    assert_null(annals_next_line(&p, end));   /* stays at the end */
}

static void test_util__next_line_trailing_newline_and_nul(void **st)
{
    (void)st;
    /* a final '\n' ends the last line and starts none; a NUL byte inside a line
       does not end the buffer */
    char buf[] = "a\0b\nc\n";
    char *p = buf, *end = buf + sizeof buf - 1, *line;
    assert_non_null(line = annals_next_line(&p, end));
    assert_string_equal(line, "a");
    assert_non_null(line = annals_next_line(&p, end));
    assert_string_equal(line, "c");
    assert_null(annals_next_line(&p, end));
    char empty[] = "";
    p = empty;
    assert_null(annals_next_line(&p, empty));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__next_line_endings),
        cmocka_unit_test(test_util__next_line_trailing_newline_and_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
