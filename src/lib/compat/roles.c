/* SPDX-License-Identifier: MIT
** compat/roles.c -- the source and target of a coded verb, when its pattern's $ and
** + do not give them.
**
** With a parse: the subject NP of the verb's clause (climbing through clauses
** without a subject; a pronoun takes the nearest actor before it; the by/from
** phrase of a passive, which without one is coded as active) and the first unit
** inside the verb phrase. Without a parse: the phrase before the verb (PETRARCH),
** or the first actor of the verb's clause (TABARI: a conjunction ends a clause
** unless it joins two actor phrases), and the first unit after it; a BE + -ED
** passive with BY swaps them. With require_dyad off a second pass may take null
** units. TABARI DEFAULT: codes fill a missing source or target, or split a
** compound. */
#include <stdio.h>
#include <string.h>
#include "match_internal.h"

static bool is_clause(const char *l)
{
    return label_is(l, "S") || label_is(l, "SINV") || label_is(l, "SQ") || label_is(l, "SBAR") || label_is(l, "ROOT")
        || l[0] == 0;
}

/* the unit inside tokens [b, e) with an actor, first in order; skip_clauses: not under S/SBAR below top */
static int first_unit_in(ctx_t *c, int b, int e, int top, bool skip_clauses, int not_unit)
{
    const csent *s = c->s;
    for (int i = b; i < e; i++) {
        int ui = c->unit_of[i];
        if (ui < 0 || ui == not_unit) continue;
        if (c->u[ui].null_unit && !c->allow_null) continue;
        if (skip_clauses && s->node && top >= 0) {
            int leaf = s->t[i].leaf, n = leaf >= 0 ? s->node[leaf].parent : -1;
            bool under = false;
            while (n >= 0 && n != top) {
                if (is_clause(s->node[n].label)) { under = true; break; }
                n = s->node[n].parent;
            }
            if (under) continue;
        }
        return ui;
    }
    return -1;
}

static const char *const BE[] = { "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "'S", "'RE", "GET", "GOT",
                                  "GETS", "GOTTEN", NULL };

/* nearest unit with an actor before token i (pronoun antecedent) */
static int antecedent(ctx_t *c, int before)
{
    for (int ui = c->n_u; ui-- > 0;)
        if (c->u[ui].e <= before && c->u[ui].has_actor) {
            /* with a parse: not a phrase that is the object of a preposition ("On ... Gondor's
            ** health centres, he said": he is not Gondor) */
            const csent *s = c->s;
            int x = c->u[ui].node;
            if (s->node && x >= 0 && s->node[x].parent >= 0 && label_is(s->node[s->node[x].parent].label, "PP")) continue;
            return ui;
        }
    return -1;
}

static int pronoun_unit(ctx_t *c, int b, int e)
{
    for (int i = b; i < e; i++) if (c->s->t[i].pos == P_PRON) return antecedent(c, i);
    return -1;
}

static void subject_tree(ctx_t *c, int vtok, int *src, bool *passive)
{
    const csent *s = c->s;
    *src = -1;
    *passive = false;
    int leaf = s->t[vtok].leaf;
    if (leaf < 0) return;
    int cur = s->node[leaf].parent;   /* VP */
    /* passive: VBN with a form of BE/GET among the auxiliaries in the VP chain */
    if (s->t[vtok].vb_tag == 5) {
        int n = cur;
        while (n >= 0 && label_is(s->node[n].label, "VP")) {
            int p = s->node[n].parent;
            if (p < 0 || !label_is(s->node[p].label, "VP")) break;
            for (int ch = s->node[p].first_child; ch >= 0 && ch != n; ch = s->node[ch].next)
                if (s->node[ch].first_child < 0 && s->node[ch].tok_e > s->node[ch].tok_b
                    && in_list(s->t[s->node[ch].tok_b].w, BE)) *passive = true;
            n = p;
        }
    }
    while (cur >= 0) {
        int par = s->node[cur].parent;
        if (par < 0) break;
        int np = -1;
        for (int ch = s->node[par].first_child; ch >= 0 && ch != cur; ch = s->node[ch].next)
            if (label_is(s->node[ch].label, "NP")) np = ch;
        if (np >= 0 && is_clause(s->node[par].label)) {
            int ui = first_unit_in(c, s->node[np].tok_b, s->node[np].tok_e, -1, false, -1);
            if (ui < 0) ui = pronoun_unit(c, s->node[np].tok_b, s->node[np].tok_e);
            *src = ui;
            return;
        }
        /* a subject-less clause coordinated with an earlier one ("(S Gondor launched ...) and
        ** (S shelling offensive against ...)"): the subject of the nearest earlier conjunct */
        if (np < 0 && label_is(s->node[cur].label, "S") && label_is(s->node[par].label, "S") && has_cc_child(s, par)) {
            int found = -1;
            for (int ch = s->node[par].first_child; ch >= 0 && ch != cur; ch = s->node[ch].next) {
                if (!label_is(s->node[ch].label, "S")) continue;
                for (int g = s->node[ch].first_child; g >= 0; g = s->node[g].next)
                    if (label_is(s->node[g].label, "NP")) {
                        int ui = first_unit_in(c, s->node[g].tok_b, s->node[g].tok_e, -1, false, -1);
                        if (ui >= 0) found = ui;
                        break;
                    }
            }
            if (found >= 0) { *src = found; return; }
        }
        if (label_is(s->node[par].label, "SBAR") || label_is(s->node[par].label, "NP")) {
            /* relative clause: the NP it modifies */
            if (label_is(s->node[par].label, "SBAR")) {
                int gp = s->node[par].parent;
                if (gp >= 0 && label_is(s->node[gp].label, "NP")) {
                    *src = first_unit_in(c, s->node[gp].tok_b, s->node[par].tok_b, -1, false, -1);
                    return;
                }
            }
        }
        cur = par;
    }
}

static int by_phrase(ctx_t *c, int vp)
{
    const csent *s = c->s;
    for (int ch = s->node[vp].first_child; ch >= 0; ch = s->node[ch].next) {
        if (label_is(s->node[ch].label, "ADVP")) {   /* "opposed earlier by X" */
            int r = by_phrase(c, ch);
            if (r >= 0) return r;
            continue;
        }
        if (!label_is(s->node[ch].label, "PP")) continue;
        int b = s->node[ch].tok_b;
        if (b < s->n && (is_word(&s->t[b], "BY") || is_word(&s->t[b], "FROM")))
            return first_unit_in(c, b, s->node[ch].tok_e, -1, false, -1);
    }
    return -1;
}

/* raw text: is the verb at [vb, ve) a passive whose BY phrase is unit by_unit? */
static bool raw_passive(ctx_t *c, int vb, int ve, int by_unit)
{
    const csent *s = c->s;
    const ctok *v = &s->t[ve - 1];
    if (v->len < 4 || strcmp(v->w + v->len - 2, "ED")) return false;
    int p = vb - 1;
    while (p >= 0 && s->t[p].pos == P_ADV) p--;
    if (p < 0 || !in_list(s->t[p].w, BE)) return false;
    for (int q = ve; q < s->n && q <= ve + 2; q++) {
        if (is_word(&s->t[q], "BY")) return q + 1 < s->n && c->unit_of[q + 1] == by_unit;
        if (s->t[q].pos == P_PUNCT || c->unit_of[q] >= 0) break;
    }
    return false;
}

/* every code of a is one of b's (a pronoun standing for the source, the source itself) */
static bool codes_within(const unit *a, const unit *b)
{
    for (int i = 0; i < a->n_codes; i++) {
        bool f = false;
        for (int k = 0; k < b->n_codes; k++) if (!strcmp(a->codes[i], b->codes[k])) f = true;
        if (!f) return false;
    }
    return true;
}

/* raw text: is verb v inside the phrase of the earlier verb `head`? (an infinitive or a
** subordinate clause after it, no comma, semicolon or coordination between) */
bool annals_compat_raw_dominated(const csent *s, int head, int v)
{
    static const char *const SUB[] = { "AFTER", "BEFORE", "WHEN", "WHILE", "BECAUSE", "SINCE", "UNTIL",
                                       "ALTHOUGH", "THOUGH", "UNLESS", "WHEREAS", NULL };
    int q = v - 1;   /* "to leave", "to be allowed", "to have been ..." */
    while (q > head && (s->t[q].pos == P_ADV || in_list(s->t[q].w, BE) || is_word(&s->t[q], "HAVE"))) q--;
    if (q > head && s->t[q].pos == P_TO) return true;
    for (int k = v - 1; k > head; k--) {
        const ctok *t = &s->t[k];
        if (t->pos == P_PUNCT || t->pos == P_CC) return false;
        if (in_list(t->w, SUB)) return true;
    }
    return false;
}

/* ---- with a parse ---- */

static void tree_roles(ctx_t *c, const vmatch *v, int *src, int *tgt)
{
    const csent *s = c->s;
    bool passive = false;
    int subj;
    subject_tree(c, v->i, &subj, &passive);
    int vp = vp_of(s, v->i);
    int by = passive && vp >= 0 ? by_phrase(c, vp) : -1;
    if (passive && by < 0) passive = false;   /* no agent phrase: coded as active */
    /* the pattern's `+` is the subject of the verb's own clause and its words reach
    ** back into the governing clause ("- NOTED + *": "X noted that Y regretted"):
    ** the source is the subject of the clause where the pattern starts (X) */
    if (!passive && *src < 0 && *tgt >= 0 && *tgt == subj && v->m.b >= 0 && v->m.b < v->vb) {
        int gsubj;
        bool gpass;
        subject_tree(c, v->m.b, &gsubj, &gpass);
        if (gsubj >= 0 && gsubj != *tgt) *src = gsubj;
    }
    if (passive) {
        if (*src < 0) *src = by;
        if (*tgt < 0) *tgt = subj;
        return;
    }
    if (*src < 0) *src = subj;
    if (*tgt < 0 && vp >= 0) {
        int e = s->node[vp].tok_e;
        int top = vp;
        *tgt = first_unit_in(c, v->ve, e, top, true, *src);
        if (*tgt < 0) *tgt = first_unit_in(c, v->ve, e, top, false, *src);
        /* a pronoun standing for the source ("crowds burned down its embassy") is no
        ** target of its own */
        if (*tgt < 0) { *tgt = pronoun_unit(c, v->ve, e); if (*tgt == *src) *tgt = -1; }
    }
}

/* ---- without a parse ---- */

static bool actor_at(const ctx_t *c, int j)
{
    return c->unit_of[j] >= 0 && c->u[c->unit_of[j]].has_actor;
}

/* the source of the verb at [vb, ...) whose clause starts at cs */
static int raw_source(ctx_t *c, int vb, int cs, int fwd_src)
{
    const csent *s = c->s;
    const compat_dialect *dl = dialect_of(c->d);
    int src = -1;
    if (dl->clause_source) {
        /* TABARI: the first actor of the verb's clause, else the source forwarded from the
        ** previous clause, else the first actor before the verb */
        for (int j = cs; j < vb && src < 0; j++) if (actor_at(c, j)) src = c->unit_of[j];
        if (src < 0 && cs > 0) src = fwd_src;
        for (int j = 0; j < vb && src < 0; j++) if (actor_at(c, j)) src = c->unit_of[j];
    }
    if (src < 0 && dl->subject_before_verb) {
        /* PETRARCH: the noun phrase right before the verb (adverbs, modals between) is
        ** its subject, also when it has an agent only ("the news agency said": ---GOV) */
        int j = vb - 1;
        while (j >= 0 && (s->t[j].pos == P_ADV || s->t[j].pos == P_MD)) j--;
        int ui = j >= 0 ? c->unit_of[j] : -1;
        if (ui >= 0 && c->u[ui].n_codes && !c->u[ui].null_unit && !c->u[ui].has_actor) src = ui;
    }
    if (src >= 0) return src;
    static const char *const SUBORD[] = { "AFTER", "BEFORE", "SINCE", "UNTIL", "AS", "ONCE", NULL };
    for (int j = vb - 1; j >= 0; j--) {
        int ui = c->unit_of[j];
        if (ui < 0 || !c->u[ui].has_actor) continue;
        int b = c->u[ui].b;
        /* PETRARCH: the phrase right before the verb is its subject, also after a
        ** subordinator tagged as a preposition ("after Calenardhon crowds burned") */
        int q = c->u[ui].e;
        while (q < vb && (s->t[q].pos == P_ADV || s->t[q].pos == P_MD)) q++;
        bool right_before = dl->subject_before_verb && q == vb && b > 0 && in_list(s->t[b - 1].w, SUBORD);
        if (!right_before && b > 0 && (s->t[b - 1].pos == P_PREP || s->t[b - 1].pos == P_TO) && !is_word(&s->t[b - 1], "OF")) {
            j = b;
            continue;
        }
        return ui;
    }
    for (int j = vb - 1; j >= 0; j--)
        if (c->unit_of[j] >= 0 && (c->allow_null || !c->u[c->unit_of[j]].null_unit)) return c->unit_of[j];
    return -1;
}

/* the target of verb v whose clause starts at cs, source src */
static int raw_target(ctx_t *c, const vmatch *v, int cs, int src)
{
    const csent *s = c->s;
    const compat_dialect *dl = dialect_of(c->d);
    for (int j = v->ve; j < s->n; j++) {
        if (clause_break(&s->t[j])) break;
        /* PETRARCH: after a comma, a phrase followed by its own verb is the subject of
        ** another clause ("..., a senior official said"): the search ends */
        if (dl->comma_opens_clause && j > v->ve && is_word(&s->t[j - 1], ",") && c->unit_of[j] >= 0) {
            int q = c->u[c->unit_of[j]].e;
            while (q < s->n && (s->t[q].pos == P_ADV || s->t[q].pos == P_MD)) q++;
            if (q < s->n && s->t[q].pos == P_VERB) break;
        }
        int ui = c->unit_of[j];
        if (ui >= 0 && ui != src && (c->allow_null || !c->u[ui].null_unit)
            && !(dl->target_not_source && src >= 0 && codes_within(&c->u[ui], &c->u[src]))) return ui;
    }
    /* TABARI: no target after the verb: the nearest actor before it in its clause that is
    ** not the source (not for subordinate codes: SAID [023?]) */
    bool subord_code = v->code[0] && v->code[strlen(v->code) - 1] == '?';
    if (!dl->target_before_verb || subord_code) return -1;
    for (int j = v->vb - 1; j >= cs; j--) {
        int ui = c->unit_of[j];
        if (ui >= 0 && ui != src && c->u[ui].has_actor && !(src >= 0 && codes_within(&c->u[ui], &c->u[src])))
            return ui;
    }
    return -1;
}

static void raw_roles(ctx_t *c, const vmatch *v, int fwd_src, int *src, int *tgt)
{
    const csent *s = c->s;
    /* the verb's clause: back to a conjunction not joining two actor phrases, or to
    ** . ; : ( ) */
    int cs = v->vb;
    while (cs > 0 && !clause_break(&s->t[cs - 1])
           && !(s->t[cs - 1].pos == P_CC && !(cs >= 2 && c->mtok[cs - 2] && c->mtok[cs]))) cs--;
    if (*src < 0) *src = raw_source(c, v->vb, cs, fwd_src);
    if (*tgt < 0) *tgt = raw_target(c, v, cs, *src);
}

void annals_compat_roles(ctx_t *c, const vmatch *v, int fwd_src, int *src, int *tgt)
{
    const csent *s = c->s;
    for (int pass = 0; pass < (c->d->require_dyad ? 1 : 2); pass++) {
        c->allow_null = pass == 1;
        if (pass == 1 && *src >= 0 && *tgt >= 0) break;
        if (s->node) tree_roles(c, v, src, tgt);
        else raw_roles(c, v, fwd_src, src, tgt);
    }
    /* raw text passive: BE (adverbs) VERB-ED (up to two words) BY actor: the BY actor is the source */
    if (!s->node && *src >= 0 && *tgt >= 0 && v->m.src < 0 && v->m.tgt < 0 && raw_passive(c, v->vb, v->ve, *tgt)) {
        int x = *src;
        *src = *tgt;
        *tgt = x;
    }
    c->allow_null = false;
}

/* ---- TABARI DEFAULT ---- */

static void code_unit_at(unit *u, int tok, const char *code)
{
    memset(u, 0, sizeof *u);
    u->b = u->e = tok;
    u->n_codes = 1;
    u->has_actor = true;
    snprintf(u->codes[0], sizeof u->codes[0], "%s", code);
}

/* u without its first code */
static void rest_of(unit *out, const unit *u)
{
    *out = *u;
    memmove(out->codes[0], out->codes[1], sizeof out->codes[0] * (size_t)(u->n_codes - 1));
    out->n_codes = u->n_codes - 1;
}

/* A missing source is the SOURCE code with PRIOR, else the target stands as source (a
** compound target: its first member; the others stay target); a missing target is the
** TARGET code with AFTER, else a compound source is split (first member source, the
** others target), else the TARGET code. */
void annals_compat_defaults(const compat_dict *d, const vmatch *v, const unit **sup, const unit **tup,
                            unit scratch[4])
{
    if (!d->def_src[0] && !d->def_tgt[0]) return;
    const unit *su = *sup, *tu = *tup;
    unit *split_su = &scratch[2], *split_tu = &scratch[3];
    if (!su && d->def_prior && d->def_src[0]) {
        code_unit_at(&scratch[0], v->vb, d->def_src);
        su = &scratch[0];
    } else if (!su && tu) {
        *split_su = *tu;
        split_su->n_codes = 1;
        if (tu->n_codes > 1) {
            rest_of(split_tu, tu);
            tu = split_tu;
        } else tu = NULL;
        su = split_su;
    }
    if (!tu && su && !d->def_after && su->n_codes > 1) {
        rest_of(split_tu, su);
        *split_su = *su;
        split_su->n_codes = 1;
        su = split_su;
        tu = split_tu;
    }
    if (!tu && d->def_tgt[0]) {
        code_unit_at(&scratch[1], v->ve, d->def_tgt);
        tu = &scratch[1];
    }
    *sup = su;
    *tup = tu;
}
