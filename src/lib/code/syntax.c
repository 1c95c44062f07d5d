/* SPDX-License-Identifier: MIT
** code/syntax.c -- source and target of an event from the dependency parse.
**
** Used when the analyze stage parsed the sentence. From the pattern's head
** word: the source is its subject (nsubj), or in the passive its agent
** (obl:agent, or an obl introduced by "by") while the passive subject becomes
** the target; the target is its object (obj, iobj) or an oblique introduced by
** a preposition that names a counterpart ("met with X", "aid to X"). A verb
** without a subject takes the subject of the verb it depends on: the first of
** two coordinated verbs ("thanked X and praised Y"), the controller of an open
** complement ("ready to sign", "committed to providing"). A noun event ("his
** visit to Kabul") takes its possessor as source, else its "by" phrase, its
** subject under a copula ("X is on a visit to Y"), its "between" phrase or, when
** it names a counterpart, its "of" phrase ("the visit of X to Y"); a pattern word that
** modifies the noun heading it ("a prisoner swap") stands for that noun. Each role is the actor
** phrase that contains the chosen word, or else one inside its subtree ("the
** leaders of China"). Coordinated actors ("Kazakhstan and Uzbekistan") come
** back as one each through the coder's coordination step. */
#include <string.h>
#include "annals/parse.h"
#include "annals/tag.h"
#include "code_internal.h"
#include "syntax_internal.h"

static bool rel_is(const annals_token *t, const char *name)
{
    return !strcmp(annals_deprel_name(t->deprel), name);
}

static bool rel_base_is(const annals_token *t, const char *name)
{
    return !strcmp(annals_deprel_name((unsigned)annals_deprel_base(t->deprel)), name);
}

/* The actor phrase containing token i (document index), or one whose words lie in
** i's subtree within the sentence [b, e). */
static const annals_mention *actor_at(const annals_doc *d, const syntax_actors *A, size_t b, size_t e, size_t i)
{
    for (size_t k = 0; k < A->n; k++)
        if (i >= A->v[k]->tok_begin && i < A->v[k]->tok_end) return A->v[k];
    /* in the subtree: walk up from each actor's first token; the first in text order, but
       not a possessor right before another ("sales to China's Taiwan region": Taiwan) */
    const annals_mention *found = NULL;
    for (size_t k = 0; k < A->n; k++) {
        size_t t = A->v[k]->tok_begin;
        for (int steps = 0; steps < 64 && t >= b && t < e; steps++) {
            if (t == i) break;
            int32_t h = d->tok[t].head;
            if (h < 0) { t = SIZE_MAX; break; }
            t = b + (size_t)h;
        }
        if (t != i) continue;
        if (!found) found = A->v[k];
        else if ((found->flags & ANNALS_MENTF_POSSESSIVE) && A->v[k]->tok_begin <= found->tok_end + 1) found = A->v[k];
        if (!(found->flags & ANNALS_MENTF_POSSESSIVE)) break;
    }
    return found;
}

/* A target must be another party than the source, and not a bare "our"/"its" that only
** determines the object noun ("our relations with X"). */
static const annals_mention *as_target(const annals_mention *m, const annals_mention *src)
{
    if (!m || m == src) return NULL;
    if (src && !strcmp(m->code, src->code)) return NULL;
    if ((m->flags & ANNALS_MENTF_PRONOUN) && (m->flags & ANNALS_MENTF_POSSESSIVE) && m->tok_end - m->tok_begin == 1)
        return NULL;
    return m;
}

/* First dependent of h (document index) whose relation passes test; SIZE_MAX if none. */
static size_t dependent(const annals_doc *d, size_t b, size_t e, size_t h, const char *rel, bool base)
{
    for (size_t i = b; i < e; i++) {
        if (d->tok[i].head < 0 || b + (size_t)d->tok[i].head != h) continue;
        if (base ? rel_base_is(&d->tok[i], rel) : rel_is(&d->tok[i], rel)) return i;
    }
    return SIZE_MAX;
}

/* A dependent of h with its own dependent "case" word among preps. */
static size_t oblique_with(const annals_doc *d, size_t b, size_t e, size_t h, const char *const *preps)
{
    for (size_t i = b; i < e; i++) {
        if (d->tok[i].head < 0 || b + (size_t)d->tok[i].head != h) continue;
        if (!rel_base_is(&d->tok[i], "obl") && !rel_base_is(&d->tok[i], "nmod")) continue;
        for (size_t j = b; j < e; j++) {
            if (d->tok[j].head < 0 || b + (size_t)d->tok[j].head != i || !rel_base_is(&d->tok[j], "case")) continue;
            annals_str w = annals_tok_str(d, j);
            for (size_t k = 0; preps[k]; k++)
                if (annals_str_ieq(w, (annals_str){ preps[k], strlen(preps[k]) })) return i;
        }
    }
    return SIZE_MAX;
}

static size_t head_of(const annals_doc *d, size_t b, size_t i)
{
    return d->tok[i].head < 0 ? SIZE_MAX : b + (size_t)d->tok[i].head;
}

static bool is_passive(const annals_doc *d, size_t b, size_t e, size_t h)
{
    return dependent(d, b, e, h, "nsubj:pass", false) != SIZE_MAX || dependent(d, b, e, h, "aux:pass", false) != SIZE_MAX;
}

/* The subject of verb h, looking through coordination, control and relative clauses. */
static const annals_mention *subject_of(const annals_doc *d, const syntax_actors *A, size_t b, size_t e,
                                        size_t h, int depth)
{
    static const char *const BY[] = { "by", NULL };
    if (depth > 6 || h == SIZE_MAX) return NULL;
    size_t s;
    if (is_passive(d, b, e, h)) {
        s = dependent(d, b, e, h, "obl:agent", false);
        if (s == SIZE_MAX) s = oblique_with(d, b, e, h, BY);
        return s == SIZE_MAX ? NULL : actor_at(d, A, b, e, s);
    }
    s = dependent(d, b, e, h, "nsubj", true);
    if (s != SIZE_MAX) return actor_at(d, A, b, e, s);
    const annals_token *t = &d->tok[h];
    /* "thanked X and expressed gratitude": the first verb's subject */
    if (rel_base_is(t, "conj") || rel_base_is(t, "xcomp") || rel_base_is(t, "advcl"))
        return subject_of(d, A, b, e, head_of(d, b, h), depth + 1);
    /* "measures taken by X": a reduced relative's agent */
    if (rel_base_is(t, "acl")) {
        s = oblique_with(d, b, e, h, BY);
        return s == SIZE_MAX ? NULL : actor_at(d, A, b, e, s);
    }
    return NULL;
}

/* An actor phrase after the verb with a word hanging directly on the verb by a relation
** that is not a subject, modifier or function word: the object even when the parser
** labelled a news-style name badly ("thanked Russian President Vladimir Putin" with
** "Russian" as xcomp). */
static const annals_mention *attached_after(const annals_doc *d, const syntax_actors *A, size_t b, size_t e,
                                            size_t h, const annals_mention *src)
{
    static const char *const SKIP[] = { "nsubj", "csubj", "punct", "aux", "cc", "mark", "advmod", "case",
        "det", "cop", "advcl", "parataxis", "discourse", "vocative", "expl", "dep", NULL };
    static const char *const PLACE_PREP[] = { "in", "at", "near", "across", "inside", "within", "throughout",
        "around", "outside", NULL };
    for (size_t k = 0; k < A->n; k++) {
        const annals_mention *m = A->v[k];
        if (m->tok_begin <= h || m == src) continue;
        for (size_t t = m->tok_begin; t < m->tok_end; t++) {
            if (d->tok[t].head < 0 || b + (size_t)d->tok[t].head != h) continue;
            const char *rel = annals_deprel_name((unsigned)annals_deprel_base(d->tok[t].deprel));
            bool skip = false;
            for (size_t r = 0; SKIP[r]; r++) if (!strcmp(rel, SKIP[r])) skip = true;
            /* "met in Beijing": a place phrase says where, not whom -- except for a use of
               force, whose place is what it strikes */
            if (!skip && !A->place_is_target && !strcmp(rel, "obl"))
                for (size_t c = b; c < t && !skip; c++)
                    skip = d->tok[c].head >= 0 && b + (size_t)d->tok[c].head == t && rel_is(&d->tok[c], "case")
                           && annals_tok_in(d, c, PLACE_PREP);
            if (!skip) return m;
        }
    }
    (void)e;
    return NULL;
}

/* The source of noun event h named around the noun rather than before it: "the attack by X",
** "X is on a visit to Y" (the copular noun's subject), "a meeting between X and Y" (X; the
** coder pairs it with Y), and "the visit of X to Y" -- "of" only when a counterpart follows,
** on the noun or on the "of" phrase (where the parser may hang it), since alone "of X" is as
** often the target ("condemnation of X"). */
static const annals_mention *noun_agent(const annals_doc *d, const syntax_actors *A, size_t b, size_t e,
                                        size_t h, const char *const *counterpart)
{
    static const char *const BY[] = { "by", NULL }, *const BETWEEN[] = { "between", NULL },
        *const OF[] = { "of", NULL };
    size_t o = oblique_with(d, b, e, h, BY);
    if (o == SIZE_MAX) o = dependent(d, b, e, h, "nsubj", true);
    if (o == SIZE_MAX) o = oblique_with(d, b, e, h, BETWEEN);
    if (o == SIZE_MAX) {
        size_t of = oblique_with(d, b, e, h, OF);
        if (of != SIZE_MAX && (oblique_with(d, b, e, h, counterpart) != SIZE_MAX
                               || oblique_with(d, b, e, of, counterpart) != SIZE_MAX))
            o = of;
    }
    return o == SIZE_MAX ? NULL : actor_at(d, A, b, e, o);
}

int annals_syntax_roles(const annals_doc *d, size_t sent, const syntax_actors *A, size_t head,
                        bool noun, const annals_mention **src, const annals_mention **tgt)
{
    static const char *const COUNTERPART[] = { "with", "to", "against", "on", "toward", "towards",
        "for", "from", "into", NULL };
    size_t b = d->sent[sent].tok_begin, e = d->sent[sent].tok_end;
    *src = *tgt = NULL;
    if (!d->sent[sent].parsed || head < b || head >= e) return -1;
    if (noun) {
        /* "a prisoner swap": the pattern's first word modifies the noun that heads it */
        for (int k = 0; k < 2 && (rel_is(&d->tok[head], "compound") || rel_is(&d->tok[head], "amod")); k++) {
            size_t h = head_of(d, b, head);
            if (h == SIZE_MAX || h <= head || h > head + 3) break;
            head = h;
        }
        size_t poss = dependent(d, b, e, head, "nmod:poss", false);
        if (poss != SIZE_MAX) *src = actor_at(d, A, b, e, poss);
        if (!*src) {
            /* "held talks with X": the noun's verb's subject */
            size_t v = head_of(d, b, head);
            if (v != SIZE_MAX && rel_base_is(&d->tok[head], "obj")) *src = subject_of(d, A, b, e, v, 0);
        }
        if (!*src) *src = noun_agent(d, A, b, e, head, COUNTERPART);
        size_t o = oblique_with(d, b, e, head, COUNTERPART);
        if (o != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, o), *src);
        return 0;
    }
    if (is_passive(d, b, e, head)) {
        *src = subject_of(d, A, b, e, head, 0);
        size_t s = dependent(d, b, e, head, "nsubj:pass", false);
        if (s != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, s), *src);
        /* "arrived ... and was received by X": the first verb's subject is received */
        else if (rel_base_is(&d->tok[head], "conj")) {
            size_t v = head_of(d, b, head), sv = v == SIZE_MAX ? SIZE_MAX : dependent(d, b, e, v, "nsubj", true);
            if (sv != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, sv), *src);
        }
        return 0;
    }
    *src = subject_of(d, A, b, e, head, 0);
    size_t o = dependent(d, b, e, head, "obj", false);
    if (o == SIZE_MAX) o = dependent(d, b, e, head, "iobj", false);
    if (o != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, o), *src);
    if (!*tgt) *tgt = as_target(attached_after(d, A, b, e, head, *src), *src);
    if (!*tgt) {
        size_t ob = oblique_with(d, b, e, head, COUNTERPART);
        if (ob != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, ob), *src);
    }
    /* "provide aid to X", "value our relations with X": the counterpart hangs on the object */
    if (!*tgt && o != SIZE_MAX) {
        size_t ob = oblique_with(d, b, e, o, COUNTERPART);
        if (ob != SIZE_MAX) *tgt = as_target(actor_at(d, A, b, e, ob), *src);
    }
    return 0;
}
