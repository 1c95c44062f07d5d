/* SPDX-License-Identifier: MIT
** bench/bench_parse.c -- speed of tagging + parsing + lemmatising (not run by ctest).
**
**   bench_parse [--models DIR] [--parser FILE] [--runs N] [--beam K] [--margin M] [--tag-margin M]
**               [--raw] [FILE]
** Loads the models (prints the load time), then analyses FILE N times (default
** 5): a CoNLL-U file on its gold tokenization (default: EWT test from
** ANNALS_SHARED_DIR or ../shared), or with --raw a plain text file, segmented
** once before timing. Prints sentences/s, tokens/s and peak RSS, then the
** tagger alone and the parser alone (on the tagger's output), best of N runs.
** --beam K overrides the parser model's beam width (1 = greedy); --margin M the
** beam pruning margin and --tag-margin M the tagger's pass-2 margin (0 = off).
** One thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "annals/analyze.h"
#include "annals/segment.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *models = NULL, *file = NULL, *parser_file = NULL;
    int runs = 5, raw = 0, beam = 0;
    double margin = -1, tag_margin = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--models") && i + 1 < argc) models = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--beam") && i + 1 < argc) beam = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--parser") && i + 1 < argc) parser_file = argv[++i];
        else if (!strcmp(argv[i], "--margin") && i + 1 < argc) margin = atof(argv[++i]);
        else if (!strcmp(argv[i], "--tag-margin") && i + 1 < argc) tag_margin = atof(argv[++i]);
        else if (!strcmp(argv[i], "--raw")) raw = 1;
        else if (argv[i][0] == '-') { fprintf(stderr, "usage: bench_parse [--models DIR] [--parser FILE] [--runs N] [--beam K] [--margin M] [--tag-margin M] [--raw] [FILE]\n"); return 2; }
        else file = argv[i];
    }
    if (runs < 1) runs = 1;
    char def[4096];
    if (!file) {
        snprintf(def, sizeof def, "%s/treebank/en_ewt/en_ewt-ud-test.conllu",
#ifdef ANNALS_SHARED_DIR
                 ANNALS_SHARED_DIR
#else
                 "../shared"
#endif
        );
        file = def;
    }
    annals_ctx *ctx = annals_ctx_new();
    double t0 = now();
    annals_analyzer *an;
    if (annals_analyzer_open_with_parser(&an, models, parser_file, ctx) < 0) {
        fprintf(stderr, "bench_parse: %s\n", annals_errmsg(ctx));
        return 1;
    }
    if (beam > 0) annals_analyzer_set_beam(an, beam);
    annals_analyzer_set_margins(an, margin, tag_margin);
    printf("models loaded in %.3f s (tagger %.1f MB, parser %.1f MB, beam %d, margin %.2f, tagger margin %.2f)\n",
           now() - t0,
           annals_tagger_model_size(annals_analyzer_tagger(an)) / 1048576.0,
           annals_parser_model_size(annals_analyzer_parser(an)) / 1048576.0,
           annals_parser_beam(annals_analyzer_parser(an)), annals_parser_margin(annals_analyzer_parser(an)),
           annals_tagger_pass2_margin(annals_analyzer_tagger(an)));
    annals_doc *src = NULL;
    annals_conllu g = { 0 };
    char *buf = NULL;
    if (raw) {
        size_t len;
        if (annals_read_file(&buf, &len, file, (size_t)1 << 30, ctx) < 0 ||
            annals_doc_new(&src, file, file, buf, len, ctx) < 0) {
            fprintf(stderr, "bench_parse: %s\n", annals_errmsg(ctx));
            return 1;
        }
        src->text = (char *)src->raw;
        src->text_len = src->raw_len;
        if (annals_segment_run(src, ctx) < 0) { fprintf(stderr, "bench_parse: %s\n", annals_errmsg(ctx)); return 1; }
    } else {
        if (annals_conllu_read_file(&g, file, ctx) < 0) { fprintf(stderr, "bench_parse: %s\n", annals_errmsg(ctx)); return 1; }
        src = g.doc;
    }
    double best = 0, total = 0;
    for (int r = 0; r < runs; r++) {
        annals_doc *d;
        if (annals_doc_shadow(&d, src, true, ctx) < 0) return 1;
        double t = now();
        if (annals_analyze_doc(an, d, ctx) < 0) { fprintf(stderr, "bench_parse: %s\n", annals_errmsg(ctx)); return 1; }
        double el = now() - t;
        total += el;
        double sps = src->n_sent / el;
        if (sps > best) best = sps;
        annals_doc_free(d);
    }
    double best_tag = 0, best_parse = 0;
    const annals_tagger *tg = annals_analyzer_tagger(an);
    const annals_parser *pa = annals_analyzer_parser(an);
    for (int r = 0; r < runs; r++) {
        annals_doc *d;
        if (annals_doc_shadow(&d, src, true, ctx) < 0) return 1;
        double t = now();
        for (size_t s = 0; s < d->n_sent; s++)
            if (annals_tagger_tag(tg, d, d->sent[s].tok_begin, d->sent[s].tok_end) < 0) return 1;
        double t2 = now();
        for (size_t s = 0; s < d->n_sent; s++)
            if (annals_parser_parse(pa, d, d->sent[s].tok_begin, d->sent[s].tok_end) < 0) return 1;
        double t3 = now();
        if (t2 > t && src->n_sent / (t2 - t) > best_tag) best_tag = src->n_sent / (t2 - t);
        if (t3 > t2 && src->n_sent / (t3 - t2) > best_parse) best_parse = src->n_sent / (t3 - t2);
        annals_doc_free(d);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s: %zu sentences, %zu tokens, %d runs\n", file, src->n_sent, src->n_tok, runs);
    printf("mean %.0f sentences/s (%.0f tokens/s), best run %.0f sentences/s\n",
           src->n_sent * runs / total, src->n_tok * runs / total, best);
    printf("tagging alone %.0f sentences/s, parsing alone %.0f sentences/s (best runs)\n", best_tag, best_parse);
    printf("peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
    annals_doc_free(src);
    free(buf);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
    return 0;
}
