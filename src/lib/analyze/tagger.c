/* SPDX-License-Identifier: MIT
** analyze/tagger.c -- part-of-speech tagging: features, model loading, tagging.
**
** Greedy left-to-right averaged perceptron. One weight table scores two class
** ranges at once: UPOS (classes 0..16) and XPOS (17..68). XPOS is chosen among
** the tags seen with the predicted UPOS in training (the "TPAI" matrix).
** Frequent words that always had one tag in training skip scoring altogether.
** Model sections: TMET (counts), TDIC (tag dictionary), TPAI, W*** and V*** (weights). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/tag.h"
#include "annals/model.h"
#include "ap_internal.h"
#include "tagger_internal.h"

#define N_UPOS (ANNALS_UPOS_COUNT - 1)
#define N_XPOS (ANNALS_XPOS_COUNT - 1)

struct annals_tagger {
    void *owned;
    size_t size;
    annals_model m;
    annals_wtab w, v;               /* pass 1, pass 2 (v.slot NULL: one pass) */
    const an_tdict_entry *dict;
    uint64_t dict_mask;
    const uint8_t *pair;          /* [N_UPOS][N_XPOS] */
    double keep;                  /* pass-2 margin, in units of pass 1's largest weight */
    int32_t keep_abs;             /* the same in score units (0: pass 2 re-tags every word) */
};

void annals_analyze_tagger_prep(an_ttok *tt, const annals_doc *doc, size_t b, size_t e,
                    const an_tdict_entry *dict, uint64_t dict_mask)
{
    size_t n = e - b;
    for (size_t k = 0; k < AN_TAG_PAD; k++) {
        an_ttok pad;
        memset(&pad, 0, sizeof pad);
        pad.w = pad.raw = pad.shape = pad.amb = 0x51ed270b27u + k;
        for (int j = 0; j < 4; j++) pad.sfx[j] = pad.w;
        for (int j = 0; j < 3; j++) pad.pfx[j] = pad.w;
        tt[k] = pad;
        pad.w = pad.raw = pad.shape = pad.amb = 0xe0d1c4a3b7u + k;
        for (int j = 0; j < 4; j++) pad.sfx[j] = pad.w;
        for (int j = 0; j < 3; j++) pad.pfx[j] = pad.w;
        tt[AN_TAG_PAD + n + k] = pad;
    }
    for (size_t i = 0; i < n; i++) {
        const annals_token *t = &doc->tok[b + i];
        const char *s = doc->text + t->off;
        size_t len = t->len;
        an_ttok *x = &tt[AN_TAG_PAD + i];
        x->w = an_word_hash(s, len);
        x->raw = an_raw_hash(s, len);
        x->shape = an_shape_hash(s, len);
        for (int j = 0; j < 4; j++) x->sfx[j] = an_affix_hash(s, len, (size_t)j + 1, 0);
        for (int j = 0; j < 3; j++) x->pfx[j] = an_affix_hash(s, len, (size_t)j + 1, 1);
        const an_tdict_entry *d = an_tdict_find(dict, dict_mask, x->w);
        x->amb = d ? d->upos_mask : 0xFFFFFFFFull + (len > 0 && (unsigned char)s[0] >= 'A' && (unsigned char)s[0] <= 'Z');
        x->fu = d ? d->force_upos : 0;
        x->fx = d ? d->force_xpos : 0;
        x->top = d ? d->top_upos : 0;
        x->freq = d ? d->freq : 0;
        x->first_cap = (len && s[0] >= 'A' && s[0] <= 'Z') ? (i == 0 ? 1 : 2) : 0;
        x->hyph = len > 1 && memchr(s + 1, '-', len - 1) != NULL;
        x->r1u = x->r1x = 0;
    }
}

enum {
    F_BIAS = 1, F_W, F_RAW, F_SFX1, F_SFX2, F_SFX3, F_SFX4, F_PFX1, F_PFX2, F_PFX3, F_SHAPE,
    F_WM1, F_WP1, F_WM2, F_WP2, F_U1, F_U12, F_X1, F_X12, F_U1W, F_WM1W, F_WWP1, F_SFX3M1,
    F_SFX3P1, F_SHAPEP1, F_SHAPEM1, F_AMB, F_AMBP1, F_AMBP2, F_AMBM1, F_U1AMB, F_CAP, F_U1SFX3,
    F_WAMBP1, F_AMBAMBP1, F_U1WP1, F_HYPH, F_X1W, F_SFX2P1, F_U2, F_WM1WP1, F_U1SHAPE,
    F_AMBM1AMBAMBP1, F_SFX3W2, F_WP1WP2, F_WM2WM1, F_U12W, F_RAWM1, F_RAWP1, F_SHAPEM1P1, F_SFX5, F_PFX4,
    F_X1SFX2, F_AMBP1WP1, F_TOP, F_TOPP1, F_TOPM1, F_TOPFREQ, F_U1TOP,
    F2_R0 = 100, F2_R0X, F2_R1, F2_R1X, F2_R12, F2_R0R1, F2_U1R0R1, F2_WR1, F2_R0W, F2_R1X2, F2_SFXR1, F2_U1R1,
};

size_t annals_analyze_tagger_feats(const an_ttok *tt, size_t i, const uint8_t *up, const uint8_t *xp, int pass,
                       uint64_t *o)
{
    const an_ttok *c = &tt[AN_TAG_PAD + i], *m1 = c - 1, *m2 = c - 2, *p1 = c + 1, *p2 = c + 2;
    uint64_t u1 = up[AN_TAG_PAD + i - 1], u2 = up[AN_TAG_PAD + i - 2];
    uint64_t x1 = xp[AN_TAG_PAD + i - 1], x2 = xp[AN_TAG_PAD + i - 2];
    size_t n = 0;
    o[n++] = ap_feat(F_BIAS, 0, 0, 0);
    o[n++] = ap_feat(F_W, c->w, 0, 0);
    o[n++] = ap_feat(F_RAW, c->raw, 0, 0);
    o[n++] = ap_feat(F_SFX1, c->sfx[0], 0, 0);
    o[n++] = ap_feat(F_SFX2, c->sfx[1], 0, 0);
    o[n++] = ap_feat(F_SFX3, c->sfx[2], 0, 0);
    o[n++] = ap_feat(F_SFX4, c->sfx[3], 0, 0);
    o[n++] = ap_feat(F_PFX1, c->pfx[0], 0, 0);
    o[n++] = ap_feat(F_PFX2, c->pfx[1], 0, 0);
    o[n++] = ap_feat(F_PFX3, c->pfx[2], 0, 0);
    o[n++] = ap_feat(F_SHAPE, c->shape, 0, 0);
    o[n++] = ap_feat(F_WM1, m1->w, 0, 0);
    o[n++] = ap_feat(F_WP1, p1->w, 0, 0);
    o[n++] = ap_feat(F_WM2, m2->w, 0, 0);
    o[n++] = ap_feat(F_WP2, p2->w, 0, 0);
    o[n++] = ap_feat(F_U1, u1, 0, 0);
    o[n++] = ap_feat(F_U2, u2, 0, 0);
    o[n++] = ap_feat(F_U12, u1, u2, 0);
    o[n++] = ap_feat(F_X1, x1, 0, 0);
    o[n++] = ap_feat(F_X12, x1, x2, 0);
    o[n++] = ap_feat(F_U1W, u1, c->w, 0);
    o[n++] = ap_feat(F_X1W, x1, c->w, 0);
    o[n++] = ap_feat(F_WM1W, m1->w, c->w, 0);
    o[n++] = ap_feat(F_WWP1, c->w, p1->w, 0);
    o[n++] = ap_feat(F_WM1WP1, m1->w, p1->w, 0);
    o[n++] = ap_feat(F_SFX3M1, m1->sfx[2], 0, 0);
    o[n++] = ap_feat(F_SFX3P1, p1->sfx[2], 0, 0);
    o[n++] = ap_feat(F_SFX2P1, p1->sfx[1], 0, 0);
    o[n++] = ap_feat(F_SHAPEP1, p1->shape, 0, 0);
    o[n++] = ap_feat(F_SHAPEM1, m1->shape, 0, 0);
    o[n++] = ap_feat(F_AMB, c->amb, 0, 0);
    o[n++] = ap_feat(F_AMBP1, p1->amb, 0, 0);
    o[n++] = ap_feat(F_AMBP2, p2->amb, 0, 0);
    o[n++] = ap_feat(F_AMBM1, m1->amb, 0, 0);
    o[n++] = ap_feat(F_U1AMB, u1, c->amb, 0);
    o[n++] = ap_feat(F_AMBAMBP1, c->amb, p1->amb, 0);
    o[n++] = ap_feat(F_AMBM1AMBAMBP1, m1->amb, c->amb, p1->amb);
    o[n++] = ap_feat(F_WAMBP1, c->w, p1->amb, 0);
    o[n++] = ap_feat(F_CAP, c->first_cap, c->shape, 0);
    o[n++] = ap_feat(F_U1SFX3, u1, c->sfx[2], 0);
    o[n++] = ap_feat(F_U1WP1, u1, p1->w, 0);
    o[n++] = ap_feat(F_U1SHAPE, u1, c->shape, 0);
    o[n++] = ap_feat(F_HYPH, c->hyph, c->sfx[2], 0);
    o[n++] = ap_feat(F_SFX3W2, c->sfx[2], p1->sfx[2], 0);
    o[n++] = ap_feat(F_TOP, c->top, c->first_cap, 0);
    o[n++] = ap_feat(F_TOPP1, p1->top, 0, 0);
    o[n++] = ap_feat(F_TOPM1, m1->top, 0, 0);
    o[n++] = ap_feat(F_TOPFREQ, c->top, c->freq, c->first_cap);
    o[n++] = ap_feat(F_U1TOP, u1, c->top, p1->top);
    if (pass == 2) {                    /* right context from pass 1 */
        uint64_t r0 = c->r1u, r1 = p1->r1u, r2 = p2->r1u;
        o[n++] = ap_feat(F2_R0, r0, 0, 0);
        o[n++] = ap_feat(F2_R0X, c->r1x, 0, 0);
        o[n++] = ap_feat(F2_R1, r1, 0, 0);
        o[n++] = ap_feat(F2_R1X, p1->r1x, 0, 0);
        o[n++] = ap_feat(F2_R12, r1, r2, 0);
        o[n++] = ap_feat(F2_R0R1, r0, r1, 0);
        o[n++] = ap_feat(F2_U1R0R1, u1, r0, r1);
        o[n++] = ap_feat(F2_WR1, c->w, r1, 0);
        o[n++] = ap_feat(F2_R0W, r0, c->w, 0);
        o[n++] = ap_feat(F2_R1X2, p1->r1x, p2->r1x, 0);
        o[n++] = ap_feat(F2_SFXR1, c->sfx[2], r1, 0);
        o[n++] = ap_feat(F2_U1R1, u1, r1, 0);
    }
    return n;
}

/* ---- loading ---------------------------------------------------------- */

/* writable: buf is the tagger's own copy (annals_tagger_open), which binding
** may rewrite in place. */
static int tagger_load(annals_tagger **out, const void *buf, size_t size, const char *name, int writable,
                       annals_ctx *ctx)
{
    *out = NULL;
    if (!name) name = "(tagger model)";
    if (!an_host_le())
        return annals_error_set(ctx, ANNALS_ERROR, "%s: model files need a little-endian host", name);
    annals_tagger *t = calloc(1, sizeof *t);
    if (!t) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    int rc = annals_model_parse(&t->m, buf, size, ANNALS_MODEL_TAGGER, name, ctx);
    t->m.writable = writable;
    const annals_model_section *meta, *dic, *pai;
    if (rc == 0) rc = annals_model_need(&meta, &t->m, "TMET", 4, 32, ctx);
    if (rc == 0) rc = annals_model_need(&dic, &t->m, "TDIC", sizeof(an_tdict_entry), sizeof(an_tdict_entry), ctx);
    if (rc == 0) rc = annals_model_need(&pai, &t->m, "TPAI", 1, 0, ctx);
    if (rc < 0) { free(t); return rc; }
    uint32_t mu[8];
    memcpy(mu, meta->data, 32);
    if (mu[0] != N_UPOS || mu[1] != N_XPOS || pai->size != (size_t)N_UPOS * N_XPOS) {
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: tag set does not match this build (%u UPOS, %u XPOS)",
                              t->m.name, mu[0], mu[1]);
        free(t);
        return rc;
    }
    size_t nd = dic->size / sizeof(an_tdict_entry), empty = 0;
    if (nd & (nd - 1)) rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: tag dictionary size not a power of two", t->m.name);
    t->dict = dic->data;
    for (size_t i = 0; i < nd && rc == 0; i++) {
        if (!t->dict[i].key) { empty++; continue; }
        if (t->dict[i].force_upos >= ANNALS_UPOS_COUNT || t->dict[i].force_xpos >= ANNALS_XPOS_COUNT)
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: tag dictionary entry %zu has a bad tag", t->m.name, i);
    }
    if (rc == 0 && !empty) rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: tag dictionary is full", t->m.name);
    if (rc == 0 && annals_model_find(&t->m, "TWNK"))   /* an experiment's section (docs/notes/parser-experiments.md) */
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: WordNet tagger features (TWNK) are not supported by this "
                              "build; retrain the tagger without them", t->m.name);
    if (rc == 0) rc = annals_wtab_bind(&t->w, &t->m, 'W', N_UPOS + N_XPOS, ctx);
    if (rc == 0 && mu[2] == 2) rc = annals_wtab_bind(&t->v, &t->m, 'V', N_UPOS + N_XPOS, ctx);
    else if (rc == 0 && mu[2] != 1)
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad pass count %u", t->m.name, mu[2]);
    if (rc < 0) { annals_wtab_release(&t->w); annals_wtab_release(&t->v); free(t); return rc; }
    t->dict_mask = nd - 1;
    t->pair = pai->data;
    t->size = size;
    annals_tagger_set_pass2_margin(t, ANNALS_TAGGER_PASS2_MARGIN);
    *out = t;
    return 0;
}

int annals_tagger_load(annals_tagger **out, const void *buf, size_t size, const char *name,
                       annals_ctx *ctx)
{
    return tagger_load(out, buf, size, name, 0, ctx);
}

int annals_tagger_open(annals_tagger **out, const char *path, annals_ctx *ctx)
{
    void *buf;
    size_t size;
    *out = NULL;
    int rc = annals_model_read_file(&buf, &size, path, ctx);
    if (rc < 0) return rc;
    if ((rc = tagger_load(out, buf, size, path, 1, ctx)) < 0) { free(buf); return rc; }
    (*out)->owned = buf;
    return 0;
}

void annals_tagger_free(annals_tagger *t)
{
    if (!t) return;
    annals_wtab_release(&t->w);
    annals_wtab_release(&t->v);
    free(t->owned);
    free(t);
}

size_t annals_tagger_model_size(const annals_tagger *t) { return t ? t->size : 0; }

double annals_tagger_pass2_margin(const annals_tagger *t) { return t ? t->keep : 0; }

void annals_tagger_set_pass2_margin(annals_tagger *t, double margin)
{
    if (!t) return;
    t->keep = margin > 0 && margin < 1e4 ? margin : 0;          /* also NaN -> 0 */
    t->keep_abs = (int32_t)(t->keep * annals_wtab_max_weight(&t->w) + 0.5);
}

/* ---- tagging ---------------------------------------------------------- */

void annals_analyze_tagger_run(const annals_wtab *w, const uint8_t *pair, const an_ttok *tt, size_t n,
                   uint8_t *up, uint8_t *xp, int pass, int32_t *margin, int32_t keep)
{
    uint64_t f[AN_TAG_MAXF];
    int32_t sc[N_UPOS + N_XPOS];
    const int retag = keep > 0 && margin;       /* keep the tags of words with margin[i] >= keep */
    if (!retag) {
        memset(up, 0, n + 2 * AN_TAG_PAD);
        memset(xp, 0, n + 2 * AN_TAG_PAD);
    }
    for (size_t i = 0; i < n; i++) {
        const an_ttok *x = &tt[AN_TAG_PAD + i];
        int u = x->fu, xx = x->fx;
        if (retag && margin[i] >= keep) continue;
        if (!retag && margin) margin[i] = u ? (xx ? INT32_MAX : 0) : 0;   /* forced tags; XPOS left to pass 2 */
        if (!u || !xx) {
            size_t nf = annals_analyze_tagger_feats(tt, i, up, xp, pass, f);
            memset(sc, 0, sizeof sc);
            annals_wtab_score(w, f, nf, sc);
            if (!u) {
                int best = 0, second = -1;
                for (int c = 1; c < N_UPOS; c++) {
                    if (sc[c] > sc[best]) { second = best; best = c; }
                    else if (second < 0 || sc[c] > sc[second]) second = c;
                }
                u = best + 1;
                if (!retag && margin) margin[i] = sc[best] - sc[second];
            }
            if (!xx) {
                const uint8_t *ok = pair + (size_t)(u - 1) * N_XPOS;
                int best = -1;
                for (int c = 0; c < N_XPOS; c++)
                    if (ok[c] && (best < 0 || sc[N_UPOS + c] > sc[N_UPOS + best])) best = c;
                if (best < 0)
                    for (int c = 0; c < N_XPOS; c++)
                        if (best < 0 || sc[N_UPOS + c] > sc[N_UPOS + best]) best = c;
                xx = best + 1;
            }
        }
        up[AN_TAG_PAD + i] = (uint8_t)u;
        xp[AN_TAG_PAD + i] = (uint8_t)xx;
    }
}

int annals_tagger_tag(const annals_tagger *t, annals_doc *doc, size_t b, size_t e)
{
    if (e <= b) return 0;
    size_t n = e - b;
    an_ttok *tt = annals_arena_alloc(doc->arena, (n + 2 * AN_TAG_PAD) * sizeof *tt);
    uint8_t *up = annals_arena_calloc(doc->arena, n + 2 * AN_TAG_PAD, 2);
    if (!tt || !up) return ANNALS_ENOMEM;
    uint8_t *xp = up + n + 2 * AN_TAG_PAD;
    annals_analyze_tagger_prep(tt, doc, b, e, t->dict, t->dict_mask);
    int32_t *margin = annals_arena_alloc(doc->arena, n * sizeof *margin);
    if (!margin) return ANNALS_ENOMEM;
    annals_analyze_tagger_run(&t->w, t->pair, tt, n, up, xp, 1, margin, 0);
    if (t->v.slot) {
        for (size_t i = 0; i < n; i++) {
            tt[AN_TAG_PAD + i].r1u = up[AN_TAG_PAD + i];
            tt[AN_TAG_PAD + i].r1x = xp[AN_TAG_PAD + i];
        }
        annals_analyze_tagger_run(&t->v, t->pair, tt, n, up, xp, 2, margin, t->keep_abs);
    }
    for (size_t i = 0; i < n; i++) {
        doc->tok[b + i].upos = up[AN_TAG_PAD + i];
        doc->tok[b + i].xpos = xp[AN_TAG_PAD + i];
    }
    return 0;
}
