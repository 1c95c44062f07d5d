/* SPDX-License-Identifier: MIT
** analyze/tagger_train.c -- training the part-of-speech tagger.
**
** Builds the tag dictionary and the UPOS/XPOS pair matrix from the training
** set, then runs greedy averaged-perceptron epochs (shuffled with a seeded
** PRNG, predicted tags as history). After each epoch the averaged, quantised
** model is built in memory and loaded with the real loader to tag dev, so the
** reported dev accuracy is the shipped model's; the best epoch is written. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "annals/tag.h"
#include "annals/model.h"
#include "ap.h"
#include "tagger_int.h"

#define N_UPOS (ANNALS_UPOS_COUNT - 1)
#define N_XPOS (ANNALS_XPOS_COUNT - 1)
#define DICT_MIN 3          /* ambiguity class only for words seen this often */
#define FORCE_MIN 20        /* forced tag: seen this often ... */
#define FORCE_RATIO 0.995   /* ... with one tag this share of the time */

typedef struct { uint64_t key; uint32_t n; uint32_t up[ANNALS_UPOS_COUNT]; uint32_t xp[ANNALS_XPOS_COUNT]; } wcount;

#include "annals/analyze.h"

static int build_dict(const annals_doc *d, an_tdict_entry **out_tab, size_t *out_n, uint8_t *pair)
{
    size_t cap = 1 << 16, n = 0;
    wcount *wc = calloc(cap, sizeof *wc);
    if (!wc) return -1;
    for (size_t si = 0; si < d->n_sent; si++)
    for (size_t i = d->sent[si].tok_begin; i < d->sent[si].tok_end; i++) {
        const annals_token *t = &d->tok[i];
        if (t->upos && t->xpos) pair[(t->upos - 1) * N_XPOS + (t->xpos - 1)] = 1;
        uint64_t k = an_word_hash(d->text + t->off, t->len);
        k = k ? k : 1;
        if ((n + 1) * 2 > cap) {
            size_t nc = cap * 2;
            wcount *nw = calloc(nc, sizeof *nw);
            if (!nw) { free(wc); return -1; }
            for (size_t j = 0; j < cap; j++) {
                if (!wc[j].key) continue;
                size_t s = wc[j].key & (nc - 1);
                while (nw[s].key) s = (s + 1) & (nc - 1);
                nw[s] = wc[j];
            }
            free(wc);
            wc = nw;
            cap = nc;
        }
        size_t s = k & (cap - 1);
        while (wc[s].key && wc[s].key != k) s = (s + 1) & (cap - 1);
        if (!wc[s].key) { wc[s].key = k; n++; }
        wc[s].n++;
        wc[s].up[t->upos]++;
        wc[s].xp[t->xpos < ANNALS_XPOS_COUNT ? t->xpos : 0]++;
    }
    size_t kept = 0;
    for (size_t j = 0; j < cap; j++) kept += wc[j].key && wc[j].n >= DICT_MIN;
    size_t tn = 16;
    while (tn < kept * 2 + 1) tn *= 2;
    an_tdict_entry *tab = calloc(tn, sizeof *tab);
    if (!tab) { free(wc); return -1; }
    for (size_t j = 0; j < cap; j++) {
        const wcount *w = &wc[j];
        if (!w->key || w->n < DICT_MIN) continue;
        an_tdict_entry e = { w->key, 0, 0, 0, 0 };
        int bu = 0, bx = 0;
        for (int u = 1; u < ANNALS_UPOS_COUNT; u++) {
            if (w->up[u]) e.upos_mask |= 1u << u;
            if (w->up[u] > w->up[bu]) bu = u;
        }
        for (int x = 1; x < ANNALS_XPOS_COUNT; x++) if (w->xp[x] > w->xp[bx]) bx = x;
        if (w->n >= FORCE_MIN && bu && w->up[bu] >= FORCE_RATIO * w->n) {
            e.force_upos = (uint8_t)bu;
            if (bx && w->xp[bx] >= FORCE_RATIO * w->n) e.force_xpos = (uint8_t)bx;
        }
        size_t s = e.key & (tn - 1);
        while (tab[s].key) s = (s + 1) & (tn - 1);
        tab[s] = e;
    }
    free(wc);
    *out_tab = tab;
    *out_n = tn;
    return 0;
}

/* Tags dev with a model image and returns UPOS and XPOS accuracy. */
static int eval_dev(const void *img, size_t size, const annals_doc *dev, double *uacc, double *xacc,
                    annals_ctx *ctx)
{
    annals_tagger *t;
    int rc = annals_tagger_load(&t, img, size, "(epoch model)", ctx);
    if (rc < 0) return rc;
    annals_doc *d;
    if ((rc = annals_doc_shadow(&d, dev, true, ctx)) < 0) { annals_tagger_free(t); return rc; }
    size_t ok_u = 0, ok_x = 0;
    for (size_t s = 0; s < d->n_sent && rc == 0; s++)
        rc = annals_tagger_tag(t, d, d->sent[s].tok_begin, d->sent[s].tok_end);
    for (size_t i = 0; i < d->n_tok; i++) {
        ok_u += d->tok[i].upos == dev->tok[i].upos;
        ok_x += d->tok[i].xpos == dev->tok[i].xpos;
    }
    *uacc = d->n_tok ? (double)ok_u / d->n_tok : 0;
    *xacc = d->n_tok ? (double)ok_x / d->n_tok : 0;
    annals_doc_free(d);
    annals_tagger_free(t);
    return rc;
}

static int train_image(const annals_doc *train, const annals_doc *dev, const annals_tagger_train_opts *opts,
                       void **out_img, size_t *out_size, annals_ctx *ctx)
{
    annals_tagger_train_opts o = { 10, 1, 0.05f, NULL };
    if (opts) o = *opts;
    if (o.epochs <= 0) o.epochs = 10;
    if (!train || train->n_sent == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "tagger training: no training sentences");
    uint8_t pair[N_UPOS * N_XPOS];
    memset(pair, 0, sizeof pair);
    an_tdict_entry *dict = NULL;
    size_t dict_n = 0;
    if (build_dict(train, &dict, &dict_n, pair) < 0)
        return annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory");
    size_t maxn = 0;
    for (size_t s = 0; s < train->n_sent; s++) {
        size_t n = train->sent[s].tok_end - train->sent[s].tok_begin;
        if (n > maxn) maxn = n;
    }
    ap *p = ap_new(N_UPOS + N_XPOS);
    an_ttok *tt = malloc((maxn + 2 * AN_TAG_PAD) * sizeof *tt);
    uint8_t *up = calloc(maxn + 2 * AN_TAG_PAD, 2);
    size_t *order = malloc(train->n_sent * sizeof *order);
    annals_buf keys = { 0 }, rows = { 0 };
    void *best_img = NULL;
    size_t best_size = 0;
    double best_acc = -1;
    int rc = 0;
    if (!p || !tt || !up || !order) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory"); goto done; }
    uint8_t *xp = up + maxn + 2 * AN_TAG_PAD;
    for (size_t s = 0; s < train->n_sent; s++) order[s] = s;
    uint64_t rng = o.seed * 0x9e3779b97f4a7c15ull + 1;
    for (int ep = 1; ep <= o.epochs; ep++) {
        clock_t t0 = clock();
        for (size_t s = train->n_sent; s > 1; s--) {
            size_t j = an_rand(&rng) % s;
            size_t tmp = order[s - 1]; order[s - 1] = order[j]; order[j] = tmp;
        }
        size_t seen = 0, correct = 0;
        for (size_t si = 0; si < train->n_sent; si++) {
            const annals_sentence *se = &train->sent[order[si]];
            size_t n = se->tok_end - se->tok_begin;
            an_tagger_prep(tt, train, se->tok_begin, se->tok_end, dict, dict_n - 1);
            memset(up, 0, 2 * (maxn + 2 * AN_TAG_PAD));
            for (size_t i = 0; i < n; i++) {
                const annals_token *g = &train->tok[se->tok_begin + i];
                const an_ttok *x = &tt[AN_TAG_PAD + i];
                int gu = g->upos, gx = g->xpos, pu = x->fu, px = x->fx;
                if (!pu || !px) {
                    uint64_t f[AN_TAG_MAXF];
                    float sc[N_UPOS + N_XPOS];
                    size_t nf = an_tagger_feats(tt, i, up, xp, f);
                    memset(sc, 0, sizeof sc);
                    ap_score(p, f, nf, sc);
                    if (!pu) {
                        int b = 0;
                        for (int c = 1; c < N_UPOS; c++) if (sc[c] > sc[b]) b = c;
                        pu = b + 1;
                        if (gu && pu != gu) {
                            ap_update(p, f, nf, (uint32_t)(gu - 1), 1.0f);
                            ap_update(p, f, nf, (uint32_t)(pu - 1), -1.0f);
                        }
                    }
                    if (!px) {
                        int b = 0;
                        for (int c = 1; c < N_XPOS; c++) if (sc[N_UPOS + c] > sc[N_UPOS + b]) b = c;
                        px = b + 1;
                        if (gx && px != gx) {
                            ap_update(p, f, nf, (uint32_t)(N_UPOS + gx - 1), 1.0f);
                            ap_update(p, f, nf, (uint32_t)(N_UPOS + px - 1), -1.0f);
                        }
                    }
                    ap_tick(p);
                }
                correct += pu == gu;
                seen++;
                up[AN_TAG_PAD + i] = (uint8_t)pu;
                xp[AN_TAG_PAD + i] = (uint8_t)px;
            }
        }
        float scale;
        if ((rc = ap_export(p, o.prune, &scale, &keys, &rows)) < 0) {
            rc = annals_error_set(ctx, rc, "tagger training: cannot export weights");
            goto done;
        }
        uint32_t meta[4] = { N_UPOS, N_XPOS, AN_TAG_MAXF, 0 };
        memcpy(&meta[3], &scale, 4);
        annals_model_section sec[] = {
            { "TMET", 0, meta, sizeof meta },
            { "TDIC", 0, dict, dict_n * sizeof *dict },
            { "TPAI", 0, pair, sizeof pair },
            { "WKEY", 0, keys.p, keys.len },
            { "WROW", 0, rows.p, rows.len },
        };
        void *img;
        size_t size;
        if ((rc = annals_model_build(&img, &size, ANNALS_MODEL_TAGGER, sec, 5, ctx)) < 0) goto done;
        double ua = 0, xa = 0;
        if (dev && (rc = eval_dev(img, size, dev, &ua, &xa, ctx)) < 0) { free(img); goto done; }
        if (o.log) {
            fprintf(o.log, "epoch %2d  train UPOS %.2f%%  dev UPOS %.2f%%  XPOS %.2f%%  features %zu  model %.1f MB  %.1f s\n",
                    ep, 100.0 * correct / (seen ? seen : 1), 100 * ua, 100 * xa, ap_n_features(p),
                    size / 1048576.0, (double)(clock() - t0) / CLOCKS_PER_SEC);
            fflush(o.log);
        }
        if (!dev || ua > best_acc) {
            free(best_img);
            best_img = img; best_size = size; best_acc = ua;
        } else {
            free(img);
        }
    }
    if (o.log && dev) fprintf(o.log, "best dev UPOS %.2f%%\n", 100 * best_acc);
    *out_img = best_img;
    *out_size = best_size;
    best_img = NULL;
done:
    free(best_img);
    annals_buf_free(&keys);
    annals_buf_free(&rows);
    ap_free(p);
    free(tt); free(up); free(order); free(dict);
    return rc;
}

int annals_tagger_train(const annals_doc *train, const annals_doc *dev, const char *out_path,
                        const annals_tagger_train_opts *opts, annals_ctx *ctx)
{
    void *img;
    size_t size;
    int rc = train_image(train, dev, opts, &img, &size, ctx);
    if (rc < 0) return rc;
    rc = annals_model_write_image(out_path, img, size, ctx);
    free(img);
    return rc;
}

/* Trains on the sentences of d with (index % k != fold) (all when k == 0) and
** tags the sentences with (index % k == fold) of tagme into out_up/out_xp. */
static int jack_fold(annals_doc *d, int k, int fold, annals_doc *tagme, uint8_t *out_up, uint16_t *out_xp,
                     const annals_tagger_train_opts *opts, annals_ctx *ctx)
{
    annals_doc *sub;
    int rc = annals_doc_shadow(&sub, d, false, ctx);
    if (rc < 0) return rc;
    size_t m = 0;
    for (size_t s = 0; s < d->n_sent; s++)
        if (k == 0 || (int)(s % (size_t)k) != fold) sub->sent[m++] = d->sent[s];
    sub->n_sent = m;
    void *img = NULL;
    size_t size;
    annals_tagger_train_opts o = *opts;
    o.log = NULL;
    rc = train_image(sub, NULL, &o, &img, &size, ctx);
    annals_tagger *t = NULL;
    if (rc == 0) rc = annals_tagger_load(&t, img, size, "(jack-knife model)", ctx);
    annals_doc *tmp = NULL;
    if (rc == 0) rc = annals_doc_shadow(&tmp, tagme, false, ctx);
    for (size_t s = 0; rc == 0 && s < tagme->n_sent; s++) {
        if (k && (int)(s % (size_t)k) != fold) continue;
        const annals_sentence *se = &tagme->sent[s];
        rc = annals_tagger_tag(t, tmp, se->tok_begin, se->tok_end);
        for (uint32_t i = se->tok_begin; i < se->tok_end; i++) {
            out_up[i] = tmp->tok[i].upos;
            out_xp[i] = (uint16_t)tmp->tok[i].xpos;
        }
    }
    annals_doc_free(tmp);
    annals_tagger_free(t);
    free(img);
    annals_doc_free(sub);
    return rc;
}

int annals_tagger_jackknife(annals_doc *train, annals_doc *dev, int k,
                            const annals_tagger_train_opts *opts, annals_ctx *ctx)
{
    annals_tagger_train_opts o = { 10, 1, 0.05f, NULL };
    if (opts) o = *opts;
    if (o.epochs <= 0) o.epochs = 10;
    if (k < 2) return annals_error_set(ctx, ANNALS_ERROR, "jack-knifing needs at least 2 folds");
    int rc = 0;
    uint8_t *up;
    uint16_t *xp;
    if (dev) {                        /* dev first: its tagger learns from gold train */
        up = calloc(dev->n_tok + 1, 1);
        xp = calloc(dev->n_tok + 1, 2);
        if (!up || !xp) rc = annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
        if (rc == 0) rc = jack_fold(train, 0, 0, dev, up, xp, &o, ctx);
        if (rc == 0) {
            size_t ok = 0;
            for (size_t i = 0; i < dev->n_tok; i++) ok += dev->tok[i].upos == up[i];
            if (o.log) fprintf(o.log, "jack-knife: dev UPOS %.2f%%\n", 100.0 * ok / (dev->n_tok ? dev->n_tok : 1));
            for (size_t i = 0; i < dev->n_tok; i++) { dev->tok[i].upos = up[i]; dev->tok[i].xpos = xp[i]; }
        }
        free(up); free(xp);
        if (rc < 0) return rc;
    }
    up = calloc(train->n_tok + 1, 1);
    xp = calloc(train->n_tok + 1, 2);
    if (!up || !xp) { free(up); free(xp); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    for (int f = 0; f < k && rc == 0; f++) {
        rc = jack_fold(train, k, f, train, up, xp, &o, ctx);
        if (o.log && rc == 0) { fprintf(o.log, "jack-knife: fold %d/%d tagged\n", f + 1, k); fflush(o.log); }
    }
    if (rc == 0) {
        size_t ok = 0;
        for (size_t i = 0; i < train->n_tok; i++) ok += train->tok[i].upos == up[i];
        if (o.log) fprintf(o.log, "jack-knife: train UPOS %.2f%%\n", 100.0 * ok / (train->n_tok ? train->n_tok : 1));
        for (size_t i = 0; i < train->n_tok; i++) { train->tok[i].upos = up[i]; train->tok[i].xpos = xp[i]; }
    }
    free(up); free(xp);
    return rc;
}
