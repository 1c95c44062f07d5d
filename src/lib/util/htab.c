/* SPDX-License-Identifier: MIT
** util/htab.c -- the one open-addressing hash table.
**
** Slots are the caller's own structs, `elem` bytes each, whose first field is
** a uint64_t hash (0: empty slot; a hash of 0 is stored as 1). Linear probing
** from hash & (cap - 1), power-of-two capacity, doubled before the load passes
** one half, so look-ups stay at one or two probes. Growing re-inserts the old
** slots in slot order, so the layout (and any walk over the slots) depends
** only on the order of the insertions. */
#include <stdlib.h>
#include <string.h>
#include "annals/util.h"
#include "annals/error.h"

static inline uint64_t slot_hash(const annals_htab *t, size_t i)
{
    uint64_t h;
    memcpy(&h, (const char *)t->slot + i * t->elem, sizeof h);
    return h;
}

void annals_htab_init(annals_htab *t, size_t elem, size_t first_cap)
{
    memset(t, 0, sizeof *t);
    t->elem = elem;
    t->first_cap = first_cap;
}

int annals_htab_reserve(annals_htab *t, size_t more)
{
    if (more > SIZE_MAX / 4 - t->n) return ANNALS_ENOMEM;
    if ((t->n + more) * 2 <= t->cap) return 0;
    size_t nc = t->cap ? t->cap * 2 : t->first_cap;
    while ((t->n + more) * 2 > nc) nc *= 2;
    if (nc > SIZE_MAX / t->elem) return ANNALS_ENOMEM;
    char *ns = calloc(nc, t->elem);
    if (!ns) return ANNALS_ENOMEM;
    for (size_t i = 0; i < t->cap; i++) {
        uint64_t h = slot_hash(t, i);
        if (!h) continue;
        size_t j = (size_t)h & (nc - 1);
        for (;;) {
            uint64_t o;
            memcpy(&o, ns + j * t->elem, sizeof o);
            if (!o) break;
            j = (j + 1) & (nc - 1);
        }
        memcpy(ns + j * t->elem, (char *)t->slot + i * t->elem, t->elem);
    }
    free(t->slot);
    t->slot = ns;
    t->cap = nc;
    return 0;
}

void *annals_htab_find(const annals_htab *t, uint64_t h, annals_htab_eq eq, const void *arg)
{
    if (!t->cap) return NULL;
    if (!h) h = 1;
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint64_t s = slot_hash(t, i);
        if (!s) return NULL;
        void *slot = (char *)t->slot + i * t->elem;
        if (s == h && (!eq || eq(slot, arg))) return slot;
    }
}

void *annals_htab_add(annals_htab *t, uint64_t h)
{
    if (annals_htab_reserve(t, 1) < 0) return NULL;
    if (!h) h = 1;
    size_t mask = t->cap - 1, i = (size_t)h & mask;
    while (slot_hash(t, i)) i = (i + 1) & mask;
    char *slot = (char *)t->slot + i * t->elem;
    memset(slot, 0, t->elem);
    memcpy(slot, &h, sizeof h);
    t->n++;
    return slot;
}

void *annals_htab_slot(const annals_htab *t, size_t i)
{
    return i < t->cap && slot_hash(t, i) ? (char *)t->slot + i * t->elem : NULL;
}

void annals_htab_free_each(annals_htab *t, void (*drop)(void *slot))
{
    for (size_t i = 0; i < t->cap; i++) {
        void *s = annals_htab_slot(t, i);
        if (s) drop(s);
    }
    annals_htab_free(t);
}

void annals_htab_free(annals_htab *t)
{
    free(t->slot);
    t->slot = NULL;
    t->cap = t->n = 0;
}
