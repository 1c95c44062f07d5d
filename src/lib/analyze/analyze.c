/* SPDX-License-Identifier: MIT
** analyze/analyze.c -- the analyzer: opening models, analysing documents, evaluation.
**
** Glue over tagger.c, parser.c and lemma.c. The analyzer is immutable after
** open; every per-document buffer comes from the document's arena, so
** concurrent annals_analyze_doc() calls on different documents are safe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include "annals/analyze.h"
#include "analyze_internal.h"

struct annals_analyzer {
    annals_tagger *tagger;
    annals_parser *parser;
    an_lemmatizer *lemma;
};

const char *annals_analyzer_default_dir(void)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/models", annals_default_data_dir());
    return buf;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int annals_analyzer_open_files(annals_analyzer **out, const char *tagger_path, const char *parser_path,
                               const char *lemma_dir, annals_ctx *ctx)
{
    *out = NULL;
    annals_analyzer *an = calloc(1, sizeof *an);
    if (!an) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    int rc = annals_tagger_open(&an->tagger, tagger_path, ctx);
    if (rc == 0 && parser_path) rc = annals_parser_open(&an->parser, parser_path, ctx);
    if (rc == 0) rc = annals_analyze_lemma_open(&an->lemma, lemma_dir, ctx);
    if (rc < 0) { annals_analyzer_free(an); return rc; }
    *out = an;
    return 0;
}

int annals_analyzer_open_with_parser(annals_analyzer **out, const char *model_dir, const char *parser_file,
                                     annals_ctx *ctx)
{
    if (!model_dir) model_dir = annals_analyzer_default_dir();
    if (!parser_file) parser_file = "parser.bin";
    size_t n = strlen(model_dir) + strlen(parser_file) + 32;
    char *tp = malloc(n), *pp = malloc(n), *ld = malloc(n);
    if (!tp || !pp || !ld) { free(tp); free(pp); free(ld); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    snprintf(tp, n, "%s/tagger.bin", model_dir);
    if (strchr(parser_file, '/')) snprintf(pp, n, "%s", parser_file);
    else snprintf(pp, n, "%s/%s", model_dir, parser_file);
    snprintf(ld, n, "%s/../lemma", model_dir);
    char fallback[4096];
    snprintf(fallback, sizeof fallback, "%s/lemma", annals_default_data_dir());
    const char *lemma = is_dir(ld) ? ld : is_dir(fallback) ? fallback : NULL;
    int rc = annals_analyzer_open_files(out, tp, pp, lemma, ctx);
    free(tp); free(pp); free(ld);
    return rc;
}

int annals_analyzer_open(annals_analyzer **out, const char *model_dir, annals_ctx *ctx)
{
    return annals_analyzer_open_with_parser(out, model_dir, NULL, ctx);
}

void annals_analyzer_free(annals_analyzer *an)
{
    if (!an) return;
    annals_tagger_free(an->tagger);
    annals_parser_free(an->parser);
    annals_analyze_lemma_free(an->lemma);
    free(an);
}

const annals_tagger *annals_analyzer_tagger(const annals_analyzer *an) { return an->tagger; }
const annals_parser *annals_analyzer_parser(const annals_analyzer *an) { return an->parser; }

void annals_analyzer_set_beam(annals_analyzer *an, int k)
{
    if (an && an->parser) annals_parser_set_beam(an->parser, k);
}

void annals_analyzer_set_margins(annals_analyzer *an, double beam_margin, double tagger_margin)
{
    if (!an) return;
    if (an->parser && beam_margin >= 0) annals_parser_set_margin(an->parser, beam_margin);
    if (an->tagger && tagger_margin >= 0) annals_tagger_set_pass2_margin(an->tagger, tagger_margin);
}

int annals_analyze_sentence(const annals_analyzer *an, annals_doc *doc, size_t s, unsigned what,
                            annals_ctx *ctx)
{
    annals_sentence *se = &doc->sent[s];
    if (se->tok_end <= se->tok_begin || se->tok_end > doc->n_tok) return 0;
    int rc = 0;
    if (what & ANNALS_ANALYZE_TAG) rc = annals_tagger_tag(an->tagger, doc, se->tok_begin, se->tok_end);
    if (rc == 0 && (what & ANNALS_ANALYZE_PARSE) && an->parser) {
        rc = annals_parser_parse(an->parser, doc, se->tok_begin, se->tok_end);
        if (rc == 0) se->parsed = true;
    }
    if (rc == 0 && (what & ANNALS_ANALYZE_LEMMA)) {
        for (uint32_t i = se->tok_begin; i < se->tok_end && rc == 0; i++) {
            annals_token *t = &doc->tok[i];
            t->lemma = annals_analyze_lemma(an->lemma, doc->arena, doc->text + t->off, t->len, t->upos, t->xpos);
            if (!t->lemma) rc = ANNALS_ENOMEM;
        }
    }
    if (rc < 0) return annals_error_set(ctx, rc, "%s: out of memory while analysing", doc->name ? doc->name : "document");
    return 0;
}

/* Sentences are tagged in blocks, then parsed and lemmatised: the tagger's and
** the parser's weight tables then do not evict each other from the cache at
** every sentence (same results as sentence by sentence). */
int annals_analyze_doc(const annals_analyzer *an, annals_doc *doc, annals_ctx *ctx)
{
    enum { BLOCK = 64 };
    for (size_t b = 0; b < doc->n_sent; b += BLOCK) {
        size_t e = doc->n_sent - b < BLOCK ? doc->n_sent : b + BLOCK;
        for (size_t s = b; s < e; s++) {
            int rc = annals_analyze_sentence(an, doc, s, ANNALS_ANALYZE_TAG, ctx);
            if (rc < 0) return rc;
        }
        for (size_t s = b; s < e; s++) {
            int rc = annals_analyze_sentence(an, doc, s, ANNALS_ANALYZE_PARSE | ANNALS_ANALYZE_LEMMA, ctx);
            if (rc < 0) return rc;
        }
    }
    return 0;
}

int annals_doc_shadow(annals_doc **out, const annals_doc *src, bool reset, annals_ctx *ctx)
{
    annals_doc *d;
    int rc = annals_doc_new(&d, src->name, src->path, NULL, 0, ctx);
    if (rc < 0) return rc;
    d->text = src->text;
    d->text_len = src->text_len;
    d->tok = annals_arena_alloc(d->arena, (src->n_tok ? src->n_tok : 1) * sizeof *d->tok);
    d->sent = annals_arena_alloc(d->arena, (src->n_sent ? src->n_sent : 1) * sizeof *d->sent);
    if (!d->tok || !d->sent) { annals_doc_free(d); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    if (src->n_tok) memcpy(d->tok, src->tok, src->n_tok * sizeof *d->tok);
    if (src->n_sent) memcpy(d->sent, src->sent, src->n_sent * sizeof *d->sent);
    d->n_tok = src->n_tok;
    d->n_sent = src->n_sent;
    if (reset) {
        for (size_t i = 0; i < d->n_tok; i++) {
            annals_token *t = &d->tok[i];
            t->upos = 0; t->xpos = 0; t->deprel = 0; t->head = -2; t->lemma = NULL;
        }
        for (size_t s = 0; s < d->n_sent; s++) d->sent[s].parsed = false;
    }
    *out = d;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int annals_analyze_eval(const annals_analyzer *an, const annals_doc *gold, annals_eval_result *out,
                        annals_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    annals_doc *d;
    int rc = annals_doc_shadow(&d, gold, true, ctx);
    if (rc < 0) return rc;
    double t0 = now();
    rc = annals_analyze_doc(an, d, ctx);
    out->seconds = now() - t0;
    if (rc == 0) {
        size_t up = 0, xp = 0, ua = 0, la = 0, lem = 0, lem_n = 0;
        for (size_t i = 0; i < d->n_tok; i++) {
            const annals_token *g = &gold->tok[i], *p = &d->tok[i];
            up += g->upos == p->upos;
            xp += g->xpos == p->xpos;
            if (g->head == p->head) {
                ua++;
                la += g->deprel == p->deprel;
            }
            if (g->lemma) {
                lem_n++;
                lem += p->lemma && !strcasecmp(g->lemma, p->lemma);
            }
        }
        double n = d->n_tok ? (double)d->n_tok : 1;
        out->words = d->n_tok;
        out->sentences = d->n_sent;
        out->upos = up / n; out->xpos = xp / n; out->uas = ua / n; out->las = la / n;
        out->lemma = lem_n ? (double)lem / lem_n : 0;
    }
    annals_doc_free(d);
    return rc;
}
