/* SPDX-License-Identifier: MIT
** analyze/parser_train.c -- training the parser with a dynamic oracle.
**
** Arc-hybrid dynamic oracle (Goldberg & Nivre 2013): the cost of a transition
** is the number of gold arcs it makes unreachable (+1 for a wrong label on the
** arc it builds). The perceptron updates towards the best-scoring zero-cost
** (minimum-cost) transition whenever its prediction costs more; from epoch
** explore_from on it follows its own wrong prediction with probability
** explore, so it learns to recover from its mistakes. Non-projective gold arcs
** are lifted to the head's head until the tree is projective (Kahane et al.
** 1998 style lifting, without label encoding). With opts->split the
** transition model is unlabelled (3 classes, same oracle without the label
** term) and a second perceptron learns the label of every arc whose head is
** right, from its own features, on the states the parser itself reaches
** (labels in the state are the label model's predictions). With opts->beam > 1
** (joint model) the training is global instead (beam_train_sentence).
** Sentences longer than AN_MAX_TRAIN_LEN, or without a valid tree, are
** skipped. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "annals/parse.h"
#include "annals/analyze.h"
#include "annals/model.h"
#include "ap_internal.h"
#include "parser_internal.h"

/* Returns 0 when gh[1..n] (0 = root) is a tree with one root word. */
static int check_tree(int n, const int *gh)
{
    int roots = 0;
    for (int i = 1; i <= n; i++) {
        if (gh[i] < 0 || gh[i] > n || gh[i] == i) return -1;
        roots += gh[i] == 0;
        int a = i, steps = 0;
        while (a != 0 && steps++ <= n) a = gh[a];
        if (a != 0) return -1;
    }
    return roots == 1 ? 0 : -1;
}

static int dominates(int n, const int *gh, int h, int k)
{
    for (int steps = 0; k != 0 && steps <= n; steps++) {
        if (k == h) return 1;
        k = gh[k];
    }
    return h == 0;
}

/* Lifts the shortest non-projective arc until none is left. Returns lifts. */
static int projectivize(int n, int *gh)
{
    int lifts = 0;
    for (int iter = 0; iter < n * n; iter++) {
        int best = -1, best_span = 1 << 30;
        for (int d = 1; d <= n; d++) {
            int h = gh[d], lo = h < d ? h : d, hi = h < d ? d : h;
            if (hi - lo >= best_span) continue;
            for (int k = lo + 1; k < hi; k++)
                if (!dominates(n, gh, h, k)) { best = d; best_span = hi - lo; break; }
        }
        if (best < 0) break;
        gh[best] = gh[gh[best]];
        lifts++;
    }
    return lifts;
}

typedef struct {
    int n;
    int *gh;            /* gold head 0..n */
    uint8_t *gl;        /* gold label */
    int *coff, *ch;     /* gold children (CSR) */
    uint8_t *onstack;
} gold_t;

static int deps_in_buffer(const gold_t *g, int x, int b)
{
    int c = 0;
    for (int k = g->coff[x]; k < g->coff[x + 1]; k++) c += g->ch[k] >= b;
    return c;
}

/* cost[c] for every valid class: of the joint model, or of the split model's
** unlabelled classes (split). */
static void costs(const an_pstate *st, const gold_t *g, const uint8_t *valid, int *cost, int split)
{
    const int s0 = st->stack[st->sp - 1], s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1, b = st->b;
    if (valid[AN_SHIFT]) {
        int c = 0;
        for (int k = g->coff[b]; k < g->coff[b + 1]; k++) c += g->onstack[g->ch[k]];
        int h = g->gh[b];
        c += g->onstack[h] && h != s0;
        cost[AN_SHIFT] = c;
    }
    if (s0 <= 0) return;
    int dep = deps_in_buffer(g, s0, b), h = g->gh[s0];
    int lbase = dep + (h != b && (h == s1 || (h >= b && b <= st->n)));
    int rbase = dep + (h >= b && b <= st->n);
    if (split) {
        cost[AN_SPLIT_LEFT] = lbase;
        cost[AN_SPLIT_RIGHT] = rbase;
        return;
    }
    for (int l = 1; l <= AN_NL; l++) {
        if (valid[l]) cost[l] = lbase + (h == b && g->gl[s0] != l);
        if (valid[AN_NL + l]) cost[AN_NL + l] = rbase + (h == s1 && g->gl[s0] != l);
    }
}

/* Static arc-hybrid oracle for a state that can still reach the gold tree:
** LEFT(l) when s0's gold head is b0 and s0 has all its children, RIGHT(l) when
** it is s1 (and s0 is complete), otherwise SHIFT. */
static int gold_action(const an_pstate *st, const gold_t *g)
{
    const int s0 = st->stack[st->sp - 1], s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
    if (s0 > 0 && st->nl[s0] + st->nr[s0] == g->coff[s0 + 1] - g->coff[s0]) {
        if (st->b <= st->n && g->gh[s0] == st->b) return g->gl[s0];
        if (s1 >= 0 && g->gh[s0] == s1) return AN_NL + g->gl[s0];
    }
    return AN_SHIFT;
}

/* One sentence of global training with beam k (Zhang & Clark 2008, with
** Huang et al. 2012's max-violation update): the beam search of parse_beam()
** (parser.c) runs to the end next to the gold derivation; at the step where
** the best item's score exceeds the gold prefix's score by most (and the best
** item is not the gold prefix), the gold prefix's transitions get +1 and the
** best item's -1, from their first difference on. Forced transitions score 0
** and are not updated. Returns 1 when an update was made, 0 if not,
** ANNALS_ENOMEM. */
static int beam_train_sentence(ap *p, annals_arena *arena, const an_pstate *st0, const gold_t *g, int k)
{
    const int T = 2 * st0->n;
    an_pstate cur[AN_MAX_BEAM], nxt[AN_MAX_BEAM], gst;
    double score[AN_MAX_BEAM], cs[AN_MAX_BEAM];
    int isg[AN_MAX_BEAM], cpar[AN_MAX_BEAM], ccls[AN_MAX_BEAM], cisg[AN_MAX_BEAM];
    uint64_t f[AN_PMAXF];
    float sc[AN_NCLS];
    uint8_t valid[AN_NCLS];
    int *bpar = annals_arena_alloc(arena, (size_t)T * (size_t)k * 2 * sizeof(int) + (size_t)T * 2 * sizeof(int));
    if (!bpar) return ANNALS_ENOMEM;
    int *bact = bpar + (size_t)T * k, *gact = bact + (size_t)T * k, *pact = gact + T;
    for (int i = 0; i < k; i++)
        if (annals_analyze_pstate_alloc_like(&cur[i], arena, st0) < 0 || annals_analyze_pstate_alloc_like(&nxt[i], arena, st0) < 0)
            return ANNALS_ENOMEM;
    if (annals_analyze_pstate_alloc_like(&gst, arena, st0) < 0) return ANNALS_ENOMEM;
    score[0] = 0;
    isg[0] = 1;
    int nb = 1, tstar = -1;
    double gs = 0, maxv = -1;
    for (int t = 0; t < T; t++) {
        const int ga = gold_action(&gst, g);
        if (annals_analyze_pstate_valid(&gst, valid) > 1) {
            size_t nf = annals_analyze_parser_feats(&gst, f);
            memset(sc, 0, sizeof sc);
            annals_analyze_ap_score(p, f, nf, sc);
            gs += sc[ga];
        }
        int nc = 0;
        for (int j = 0; j < nb; j++) {
            int nv = annals_analyze_pstate_valid(&cur[j], valid);
            if (nv > 1) {
                size_t nf = annals_analyze_parser_feats(&cur[j], f);
                memset(sc, 0, sizeof sc);
                annals_analyze_ap_score(p, f, nf, sc);
            }
            for (int c = 0; c < AN_NCLS; c++) {
                if (!valid[c]) continue;
                double s = score[j] + (nv > 1 ? sc[c] : 0);
                if (nc == k && s <= cs[k - 1]) continue;
                int pos = nc < k ? nc++ : k - 1;
                while (pos > 0 && cs[pos - 1] < s) {
                    cs[pos] = cs[pos - 1]; cpar[pos] = cpar[pos - 1]; ccls[pos] = ccls[pos - 1];
                    cisg[pos] = cisg[pos - 1];
                    pos--;
                }
                cs[pos] = s; cpar[pos] = j; ccls[pos] = c; cisg[pos] = isg[j] && c == ga;
            }
        }
        for (int i = 0; i < nc; i++) {
            annals_analyze_pstate_copy(&nxt[i], &cur[cpar[i]]);
            annals_analyze_pstate_apply(&nxt[i], ccls[i]);
            score[i] = cs[i];
            isg[i] = cisg[i];
            bpar[(size_t)t * k + i] = cpar[i];
            bact[(size_t)t * k + i] = ccls[i];
        }
        for (int i = 0; i < nc; i++) { an_pstate tmp = cur[i]; cur[i] = nxt[i]; nxt[i] = tmp; }
        nb = nc;
        annals_analyze_pstate_apply(&gst, ga);
        gact[t] = ga;
        if (!isg[0] && score[0] - gs >= maxv) { maxv = score[0] - gs; tstar = t; }
    }
    if (tstar < 0) return 0;
    for (int t = tstar, j = 0; t >= 0; t--) {
        pact[t] = bact[(size_t)t * k + j];
        j = bpar[(size_t)t * k + j];
    }
    int d = 0;
    while (d <= tstar && pact[d] == gact[d]) d++;
    for (int side = 0; side < 2; side++) {
        const int *act = side ? pact : gact;
        an_pstate *st = &cur[0];
        annals_analyze_pstate_copy(st, st0);
        for (int t = 0; t <= tstar; t++) {
            if (t >= d && annals_analyze_pstate_valid(st, valid) > 1) {
                size_t nf = annals_analyze_parser_feats(st, f);
                annals_analyze_ap_update(p, f, nf, (uint32_t)act[t], side ? -1.0f : 1.0f);
            }
            annals_analyze_pstate_apply(st, act[t]);
        }
    }
    return 1;
}

/* The split model's label for the arc that st's LEFT (right == 0) or RIGHT
** builds: the label model's best label, root aside (current weights). When
** the arc's head is right, the label model is updated towards the gold label
** if it was wrong. */
static int train_label(ap *pl, const an_pstate *st, int right, const gold_t *g, uint64_t *f, float *sc,
                       size_t *lsteps, size_t *lwrong)
{
    const int d = st->stack[st->sp - 1], h = right ? st->stack[st->sp - 2] : st->b;
    size_t nf = annals_analyze_parser_lfeats(st, right, f);
    memset(sc, 0, AN_NL * sizeof *sc);
    annals_analyze_ap_score(pl, f, nf, sc);
    int lab = -1;
    for (int l = 1; l <= AN_NL; l++)
        if (l != ANNALS_DEPREL_ROOT && (lab < 0 || sc[l - 1] > sc[lab - 1])) lab = l;
    if (g->gh[d] == h && g->gl[d] != ANNALS_DEPREL_ROOT) {
        ++*lsteps;
        if (lab != g->gl[d]) {
            ++*lwrong;
            annals_analyze_ap_update(pl, f, nf, (uint32_t)g->gl[d] - 1, 1.0f);
            annals_analyze_ap_update(pl, f, nf, (uint32_t)lab - 1, -1.0f);
        }
        annals_analyze_ap_tick(pl);
    }
    return lab;
}

static int eval_dev(const void *img, size_t size, const annals_doc *dev, double *uas, double *las,
                    annals_ctx *ctx)
{
    annals_parser *p;
    int rc = annals_parser_load(&p, img, size, "(epoch model)", ctx);
    if (rc < 0) return rc;
    annals_doc *d;
    if ((rc = annals_doc_shadow(&d, dev, false, ctx)) < 0) { annals_parser_free(p); return rc; }
    for (size_t s = 0; s < d->n_sent && rc == 0; s++)
        rc = annals_parser_parse(p, d, d->sent[s].tok_begin, d->sent[s].tok_end);
    size_t ua = 0, la = 0;
    for (size_t i = 0; i < d->n_tok; i++) {
        if (d->tok[i].head != dev->tok[i].head) continue;
        ua++;
        la += d->tok[i].deprel == dev->tok[i].deprel;
    }
    *uas = d->n_tok ? (double)ua / d->n_tok : 0;
    *las = d->n_tok ? (double)la / d->n_tok : 0;
    annals_doc_free(d);
    annals_parser_free(p);
    return rc;
}

/* One dynamic-oracle step (Goldberg & Nivre 2013) over ncls classes: scores the
** features, and when the model's choice costs more than the cheapest valid class,
** updates towards the best-scoring cheapest class. Returns the transition to follow:
** once `exploring` (from epoch explore_from on), the model's wrong choice with
** probability `explore` (error exploration), else the
** cheapest class; the model's choice when it was right. Counts steps and errors. */
static int oracle_step(ap *p, const uint64_t *f, size_t nf, float *sc, const uint8_t *valid, const int *cost,
                       int ncls, bool exploring, double explore, uint64_t *rng, size_t *steps, size_t *wrong)
{
    memset(sc, 0, (size_t)ncls * sizeof *sc);
    annals_analyze_ap_score(p, f, nf, sc);
    int minc = 1 << 30, pred = -1, gold = -1;
    for (int c = 0; c < ncls; c++)
        if (valid[c] && cost[c] < minc) minc = cost[c];
    for (int c = 0; c < ncls; c++) {
        if (!valid[c]) continue;
        if (pred < 0 || sc[c] > sc[pred]) pred = c;
        if (cost[c] == minc && (gold < 0 || sc[c] > sc[gold])) gold = c;
    }
    (*steps)++;
    int next = pred;
    if (cost[pred] > minc) {
        (*wrong)++;
        annals_analyze_ap_update(p, f, nf, (uint32_t)gold, 1.0f);
        annals_analyze_ap_update(p, f, nf, (uint32_t)pred, -1.0f);
        next = exploring && (an_rand(rng) >> 11) * (1.0 / 9007199254740992.0) < explore ? pred : gold;
    }
    annals_analyze_ap_tick(p);
    return next;
}

/* Loads sentence se (n words) of train as the gold tree in g: heads (0 =
** root), labels, projectivised (*lifted counts the sentences that needed
** it), children in CSR order, nothing on the stack but ROOT. Returns -1 when
** the sentence has no valid tree (it is then skipped). */
static int gold_load(gold_t *g, const annals_doc *train, const annals_sentence *se, int n, size_t *lifted)
{
    g->gh[0] = -1;
    g->gl[0] = 0;
    for (int i = 1; i <= n; i++) {
        const annals_token *t = &train->tok[se->tok_begin + (size_t)i - 1];
        g->gh[i] = t->head == -1 ? 0 : t->head >= 0 ? t->head + 1 : -1;
        g->gl[i] = t->deprel;
        if (g->gh[i] < 0 || t->deprel == 0 || (g->gh[i] == 0) != (t->deprel == ANNALS_DEPREL_ROOT)) return -1;
    }
    if (check_tree(n, g->gh) < 0) return -1;
    *lifted += projectivize(n, g->gh) > 0;
    for (int i = 0; i <= n + 1; i++) g->coff[i] = 0;
    for (int i = 1; i <= n; i++) g->coff[g->gh[i] + 1]++;
    for (int i = 1; i <= n + 1; i++) g->coff[i] += g->coff[i - 1];
    int fill[AN_MAX_TRAIN_LEN + 2];
    for (int i = 0; i <= n; i++) fill[i] = g->coff[i];
    for (int i = 1; i <= n; i++) g->ch[fill[g->gh[i]]++] = i;
    g->n = n;
    memset(g->onstack, 0, (size_t)n + 2);
    g->onstack[0] = 1;
    return 0;
}

typedef struct { size_t steps, wrong, lsteps, lwrong; } train_counts;

/* Greedy training on one sentence from state st: the dynamic oracle steps of
** p (joint classes, or the split classes with the label model pl), following
** the model's wrong choices with probability explore when exploring. */
static void greedy_train_sentence(ap *p, ap *pl, an_pstate *st, gold_t *g, bool exploring, double explore,
                                  uint64_t *rng, train_counts *tc)
{
    uint64_t f[AN_PMAXF];
    float sc[AN_NCLS];
    int cost[AN_NCLS];
    uint8_t valid[AN_NCLS];
    const int ncls = pl ? AN_SPLIT_NCLS : AN_NCLS;
    while (!an_pstate_done(st)) {
        int root_only = 0, next = -1, lab = ANNALS_DEPREL_ROOT;
        int nv = pl ? annals_analyze_pstate_valid_split(st, valid, &root_only) : annals_analyze_pstate_valid(st, valid);
        if (nv == 1) {
            for (int c = 0; c < ncls && next < 0; c++) if (valid[c]) next = c;
        } else {
            size_t nf = annals_analyze_parser_feats(st, f);
            costs(st, g, valid, cost, pl != NULL);
            next = oracle_step(p, f, nf, sc, valid, cost, ncls, exploring, explore, rng, &tc->steps, &tc->wrong);
        }
        if (pl && next != AN_SPLIT_SHIFT && !(next == AN_SPLIT_RIGHT && root_only))
            lab = train_label(pl, st, next == AN_SPLIT_RIGHT, g, f, sc, &tc->lsteps, &tc->lwrong);
        if (next == AN_SHIFT) g->onstack[st->b] = 1;
        else g->onstack[st->stack[st->sp - 1]] = 0;
        annals_analyze_pstate_apply(st, pl ? an_joint_class(next, lab) : next);
    }
}

/* The model file of the current weights (*img: free()): PMET, the weights of
** p (joint W, or split T) and of the label model pl (split: L and PGRP), PBEM
** when beam > 1, PWNK when there is a class table. w[0..5]: scratch for the
** exported tables. */
static int epoch_image(void **img, size_t *size, const ap *p, const ap *pl, float prune, int beam,
                       const void *wnk_img, size_t wnk_size, annals_buf *w, annals_ctx *ctx)
{
    int rc = annals_analyze_ap_export(p, prune, &w[0], &w[1], &w[2]);
    if (rc < 0) return annals_error_set(ctx, rc, "parser training: cannot export weights");
    if (pl && (rc = annals_analyze_ap_export(pl, prune, &w[3], &w[4], &w[5])) < 0)
        return annals_error_set(ctx, rc, "parser training: cannot export label weights");
    const uint32_t meta[4] = { AN_NL, AN_NCLS, AN_PMAXF, 0 };
    const uint32_t beam_sec[4] = { (uint32_t)beam, 0, 0, 0 };
    const uint8_t grp_sec[ANNALS_DEPREL_COUNT + 1] = { 1 };     /* PGRP: one label group */
    annals_model_section sec[] = {
        { "PMET", 0, meta, sizeof meta },
        { "WKEY", 0, w[0].p, w[0].len },
        { "WROW", 0, w[1].p, w[1].len },
        { "WLUT", 0, w[2].p, w[2].len },
        { "LKEY", 0, w[3].p, w[3].len },
        { "LROW", 0, w[4].p, w[4].len },
        { "LLUT", 0, w[5].p, w[5].len },
        { "PGRP", 0, grp_sec, sizeof grp_sec },
        { "PBEM", 0, beam_sec, sizeof beam_sec },
        { "PWNK", 0, wnk_img, wnk_size },
    };
    size_t nsec = pl ? 8 : 4;
    if (beam > 1) sec[nsec++] = sec[8];     /* after the weights: joint models have no L or PGRP */
    if (wnk_img) sec[nsec++] = sec[9];
    if (pl) {
        memcpy(sec[1].id, "TKEY", 4), memcpy(sec[2].id, "TROW", 4), memcpy(sec[3].id, "TLUT", 4);
        sec[1].flags = ANNALS_WTAB_INLINE;  /* 3 classes: codes in the slots */
    }
    return annals_model_build(img, size, ANNALS_MODEL_PARSER, sec, nsec, ctx);
}

int annals_parser_train(const annals_doc *train, const annals_doc *dev, const char *out_path,
                        const annals_parser_train_opts *opts, annals_ctx *ctx)
{
    annals_parser_train_opts o = { 15, 1, 0.3f, 0.9f, 2, NULL, 0, 0, NULL, 0 };
    if (opts) o = *opts;
    if (o.epochs <= 0) o.epochs = 15;
    if (o.beam < 1) o.beam = 1;
    if (o.beam > AN_MAX_BEAM) o.beam = AN_MAX_BEAM;
    if (!train || train->n_sent == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "parser training: no training sentences");
    if (o.split && o.beam > 1)
        return annals_error_set(ctx, ANNALS_ERROR, "parser training: a split model is trained greedily (no beam)");
    int maxn = 0;
    for (size_t s = 0; s < train->n_sent; s++) {
        int n = (int)(train->sent[s].tok_end - train->sent[s].tok_begin);
        if (n > maxn && n <= AN_MAX_TRAIN_LEN) maxn = n;
    }
    size_t m = (size_t)maxn + 2;
    ap *p = annals_analyze_ap_new(o.split ? AN_SPLIT_NCLS : AN_NCLS);
    ap *pl = o.split ? annals_analyze_ap_new(AN_NL) : NULL;
    annals_arena *arena = annals_arena_new(0);
    size_t *order = malloc(train->n_sent * sizeof *order);
    gold_t g = { 0 };
    g.gh = malloc(m * sizeof(int));
    g.gl = malloc(m);
    g.coff = malloc((m + 1) * sizeof(int));
    g.ch = malloc(m * sizeof(int));
    g.onstack = malloc(m);
    annals_buf wbuf[6] = { { 0 } };
    void *best_img = NULL, *wnk_img = NULL;
    size_t best_size = 0, wnk_size = 0, smallest = SIZE_MAX;
    double best_las = -1;
    an_wnk wnk = { 0 };
    int rc = 0;
    if (!p || (o.split && !pl) || !arena || !order || !g.gh || !g.gl || !g.coff || !g.ch || !g.onstack) {
        rc = annals_error_set(ctx, ANNALS_ENOMEM, "parser training: out of memory");
        goto done;
    }
    if (o.wn_classes && (rc = annals_analyze_wnk_load(&wnk, o.wn_classes, &wnk_img, &wnk_size, ctx)) < 0)
        goto done;                        /* the class table, as the model will carry it */
    for (size_t s = 0; s < train->n_sent; s++) order[s] = s;
    uint64_t rng = o.seed * 0x9e3779b97f4a7c15ull + 7;
    size_t skipped = 0, lifted = 0;
    for (int ep = 1; ep <= o.epochs; ep++) {
        clock_t t0 = clock();
        for (size_t s = train->n_sent; s > 1; s--) {
            size_t j = an_rand(&rng) % s;
            size_t tmp = order[s - 1]; order[s - 1] = order[j]; order[j] = tmp;
        }
        train_counts tc = { 0, 0, 0, 0 };
        skipped = lifted = 0;
        for (size_t si = 0; si < train->n_sent; si++) {
            const annals_sentence *se = &train->sent[order[si]];
            int n = (int)(se->tok_end - se->tok_begin);
            if (n <= 0) continue;
            if (n > AN_MAX_TRAIN_LEN || gold_load(&g, train, se, n, &lifted) < 0) { skipped++; continue; }
            annals_arena_reset(arena);
            an_pstate st;
            int r = annals_analyze_pstate_init(&st, arena, train, se->tok_begin, n, &wnk);
            if (r == 0 && o.beam > 1 && (r = beam_train_sentence(p, arena, &st, &g, o.beam)) >= 0) {
                tc.steps++;
                tc.wrong += (size_t)r;
                annals_analyze_ap_tick(p);
            } else if (r == 0) {
                greedy_train_sentence(p, pl, &st, &g, ep >= o.explore_from, o.explore, &rng, &tc);
            }
            if (r < 0) {
                rc = annals_error_set(ctx, ANNALS_ENOMEM, "parser training: out of memory");
                goto done;
            }
        }
        double train_s = (double)(clock() - t0) / CLOCKS_PER_SEC;
        void *img;
        size_t size;
        if ((rc = epoch_image(&img, &size, p, pl, o.prune, o.beam, wnk_img, wnk_size, wbuf, ctx)) < 0) goto done;
        double uas = 0, las = 0;
        if (dev && (rc = eval_dev(img, size, dev, &uas, &las, ctx)) < 0) { free(img); goto done; }
        if (o.log) {
            if (o.split)
                fprintf(o.log, "epoch %2d  label errors %.2f%%  label features %zu  entries %zu\n", ep,
                        100.0 * tc.lwrong / (tc.lsteps ? tc.lsteps : 1), annals_analyze_ap_n_features(pl), annals_analyze_ap_n_entries(pl));
            fprintf(o.log, "epoch %2d  train errors %.2f%%  dev UAS %.2f%%  LAS %.2f%%  features %zu  entries %zu  "
                    "model %.1f MB  %.1f s%s\n", ep, 100.0 * tc.wrong / (tc.steps ? tc.steps : 1), 100 * uas,
                    100 * las, annals_analyze_ap_n_features(p), annals_analyze_ap_n_entries(p), size / 1048576.0, train_s,
                    o.max_bytes && size > o.max_bytes ? "  (over the size limit)" : "");
            fflush(o.log);
        }
        if (size < smallest) smallest = size;
        if (o.max_bytes && size > o.max_bytes) {
            free(img);
        } else if (!dev || las > best_las) {
            free(best_img);
            best_img = img; best_size = size; best_las = las;
        } else {
            free(img);
        }
    }
    if (!best_img) {
        rc = annals_error_set(ctx, ANNALS_ETOOBIG, "%s: no epoch's model fits in %zu bytes (the smallest: %zu)",
                              out_path, o.max_bytes, smallest);
        goto done;
    }
    if (o.log)
        fprintf(o.log, "skipped %zu sentences, lifted arcs in %zu; best dev LAS %.2f%%\n", skipped, lifted,
                100 * best_las);
    rc = annals_model_write_image(out_path, best_img, best_size, ctx);
done:
    free(best_img);
    free(wnk_img);
    for (int i = 0; i < 6; i++) annals_buf_free(&wbuf[i]);
    annals_analyze_ap_free(p);
    annals_analyze_ap_free(pl);
    annals_arena_free(arena);
    free(order);
    free(g.gh); free(g.gl); free(g.coff); free(g.ch); free(g.onstack);
    return rc;
}
