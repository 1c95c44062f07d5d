/* SPDX-License-Identifier: MIT
** analyze/wnclass_internal.h -- word classes for parser features: the WordNet
** lexicographer file (noun.person, noun.location, verb.motion, ...) of a
** noun's or verb's most frequent sense.
**
** Library-internal. The classes come from a text file made by
** tools/gen_lemma.py (data/lemma/wn-class.txt: "word n|v class" lines, class =
** WordNet's lex_filenum, 3-28 nouns, 29-43 verbs; '#' lines are comments).
** The parser trainer copies the table into the model (section PWNK, so a
** model always parses with the classes it was trained with). Section layout:
**   u32 n_slots (a power of two), u32 0, u32 key[n_slots], u8 cls[n_slots]
** key = (word hash ^ part-of-speech salt) folded to 32 bits, | 1 (0 = empty),
** linear probing; a class of 0 means none. */
#ifndef ANNALS_ANALYZE_WNCLASS_INTERNAL_H
#define ANNALS_ANALYZE_WNCLASS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "annals/error.h"
#include "annals/model.h"
#include "annals/util.h"

typedef struct {
    uint32_t mask;           /* n_slots - 1; 0 with key NULL: no table */
    const uint32_t *key;
    const uint8_t *cls;
} an_wnk;

/* Reads a class file into a PWNK section image (*out, free()). A malformed
** line is ANNALS_EFORMAT "path:line: what". */
int annals_analyze_wnk_build(const char *path, void **out, size_t *out_size, annals_ctx *ctx);
/* Binds (and validates) a PWNK section: every class <= 63, a power-of-two
** slot count, at least one empty slot. */
int annals_analyze_wnk_bind(an_wnk *t, const annals_model_section *s, const char *name, annals_ctx *ctx);
/* annals_analyze_wnk_build then annals_analyze_wnk_bind: the table as a model's PWNK section will
** carry it (*img: free(), also on error). */
int annals_analyze_wnk_load(an_wnk *t, const char *path, void **img, size_t *size, annals_ctx *ctx);
/* The class of a token (0: none): nouns and proper nouns are looked up as
** nouns, verbs as verbs, first as written (case folded), then with the
** regular inflections stripped (-s, -es, -ies > -y; -s, -es, -ed, -d, -ing,
** with a final e restored or a doubled consonant undone). */
int annals_analyze_wnk_class(const an_wnk *t, const char *s, size_t n, int upos);

#endif
