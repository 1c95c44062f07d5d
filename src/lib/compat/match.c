/* SPDX-License-Identifier: MIT
** compat/match.c -- the PETRARCH/TABARI coder over one sentence: verb patterns.
**
** The sentence is prepared (discards, TABARI MINIMUM WORDS, clauses deleted by
** commas.c) and its units built (units.c). Then for every word that is a form of a
** dictionary verb, its block's patterns are matched over the words, those before
** '*' backwards from the verb and those after it forwards ('_' adjacent, a blank
** allows words between; within the verb phrase and its clause when there is a
** parse); $/+/% take a unit at that place, ^ skips a noun phrase, &SYN a synonym
** set. The match with the most words wins, else the verb's or the block's code.
** Source and target not set by the pattern come from roles.c; [A:B] codes add the
** reverse event B; compounds give one event per pair. A verb inside the verb phrase
** of a verb that coded an event is not coded again; TABARI codes one verb per
** clause (CODE BY ...), and a code ending in '?' only when no other verb codes.
** The dialect table below is every difference between PETRARCH and TABARI the
** coder knows of (fields: match_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "match_internal.h"
#include "annals/error.h"

/* ---- the dialect table (fields: match_internal.h) ---- */
const compat_dialect annals_compat_dialects[2] = {
    {   /* PETRARCH: PETR.UnitTest.records.xml, PETRARCH2's docs */
        .blank_words = false, .noun_endings = false, .near_gaps = true, .null_code_is_noun = false,
        .agent_only_unit = true, .agent_of_anywhere = false, .agent_member_after_cc = true,
        .pronoun_first_actor = false,
        .verbs_by_form = false, .pos_lists = false, .from_joins_agent = true, .comma_opens_clause = true,
        .comma_in_noun_list = true, .drop_asides = true, .tree_commas = true,
        .verb_stems = false, .cmp_is_source = false, .actor_inside_chunk = false, .event_codes_only = true,
        .discard_code = false, .project_options = false, .raw_dominance = true,
        .clause_source = false, .subject_before_verb = true, .target_not_source = false,
        .target_before_verb = false,
    },
    {   /* TABARI 0.8: Validate.text, the TABARI manual */
        .blank_words = true, .noun_endings = true, .near_gaps = false, .null_code_is_noun = true,
        .agent_only_unit = false, .agent_of_anywhere = true, .agent_member_after_cc = false,
        .pronoun_first_actor = true,
        .verbs_by_form = true, .pos_lists = true, .from_joins_agent = false, .comma_opens_clause = false,
        .comma_in_noun_list = false, .drop_asides = false, .tree_commas = false,
        .verb_stems = true, .cmp_is_source = true, .actor_inside_chunk = true, .event_codes_only = false,
        .discard_code = true, .project_options = true, .raw_dominance = false,
        .clause_source = true, .subject_before_verb = false, .target_not_source = true,
        .target_before_verb = true,
    },
};

/* discard phrases in the sentence: 0 none, 1 sentence, 2 story */
static int discard_kind(const compat_dict *d, const csent *s)
{
    int kind = 0;
    for (int i = 0; i < s->n; i++) {
        uint32_t node = 1;
        for (int j = i; j < s->n; j++) {
            node = s->t[j].wid ? annals_compat_map_get(&d->disc_edges, compat_edge_key(node, s->t[j].wid, false, false)) : 0;
            if (!node) break;
            if (d->disc_kind[node] > kind) kind = d->disc_kind[node];
        }
    }
    return kind;
}

/* ---- pattern elements ---- */

/* the highest NP that starts at token p below the unit's own node, -1 */
static int inner_np_at(const ctx_t *c, int p, int unit_node_id)
{
    const csent *s = c->s;
    int leaf = s->t[p].leaf;
    if (leaf < 0) return -1;
    int best = -1;
    for (int x = s->node[leaf].parent; x >= 0 && x != unit_node_id && s->node[x].tok_b == p; x = s->node[x].parent)
        if (label_is(s->node[x].label, "NP")) best = x;
    return best;
}

static bool word_ok(const compat_dict *d, const pel *el, const ctok *t)
{
    if (el->id == t->wid) return true;
    if (el->stem && t->len > d->words.len[el->id]) {
        size_t l = d->words.len[el->id];
        return !memcmp(t->w, d->words.w[el->id], l);
    }
    return false;
}

/* match a synset forwards at pos: returns tokens consumed or -1 */
static int syn_fwd(const compat_dict *d, const csent *s, uint32_t syn, int pos, int lim, int depth);
static int syn_bwd(const compat_dict *d, const csent *s, uint32_t syn, int end, int lim, int depth);

static int seq_fwd(const compat_dict *d, const csent *s, const pel *el, uint32_t n, int pos, int lim, int depth)
{
    int p = pos;
    for (uint32_t k = 0; k < n; k++) {
        if (el[k].kind == EL_WORD) {
            if (p >= lim || !word_ok(d, &el[k], &s->t[p])) return -1;
            p++;
        } else if (el[k].kind == EL_SYN) {
            int l = syn_fwd(d, s, el[k].id, p, lim, depth + 1);
            if (l < 0) return -1;
            p += l;
        } else return -1;
    }
    return p - pos;
}

static int seq_bwd(const compat_dict *d, const csent *s, const pel *el, uint32_t n, int end, int lim, int depth)
{
    int p = end;   /* exclusive */
    for (uint32_t k = n; k-- > 0;) {
        if (el[k].kind == EL_WORD) {
            if (p - 1 < lim || !word_ok(d, &el[k], &s->t[p - 1])) return -1;
            p--;
        } else if (el[k].kind == EL_SYN) {
            int l = syn_bwd(d, s, el[k].id, p, lim, depth + 1);
            if (l < 0) return -1;
            p -= l;
        } else return -1;
    }
    return end - p;
}

static int syn_fwd(const compat_dict *d, const csent *s, uint32_t syn, int pos, int lim, int depth)
{
    if (depth > 4 || !syn || syn > d->n_syn) return -1;
    const synset *ss = &d->syn[syn - 1];
    int best = -1;
    for (uint32_t k = 0; k < ss->n; k++) {
        const syn_phrase *ph = &d->syn_phr[ss->first + k];
        int l = seq_fwd(d, s, d->els + ph->el, ph->n_el, pos, lim, depth);
        if (l > best) best = l;
    }
    return best;
}

static int syn_bwd(const compat_dict *d, const csent *s, uint32_t syn, int end, int lim, int depth)
{
    if (depth > 4 || !syn || syn > d->n_syn) return -1;
    const synset *ss = &d->syn[syn - 1];
    int best = -1;
    for (uint32_t k = 0; k < ss->n; k++) {
        const syn_phrase *ph = &d->syn_phr[ss->first + k];
        int l = seq_bwd(d, s, d->els + ph->el, ph->n_el, end, lim, depth);
        if (l > best) best = l;
    }
    return best;
}

/* Forward matching of elements el[k..n) from pos; adjacency of el[k] to what precedes. */
static bool fwd(ctx_t *c, const pel *el, uint32_t k, uint32_t n, int pos, int lim, bool gap_ok, pmatch *m)
{
    const compat_dict *d = c->d;
    const csent *s = c->s;
    if (k == n) { if (pos > m->e) m->e = pos; return true; }
    const pel *x = &el[k];
    if (x->kind == EL_SKIP) {   /* ^ skips the rest of the noun phrase at pos, or the next one */
        for (int p = pos; p < lim; p++) {
            int e = -1;
            if (s->node) {
                /* the base noun phrase at p: its lowest NP ("with the parliament of Gondor":
                ** ^ skips "the parliament", the next element may be "Gondor") */
                int key = annals_compat_unit_node(s, p);
                if (key >= 0) {
                    int x = s->node[s->t[p].leaf].parent;
                    while (x >= 0 && x != key && !label_is(s->node[x].label, "NP")) x = s->node[x].parent;
                    e = s->node[x >= 0 ? x : key].tok_e;
                }
            } else {
                int ui = c->unit_of[p];
                if (ui >= 0 && !c->u[ui].null_unit) e = c->u[ui].e;
            }
            if (e < 0) continue;
            return fwd(c, el, k + 1, n, e > p ? (e > lim ? lim : e) : p + 1, lim, true, m);
        }
        return fwd(c, el, k + 1, n, pos, lim, true, m);
    }
    bool adjacent = x->consec && !gap_ok;
    int last = adjacent ? pos : lim - 1;
    for (int p = pos; p <= last && p < lim; p++) {
        if (p > pos && clause_break(&s->t[p - 1]) && !s->node) break;
        if (x->kind == EL_WORD || x->kind == EL_SYN) {
            int l = x->kind == EL_WORD ? (word_ok(d, x, &s->t[p]) ? 1 : -1) : syn_fwd(d, s, x->id, p, lim, 0);
            if (l < 0) continue;
            pmatch save = *m;
            if (fwd(c, el, k + 1, n, p + l, lim, false, m)) return true;
            *m = save;
        } else if (x->kind == EL_SRC || x->kind == EL_TGT || x->kind == EL_CMP) {
            int ui = c->unit_of[p];
            /* with a parse, inside a larger unit (after a skip or a word of the pattern): the
            ** first inner noun phrase with an actor from p on ("IFTAR AT ^ ^ +": "with the
            ** parliament of Gondor in Eriador" gives GON) */
            if (s->node && ui >= 0 && c->u[ui].b < p && c->u[ui].node >= 0) {
                int sub = -1;
                for (int q = p; q < c->u[ui].e && q < lim && sub < 0 && (q == p || !adjacent); q++) {
                    int x2 = inner_np_at(c, q, c->u[ui].node);
                    if (x2 >= 0) sub = annals_compat_sub_unit(c, x2);
                }
                if (sub >= 0) {
                    pmatch save = *m;
                    if (x->kind == EL_SRC || (x->kind == EL_CMP && dialect_of(c->d)->cmp_is_source)) m->src = sub;
                    if (x->kind == EL_TGT || x->kind == EL_CMP) m->tgt = sub;
                    if (fwd(c, el, k + 1, n, c->u[sub].e, lim, false, m)) return true;
                    *m = save;
                }
            }
            if (ui < 0 || c->u[ui].b < p - (adjacent ? 0 : 0)) {
                if (ui >= 0 && c->u[ui].b < p && p != pos) continue;
                if (ui < 0) continue;
            }
            pmatch save = *m;
            /* `%` after the verb: PETRARCH takes the compound as the target only ("agrees with
            ** the Philippines and France": ERI FRA, ERI PHL); TABARI as source and target */
            if (x->kind == EL_SRC || (x->kind == EL_CMP && dialect_of(c->d)->cmp_is_source)) m->src = ui;
            if (x->kind == EL_TGT || x->kind == EL_CMP) m->tgt = ui;
            if (fwd(c, el, k + 1, n, c->u[ui].e > p ? c->u[ui].e : p + 1, lim, false, m)) return true;
            *m = save;
        } else return false;
    }
    return false;
}

/* Backward matching of el[0..k) ending before pos; next_consec: the element after
** el[k-1] must be adjacent to it. */
static bool bwd(ctx_t *c, const pel *el, uint32_t k, int pos, int lim, bool next_consec, pmatch *m)
{
    const compat_dict *d = c->d;
    const csent *s = c->s;
    if (k == 0) { if (pos < m->b) m->b = pos; return true; }
    const pel *x = &el[k - 1];
    if (x->kind == EL_SKIP) {   /* ^ skips the previous noun phrase */
        for (int p = pos - 1; p >= lim; p--) {
            int ui = c->unit_of[p];
            if (ui < 0 || c->u[ui].null_unit) continue;
            return bwd(c, el, k - 1, c->u[ui].b < p ? (c->u[ui].b < lim ? lim : c->u[ui].b) : p, lim, false, m);
        }
        return bwd(c, el, k - 1, pos, lim, false, m);
    }
    int first = next_consec ? pos - 1 : lim;
    for (int p = pos - 1; p >= first && p >= lim; p--) {   /* p: last token of the element */
        if (p < pos - 1 && clause_break(&s->t[p + 1]) && !s->node) break;
        if (x->kind == EL_WORD || x->kind == EL_SYN) {
            int l = x->kind == EL_WORD ? (word_ok(d, x, &s->t[p]) ? 1 : -1) : syn_bwd(d, s, x->id, p + 1, lim, 0);
            if (l < 0) continue;
            pmatch save = *m;
            if (bwd(c, el, k - 1, p + 1 - l, lim, x->consec, m)) return true;
            *m = save;
        } else if (x->kind == EL_SRC || x->kind == EL_TGT || x->kind == EL_CMP) {
            int ui = c->unit_of[p];
            if (ui < 0) continue;
            pmatch save = *m;
            if (x->kind == EL_SRC || x->kind == EL_CMP) m->src = ui;
            if (x->kind == EL_TGT || x->kind == EL_CMP) m->tgt = ui;
            int b = c->u[ui].b < p ? c->u[ui].b : p;
            if (b < lim) b = lim;
            if (bwd(c, el, k - 1, b, lim, x->consec, m)) return true;
            *m = save;
            /* TABARI: $ and + stand for the actor phrase itself, so the words before it may
            ** lie inside the chunk ("an ANTI- Gondor parade") */
            if (dialect_of(c->d)->actor_inside_chunk && c->mtok[p]) {
                int a = p;
                while (a > b && c->mtok[a - 1] && c->unit_of[a - 1] == ui) a--;
                if (a > b) {
                    if (x->kind == EL_SRC || x->kind == EL_CMP) m->src = ui;
                    if (x->kind == EL_TGT || x->kind == EL_CMP) m->tgt = ui;
                    if (bwd(c, el, k - 1, a, lim, x->consec, m)) return true;
                    *m = save;
                }
            }
        } else return false;
    }
    return false;
}


/* ---- verbs ---- */

static bool particles_ok(const compat_dict *d, const csent *s, const verb *v, int i, int *vb, int *ve)
{
    *vb = i;
    *ve = i + 1;
    for (uint32_t k = 0; k < v->n_pre; k++) {
        int p = i - (int)v->n_pre + (int)k;
        if (p < 0 || !word_ok(d, &d->els[v->pre_el + k], &s->t[p])) return false;
    }
    for (uint32_t k = 0; k < v->n_post; k++) {
        int p = i + 1 + (int)k;
        if (p >= s->n || !word_ok(d, &d->els[v->post_el + k], &s->t[p])) return false;
    }
    *vb = i - (int)v->n_pre;
    *ve = i + 1 + (int)v->n_post;
    return true;
}

/* The verb-form chains a word starts: its exact form, then (TABARI) every stem it
** begins with, longest first ("CALLED" finds CALLED_ON and the stem CALL). */
#define MAX_CHAINS 8
static int verb_chains(const compat_dict *d, const ctok *t, uint32_t *out)
{
    int n = 0;
    uint32_t f = t->wid ? annals_compat_map_get(&d->form_map, t->wid) : 0;
    if (f) out[n++] = f;
    if (dialect_of(d)->verb_stems) {
        for (uint32_t l = t->len; l >= 3 && n < MAX_CHAINS; l--) {
            uint32_t w = annals_compat_words_find(&d->words, t->w, l);
            if (!w) continue;
            f = annals_compat_map_get(&d->stem_form_map, w);
            if (f) out[n++] = f;
        }
    }
    return n;
}

uint32_t annals_compat_verb_at(const compat_dict *d, const ctok *t)
{
    uint32_t ch[MAX_CHAINS];
    return verb_chains(d, t, ch) ? ch[0] : 0;
}

/* PETRARCH: a code that is no event code (`[+++]`, `[xxy]`: TABARI's complex marker and
** test codes of the KEDS dictionaries) gives no event, so a pattern carrying one is passed
** over and the verb keeps its other matches ("restore fxll diplomatic ties": `* DIPLOMATIC
** [064]`, not `* FXLL DIPLOMATIC [+++]`). Event codes have a digit; `---` and `###` stay. */
static bool code_usable(const compat_dict *d, const char *code)
{
    if (!dialect_of(d)->event_codes_only || !code[0] || !strcmp(code, "---") || !strcmp(code, "###")) return true;
    for (const char *q = code; *q; q++) if (*q >= '0' && *q <= '9') return true;
    return false;
}

static bool codes_usable(const compat_dict *d, const char *code, const char *code2)
{
    if (!code[0] && !code2[0]) return true;
    return (code[0] && code_usable(d, code)) || (code2[0] && code_usable(d, code2));
}

/* appends the events of source unit su to target unit tu; *coded is set when at
** least one pair was valid (also when it repeats an event already written) */
static int emit(compat_event *ev, int n, int max, const unit *su, const unit *tu, const char *code, int vtok,
                bool *coded)
{
    if (!code[0] || !strcmp(code, "---")) return n;
    if (!su || !tu) return n;
    for (int a = 0; a < su->n_codes; a++)
        for (int b = 0; b < tu->n_codes; b++) {
            if (!strcmp(su->codes[a], tu->codes[b])) continue;
            *coded = true;
            bool dup = false;
            for (int k = 0; k < n; k++)
                if (!strcmp(ev[k].src, su->codes[a]) && !strcmp(ev[k].tgt, tu->codes[b]) && !strcmp(ev[k].code, code))
                    dup = true;
            if (dup || n >= max) continue;
            compat_event *e = &ev[n++];
            memset(e, 0, sizeof *e);
            snprintf(e->src, sizeof e->src, "%s", su->codes[a]);
            snprintf(e->tgt, sizeof e->tgt, "%s", tu->codes[b]);
            snprintf(e->code, sizeof e->code, "%s", code);
            e->verb_tok = vtok;
            e->src_b = su->b; e->src_e = su->e;
            e->tgt_b = tu->b; e->tgt_e = tu->e;
        }
    return n;
}


/* ---- the best verb entry and pattern at a word ---- */

/* the words a verb's pattern may reach with a parse: back to the start of its clause
** (of the governing clause when the verb's clause is a complement, also through
** SBAR/S layers: "is inching (S (SBAR nearer (S to accord)))"), on to the end of its
** verb phrase (the VPs that start at or before the verb); the whole sentence without */
static void pattern_window(const csent *s, int i, int *lim_pre, int *lim_post)
{
    *lim_pre = 0;
    *lim_post = s->n;
    if (!s->node) return;
    int vp = vp_of(s, i);
    while (vp >= 0 && s->node[vp].parent >= 0 && label_is(s->node[s->node[vp].parent].label, "VP")) vp = s->node[vp].parent;
    if (vp >= 0) *lim_post = s->node[vp].tok_e;
    int cl = vp;
    while (cl >= 0 && !(label_is(s->node[cl].label, "S") || label_is(s->node[cl].label, "ROOT"))) cl = s->node[cl].parent;
    while (cl >= 0) {
        int par = s->node[cl].parent;
        while (par >= 0 && (label_is(s->node[par].label, "SBAR") || label_is(s->node[par].label, "S")))
            par = s->node[par].parent;
        if (par < 0 || !label_is(s->node[par].label, "VP")) break;
        while (par >= 0 && !(label_is(s->node[par].label, "S") || label_is(s->node[par].label, "ROOT"))) par = s->node[par].parent;
        if (par < 0) break;
        cl = par;
    }
    if (cl >= 0) *lim_pre = s->node[cl].tok_b;
}

typedef struct {
    const pattern *p;         /* NULL: no pattern matched */
    const verb *v;
    pmatch m;
    int vb, ve;
    uint32_t score;
} vbest;

/* verb v's patterns at word i (its particles span [b0, e0)) against the best so far */
static void match_patterns(ctx_t *c, const verb *v, int b0, int e0, uint32_t vscore, int lim_pre, int lim_post,
                           vbest *best)
{
    const compat_dict *d = c->d;
    const vblock *blk = &d->blk[v->block - 1];
    for (uint32_t k = 0; k < blk->pat_n; k++) {
        const pattern *p = &d->pat[blk->pat_first + k];
        if (!codes_usable(d, p->code, p->code2)) continue;
        const pel *el = d->els + p->el;
        pmatch m = { -1, -1, b0, e0 };
        bool verb_consec = el[p->verb_at].consec;
        if (!bwd(c, el, p->verb_at, b0, lim_pre, verb_consec, &m)) continue;
        if (!fwd(c, el, p->verb_at + 1, p->n_el, e0, lim_post, false, &m)) continue;
        uint32_t sc = p->weight + vscore;
        if ((!best->p && sc > best->score) || (!best->p && sc == best->score && (!vscore || v == best->v))
            || (best->p && (sc > best->score || (sc == best->score && p->n_el > best->p->n_el)))) {
            best->p = p; best->v = v; best->m = m; best->vb = b0; best->ve = e0; best->score = sc;
        }
    }
}

/* The best over every verb entry of word i's forms: a pattern's words and the verb's
** particles count; a multi-word verb without a pattern keeps its particles' weight.
** false when the word codes nothing (no entry, or no usable code). */
static bool best_verb(ctx_t *c, int i, vmatch *out)
{
    const compat_dict *d = c->d;
    const csent *s = c->s;
    uint32_t chains[MAX_CHAINS];
    int n_chains = verb_chains(d, &s->t[i], chains);
    if (!n_chains) return false;
    int lim_pre, lim_post;
    pattern_window(s, i, &lim_pre, &lim_post);
    vbest best = { NULL, NULL, { -1, -1, 0, 0 }, i, i + 1, 0 };
    for (int ci = 0; ci < n_chains; ci++)
        for (uint32_t f = chains[ci]; f; f = d->vf[f - 1].next) {
            const verb *v = &d->vb[d->vf[f - 1].verb - 1];
            int b0, e0;
            if (!particles_ok(d, s, v, i, &b0, &e0)) continue;
            uint32_t vscore = v->n_pre + v->n_post;
            if (!best.v || (!best.p && vscore > best.score)) { best.v = v; best.vb = b0; best.ve = e0; best.score = vscore; }
            match_patterns(c, v, b0, e0, vscore, lim_pre, lim_post, &best);
        }
    if (!best.v) return false;
    const vblock *blk = &d->blk[best.v->block - 1];
    const char *code, *code2;
    if (best.p) { code = best.p->code; code2 = best.p->code2; }
    else if (best.v->code[0] || best.v->code2[0]) { code = best.v->code; code2 = best.v->code2; }
    else { code = blk->code; code2 = blk->code2; }
    if (!codes_usable(d, code, code2)) return false;
    if ((!code[0] || !strcmp(code, "---")) && !code2[0]) return false;
    *out = (vmatch){ i, best.vb, best.ve, code, code2, best.m };
    return true;
}

/* ---- the sentence ---- */

/* discards, MINIMUM WORDS, deleted clauses, then the units; false: nothing to code */
static bool prepare_sentence(ctx_t *c)
{
    const compat_dict *d = c->d;
    const compat_dialect *dl = dialect_of(d);
    csent *s = c->s;
    if (discard_kind(d, s)) return false;
    if (dl->project_options && d->min_words > 0) {   /* SET: MINIMUM WORDS */
        int words = 0;
        for (int i = 0; i < s->n; i++) if (s->t[i].pos != P_PUNCT && s->t[i].pos != P_POS) words++;
        if (words < d->min_words) return false;
    }
    if (!s->node && dl->drop_asides) annals_compat_drop_asides(s);
    if (!s->node && d->comma_on) annals_compat_text_commas(d, s);
    if (s->node && dl->tree_commas && d->comma_on) annals_compat_tree_commas(d, s);
    annals_compat_build_units(c);
    /* TABARI: an actor coded ### anywhere discards the sentence */
    for (int ui = 0; ui < c->n_u; ui++)
        for (int k = 0; k < c->u[ui].n_codes; k++)
            if (dl->discard_code && strstr(c->u[ui].codes[k], "###")) return false;
    return true;
}

/* subordinate events (verb_tok < -1, a code ending in '?') are kept only when nothing
** else was coded; returns the number of events left */
static int keep_subordinate(compat_event *ev, int n)
{
    bool other = false;
    for (int k = 0; k < n; k++) if (ev[k].verb_tok >= 0) other = true;
    int w = 0;
    for (int k = 0; k < n; k++) {
        if (ev[k].verb_tok < -1) {
            if (other) continue;
            ev[k].verb_tok = -2 - ev[k].verb_tok;
        }
        ev[w++] = ev[k];
    }
    return w;
}

/* the end of the verb phrase of coded verb i (coordinated verb phrases are separate) */
static int dominated_end(const csent *s, int i)
{
    int vp = vp_of(s, i);
    while (vp >= 0 && s->node[vp].parent >= 0 && label_is(s->node[s->node[vp].parent].label, "VP")
           && !has_cc_child(s, s->node[vp].parent)) vp = s->node[vp].parent;
    return vp >= 0 ? s->node[vp].tok_e : -1;
}

static int code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max)
{
    const compat_dialect *dl = dialect_of(d);
    ctx_t c = { .d = d, .s = s };
    c.unit_of = cx_calloc(s, (size_t)s->n + 1, sizeof *c.unit_of);
    c.mtok = cx_calloc(s, (size_t)s->n + 1, 1);
    if (!c.unit_of || !c.mtok) return 0;
    if (!prepare_sentence(&c)) return 0;
    int n = 0;
    int dom_e = -1;        /* end of the verb phrase of the last verb that coded an event */
    int last_coded = -1;   /* raw text: the last verb that coded an event */
    int fwd_src = -1;      /* TABARI: the source of the last coded clause, forwarded to the next */
    for (int i = 0; i < s->n; i++) {
        if (s->t[i].pos != P_VERB) continue;
        /* a verb inside the verb phrase of a coded verb is part of that event */
        if (s->node && i < dom_e) continue;
        /* PETRARCH raw text: the same, approximated: after a verb that coded an event, a verb
        ** in an infinitive (TO VERB) or in a clause opened by a subordinator (AFTER, WHEN ...)
        ** within the same comma segment belongs to that verb's phrase */
        if (!s->node && dl->raw_dominance && last_coded >= 0 && annals_compat_raw_dominated(s, last_coded, i)) continue;
        vmatch v;
        if (!best_verb(&c, i, &v)) continue;
        if (dl->discard_code && !strcmp(v.code, "###")) return 0;   /* a discard code on the verb */
        int src = v.m.src, tgt = v.m.tgt;
        annals_compat_roles(&c, &v, fwd_src, &src, &tgt);
        const unit *su = src >= 0 ? &c.u[src] : NULL, *tu = tgt >= 0 ? &c.u[tgt] : NULL;
        unit scratch[4];
        if (dl->project_options) annals_compat_defaults(d, &v, &su, &tu, scratch);
        int n0 = n;
        if (src >= 0) fwd_src = src;
        bool coded = false;
        n = emit(ev, n, max, su, tu, v.code, i, &coded);
        if (v.code2[0]) n = emit(ev, n, max, tu, su, v.code2, i, &coded);
        /* TABARI: a code ending in '?' is subordinate (SAID [023?]): coding goes on in the
        ** clause, and the event is kept only when no other verb of the sentence codes one */
        bool subord = v.code[0] && v.code[strlen(v.code) - 1] == '?';
        if (subord && n > n0) { for (int k = n0; k < n; k++) ev[k].verb_tok = -2 - ev[k].verb_tok; continue; }
        /* TABARI: CODE BY SENTENCE stops at the first event, CODE ALL codes every verb */
        if (dl->project_options && n > n0 && d->code_by == 1) break;
        /* TABARI codes the first verb of a clause only (CODE BY CLAUSE) */
        if (dl->project_options && !s->node && coded && d->code_by == 0) {
            while (i + 1 < s->n && s->t[i + 1].pos != P_CC && !(clause_break(&s->t[i + 1]))) i++;
        }
        if (coded) last_coded = i;
        if (n > n0 && s->node) {
            int e = dominated_end(s, i);
            if (e > dom_e) dom_e = e;
        }
    }
    return keep_subordinate(ev, n);
}

int annals_compat_code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max)
{
    s->oom = false;
    int n = code_sentence(d, s, ev, max);
    return s->oom ? ANNALS_ENOMEM : n;
}
