/* SPDX-License-Identifier: MIT
** story/simhash.c -- SimHash of a text's word shingles, and packed key sets.
**
** SimHash (Charikar 2002, "Similarity estimation techniques from rounding
** algorithms"): every shingle (three consecutive words, ASCII-folded) is
** hashed to 64 bits (FNV-1a, util/hash.c); bit i of the fingerprint is set when
** more shingles have bit i set than not. Texts that share most shingles get
** fingerprints a few bits apart; Manku, Jain and Das Sarma 2007 ("Detecting
** near-duplicates for web crawling") find candidates by blocks of the
** fingerprint, one of which two near fingerprints must share (the store does
** that, with its own distance: store/store.c). Words are runs of ASCII
** letters and digits and of non-ASCII bytes, so page clutter that differs
** changes few shingles. */
#include <string.h>
#include "annals/story.h"

uint64_t annals_story_simhash(const char *text, size_t n, size_t *n_shingles)
{
    const unsigned char *s = (const unsigned char *)text;
    int32_t v[64] = { 0 };
    uint64_t w[3] = { 0 };
    size_t words = 0, shingles = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        bool wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!wc) { i++; continue; }
        uint64_t h = 1469598103934665603ULL;
        while (i < n) {
            c = s[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)) break;
            h ^= annals_ascii_lower(c);
            h *= 1099511628211ULL;
            i++;
        }
        w[0] = w[1];
        w[1] = w[2];
        w[2] = h;
        if (++words < 3) continue;
        uint64_t sh = annals_hash(w, sizeof w);
        for (int b = 0; b < 64; b++) v[b] += (sh >> b) & 1 ? 1 : -1;
        shingles++;
    }
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (v[b] > 0) out |= 1ULL << b;
    if (n_shingles) *n_shingles = shingles;
    return out;
}

int annals_story_hamming(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ b;
    int n = 0;
    while (x) { x &= x - 1; n++; }
    return n;
}

size_t annals_story_keys_pack(const annals_story_keys *k, uint8_t *out)
{
    for (uint32_t i = 0; i < k->n; i++) {
        for (int b = 0; b < 8; b++) out[9 * i + b] = (uint8_t)(k->hash[i] >> (8 * b));
        out[9 * i + 8] = k->weight[i];
    }
    return (size_t)k->n * 9;
}

void annals_story_keys_unpack(const void *blob, size_t n, annals_story_keys *out)
{
    const uint8_t *p = blob;
    out->n = 0;
    for (size_t i = 0; (i + 1) * 9 <= n && out->n < ANNALS_STORY_MAX_KEYS; i++) {
        uint64_t h = 0;
        for (int b = 0; b < 8; b++) h |= (uint64_t)p[9 * i + b] << (8 * b);
        /* keep the sorted order the overlap needs; drop anything out of order */
        if (out->n && h <= out->hash[out->n - 1]) continue;
        out->hash[out->n] = h;
        out->weight[out->n++] = p[9 * i + 8];
    }
}
