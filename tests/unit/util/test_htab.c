/* SPDX-License-Identifier: MIT
** tests/unit/util/test_htab.c -- the one hash table (util/htab.c): growth,
** equal hashes told apart by the caller's eq, hash 0, and walking the slots. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "annals/util.h"

typedef struct { uint64_t hash; uint32_t id; char name[12]; } item;

static bool item_eq(const void *slot, const void *name)
{
    return strcmp(((const item *)slot)->name, name) == 0;
}

static int dropped;
static void drop_item(void *slot) { (void)slot; dropped++; }

static void test_util__htab_grows_and_finds(void **st)
{
    (void)st;
    annals_htab t;
    annals_htab_init(&t, sizeof(item), 8);
    assert_null(annals_htab_find(&t, 42, NULL, NULL));      /* empty: no slots yet */
    for (uint32_t i = 0; i < 1000; i++) {
        item *it = annals_htab_add(&t, (uint64_t)i * 0x9E3779B97F4A7C15ull + 7);
        assert_non_null(it);
        it->id = i;
        assert_true(t.n * 2 <= t.cap);                      /* never above half load */
    }
    assert_int_equal(t.n, 1000);
    assert_int_equal(t.cap, 2048);
    for (uint32_t i = 0; i < 1000; i++) {
        const item *it = annals_htab_find(&t, (uint64_t)i * 0x9E3779B97F4A7C15ull + 7, NULL, NULL);
        assert_non_null(it);
        assert_int_equal(it->id, i);
    }
    assert_null(annals_htab_find(&t, 3, NULL, NULL));
    size_t seen = 0;
    for (size_t i = 0; i < t.cap; i++) seen += annals_htab_slot(&t, i) != NULL;
    assert_int_equal(seen, 1000);
    annals_htab_free(&t);
    assert_int_equal(t.cap, 0);
}

static void test_util__htab_equal_hashes(void **st)
{
    (void)st;
    annals_htab t;
    annals_htab_init(&t, sizeof(item), 4);
    const char *names[] = { "alpha", "beta", "gamma", "delta", "epsilon" };
    for (uint32_t i = 0; i < 5; i++) {
        item *it = annals_htab_add(&t, 99);                  /* every key collides */
        it->id = i;
        strcpy(it->name, names[i]);
    }
    for (uint32_t i = 0; i < 5; i++) {
        const item *it = annals_htab_find(&t, 99, item_eq, names[i]);
        assert_non_null(it);
        assert_int_equal(it->id, i);
    }
    assert_null(annals_htab_find(&t, 99, item_eq, "zeta"));
    dropped = 0;
    /* a hash of 0 is kept (as 1), not taken for an empty slot */
    item *z = annals_htab_add(&t, 0);
    strcpy(z->name, "zero");
    assert_non_null(annals_htab_find(&t, 0, item_eq, "zero"));
    annals_htab_free_each(&t, drop_item);
    assert_int_equal(dropped, 6);                             /* each slot in use, once */
    assert_null(t.slot);
}

static void test_util__htab_reserve(void **st)
{
    (void)st;
    annals_htab t;
    annals_htab_init(&t, sizeof(item), 16);
    assert_int_equal(annals_htab_reserve(&t, 100), 0);
    assert_int_equal(t.cap, 256);
    assert_int_equal(t.n, 0);
    assert_int_equal(annals_htab_reserve(&t, 100), 0);       /* already room */
    assert_int_equal(t.cap, 256);
    annals_htab_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__htab_grows_and_finds),
        cmocka_unit_test(test_util__htab_equal_hashes),
        cmocka_unit_test(test_util__htab_reserve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
