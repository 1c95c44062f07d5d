/* SPDX-License-Identifier: MIT
** annals/analyze.h -- the analyze stage: tags, dependency parse and lemmas.
**
** An analyzer bundles the tagger (tagger.bin), the parser (parser.bin) and the
** lemma tables (data/lemma) and is read-only once opened: one analyzer serves
** any number of threads, each analysing its own documents (all scratch memory
** comes from the document's arena). The model directory is, in order: the
** argument, else annals_default_data_dir() (annals/util.h) + "/models". */
#ifndef ANNALS_ANALYZE_H
#define ANNALS_ANALYZE_H

#include <stddef.h>
#include "annals/doc.h"
#include "annals/tag.h"
#include "annals/parse.h"

typedef struct annals_analyzer annals_analyzer;

/* Opens model_dir/tagger.bin, model_dir/parser.bin and the lemma tables in
** model_dir/../lemma (else the default data directory's lemma/). model_dir NULL: default
** (above). Caller frees. Errors name the file and what is wrong. */
int annals_analyzer_open(annals_analyzer **out, const char *model_dir, annals_ctx *ctx);
/* The same with another parser model: parser_file is a file name in model_dir
** (such as "parser-greedy.bin") or, if it contains a '/', a path; NULL:
** "parser.bin". */
int annals_analyzer_open_with_parser(annals_analyzer **out, const char *model_dir, const char *parser_file,
                                     annals_ctx *ctx);
/* Explicit files; parser_path or lemma_dir NULL: no parsing / rule-only lemmas. */
int annals_analyzer_open_files(annals_analyzer **out, const char *tagger_path, const char *parser_path,
                               const char *lemma_dir, annals_ctx *ctx);
void annals_analyzer_free(annals_analyzer *an);        /* NULL: no-op */

/* The model directory used when none is given: annals_default_data_dir()
** + "/models", in a static buffer. */
const char *annals_analyzer_default_dir(void);

/* Tags, parses and lemmatises every sentence of a segmented doc, sets
** sent->parsed. Returns 0 or ANNALS_ENOMEM. */
int annals_analyze_doc(const annals_analyzer *an, annals_doc *doc, annals_ctx *ctx);

#define ANNALS_ANALYZE_TAG   1u
#define ANNALS_ANALYZE_PARSE 2u
#define ANNALS_ANALYZE_LEMMA 4u
#define ANNALS_ANALYZE_ALL   7u
/* One sentence, the given steps only (PARSE uses the tokens' current tags). */
int annals_analyze_sentence(const annals_analyzer *an, annals_doc *doc, size_t sent, unsigned what,
                            annals_ctx *ctx);

const annals_tagger *annals_analyzer_tagger(const annals_analyzer *an);
const annals_parser *annals_analyzer_parser(const annals_analyzer *an);   /* NULL: none */
/* Decoding beam width (1: greedy; joint parser models only, annals_parser_set_beam);
** the model's own width is the default. Call before
** sharing the analyzer between threads. */
void annals_analyzer_set_beam(annals_analyzer *an, int k);
/* The parser's beam pruning margin and the tagger's pass-2 margin
** (annals_parser_set_margin, annals_tagger_set_pass2_margin); negative: leave
** that one as it is. Call before sharing the analyzer between threads. */
void annals_analyzer_set_margins(annals_analyzer *an, double beam_margin, double tagger_margin);

/* Evaluation on gold tokenization (CoNLL 2018 style: every word counts,
** punctuation included): tags and parses a copy of gold with predicted tags. */
typedef struct {
    size_t words, sentences;
    double upos, xpos, uas, las, lemma;   /* fractions 0..1 */
    double seconds;                        /* analysis time only */
} annals_eval_result;
int annals_analyze_eval(const annals_analyzer *an, const annals_doc *gold, annals_eval_result *out,
                        annals_ctx *ctx);

/* A new document sharing src's text (borrowed: src must outlive it) with a copy
** of its tokens and sentences; analysis fields reset when reset is true. */
int annals_doc_shadow(annals_doc **out, const annals_doc *src, bool reset, annals_ctx *ctx);

#endif
