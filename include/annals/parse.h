/* SPDX-License-Identifier: MIT
** annals/parse.h -- dependency relations, the dependency parser, CoNLL-U.
**
** Relation ids are stable (fixed table in code, id 0 = none, new relations only
** appended): the 37 universal relations, then the subtypes used by English
** treebanks (nsubj:pass, obl:agent, nmod:poss ...). An unknown subtype maps to
** its base relation, an unknown base to "dep".
**
** The parser is a transition-based arc-hybrid parser with an averaged
** perceptron over hashed feature templates (docs/parser.md). A model file
** holds either one joint model (transition + label), trained greedily with a
** dynamic oracle (Goldberg & Nivre 2013) or globally for beam decoding, or a
** split model: unlabelled transitions plus a label model, trained and decoded
** greedily (training option split). Read-only once loaded: any number of
** threads may parse with one parser. */
#ifndef ANNALS_PARSE_H
#define ANNALS_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "annals/doc.h"

#define ANNALS_DEPREL_COUNT 62      /* ids 1..61, 0 = none */
#define ANNALS_DEPREL_ROOT 35       /* "root" */

const char *annals_deprel_name(unsigned id);    /* "_" for 0 or out of range; static */
int annals_deprel_id(const char *name);         /* 0 for "_"/empty; base or "dep" when unknown */
int annals_deprel_id_n(const char *name, size_t n);
int annals_deprel_base(unsigned id);            /* nsubj:pass -> nsubj; base ids map to themselves */

typedef struct annals_parser annals_parser;

/* Same conventions as the tagger (annals/tag.h). */
int annals_parser_load(annals_parser **out, const void *buf, size_t size, const char *name,
                       annals_ctx *ctx);
int annals_parser_open(annals_parser **out, const char *path, annals_ctx *ctx);
void annals_parser_free(annals_parser *p);
size_t annals_parser_model_size(const annals_parser *p);

/* Parses tokens [tok_begin, tok_end) of doc (one sentence) from their words
** and upos/xpos: sets head (sentence-relative, -1 = root) and deprel. Exactly
** one token gets head -1. Scratch in doc->arena. 0 or ANNALS_ENOMEM. */
int annals_parser_parse(const annals_parser *p, annals_doc *doc, size_t tok_begin, size_t tok_end);

/* Beam width used by annals_parser_parse: the model's (PBEM section; 1 =
** greedy when absent), or as set. Joint models only: a split model is always
** parsed greedily (set_beam leaves it at 1). Sentences of more than 300 words
** are always parsed greedily. k is clamped to 1..64. Set it before the parser
** is shared between threads. */
int annals_parser_beam(const annals_parser *p);
void annals_parser_set_beam(annals_parser *p, int k);

/* Beam pruning margin, in units of the model's largest single weight: at each
** step, candidates scoring more than margin x that weight below the best
** candidate are dropped, so the beam narrows where the model is sure
** (docs/parser.md). 0 turns pruning off; negative values are taken as 0.
** Default ANNALS_PARSER_MARGIN. Set before sharing the parser between threads. */
#define ANNALS_PARSER_MARGIN 1.0
double annals_parser_margin(const annals_parser *p);
void annals_parser_set_margin(annals_parser *p, double margin);

typedef struct {
    int epochs;              /* default 15 */
    uint64_t seed;           /* default 1 */
    float prune;             /* default 0.3 */
    float explore;           /* probability to follow a wrong prediction (default 0.9) */
    int explore_from;        /* first epoch (1-based) with exploration (default 2) */
    FILE *log;
    int split;               /* 0: joint model; 1: split model, unlabelled transitions + label
                                model (docs/parser.md) */
    int beam;                /* 0 or 1: greedy, dynamic oracle; k > 1 (joint model only): beam
                                search with global max-violation training (docs/parser.md) */
    const char *wn_classes;  /* word class file ("word n|v class" lines: data/lemma/wn-class.txt) for
                                the class features, copied into the model; NULL: none */
    size_t max_bytes;        /* 0: no limit; else the best epoch on dev among those whose model is
                                at most this many bytes is written (ANNALS_ETOOBIG when none is) */
} annals_parser_train_opts;

/* Trains on the heads and deprels of train; tags come from the tokens' upos/xpos
** (gold, or predicted for training on predicted tags). dev (may be NULL) is
** parsed with its own upos/xpos each epoch for UAS/LAS. */
int annals_parser_train(const annals_doc *train, const annals_doc *dev, const char *out_path,
                        const annals_parser_train_opts *opts, annals_ctx *ctx);

/* ---- CoNLL-U ---------------------------------------------------------- */

typedef struct {
    annals_doc *doc;          /* text = each sentence's forms joined by spaces, one line each */
    const char **sent_text;   /* per sentence: the "# text =" comment, or NULL (arena) */
    const char **sent_id;     /* per sentence: "# sent_id =", or NULL (arena) */
    bool *new_par;            /* per sentence: a "# newpar" or "# newdoc" comment came before it */
    size_t skipped;           /* multiword-token lines and empty nodes (decimal ids) */
} annals_conllu;

/* Reads CoNLL-U from buf (name for messages). Tokens get gold upos, xpos,
** head, deprel and lemma; flags are computed from the form. A malformed line
** is ANNALS_EFORMAT "name:line: what". out->doc is freed with annals_doc_free. */
int annals_conllu_read(annals_conllu *out, const char *name, const char *buf, size_t len,
                       annals_ctx *ctx);
/* Reads a file (at most 1 GiB). */
int annals_conllu_read_file(annals_conllu *out, const char *path, annals_ctx *ctx);

/* Appends sentence s of doc as CoNLL-U (with "# text" and TokenRange=start:end
** in MISC, offsets in doc->text). */
int annals_conllu_write_sentence(annals_buf *b, const annals_doc *doc, size_t s);

/* Sets doc->tok[*].flags (UPPER_INIT, ALL_UPPER, DIGIT, PUNCT, QUOTE) from the text. */
void annals_token_flags_compute(annals_doc *doc);

#endif
