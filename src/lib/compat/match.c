/* SPDX-License-Identifier: MIT
** compat/match.c -- the PETRARCH/TABARI coder over one sentence.
**
** 1. Actors and agents: longest phrase match in the token trie at every token
**    (TABARI stems match word prefixes); date-restricted codes resolved against
**    the sentence date. 2. Matches are grouped into noun-phrase units: with a
**    parse, the highest NP reached from the word through NP/PP/ADJP nodes only;
**    without, a shallow chunk. A unit's code is each actor with its agents
**    ("Calenardhon government" CALGOV, "MSF Arnor diplomat" NGOARNGOV), or ---
**    plus the agent; several actors are a compound. 3. For every verb form in the
**    dictionary: the block's patterns are matched over the words, those before
**    '*' backwards from the verb and those after it forwards ('_' adjacent, a
**    blank allows words between; within the verb phrase when there is a parse),
**    $/+/% take a unit at that place; the match with the most words wins, else
**    the verb's code. 4. Source and target not set by the pattern: the subject
**    (the NP before the verb's VP, climbing through subject-less clauses; the
**    "by" phrase of a passive) and the first unit after the verb. [A:B] codes
**    add the reverse event B. Compounds give one event per pair. 5. PETRARCH
**    <Config>: require_dyad off makes uncoded NPs null units "---", new_actor_length
**    codes short uncoded NPs by their text. A verb inside the verb phrase of a verb
**    that coded an event is not coded again; TABARI codes one verb per clause.
** TABARI raw text also: comma-delimited clauses deleted by length (COMMA:), actor
** phrases with words between their blank-separated words, noun endings on exact
** actor words, <NOUN>/<ADJECTIVE> lists, CONVERT AGENT, FORWARD:, DEFAULT: splits. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat_int.h"
#include "annals/error.h"

/* Arena allocations of the coder: a failure marks the sentence (s->oom), and
** compat_code_sentence then returns ANNALS_ENOMEM instead of fewer events. */
static char *sdup(csent *s, const char *t)
{
    char *p = annals_arena_strdup(s->arena, t);
    if (!p) s->oom = true;
    return p;
}

static void *szalloc(csent *s, size_t n, size_t size)
{
    void *p = annals_arena_calloc(s->arena, n, size);
    if (!p) s->oom = true;
    return p;
}

#define MAX_UNITS 64
#define MAX_CODES 12

typedef struct {
    int b, e;                 /* tokens [b, e) */
    int node;                 /* tree node of the unit, -1 */
    int n_codes;
    char codes[MAX_CODES][64];
    bool has_actor;
    bool pronoun;
    bool null_unit;           /* an uncoded noun phrase ("---"), only when require_dyad is off */
} unit;

typedef struct {
    const compat_dict *d;
    csent *s;
    int *unit_of;             /* token -> unit index or -1 */
    unit u[MAX_UNITS];
    int n_u;
    bool allow_null;          /* unit searches may return null units */
    uint8_t *mtok;            /* token inside an actor or agent phrase */
    const struct ment_s *ments; /* actor and agent mentions (for the meaning of inner phrases) */
    int n_ments;
    int n_sub;                /* inner-phrase units kept after the n_u units (sub_unit) */
} ctx_t;

/* ---- trie look-up ---- */

/* Depth-first over the trie from node at token j: a word may follow its exact edge
** and (TABARI) any stem edge, so "ITHILEN" (stem) is found beside "ITHILEN_GOVERNMENT".
** TABARI gap edges (a blank in the phrase) may be taken at any later token. The best
** match has the most phrase words, then the shortest span. */
static void edges_at(const compat_dict *d, const ctok *t, uint32_t node, bool gap, uint32_t *next, int *nn)
{
    if (t->wid) {
        uint32_t c = cmap_get(&d->edges, compat_edge_key(node, t->wid, gap, false));
        if (c) next[(*nn)++] = c;
    }
    if (d->tabari && t->len > 2) {   /* noun endings on an exact last word: LIBYAS, LIBYA'S */
        static const char *const END[] = { "'S", "S'", "ES", "S", NULL };
        for (int k = 0; END[k]; k++) {
            size_t el = strlen(END[k]);
            if (t->len <= el + 1 || strcmp(t->w + t->len - el, END[k])) continue;
            uint32_t w = wtab_find(&d->words, t->w, t->len - el);
            uint32_t c = w ? cmap_get(&d->edges, compat_edge_key(node, w, gap, false)) : 0;
            if (c && d->nodes[c].noun_end && *nn < 24) next[(*nn)++] = c;
        }
    }
    if (d->has_stems) {
        uint32_t maxl = t->len < d->max_stem ? t->len : d->max_stem;
        for (uint32_t l = maxl; l >= 2 && *nn < 24; l--) {
            uint32_t w = wtab_find(&d->words, t->w, l);
            if (!w) continue;
            uint32_t c = cmap_get(&d->edges, compat_edge_key(node, w, gap, true));
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
        if (g > j && !d->tabari) {
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

/* Longest actor/agent phrase at token i: returns its length, entry in *ent. */
static int longest_g(const compat_dict *d, const csent *s, int i, uint32_t *ent, bool gaps)
{
    int best = 0, best_w = 0, budget = 4096;
    *ent = 0;
    longest_from(d, s, 1, i, i, &best, &best_w, ent, 0, &budget, gaps);
    return best;
}

static int longest(const compat_dict *d, const csent *s, int i, uint32_t *ent)
{
    return longest_g(d, s, i, ent, true);
}

int compat_discard(const compat_dict *d, const csent *s)
{
    int kind = 0;
    for (int i = 0; i < s->n; i++) {
        uint32_t node = 1;
        for (int j = i; j < s->n; j++) {
            node = s->t[j].wid ? cmap_get(&d->disc_edges, compat_edge_key(node, s->t[j].wid, false, false)) : 0;
            if (!node) break;
            if (d->disc_kind[node] > kind) kind = d->disc_kind[node];
        }
    }
    return kind;
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

/* ---- units ---- */

static bool label_is(const char *l, const char *x)
{
    size_t n = strlen(x);
    return !strncmp(l, x, n) && (l[n] == 0 || l[n] == '-' || l[n] == '=');
}

static bool np_like(const char *l)
{
    return label_is(l, "NP") || label_is(l, "NML") || label_is(l, "PP") || label_is(l, "ADJP")
        || label_is(l, "QP") || label_is(l, "UCP") || label_is(l, "NX") || label_is(l, "WHNP")
        || label_is(l, "PRN");
}

static int unit_node(const csent *s, int tok)
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

static bool is_word(const ctok *t, const char *w)
{
    return !strcmp(t->w, w);
}

/* punctuation that ends a clause for the shallow coder (not commas, hyphens, quotes) */
static bool clause_break(const ctok *t)
{
    return t->pos == P_PUNCT && (is_word(t, ".") || is_word(t, ";") || is_word(t, ":") || is_word(t, "!")
                                 || is_word(t, "?") || is_word(t, "(") || is_word(t, ")"));
}

/* raw text: chunk ids from coarse tags. FROM joins a chunk that holds an agent and no
** actor yet ("soldiers from Gondor", as the parse's NP with its PP) */
static void raw_chunks(const compat_dict *d, const csent *s, int *chunk)
{
    int id = 0;
    bool open = false, open_agent = false, open_actor = false;
    int covered_to = 0;
    for (int i = 0; i < s->n; i++) {
        const ctok *t = &s->t[i];
        bool inside;
        if (i >= covered_to) {   /* the actor or agent phrase starting here */
            uint32_t ent;
            int len = longest(d, s, i, &ent);
            if (len) {
                covered_to = i + len;
                if (d->act[ent - 1].is_agent) open_agent = true; else open_actor = true;
            }
        }
        switch (t->pos) {
        case P_NOUN: case P_PROPN: case P_ADJ: case P_DET: case P_NUM: case P_POS: case P_PRON: case P_OTHER:
            inside = true; break;
        case P_CC: inside = open && !is_word(t, "BUT"); break;
        case P_PREP: inside = open && (is_word(t, "OF") || is_word(t, "IN")
                                       || (!d->tabari && is_word(t, "FROM") && open_agent && !open_actor)); break;
        case P_PUNCT:
            inside = open && is_word(t, ",");
            /* PETRARCH: a comma before a noun phrase followed by its own verb ends the chunk:
            ** "its embassy, a senior official said" (that phrase is the next clause's subject) */
            if (inside && !d->tabari) {
                int q = i + 1;
                while (q < s->n && (s->t[q].pos == P_DET || s->t[q].pos == P_ADJ || s->t[q].pos == P_NOUN
                                    || s->t[q].pos == P_PROPN || s->t[q].pos == P_NUM || s->t[q].pos == P_POS
                                    || s->t[q].pos == P_ADV)) q++;
                while (q < s->n && s->t[q].pos == P_MD) q++;
                if (q > i + 1 && q < s->n && s->t[q].pos == P_VERB) inside = false;
            }
            break;
        default: inside = false;
        }
        if (!inside) {
            chunk[i] = -1;
            if (open) id++;
            open = false;
            open_agent = open_actor = false;
            continue;
        }
        if (!open && (t->pos == P_CC || t->pos == P_PREP || t->pos == P_PUNCT)) {
            chunk[i] = -1;
            open_agent = open_actor = false;
            continue;
        }
        chunk[i] = id;
        open = true;
    }
}

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

typedef struct ment_s { int b, e; uint32_t ent; int key; int owner; } ment;

typedef struct {
    const char *a[MAX_CODES]; int na;     /* actor codes (or composed codes of a compound) */
    const char *g[MAX_CODES]; int ng;     /* suffix agents (~GOV) */
    const char *p[MAX_CODES]; int np;     /* prefix agents (NGO~) */
} meaning_t;

static void push(const char **v, int *n, const char *x)
{
    for (int i = 0; i < *n; i++) if (!strcmp(v[i], x)) return;
    if (*n < MAX_CODES) v[(*n)++] = x;
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
            char *cp = sdup(s, full);
            if (cp) push(out, n, cp);
            continue;
        }
        for (int k = 0; k < m->ng; k++) {
            if (ends_with(actors[a], m->g[k]) && strcmp(actors[a], "---"))
                snprintf(full, sizeof full, "%s%s", prefix, actors[a]);
            else snprintf(full, sizeof full, "%s%s%s", prefix, actors[a], m->g[k]);
            char *cp = sdup(s, full);
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
    if (d->tabari && !strcmp(code, "---")) return;   /* TABARI: a null-coded actor is a noun */
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
        char *cp = sdup(c->s, t);
        if (cp) push(m->a, &m->na, cp);
    }
}

static bool is_np(const char *l)
{
    return label_is(l, "NP") || label_is(l, "NML") || label_is(l, "NX") || label_is(l, "WHNP") || label_is(l, "QP")
        || label_is(l, "ADJP") || label_is(l, "UCP") || label_is(l, "PRN");
}

static bool new_actor_text(const ctx_t *c, int b, int e, char *buf, size_t cap);

static void meaning(ctx_t *c, int x, const ment *m, int nm, meaning_t *out, int depth)
{
    csent *s = c->s;
    memset(out, 0, sizeof *out);
    if (depth > 40) return;
    /* own mentions: actors compound only when a CC or comma separates them */
    int first_actor_tok = -1, last_actor_e = -1;
    bool own_compound = false;
    meaning_t own = { 0 };
    for (int k = 0; k < nm; k++) {
        if (m[k].owner != x) continue;
        meaning_t one = { 0 };
        bool is_actor;
        mention_codes(c, &m[k], &one, &is_actor);
        for (int i = 0; i < one.ng; i++) push(own.g, &own.ng, one.g[i]);
        for (int i = 0; i < one.np; i++) push(own.p, &own.np, one.p[i]);
        if (!is_actor) continue;
        if (first_actor_tok < 0) {
            first_actor_tok = m[k].b;
            for (int i = 0; i < one.na; i++) push(own.a, &own.na, one.a[i]);
        } else {
            bool sep = false;
            for (int t = last_actor_e; t < m[k].b; t++)
                if (s->t[t].pos == P_CC || is_word(&s->t[t], ",")) sep = true;
            if (sep) { own_compound = true; for (int i = 0; i < one.na; i++) push(own.a, &own.na, one.a[i]); }
        }
        last_actor_e = m[k].e;
    }
    (void)own_compound;
    /* children */
    int n_np_actor = 0, n_np_agent = 0, n_np_new = 0;
    char new_text[16][64];    /* new_actor_length: the text code of an uncoded member */
    bool has_cc = false;
    meaning_t kids[16];
    int kid_node[16], nk = 0;
    bool kid_pp[16];
    for (int ch = s->node[x].first_child; ch >= 0; ch = s->node[ch].next) {
        const char *l = s->node[ch].label;
        if (s->node[ch].first_child < 0) {
            if (s->node[ch].tok_b < s->n && (s->t[s->node[ch].tok_b].pos == P_CC)) has_cc = true;
            continue;
        }
        bool pp = label_is(l, "PP");
        if (!pp && !is_np(l)) continue;
        if (nk >= 16) break;
        meaning(c, ch, m, nm, &kids[nk], depth + 1);
        kid_node[nk] = ch;
        kid_pp[nk] = pp;
        if (!pp && kids[nk].na) n_np_actor++;
        if (!pp && !kids[nk].na && (kids[nk].ng || kids[nk].np)) n_np_agent++;
        if (!pp && !kids[nk].na && !kids[nk].ng && !kids[nk].np && c->d->new_actor_length > 0
            && new_actor_text(c, s->node[ch].tok_b, s->node[ch].tok_e, new_text[nk], sizeof new_text[0]))
            n_np_new++;
        else new_text[nk][0] = 0;
        nk++;
    }
    /* a flat noun phrase coordinating agent nouns ("the Danish Islamist media and
    ** government"): the agents before the last noun ahead of the conjunction modify every
    ** coordinated noun, stacked after the actor (DNKMUSMED, DNKMUSGOV) */
    if (has_cc && !n_np_actor && !n_np_agent && own.na <= 1 && !own.np) {
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
        if (cc >= 0 && h > 0 && h + 1 < na) {
            for (int k = h; k < na; k++) {
                char full[96];
                size_t l = (size_t)snprintf(full, sizeof full, "%s", own.na ? own.a[0] : "---");
                for (int j = 0; j < h && l < sizeof full; j++) l += (size_t)snprintf(full + l, sizeof full - l, "%s", ag[j]);
                if (l < sizeof full) snprintf(full + l, sizeof full - l, "%s", ag[k]);
                char *cp = sdup(s, full);
                if (cp) push(out->a, &out->na, cp);
            }
            return;
        }
    }
    for (int i = 0; i < own.ng; i++) push(out->g, &out->ng, own.g[i]);
    for (int i = 0; i < own.np; i++) push(out->p, &out->np, own.p[i]);
    /* coordination: NPs, or NPs and bare nouns; a member with an agent only is "---AGENT";
    ** with new_actor_length, an uncoded member short enough is a new actor named by its text
    ** ("Eriador's death and injury toll": ERI, "INJURY TOLL") */
    if (has_cc && n_np_actor + (own.na > 0) >= 1 && n_np_actor + n_np_agent + n_np_new + (own.na > 0) >= 2) {
        for (int k = 0; k < nk; k++) {
            if (!kid_pp[k] && new_text[k][0]) {
                char *cp = sdup(s, new_text[k]);
                if (cp) push(out->a, &out->na, cp);
                continue;
            }
            if (kid_pp[k] || (!kids[k].na && !kids[k].ng && !kids[k].np)) continue;
            const char *codes[MAX_CODES];
            int n;
            compose(s, &kids[k], codes, &n);
            for (int i = 0; i < n; i++) push(out->a, &out->na, codes[i]);
        }
        for (int i = 0; i < own.na; i++) push(out->a, &out->na, own.a[i]);
        return;
    }
    /* the earliest of own actors and NP children with actors; else a PP's */
    int pick = -2, pick_tok = first_actor_tok >= 0 ? first_actor_tok : 1 << 30;
    if (first_actor_tok >= 0) pick = -1;
    for (int k = 0; k < nk; k++)
        if (!kid_pp[k] && kids[k].na && s->node[kid_node[k]].tok_b < pick_tok) { pick = k; pick_tok = s->node[kid_node[k]].tok_b; }
    if (pick == -2)
        for (int k = 0; k < nk; k++) if (kid_pp[k] && kids[k].na) { pick = k; break; }
    if (pick == -1) for (int i = 0; i < own.na; i++) push(out->a, &out->na, own.a[i]);
    else if (pick >= 0) {
        for (int i = 0; i < kids[pick].na; i++) push(out->a, &out->na, kids[pick].a[i]);
        for (int i = 0; i < kids[pick].ng; i++) push(out->g, &out->ng, kids[pick].g[i]);
        for (int i = 0; i < kids[pick].np; i++) push(out->p, &out->np, kids[pick].p[i]);
    }
    for (int k = 0; k < nk; k++) {
        if (kid_pp[k] || k == pick) continue;
        for (int i = 0; i < kids[k].ng; i++) push(out->g, &out->ng, kids[k].g[i]);
        for (int i = 0; i < kids[k].np; i++) push(out->p, &out->np, kids[k].p[i]);
    }
}

static int owner_node(const csent *s, int b, int e)
{
    int n = s->t[b].leaf;
    if (n < 0) return -1;
    n = s->node[n].parent;
    while (n >= 0 && !(s->node[n].tok_b <= b && s->node[n].tok_e >= e)) n = s->node[n].parent;
    return n;
}

/* codes a unit without actors: its text when short enough (new_actor_length), else "---" */
static bool in_list(const char *w, const char *const *l);

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

static void build_units(ctx_t *c)
{
    const compat_dict *d = c->d;
    csent *s = c->s;
    int *chunk = szalloc(s, (size_t)s->n + 1, sizeof *chunk);
    if (!chunk) return;
    if (!s->node) raw_chunks(d, s, chunk);
    ment m[MAX_UNITS * 2];
    int nm = 0;
    for (int i = 0; i < s->n && nm < MAX_UNITS * 2;) {
        uint32_t ent;
        int len = longest(d, s, i, &ent);
        if (!len) { i++; continue; }
        int key = s->node ? unit_node(s, i) : chunk[i];
        if (key < 0) key = -(i + 2);   /* a unit of its own */
        m[nm++] = (ment){ i, i + len, ent, key, s->node ? owner_node(s, i, i + len) : -1 };
        if (c->mtok) for (int k = i; k < i + len; k++) c->mtok[k] = 1;
        i += len;
    }
    ment *keep = szalloc(s, (size_t)nm + 1, sizeof *keep);
    if (keep) { memcpy(keep, m, (size_t)nm * sizeof *m); c->ments = keep; c->n_ments = nm; }
    c->n_u = 0;
    for (int k = 0; k < nm; k++) {
        int ui = -1;
        for (int j = 0; j < c->n_u; j++) if (c->u[j].node == m[k].key) ui = j;
        if (ui < 0) {
            if (c->n_u >= MAX_UNITS) break;
            ui = c->n_u++;
            memset(&c->u[ui], 0, sizeof c->u[ui]);
            c->u[ui].node = m[k].key;
            c->u[ui].b = m[k].b;
            c->u[ui].e = m[k].e;
            if (s->node && m[k].key >= 0) { c->u[ui].b = s->node[m[k].key].tok_b; c->u[ui].e = s->node[m[k].key].tok_e; }
            else if (!s->node && m[k].key >= 0) {
                int b = m[k].b, e = m[k].e;
                while (b > 0 && chunk[b - 1] == m[k].key) b--;
                while (e < s->n && chunk[e] == m[k].key) e++;
                c->u[ui].b = b; c->u[ui].e = e;
            }
        }
    }
    for (int ui = 0; ui < c->n_u; ui++) {
        unit *u = &c->u[ui];
        meaning_t mm = { 0 };
        if (s->node && u->node >= 0) {
            meaning(c, u->node, m, nm, &mm, 0);
        } else {
            /* flat: the unit's mentions; actors compound when separated by CC or comma */
            int last_e = -1, last_ag = -1, n_grp = 0, n_extra = 0;
            bool have = false, has_pend = false;
            meaning_t pend = { 0 };
            const char *extra[MAX_CODES];   /* members with their own agents */
            const char *first_a = NULL;     /* the unit's first actor code */
            int prev_e = -1;                /* end of the previous mention of the unit */
            char grp[MAX_CODES][64];   /* CONVERT AGENT: "~" + agents, a group per list member */
            for (int k = 0; k < nm; k++) {
                if (m[k].key != u->node) continue;
                meaning_t one = { 0 };
                bool is_actor;
                mention_codes(c, &m[k], &one, &is_actor);
                if (!is_actor && (one.ng || one.np) && d->convert_agent) {
                    bool sep = last_ag < 0;
                    for (int t = last_ag; last_ag >= 0 && t < m[k].b; t++)
                        if (s->t[t].pos == P_CC || is_word(&s->t[t], ",")) sep = true;
                    if (sep && n_grp < MAX_CODES) snprintf(grp[n_grp++], sizeof grp[0], "~");
                    for (int i = 0; i < one.np + one.ng && n_grp; i++) {
                        size_t l = strlen(grp[n_grp - 1]);
                        snprintf(grp[n_grp - 1] + l, sizeof grp[0] - l, "%s", i < one.np ? one.p[i] : one.g[i - one.np]);
                    }
                    last_ag = m[k].e;
                }
                /* "AGENT of ACTOR": the agent belongs to that actor only ("Ithilen and the
                ** government of Gondor": ITH, GONGOV); PETRARCH: after a conjunction or comma */
                if (!is_actor && (one.ng || one.np) && k + 1 < nm && m[k + 1].key == u->node) {
                    int q = m[k].e;
                    bool of = q < m[k + 1].b && is_word(&s->t[q], "OF");
                    if (of) q++;
                    while (q < m[k + 1].b && s->t[q].pos == P_DET) q++;
                    bool after_sep = false;
                    for (int t = last_e < 0 ? 0 : last_e; have && t < m[k].b; t++)
                        if (s->t[t].pos == P_CC || is_word(&s->t[t], ",")) after_sep = true;
                    const actor_entry *ne = &d->act[m[k + 1].ent - 1];
                    if (of && q == m[k + 1].b && !ne->is_agent && (d->tabari ? true : after_sep)) {
                        pend = one;
                        has_pend = true;
                        continue;
                    }
                }
                /* PETRARCH: an agent right after a conjunction that follows another mention,
                ** with no actor after it in the unit, is a member of its own: "the Danish
                ** media and government" DNKMED, ---GOV */
                if (!is_actor && !d->tabari && (one.ng || one.np) && prev_e >= 0 && prev_e < m[k].b
                    && s->t[prev_e].pos == P_CC) {
                    bool actor_after = false;
                    for (int q = k + 1; q < nm; q++)
                        if (m[q].key == u->node && !d->act[m[q].ent - 1].is_agent) actor_after = true;
                    if (!actor_after) {
                        const char *mc[MAX_CODES];
                        int mn;
                        compose(s, &one, mc, &mn);
                        for (int i = 0; i < mn && n_extra < MAX_CODES; i++) extra[n_extra++] = mc[i];
                        prev_e = m[k].e;
                        continue;
                    }
                }
                prev_e = m[k].e;
                for (int i = 0; i < one.ng; i++) push(mm.g, &mm.ng, one.g[i]);
                for (int i = 0; i < one.np; i++) push(mm.p, &mm.np, one.p[i]);
                if (!is_actor) continue;
                if (!first_a && one.na) first_a = one.a[0];
                if (has_pend) {   /* the actor of a pending "AGENT of": its own member */
                    has_pend = false;
                    meaning_t mem = pend;
                    mem.na = 0;
                    for (int i = 0; i < one.na; i++) push(mem.a, &mem.na, one.a[i]);
                    const char *mc[MAX_CODES];
                    int mn;
                    compose(s, &mem, mc, &mn);
                    for (int i = 0; i < mn && n_extra < MAX_CODES; i++) extra[n_extra++] = mc[i];
                    have = true;
                    last_e = m[k].e;
                    continue;
                }
                /* a new member of a compound: a conjunction or comma right after the previous
                ** actor ("Gondor and Osgiliath"), not one between modifiers ("Ithilen's awful
                ** and evil minister Calimehtar") */
                bool sep = !have;
                int t0 = last_e;
                if (have && t0 < m[k].b && s->t[t0].pos == P_POS) t0++;
                if (have && t0 < m[k].b && (s->t[t0].pos == P_CC || is_word(&s->t[t0], ","))) sep = true;
                if (sep) for (int i = 0; i < one.na; i++) push(mm.a, &mm.na, one.a[i]);
                have = true;
                last_e = m[k].e;
            }
            if (d->tabari && !mm.na && n_grp) {
                for (int g = 0; g < n_grp; g++) add_code(u, grp[g]);
                u->has_actor = true;
                continue;
            }
            if (has_pend) {   /* an "AGENT of" without its actor: the agent stays in the unit */
                for (int i = 0; i < pend.ng; i++) push(mm.g, &mm.ng, pend.g[i]);
                for (int i = 0; i < pend.np; i++) push(mm.p, &mm.np, pend.p[i]);
            }
            if (n_extra) {
                const char *codes[MAX_CODES];
                int n;
                compose(s, &mm, codes, &n);
                if (mm.na || (!d->tabari && (mm.ng || mm.np))) for (int k = 0; k < n; k++) add_code(u, codes[k]);
                for (int k = 0; k < n_extra; k++) add_code(u, extra[k]);
                u->has_actor = true;
                if (!s->fwd_out[0] && first_a && strcmp(first_a, "---")) snprintf(s->fwd_out, sizeof s->fwd_out, "%.63s", first_a);
                continue;
            }
        }
        const char *codes[MAX_CODES];
        int n;
        compose(s, &mm, codes, &n);
        u->has_actor = mm.na > 0;
        /* FORWARD: the sentence's first actor, its actor code only (agents are not forwarded) */
        if (mm.na && !s->fwd_out[0] && strcmp(mm.a[0], "---")) snprintf(s->fwd_out, sizeof s->fwd_out, "%.63s", mm.a[0]);
        if (d->tabari && !u->has_actor) continue;   /* TABARI: an agent alone is no actor */
        for (int k = 0; k < n; k++) add_code(u, codes[k]);
    }
    /* uncoded noun phrases: new actors named by their text (new_actor_length), or null
    ** units "---" when require_dyad is off */
    if (!d->require_dyad || d->new_actor_length > 0) {
        for (int ui = 0; ui < c->n_u; ui++) if (!c->u[ui].n_codes) uncoded_unit(c, &c->u[ui]);
        for (int i = 0; i < s->n && c->n_u < MAX_UNITS; i++) {
            int key = s->node ? unit_node(s, i) : chunk[i];
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
        /* keep units in text order */
        for (int a = 1; a < c->n_u; a++) {
            unit x = c->u[a];
            int b = a - 1;
            while (b >= 0 && c->u[b].b > x.b) { c->u[b + 1] = c->u[b]; b--; }
            c->u[b + 1] = x;
        }
    }
    /* drop units without codes */
    int w = 0;
    for (int ui = 0; ui < c->n_u; ui++) if (c->u[ui].n_codes) c->u[w++] = c->u[ui];
    c->n_u = w;
    for (int i = 0; i < s->n; i++) c->unit_of[i] = -1;
    for (int ui = 0; ui < c->n_u; ui++)
        for (int i = c->u[ui].b; i < c->u[ui].e; i++) if (c->unit_of[i] < 0) c->unit_of[i] = ui;
    /* TABARI pronoun dereferencing (raw text): a personal pronoun stands for the first
    ** actor of the sentence before it ("X urged Y ... and then it requested": it = X) */
    if (d->tabari && !s->node) {
        static const char *const PERS[] = { "HE", "SHE", "IT", "THEY", "HIM", "HER", "THEM", NULL };
        int first = -1;
        for (int i = 0; i < s->n && c->n_u < MAX_UNITS; i++) {
            int ui = c->unit_of[i];
            if (ui >= 0 && first < 0 && c->u[ui].has_actor) first = ui;
            if (ui >= 0 || (first < 0 && !(d->forward && s->fwd_in[0])) || s->t[i].pos != P_PRON) continue;
            bool pers = false;
            for (int k = 0; PERS[k]; k++) if (is_word(&s->t[i], PERS[k])) pers = true;
            if (!pers) continue;
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
}

/* ---- pattern matching ---- */

/* With a parse: a unit for the noun phrase x inside a larger unit ("the parliament of
** Gondor in Eriador": the phrase "Gondor in Eriador" is GON), kept after the sentence's
** units so that their order and unit_of are unchanged; -1 when it has no actor. */
static int sub_unit(ctx_t *c, int x)
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


typedef struct {
    int src, tgt;        /* unit indices, -1 */
    int b, e;            /* matched token range */
} pmatch;

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
                int key = unit_node(s, p);
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
                    if (x2 >= 0) sub = sub_unit(c, x2);
                }
                if (sub >= 0) {
                    pmatch save = *m;
                    if (x->kind == EL_SRC || (x->kind == EL_CMP && c->d->tabari)) m->src = sub;
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
            if (x->kind == EL_SRC || (x->kind == EL_CMP && c->d->tabari)) m->src = ui;
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
            if (c->d->tabari && c->mtok[p]) {
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

/* ---- tree helpers ---- */

static int vp_of(const csent *s, int tok)
{
    int leaf = s->t[tok].leaf;
    if (leaf < 0) return -1;
    return s->node[leaf].parent;
}

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

static bool in_list(const char *w, const char *const *l)
{
    for (int i = 0; l[i]; i++) if (!strcmp(w, l[i])) return true;
    return false;
}

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

static bool has_cc_child(const csent *s, int x);

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

/* ---- coding ---- */

static bool has_cc_child(const csent *s, int x)
{
    for (int ch = s->node[x].first_child; ch >= 0; ch = s->node[ch].next)
        if (s->node[ch].first_child < 0 && s->node[ch].tok_b < s->n && s->t[s->node[ch].tok_b].pos == P_CC) return true;
    return false;
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
    uint32_t f = t->wid ? cmap_get(&d->form_map, t->wid) : 0;
    if (f) out[n++] = f;
    if (d->tabari) {
        for (uint32_t l = t->len; l >= 3 && n < MAX_CHAINS; l--) {
            uint32_t w = wtab_find(&d->words, t->w, l);
            if (!w) continue;
            f = cmap_get(&d->stem_form_map, w);
            if (f) out[n++] = f;
        }
    }
    return n;
}

static uint32_t verb_at(const compat_dict *d, const ctok *t)
{
    uint32_t ch[MAX_CHAINS];
    return verb_chains(d, t, ch) ? ch[0] : 0;
}

/* TABARI COMMA: deletes comma-delimited clauses by their length in words. Internal ones
** (between two commas, taken in pairs from the left) of comma_min..comma_max words; then
** the last one (a comma not closing a deleted clause, to the end of the sentence) of
** comma_emin..comma_emax, and the first one (start to a first comma not opening a deleted
** clause) of comma_bmin..comma_bmax. A comma inside a list of actors ("Mordor, the awful
** Fornost, and Gondor") delimits nothing. */
static int clause_words(const csent *s, int b, int e)
{
    int words = 0;
    for (int i = b; i < e; i++) if (s->t[i].pos != P_PUNCT && s->t[i].pos != P_POS) words++;
    return words;
}

static void comma_clauses(const compat_dict *d, csent *s)
{
    int n = s->n;
    if (n < 3) return;
    uint8_t *act = szalloc(s, (size_t)n + 1, 1), *del = szalloc(s, (size_t)n + 1, 1);
    int *cm = szalloc(s, (size_t)n + 2, sizeof *cm);
    uint8_t *used = szalloc(s, (size_t)n + 2, 1);
    if (!act || !del || !cm || !used) return;
    for (int i = 0; i < n;) {
        uint32_t ent;
        int len = longest_g(d, s, i, &ent, false);   /* clauses are marked before gapped phrases */
        if (!len) { i++; continue; }
        for (int k = i; k < i + len; k++) act[k] = 1;
        i += len;
    }
    int nc = 0;
    for (int i = 0; i < n; i++) {
        if (!is_word(&s->t[i], ",")) continue;
        bool list = false;
        if (i > 0 && act[i - 1])   /* an actor, then (after a conjunction, articles, adjectives) another */
            for (int j = i + 1; j < n && j <= i + 4; j++) {
                if (act[j]) { list = true; break; }
                const ctok *t = &s->t[j];
                bool article = is_word(t, "A") || is_word(t, "AN") || is_word(t, "THE");
                bool conj = is_word(t, "AND") || is_word(t, "OR");
                if (!article && !conj && t->pos != P_NOUN && t->pos != P_PROPN && t->pos != P_ADJ) break;
            }
        /* PETRARCH: a comma between two adjectives belongs to the noun phrase ("complete,
        ** full diplomatic ties"): the parse absorbs it, it delimits nothing */
        if (!d->tabari && i > 0 && i + 1 < n && (s->t[i - 1].pos == P_ADJ || s->t[i - 1].pos == P_NOUN)
            && (s->t[i + 1].pos == P_ADJ || s->t[i + 1].pos == P_NOUN)) {
            int q = i + 1;   /* not when that run is the subject of a verb ("the crowds, officials said") */
            while (q < n && (s->t[q].pos == P_ADJ || s->t[q].pos == P_NOUN || s->t[q].pos == P_PROPN)) q++;
            while (q < n && (s->t[q].pos == P_ADV || s->t[q].pos == P_MD)) q++;
            if (q >= n || s->t[q].pos != P_VERB) list = true;
        }
        if (!list) cm[nc++] = i;
    }
    if (!nc) return;
    int end = n;   /* the sentence's final punctuation stays */
    while (end > 0 && s->t[end - 1].pos == P_PUNCT && !is_word(&s->t[end - 1], ",")) end--;
    for (int k = 0; k + 1 < nc; k++) {
        int w = clause_words(s, cm[k] + 1, cm[k + 1]);
        if (w < d->comma_min || w > d->comma_max) continue;
        for (int i = cm[k] + 1; i <= cm[k + 1]; i++) del[i] = 1;
        used[k] = used[k + 1] = 1;
        k++;
    }
    if (!used[nc - 1]) {
        int w = clause_words(s, cm[nc - 1] + 1, end);
        if (w >= d->comma_emin && w <= d->comma_emax) for (int i = cm[nc - 1]; i < end; i++) del[i] = 1;
    }
    if (!used[0]) {
        int w = clause_words(s, 0, cm[0]);
        if (w >= d->comma_bmin && w <= d->comma_bmax) for (int i = 0; i <= cm[0]; i++) del[i] = 1;
    }
    /* a deleted clause leaves a mark "|" that ends noun chunks (agents do not attach across it) */
    int w = 0;
    for (int i = 0; i < n; i++) {
        if (!del[i]) { s->t[w++] = s->t[i]; continue; }
        if (i > 0 && del[i - 1]) continue;
        s->t[w] = s->t[i];
        s->t[w].w = "|"; s->t[w].len = 1; s->t[w].wid = 0; s->t[w].pos = P_PUNCT; s->t[w].vb_tag = 0;
        w++;
    }
    if (w > 0) s->n = w;
}

/* PETRARCH with a parse: the comma_* options on the tree. A comma is a delimiter unless it
** belongs to a noun phrase ("complete, full diplomatic ties", a list of actors, an
** apposition inside its NP). From the delimiters: the first clause (start to the first
** comma) of comma_bmin..comma_bmax words, the last one (last comma to the final
** punctuation) of comma_emin..comma_emax, then internal ones (between two delimiters, in
** pairs from the left) of comma_min..comma_max are deleted; a maximum of 0 turns that kind
** off. Only phrases lying wholly inside a deleted clause are removed: a phrase that
** reaches past its commas keeps its other words (PETRARCH's check_commas leaves the tree
** balanced the same way). */
static bool comma_in_np(const csent *s, int tok)
{
    int leaf = s->t[tok].leaf;
    int par = leaf >= 0 ? s->node[leaf].parent : -1;
    if (par < 0) return false;
    const char *l = s->node[par].label;
    return (label_is(l, "NP") && strncmp(l, "NP-TMP", 6)) || label_is(l, "NML") || label_is(l, "NX")
        || label_is(l, "QP") || label_is(l, "ADJP") || label_is(l, "UCP") || label_is(l, "WHNP");
}

static void tree_commas(const compat_dict *d, csent *s)
{
    int n = s->n;
    if (n < 3 || !s->node) return;
    int *cm = szalloc(s, (size_t)n + 1, sizeof *cm);
    uint8_t *del = szalloc(s, (size_t)n + 1, 1);
    int *map = szalloc(s, (size_t)n + 1, sizeof *map);
    if (!cm || !del || !map) return;
    int nc = 0;
    for (int i = 0; i < n; i++) if (is_word(&s->t[i], ",") && !comma_in_np(s, i)) cm[nc++] = i;
    if (!nc) return;
    int end = n;   /* the sentence's final punctuation stays */
    while (end > 0 && s->t[end - 1].pos == P_PUNCT && !is_word(&s->t[end - 1], ",")) end--;
    bool any = false;
    if (d->comma_bmax > 0) {
        int w = clause_words(s, 0, cm[0]);
        if (w >= d->comma_bmin && w <= d->comma_bmax) { for (int i = 0; i < cm[0]; i++) del[i] = 1; any = true; }
    }
    if (d->comma_emax > 0 && cm[nc - 1] < end) {
        int w = clause_words(s, cm[nc - 1] + 1, end);
        if (w >= d->comma_emin && w <= d->comma_emax) { for (int i = cm[nc - 1] + 1; i < end; i++) del[i] = 1; any = true; }
    }
    if (d->comma_max > 0)
        for (int k = 0; k + 1 < nc; k++) {
            int w = clause_words(s, cm[k] + 1, cm[k + 1]);
            if (w < d->comma_min || w > d->comma_max) continue;
            for (int i = cm[k] + 1; i < cm[k + 1]; i++) del[i] = 1;
            any = true;
            k++;
        }
    if (!any) return;
    /* keep the words of phrases that reach outside the deleted stretch: a word goes only
    ** when some non-preterminal phrase holding it lies wholly inside the stretch */
    uint8_t *gone = szalloc(s, (size_t)n + 1, 1);
    if (!gone) return;
    for (int x = 0; x < s->n_node; x++) {
        const tnode *t = &s->node[x];
        if (t->first_child < 0 || t->tok_b >= t->tok_e) continue;
        bool inside = true;
        for (int i = t->tok_b; i < t->tok_e && inside; i++) if (!del[i]) inside = false;
        if (inside) for (int i = t->tok_b; i < t->tok_e; i++) gone[i] = 1;
    }
    int w = 0;
    for (int i = 0; i < n; i++) { map[i] = w; if (!gone[i]) s->t[w++] = s->t[i]; }
    map[n] = w;
    if (w == n || w == 0) { if (w == 0) s->n = n; return; }
    for (int x = 0; x < s->n_node; x++) {
        tnode *t = &s->node[x];
        t->tok_b = map[t->tok_b];
        t->tok_e = map[t->tok_e];
    }
    /* unlink phrases left without words */
    for (int x = 0; x < s->n_node; x++) {
        int *link = &s->node[x].first_child;
        while (*link >= 0) {
            tnode *ch = &s->node[*link];
            if (ch->tok_b >= ch->tok_e) *link = ch->next;
            else link = &ch->next;
        }
    }
    s->n = w;
}

/* PETRARCH: a code that is no event code (`[+++]`, `[xxy]`: TABARI's complex marker and
** test codes of the KEDS dictionaries) gives no event, so a pattern carrying one is passed
** over and the verb keeps its other matches ("restore fxll diplomatic ties": `* DIPLOMATIC
** [064]`, not `* FXLL DIPLOMATIC [+++]`). Event codes have a digit; `---` and `###` stay. */
static bool code_usable(const compat_dict *d, const char *code)
{
    if (d->tabari || !code[0] || !strcmp(code, "---") || !strcmp(code, "###")) return true;
    for (const char *q = code; *q; q++) if (*q >= '0' && *q <= '9') return true;
    return false;
}

static bool codes_usable(const compat_dict *d, const char *code, const char *code2)
{
    if (!code[0] && !code2[0]) return true;
    return (code[0] && code_usable(d, code)) || (code2[0] && code_usable(d, code2));
}

/* raw text: is verb v inside the phrase of the earlier verb `head`? (an infinitive or a
** subordinate clause after it, no comma, semicolon or coordination between) */
static bool raw_dominated(const csent *s, int head, int v)
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

static int code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max);

int compat_code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max)
{
    s->oom = false;
    int n = code_sentence(d, s, ev, max);
    return s->oom ? ANNALS_ENOMEM : n;
}

static int code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max)
{
    ctx_t c = { .d = d, .s = s };
    c.unit_of = szalloc(s, (size_t)s->n + 1, sizeof *c.unit_of);
    c.mtok = szalloc(s, (size_t)s->n + 1, 1);
    if (!c.unit_of || !c.mtok) return 0;
    if (compat_discard(d, s)) return 0;
    if (d->tabari && d->min_words > 0) {   /* SET: MINIMUM WORDS */
        int words = 0;
        for (int i = 0; i < s->n; i++) if (s->t[i].pos != P_PUNCT && s->t[i].pos != P_POS) words++;
        if (words < d->min_words) return 0;
    }
    if (!s->node && !d->tabari) {
        /* PETRARCH text: a short parenthesis, "the European Union (EU)", is an aside (the
        ** parser attaches it to the noun phrase); TABARI keeps ( ) as clause ends */
        int w = 0;
        for (int i = 0; i < s->n; i++) {
            if (is_word(&s->t[i], "(")) {
                int j = i + 1;
                while (j < s->n && j <= i + 4 && !is_word(&s->t[j], ")") && !is_word(&s->t[j], "(")) j++;
                if (j < s->n && j <= i + 4 && is_word(&s->t[j], ")")) { i = j; continue; }
            }
            s->t[w++] = s->t[i];
        }
        s->n = w;
    }
    if (!s->node && d->comma_on) comma_clauses(d, s);
    if (s->node && !d->tabari && d->comma_on) tree_commas(d, s);
    build_units(&c);
    /* TABARI: an actor coded ### anywhere discards the sentence */
    for (int ui = 0; ui < c.n_u; ui++)
        for (int k = 0; k < c.u[ui].n_codes; k++)
            if (d->tabari && strstr(c.u[ui].codes[k], "###")) return 0;
    int n = 0;
    int dom_e = -1;   /* end of the verb phrase of the last verb that coded an event */
    int last_coded = -1;   /* raw text: the last verb that coded an event */
    int fwd_src = -1; /* TABARI: the source of the last coded clause, forwarded to the next */
    for (int i = 0; i < s->n; i++) {
        const ctok *t = &s->t[i];
        if (s->node ? t->pos != P_VERB : (t->pos != P_VERB)) continue;
        /* a verb inside the verb phrase of a coded verb is part of that event */
        if (s->node && i < dom_e) continue;
        /* PETRARCH raw text: the same, approximated: after a verb that coded an event, a verb
        ** in an infinitive (TO VERB) or in a clause opened by a subordinator (AFTER, WHEN ...)
        ** within the same comma segment belongs to that verb's phrase */
        if (!s->node && !d->tabari && last_coded >= 0 && raw_dominated(s, last_coded, i)) continue;
        uint32_t chains[MAX_CHAINS];
        int n_chains = verb_chains(d, t, chains);
        if (!n_chains) continue;
        /* best over every verb entry of these forms: a pattern's words and the verb's
        ** particles count; a multi-word verb without a pattern keeps its particles' weight */
        const pattern *bestp = NULL;
        const verb *bestv = NULL;
        pmatch bestm = { -1, -1, 0, 0 };
        int vb = i, ve = i + 1;
        uint32_t best_score = 0;
        for (int ci = 0; ci < n_chains; ci++)
        for (uint32_t f = chains[ci]; f; f = d->vf[f - 1].next) {
            const verb *v = &d->vb[d->vf[f - 1].verb - 1];
            int b0, e0;
            if (!particles_ok(d, s, v, i, &b0, &e0)) continue;
            uint32_t vscore = v->n_pre + v->n_post;
            if (!bestv || (!bestp && vscore > best_score)) { bestv = v; vb = b0; ve = e0; best_score = vscore; }
            const vblock *blk = &d->blk[v->block - 1];
            int lim_post = s->n, lim_pre = 0;
            if (s->node) {
                int vp = vp_of(s, i);
                /* the verb phrase: climb VPs that start at or before the verb */
                while (vp >= 0 && s->node[vp].parent >= 0 && label_is(s->node[s->node[vp].parent].label, "VP")) vp = s->node[vp].parent;
                if (vp >= 0) lim_post = s->node[vp].tok_e;
                int cl = vp;
                while (cl >= 0 && !(label_is(s->node[cl].label, "S") || label_is(s->node[cl].label, "ROOT"))) cl = s->node[cl].parent;
                /* embedded complement clauses (S under SBAR/VP): the words of the governing clause count */
                while (cl >= 0) {
                    int par = s->node[cl].parent;
                    /* through SBAR and S layers ("is inching (S (SBAR nearer (S to accord)))") */
                    while (par >= 0 && (label_is(s->node[par].label, "SBAR") || label_is(s->node[par].label, "S")))
                        par = s->node[par].parent;
                    if (par < 0 || !label_is(s->node[par].label, "VP")) break;
                    while (par >= 0 && !(label_is(s->node[par].label, "S") || label_is(s->node[par].label, "ROOT"))) par = s->node[par].parent;
                    if (par < 0) break;
                    cl = par;
                }
                if (cl >= 0) lim_pre = s->node[cl].tok_b;
            }
            for (uint32_t k = 0; k < blk->pat_n; k++) {
                const pattern *p = &d->pat[blk->pat_first + k];
                if (!codes_usable(d, p->code, p->code2)) continue;
                const pel *el = d->els + p->el;
                pmatch m = { -1, -1, b0, e0 };
                bool verb_consec = el[p->verb_at].consec;
                if (!bwd(&c, el, p->verb_at, b0, lim_pre, verb_consec, &m)) continue;
                if (!fwd(&c, el, p->verb_at + 1, p->n_el, e0, lim_post, false, &m)) continue;
                uint32_t sc = p->weight + vscore;
                if ((!bestp && sc > best_score) || (!bestp && sc == best_score && (!vscore || v == bestv))
                    || (bestp && (sc > best_score || (sc == best_score && p->n_el > bestp->n_el)))) {
                    bestp = p; bestv = v; bestm = m; vb = b0; ve = e0; best_score = sc;
                }
            }
        }
        if (!bestv) continue;
        const vblock *blk = &d->blk[bestv->block - 1];
        const char *code, *code2;
        if (bestp) { code = bestp->code; code2 = bestp->code2; }
        else if (bestv->code[0] || bestv->code2[0]) { code = bestv->code; code2 = bestv->code2; }
        else { code = blk->code; code2 = blk->code2; }
        if (!codes_usable(d, code, code2)) continue;
        if ((!code[0] || !strcmp(code, "---")) && !code2[0]) continue;
        if (d->tabari && !strcmp(code, "###")) return 0;   /* a discard code on the verb */
        int src = bestm.src, tgt = bestm.tgt;
        for (int pass = 0; pass < (d->require_dyad ? 1 : 2); pass++) {
        c.allow_null = pass == 1;
        if (pass == 1 && src >= 0 && tgt >= 0) break;
        if (s->node) {
            bool passive = false;
            int subj;
            subject_tree(&c, i, &subj, &passive);
            int vp = vp_of(s, i);
            int by = passive && vp >= 0 ? by_phrase(&c, vp) : -1;
            if (passive && by < 0) passive = false;   /* no agent phrase: coded as active */
            /* the pattern's `+` is the subject of the verb's own clause and its words reach
            ** back into the governing clause ("- NOTED + *": "X noted that Y regretted"):
            ** the source is the subject of the clause where the pattern starts (X) */
            if (!passive && src < 0 && tgt >= 0 && tgt == subj && bestm.b >= 0 && bestm.b < vb) {
                int gsubj; bool gpass;
                subject_tree(&c, bestm.b, &gsubj, &gpass);
                if (gsubj >= 0 && gsubj != tgt) src = gsubj;
            }
            if (passive) {
                if (src < 0) src = by;
                if (tgt < 0) tgt = subj;
            } else {
                if (src < 0) src = subj;
                if (tgt < 0 && vp >= 0) {
                    int e = s->node[vp].tok_e;
                    int top = vp;
                    tgt = first_unit_in(&c, ve, e, top, true, src);
                    if (tgt < 0) tgt = first_unit_in(&c, ve, e, top, false, src);
                    /* a pronoun standing for the source ("crowds burned down its
                    ** embassy") is no target of its own */
                    if (tgt < 0) { tgt = pronoun_unit(&c, ve, e); if (tgt == src) tgt = -1; }
                }
            }
        } else {
            /* TABARI clause of the verb: back to a conjunction not joining two actor phrases,
            ** or to . ; : ( ) */
            int cs = vb;
            while (cs > 0 && !clause_break(&s->t[cs - 1])
                   && !(s->t[cs - 1].pos == P_CC && !(cs >= 2 && c.mtok[cs - 2] && c.mtok[cs]))) cs--;
            if (src < 0 && d->tabari) {
                /* TABARI: the first actor of the verb's clause (clauses end at a conjunction
                ** not joining two actor phrases, or at . ; : ( ) ), else the source forwarded from
                ** the previous clause, else the first actor before the verb */
                for (int j = cs; j < vb && src < 0; j++)
                    if (c.unit_of[j] >= 0 && c.u[c.unit_of[j]].has_actor) src = c.unit_of[j];
                if (src < 0 && cs > 0) src = fwd_src;
                if (src < 0) for (int j = 0; j < vb && src < 0; j++)
                    if (c.unit_of[j] >= 0 && c.u[c.unit_of[j]].has_actor) src = c.unit_of[j];
            }
            if (src < 0 && !d->tabari) {
                /* PETRARCH: the noun phrase right before the verb (adverbs, modals between) is
                ** its subject, also when it has an agent only ("the news agency said": ---GOV) */
                int j = vb - 1;
                while (j >= 0 && (s->t[j].pos == P_ADV || s->t[j].pos == P_MD)) j--;
                int ui = j >= 0 ? c.unit_of[j] : -1;
                if (ui >= 0 && c.u[ui].n_codes && !c.u[ui].null_unit && !c.u[ui].has_actor) src = ui;
            }
            if (src < 0) {
                for (int j = vb - 1; j >= 0; j--) {
                    int ui = c.unit_of[j];
                    if (ui < 0 || !c.u[ui].has_actor) continue;
                    int b = c.u[ui].b;
                    /* PETRARCH: the phrase right before the verb is its subject, also after a
                    ** subordinator tagged as a preposition ("after Calenardhon crowds burned") */
                    int q = c.u[ui].e;
                    while (q < vb && (s->t[q].pos == P_ADV || s->t[q].pos == P_MD)) q++;
                    static const char *const SUBORD[] = { "AFTER", "BEFORE", "SINCE", "UNTIL", "AS", "ONCE", NULL };
                    bool right_before = !d->tabari && q == vb && b > 0 && in_list(s->t[b - 1].w, SUBORD);
                    if (!right_before && b > 0 && (s->t[b - 1].pos == P_PREP || s->t[b - 1].pos == P_TO) && !is_word(&s->t[b - 1], "OF")) {
                        j = b;
                        continue;
                    }
                    src = ui;
                    break;
                }
                if (src < 0) for (int j = vb - 1; j >= 0; j--) if (c.unit_of[j] >= 0 && (c.allow_null || !c.u[c.unit_of[j]].null_unit)) { src = c.unit_of[j]; break; }
            }
            if (tgt < 0) {
                for (int j = ve; j < s->n; j++) {
                    if (clause_break(&s->t[j])) break;
                    /* PETRARCH: after a comma, a phrase followed by its own verb is the
                    ** subject of another clause ("..., a senior official said"): the search ends */
                    if (!d->tabari && j > ve && is_word(&s->t[j - 1], ",") && c.unit_of[j] >= 0) {
                        int q = c.u[c.unit_of[j]].e;
                        while (q < s->n && (s->t[q].pos == P_ADV || s->t[q].pos == P_MD)) q++;
                        if (q < s->n && s->t[q].pos == P_VERB) break;
                    }
                    int ui = c.unit_of[j];
                    if (ui >= 0 && ui != src && (c.allow_null || !c.u[ui].null_unit)
                        && !(d->tabari && src >= 0 && codes_within(&c.u[ui], &c.u[src]))) { tgt = ui; break; }
                }
                /* TABARI: no target after the verb: the nearest actor before it in its clause
                ** that is not the source (not for subordinate codes: SAID [023?]) */
                bool subord_code = code[0] && code[strlen(code) - 1] == '?';
                for (int j = vb - 1; d->tabari && !subord_code && tgt < 0 && j >= cs; j--) {
                    int ui = c.unit_of[j];
                    if (ui >= 0 && ui != src && c.u[ui].has_actor && !(src >= 0 && codes_within(&c.u[ui], &c.u[src])))
                        tgt = ui;
                }
            }
        }
        }
        /* raw text passive: BE (adverbs) VERB-ED (up to two words) BY actor: the BY actor is the source */
        if (!s->node && src >= 0 && tgt >= 0 && bestm.src < 0 && bestm.tgt < 0 && raw_passive(&c, vb, ve, tgt)) {
            int x = src; src = tgt; tgt = x;
        }
        c.allow_null = false;
        const unit *su = src >= 0 ? &c.u[src] : NULL, *tu = tgt >= 0 ? &c.u[tgt] : NULL;
        /* TABARI DEFAULT: a missing source is the SOURCE code with PRIOR, else the target
        ** stands as source (a compound target: its first member; the others stay target);
        ** a missing target is the TARGET code with AFTER, else a compound source is split
        ** (first member source, the others target), else the TARGET code */
        unit def_su, def_tu, split_su, split_tu;
        bool dflt = d->tabari && (d->def_src[0] || d->def_tgt[0]);
        if (dflt && !su && d->def_prior && d->def_src[0]) {
            memset(&def_su, 0, sizeof def_su);
            def_su.b = def_su.e = vb; def_su.n_codes = 1; def_su.has_actor = true;
            snprintf(def_su.codes[0], sizeof def_su.codes[0], "%s", d->def_src);
            su = &def_su;
        } else if (dflt && !su && tu) {
            split_su = *tu;
            split_su.n_codes = 1;
            if (tu->n_codes > 1) {
                split_tu = *tu;
                memmove(split_tu.codes[0], split_tu.codes[1], sizeof split_tu.codes[0] * (size_t)(tu->n_codes - 1));
                split_tu.n_codes = tu->n_codes - 1;
                tu = &split_tu;
            } else tu = NULL;
            su = &split_su;
        }
        if (dflt && !tu && su && !d->def_after && su->n_codes > 1) {
            split_tu = *su;
            memmove(split_tu.codes[0], split_tu.codes[1], sizeof split_tu.codes[0] * (size_t)(su->n_codes - 1));
            split_tu.n_codes = su->n_codes - 1;
            split_su = *su;
            split_su.n_codes = 1;
            su = &split_su;
            tu = &split_tu;
        }
        if (dflt && !tu && d->def_tgt[0]) {
            memset(&def_tu, 0, sizeof def_tu);
            def_tu.b = def_tu.e = ve; def_tu.n_codes = 1; def_tu.has_actor = true;
            snprintf(def_tu.codes[0], sizeof def_tu.codes[0], "%s", d->def_tgt);
            tu = &def_tu;
        }
        int n0 = n;
        if (src >= 0) fwd_src = src;
        bool coded = false;
        n = emit(ev, n, max, su, tu, code, i, &coded);
        if (code2[0]) n = emit(ev, n, max, tu, su, code2, i, &coded);
        /* TABARI: a code ending in '?' is subordinate (SAID [023?]): coding goes on in the
        ** clause, and the event is kept only when no other verb of the sentence codes one */
        bool subord = code[0] && code[strlen(code) - 1] == '?';
        if (subord && n > n0) { for (int k = n0; k < n; k++) ev[k].verb_tok = -2 - ev[k].verb_tok; continue; }
        /* TABARI: CODE BY SENTENCE stops at the first event, CODE ALL codes every verb */
        if (d->tabari && n > n0 && d->code_by == 1) break;
        /* TABARI codes the first verb of a clause only (CODE BY CLAUSE) */
        if (d->tabari && !s->node && coded && d->code_by == 0) {
            while (i + 1 < s->n && s->t[i + 1].pos != P_CC && !(clause_break(&s->t[i + 1]))) i++;
        }
        if (coded) last_coded = i;
        if (n > n0 && s->node) {
            int vp = vp_of(s, i);
            while (vp >= 0 && s->node[vp].parent >= 0 && label_is(s->node[s->node[vp].parent].label, "VP")
                   && !has_cc_child(s, s->node[vp].parent)) vp = s->node[vp].parent;
            if (vp >= 0 && s->node[vp].tok_e > dom_e) dom_e = s->node[vp].tok_e;
        }
    }
    /* subordinate events (verb_tok < -1) only when nothing else was coded */
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

/* ---- preparing tokens ---- */

void compat_prepare(const compat_dict *d, csent *s)
{
    for (int i = 0; i < s->n; i++) s->t[i].wid = wtab_find(&d->words, s->t[i].w, s->t[i].len);
}

static const char *const DET[] = { "THE", "A", "AN", "THIS", "THAT", "THESE", "THOSE", "ITS", "HIS", "HER", "THEIR",
                                   "OUR", "MY", "YOUR", "EACH", "EVERY", "SOME", "ANY", "NO", "ALL", "BOTH", NULL };
static const char *const PREP[] = { "OF", "IN", "ON", "AT", "BY", "FOR", "WITH", "FROM", "INTO", "ONTO", "ABOUT",
                                    "AGAINST", "BETWEEN", "AMONG", "OVER", "UNDER", "AFTER", "BEFORE", "DURING",
                                    "THROUGH", "TOWARD", "TOWARDS", "UNTIL", "SINCE", "NEAR", "ALONG", "ACROSS",
                                    "BEHIND", "BEYOND", "WITHOUT", "WITHIN", "UPON", "VIA", "DESPITE", "AROUND",
                                    "THAT", "WHETHER", "IF", "BECAUSE", "WHILE", "ALTHOUGH", "AS", "THAN", NULL };
static const char *const AUX[] = { "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "HAS", "HAVE", "HAD",
                                   "DO", "DOES", "DID", NULL };
static const char *const MODAL[] = { "WILL", "WOULD", "CAN", "COULD", "MAY", "MIGHT", "SHALL", "SHOULD", "MUST",
                                     "WO", "CA", NULL };
static const char *const PRON[] = { "HE", "SHE", "IT", "THEY", "WE", "I", "YOU", "HIM", "THEM", "US", "ME",
                                    "HIMSELF", "HERSELF", "ITSELF", "THEMSELVES", "WHO", "WHICH", "WHOM", NULL };
static const char *const ADV[] = { "NOT", "N'T", "NEVER", "ALSO", "AGAIN", "NOW", "ALMOST", "VERY", "ALREADY",
                                   "STILL", "YET", "EVER", "REALLY", "JUST", "ONLY", "RECENTLY", "SO", NULL };

/* TABARI <NOUN>/<ADJECTIVE> lists: 1 noun, 2 adjective, 0 neither */
static int listed_pos(const compat_dict *d, const ctok *t)
{
    if (!d->pos_words.n) return 0;
    if (t->wid) {
        uint32_t k = cmap_get(&d->pos_words, t->wid);
        if (k) return k > 2 ? (int)k - 2 : (int)k;
    }
    uint32_t maxl = t->len < d->max_pos_stem ? t->len : d->max_pos_stem;
    for (uint32_t l = maxl; l >= 2; l--) {
        uint32_t w = wtab_find(&d->words, t->w, l);
        uint32_t k = w ? cmap_get(&d->pos_words, w) : 0;
        if (k > 2) return (int)k - 2;
    }
    return 0;
}

void compat_tag_raw(const compat_dict *d, csent *s)
{
    for (int i = 0; i < s->n; i++) {
        ctok *t = &s->t[i];
        t->leaf = -1;
        const char *w = t->w;
        if (!isalnum((unsigned char)w[0]) && w[0] != '\'' && w[0] != '&') { t->pos = P_PUNCT; continue; }
        if (!strcmp(w, "'S") || !strcmp(w, "'")) { t->pos = P_POS; continue; }
        if (isdigit((unsigned char)w[0])) { t->pos = P_NUM; continue; }
        if (in_list(w, DET)) { t->pos = P_DET; continue; }
        if (!strcmp(w, "TO")) { t->pos = P_TO; continue; }
        if (in_list(w, PREP)) { t->pos = P_PREP; continue; }
        if (!strcmp(w, "AND") || !strcmp(w, "OR") || !strcmp(w, "BUT") || !strcmp(w, "NOR")) { t->pos = P_CC; continue; }
        if (in_list(w, MODAL)) { t->pos = P_MD; continue; }
        if (in_list(w, AUX)) { t->pos = P_VERB; t->vb_tag = 1; continue; }
        if (in_list(w, PRON)) { t->pos = P_PRON; continue; }
        if (in_list(w, ADV) || (t->len > 4 && !strcmp(w + t->len - 2, "LY"))) { t->pos = P_ADV; continue; }
        t->pos = t->vb_tag ? P_PROPN : P_NOUN;   /* vb_tag doubles as "capitalised" from the caller */
        t->vb_tag = 0;
        int lp = d->tabari ? listed_pos(d, t) : 0;
        if (lp) { t->pos = lp == 1 ? P_NOUN : P_ADJ; t->vb_tag = 9; continue; }   /* 9: listed, never a verb */
        /* a lower-case word ending in -ED is a past form: it ends a noun chunk even when it
        ** is no dictionary verb ("Gollum participated in ...") */
        if (t->pos == P_NOUN && t->len > 4 && !strcmp(w + t->len - 2, "ED")) { t->pos = P_VERB; t->vb_tag = 2; }
    }
    /* verbs: dictionary forms not after a determiner/adjective and not inside an actor phrase */
    for (int i = 0; i < s->n; i++) {
        ctok *t = &s->t[i];
        /* TABARI has no parts of speech: any dictionary verb form is a verb (modals and
        ** auxiliaries included) unless a determiner precedes it or it is capitalised
        ** inside the sentence */
        if (t->vb_tag == 9) { t->vb_tag = 0; continue; }   /* a listed noun or adjective */
        bool tab_cls = d->tabari && (t->pos == P_MD || t->pos == P_ADV || t->pos == P_VERB);
        if (t->pos != P_NOUN && t->pos != P_PROPN && !tab_cls) continue;
        if (d->tabari && t->pos == P_PROPN) continue;
        if (!verb_at(d, t)) continue;
        if (i > 0) {
            const ctok *p = &s->t[i - 1];
            /* TABARI: only the articles A, AN, THE shift the next word to a noun */
            if (d->tabari) {
                if (is_word(p, "A") || is_word(p, "AN") || is_word(p, "THE")) continue;
            } else if (p->pos == P_DET || p->pos == P_ADJ || p->pos == P_NUM || p->pos == P_POS) continue;
            /* PETRARCH: an -S form right after a full verb is its object ("promised raids") */
            if (!d->tabari && p->pos == P_VERB && !in_list(p->w, AUX) && t->len > 3 && t->w[t->len - 1] == 'S'
                && t->w[t->len - 2] != 'S') continue;
            /* after a degree adverb a form is an adjective ("very close to the border") */
            static const char *const DEGREE[] = { "VERY", "TOO", "SO", "MORE", "MOST", "LESS", "LEAST", "QUITE", NULL };
            if (!d->tabari && in_list(p->w, DEGREE)) continue;
            /* PETRARCH: a bare form one or two modifiers after an article is a noun ("a brief
            ** private visit"); not after a plural noun ("the ministers visit") */
            bool bare = false;   /* the verb's dictionary form itself (VISIT, not SAID) */
            for (uint32_t f = t->wid ? cmap_get(&d->form_map, t->wid) : 0; f && !bare; f = d->vf[f - 1].next)
                if (d->vb[d->vf[f - 1].verb - 1].word == t->wid) bare = true;
            bool prev_named = false;   /* the word before ends an actor or agent phrase ("a senior official said") */
            for (int k = i - 1; k >= 0 && k >= i - 4 && !prev_named && bare; k--) {
                uint32_t ent;
                if (longest(d, s, k, &ent) == i - k) prev_named = true;
            }
            if (!d->tabari && bare && !prev_named && p->pos == P_NOUN && p->len > 1 && p->w[p->len - 1] != 'S') {
                bool art = false;
                for (int k = i - 2; k >= 0 && k >= i - 3; k--) {
                    const ctok *q = &s->t[k];
                    if (is_word(q, "A") || is_word(q, "AN") || is_word(q, "THE")) { art = true; break; }
                    if (q->pos != P_NOUN) break;
                }
                if (art) continue;
            }
        }
        uint32_t ent;
        if (i > 0 && s->t[i - 1].pos == P_PROPN && t->pos == P_PROPN) continue;
        if (t->pos == P_PROPN && longest(d, s, i, &ent) > 1) continue;
        t->pos = P_VERB;
        size_t l = t->len;
        if (l > 2 && !strcmp(t->w + l - 2, "ED")) t->vb_tag = 2;
        else t->vb_tag = 1;
    }
}
