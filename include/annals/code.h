/* SPDX-License-Identifier: MIT
** annals/code.h -- the event coder: verb patterns to CAMEO events.
**
** The verb lexicon (data/verbs.txt, format in docs/dictionaries.md) maps verb
** and noun patterns to CAMEO codes: "meet with $" 040, "provide .. aid" 07x
** ("x": the sub-code follows the domain words of the sentence: humanitarian,
** military, economic...). Inflected forms of a pattern's head verb are made at
** load time, so matching is one hash look-up per token. Per sentence the coder
** finds pattern matches, drops those that state no act (negated, supposed,
** nouns, page clutter), turns intent ("ready to sign", "will meet") into the
** matching 03x code and announced force into a 13x threat, and takes the source
** and target from the actor phrases around the verb: the parse when the
** sentence has one, else word order (the subject before, the object after; the
** agent after "by" in the passive). Goldstein values and quad classes come from
** data/cameo-codes.tsv, each event's confidence from data/confidence.tsv
** (docs/output.md). */
#ifndef ANNALS_CODE_H
#define ANNALS_CODE_H

#include "annals/doc.h"
#include "annals/mention.h"

typedef struct annals_coder annals_coder;

int annals_coder_open(annals_coder **out, const char *data_dir,
                      annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
void annals_coder_free(annals_coder *c);
size_t annals_coder_n_patterns(const annals_coder *c);

/* True when sentence `sent` can hold an event: a verb or noun of the lexicon and at least
** one actor phrase among mention[0..n_mention), the sentence's mentions (doc->mention is
** ordered by sentence: the caller walks it once per document). The pipeline parses only
** those sentences. */
bool annals_code_sentence_has_candidates(const annals_coder *c, const annals_doc *doc, size_t sent,
                                         const annals_mention *mention, size_t n_mention);

/* Fills doc->event (arena). Needs doc->tok/sent/mention. */
int annals_code_run(const annals_coder *c, annals_doc *doc, annals_ctx *ctx);

/* CAMEO code facts: false when the code is unknown. */
bool annals_cameo_lookup(const annals_coder *c, const char *code, double *goldstein, int *quad_class,
                         const char **name);

#endif
