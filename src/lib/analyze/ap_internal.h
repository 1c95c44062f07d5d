/* SPDX-License-Identifier: MIT
** analyze/ap_internal.h -- averaged perceptron for training (library-internal).
**
** Features are 64-bit hashes; each feature owns a sparse row of (class,
** weight) entries, created on the first update. Averaging uses the
** w - u/c trick (Daume III 2006): every update adds delta to w and c*delta to u,
** so the average at time c is w - u/c without touching untouched entries.
** annals_analyze_ap_export() writes the averaged weights, pruned and quantised to int16, in
** the annals_wtab layout (annals/model.h). Not thread-safe; training only. */
#ifndef ANNALS_ANALYZE_AP_INTERNAL_H
#define ANNALS_ANALYZE_AP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "annals/util.h"
#include "annals/model.h"

typedef struct ap ap;

ap *annals_analyze_ap_new(uint32_t n_classes);
void annals_analyze_ap_free(ap *p);
/* scores[c] += weight(f, c) for every feature (current weights, not averaged). */
void annals_analyze_ap_score(const ap *p, const uint64_t *f, size_t n, float *scores);
void annals_analyze_ap_update(ap *p, const uint64_t *f, size_t n, uint32_t cls, float delta);
void annals_analyze_ap_tick(ap *p);                 /* one training instance seen */
size_t annals_analyze_ap_n_features(const ap *p);
size_t annals_analyze_ap_n_entries(const ap *p);
/* Averaged weights: entries with |w| < prune dropped, the rest quantised to
** one-byte log-scale codes (annals/model.h). keys/rows/lut receive the "?KEY",
** "?ROW" and "?LUT" section bodies. n_classes must be < 255; with
** n_classes <= ANNALS_WTAB_INLINE_MAX the table is inline (codes in the slots,
** rows empty: the KEY section needs flag ANNALS_WTAB_INLINE). Returns 0,
** ANNALS_ENOMEM or ANNALS_ETOOBIG. */
int annals_analyze_ap_export(const ap *p, float prune, annals_buf *keys, annals_buf *rows, annals_buf *lut);

/* Feature hashing: template id and up to three 64-bit values. */
static inline uint64_t ap_mix(uint64_t h)
{
    h ^= h >> 33; h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}
static inline uint64_t ap_feat(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c)
{
    return ap_mix(tmpl * 0x9e3779b97f4a7c15ull + a * 0xbf58476d1ce4e5b9ull +
                  b * 0x94d049bb133111ebull + c * 0x2545f4914f6cdd1dull + 0x632be59bd9b4e019ull);
}

#endif
