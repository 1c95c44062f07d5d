/* SPDX-License-Identifier: MIT
** model/wtab.c -- quantised perceptron weight tables: validation and scoring.
**
** A table is an open-addressing hash table (linear probing, power-of-two size,
** load <= 0.75, at least one empty slot so a probe always ends) from a 64-bit
** feature hash to a row of one-byte weight codes; a 256-entry table gives each
** code its value (log scale, so small and large weights keep the same
** relative precision). Rows of rare features are sparse (h class bytes, then h
** codes); rows with more than two thirds of the classes set are dense.
** annals_wtab_bind packs a table for scoring: a copy of the slots holding the
** rows of one or two classes themselves, and the long rows (dense, or sparse
** with n_classes / 8 classes or more: few, but most of the additions) decoded
** once into int16 vectors ("hot rows", on a LUT scaled down to fit) that
** scoring adds with SIMD instructions, 16 classes an instruction with AVX2.
** Scoring looks up all features of one decision in passes (slot prefetch,
** slots with row and hot-row prefetch, rows, hot rows) so that their cache
** misses overlap. Inline tables (<= 4 classes) keep the codes in the slot:
** two passes, one miss each. Tables made in memory by the trainers are not
** packed and are scored from their rows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/model.h"

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static int is_hot(uint32_t n_classes, unsigned h)
{
    uint32_t min = n_classes / 8 > 4 ? n_classes / 8 : 4;
    return h == ANNALS_WTAB_DENSE || h >= min;
}

static uint32_t slot_off(const annals_wtab_slot *s) { return (uint32_t)s->off_lo | (uint32_t)s->off_hi << 16; }

/* Packs a validated non-inline table for scoring (see annals_wtab): a copy of
** the slots whose 32-bit field says where the weights are, by its top 2 bits
** (PK_*): a row offset; a hot row index; or one or two (class, code) pairs
** held in the slot itself (classes < 128), so that most lookups touch one
** cache line instead of two. */
enum { PK_ROW = 0, PK_HOT = 1, PK_ONE = 2, PK_TWO = 3 };
#define PK_TAG(v) ((v) >> 30)
#define PK_VAL(v) ((v) & 0x3fffffffu)

static int pack_table(annals_wtab *t, uint32_t n_hot, annals_wtab_slot *in_place, const char *name, char prefix,
                      annals_ctx *ctx)
{
    const uint32_t nc = t->n_classes, n_slots = t->mask + 1;
    const int pairs = nc <= 128;
    if (t->n_row >= ((size_t)1 << 30)) return 0;      /* offsets need 30 bits: leave it plain */
    /* the LUT scaled so that every code is at most ANNALS_WTAB_HOT_MAX */
    int32_t max = annals_wtab_max_weight(t);
    const double scale = max > ANNALS_WTAB_HOT_MAX ? (double)ANNALS_WTAB_HOT_MAX / max : 1.0;
    const uint32_t stride = (nc + 15) & ~15u;
    size_t slot_bytes = in_place ? 0 : ((size_t)n_slots * sizeof(annals_wtab_slot) + 63) & ~(size_t)63;
    size_t hot_bytes = (size_t)n_hot * stride * sizeof(int16_t);
    uint8_t *block = annals_model_alloc_weights(1024 + slot_bytes + hot_bytes);   /* LUT, slots, hot rows */
    if (!block)
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory for weight table '%c'", name, prefix);
    int32_t *lut = (int32_t *)(void *)block;
    annals_wtab_slot *slot = in_place ? in_place : (annals_wtab_slot *)(void *)(block + 1024);
    int16_t *hot = (int16_t *)(void *)(block + 1024 + slot_bytes);
    for (int i = 0; i < 256; i++) {                /* round half away from zero: symmetric */
        double v = t->lut[i] * scale;
        lut[i] = (int32_t)(v < 0 ? v - 0.5 : v + 0.5);
    }
    if (!in_place) memcpy(slot, t->slot, (size_t)n_slots * sizeof *slot);
    memset(hot, 0, hot_bytes);
    uint32_t j = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        if (!slot[i].check) continue;
        const uint8_t *r = t->row + slot_off(&slot[i]);
        uint32_t v;
        if (is_hot(nc, *r)) {
            int16_t *h = hot + (size_t)j * stride;
            if (*r == ANNALS_WTAB_DENSE) {
                for (uint32_t c = 0; c < nc; c++) h[c] = (int16_t)lut[r[1 + c]];
            } else {                       /* a class twice (not written by annals_analyze_ap_export): clamp the sum */
                for (unsigned q = 0; q < *r; q++) {
                    int32_t x = h[r[1 + q]] + lut[r[1 + *r + q]];
                    h[r[1 + q]] = (int16_t)(x > ANNALS_WTAB_HOT_MAX ? ANNALS_WTAB_HOT_MAX
                                            : x < -ANNALS_WTAB_HOT_MAX ? -ANNALS_WTAB_HOT_MAX : x);
                }
            }
            v = (uint32_t)PK_HOT << 30 | j++;
        } else if (pairs && *r == 1) {
            v = (uint32_t)PK_ONE << 30 | (uint32_t)r[1] << 8 | r[2];
        } else if (pairs && *r == 2) {
            v = (uint32_t)PK_TWO << 30 | (uint32_t)r[1] << 23 | (uint32_t)r[3] << 15 | (uint32_t)r[2] << 8 | r[4];
        } else {
            v = slot_off(&slot[i]);        /* < 2^30: PK_ROW */
        }
        slot[i].off_lo = (uint16_t)v;
        slot[i].off_hi = (uint16_t)(v >> 16);
    }
    t->own = block;
    t->lut = lut;
    t->slot = slot;
    t->hot = hot;
    t->n_hot = n_hot;
    t->hot_stride = stride;
    t->hot_scale = scale;
    t->packed = 1;
    return 0;
}

int32_t annals_wtab_max_weight(const annals_wtab *t)
{
    int32_t max = 0;
    for (int i = 0; t->lut && i < 256; i++) {
        int32_t v = t->lut[i] < 0 ? -t->lut[i] : t->lut[i];
        if (v > max) max = v;
    }
    return max;
}

void annals_wtab_release(annals_wtab *t)
{
    if (!t) return;
    free(t->own);                    /* LUT, slots (unless packed in place) and hot rows are one block */
    t->own = NULL;
    t->hot = NULL;
    t->n_hot = 0;
    t->packed = 0;
}

int annals_wtab_bind(annals_wtab *t, const annals_model *m, char prefix, uint32_t n_classes,
                     annals_ctx *ctx)
{
    char kid[4] = { prefix, 'K', 'E', 'Y' }, rid[4] = { prefix, 'R', 'O', 'W' }, lid[4] = { prefix, 'L', 'U', 'T' };
    const annals_model_section *ks, *rs, *ls;
    int rc;
    memset(t, 0, sizeof *t);
    if ((rc = annals_model_need(&ks, m, kid, sizeof(annals_wtab_slot), sizeof(annals_wtab_slot), ctx)) < 0)
        return rc;
    if ((rc = annals_model_need(&rs, m, rid, 1, 0, ctx)) < 0) return rc;
    if ((rc = annals_model_need(&ls, m, lid, 4, 1024, ctx)) < 0) return rc;
    size_t n_slots = ks->size / sizeof(annals_wtab_slot);
    if (n_slots & (n_slots - 1) || n_slots > ((size_t)1 << 31) || ls->size != 1024)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has a bad size", m->name, prefix);
    if (n_classes == 0 || n_classes >= ANNALS_WTAB_DENSE)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad class count %u", m->name, n_classes);
    int inl = (ks->flags & ANNALS_WTAB_INLINE) != 0;
    if (inl && n_classes > ANNALS_WTAB_INLINE_MAX)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' cannot be inline", m->name, prefix);
    const annals_wtab_slot *slot = ks->data;
    const uint8_t *row = rs->data;
    const int32_t *lut = ls->data;
    size_t n_row = rs->size, empty = 0;
    uint32_t n_hot = 0;                    /* counted here for pack_table: one pass over the rows */
    for (int i = 0; i < 256; i++)
        if (lut[i] > ANNALS_WTAB_LUT_MAX || lut[i] < -ANNALS_WTAB_LUT_MAX)
            return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has a bad code value", m->name, prefix);
    for (size_t i = 0; i < n_slots; i++) {
        if (slot[i].check == 0) { empty++; continue; }
        if (inl) continue;                 /* any code byte is valid */
        size_t off = slot_off(&slot[i]);
        if (off >= n_row) goto bad;
        unsigned h = row[off];
        n_hot += (uint32_t)is_hot(n_classes, h);
        if (h == ANNALS_WTAB_DENSE) {
            if (n_classes > n_row - off - 1) goto bad;
        } else if (h > n_classes || 2 * (size_t)h > n_row - off - 1) {
            goto bad;
        } else {
            for (unsigned k = 0; k < h; k++)
                if (row[off + 1 + k] >= n_classes) goto bad;
        }
    }
    if (empty == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has no empty slot", m->name, prefix);
    t->n_classes = n_classes;
    t->inl = inl;
    t->hot_scale = 1.0;
    t->mask = (uint32_t)(n_slots - 1);
    t->slot = slot;
    t->row = row;
    t->n_row = n_row;
    t->lut = lut;
    /* a writable model's slots are packed where they are: no copy of the
       largest part of the table */
    annals_wtab_slot *in_place = m->writable ? (annals_wtab_slot *)(uintptr_t)ks->data : NULL;
    return inl ? 0 : pack_table(t, n_hot, in_place, m->name, prefix, ctx);
bad:
    return annals_error_set(ctx, ANNALS_EFORMAT, "%s: weight table '%c' has a row out of bounds",
                            m->name, prefix);
}

/* Hot rows are summed in int16 lanes, ANNALS_WTAB_HOT_RUN rows at a time
** (at most ANNALS_WTAB_HOT_MAX each, so the lanes cannot overflow), then
** widened and added to the int32 scores. Portable version: */
static void sum_hot_generic(int32_t *restrict scores, const int16_t *const *hot, size_t nh, uint32_t nc,
                            uint32_t stride)
{
    _Alignas(32) int16_t acc[256];
    for (size_t i = 0; i < nh; i += ANNALS_WTAB_HOT_RUN) {
        size_t e = nh - i < ANNALS_WTAB_HOT_RUN ? nh : i + ANNALS_WTAB_HOT_RUN;
        memset(acc, 0, stride * sizeof *acc);
        for (size_t r = i; r < e; r++)
            for (uint32_t c = 0; c < stride; c++) acc[c] = (int16_t)(acc[c] + hot[r][c]);
        for (uint32_t c = 0; c < nc; c++) scores[c] += acc[c];
    }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang_analyzer__)
#include <immintrin.h>
#define WTAB_AVX2 1
/* AVX2 version: 16 lanes a register, up to 8 registers (128 classes) held
** across a run of rows; NV (registers) is a constant in each instance so that
** the accumulators stay in registers. */
__attribute__((target("avx2"), always_inline))
static inline void sum_hot_avx2_block(int32_t *restrict scores, const int16_t *const *hot, size_t nh,
                                      uint32_t base, uint32_t nc, const int NV)
{
    for (size_t i = 0; i < nh; i += ANNALS_WTAB_HOT_RUN) {
        size_t e = nh - i < ANNALS_WTAB_HOT_RUN ? nh : i + ANNALS_WTAB_HOT_RUN;
        __m256i a[8];
        for (int q = 0; q < NV; q++) a[q] = _mm256_setzero_si256();
        for (size_t r = i; r < e; r++) {
            const __m256i *v = (const __m256i *)(const void *)(hot[r] + base);
            for (int q = 0; q < NV; q++) a[q] = _mm256_add_epi16(a[q], _mm256_load_si256(v + q));
        }
        for (int q = 0; q < NV; q++) {
            uint32_t c = base + 16 * (uint32_t)q;
            __m256i lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(a[q]));
            __m256i hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(a[q], 1));
            if (c + 16 <= nc) {
                __m256i *sp = (__m256i *)(void *)(scores + c);
                _mm256_storeu_si256(sp, _mm256_add_epi32(_mm256_loadu_si256(sp), lo));
                _mm256_storeu_si256(sp + 1, _mm256_add_epi32(_mm256_loadu_si256(sp + 1), hi));
            } else {                           /* the last, partial register: only classes < nc */
                _Alignas(32) int32_t tmp[16];
                _mm256_store_si256((__m256i *)(void *)tmp, lo);
                _mm256_store_si256((__m256i *)(void *)(tmp + 8), hi);
                for (uint32_t k = 0; c + k < nc && k < 16; k++) scores[c + k] += tmp[k];
            }
        }
    }
}

__attribute__((target("avx2")))
static void sum_hot_avx2(int32_t *restrict scores, const int16_t *const *hot, size_t nh, uint32_t nc,
                         uint32_t stride)
{
    for (uint32_t base = 0; base < stride; base += 128) {
        switch ((stride - base < 128 ? stride - base : 128) / 16) {
        case 1: sum_hot_avx2_block(scores, hot, nh, base, nc, 1); break;
        case 2: sum_hot_avx2_block(scores, hot, nh, base, nc, 2); break;
        case 3: sum_hot_avx2_block(scores, hot, nh, base, nc, 3); break;
        case 4: sum_hot_avx2_block(scores, hot, nh, base, nc, 4); break;
        case 5: sum_hot_avx2_block(scores, hot, nh, base, nc, 5); break;
        case 6: sum_hot_avx2_block(scores, hot, nh, base, nc, 6); break;
        case 7: sum_hot_avx2_block(scores, hot, nh, base, nc, 7); break;
        default: sum_hot_avx2_block(scores, hot, nh, base, nc, 8); break;
        }
    }
}
#endif

/* Adds a row of the file's format (sparse or dense). */
static inline void add_row(const uint8_t *r, const int32_t *lut, uint32_t nc, int32_t *scores)
{
    unsigned h = r[0];
    if (h == ANNALS_WTAB_DENSE) {
        for (uint32_t c = 0; c < nc; c++) scores[c] += lut[r[1 + c]];
    } else {
        const uint8_t *cls = r + 1, *code = r + 1 + h;
        for (unsigned j = 0; j < h; j++) scores[cls[j]] += lut[code[j]];
    }
}

typedef void sum_hot_fn(int32_t *restrict, const int16_t *const *, size_t, uint32_t, uint32_t);

static sum_hot_fn *sum_hot_impl(void)
{
#ifdef WTAB_AVX2
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return sum_hot_avx2;
#endif
    return sum_hot_generic;
}

void annals_wtab_score(const annals_wtab *t, const uint64_t *feat, size_t n, int32_t *scores)
{
    enum { CHUNK = 128 };
    const uint8_t *rows[CHUNK];
    const uint32_t nc = t->n_classes;
    const int32_t *lut = t->lut;
    if (t->inl) {
        /* all ANNALS_WTAB_INLINE_MAX codes summed unrolled (any code byte
           indexes the LUT); the sums of classes >= nc are dropped */
        int32_t acc[ANNALS_WTAB_INLINE_MAX] = { 0 };
        for (size_t i = 0; i < n; i++) PREFETCH(&t->slot[(uint32_t)feat[i] & t->mask]);
        for (size_t i = 0; i < n; i++) {
            const annals_wtab_slot *s = annals_wtab_find_slot(t, feat[i]);
            if (!s) continue;
            const uint8_t *code = annals_wtab_slot_codes(s);
            for (uint32_t c = 0; c < ANNALS_WTAB_INLINE_MAX; c++) acc[c] += lut[code[c]];
        }
        for (uint32_t c = 0; c < nc; c++) scores[c] += acc[c];
        return;
    }
    if (!t->packed) {                     /* tables made in memory by the trainers */
        for (size_t base = 0; base < n; base += CHUNK) {
            size_t m = n - base < CHUNK ? n - base : CHUNK, k = 0;
            const uint64_t *f = feat + base;
            for (size_t i = 0; i < m; i++) PREFETCH(&t->slot[(uint32_t)f[i] & t->mask]);
            for (size_t i = 0; i < m; i++) {
                const uint8_t *r = annals_wtab_find(t, f[i]);
                if (r) { PREFETCH(r); PREFETCH(r + 64); rows[k++] = r; }
            }
            for (size_t i = 0; i < k; i++) add_row(rows[i], lut, nc, scores);
        }
        return;
    }
    const int16_t *hot[CHUNK];
    const uint32_t stride = t->hot_stride;
    const size_t hot_bytes = (size_t)stride * sizeof(int16_t);
    static sum_hot_fn *_Atomic sum_hot;       /* chosen once; a race only stores the same value */
    if (!sum_hot) sum_hot = sum_hot_impl();
    for (size_t base = 0; base < n; base += CHUNK) {
        size_t m = n - base < CHUNK ? n - base : CHUNK;
        const uint64_t *f = feat + base;
        for (size_t i = 0; i < m; i++) PREFETCH(&t->slot[(uint32_t)f[i] & t->mask]);
        size_t nh = 0, ns = 0;
        /* pairs in the slot are added now; rows and hot rows are prefetched
           and added after all the slots are read */
        for (size_t i = 0; i < m; i++) {
            const annals_wtab_slot *sl = annals_wtab_find_slot(t, f[i]);
            if (!sl) continue;
            uint32_t v = slot_off(sl);
            switch (PK_TAG(v)) {
            case PK_ROW: {
                const uint8_t *r = t->row + v;
                PREFETCH(r);
                rows[ns++] = r;
                break;
            }
            case PK_HOT: {
                const int16_t *h = t->hot + (size_t)PK_VAL(v) * stride;
                for (size_t b = 0; b < hot_bytes; b += 64) PREFETCH((const char *)h + b);
                hot[nh++] = h;
                break;
            }
            case PK_TWO:
                scores[v >> 23 & 127] += lut[v >> 15 & 255];
                /* fall through */
            default:
                scores[v >> 8 & 127] += lut[v & 255];
                break;
            }
        }
        for (size_t i = 0; i < ns; i++) add_row(rows[i], lut, nc, scores);
        if (nh) sum_hot(scores, hot, nh, nc, stride);
    }
}
