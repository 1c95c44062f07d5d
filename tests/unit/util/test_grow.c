/* SPDX-License-Identifier: MIT
** tests/unit/util/test_grow.c -- the one growing heap array (annals_grow):
** doubling from the first size, large jumps, and refusing sizes that overflow. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "annals/util.h"

static void test_util__grow_doubles(void **st)
{
    (void)st;
    int *v = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 100; i++) {
        int *nv = annals_grow(v, &cap, n + 1, sizeof *nv, 8);
        assert_non_null(nv);
        v = nv;
        v[n++] = i;
        if (n == 1) assert_int_equal(cap, 8);
    }
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++) assert_int_equal(v[i], i);
    /* room already: the same array back, capacity kept */
    assert_ptr_equal(annals_grow(v, &cap, 128, sizeof *v, 8), v);
    assert_int_equal(cap, 128);
    /* a jump doubles until it fits */
    v = annals_grow(v, &cap, 1000, sizeof *v, 8);
    assert_non_null(v);
    assert_int_equal(cap, 1024);
    free(v);
}

static void test_util__grow_refuses_overflow(void **st)
{
    (void)st;
    char *v = annals_grow(NULL, &(size_t){ 0 }, 4, 1, 4);
    assert_non_null(v);
    size_t cap = 4;
    assert_null(annals_grow(v, &cap, SIZE_MAX / 2 + 2, 1, 4));
    assert_int_equal(cap, 4);                                 /* untouched */
    assert_null(annals_grow(v, &cap, SIZE_MAX / 8, 16, 4));
    assert_int_equal(cap, 4);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__grow_doubles),
        cmocka_unit_test(test_util__grow_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
