/* SPDX-License-Identifier: MIT
** annals/tag.h -- part-of-speech tag sets and the tagger.
**
** Tag ids are stable: fixed tables in code, id 0 = none, new tags only ever
** appended. UPOS are the 17 Universal Dependencies tags; XPOS are the Penn
** Treebank tags as used by UD English (with ADD, AFX, GW, HYPH, NFP, XX).
**
** The tagger is a greedy averaged perceptron (src/lib/analyze/tagger.c) that
** predicts UPOS and XPOS together (two class ranges of one weight table). It is
** read-only once loaded: any number of threads may tag with one tagger. */
#ifndef ANNALS_TAG_H
#define ANNALS_TAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "annals/doc.h"

enum {
    ANNALS_UPOS_NONE = 0,
    ANNALS_UPOS_ADJ, ANNALS_UPOS_ADP, ANNALS_UPOS_ADV, ANNALS_UPOS_AUX, ANNALS_UPOS_CCONJ,
    ANNALS_UPOS_DET, ANNALS_UPOS_INTJ, ANNALS_UPOS_NOUN, ANNALS_UPOS_NUM, ANNALS_UPOS_PART,
    ANNALS_UPOS_PRON, ANNALS_UPOS_PROPN, ANNALS_UPOS_PUNCT, ANNALS_UPOS_SCONJ, ANNALS_UPOS_SYM,
    ANNALS_UPOS_VERB, ANNALS_UPOS_X,
    ANNALS_UPOS_COUNT                 /* 18: ids are 1..17 */
};

/* Penn tags; the numbering is the table order in tagset.c. */
#define ANNALS_XPOS_COUNT 53          /* ids 1..52, 0 = none */

const char *annals_upos_name(unsigned id);     /* "_" for 0 or out of range; static string */
int annals_upos_id(const char *name);          /* 0 when unknown */
int annals_upos_id_n(const char *name, size_t n);
const char *annals_xpos_name(unsigned id);
int annals_xpos_id(const char *name);
int annals_xpos_id_n(const char *name, size_t n);

typedef struct annals_tagger annals_tagger;

/* Loads a tagger from a model buffer (validated; see annals/model.h). The
** tagger keeps pointers into buf: buf must outlive it. name is for messages. */
int annals_tagger_load(annals_tagger **out, const void *buf, size_t size, const char *name,
                       annals_ctx *ctx);
/* Reads and loads path; the tagger owns the buffer. Caller frees. */
int annals_tagger_open(annals_tagger **out, const char *path, annals_ctx *ctx);
void annals_tagger_free(annals_tagger *t);     /* NULL: no-op */
size_t annals_tagger_model_size(const annals_tagger *t);

/* Two-pass models: pass 2 re-tags only the words whose pass-1 UPOS won by
** less than margin x the pass-1 model's largest single weight; the others keep
** their pass-1 tags (docs/parser.md). 0: pass 2 re-tags every word. Default
** ANNALS_TAGGER_PASS2_MARGIN. Set before sharing the tagger between threads. */
#define ANNALS_TAGGER_PASS2_MARGIN 1.0
double annals_tagger_pass2_margin(const annals_tagger *t);
void annals_tagger_set_pass2_margin(annals_tagger *t, double margin);

/* Tags tokens [tok_begin, tok_end) of doc (one sentence): sets upos and xpos.
** Scratch is taken from doc->arena. Returns 0 or ANNALS_ENOMEM. */
int annals_tagger_tag(const annals_tagger *t, annals_doc *doc, size_t tok_begin, size_t tok_end);

typedef struct {
    int epochs;              /* default 10 */
    uint64_t seed;           /* shuffling; default 1 */
    float prune;             /* drop averaged weights below this (default 0.05) */
    FILE *log;               /* per-epoch progress, or NULL */
} annals_tagger_train_opts;

/* Trains on the gold upos/xpos of train (every sentence of the doc), reports
** dev accuracy per epoch (dev may be NULL), writes the model to out_path. */
int annals_tagger_train(const annals_doc *train, const annals_doc *dev, const char *out_path,
                        const annals_tagger_train_opts *opts, annals_ctx *ctx);

/* Jack-knifing: splits train's sentences into k folds, trains a tagger on k-1
** folds and tags the held-out one, for each fold, so train ends up with
** predicted upos/xpos as a parser sees at run time; then, when dev is given,
** tags dev with a tagger trained on all of train. opts->epochs per tagger. */
int annals_tagger_jackknife(annals_doc *train, annals_doc *dev, int k,
                            const annals_tagger_train_opts *opts, annals_ctx *ctx);

#endif
