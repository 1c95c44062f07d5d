/* SPDX-License-Identifier: MIT
** analyze/analyze_internal.h -- helpers shared by the tagger, parser and lemmatiser.
**
** Library-internal. Word hashes fold ASCII case and map every digit to '0', so
** "1997" and "2004" share features; raw hashes keep case. A tag dictionary maps
** a word hash to the set of UPOS seen with it in training (the "ambiguity
** class") and, for frequent words that always had one tag, that tag. */
#ifndef ANNALS_ANALYZE_INTERNAL_H
#define ANNALS_ANALYZE_INTERNAL_H

#include <stdint.h>
#include <string.h>
#include "annals/doc.h"
#include "annals/util.h"

#define FNV_OFF 1469598103934665603ull
#define FNV_MUL 1099511628211ull

static inline unsigned char an_fold(unsigned char c)
{
    return c >= '0' && c <= '9' ? '0' : annals_ascii_lower(c);
}

/* Normalised word hash (case folded, digits -> 0). */
static inline uint64_t an_word_hash(const char *s, size_t n)
{
    uint64_t h = FNV_OFF;
    for (size_t i = 0; i < n; i++) { h ^= an_fold((unsigned char)s[i]); h *= FNV_MUL; }
    return h;
}

static inline uint64_t an_raw_hash(const char *s, size_t n)
{
    uint64_t h = FNV_OFF ^ 0x5bd1e995u;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= FNV_MUL; }
    return h;
}

/* Hash of the first (pre) or last (!pre) k bytes, folded; k capped at n. */
static inline uint64_t an_affix_hash(const char *s, size_t n, size_t k, int pre)
{
    if (k > n) k = n;
    const char *p = pre ? s : s + n - k;
    uint64_t h = FNV_OFF + (uint64_t)k * 7919u + (pre ? 104729u : 0);
    for (size_t i = 0; i < k; i++) { h ^= an_fold((unsigned char)p[i]); h *= FNV_MUL; }
    return h;
}

/* Collapsed word shape: X upper, x lower, d digit, other bytes as is (non-ASCII
** as 'u'); runs of one class collapsed; at most 12 symbols. */
static inline uint64_t an_shape_hash(const char *s, size_t n)
{
    uint64_t h = FNV_OFF ^ 0x1234567u;
    char last = 0;
    int len = 0;
    for (size_t i = 0; i < n && len < 12; i++) {
        unsigned char c = (unsigned char)s[i];
        char k = (c >= 'A' && c <= 'Z') ? 'X' : (c >= 'a' && c <= 'z') ? 'x' : (c >= '0' && c <= '9') ? 'd'
               : c >= 0x80 ? 'u' : (char)c;
        if (k == last) continue;
        last = k;
        h ^= (unsigned char)k;
        h *= FNV_MUL;
        len++;
    }
    return h ^ (n > 12 ? 3 : n > 6 ? 2 : n > 3 ? 1 : 0);
}

/* Tag dictionary entry ("TDIC" section): open addressing on key, key 0 = empty. */
typedef struct {
    uint64_t key;
    uint32_t upos_mask;       /* bit u: UPOS id u seen */
    uint8_t force_upos;       /* UPOS id when the word is frequent and unambiguous, else 0 */
    uint8_t force_xpos;       /* XPOS id likewise, else 0 */
    uint8_t top_upos;         /* most frequent UPOS id */
    uint8_t freq;             /* log2 of the word's training count */
} an_tdict_entry;

static inline const an_tdict_entry *an_tdict_find(const an_tdict_entry *t, uint64_t mask, uint64_t key)
{
    if (!t) return NULL;
    key = key ? key : 1;
    for (uint64_t i = key & mask;; i = (i + 1) & mask) {
        if (t[i].key == key) return &t[i];
        if (!t[i].key) return NULL;
    }
}

/* Little-endian host check: the model sections are read as native arrays. */
static inline int an_host_le(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* xorshift64* for shuffling and exploration: reproducible from the seed. */
static inline uint64_t an_rand(uint64_t *s)
{
    uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ull;
}

/* The lemmatiser (lemma.c): exception tables loaded from data/lemma. */
typedef struct an_lemmatizer an_lemmatizer;
int annals_analyze_lemma_open(an_lemmatizer **out, const char *dir, annals_ctx *ctx);
void annals_analyze_lemma_free(an_lemmatizer *l);
/* Lemma of a token; static or arena string, never NULL (NULL only on OOM). */
const char *annals_analyze_lemma(const an_lemmatizer *l, annals_arena *a, const char *s, size_t n,
                     int upos, int xpos);

#endif
