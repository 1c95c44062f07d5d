/* SPDX-License-Identifier: MIT
** analyze/tagger_internal.h -- tagger features, shared by tagging and training.
**
** Library-internal. A sentence is prepared once into an_ttok records (with two
** padding records on each side), then each position's features are hashed
** from them and from the tags already predicted to its left. */
#ifndef ANNALS_ANALYZE_TAGGER_INTERNAL_H
#define ANNALS_ANALYZE_TAGGER_INTERNAL_H

#include "analyze_internal.h"
#include "annals/model.h"

#define AN_TAG_PAD 2
#define AN_TAG_MAXF 80

typedef struct {
    uint64_t w, raw, shape, sfx[4], pfx[3];
    uint64_t amb;           /* ambiguity class, or a marker for unknown / rare words */
    uint8_t fu, fx;         /* forced UPOS / XPOS id, or 0 */
    uint8_t first_cap;      /* 1: sentence-initial capitalised, 2: capitalised elsewhere */
    uint8_t hyph;
    uint8_t top, freq;      /* dictionary: most frequent UPOS and log2 count, 0 when unknown */
    uint8_t r1u, r1x;       /* pass 2: the tags pass 1 gave this word */
} an_ttok;

/* tt must have n + 2*AN_TAG_PAD records; fills them for tokens [b, e). */
void annals_analyze_tagger_prep(an_ttok *tt, const annals_doc *doc, size_t b, size_t e,
                    const an_tdict_entry *dict, uint64_t dict_mask);
/* Features of position i (0-based within the sentence). up/xp hold the tags of
** positions -AN_TAG_PAD.. at index +AN_TAG_PAD (padding = 0). Returns count. */
size_t annals_analyze_tagger_feats(const an_ttok *tt, size_t i, const uint8_t *up, const uint8_t *xp, int pass,
                       uint64_t *out);
/* Greedy tagging of the n prepared words with table w (pass 1 or 2; pass 2
** reads tt[].r1u/r1x): fills up/xp (padded like annals_analyze_tagger_feats wants).
** keep <= 0: tags every word, and if margin is not NULL stores there by how
** much each word's UPOS won (INT32_MAX when the dictionary forced both tags,
** 0 when it forced only the UPOS, so that pass 2 still chooses the XPOS).
** keep > 0: re-tags only the words with margin[i] < keep, leaving the tags
** already in up/xp for the others. */
void annals_analyze_tagger_run(const annals_wtab *w, const uint8_t *pair, const an_ttok *tt, size_t n,
                   uint8_t *up, uint8_t *xp, int pass, int32_t *margin, int32_t keep);

#endif
