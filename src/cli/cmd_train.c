/* SPDX-License-Identifier: MIT
** cli/cmd_train.c -- `annals train`: trains the tagger or the parser from CoNLL-U.
**
**   annals train --tagger|--parser --train FILE.conllu --dev FILE.conllu
**                --out data/models/NAME.bin [--epochs N] [--seed N] [--prune X]
**                [--tags MODEL] [--jackknife K] [--split | --beam K] [--write-tagged PREFIX]
**                [--explore P] [--wn-classes FILE] [--max-size MB]
** --tags: parser only; tag train and dev with this tagger model first, so that
** the parser learns from (and is validated on) predicted tags; --jackknife K
** instead tags train by K-fold jack-knifing (K taggers trained here) and dev
** with a tagger trained on all of train; --write-tagged saves the tagged train
** and dev sets as PREFIX-train.conllu / PREFIX-dev.conllu (reuse them without
** --tags to skip the tagging). --split: split model, unlabelled transitions
** + label model, trained greedily (docs/parser.md); --explore P: probability
** of following a wrong prediction in greedy training (default 0.9); --beam K
** (joint model): beam search with global max-violation training, the model is
** then parsed with beam K; --wn-classes FILE (parser): word class features
** from FILE (data/lemma/wn-class.txt), which the model then carries;
** --max-size MB (parser): keep the best epoch among those whose model file is
** at most MB megabytes (2^20 bytes), an error when none is.
** Progress goes to stderr. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "annals/analyze.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals train --tagger|--parser --train FILE.conllu [--dev FILE.conllu]\n"
               "                    --out MODEL.bin [--epochs N] [--seed N] [--prune X]\n"
               "                    [--tags TAGGER.bin | --jackknife K]   (parser: train on predicted tags)\n"
               "                    [--split | --beam K]   (parser: split greedy model, or beam-trained joint model)\n"
               "                    [--write-tagged PREFIX] [--explore P]\n"
               "                    [--wn-classes FILE]   (parser: word class features, data/lemma/wn-class.txt)\n"
               "                    [--max-size MB]   (parser: best epoch among models of at most MB megabytes)\n");
}

static int write_doc(const annals_doc *d, const char *prefix, const char *what, annals_ctx *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s-%s.conllu", prefix, what);
    annals_buf b = { 0 };
    int rc = 0;
    for (size_t s = 0; rc == 0 && s < d->n_sent; s++) rc = annals_conllu_write_sentence(&b, d, s);
    FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
    if (rc == 0 && (!f || fwrite(b.p, 1, b.len, f) != b.len)) rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot write", path);
    if (f && fclose(f) != 0 && rc == 0) rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot write", path);
    annals_buf_free(&b);
    return rc;
}

static int tag_doc(annals_doc *d, const char *model, annals_ctx *ctx)
{
    annals_tagger *t;
    int rc = annals_tagger_open(&t, model, ctx);
    for (size_t s = 0; rc == 0 && s < d->n_sent; s++)
        rc = annals_tagger_tag(t, d, d->sent[s].tok_begin, d->sent[s].tok_end);
    annals_tagger_free(t);
    return rc;
}

/* A numeric option's value (annals_cli_whole / annals_cli_number), or a usage
** message naming the option, what it takes and the value, and -1. */
static int whole_option(const char *opt, const char *v, long lo, long hi, long *out)
{
    if (annals_cli_whole(v, lo, hi, out) == 0) return 0;
    fprintf(stderr, "annals train: %s must be a whole number from %ld to %ld, not '%s'\n", opt, lo, hi, v);
    return -1;
}

static int number_option(const char *opt, const char *v, double lo, double hi, const char *what, double *out)
{
    if (annals_cli_number(v, lo, hi, out) == 0) return 0;
    fprintf(stderr, "annals train: %s must be %s, not '%s'\n", opt, what, v);
    return -1;
}

int annals_cmd_train(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *out = NULL, *tags = NULL, *wtag = NULL, *wnk = NULL;
    int what = 0, epochs = 0, jack = 0, split = 0, beam = 0;
    unsigned long long seed = 1;
    double prune = -1, explore = 0.9, max_mb = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (!strcmp(a, "--tagger")) what = 1;
        else if (!strcmp(a, "--parser")) what = 2;
        else if (!strcmp(a, "--split")) split = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!v) { fprintf(stderr, "annals train: %s needs a value\n", a); usage(stderr); return 2; }
        else if (!strcmp(a, "--train")) { train = v; i++; }
        else if (!strcmp(a, "--dev")) { dev = v; i++; }
        else if (!strcmp(a, "--out")) { out = v; i++; }
        else if (!strcmp(a, "--tags")) { tags = v; i++; }
        else if (!strcmp(a, "--write-tagged")) { wtag = v; i++; }
        else if (!strcmp(a, "--wn-classes")) { wnk = v; i++; }
        else if (!strcmp(a, "--epochs")) {
            if (whole_option(a, v, 1, 10000, &n) < 0) return 2;
            epochs = (int)n;
            i++;
        }
        else if (!strcmp(a, "--jackknife")) {
            if (whole_option(a, v, 2, 100, &n) < 0) return 2;
            jack = (int)n;
            i++;
        }
        else if (!strcmp(a, "--seed")) {
            if (whole_option(a, v, 0, LONG_MAX, &n) < 0) return 2;
            seed = (unsigned long long)n;
            i++;
        }
        else if (!strcmp(a, "--beam")) {
            if (whole_option(a, v, 1, 64, &n) < 0) return 2;
            beam = (int)n;
            i++;
        }
        else if (!strcmp(a, "--prune")) {
            if (number_option(a, v, 0, 1e6, "a number from 0 to 1000000", &prune) < 0) return 2;
            i++;
        }
        else if (!strcmp(a, "--explore")) {
            if (number_option(a, v, 0, 1, "a number from 0 to 1", &explore) < 0) return 2;
            i++;
        }
        else if (!strcmp(a, "--max-size")) {
            if (number_option(a, v, 1e-6, 1e6, "a size in megabytes above 0", &max_mb) < 0) return 2;
            i++;
        }
        else { fprintf(stderr, "annals train: unknown option '%s'\n", a); usage(stderr); return 2; }
    }
    if (!what || !train || !out) { usage(stderr); return 2; }
    if (split && beam > 1) {
        fprintf(stderr, "annals train: --split and --beam exclude each other (a split model is trained greedily)\n");
        return 2;
    }
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu tr = { 0 }, dv = { 0 };
    int rc = annals_conllu_read_file(&tr, train, ctx);
    if (rc == 0 && dev) rc = annals_conllu_read_file(&dv, dev, ctx);
    if (rc == 0)
        fprintf(stderr, "train: %zu sentences, %zu words; dev: %zu sentences, %zu words\n", tr.doc->n_sent,
                tr.doc->n_tok, dv.doc ? dv.doc->n_sent : 0, dv.doc ? dv.doc->n_tok : 0);
    clock_t t0 = clock();
    if (rc == 0 && what == 1) {
        annals_tagger_train_opts o = { epochs > 0 ? epochs : 10, seed, prune >= 0 ? (float)prune : 0.05f, stderr };
        rc = annals_tagger_train(tr.doc, dv.doc, out, &o, ctx);
    } else if (rc == 0) {
        annals_tagger_train_opts to = { 0, seed, 0.05f, stderr };
        if (tags) {
            rc = tag_doc(tr.doc, tags, ctx);
            if (rc == 0 && dv.doc) rc = tag_doc(dv.doc, tags, ctx);
        } else if (jack > 1) {
            rc = annals_tagger_jackknife(tr.doc, dv.doc, jack, &to, ctx);
        }
        annals_parser_train_opts o = { epochs > 0 ? epochs : 15, seed, prune >= 0 ? (float)prune : 0.3f,
                                       (float)explore, 2, stderr, split, beam, wnk,
                                       (size_t)(max_mb * 1048576.0) };
        if (rc == 0 && wtag) rc = write_doc(tr.doc, wtag, "train", ctx);
        if (rc == 0 && wtag && dv.doc) rc = write_doc(dv.doc, wtag, "dev", ctx);
        if (rc == 0) rc = annals_parser_train(tr.doc, dv.doc, out, &o, ctx);
    }
    if (rc == 0) fprintf(stderr, "wrote %s (training %.1f s)\n", out, (double)(clock() - t0) / CLOCKS_PER_SEC);
    else fprintf(stderr, "annals train: %s\n", annals_errmsg(ctx));
    annals_doc_free(tr.doc);
    annals_doc_free(dv.doc);
    annals_ctx_free(ctx);
    return rc == 0 ? 0 : rc == ANNALS_ENOTFOUND ? 2 : 1;
}
