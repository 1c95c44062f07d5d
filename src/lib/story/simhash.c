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

/* spread[x]: byte j is bit j of x. Counting a shingle's bits adds spread[] of its
** eight bytes to eight words of eight byte-wide counters (flushed every 255). */
#define SPREAD(x) ((uint64_t)((x) & 1) | (uint64_t)(((x) >> 1) & 1) << 8 | (uint64_t)(((x) >> 2) & 1) << 16 | \
                   (uint64_t)(((x) >> 3) & 1) << 24 | (uint64_t)(((x) >> 4) & 1) << 32 | \
                   (uint64_t)(((x) >> 5) & 1) << 40 | (uint64_t)(((x) >> 6) & 1) << 48 | (uint64_t)(((x) >> 7) & 1) << 56)
#define SPREAD4(x) SPREAD(x), SPREAD((x) + 1), SPREAD((x) + 2), SPREAD((x) + 3)
#define SPREAD16(x) SPREAD4(x), SPREAD4((x) + 4), SPREAD4((x) + 8), SPREAD4((x) + 12)
#define SPREAD64(x) SPREAD16(x), SPREAD16((x) + 16), SPREAD16((x) + 32), SPREAD16((x) + 48)
static const uint64_t spread[256] = { SPREAD64(0), SPREAD64(64), SPREAD64(128), SPREAD64(192) };

static void flush(uint64_t acc[8], uint32_t ones[64])
{
    for (int k = 0; k < 8; k++) {
        for (int j = 0; j < 8; j++) ones[8 * k + j] += (uint32_t)((acc[k] >> (8 * j)) & 255);
        acc[k] = 0;
    }
}

uint64_t annals_story_simhash(const char *text, size_t n, size_t *n_shingles)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t ones[64] = { 0 };
    uint64_t acc[8] = { 0 };   /* acc[k], byte j: ones so far of bit 8 * k + j */
    unsigned pending = 0;
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
        for (int k = 0; k < 8; k++) acc[k] += spread[(sh >> (8 * k)) & 255];
        if (++pending == 255) { flush(acc, ones); pending = 0; }
        shingles++;
    }
    flush(acc, ones);
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if ((uint64_t)ones[b] * 2 > shingles) out |= 1ULL << b;
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
