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
#include "ap_internal.h"
#include "tagger_internal.h"

#define N_UPOS (ANNALS_UPOS_COUNT - 1)
#define N_XPOS (ANNALS_XPOS_COUNT - 1)
#define DICT_MIN 3          /* words seen fewer times are "unknown" to the dictionary */
#define FORCE_MIN 20        /* forced tag: seen this often ... */
#define FORCE_RATIO 0.995   /* ... with one tag this share of the time */

typedef struct { uint64_t key; uint32_t n; uint32_t up[ANNALS_UPOS_COUNT]; uint32_t xp[ANNALS_XPOS_COUNT]; } wcount;

#include "annals/analyze.h"

/* The dictionary entry of a word from its counts, minus one occurrence tagged
** drop_u/drop_x (0: none). Returns 0 when the word is too rare to be listed. */
static int make_entry(const wcount *w0, int drop_u, int drop_x, an_tdict_entry *e)
{
    wcount w = *w0;
    if (drop_u || drop_x) {
        w.n--;
        if (w.up[drop_u]) w.up[drop_u]--;
        if (drop_x < ANNALS_XPOS_COUNT && w.xp[drop_x]) w.xp[drop_x]--;
    }
    if ((long)w.n < (long)DICT_MIN) return 0;
    memset(e, 0, sizeof *e);
    e->key = w.key;
    int bu = 0, bx = 0;
    for (int u = 1; u < ANNALS_UPOS_COUNT; u++) {
        if (w.up[u]) e->upos_mask |= 1u << u;
        if (w.up[u] > w.up[bu]) bu = u;
    }
    for (int x = 1; x < ANNALS_XPOS_COUNT; x++) if (w.xp[x] > w.xp[bx]) bx = x;
    e->top_upos = (uint8_t)bu;
    while (e->freq < 15 && (1u << (e->freq + 1)) <= w.n) e->freq++;
    if ((long)w.n >= (long)FORCE_MIN && bu && w.up[bu] >= FORCE_RATIO * w.n) {
        e->force_upos = (uint8_t)bu;
        if (bx && w.xp[bx] >= FORCE_RATIO * w.n) e->force_xpos = (uint8_t)bx;
    }
    return 1;
}

static int build_dict(const annals_doc *d, an_tdict_entry **out_tab, size_t *out_n, uint8_t *pair,
                      wcount **out_wc, size_t *out_wc_cap)
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
    an_tdict_entry e;
    for (size_t j = 0; j < cap; j++) kept += wc[j].key && make_entry(&wc[j], 0, 0, &e);
    size_t tn = 16;
    while (tn < kept * 2 + 1) tn *= 2;
    an_tdict_entry *tab = calloc(tn, sizeof *tab);
    if (!tab) { free(wc); return -1; }
    for (size_t j = 0; j < cap; j++) {
        if (!wc[j].key || !make_entry(&wc[j], 0, 0, &e)) continue;
        size_t s = e.key & (tn - 1);
        while (tab[s].key) s = (s + 1) & (tn - 1);
        tab[s] = e;
    }
    *out_wc = wc;
    *out_wc_cap = cap;
    *out_tab = tab;
    *out_n = tn;
    return 0;
}

static const wcount *wc_find(const wcount *wc, size_t cap, uint64_t k)
{
    k = k ? k : 1;
    for (size_t s = k & (cap - 1);; s = (s + 1) & (cap - 1)) {
        if (wc[s].key == k) return &wc[s];
        if (!wc[s].key) return NULL;
    }
}

/* Training tokens see the dictionary without their own occurrence (leave one
** out): otherwise a word seen three times would always "know" its gold tag in
** training, and the model would trust the dictionary more than it deserves. */
static void leave_one_out(an_ttok *x, const wcount *wc, size_t cap, const annals_token *gold, int first_cap_upper)
{
    const wcount *w = wc_find(wc, cap, x->w);
    an_tdict_entry e;
    if (w && make_entry(w, gold->upos, gold->xpos, &e)) {
        x->amb = e.upos_mask;
        x->fu = e.force_upos;
        x->fx = e.force_xpos;
        x->top = e.top_upos;
        x->freq = e.freq;
    } else {
        x->amb = 0xFFFFFFFFull + (uint64_t)first_cap_upper;
        x->fu = x->fx = x->top = x->freq = 0;
    }
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

typedef struct {
    const annals_doc *train;
    an_tdict_entry *dict;
    size_t dict_n;
    wcount *wc;
    size_t wc_cap;
    uint8_t pair[N_UPOS * N_XPOS];
    size_t maxn;
    an_ttok *tt;
    uint8_t *up, *xp;          /* history with padding */
    uint8_t *r1u, *r1x;        /* per train token: jack-knifed pass-1 tags for pass 2 */
} tstate;

static void prep_train(tstate *ts, const annals_sentence *se, int pass)
{
    const annals_doc *d = ts->train;
    size_t n = se->tok_end - se->tok_begin;
    annals_analyze_tagger_prep(ts->tt, d, se->tok_begin, se->tok_end, ts->dict, ts->dict_n - 1);
    for (size_t i = 0; i < n; i++) {
        const annals_token *g = &d->tok[se->tok_begin + i];
        const unsigned char c0 = (unsigned char)d->text[g->off];
        an_ttok *x = &ts->tt[AN_TAG_PAD + i];
        leave_one_out(x, ts->wc, ts->wc_cap, g, g->len && c0 >= 'A' && c0 <= 'Z');
        if (pass == 2) { x->r1u = ts->r1u[se->tok_begin + i]; x->r1x = ts->r1x[se->tok_begin + i]; }
    }
}

static void train_epoch(ap *p, tstate *ts, const size_t *order, size_t n_order, int pass,
                        size_t *correct, size_t *seen)
{
    const annals_doc *d = ts->train;
    for (size_t si = 0; si < n_order; si++) {
        const annals_sentence *se = &d->sent[order[si]];
        size_t n = se->tok_end - se->tok_begin;
        prep_train(ts, se, pass);
        memset(ts->up, 0, n + 2 * AN_TAG_PAD);
        memset(ts->xp, 0, n + 2 * AN_TAG_PAD);
        for (size_t i = 0; i < n; i++) {
            const annals_token *g = &d->tok[se->tok_begin + i];
            const an_ttok *x = &ts->tt[AN_TAG_PAD + i];
            int gu = g->upos, gx = g->xpos, pu = x->fu, px = x->fx;
            if (!pu || !px) {
                uint64_t f[AN_TAG_MAXF];
                float sc[N_UPOS + N_XPOS];
                size_t nf = annals_analyze_tagger_feats(ts->tt, i, ts->up, ts->xp, pass, f);
                memset(sc, 0, sizeof sc);
                annals_analyze_ap_score(p, f, nf, sc);
                if (!pu) {
                    int b = 0;
                    for (int c = 1; c < N_UPOS; c++) if (sc[c] > sc[b]) b = c;
                    pu = b + 1;
                    if (gu && pu != gu) {
                        annals_analyze_ap_update(p, f, nf, (uint32_t)(gu - 1), 1.0f);
                        annals_analyze_ap_update(p, f, nf, (uint32_t)(pu - 1), -1.0f);
                    }
                }
                if (!px) {
                    int b = 0;
                    for (int c = 1; c < N_XPOS; c++) if (sc[N_UPOS + c] > sc[N_UPOS + b]) b = c;
                    px = b + 1;
                    if (gx && px != gx) {
                        annals_analyze_ap_update(p, f, nf, (uint32_t)(N_UPOS + gx - 1), 1.0f);
                        annals_analyze_ap_update(p, f, nf, (uint32_t)(N_UPOS + px - 1), -1.0f);
                    }
                }
                annals_analyze_ap_tick(p);
            }
            *correct += pu == gu;
            (*seen)++;
            ts->up[AN_TAG_PAD + i] = (uint8_t)pu;
            ts->xp[AN_TAG_PAD + i] = (uint8_t)px;
        }
    }
}

static void shuffle(size_t *order, size_t n, uint64_t *rng)
{
    for (size_t s = n; s > 1; s--) {
        size_t j = an_rand(rng) % s;
        size_t tmp = order[s - 1]; order[s - 1] = order[j]; order[j] = tmp;
    }
}

typedef struct { annals_buf keys, rows, lut; } wbufs;

static void wbufs_free(wbufs *w) { annals_buf_free(&w->keys); annals_buf_free(&w->rows); annals_buf_free(&w->lut); }

static int wbufs_copy(wbufs *dst, const wbufs *src)
{
    annals_buf_clear(&dst->keys);
    annals_buf_clear(&dst->rows);
    annals_buf_clear(&dst->lut);
    if (annals_buf_append(&dst->keys, src->keys.p, src->keys.len) < 0 ||
        annals_buf_append(&dst->rows, src->rows.p, src->rows.len) < 0 ||
        annals_buf_append(&dst->lut, src->lut.p, src->lut.len) < 0) return ANNALS_ENOMEM;
    return 0;
}

static void wtab_of(annals_wtab *t, const wbufs *w)
{
    memset(t, 0, sizeof *t);                 /* row tables: inl = 0 */
    t->n_classes = N_UPOS + N_XPOS;
    t->mask = (uint32_t)(w->keys.len / sizeof(annals_wtab_slot) - 1);
    t->slot = (const annals_wtab_slot *)w->keys.p;
    t->row = (const uint8_t *)w->rows.p;
    t->n_row = w->rows.len;
    t->lut = (const int32_t *)w->lut.p;
}

static int build_image(const tstate *ts, const wbufs *w1, const wbufs *w2, void **img, size_t *size,
                       annals_ctx *ctx)
{
    uint32_t meta[8] = { N_UPOS, N_XPOS, w2 ? 2 : 1, 0, 0, AN_TAG_MAXF, 0, 0 };
    annals_model_section sec[] = {
        { "TMET", 0, meta, sizeof meta },
        { "TDIC", 0, ts->dict, ts->dict_n * sizeof *ts->dict },
        { "TPAI", 0, ts->pair, sizeof ts->pair },
        { "WKEY", 0, w1->keys.p, w1->keys.len },
        { "WROW", 0, w1->rows.p, w1->rows.len },
        { "WLUT", 0, w1->lut.p, w1->lut.len },
        { "VKEY", 0, w2 ? w2->keys.p : NULL, w2 ? w2->keys.len : 0 },
        { "VROW", 0, w2 ? w2->rows.p : NULL, w2 ? w2->rows.len : 0 },
        { "VLUT", 0, w2 ? w2->lut.p : NULL, w2 ? w2->lut.len : 0 },
    };
    return annals_model_build(img, size, ANNALS_MODEL_TAGGER, sec, w2 ? 9u : 6u, ctx);
}

#define JACK_FOLDS 5

static int train_image(const annals_doc *train, const annals_doc *dev, const annals_tagger_train_opts *opts,
                       void **out_img, size_t *out_size, annals_ctx *ctx)
{
    annals_tagger_train_opts o = { 10, 1, 0.05f, NULL };
    if (opts) o = *opts;
    if (o.epochs <= 0) o.epochs = 10;
    if (!train || train->n_sent == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "tagger training: no training sentences");
    tstate ts;
    memset(&ts, 0, sizeof ts);
    ts.train = train;
    if (build_dict(train, &ts.dict, &ts.dict_n, ts.pair, &ts.wc, &ts.wc_cap) < 0)
        return annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory");
    for (size_t s = 0; s < train->n_sent; s++) {
        size_t n = train->sent[s].tok_end - train->sent[s].tok_begin;
        if (n > ts.maxn) ts.maxn = n;
    }
    ap *p = NULL;
    ts.tt = malloc((ts.maxn + 2 * AN_TAG_PAD) * sizeof *ts.tt);
    ts.up = calloc(ts.maxn + 2 * AN_TAG_PAD, 2);
    ts.r1u = calloc(train->n_tok + 1, 2);
    size_t *order = malloc(train->n_sent * sizeof *order);
    wbufs cur = { { 0 }, { 0 }, { 0 } }, best1 = { { 0 }, { 0 }, { 0 } }, best2 = { { 0 }, { 0 }, { 0 } };
    void *best_img = NULL;
    size_t best_size = 0;
    double best_acc = -1;
    int rc = 0, best_ep1 = o.epochs;
    int two_pass = train->n_sent >= 20 * JACK_FOLDS;
    if (!ts.tt || !ts.up || !ts.r1u || !order) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory"); goto done; }
    ts.xp = ts.up + ts.maxn + 2 * AN_TAG_PAD;
    ts.r1x = ts.r1u + train->n_tok + 1;
    uint64_t rng = o.seed * 0x9e3779b97f4a7c15ull + 1;

    for (int pass = 1; pass <= (two_pass ? 2 : 1); pass++) {
        if (pass == 2) {
            /* pass-1 tags for every training sentence from a model that did not see it */
            size_t *fo = malloc(train->n_sent * sizeof *fo);
            if (!fo) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory"); goto done; }
            for (int f = 0; f < JACK_FOLDS && rc == 0; f++) {
                size_t nf = 0;
                for (size_t s = 0; s < train->n_sent; s++) if ((int)(s % JACK_FOLDS) != f) fo[nf++] = s;
                ap *jp = annals_analyze_ap_new(N_UPOS + N_XPOS);
                if (!jp) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory"); break; }
                for (int ep = 1; ep <= best_ep1; ep++) {
                    size_t c = 0, n = 0;
                    shuffle(fo, nf, &rng);
                    train_epoch(jp, &ts, fo, nf, 1, &c, &n);
                }
                if ((rc = annals_analyze_ap_export(jp, o.prune, &cur.keys, &cur.rows, &cur.lut)) < 0) {
                    annals_analyze_ap_free(jp);
                    rc = annals_error_set(ctx, rc, "tagger training: cannot export weights");
                    break;
                }
                annals_analyze_ap_free(jp);
                annals_wtab w;
                wtab_of(&w, &cur);
                for (size_t s = (size_t)f; s < train->n_sent; s += JACK_FOLDS) {
                    const annals_sentence *se = &train->sent[s];
                    size_t n = se->tok_end - se->tok_begin;
                    prep_train(&ts, se, 1);
                    annals_analyze_tagger_run(&w, ts.pair, ts.tt, n, ts.up, ts.xp, 1, NULL, 0);
                    for (size_t i = 0; i < n; i++) {
                        ts.r1u[se->tok_begin + i] = ts.up[AN_TAG_PAD + i];
                        ts.r1x[se->tok_begin + i] = ts.xp[AN_TAG_PAD + i];
                    }
                }
                if (o.log) { fprintf(o.log, "pass-1 tags for fold %d/%d\n", f + 1, JACK_FOLDS); fflush(o.log); }
            }
            free(fo);
            if (rc < 0) goto done;
        }
        annals_analyze_ap_free(p);
        p = annals_analyze_ap_new(N_UPOS + N_XPOS);
        if (!p) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "tagger training: out of memory"); goto done; }
        for (size_t s = 0; s < train->n_sent; s++) order[s] = s;
        for (int ep = 1; ep <= o.epochs; ep++) {
            clock_t t0 = clock();
            shuffle(order, train->n_sent, &rng);
            size_t seen = 0, correct = 0;
            train_epoch(p, &ts, order, train->n_sent, pass, &correct, &seen);
            if ((rc = annals_analyze_ap_export(p, o.prune, &cur.keys, &cur.rows, &cur.lut)) < 0) {
                rc = annals_error_set(ctx, rc, "tagger training: cannot export weights");
                goto done;
            }
            void *img;
            size_t size;
            if ((rc = build_image(&ts, pass == 1 ? &cur : &best1, pass == 1 ? NULL : &cur, &img, &size, ctx)) < 0)
                goto done;
            double ua = 0, xa = 0;
            if (dev && (rc = eval_dev(img, size, dev, &ua, &xa, ctx)) < 0) { free(img); goto done; }
            if (o.log) {
                fprintf(o.log, "pass %d epoch %2d  train UPOS %.2f%%  dev UPOS %.2f%%  XPOS %.2f%%  features %zu  "
                        "model %.1f MB  %.1f s\n", pass, ep, 100.0 * correct / (seen ? seen : 1), 100 * ua, 100 * xa,
                        annals_analyze_ap_n_features(p), size / 1048576.0, (double)(clock() - t0) / CLOCKS_PER_SEC);
                fflush(o.log);
            }
            if (!dev || ua > best_acc) {
                free(best_img);
                best_img = img; best_size = size; best_acc = ua;
                if ((rc = wbufs_copy(pass == 1 ? &best1 : &best2, &cur)) < 0) {
                    rc = annals_error_set(ctx, rc, "tagger training: out of memory");
                    goto done;
                }
                if (pass == 1) best_ep1 = ep;
            } else {
                free(img);
            }
        }
        if (o.log && dev) fprintf(o.log, "pass %d: best dev UPOS %.2f%%\n", pass, 100 * best_acc);
    }
    *out_img = best_img;
    *out_size = best_size;
    best_img = NULL;
done:
    free(best_img);
    wbufs_free(&cur); wbufs_free(&best1); wbufs_free(&best2);
    annals_analyze_ap_free(p);
    free(ts.tt); free(ts.up); free(ts.r1u); free(order); free(ts.dict); free(ts.wc);
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
