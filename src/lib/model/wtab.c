/* SPDX-License-Identifier: MIT
** model/wtab.c -- quantised perceptron weight tables: validation and scoring.
**
** A table is an open-addressing hash table (linear probing, power-of-two size,
** at least one empty slot so a probe always ends) from a 64-bit feature hash to
** a row of int16 weights. Rows of rare features are sparse (h class bytes,
** padded to an even count, then h weights: 3 bytes an entry); rows with more
** than two thirds of the classes set are dense. Scoring looks up
** all features of one decision in three passes (slot prefetch, row prefetch,
** accumulate) so that their cache misses overlap instead of queueing. */
#include <string.h>
#include "annals/model.h"

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

int annals_wtab_bind(annals_wtab *t, const annals_model *m, char prefix, uint32_t n_classes,
                     float scale, annals_ctx *ctx)
{
    char kid[4] = { prefix, 'K', 'E', 'Y' }, rid[4] = { prefix, 'R', 'O', 'W' };
    const annals_model_section *ks, *rs;
    int rc;
    memset(t, 0, sizeof *t);
    if ((rc = annals_model_need(&ks, m, kid, sizeof(annals_wtab_slot), sizeof(annals_wtab_slot), ctx)) < 0)
        return rc;
    if ((rc = annals_model_need(&rs, m, rid, sizeof(int16_t), 0, ctx)) < 0) return rc;
    size_t n_slots = ks->size / sizeof(annals_wtab_slot);
    if (n_slots & (n_slots - 1) || n_slots > ((size_t)1 << 31))
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table size %zu is not a power of two",
                                m->name, n_slots);
    if (n_classes == 0 || n_classes > 1024 || !(scale > 0.0f))
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad class count %u or scale", m->name, n_classes);
    const annals_wtab_slot *slot = ks->data;
    const int16_t *row = rs->data;
    size_t n_row = rs->size / sizeof(int16_t), empty = 0;
    for (size_t i = 0; i < n_slots; i++) {
        if (slot[i].check == 0) { empty++; continue; }
        size_t off = slot[i].off;
        if (off >= n_row) goto bad;
        int h = row[off];
        if (h == -1) {
            if (n_classes > n_row - off - 1) goto bad;
        } else if (h < 0 || h > (int)n_classes || (size_t)h + (size_t)(h + 1) / 2 > n_row - off - 1) {
            goto bad;
        } else if (n_classes > 256) {
            goto bad;                        /* sparse rows keep classes in bytes */
        } else {
            const uint8_t *cls = (const uint8_t *)(row + off + 1);
            for (int k = 0; k < h; k++)
                if (cls[k] >= n_classes) goto bad;
        }
    }
    if (empty == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has no empty slot", m->name, prefix);
    t->n_classes = n_classes;
    t->mask = (uint32_t)(n_slots - 1);
    t->slot = slot;
    t->row = row;
    t->n_row = n_row;
    t->scale = scale;
    return 0;
bad:
    return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has a row out of bounds",
                            m->name, prefix);
}

void annals_wtab_score(const annals_wtab *t, const uint64_t *feat, size_t n, int32_t *scores)
{
    enum { CHUNK = 128 };
    const int16_t *rows[CHUNK];
    const uint32_t nc = t->n_classes;
    for (size_t base = 0; base < n; base += CHUNK) {
        size_t m = n - base < CHUNK ? n - base : CHUNK;
        const uint64_t *f = feat + base;
        for (size_t i = 0; i < m; i++) PREFETCH(&t->slot[(uint32_t)f[i] & t->mask]);
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            const int16_t *r = annals_wtab_find(t, f[i]);
            if (r) { PREFETCH(r); PREFETCH((const char *)r + 64); rows[k++] = r; }
        }
        for (size_t i = 0; i < k; i++) {
            const int16_t *r = rows[i];
            int h = r[0];
            if (h == -1) {
                const int16_t *w = r + 1;
                for (uint32_t c = 0; c < nc; c++) scores[c] += w[c];
            } else {
                const uint8_t *cls = (const uint8_t *)(r + 1);
                const int16_t *w = r + 1 + (h + 1) / 2;
                for (int j = 0; j < h; j++) scores[cls[j]] += w[j];
            }
        }
    }
}
