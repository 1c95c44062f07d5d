/* SPDX-License-Identifier: MIT
** pipeline/pipeline.c -- loads the shared resources and runs the stages in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "annals/pipeline.h"
#include "annals/clean.h"
#include "annals/meta.h"
#include "annals/segment.h"
#include "annals/compat.h"
#include "annals/analyze.h"

struct annals_pipeline {
    annals_mentioner *mentioner;
    annals_coder *coder;
    annals_compat *compat;        /* set: PETRARCH/TABARI dictionaries code instead */
    annals_analyzer *analyzer;    /* NULL: no models, word-order coding */
    double min_confidence;        /* events below it are dropped (options) */
};

int annals_pipeline_open(annals_pipeline **out, const annals_pipeline_options *opt, annals_ctx *ctx)
{
    *out = NULL;
    annals_pipeline *p = calloc(1, sizeof *p);
    if (!p) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    const char *dir = opt && opt->data_dir ? opt->data_dir : annals_default_data_dir();
    annals_warn_fn warn = opt ? opt->warn : NULL;
    void *warn_arg = opt ? opt->warn_arg : NULL;
    int rc = annals_mentioner_open(&p->mentioner, dir, warn, warn_arg, ctx);
    if (rc == 0 && opt && opt->extra_actor_files)
        for (size_t i = 0; rc == 0 && opt->extra_actor_files[i]; i++)
            rc = annals_mentioner_add_file(p->mentioner, opt->extra_actor_files[i], warn, warn_arg, ctx);
    if (rc == 0) rc = annals_coder_open(&p->coder, dir, warn, warn_arg, ctx);
    if (rc == 0 && opt && opt->compat_spec) rc = annals_compat_open(&p->compat, opt->compat_spec, warn, warn_arg, ctx);
    if (opt) p->min_confidence = opt->min_confidence;
    if (rc == 0 && !(opt && opt->no_parse)) {
        /* the models are optional: without them the coder uses word order; a model file
           that is there but damaged is an error, never silently skipped */
        char models[4096], tagger[4200], parser[4200], lemma[4200];
        struct stat st;
        snprintf(models, sizeof models, "%s/models", dir);
        snprintf(tagger, sizeof tagger, "%s/tagger.bin", models);
        /* greedy decoding (annals code's default) uses the greedy parser model
           where there is one: trained for greedy parsing, it is both more
           accurate and faster than the beam model decoded greedily */
        snprintf(parser, sizeof parser, "%s/parser-greedy.bin", models);
        if (!(opt && opt->parse_beam == 1 && stat(parser, &st) == 0))
            snprintf(parser, sizeof parser, "%s/parser.bin", models);
        snprintf(lemma, sizeof lemma, "%s/lemma", dir);
        if (stat(tagger, &st) == 0)
            rc = annals_analyzer_open_files(&p->analyzer, tagger, stat(parser, &st) == 0 ? parser : NULL,
                                            stat(lemma, &st) == 0 ? lemma : NULL, ctx);
        if (rc == 0 && p->analyzer && opt && opt->parse_beam > 0) annals_analyzer_set_beam(p->analyzer, opt->parse_beam);
        if (rc == 0 && p->analyzer && opt && opt->parse_beam_margin != 0)
            annals_analyzer_set_margins(p->analyzer, opt->parse_beam_margin > 0 ? opt->parse_beam_margin : 0, -1);
    }
    if (rc < 0) { annals_pipeline_free(p); return rc; }
    *out = p;
    return 0;
}

void annals_pipeline_free(annals_pipeline *p)
{
    if (!p) return;
    annals_mentioner_free(p->mentioner);
    annals_coder_free(p->coder);
    annals_compat_free(p->compat);
    annals_analyzer_free(p->analyzer);
    free(p);
}

/* Goldstein value and quad class of the dictionary coder's events from the coder's CAMEO
** table: the code, else its shorter prefixes (0331 -> 033 -> 03). */
static void compat_cameo(const annals_coder *c, annals_doc *doc)
{
    for (size_t i = 0; i < doc->n_event; i++) {
        annals_event *e = &doc->event[i];
        char k[sizeof e->code];
        snprintf(k, sizeof k, "%s", e->code);
        for (size_t n = strlen(k); n >= 2; k[--n] = 0)
            if (annals_cameo_lookup(c, k, &e->goldstein, &e->quad_class, NULL)) break;
    }
}

int annals_pipeline_run(const annals_pipeline *p, annals_doc *doc, annals_ctx *ctx)
{
    int rc;
    if ((rc = annals_clean_run(doc, ctx)) < 0) return rc;
    if ((rc = annals_meta_run(doc, ctx)) < 0) return rc;
    if ((rc = annals_segment_run(doc, ctx)) < 0) return rc;
    if ((rc = annals_mention_run(p->mentioner, doc, ctx)) < 0) return rc;
    if (p->compat) {
        if ((rc = annals_compat_code(p->compat, doc, ctx)) < 0) return rc;
        compat_cameo(p->coder, doc);
        return 0;
    }
    /* parse only the sentences that can hold an event: most cannot, and the parse is
       the most expensive stage */
    if (p->analyzer)
        for (size_t s = 0, m0 = 0, m1 = 0; s < doc->n_sent; s++, m0 = m1) {
            while (m1 < doc->n_mention && doc->mention[m1].sent == s) m1++;
            if (m1 > m0   /* (no mentions: no candidates, and no pointer arithmetic on NULL) */
                && annals_code_sentence_has_candidates(p->coder, doc, s, doc->mention + m0, m1 - m0)
                && (rc = annals_analyze_sentence(p->analyzer, doc, s, ANNALS_ANALYZE_ALL, ctx)) < 0)
                return rc;
        }
    if ((rc = annals_code_run(p->coder, doc, ctx)) < 0) return rc;
    if (p->min_confidence > 0) {
        size_t kept = 0;
        for (size_t k = 0; k < doc->n_event; k++)
            if (doc->event[k].confidence >= p->min_confidence) doc->event[kept++] = doc->event[k];
        doc->n_event = kept;
    }
    return 0;
}

bool annals_pipeline_parses(const annals_pipeline *p) { return p && p->analyzer; }

const annals_mentioner *annals_pipeline_mentioner(const annals_pipeline *p) { return p->mentioner; }
const annals_coder *annals_pipeline_coder(const annals_pipeline *p) { return p->coder; }
