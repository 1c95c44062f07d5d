/* SPDX-License-Identifier: MIT
** code/code_internal.h -- the coder's tables, shared by lexicon.c and coder.c. */
#ifndef ANNALS_CODE_INTERNAL_H
#define ANNALS_CODE_INTERNAL_H

#include "annals/code.h"


typedef enum { EL_WORD = 1, EL_GAP, EL_TARGET } el_kind;

typedef struct {
    el_kind kind;
    char word[ANNALS_MAX_PATTERN_WORD];   /* lowercase */
} pattern_el;

typedef struct {
    char code[6];           /* "040", "07x" */
    bool noun;
    int target_at;          /* index of '$' in el, -1 none */
    size_t n_el, n_words;
    pattern_el el[ANNALS_MAX_PATTERN_ELEMENTS];
    uint8_t n_need;                          /* words after the head: their bits in a */
    uint16_t need_bit[ANNALS_MAX_PATTERN_ELEMENTS]; /* sentence's word filter (annals_word_bit) */
} pattern;

/* A word's bit in a sentence's 1,024-bit word filter: FNV-1a of its ASCII-lowercased bytes.
** A pattern can match only where the filter holds the bits of all its words, so most
** patterns are set aside without being tried. */
#define ANNALS_WORD_FILTER_BITS 1024
static inline uint16_t annals_word_bit(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)w[i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        h = (h ^ ch) * 16777619u;
    }
    return (uint16_t)(h & (ANNALS_WORD_FILTER_BITS - 1));
}

typedef struct {
    uint64_t hash;          /* first: annals_htab's slot hash */
    char form[64];          /* as long as the forms annals_verb_forms makes */
    uint32_t *pats;         /* 1-based pattern indices */
    size_t n_pat, cap_pat;
} form_slot;

typedef struct {
    char code[6];
    int quad;
    double goldstein;
    char name[96];
} cameo_code;

struct annals_coder {
    pattern *patterns;
    size_t n_patterns, pattern_cap;
    annals_htab forms;      /* of form_slot, keyed by the lower-case form */
    cameo_code *cameo;
    size_t n_cameo, cameo_cap;
    double conf_bias, conf_weight[ANNALS_EVB_COUNT];   /* data/confidence.tsv */
};

size_t annals_verb_forms(const char *base, char forms[][64], size_t max);
size_t annals_noun_forms(const char *base, char forms[][64], size_t max);
int annals_lexicon_load(annals_coder *c, const char *path, annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
int annals_cameo_load(annals_coder *c, const char *path, annals_ctx *ctx);
int annals_confidence_load(annals_coder *c, const char *path, annals_ctx *ctx);
float annals_confidence(const annals_coder *c, uint32_t basis);
const char *annals_confidence_feature_name(unsigned bit);
const form_slot *annals_coder_form(const annals_coder *c, const char *s, size_t n);

#endif
