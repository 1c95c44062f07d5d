/* SPDX-License-Identifier: MIT
** analyze/parser.c -- the arc-hybrid dependency parser: state, features, parsing.
**
** Greedy: at each step the averaged-perceptron scores of all valid transitions
** are compared and the best is applied; 2n transitions per sentence. Beam
** (parse_beam): the k best derivations, pruned by a score margin, with the
** weight sums of position-keyed feature groups memoised per sentence. Feature
** templates follow Zhang & Nivre (2011), moved to arc-hybrid positions (s0,
** s1, s2, b0, b1, b2, leftmost/rightmost children, valencies, distance, label
** sets). Model sections: PMET (counts), then either WKEY/WROW/WLUT (joint
** model: one class per transition and label; greedy or beam) or TKEY/TROW/TLUT
** (unlabelled transitions, 3 classes) plus LKEY/LROW/LLUT (labels, scored only
** when an arc is built, from their own smaller feature set) and PGRP (one label
** group): the split model, decoded greedily. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/parse.h"
#include "annals/model.h"
#include "ap_internal.h"
#include "parser_internal.h"

#define NONE_W 0x6e6f6e65ull
#define ROOT_W 0x726f6f74ull
#define NONE_T 254
#define ROOT_T 253

int annals_analyze_pstate_init(an_pstate *st, annals_arena *a, const annals_doc *doc, size_t b, int n, const an_wnk *wnk)
{
    size_t m = (size_t)n + 2;
    size_t bytes = m * (7 * sizeof(int) + 2 * sizeof(uint16_t) + 3 * sizeof(uint64_t) + 4) + 16;
    char *mem = a ? annals_arena_alloc(a, bytes) : malloc(bytes);
    if (!mem) return ANNALS_ENOMEM;
    memset(st, 0, sizeof *st);
    st->n = n;
    int *ip = (int *)mem;
    st->stack = ip; st->head = ip + m; st->lc1 = ip + 2 * m; st->lc2 = ip + 3 * m;
    st->rc1 = ip + 4 * m; st->rc2 = ip + 5 * m;
    char *q = mem + m * 7 * sizeof(int);
    q = (char *)(((uintptr_t)q + 7) & ~(uintptr_t)7);
    st->ls = (uint64_t *)q; st->rs = st->ls + m; st->w = st->rs + m;
    q = (char *)(st->w + m);
    st->nl = (uint16_t *)q; st->nr = st->nl + m;
    q = (char *)(st->nr + m);
    st->lab = (uint8_t *)q; st->p = st->lab + m; st->u = st->p + m;
    /* 7 ints reserved (one spare), 3 u64, 2 u16, 4 u8 per word, + alignment */
    st->k = wnk && wnk->key ? st->u + m : NULL;
    st->w[0] = ROOT_W;
    st->p[0] = ROOT_T;
    st->u[0] = ROOT_T;
    for (int i = 1; i <= n; i++) {
        const annals_token *t = &doc->tok[b + (size_t)i - 1];
        st->w[i] = an_word_hash(doc->text + t->off, t->len);
        st->p[i] = (uint8_t)t->xpos;
        st->u[i] = t->upos;
        if (st->k) st->k[i] = (uint8_t)annals_analyze_wnk_class(wnk, doc->text + t->off, t->len, t->upos);
    }
    if (st->k) st->k[0] = 0;
    annals_analyze_pstate_reset(st);
    return 0;
}

void annals_analyze_pstate_free(an_pstate *st) { free(st->stack); }

int annals_analyze_pstate_alloc_like(an_pstate *dst, annals_arena *a, const an_pstate *src)
{
    size_t m = (size_t)src->n + 2;
    size_t bytes = m * (6 * sizeof(int) + 2 * sizeof(uint64_t) + 2 * sizeof(uint16_t) + 1) + 16;
    char *mem = a ? annals_arena_alloc(a, bytes) : malloc(bytes);
    if (!mem) return ANNALS_ENOMEM;
    *dst = *src;
    int *ip = (int *)mem;
    dst->stack = ip; dst->head = ip + m; dst->lc1 = ip + 2 * m; dst->lc2 = ip + 3 * m;
    dst->rc1 = ip + 4 * m; dst->rc2 = ip + 5 * m;
    char *q = mem + m * 6 * sizeof(int);
    q = (char *)(((uintptr_t)q + 7) & ~(uintptr_t)7);
    dst->ls = (uint64_t *)q; dst->rs = dst->ls + m;
    q = (char *)(dst->rs + m);
    dst->nl = (uint16_t *)q; dst->nr = dst->nl + m;
    dst->lab = (uint8_t *)(dst->nr + m);
    annals_analyze_pstate_reset(dst);       /* words after b must be in their initial state (annals_analyze_pstate_copy) */
    return 0;
}

/* A transition only touches words <= b (b0 and the stack), so in any state
** the words after b are as annals_analyze_pstate_reset left them; copying words 0..b of
** the larger of the two b suffices. */
void annals_analyze_pstate_copy(an_pstate *dst, const an_pstate *src)
{
    int hi = src->b > dst->b ? src->b : dst->b;
    size_t m = (size_t)(hi < src->n ? hi : src->n) + 1;
    dst->sp = src->sp;
    dst->b = src->b;
    memcpy(dst->stack, src->stack, (size_t)src->sp * sizeof(int));
    memcpy(dst->head, src->head, m * sizeof(int));
    memcpy(dst->lc1, src->lc1, m * sizeof(int));
    memcpy(dst->lc2, src->lc2, m * sizeof(int));
    memcpy(dst->rc1, src->rc1, m * sizeof(int));
    memcpy(dst->rc2, src->rc2, m * sizeof(int));
    memcpy(dst->ls, src->ls, m * sizeof(uint64_t));
    memcpy(dst->rs, src->rs, m * sizeof(uint64_t));
    memcpy(dst->nl, src->nl, m * sizeof(uint16_t));
    memcpy(dst->nr, src->nr, m * sizeof(uint16_t));
    memcpy(dst->lab, src->lab, m);
}

void annals_analyze_pstate_reset(an_pstate *st)
{
    int m = st->n + 1;
    for (int i = 0; i < m; i++) {
        st->head[i] = -1;
        st->lab[i] = 0;
        st->lc1[i] = st->lc2[i] = st->rc1[i] = st->rc2[i] = -1;
        st->nl[i] = st->nr[i] = 0;
        st->ls[i] = st->rs[i] = 0;
    }
    st->stack[0] = 0;
    st->sp = 1;
    st->b = 1;
}

int annals_analyze_pstate_valid(const an_pstate *st, uint8_t *v)
{
    int cnt = 0;
    int can_shift = st->b <= st->n;
    int can_left = st->sp >= 1 && st->stack[st->sp - 1] != 0 && st->b <= st->n;
    int s1root = st->sp >= 2 && st->stack[st->sp - 2] == 0;
    int can_right = st->sp >= 2 && (!s1root || st->b > st->n);
    v[AN_SHIFT] = (uint8_t)can_shift;
    cnt += can_shift;
    for (int l = 1; l <= AN_NL; l++) {
        int isroot = l == ANNALS_DEPREL_ROOT;
        v[l] = (uint8_t)(can_left && !isroot);
        v[AN_NL + l] = (uint8_t)(can_right && (s1root ? isroot : !isroot));
        cnt += v[l] + v[AN_NL + l];
    }
    return cnt;
}

int annals_analyze_pstate_valid_split(const an_pstate *st, uint8_t *v, int *root_only)
{
    int s1root = st->sp >= 2 && st->stack[st->sp - 2] == 0;
    v[AN_SPLIT_SHIFT] = (uint8_t)(st->b <= st->n);
    v[AN_SPLIT_LEFT] = (uint8_t)(st->sp >= 1 && st->stack[st->sp - 1] != 0 && st->b <= st->n);
    v[AN_SPLIT_RIGHT] = (uint8_t)(st->sp >= 2 && (!s1root || st->b > st->n));
    *root_only = s1root;
    return v[AN_SPLIT_SHIFT] + v[AN_SPLIT_LEFT] + v[AN_SPLIT_RIGHT];
}

static void add_arc(an_pstate *st, int h, int d, int l)
{
    st->head[d] = h;
    st->lab[d] = (uint8_t)l;
    if (d < h) {
        if (st->lc1[h] < 0 || d < st->lc1[h]) { st->lc2[h] = st->lc1[h]; st->lc1[h] = d; }
        else if (st->lc2[h] < 0 || d < st->lc2[h]) st->lc2[h] = d;
        if (st->nl[h] < 65535) st->nl[h]++;
        st->ls[h] |= 1ull << (l & 63);
    } else {
        if (st->rc1[h] < 0 || d > st->rc1[h]) { st->rc2[h] = st->rc1[h]; st->rc1[h] = d; }
        else if (st->rc2[h] < 0 || d > st->rc2[h]) st->rc2[h] = d;
        if (st->nr[h] < 65535) st->nr[h]++;
        st->rs[h] |= 1ull << (l & 63);
    }
}

void annals_analyze_pstate_apply(an_pstate *st, int c)
{
    if (c == AN_SHIFT) {
        st->stack[st->sp++] = st->b++;
    } else if (c <= AN_NL) {
        int s0 = st->stack[--st->sp];
        add_arc(st, st->b, s0, c);
    } else {
        int s0 = st->stack[--st->sp];
        add_arc(st, st->stack[st->sp - 1], s0, c - AN_NL);
    }
}

static inline uint64_t dist_bucket(int d)
{
    if (d < 0) d = -d;
    return d <= 4 ? (uint64_t)d : d <= 6 ? 5 : d <= 10 ? 6 : d <= 20 ? 7 : 8;
}
static inline uint64_t val_bucket(int v) { return v <= 4 ? (uint64_t)v : v <= 7 ? 5 : 6; }

enum {
    T_S0W = 1, T_S0P, T_S0WP, T_B0W, T_B0P, T_B0WP, T_B1W, T_B1P, T_B1WP, T_B2W, T_B2P, T_B2WP,
    T_S0WP_B0WP, T_S0WP_B0W, T_S0W_B0WP, T_S0WP_B0P, T_S0P_B0WP, T_S0W_B0W, T_S0P_B0P, T_B0P_B1P,
    T_B0P_B1P_B2P, T_S0P_B0P_B1P, T_S1P_S0P_B0P, T_S0P_S0LP_B0P, T_S0P_S0RP_B0P, T_S0P_B0P_B0LP,
    T_S0W_D, T_S0P_D, T_B0W_D, T_B0P_D, T_S0W_B0W_D, T_S0P_B0P_D,
    T_S0W_VR, T_S0P_VR, T_S0W_VL, T_S0P_VL, T_B0W_VL, T_B0P_VL,
    T_S1W, T_S1P, T_S1WP, T_S0LW, T_S0LP, T_S0LL, T_S0RW, T_S0RP, T_S0RL, T_B0LW, T_B0LP, T_B0LL,
    T_S2W, T_S2P, T_S0L2W, T_S0L2P, T_S0L2L, T_S0R2W, T_S0R2P, T_S0R2L, T_B0L2W, T_B0L2P, T_B0L2L,
    T_S0P_S0LP_S0L2P, T_S0P_S0RP_S0R2P, T_S2P_S1P_S0P, T_B0P_B0LP_B0L2P,
    T_S0W_SR, T_S0P_SR, T_S0W_SL, T_S0P_SL, T_B0W_SL, T_B0P_SL,
    T_S1W_S0W, T_S1WP_S0P, T_S1P_S0WP, T_S1P_S0P, T_S1P_S1RP_S0P, T_S1P_S1LP_S0P, T_S1RL, T_S1LL,
    T_S1RP, T_S1LP, T_S1P_S0P_D, T_S1W_S0W_D, T_S1P_VR, T_S1P_VL, T_S1P_SR, T_S0U_B0U, T_S1U_S0U_B0U,
    T_S0W_B1P, T_S0P_B0W_B1P, T_S1W_B0W, T_S1P_B0P, T_S0LL_S0RL_S0P, T_S0P_S0LL_B0P, T_B0U_B1U_B2U,
    T_S0P_S0R_B0P_B0L,
    /* word classes (only for models with a PWNK section) */
    T_S0K, T_B0K, T_S0K_B0K, T_S0P_B0K, T_S0K_B0P, T_S0W_B0K, T_S0K_B0W, T_S1K, T_S1K_S0K, T_S1K_B0K,
    T_S1K_S0LW_S0K, T_S1P_S0LW_S0K,
    T_S0K_S0LK, T_S0K_S0RK, T_B0K_B0LK, T_S1K_S1RK, T_B1K,
};

size_t annals_analyze_parser_feats_part(const an_pstate *st, unsigned part, uint64_t *o)
{
    const int sp = st->sp;
    const int s0 = sp >= 1 ? st->stack[sp - 1] : -1;
    const int s1 = sp >= 2 ? st->stack[sp - 2] : -1;
    const int s2 = sp >= 3 ? st->stack[sp - 3] : -1;
    const int n = st->n;
    const int b0 = st->b <= n ? st->b : -1;
    const int b1 = st->b + 1 <= n ? st->b + 1 : -1;
    const int b2 = st->b + 2 <= n ? st->b + 2 : -1;
#define W(i) ((i) >= 0 ? st->w[i] : NONE_W)
#define P(i) ((uint64_t)((i) >= 0 ? st->p[i] : NONE_T))
#define U(i) ((uint64_t)((i) >= 0 ? st->u[i] : NONE_T))
#define K(i) ((uint64_t)((i) >= 0 ? st->k[i] : 255))
#define L(i) ((uint64_t)((i) >= 0 ? st->lab[i] : 255))
#define CH(a, i) ((i) >= 0 ? st->a[i] : -1)
    const int s0l = CH(lc1, s0), s0l2 = CH(lc2, s0), s0r = CH(rc1, s0), s0r2 = CH(rc2, s0);
    const int s1l = CH(lc1, s1), s1r = CH(rc1, s1);
    const int b0l = CH(lc1, b0), b0l2 = CH(lc2, b0);
    const uint64_t s0w = W(s0), s0p = P(s0), b0w = W(b0), b0p = P(b0), b1w = W(b1), b1p = P(b1);
    const uint64_t b2w = W(b2), b2p = P(b2), s1w = W(s1), s1p = P(s1), s2p = P(s2);
    const uint64_t d = (s0 >= 0 && b0 >= 0) ? dist_bucket(b0 - s0) : 15;
    const uint64_t d1 = (s0 >= 0 && s1 >= 0) ? dist_bucket(s0 - s1) : 15;
    const uint64_t s0vl = s0 >= 0 ? val_bucket(st->nl[s0]) : 9, s0vr = s0 >= 0 ? val_bucket(st->nr[s0]) : 9;
    const uint64_t b0vl = b0 >= 0 ? val_bucket(st->nl[b0]) : 9;
    const uint64_t s1vl = s1 >= 0 ? val_bucket(st->nl[s1]) : 9, s1vr = s1 >= 0 ? val_bucket(st->nr[s1]) : 9;
    const uint64_t s0sl = s0 >= 0 ? st->ls[s0] : 1, s0sr = s0 >= 0 ? st->rs[s0] : 1;
    const uint64_t b0sl = b0 >= 0 ? st->ls[b0] : 1, s1sr = s1 >= 0 ? st->rs[s1] : 1;
    size_t k = 0;
#define F(t, a, b, c) (o[k++] = ap_feat((t), (a), (b), (c)))
    if (part & (AN_FEATS_PAIR | AN_FEATS_BUF)) {   /* s0, b0 (b1, b2 follow b0); the order of ALL */
        const int pair = (part & AN_FEATS_PAIR) != 0, buf = (part & AN_FEATS_BUF) != 0;
#define FP(t, a, b, c) do { if (pair) F(t, a, b, c); } while (0)
#define FB(t, a, b, c) do { if (buf) F(t, a, b, c); } while (0)
        FP(T_S0W, s0w, 0, 0); FP(T_S0P, s0p, 0, 0); FP(T_S0WP, s0w, s0p, 0);
        FB(T_B0W, b0w, 0, 0); FB(T_B0P, b0p, 0, 0); FB(T_B0WP, b0w, b0p, 0);
        FB(T_B1W, b1w, 0, 0); FB(T_B1P, b1p, 0, 0); FB(T_B1WP, b1w, b1p, 0);
        FB(T_B2W, b2w, 0, 0); FB(T_B2P, b2p, 0, 0); FB(T_B2WP, b2w, b2p, 0);
        FP(T_S0WP_B0WP, s0w * 31 + s0p, b0w, b0p); FP(T_S0WP_B0W, s0w, s0p, b0w); FP(T_S0W_B0WP, s0w, b0w, b0p);
        FP(T_S0WP_B0P, s0w, s0p, b0p); FP(T_S0P_B0WP, s0p, b0w, b0p); FP(T_S0W_B0W, s0w, b0w, 0);
        FP(T_S0P_B0P, s0p, b0p, 0); FB(T_B0P_B1P, b0p, b1p, 0);
        FB(T_B0P_B1P_B2P, b0p, b1p, b2p); FP(T_S0P_B0P_B1P, s0p, b0p, b1p);
        FP(T_S0W_D, s0w, d, 0); FP(T_S0P_D, s0p, d, 0); FP(T_B0W_D, b0w, d, 0); FP(T_B0P_D, b0p, d, 0);
        FP(T_S0W_B0W_D, s0w, b0w, d); FP(T_S0P_B0P_D, s0p, b0p, d);
        FP(T_S0U_B0U, U(s0), U(b0), 0); FP(T_S0W_B1P, s0w, b1p, 0); FP(T_S0P_B0W_B1P, s0p, b0w, b1p);
        FB(T_B0U_B1U_B2U, U(b0), U(b1), U(b2));
        if (st->k) {                    /* word classes, with tags or words */
            FP(T_S0K, K(s0), s0p, 0); FB(T_B0K, K(b0), b0p, 0); FP(T_S0K_B0K, K(s0), K(b0), 0);
            FP(T_S0P_B0K, s0p, K(b0), 0); FP(T_S0K_B0P, K(s0), b0p, 0); FP(T_S0W_B0K, s0w, K(b0), 0);
            FP(T_S0K_B0W, K(s0), b0w, 0); FB(T_B1K, K(b1), b1p, 0);
        }
#undef FP
#undef FB
    }
    if (part & AN_FEATS_TRIPLE) {       /* s1, s0, b0 */
        F(T_S1W, s1w, 0, 0); F(T_S1P, s1p, 0, 0); F(T_S1WP, s1w, s1p, 0);
        F(T_S1W_S0W, s1w, s0w, 0); F(T_S1WP_S0P, s1w, s1p, s0p); F(T_S1P_S0WP, s1p, s0w, s0p); F(T_S1P_S0P, s1p, s0p, 0);
        F(T_S1P_S0P_D, s1p, s0p, d1); F(T_S1W_S0W_D, s1w, s0w, d1);
        F(T_S1W_B0W, s1w, b0w, 0); F(T_S1P_B0P, s1p, b0p, 0); F(T_S1P_S0P_B0P, s1p, s0p, b0p);
        F(T_S1U_S0U_B0U, U(s1), U(s0), U(b0));
        if (st->k) { F(T_S1K, K(s1), s1p, 0); F(T_S1K_S0K, K(s1), K(s0), 0); F(T_S1K_B0K, K(s1), K(b0), 0); }
    }
    if (part & AN_FEATS_S0C) {          /* s0 and its children */
        F(T_S0W_VR, s0w, s0vr, 0); F(T_S0P_VR, s0p, s0vr, 0); F(T_S0W_VL, s0w, s0vl, 0); F(T_S0P_VL, s0p, s0vl, 0);
        F(T_S0LW, W(s0l), 0, 0); F(T_S0LP, P(s0l), 0, 0); F(T_S0LL, L(s0l), 0, 0);
        F(T_S0RW, W(s0r), 0, 0); F(T_S0RP, P(s0r), 0, 0); F(T_S0RL, L(s0r), 0, 0);
        F(T_S0L2W, W(s0l2), 0, 0); F(T_S0L2P, P(s0l2), 0, 0); F(T_S0L2L, L(s0l2), 0, 0);
        F(T_S0R2W, W(s0r2), 0, 0); F(T_S0R2P, P(s0r2), 0, 0); F(T_S0R2L, L(s0r2), 0, 0);
        F(T_S0P_S0LP_S0L2P, s0p, P(s0l), P(s0l2)); F(T_S0P_S0RP_S0R2P, s0p, P(s0r), P(s0r2));
        F(T_S0W_SR, s0w, s0sr, 0); F(T_S0P_SR, s0p, s0sr, 0); F(T_S0W_SL, s0w, s0sl, 0); F(T_S0P_SL, s0p, s0sl, 0);
        F(T_S0LL_S0RL_S0P, L(s0l), L(s0r), s0p);
        if (st->k) { F(T_S0K_S0LK, K(s0), K(s0l), 0); F(T_S0K_S0RK, K(s0), K(s0r), 0); }
    }
    if (part & AN_FEATS_B0C) {          /* b0 and its (left) children */
        F(T_B0W_VL, b0w, b0vl, 0); F(T_B0P_VL, b0p, b0vl, 0);
        F(T_B0LW, W(b0l), 0, 0); F(T_B0LP, P(b0l), 0, 0); F(T_B0LL, L(b0l), 0, 0);
        F(T_B0L2W, W(b0l2), 0, 0); F(T_B0L2P, P(b0l2), 0, 0); F(T_B0L2L, L(b0l2), 0, 0);
        F(T_B0P_B0LP_B0L2P, b0p, P(b0l), P(b0l2));
        F(T_B0W_SL, b0w, b0sl, 0); F(T_B0P_SL, b0p, b0sl, 0);
        if (st->k) F(T_B0K_B0LK, K(b0), K(b0l), 0);
    }
    if (part & AN_FEATS_S1C) {          /* s1 and its children, with s0's tag */
        F(T_S1P_S1RP_S0P, s1p, P(s1r), s0p); F(T_S1P_S1LP_S0P, s1p, P(s1l), s0p); F(T_S1RL, L(s1r), s1p, 0);
        F(T_S1LL, L(s1l), s1p, 0); F(T_S1RP, P(s1r), 0, 0); F(T_S1LP, P(s1l), 0, 0);
        F(T_S1P_VR, s1p, s1vr, 0); F(T_S1P_VL, s1p, s1vl, 0);
        F(T_S1P_SR, s1p, s1sr, 0);
        if (st->k) F(T_S1K_S1RK, K(s1), K(s1r), 0);
    }
    if (!(part & AN_FEATS_REST)) return k;
    /* the rest: s0's and b0's children together, s2 */
    F(T_S0P_S0LP_B0P, s0p, P(s0l), b0p); F(T_S0P_S0RP_B0P, s0p, P(s0r), b0p); F(T_S0P_B0P_B0LP, s0p, b0p, P(b0l));
    F(T_S2W, W(s2), 0, 0); F(T_S2P, s2p, 0, 0);
    F(T_S2P_S1P_S0P, s2p, s1p, s0p);
    F(T_S0P_S0LL_B0P, s0p, L(s0l), b0p);
    F(T_S0P_S0R_B0P_B0L, s0p * 257 + P(s0r), b0p, P(b0l));
    if (st->k) {                        /* attachment of s0 (with its first left child, a preposition) to s1 */
        F(T_S1K_S0LW_S0K, K(s1), W(s0l), K(s0)); F(T_S1P_S0LW_S0K, s1p, W(s0l), K(s0));
    }
#undef F
#undef W
#undef P
#undef U
#undef K
#undef L
#undef CH
    return k;
}

size_t annals_analyze_parser_feats(const an_pstate *st, uint64_t *o) { return annals_analyze_parser_feats_part(st, AN_FEATS_ALL, o); }

enum {
    L_DW = 1, L_DP, L_DWP, L_HW, L_HP, L_HWP, L_DW_HW, L_DW_HP, L_DP_HW, L_DP_HP, L_DP_HP_D, L_DW_D,
    L_DU_HU, L_DLW, L_DP_DLP, L_DLL, L_DRL, L_DRP, L_DSL, L_DSR, L_HSL, L_HSR, L_HLL, L_HRL,
    L_DP_DM1P, L_DP_DP1P, L_HP_HM1P, L_DP_HP_DLW, L_DW_DLW, L_HP_DLW, L_DVL_DVR_DP, L_DP_HP_HSL,
    L_DP_HP_HSR, L_DP_CTXP, L_DP_DL2L, L_HW_DLW, L_DW_DRW, L_DP_HP_DRP, L_DU_HU_DLU, L_FIRST_DP,
    L_DP_HP_CTXP, L_CTXW, L_DP_B1P, L_DW_HP_D, L_DRW, L_DU_HU_D, L_DW_DLW_HP, L_DP_DM1P_DP1P, L_HP_HP1P,
    L_LAST_DP, L_DW_HW_D, L_DP_HP_DLL, L_DWP_HWP,
};

size_t annals_analyze_parser_lfeats(const an_pstate *st, int right, uint64_t *o)
{
    const int n = st->n;
    const int d = st->stack[st->sp - 1];
    const int h = right ? st->stack[st->sp - 2] : st->b;
    const int ctx = right ? (st->b <= n ? st->b : -1) : (st->sp >= 2 ? st->stack[st->sp - 2] : -1);
#define W(i) ((i) >= 0 ? st->w[i] : NONE_W)
#define P(i) ((uint64_t)((i) >= 0 ? st->p[i] : NONE_T))
#define U(i) ((uint64_t)((i) >= 0 ? st->u[i] : NONE_T))
#define L(i) ((uint64_t)((i) >= 0 ? st->lab[i] : 255))
    const int dl = st->lc1[d], dl2 = st->lc2[d], dr = st->rc1[d];
    const int hl = st->lc1[h], hr = st->rc1[h];
    const int dm1 = d - 1 >= 1 ? d - 1 : -1, dp1 = d + 1 <= n ? d + 1 : -1, hm1 = h - 1 >= 1 ? h - 1 : -1;
    const uint64_t dw = st->w[d], dp = st->p[d], hw = st->w[h], hp = st->p[h];
    const uint64_t dist = dist_bucket(h - d);
    const uint64_t dlw = W(dl);
    const uint64_t dir = (uint64_t)right << 7;
    size_t k = 0;
#define F(t, a, b, c) (o[k++] = ap_feat(dir | (t), (a), (b), (c)))
    F(L_DW, dw, 0, 0); F(L_DP, dp, 0, 0); F(L_DWP, dw, dp, 0);
    F(L_HW, hw, 0, 0); F(L_HP, hp, 0, 0); F(L_HWP, hw, hp, 0);
    F(L_DW_HW, dw, hw, 0); F(L_DW_HP, dw, hp, 0); F(L_DP_HW, dp, hw, 0); F(L_DP_HP, dp, hp, 0);
    F(L_DP_HP_D, dp, hp, dist); F(L_DW_D, dw, dist, 0); F(L_DU_HU, st->u[d], st->u[h], 0);
    F(L_DLW, dlw, 0, 0); F(L_DP_DLP, dp, P(dl), 0); F(L_DLL, L(dl), dp, 0); F(L_DRL, L(dr), dp, 0);
    F(L_DRP, P(dr), dp, 0); F(L_DSL, st->ls[d], dp, 0); F(L_DSR, st->rs[d], dp, 0);
    F(L_HSL, st->ls[h], hp, 0); F(L_HSR, st->rs[h], hp, 0); F(L_HLL, L(hl), hp, 0); F(L_HRL, L(hr), hp, 0);
    F(L_DP_DM1P, dp, P(dm1), 0); F(L_DP_DP1P, dp, P(dp1), 0); F(L_HP_HM1P, hp, P(hm1), 0);
    F(L_DP_HP_DLW, dp, hp, dlw); F(L_DW_DLW, dw, dlw, 0); F(L_HP_DLW, hp, dlw, 0);
    F(L_DVL_DVR_DP, val_bucket(st->nl[d]) * 16 + val_bucket(st->nr[d]), dp, 0);
    F(L_DP_HP_HSL, dp, hp, st->ls[h]); F(L_DP_HP_HSR, dp, hp, st->rs[h]); F(L_DP_CTXP, dp, P(ctx), 0);
    F(L_DP_DL2L, dp, L(dl), L(dl2)); F(L_HW_DLW, hw, dlw, 0); F(L_DW_DRW, dw, W(dr), 0);
    F(L_DP_HP_DRP, dp, hp, P(dr)); F(L_DU_HU_DLU, st->u[d], st->u[h], U(dl)); F(L_FIRST_DP, d == 1, dp, 0);
    F(L_DP_HP_CTXP, dp, hp, P(ctx));
    {
        const int b1 = st->b + 1 <= n ? st->b + 1 : -1, hp1 = h + 1 <= n && h > 0 ? h + 1 : -1;
        F(L_CTXW, W(ctx), dp, 0); F(L_DP_B1P, dp, P(b1), hp); F(L_DW_HP_D, dw, hp, dist); F(L_DRW, W(dr), dp, 0);
        F(L_DU_HU_D, st->u[d], st->u[h], dist); F(L_DW_DLW_HP, dw, dlw, hp); F(L_DP_DM1P_DP1P, dp, P(dm1), P(dp1));
        F(L_HP_HP1P, hp, P(hp1), dp); F(L_LAST_DP, d == n, dp, 0); F(L_DW_HW_D, dw, hw, dist);
        F(L_DP_HP_DLL, dp, hp, L(dl)); F(L_DWP_HWP, dw * 31 + dp, hw, hp);
    }
#undef F
#undef W
#undef P
#undef U
#undef L
    return k;
}

/* ---- model ------------------------------------------------------------ */

/* Each thread memoises the weight sums of the beam's feature groups (every
** AN_FEATS_* group but REST, keyed by group_key), valid for one sentence (gen,
** which grows with every beam parse of the thread). */
#define AN_GROUP_MEMO 256
typedef struct { uint64_t gen, key; int32_t v[AN_NCLS]; } an_group_memo;
static _Thread_local an_group_memo tl_gmemo[AN_GROUP_MEMO];
static _Thread_local uint64_t tl_gmemo_gen;

struct annals_parser {
    void *owned;
    size_t size;
    annals_model m;
    int split;                 /* 1: t + l (greedy), 0: w */
    int beam;                  /* beam width (1: greedy); PBEM section, or annals_parser_set_beam */
    double margin;             /* beam pruning margin, in units of the largest weight */
    int64_t margin_abs;        /* the same in score units (0: off) */
    annals_wtab w, t, l;
    an_wnk wnk;                /* word classes (PWNK section), or none */
};

/* The split model's sections: one label group (PGRP: 1, then a zero group id
** for every relation; larger groups were an experiment, see
** docs/notes/parser-experiments.md), the transition and the label tables. */
static int bind_split(annals_parser *p, annals_ctx *ctx)
{
    const annals_model_section *gs;
    int rc = annals_model_need(&gs, &p->m, "PGRP", 1, ANNALS_DEPREL_COUNT + 1, ctx);
    if (rc < 0) return rc;
    const uint8_t *gb = gs->data;
    int one = gb[0] == 1;
    for (int l = 1; l <= AN_NL; l++) one &= gb[1 + l] == 0;
    if (!one)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: label groups other than one (PGRP) are not supported "
                                "by this build; retrain with --split", p->m.name);
    rc = annals_wtab_bind(&p->t, &p->m, 'T', AN_SPLIT_NCLS, ctx);
    if (rc == 0) rc = annals_wtab_bind(&p->l, &p->m, 'L', AN_NL, ctx);
    return rc;
}

/* writable: buf is the parser's own copy (annals_parser_open), which binding
** may rewrite in place. */
static int parser_load(annals_parser **out, const void *buf, size_t size, const char *name, int writable,
                       annals_ctx *ctx)
{
    *out = NULL;
    if (!name) name = "(parser model)";
    if (!an_host_le())
        return annals_error_set(ctx, ANNALS_ERROR, "%s: model files need a little-endian host", name);
    annals_parser *p = calloc(1, sizeof *p);
    if (!p) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    const annals_model_section *meta;
    int rc = annals_model_parse(&p->m, buf, size, ANNALS_MODEL_PARSER, name, ctx);
    p->m.writable = writable;
    if (rc == 0) rc = annals_model_need(&meta, &p->m, "PMET", 4, 16, ctx);
    if (rc == 0) {
        uint32_t mu[3];
        memcpy(mu, meta->data, 12);
        if (mu[0] != AN_NL || mu[1] != AN_NCLS)
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: relation set does not match this build (%u relations)",
                                  p->m.name, mu[0]);
        else if ((p->split = annals_model_find(&p->m, "TKEY") != NULL))
            rc = bind_split(p, ctx);
        else
            rc = annals_wtab_bind(&p->w, &p->m, 'W', AN_NCLS, ctx);
    }
    p->beam = 1;
    if (rc == 0) {
        const annals_model_section *ks = annals_model_find(&p->m, "PWNK");   /* optional */
        if (ks) rc = annals_analyze_wnk_bind(&p->wnk, ks, p->m.name, ctx);
    }
    if (rc == 0) {
        const annals_model_section *bs = annals_model_find(&p->m, "PBEM");   /* optional */
        if (bs) {
            uint32_t k;
            if (bs->size < 4)
                rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad PBEM section", p->m.name);
            else {
                memcpy(&k, bs->data, 4);
                p->beam = k < 1 ? 1 : k > AN_MAX_BEAM ? AN_MAX_BEAM : (int)k;
            }
        }
        if (rc == 0 && p->split && p->beam > 1)   /* an experiment's model (docs/notes/parser-experiments.md) */
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: beam decoding of a split model (PBEM) is not "
                                  "supported by this build; retrain it without --beam", p->m.name);
    }
    if (rc == 0) annals_parser_set_margin(p, ANNALS_PARSER_MARGIN);
    if (rc < 0) { annals_wtab_release(&p->w); annals_wtab_release(&p->t); annals_wtab_release(&p->l); free(p); return rc; }
    p->size = size;
    *out = p;
    return 0;
}

int annals_parser_load(annals_parser **out, const void *buf, size_t size, const char *name,
                       annals_ctx *ctx)
{
    return parser_load(out, buf, size, name, 0, ctx);
}

int annals_parser_open(annals_parser **out, const char *path, annals_ctx *ctx)
{
    void *buf;
    size_t size;
    *out = NULL;
    int rc = annals_model_read_file(&buf, &size, path, ctx);
    if (rc < 0) return rc;
    if ((rc = parser_load(out, buf, size, path, 1, ctx)) < 0) { free(buf); return rc; }
    (*out)->owned = buf;
    return 0;
}

void annals_parser_free(annals_parser *p)
{
    if (!p) return;
    annals_wtab_release(&p->w);
    annals_wtab_release(&p->t);
    annals_wtab_release(&p->l);
    free(p->owned);
    free(p);
}

size_t annals_parser_model_size(const annals_parser *p) { return p ? p->size : 0; }

int annals_parser_beam(const annals_parser *p) { return p ? p->beam : 0; }

void annals_parser_set_beam(annals_parser *p, int k)
{
    if (p && !p->split) p->beam = k < 1 ? 1 : k > AN_MAX_BEAM ? AN_MAX_BEAM : k;
}

double annals_parser_margin(const annals_parser *p) { return p ? p->margin : 0; }

void annals_parser_set_margin(annals_parser *p, double margin)
{
    if (!p) return;
    p->margin = margin > 0 && margin < 1e6 ? margin : 0;     /* also NaN -> 0 */
    p->margin_abs = p->split ? 0 : (int64_t)(p->margin * annals_wtab_max_weight(&p->w) + 0.5);
}

/* The weights summed over feature group part (one AN_FEATS_* bit but REST)
** of state st, from the thread's memo (valid until the next call) under key,
** which must determine every feature of the group (group_key). */
static const int32_t *group_sum(const annals_wtab *w, uint64_t gen, const an_pstate *st, unsigned part,
                                uint64_t key)
{
    an_group_memo *m = &tl_gmemo[key & (AN_GROUP_MEMO - 1)];
    if (m->gen != gen || m->key != key) {
        uint64_t f[AN_PMAXF];
        size_t nf = annals_analyze_parser_feats_part(st, part, f);
        memset(m->v, 0, sizeof m->v);
        annals_wtab_score(w, f, nf, m->v);
        m->gen = gen;
        m->key = key;
    }
    return m->v;
}
/* Memo key of feature group part of st: the positions the group's features
** read, and for the groups with children the children's positions, labels,
** counts and label sets too. Keys of positions alone are exact (ap_mix is a
** bijection); the others are 64-bit hashes. */
static uint64_t group_key(const an_pstate *st, unsigned part)
{
    const int s0 = st->stack[st->sp - 1], s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
    const int b0 = st->b <= st->n ? st->b : -1;
    uint64_t h;
#define MIX(x) (h = ap_mix(h ^ (uint64_t)(int64_t)(x)))
    switch (part) {
    case AN_FEATS_BUF: return ap_mix((uint64_t)(b0 + 1) << 8 | part);
    case AN_FEATS_PAIR: return ap_mix((uint64_t)(s0 + 1) << 40 | (uint64_t)(b0 + 1) << 8 | part);
    case AN_FEATS_TRIPLE: return ap_mix((uint64_t)(s1 + 1) << 40 | (uint64_t)(s0 + 1) << 24 | (uint64_t)(b0 + 1) << 8 | part);
    case AN_FEATS_S0C:
        h = part;
        MIX(s0);
        for (int c, i = 0; i < 4; i++) {
            c = i == 0 ? st->lc1[s0] : i == 1 ? st->lc2[s0] : i == 2 ? st->rc1[s0] : st->rc2[s0];
            MIX(c);
            MIX(c >= 0 ? st->lab[c] : 255);
        }
        MIX((uint64_t)st->nl[s0] << 16 | st->nr[s0]);
        MIX(st->ls[s0]);
        MIX(st->rs[s0]);
        return h;
    case AN_FEATS_B0C:
        h = part;
        MIX(b0);
        if (b0 >= 0) {
            const int l1 = st->lc1[b0], l2 = st->lc2[b0];
            MIX(l1); MIX(l1 >= 0 ? st->lab[l1] : 255);
            MIX(l2); MIX(l2 >= 0 ? st->lab[l2] : 255);
            MIX(st->nl[b0]);
            MIX(st->ls[b0]);
        }
        return h;
    default:                              /* AN_FEATS_S1C */
        h = part;
        MIX(s1);
        MIX(s0);
        if (s1 >= 0) {
            const int l = st->lc1[s1], r = st->rc1[s1];
            MIX(l); MIX(l >= 0 ? st->lab[l] : 255);
            MIX(r); MIX(r >= 0 ? st->lab[r] : 255);
            MIX((uint64_t)st->nl[s1] << 16 | st->nr[s1]);
            MIX(st->rs[s1]);
        }
        return h;
    }
#undef MIX
}

/* The beam's vector work (adding 123-class score vectors, block maxima) is
** compiled twice where GNU ifunc can choose at load time: for AVX2 and for
** the baseline x86-64. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define AN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define AN_CLONES
#endif


/* Beam search (joint models): every item of the beam is expanded with every
** valid transition, the k best (item score + transition score) survive;
** forced transitions add 0. Ties keep the earlier candidate (item order, then
** class order), so the result is deterministic. Every derivation has 2n
** transitions, so all items finish together. Returns the best final item in
** st. */
AN_CLONES static int parse_beam(const annals_parser *p, an_pstate *st, annals_arena *a, int k)
{
    an_pstate cur[AN_MAX_BEAM], nxt[AN_MAX_BEAM];
    int64_t score[AN_MAX_BEAM], cs[AN_MAX_BEAM];
    int cpar[AN_MAX_BEAM], ccls[AN_MAX_BEAM];
    uint64_t f[AN_PMAXF];
    int32_t sc[AN_NCLS];
    uint8_t valid[AN_NCLS];
    const annals_wtab *w = &p->w;
    const uint64_t gen = ++tl_gmemo_gen;
    for (int i = 0; i < k; i++)
        if (annals_analyze_pstate_alloc_like(&cur[i], a, st) < 0 || annals_analyze_pstate_alloc_like(&nxt[i], a, st) < 0)
            return ANNALS_ENOMEM;
    score[0] = 0;
    int nb = 1;
    for (int step = 0; step < 2 * st->n; step++) {
        int nc = 0;
        int64_t cut = INT64_MIN;           /* best candidate - margin, once there is one and a margin is set */
        for (int j = 0; j < nb; j++) {
            int nv = annals_analyze_pstate_valid(&cur[j], valid);
            if (nv > 1) {
                const an_pstate *it = &cur[j];
                memcpy(sc, group_sum(w, gen, it, AN_FEATS_BUF, group_key(it, AN_FEATS_BUF)), sizeof sc);
                if (nb == 1) {
                    /* a lone item: its groups but BUF would hardly ever be met
                       again (the next items have other positions), so no memo
                       for them */
                    annals_wtab_score(w, f, annals_analyze_parser_feats_part(it, AN_FEATS_ALL & ~AN_FEATS_BUF, f), sc);
                } else {
                    for (unsigned part = AN_FEATS_PAIR; part <= AN_FEATS_S1C; part <<= 1) {
                        if (part == AN_FEATS_REST) continue;
                        const int32_t *gv = group_sum(w, gen, it, part, group_key(it, part));
                        for (int c = 0; c < AN_NCLS; c++) sc[c] += gv[c];
                    }
                    annals_wtab_score(w, f, annals_analyze_parser_feats_part(it, AN_FEATS_REST, f), sc);
                }
            } else {
                memset(sc, 0, sizeof sc);      /* forced: adds 0 */
            }
            /* invalid classes get INT32_MIN (real scores stay within +-2^30);
               then the classes are offered 16 at a time, and a block is
               skipped when its best class cannot enter the full beam or falls
               below the margin from the best candidate so far (it would be
               dropped by the margin below, and so would anything it evicts) */
            for (int c = 0; c < AN_NCLS; c++) sc[c] = valid[c] ? sc[c] : INT32_MIN;
            for (int c0 = 0; c0 < AN_NCLS; c0 += 16) {
                const int c1 = c0 + 16 < AN_NCLS ? c0 + 16 : AN_NCLS;
                int32_t mx = INT32_MIN;
                for (int c = c0; c < c1; c++) mx = sc[c] > mx ? sc[c] : mx;
                if (mx == INT32_MIN || (nc == k && score[j] + mx <= cs[k - 1]) || score[j] + mx < cut)
                    continue;
                for (int c = c0; c < c1; c++) {
                    if (sc[c] == INT32_MIN) continue;
                    int64_t s = score[j] + sc[c];
                    if ((nc == k && s <= cs[k - 1]) || s < cut) continue;
                    int pos = nc < k ? nc++ : k - 1;
                    while (pos > 0 && cs[pos - 1] < s) {
                        cs[pos] = cs[pos - 1]; cpar[pos] = cpar[pos - 1]; ccls[pos] = ccls[pos - 1];
                        pos--;
                    }
                    cs[pos] = s; cpar[pos] = j; ccls[pos] = c;
                    if (p->margin_abs > 0) cut = cs[0] - p->margin_abs;
                }
            }
        }
        if (p->margin_abs > 0)                 /* candidates are sorted: keep those within the margin */
            for (int i = 1; i < nc; i++)
                if (cs[i] < cs[0] - p->margin_abs) { nc = i; break; }
        for (int i = 0; i < nc; i++) {
            annals_analyze_pstate_copy(&nxt[i], &cur[cpar[i]]);
            annals_analyze_pstate_apply(&nxt[i], ccls[i]);
            score[i] = cs[i];
        }
        for (int i = 0; i < nc; i++) { an_pstate t = cur[i]; cur[i] = nxt[i]; nxt[i] = t; }
        nb = nc;
    }
    annals_analyze_pstate_copy(st, &cur[0]);
    return 0;
}

/* Greedy decoding keeps the weights of the b0-only features (AN_FEATS_BUF)
** while b0 stays, that is, while arcs are built. */
typedef struct { int b0; int32_t v[AN_NCLS]; } an_buf_memo;

/* Scores of a greedy step of st with table w into sc[0..ncls). */
static void greedy_scores(an_buf_memo *m, const annals_wtab *w, const an_pstate *st, uint64_t *f, int32_t *sc,
                          int ncls)
{
    if (m->b0 != st->b) {
        memset(m->v, 0, (size_t)ncls * sizeof *m->v);
        annals_wtab_score(w, f, annals_analyze_parser_feats_part(st, AN_FEATS_BUF, f), m->v);
        m->b0 = st->b;
    }
    memcpy(sc, m->v, (size_t)ncls * sizeof *sc);
    annals_wtab_score(w, f, annals_analyze_parser_feats_part(st, AN_FEATS_ALL & ~AN_FEATS_BUF, f), sc);
}

/* The best of the ncls valid classes by sc (the first on ties); a forced
** step (nv == 1) is not scored. */
static int greedy_pick(an_buf_memo *m, const annals_wtab *w, const an_pstate *st, const uint8_t *valid, int nv,
                       int ncls, uint64_t *f, int32_t *sc)
{
    int best = -1;
    if (nv > 1) greedy_scores(m, w, st, f, sc, ncls);
    for (int c = 0; c < ncls; c++)
        if (valid[c] && (best < 0 || (nv > 1 && sc[c] > sc[best]))) best = c;
    return best;
}

/* Greedy decoding of a split model: the unlabelled transition, then the
** label model's best label (root aside) for the arc it builds. */
static void parse_split(const annals_parser *p, an_pstate *st, uint64_t *f, int32_t *sc)
{
    an_buf_memo bm = { -1, { 0 } };
    uint8_t valid[AN_SPLIT_NCLS];
    while (!an_pstate_done(st)) {
        int root_only, lab = ANNALS_DEPREL_ROOT;
        int nv = annals_analyze_pstate_valid_split(st, valid, &root_only);
        int t = greedy_pick(&bm, &p->t, st, valid, nv, AN_SPLIT_NCLS, f, sc);
        if (t != AN_SPLIT_SHIFT && !(t == AN_SPLIT_RIGHT && root_only)) {
            memset(sc, 0, AN_NL * sizeof *sc);
            annals_wtab_score(&p->l, f, annals_analyze_parser_lfeats(st, t == AN_SPLIT_RIGHT, f), sc);
            lab = -1;
            for (int l = 1; l <= AN_NL; l++)
                if (l != ANNALS_DEPREL_ROOT && (lab < 0 || sc[l - 1] > sc[lab - 1])) lab = l;
        }
        annals_analyze_pstate_apply(st, an_joint_class(t, lab));
    }
}

int annals_parser_parse(const annals_parser *p, annals_doc *doc, size_t b, size_t e)
{
    if (e <= b) return 0;
    if (e - b > (size_t)1 << 24) return ANNALS_ETOOBIG;
    int n = (int)(e - b);
    an_pstate st;
    if (annals_analyze_pstate_init(&st, doc->arena, doc, b, n, &p->wnk) < 0) return ANNALS_ENOMEM;
    uint64_t f[AN_PMAXF];
    int32_t sc[AN_NCLS];
    uint8_t valid[AN_NCLS];
    an_buf_memo bm = { -1, { 0 } };
    if (p->split) {
        parse_split(p, &st, f, sc);
    } else if (p->beam > 1 && n > 1 && n <= AN_BEAM_MAX_LEN) {
        int rc = parse_beam(p, &st, doc->arena, p->beam);
        if (rc < 0) return rc;
    }
    while (!an_pstate_done(&st))
        annals_analyze_pstate_apply(&st, greedy_pick(&bm, &p->w, &st, valid, annals_analyze_pstate_valid(&st, valid), AN_NCLS, f, sc));
    for (int i = 1; i <= n; i++) {
        annals_token *t = &doc->tok[b + (size_t)i - 1];
        t->head = st.head[i] == 0 ? -1 : st.head[i] - 1;
        t->deprel = st.lab[i];
    }
    return 0;
}
