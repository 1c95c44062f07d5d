/* SPDX-License-Identifier: MIT
** compat/units.c -- actor phrases and the noun-phrase units of a sentence.
**
** Actors and agents: the longest phrase of the dictionaries' token trie at every
** token (TABARI stems match word prefixes), date-restricted codes resolved
** against the sentence date. The phrases are grouped into units: with a parse,
** the highest NP reached from the word through noun-like phrases, its meaning
** built bottom-up as PETRARCH2 describes it (own words, then NP children, then PP
** children; coordinated NPs make a compound); without one, a chunk of rawtag.c,
** its phrases composed in text order. A unit's codes are each actor with its
** agents ("MSF Arnor diplomat" NGOARNGOV), or --- plus the agent. PETRARCH
** <Config>: new_actor_length codes short uncoded phrases by their text,
** require_dyad off makes them null units "---". TABARI text: a personal pronoun
** stands for the first actor of the sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "match_internal.h"

/* ---- trie look-up ---- */

/* Depth-first over the trie from node at token j: a word may follow its exact edge
** and (TABARI) any stem edge, so "ITHILEN" (stem) is found beside "ITHILEN_GOVERNMENT".
** TABARI gap edges (a blank in the phrase) may be taken at any later token. The best
** match has the most phrase words, then the shortest span. */
static void edges_at(const compat_dict *d, const ctok *t, uint32_t node, bool gap, uint32_t *next, int *nn)
{
    if (t->wid) {
        uint32_t c = annals_compat_map_get(&d->edges, compat_edge_key(node, t->wid, gap, false));
        if (c) next[(*nn)++] = c;
    }
    if (dialect_of(d)->noun_endings && t->len > 2) {   /* noun endings on an exact last word: LIBYAS, LIBYA'S */
        static const char *const END[] = { "'S", "S'", "ES", "S", NULL };
        for (int k = 0; END[k]; k++) {
            size_t el = strlen(END[k]);
            if (t->len <= el + 1 || strcmp(t->w + t->len - el, END[k])) continue;
            uint32_t w = annals_compat_words_find(&d->words, t->w, t->len - el);
            uint32_t c = w ? annals_compat_map_get(&d->edges, compat_edge_key(node, w, gap, false)) : 0;
            if (c && d->nodes[c].noun_end && *nn < 24) next[(*nn)++] = c;
        }
    }
    if (d->has_stems) {
        uint32_t maxl = t->len < d->max_stem ? t->len : d->max_stem;
        for (uint32_t l = maxl; l >= 2 && *nn < 24; l--) {
            uint32_t w = annals_compat_words_find(&d->words, t->w, l);
            if (!w) continue;
            uint32_t c = annals_compat_map_get(&d->edges, compat_edge_key(node, w, gap, true));
            if (c) next[(*nn)++] = c;
        }
    }
}

static void longest_from(const compat_dict *d, const csent *s, uint32_t node, int i, int j, int *best, int *best_w,
                         uint32_t *ent, int depth, int *budget, bool gaps)
{
    if (j >= s->n || depth > 24 || --*budget < 0) return;
    for (int g = j; g < s->n; g++) {
        if (g > j && (!d->nodes[node].gap_kids || !gaps)) break;
        if (g > j && dialect_of(d)->near_gaps) {
            /* PETRARCH: at most two words between, inside the same noun phrase */
            const ctok *t = &s->t[g - 1];
            if (g > j + 2 || t->pos == P_PUNCT || t->pos == P_CC || t->pos == P_VERB || t->pos == P_PREP) break;
            if (s->node && (s->t[g].leaf < 0 || s->t[i].leaf < 0
                            || s->node[s->t[g].leaf].parent != s->node[s->t[i].leaf].parent)) break;
        }
        uint32_t next[24];
        int nn = 0;
        if (g == j) edges_at(d, &s->t[g], node, false, next, &nn);
        if (d->nodes[node].gap_kids && depth > 0) edges_at(d, &s->t[g], node, true, next, &nn);
        for (int k = 0; k < nn; k++) {
            uint32_t c = next[k];
            int w = (int)d->nodes[c].ntok, span = g - i + 1;
            if (d->nodes[c].entry && (w > *best_w || (w == *best_w && span < *best))) {
                *best = span; *best_w = w; *ent = d->nodes[c].entry;
            }
            longest_from(d, s, c, i, g + 1, best, best_w, ent, depth + 1, budget, gaps);
        }
        if (depth == 0) break;
    }
}

int annals_compat_longest(const compat_dict *d, const csent *s, int i, uint32_t *ent, bool gaps)
{
    int best = 0, best_w = 0, budget = 4096;
    *ent = 0;
    longest_from(d, s, 1, i, i, &best, &best_w, ent, 0, &budget, gaps);
    return best;
}

static const char *actor_code(const compat_dict *d, const actor_entry *e, int32_t date)
{
    for (uint32_t k = 0; k < e->n_dc; k++) {
        const datecode *dc = &d->dc[e->first_dc + k];
        if (date >= dc->from && date <= dc->to) return d->words.w[dc->code];
    }
    if (e->has_dflt) return d->words.w[e->dflt];
    return NULL;
}

/* ---- tree phrases ---- */

static bool np_like(const char *l)
{
    return label_is(l, "NP") || label_is(l, "NML") || label_is(l, "PP") || label_is(l, "ADJP")
        || label_is(l, "QP") || label_is(l, "UCP") || label_is(l, "NX") || label_is(l, "WHNP")
        || label_is(l, "PRN");
}

int annals_compat_unit_node(const csent *s, int tok)
{
    int leaf = s->t[tok].leaf;
    if (leaf < 0) return -1;
    int n = s->node[leaf].parent, top_np = -1;
    while (n >= 0 && np_like(s->node[n].label)) {
        /* a temporal NP ("said today": NP-TMP) names no actor: no unit (PETRARCH converts
        ** only plain NPs to noun units) */
        if ((label_is(s->node[n].label, "NP") && strncmp(s->node[n].label, "NP-TMP", 6))
            || label_is(s->node[n].label, "WHNP")) top_np = n;
        n = s->node[n].parent;
    }
    return top_np;
}

static bool is_np(const char *l)
{
    return label_is(l, "NP") || label_is(l, "NML") || label_is(l, "NX") || label_is(l, "WHNP") || label_is(l, "QP")
        || label_is(l, "ADJP") || label_is(l, "UCP") || label_is(l, "PRN");
}

static int owner_node(const csent *s, int b, int e)
{
    int n = s->t[b].leaf;
    if (n < 0) return -1;
    n = s->node[n].parent;
    while (n >= 0 && !(s->node[n].tok_b <= b && s->node[n].tok_e >= e)) n = s->node[n].parent;
    return n;
}

/* ---- meanings: actor codes, suffix and prefix agents ---- */

typedef struct {
    const char *a[MAX_CODES]; int na;     /* actor codes (or composed codes of a compound) */
    const char *g[MAX_CODES]; int ng;     /* suffix agents (~GOV) */
    const char *p[MAX_CODES]; int np;     /* prefix agents (NGO~) */
} meaning_t;

static void add_code(unit *u, const char *c)
{
    for (int k = 0; k < u->n_codes; k++) if (!strcmp(u->codes[k], c)) return;
    if (u->n_codes < MAX_CODES) snprintf(u->codes[u->n_codes++], sizeof u->codes[0], "%.63s", c);
}

static bool ends_with(const char *s, const char *x)
{
    size_t a = strlen(s), b = strlen(x);
    return a >= b && !strcmp(s + a - b, x);
}

static void push(const char **v, int *n, const char *x)
{
    for (int i = 0; i < *n; i++) if (!strcmp(v[i], x)) return;
    if (*n < MAX_CODES) v[(*n)++] = x;
}

static void push_agents(meaning_t *to, const meaning_t *from)
{
    for (int i = 0; i < from->ng; i++) push(to->g, &to->ng, from->g[i]);
    for (int i = 0; i < from->np; i++) push(to->p, &to->np, from->p[i]);
}

/* composed codes of a meaning: prefix + actor + agent */
static void compose(csent *s, const meaning_t *m, const char **out, int *n)
{
    *n = 0;
    const char *actors[MAX_CODES];
    int na = 0;
    for (int i = 0; i < m->na; i++) actors[na++] = m->a[i];
    if (!na && (m->ng || m->np)) actors[na++] = "---";
    char prefix[40] = "";
    for (int k = 0; k < m->np; k++) {
        size_t l = strlen(prefix);
        snprintf(prefix + l, sizeof prefix - l, "%s", m->p[k]);
    }
    for (int a = 0; a < na; a++) {
        char full[80];
        if (!m->ng) {
            snprintf(full, sizeof full, "%s%s", prefix, actors[a]);
            char *cp = cx_strdup(s, full);
            if (cp) push(out, n, cp);
            continue;
        }
        for (int k = 0; k < m->ng; k++) {
            if (ends_with(actors[a], m->g[k]) && strcmp(actors[a], "---"))
                snprintf(full, sizeof full, "%s%s", prefix, actors[a]);
            else snprintf(full, sizeof full, "%s%s%s", prefix, actors[a], m->g[k]);
            char *cp = cx_strdup(s, full);
            if (cp) push(out, n, cp);
        }
    }
}

static void mention_codes(ctx_t *c, const ment *mt, meaning_t *m, bool *is_actor)
{
    const compat_dict *d = c->d;
    const actor_entry *e = &d->act[mt->ent - 1];
    const char *code = actor_code(d, e, c->s->date);
    *is_actor = false;
    if (!code) return;
    if (dialect_of(d)->null_code_is_noun && !strcmp(code, "---")) return;
    if (e->is_agent) {
        /* TABARI's FORMER conversion (PETRARCH records expect it too): "former security
        ** officials", "former Gondor prosecutors": the agent is ELI */
        const csent *s = c->s;
        for (int k = mt->b - 1; k >= 0 && k >= mt->b - 3; k--) {
            const ctok *t = &s->t[k];
            if (is_word(t, "FORMER") || is_word(t, "EX") || is_word(t, "EX-")) { code = "ELI"; break; }
            if (t->pos == P_PUNCT || t->pos == P_CC || t->pos == P_VERB || t->pos == P_PREP) break;
        }
        if (e->agent_prefix) push(m->p, &m->np, code);
        else push(m->g, &m->ng, code);
        return;
    }
    *is_actor = true;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s", code);
    char *save = NULL;
    for (char *t = strtok_r(tmp, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        char *cp = cx_strdup(c->s, t);
        if (cp) push(m->a, &m->na, cp);
    }
}

/* ---- the meaning of a tree phrase, bottom-up ---- */

static bool new_actor_text(const ctx_t *c, int b, int e, char *buf, size_t cap);

#define MAX_KIDS 16
typedef struct {              /* the NP and PP children of a phrase */
    meaning_t m[MAX_KIDS];
    int node[MAX_KIDS];
    bool pp[MAX_KIDS];
    char new_text[MAX_KIDS][64];   /* new_actor_length: the text code of an uncoded member */
    int n, n_actor, n_agent, n_new;
    bool has_cc;              /* a conjunction among the phrase's own words */
} kids_t;

static void meaning(ctx_t *c, int x, const ment *m, int nm, meaning_t *out, int depth);

/* phrase x's own mentions: all their agents; actors compound only when a conjunction
** or comma separates them. *first_tok: the first actor's token, -1 */
static void own_meaning(ctx_t *c, int x, const ment *m, int nm, meaning_t *own, int *first_tok)
{
    const csent *s = c->s;
    int last_actor_e = -1;
    memset(own, 0, sizeof *own);
    *first_tok = -1;
    for (int k = 0; k < nm; k++) {
        if (m[k].owner != x) continue;
        meaning_t one = { 0 };
        bool is_actor;
        mention_codes(c, &m[k], &one, &is_actor);
        push_agents(own, &one);
        if (!is_actor) continue;
        if (*first_tok < 0) {
            *first_tok = m[k].b;
            for (int i = 0; i < one.na; i++) push(own->a, &own->na, one.a[i]);
        } else {
            bool sep = false;
            for (int t = last_actor_e; t < m[k].b; t++)
                if (s->t[t].pos == P_CC || is_word(&s->t[t], ",")) sep = true;
            if (sep) for (int i = 0; i < one.na; i++) push(own->a, &own->na, one.a[i]);
        }
        last_actor_e = m[k].e;
    }
}

static void kid_meanings(ctx_t *c, int x, const ment *m, int nm, kids_t *k, int depth)
{
    const csent *s = c->s;
    k->n = k->n_actor = k->n_agent = k->n_new = 0;
    k->has_cc = false;
    for (int ch = s->node[x].first_child; ch >= 0; ch = s->node[ch].next) {
        const char *l = s->node[ch].label;
        if (s->node[ch].first_child < 0) {
            if (s->node[ch].tok_b < s->n && (s->t[s->node[ch].tok_b].pos == P_CC)) k->has_cc = true;
            continue;
        }
        bool pp = label_is(l, "PP");
        if (!pp && !is_np(l)) continue;
        if (k->n >= MAX_KIDS) break;
        int i = k->n;
        meaning_t *km = &k->m[i];
        meaning(c, ch, m, nm, km, depth + 1);
        k->node[i] = ch;
        k->pp[i] = pp;
        if (!pp && km->na) k->n_actor++;
        if (!pp && !km->na && (km->ng || km->np)) k->n_agent++;
        if (!pp && !km->na && !km->ng && !km->np && c->d->new_actor_length > 0
            && new_actor_text(c, s->node[ch].tok_b, s->node[ch].tok_e, k->new_text[i], sizeof k->new_text[0]))
            k->n_new++;
        else k->new_text[i][0] = 0;
        k->n++;
    }
}

/* a flat noun phrase coordinating agent nouns ("the Danish Islamist media and
** government"): the agents before the last noun ahead of the conjunction modify every
** coordinated noun, stacked after the actor (DNKMUSMED, DNKMUSGOV). false: not such a phrase */
static bool agent_coordination(ctx_t *c, int x, const ment *m, int nm, const meaning_t *own, meaning_t *out)
{
    csent *s = c->s;
    int cc = -1;
    for (int ch = s->node[x].first_child; ch >= 0; ch = s->node[ch].next)
        if (s->node[ch].first_child < 0 && s->node[ch].tok_b < s->n && s->t[s->node[ch].tok_b].pos == P_CC) {
            cc = s->node[ch].tok_b;
            break;
        }
    const char *ag[MAX_CODES];
    int agb[MAX_CODES], na = 0;
    for (int k = 0; k < nm && na < MAX_CODES; k++) {
        if (m[k].owner != x) continue;
        meaning_t one = { 0 };
        bool is_actor;
        mention_codes(c, &m[k], &one, &is_actor);
        if (is_actor || one.ng != 1 || one.np) continue;
        ag[na] = one.g[0];
        agb[na++] = m[k].b;
    }
    int h = -1;
    for (int k = 0; k < na; k++) if (agb[k] < cc) h = k;
    if (cc < 0 || h <= 0 || h + 1 >= na) return false;
    for (int k = h; k < na; k++) {
        char full[96];
        size_t l = (size_t)snprintf(full, sizeof full, "%s", own->na ? own->a[0] : "---");
        for (int j = 0; j < h && l < sizeof full; j++) l += (size_t)snprintf(full + l, sizeof full - l, "%s", ag[j]);
        if (l < sizeof full) snprintf(full + l, sizeof full - l, "%s", ag[k]);
        char *cp = cx_strdup(s, full);
        if (cp) push(out->a, &out->na, cp);
    }
    return true;
}

/* coordination: NPs, or NPs and bare nouns; a member with an agent only is "---AGENT";
** with new_actor_length, an uncoded member short enough is a new actor named by its text
** ("Eriador's death and injury toll": ERI, "INJURY TOLL") */
static void coordination(csent *s, const kids_t *k, const meaning_t *own, meaning_t *out)
{
    for (int i = 0; i < k->n; i++) {
        if (!k->pp[i] && k->new_text[i][0]) {
            char *cp = cx_strdup(s, k->new_text[i]);
            if (cp) push(out->a, &out->na, cp);
            continue;
        }
        if (k->pp[i] || (!k->m[i].na && !k->m[i].ng && !k->m[i].np)) continue;
        const char *codes[MAX_CODES];
        int n;
        compose(s, &k->m[i], codes, &n);
        for (int j = 0; j < n; j++) push(out->a, &out->na, codes[j]);
    }
    for (int i = 0; i < own->na; i++) push(out->a, &out->na, own->a[i]);
}

/* no coordination: the earliest of own actors and NP children with actors, else a PP's;
** the other children's agents are added */
static void pick_meaning(const csent *s, const kids_t *k, const meaning_t *own, int first_tok, meaning_t *out)
{
    int pick = -2, pick_tok = first_tok >= 0 ? first_tok : 1 << 30;
    if (first_tok >= 0) pick = -1;
    for (int i = 0; i < k->n; i++)
        if (!k->pp[i] && k->m[i].na && s->node[k->node[i]].tok_b < pick_tok) { pick = i; pick_tok = s->node[k->node[i]].tok_b; }
    if (pick == -2)
        for (int i = 0; i < k->n; i++) if (k->pp[i] && k->m[i].na) { pick = i; break; }
    if (pick == -1) for (int i = 0; i < own->na; i++) push(out->a, &out->na, own->a[i]);
    else if (pick >= 0) {
        for (int i = 0; i < k->m[pick].na; i++) push(out->a, &out->na, k->m[pick].a[i]);
        push_agents(out, &k->m[pick]);
    }
    for (int i = 0; i < k->n; i++) {
        if (k->pp[i] || i == pick) continue;
        push_agents(out, &k->m[i]);
    }
}

static void meaning(ctx_t *c, int x, const ment *m, int nm, meaning_t *out, int depth)
{
    memset(out, 0, sizeof *out);
    if (depth > 40) return;
    meaning_t own;
    int first_tok;
    own_meaning(c, x, m, nm, &own, &first_tok);
    kids_t k;
    kid_meanings(c, x, m, nm, &k, depth);
    if (k.has_cc && !k.n_actor && !k.n_agent && own.na <= 1 && !own.np && agent_coordination(c, x, m, nm, &own, out))
        return;
    push_agents(out, &own);
    int with_own = own.na > 0;
    if (k.has_cc && k.n_actor + with_own >= 1 && k.n_actor + k.n_agent + k.n_new + with_own >= 2) {
        coordination(c->s, &k, &own, out);
        return;
    }
    pick_meaning(c->s, &k, &own, first_tok, out);
}

/* ---- uncoded phrases ---- */

/* raw text: a bare time expression ("said today", "met last week") is an adverbial, not a
** noun phrase that may stand as source or target (the parser's NP-TMP); "on Saturday"
** after a preposition stays a phrase */
static bool temporal_chunk(const csent *s, int b, int e)
{
    static const char *const DAYW[] = { "TODAY", "YESTERDAY", "TOMORROW", "TONIGHT", NULL };
    static const char *const REL[] = { "LAST", "THIS", "NEXT", NULL };
    static const char *const UNITW[] = { "WEEK", "MONTH", "YEAR", "MORNING", "AFTERNOON", "EVENING", "NIGHT",
                                         "WEEKEND", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
                                         "SATURDAY", "SUNDAY", NULL };
    if (s->node || b >= e || (b > 0 && (s->t[b - 1].pos == P_PREP || s->t[b - 1].pos == P_TO))) return false;
    if (e - b == 1) return in_list(s->t[b].w, DAYW);
    return e - b == 2 && in_list(s->t[b].w, REL) && in_list(s->t[b + 1].w, UNITW);
}

/* new_actor_length: the quoted text of tokens [b, e) (possessive 's and punctuation left
** out) when it has 1..N words; false otherwise */
static bool new_actor_text(const ctx_t *c, int b, int e, char *buf, size_t cap)
{
    const csent *s = c->s;
    int words = 0;
    for (int i = b; i < e; i++) if (s->t[i].pos != P_POS && s->t[i].pos != P_PUNCT) words++;
    if (c->d->new_actor_length <= 0 || words == 0 || words > c->d->new_actor_length || cap < 4) return false;
    size_t l = 0;
    buf[l++] = '"';
    for (int i = b; i < e; i++) {
        if (s->t[i].pos == P_POS || s->t[i].pos == P_PUNCT) continue;
        int k = snprintf(buf + l, cap - l, "%s%s", l > 1 ? " " : "", s->t[i].w);
        if (k < 0 || (size_t)k >= cap - l - 2) return false;
        l += (size_t)k;
    }
    buf[l++] = '"';
    buf[l] = 0;
    return true;
}

/* codes a unit without actors: its text when short enough (new_actor_length), else "---" */
static void uncoded_unit(ctx_t *c, unit *u)
{
    const csent *s = c->s;
    if (temporal_chunk(s, u->b, u->e)) return;
    char buf[160];
    if (new_actor_text(c, u->b, u->e, buf, sizeof buf)) {
        add_code(u, buf);
        u->has_actor = true;
        return;
    }
    if (!c->d->require_dyad) { add_code(u, "---"); u->null_unit = true; }
}

/* ---- units of text without a parse: a chunk's phrases in order ---- */

typedef struct {
    int last_e;               /* end of the last actor taken */
    int last_ag;              /* end of the last agent (CONVERT AGENT groups) */
    int prev_e;               /* end of the previous mention of the unit */
    bool have;                /* an actor was taken */
    bool has_pend;            /* an "AGENT of" waits for its actor */
    meaning_t pend;
    const char *extra[MAX_CODES];   /* members with their own agents */
    int n_extra;
    const char *first_a;      /* the unit's first actor code */
    char grp[MAX_CODES][64];  /* CONVERT AGENT: "~" + agents, a group per list member */
    int n_grp;
} flat_t;

static bool sep_between(const csent *s, int b, int e)
{
    for (int t = b; t < e; t++) if (s->t[t].pos == P_CC || is_word(&s->t[t], ",")) return true;
    return false;
}

static void add_extra(csent *s, flat_t *f, const meaning_t *mem)
{
    const char *mc[MAX_CODES];
    int mn;
    compose(s, mem, mc, &mn);
    for (int i = 0; i < mn && f->n_extra < MAX_CODES; i++) f->extra[f->n_extra++] = mc[i];
}

/* CONVERT AGENT: an agent of a list member starts or extends its "~AGENT" group */
static void convert_group(const csent *s, flat_t *f, const ment *mk, const meaning_t *one)
{
    bool sep = f->last_ag < 0 || sep_between(s, f->last_ag, mk->b);
    if (sep && f->n_grp < MAX_CODES) snprintf(f->grp[f->n_grp++], sizeof f->grp[0], "~");
    for (int i = 0; i < one->np + one->ng && f->n_grp; i++) {
        size_t l = strlen(f->grp[f->n_grp - 1]);
        snprintf(f->grp[f->n_grp - 1] + l, sizeof f->grp[0] - l, "%s", i < one->np ? one->p[i] : one->g[i - one->np]);
    }
    f->last_ag = mk->e;
}

/* "AGENT of ACTOR": the agent belongs to that actor only ("Ithilen and the government of
** Gondor": ITH, GONGOV); PETRARCH: after a conjunction or comma */
static bool agent_of_actor(const ctx_t *c, const flat_t *f, const ment *m, int nm, int k, const unit *u)
{
    const csent *s = c->s;
    if (k + 1 >= nm || m[k + 1].key != u->node) return false;
    int q = m[k].e;
    bool of = q < m[k + 1].b && is_word(&s->t[q], "OF");
    if (of) q++;
    while (q < m[k + 1].b && s->t[q].pos == P_DET) q++;
    bool after_sep = f->have && sep_between(s, f->last_e < 0 ? 0 : f->last_e, m[k].b);
    const actor_entry *ne = &c->d->act[m[k + 1].ent - 1];
    return of && q == m[k + 1].b && !ne->is_agent && (dialect_of(c->d)->agent_of_anywhere || after_sep);
}

/* PETRARCH: an agent right after a conjunction that follows another mention, with no
** actor after it in the unit, is a member of its own: "the Danish media and government"
** DNKMED, ---GOV */
static bool agent_member(const ctx_t *c, const flat_t *f, const ment *m, int nm, int k, const unit *u)
{
    const csent *s = c->s;
    if (!dialect_of(c->d)->agent_member_after_cc || f->prev_e < 0 || f->prev_e >= m[k].b
        || s->t[f->prev_e].pos != P_CC) return false;
    for (int q = k + 1; q < nm; q++)
        if (m[q].key == u->node && !c->d->act[m[q].ent - 1].is_agent) return false;
    return true;
}

/* an actor mention of the unit: the member of a pending "AGENT of", else a new member
** of a compound when a conjunction or comma follows the previous actor directly
** ("Gondor and Osgiliath", not "Ithilen's awful and evil minister Calimehtar") */
static void flat_actor(ctx_t *c, flat_t *f, const ment *mk, const meaning_t *one, meaning_t *mm)
{
    const csent *s = c->s;
    if (!f->first_a && one->na) f->first_a = one->a[0];
    if (f->has_pend) {
        f->has_pend = false;
        meaning_t mem = f->pend;
        mem.na = 0;
        for (int i = 0; i < one->na; i++) push(mem.a, &mem.na, one->a[i]);
        add_extra(c->s, f, &mem);
        f->have = true;
        f->last_e = mk->e;
        return;
    }
    bool sep = !f->have;
    int t0 = f->last_e;
    if (f->have && t0 < mk->b && s->t[t0].pos == P_POS) t0++;
    if (f->have && t0 < mk->b && (s->t[t0].pos == P_CC || is_word(&s->t[t0], ","))) sep = true;
    if (sep) for (int i = 0; i < one->na; i++) push(mm->a, &mm->na, one->a[i]);
    f->have = true;
    f->last_e = mk->e;
}

/* the meaning of chunk unit u in *mm; true when the unit was coded here already */
static bool flat_meaning(ctx_t *c, unit *u, const ment *m, int nm, meaning_t *mm)
{
    const compat_dict *d = c->d;
    csent *s = c->s;
    flat_t f;
    memset(&f, 0, sizeof f);
    f.last_e = f.last_ag = f.prev_e = -1;
    for (int k = 0; k < nm; k++) {
        if (m[k].key != u->node) continue;
        meaning_t one = { 0 };
        bool is_actor;
        mention_codes(c, &m[k], &one, &is_actor);
        bool agent = !is_actor && (one.ng || one.np);
        if (agent && d->convert_agent) convert_group(s, &f, &m[k], &one);
        if (agent && agent_of_actor(c, &f, m, nm, k, u)) {
            f.pend = one;
            f.has_pend = true;
            continue;
        }
        if (agent && agent_member(c, &f, m, nm, k, u)) {
            add_extra(s, &f, &one);
            f.prev_e = m[k].e;
            continue;
        }
        f.prev_e = m[k].e;
        push_agents(mm, &one);
        if (is_actor) flat_actor(c, &f, &m[k], &one, mm);
    }
    if (!dialect_of(d)->agent_only_unit && !mm->na && f.n_grp) {
        for (int g = 0; g < f.n_grp; g++) add_code(u, f.grp[g]);
        u->has_actor = true;
        return true;
    }
    if (f.has_pend) push_agents(mm, &f.pend);   /* an "AGENT of" without its actor stays in the unit */
    if (!f.n_extra) return false;
    const char *codes[MAX_CODES];
    int n;
    compose(s, mm, codes, &n);
    if (mm->na || (dialect_of(d)->agent_only_unit && (mm->ng || mm->np))) for (int k = 0; k < n; k++) add_code(u, codes[k]);
    for (int k = 0; k < f.n_extra; k++) add_code(u, f.extra[k]);
    u->has_actor = true;
    if (!s->fwd_out[0] && f.first_a && strcmp(f.first_a, "---")) snprintf(s->fwd_out, sizeof s->fwd_out, "%.63s", f.first_a);
    return true;
}

/* ---- building the units ---- */

/* the sentence's actor and agent phrases into m (kept in c->ments); their number */
static int collect_mentions(ctx_t *c, const int *chunk, ment *m)
{
    const compat_dict *d = c->d;
    csent *s = c->s;
    int nm = 0;
    for (int i = 0; i < s->n && nm < MAX_UNITS * 2;) {
        uint32_t ent;
        int len = annals_compat_longest(d, s, i, &ent, true);
        if (!len) { i++; continue; }
        int key = s->node ? annals_compat_unit_node(s, i) : chunk[i];
        if (key < 0) key = -(i + 2);   /* a unit of its own */
        m[nm++] = (ment){ i, i + len, ent, key, s->node ? owner_node(s, i, i + len) : -1 };
        if (c->mtok) for (int k = i; k < i + len; k++) c->mtok[k] = 1;
        i += len;
    }
    ment *keep = cx_calloc(s, (size_t)nm + 1, sizeof *keep);
    if (keep) { memcpy(keep, m, (size_t)nm * sizeof *m); c->ments = keep; c->n_ments = nm; }
    return nm;
}

/* one unit per key of the mentions: the tree node's span, or the whole chunk */
static void open_units(ctx_t *c, const int *chunk, const ment *m, int nm)
{
    const csent *s = c->s;
    c->n_u = 0;
    for (int k = 0; k < nm; k++) {
        int ui = -1;
        for (int j = 0; j < c->n_u; j++) if (c->u[j].node == m[k].key) ui = j;
        if (ui >= 0) continue;
        if (c->n_u >= MAX_UNITS) break;
        ui = c->n_u++;
        unit *u = &c->u[ui];
        memset(u, 0, sizeof *u);
        u->node = m[k].key;
        u->b = m[k].b;
        u->e = m[k].e;
        if (s->node && m[k].key >= 0) { u->b = s->node[m[k].key].tok_b; u->e = s->node[m[k].key].tok_e; }
        else if (!s->node && m[k].key >= 0) {
            int b = m[k].b, e = m[k].e;
            while (b > 0 && chunk[b - 1] == m[k].key) b--;
            while (e < s->n && chunk[e] == m[k].key) e++;
            u->b = b; u->e = e;
        }
    }
}

/* the unit's codes from its meaning */
static void code_unit(ctx_t *c, unit *u, const meaning_t *mm)
{
    csent *s = c->s;
    const char *codes[MAX_CODES];
    int n;
    compose(s, mm, codes, &n);
    u->has_actor = mm->na > 0;
    /* FORWARD: the sentence's first actor, its actor code only (agents are not forwarded) */
    if (mm->na && !s->fwd_out[0] && strcmp(mm->a[0], "---")) snprintf(s->fwd_out, sizeof s->fwd_out, "%.63s", mm->a[0]);
    if (!dialect_of(c->d)->agent_only_unit && !u->has_actor) return;   /* TABARI: an agent alone is no actor */
    for (int k = 0; k < n; k++) add_code(u, codes[k]);
}

/* uncoded noun phrases: new actors named by their text (new_actor_length), or null
** units "---" when require_dyad is off; units are kept in text order */
static void uncoded_units(ctx_t *c, const int *chunk)
{
    const csent *s = c->s;
    for (int ui = 0; ui < c->n_u; ui++) if (!c->u[ui].n_codes) uncoded_unit(c, &c->u[ui]);
    for (int i = 0; i < s->n && c->n_u < MAX_UNITS; i++) {
        int key = s->node ? annals_compat_unit_node(s, i) : chunk[i];
        if (key < 0 || s->t[i].pos == P_PUNCT) continue;
        bool have = false;
        for (int j = 0; j < c->n_u; j++) if (c->u[j].node == key) have = true;
        if (have) continue;
        unit *u = &c->u[c->n_u++];
        memset(u, 0, sizeof *u);
        u->node = key;
        if (s->node) { u->b = s->node[key].tok_b; u->e = s->node[key].tok_e; }
        else {
            u->b = i; u->e = i;
            while (u->e < s->n && chunk[u->e] == key) u->e++;
        }
        uncoded_unit(c, u);
    }
    for (int a = 1; a < c->n_u; a++) {
        unit x = c->u[a];
        int b = a - 1;
        while (b >= 0 && c->u[b].b > x.b) { c->u[b + 1] = c->u[b]; b--; }
        c->u[b + 1] = x;
    }
}

/* TABARI pronoun dereferencing (raw text): a personal pronoun stands for the first
** actor of the sentence before it ("X urged Y ... and then it requested": it = X) */
static void pronoun_units(ctx_t *c)
{
    static const char *const PERS[] = { "HE", "SHE", "IT", "THEY", "HIM", "HER", "THEM", NULL };
    const csent *s = c->s;
    int first = -1;
    for (int i = 0; i < s->n && c->n_u < MAX_UNITS; i++) {
        int ui = c->unit_of[i];
        if (ui >= 0 && first < 0 && c->u[ui].has_actor) first = ui;
        if (ui >= 0 || (first < 0 && !(c->d->forward && s->fwd_in[0])) || s->t[i].pos != P_PRON) continue;
        if (!in_list(s->t[i].w, PERS)) continue;
        unit *u = &c->u[c->n_u];
        if (first >= 0) *u = c->u[first];
        else {   /* FORWARD: the first actor of the previous sentence */
            memset(u, 0, sizeof *u);
            add_code(u, s->fwd_in);
            u->has_actor = true;
        }
        u->b = i; u->e = i + 1; u->node = -(i + 2); u->pronoun = true;
        c->unit_of[i] = c->n_u++;
    }
}

void annals_compat_build_units(ctx_t *c)
{
    const compat_dict *d = c->d;
    csent *s = c->s;
    int *chunk = cx_calloc(s, (size_t)s->n + 1, sizeof *chunk);
    if (!chunk) return;
    if (!s->node) annals_compat_raw_chunks(d, s, chunk);
    ment m[MAX_UNITS * 2];
    int nm = collect_mentions(c, chunk, m);
    open_units(c, chunk, m, nm);
    for (int ui = 0; ui < c->n_u; ui++) {
        unit *u = &c->u[ui];
        meaning_t mm = { 0 };
        if (s->node && u->node >= 0) meaning(c, u->node, m, nm, &mm, 0);
        else if (flat_meaning(c, u, m, nm, &mm)) continue;
        code_unit(c, u, &mm);
    }
    if (!d->require_dyad || d->new_actor_length > 0) uncoded_units(c, chunk);
    /* drop units without codes */
    int w = 0;
    for (int ui = 0; ui < c->n_u; ui++) if (c->u[ui].n_codes) c->u[w++] = c->u[ui];
    c->n_u = w;
    for (int i = 0; i < s->n; i++) c->unit_of[i] = -1;
    for (int ui = 0; ui < c->n_u; ui++)
        for (int i = c->u[ui].b; i < c->u[ui].e; i++) if (c->unit_of[i] < 0) c->unit_of[i] = ui;
    if (dialect_of(d)->pronoun_first_actor && !s->node) pronoun_units(c);
}

/* With a parse: a unit for the noun phrase x inside a larger unit ("the parliament of
** Gondor in Eriador": the phrase "Gondor in Eriador" is GON), kept after the sentence's
** units so that their order and unit_of are unchanged; -1 when it has no actor. */
int annals_compat_sub_unit(ctx_t *c, int x)
{
    csent *s = c->s;
    for (int k = c->n_u; k < c->n_u + c->n_sub; k++) if (c->u[k].node == x) return k;
    if (!c->ments || c->n_u + c->n_sub >= MAX_UNITS) return -1;
    meaning_t mm;
    meaning(c, x, c->ments, c->n_ments, &mm, 0);
    if (!mm.na) return -1;
    const char *codes[MAX_CODES];
    int n;
    compose(s, &mm, codes, &n);
    unit *u = &c->u[c->n_u + c->n_sub];
    memset(u, 0, sizeof *u);
    u->node = x;
    u->b = s->node[x].tok_b;
    u->e = s->node[x].tok_e;
    u->has_actor = true;
    for (int k = 0; k < n; k++) add_code(u, codes[k]);
    if (!u->n_codes) return -1;
    return c->n_u + c->n_sub++;
}
