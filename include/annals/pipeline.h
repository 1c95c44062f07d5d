/* SPDX-License-Identifier: MIT
** annals/pipeline.h -- one document through every stage, with shared resources.
**
** A pipeline holds what is loaded once (dictionaries, verb lexicon, models) and
** runs a document through clean, meta, segment, mention, then analyze (when
** models are loaded; only the sentences the coder could code) and code, or the
** PETRARCH/TABARI coder instead of both (compat_spec). It is read-only after open, so threads may share
** one pipeline for distinct documents. */
#ifndef ANNALS_PIPELINE_H
#define ANNALS_PIPELINE_H

#include "annals/doc.h"
#include "annals/mention.h"
#include "annals/code.h"

typedef struct annals_pipeline annals_pipeline;

typedef struct {
    const char *data_dir;         /* NULL: annals_default_data_dir() (annals/util.h) */
    const char *const *extra_actor_files;  /* more actor dictionaries, NULL-terminated, or NULL */
    const char *compat_spec;      /* "petrarch:DIR" or "tabari:FILE.project": code with those
                                     dictionaries instead of the project's own; NULL: own */
    bool no_parse;                /* skip the tagger and parser: word-order coding only */
    int parse_beam;               /* parser beam width; 0: the model's own, 1: greedy */
    double parse_beam_margin;     /* beam pruning margin (annals_parser_set_margin);
                                     0: the default, negative: off */
    double min_confidence;        /* drop events whose confidence is below it; 0: keep all */
    annals_warn_fn warn;          /* dictionary warnings; NULL: ignored */
    void *warn_arg;
} annals_pipeline_options;

int annals_pipeline_open(annals_pipeline **out, const annals_pipeline_options *opt, annals_ctx *ctx);
void annals_pipeline_free(annals_pipeline *p);
/* True when the pipeline tags and parses (models found under DATA/models). */
bool annals_pipeline_parses(const annals_pipeline *p);
/* Runs every stage; ANNALS_EFORMAT when the document has no usable text. */
int annals_pipeline_run(const annals_pipeline *p, annals_doc *doc, annals_ctx *ctx);

const annals_mentioner *annals_pipeline_mentioner(const annals_pipeline *p);
const annals_coder *annals_pipeline_coder(const annals_pipeline *p);

#endif
