/* SPDX-License-Identifier: MIT
** compat/match_internal.h -- the sentence coder's own header, shared by its files:
** units.c (actor phrases, noun-phrase units and their codes), match.c (verb
** patterns, the coder's loop over one sentence), roles.c (source and target,
** TABARI defaults), commas.c (clauses deleted before coding) and rawtag.c (tags
** and chunks for text without a parse). Where PETRARCH and TABARI code the same
** words differently, the code asks the dialect table of compat_internal.h. Internal to
** src/lib/compat. */
#ifndef ANNALS_COMPAT_MATCH_INTERNAL_H
#define ANNALS_COMPAT_MATCH_INTERNAL_H

#include <string.h>
#include "compat_internal.h"

/* ---- arena allocations of the coder: a failure marks the sentence (s->oom), and
** annals_compat_code_sentence then returns ANNALS_ENOMEM instead of fewer events ---- */
static inline char *cx_strdup(csent *s, const char *t)
{
    char *p = annals_arena_strdup(s->arena, t);
    if (!p) s->oom = true;
    return p;
}

static inline void *cx_calloc(csent *s, size_t n, size_t size)
{
    void *p = annals_arena_calloc(s->arena, n, size);
    if (!p) s->oom = true;
    return p;
}

/* ---- words and tree labels ---- */
static inline bool is_word(const ctok *t, const char *w)
{
    return !strcmp(t->w, w);
}

static inline bool in_list(const char *w, const char *const *l)
{
    for (int i = 0; l[i]; i++) if (!strcmp(w, l[i])) return true;
    return false;
}

/* a Penn label is x, or x with a function tag (NP-SBJ, NP=2) */
static inline bool label_is(const char *l, const char *x)
{
    size_t n = strlen(x);
    return !strncmp(l, x, n) && (l[n] == 0 || l[n] == '-' || l[n] == '=');
}

/* punctuation that ends a clause for the shallow coder (not commas, hyphens, quotes) */
static inline bool clause_break(const ctok *t)
{
    return t->pos == P_PUNCT && (is_word(t, ".") || is_word(t, ";") || is_word(t, ":") || is_word(t, "!")
                                 || is_word(t, "?") || is_word(t, "(") || is_word(t, ")"));
}

/* the phrase above a verb's preterminal (its VP), -1 */
static inline int vp_of(const csent *s, int tok)
{
    int leaf = s->t[tok].leaf;
    if (leaf < 0) return -1;
    return s->node[leaf].parent;
}

/* tree node x has a conjunction among its words directly */
static inline bool has_cc_child(const csent *s, int x)
{
    for (int ch = s->node[x].first_child; ch >= 0; ch = s->node[ch].next)
        if (s->node[ch].first_child < 0 && s->node[ch].tok_b < s->n && s->t[s->node[ch].tok_b].pos == P_CC) return true;
    return false;
}

/* ---- units ---- */
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

/* an actor or agent phrase in the sentence: tokens [b, e), its entry, the unit it
** belongs to (tree node or chunk id; -(b + 2) alone) and the tree node holding it */
typedef struct { int b, e; uint32_t ent; int key; int owner; } ment;

typedef struct {
    const compat_dict *d;
    csent *s;
    int *unit_of;             /* token -> unit index or -1 */
    unit u[MAX_UNITS];
    int n_u;
    bool allow_null;          /* unit searches may return null units */
    uint8_t *mtok;            /* token inside an actor or agent phrase */
    const ment *ments;        /* actor and agent mentions (for the meaning of inner phrases) */
    int n_ments;
    int n_sub;                /* inner-phrase units kept after the n_u units (sub_unit) */
} ctx_t;

/* what a verb's best pattern matched */
typedef struct {
    int src, tgt;        /* unit indices, -1 */
    int b, e;            /* matched token range */
} pmatch;

/* a verb of the sentence with its chosen entry and pattern */
typedef struct {
    int i;                      /* the verb word */
    int vb, ve;                 /* with its particles: tokens [vb, ve) */
    const char *code, *code2;   /* the event code and the paired one ("" none) */
    pmatch m;                   /* the pattern's $/+ units and its token range */
} vmatch;

/* units.c */
/* the longest actor or agent phrase at token i: its length, its entry in *ent;
** gaps: TABARI phrases may have words between their blank-separated words */
int annals_compat_longest(const compat_dict *d, const csent *s, int i, uint32_t *ent, bool gaps);
/* the highest NP reached from token tok through noun-like phrases, -1 */
int annals_compat_unit_node(const csent *s, int tok);
/* fills c->u, c->unit_of, c->ments from the sentence's actor and agent phrases */
void annals_compat_build_units(ctx_t *c);
/* a unit for the inner noun phrase x of a larger unit (after the sentence's units), -1 */
int annals_compat_sub_unit(ctx_t *c, int x);

/* roles.c */
/* source and target of verb v not set by its pattern; fwd_src: the source of the
** last coded clause (TABARI) */
void annals_compat_roles(ctx_t *c, const vmatch *v, int fwd_src, int *src, int *tgt);
/* TABARI DEFAULT: fills a missing source or target (*su, *tu may be NULL); the
** units made live in scratch */
void annals_compat_defaults(const compat_dict *d, const vmatch *v, const unit **su, const unit **tu,
                            unit scratch[4]);
/* text: is verb v inside the phrase of the earlier verb head (infinitive, AFTER clause)? */
bool annals_compat_raw_dominated(const csent *s, int head, int v);

/* commas.c */
void annals_compat_drop_asides(csent *s);
void annals_compat_text_commas(const compat_dict *d, csent *s);
void annals_compat_tree_commas(const compat_dict *d, csent *s);

/* rawtag.c */
/* text: chunk ids from the coarse tags (-1 outside a chunk) */
void annals_compat_raw_chunks(const compat_dict *d, const csent *s, int *chunk);

/* match.c */
/* the first verb entry of token t's forms (0: no dictionary verb) */
uint32_t annals_compat_verb_at(const compat_dict *d, const ctok *t);

#endif
