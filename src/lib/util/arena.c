/* SPDX-License-Identifier: MIT
** util/arena.c -- bump allocator: one per document, freed at once.
**
** Blocks are chained; a request larger than the block size gets a block of its
** own. With ANNALS_DEBUG_ARENA (set by the ANNALS_SANITIZE build) every
** allocation is a separate malloc of exactly the size asked for, kept on the
** chain, so AddressSanitizer and valgrind see overruns, even by one byte. */
#include <stdlib.h>
#include <string.h>
#include "annals/util.h"

typedef struct block {
    struct block *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
} block;

struct annals_arena {
    block *cur;          /* newest block, head of the chain */
    size_t block_size;
    size_t total;        /* bytes handed out */
};

annals_arena *annals_arena_new(size_t block_size)
{
    annals_arena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    return a;
}

static void free_chain(block *b, block *keep)
{
    while (b && b != keep) { block *n = b->next; free(b); b = n; }
}

void annals_arena_free(annals_arena *a)
{
    if (!a) return;
    free_chain(a->cur, NULL);
    free(a);
}

void annals_arena_reset(annals_arena *a)
{
    if (!a || !a->cur) return;
    block *first = a->cur;
    while (first->next) first = first->next;
    free_chain(a->cur, first);
    first->used = 0;
    first->next = NULL;
    a->cur = first;
    a->total = 0;
}

static int grow(annals_arena *a, size_t n)
{
    size_t cap = a->block_size;
#ifdef ANNALS_DEBUG_ARENA
    cap = n;
#endif
    if (cap < n) cap = n;
    if (cap > SIZE_MAX - sizeof(block)) return -1;
    block *b = malloc(sizeof(block) + cap);
    if (!b) return -1;
    b->cap = cap;
    b->used = 0;
    if (a->cur && n > a->block_size / 2) {
        /* oversized: link behind the current block so the current one keeps filling */
        b->next = a->cur->next;
        a->cur->next = b;
        b->used = n;
        return 1;
    }
    b->next = a->cur;
    a->cur = b;
    return 0;
}

void *annals_arena_alloc(annals_arena *a, size_t n)
{
    if (n > SIZE_MAX - 32) return NULL;
#ifdef ANNALS_DEBUG_ARENA
    if (n == 0) n = 1;   /* exact sizes: no padding for an overrun to hide in */
#else
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
#endif
    if (!a->cur || a->cur->cap - a->cur->used < n) {
        int r = grow(a, n);
        if (r < 0) return NULL;
        if (r == 1) { a->total += n; return a->cur->next->data; }
    }
    a->cur->used += n;
    a->total += n;
    return a->cur->data + a->cur->used - n;
}

void *annals_arena_calloc(annals_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = annals_arena_alloc(a, count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

char *annals_arena_strndup(annals_arena *a, const char *s, size_t n)
{
    char *p = annals_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *annals_arena_strdup(annals_arena *a, const char *s)
{
    return annals_arena_strndup(a, s, strlen(s));
}

size_t annals_arena_used(const annals_arena *a) { return a ? a->total : 0; }

void *annals_arena_push(annals_arena *a, void **p, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        if (ncap > SIZE_MAX / elem) return NULL;
        void *np = annals_arena_alloc(a, ncap * elem);
        if (!np) return NULL;
        if (*n) memcpy(np, *p, *n * elem);
        *p = np;
        *cap = ncap;
    }
    void *slot = (char *)*p + elem * (*n)++;
    memset(slot, 0, elem);
    return slot;
}
