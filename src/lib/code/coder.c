/* SPDX-License-Identifier: MIT
** code/coder.c -- from pattern matches and actor phrases to CAMEO events.
**
** For each sentence: look each token up in the form table; at a hit, try the
** patterns of that form and keep the longest match. A match inside an actor
** phrase ("aid workers") is not an event. Negation before the verb drops the
** match; an intent marker ("will", "ready to", "committed to") maps its code
** to the 03x intent code. Roles come from word order (this file) -- the
** subject is the nearest actor phrase before the verb that is not the object
** of a preposition, the target the actor at the pattern's `$` or the first
** after the verb; in the passive ("was received by X") the agent after "by"
** is the source. Actors joined by "and" make one event each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "code_internal.h"
#include "syntax.h"

int annals_coder_open(annals_coder **out, const char *data_dir,
                      annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    *out = NULL;
    annals_coder *c = calloc(1, sizeof *c);
    if (!c) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    char path[4096];
    snprintf(path, sizeof path, "%s/verbs.txt", data_dir);
    int rc = annals_lexicon_load(c, path, warn, warn_arg, ctx);
    if (rc >= 0) {
        snprintf(path, sizeof path, "%s/cameo-codes.tsv", data_dir);
        rc = annals_cameo_load(c, path, warn, warn_arg, ctx);
    }
    if (rc < 0) { annals_coder_free(c); return rc; }
    *out = c;
    return 0;
}

void annals_coder_free(annals_coder *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->form_cap; i++) free(c->forms[i].pats);
    free(c->forms);
    free(c->patterns);
    free(c->cameo);
    free(c);
}

size_t annals_coder_n_patterns(const annals_coder *c) { return c ? c->n_patterns : 0; }

/* ---- token tests ---- */


static bool word_match(const annals_doc *d, size_t i, const char *w)
{
    annals_str t = annals_tok_str(d, i);
    size_t n = strlen(w);
    if (annals_str_ieq(t, (annals_str){ w, n })) return true;
    if (t.n == n + 1 && (t.p[n] == 's' || t.p[n] == 'S') && annals_str_ieq((annals_str){ t.p, n }, (annals_str){ w, n }))
        return true;
    if (t.n == n + 2 && annals_str_ieq((annals_str){ t.p + n, 2 }, ANNALS_STR("es"))
        && annals_str_ieq((annals_str){ t.p, n }, (annals_str){ w, n }))
        return true;
    return false;
}

static bool is_clause_stop(const annals_doc *d, size_t i)
{
    static const char *const S[] = { ".", ";", ":", "!", "?", "\xE2\x80\x9C", "\xE2\x80\x9D", "\"", NULL };
    return annals_tok_in(d, i, S);
}

/* ---- pattern matching ---- */

typedef struct {
    const pattern *p;
    size_t vb, ve;           /* matched tokens [vb, ve) */
    size_t target_pos;       /* token where the target must start; SIZE_MAX: anywhere after */
    bool parsed;             /* roles came from the dependency parse */
} match;

#define MAX_GAP 4

static bool match_rest(const annals_doc *d, const pattern *p, size_t k, size_t pos, size_t e, match *m)
{
    for (; k < p->n_el; k++) {
        const pattern_el *el = &p->el[k];
        if (el->kind == EL_TARGET) { m->target_pos = pos; continue; }
        if (el->kind == EL_WORD) {
            if (pos >= e || !word_match(d, pos, el->word)) return false;
            pos++;
            continue;
        }
        /* gap: try 0..MAX_GAP skipped tokens, shortest first; a gap before "with $" may be
           longer ("discussed shared security and economic interests ... with X") */
        size_t max_gap = MAX_GAP;
        if (k + 2 < p->n_el && p->el[k + 1].kind == EL_WORD && p->el[k + 2].kind == EL_TARGET
            && !strcmp(p->el[k + 1].word, "with"))
            max_gap = 3 * MAX_GAP;
        static const char *const CLAUSE[] = { "to", "that", "how", "whether", "which", "who", "whom", NULL };
        static const char *const AMOUNT[] = { "$", "million", "billion", "trillion", "dollars", "euros",
            "yuan", "rubles", "roubles", "tenge", "tonnes", "tons", "worth", "about", "nearly", "some", NULL };
        size_t counted = 0;
        for (size_t skip = 0; counted <= max_gap && pos + skip <= e; skip++) {
            if (skip && (is_clause_stop(d, pos + skip - 1) || annals_tok_in(d, pos + skip - 1, CLAUSE))) break;
            /* an amount ("$64 million") counts as one word of the gap */
            if (skip && ((d->tok[pos + skip - 1].flags & ANNALS_TOKF_DIGIT) || annals_tok_in(d, pos + skip - 1, AMOUNT))
                && skip > 1 && ((d->tok[pos + skip - 2].flags & ANNALS_TOKF_DIGIT) || annals_tok_in(d, pos + skip - 2, AMOUNT)))
                ;
            else if (skip) counted++;
            if (counted > max_gap) break;
            match tmp = *m;
            if (match_rest(d, p, k + 1, pos + skip, e, &tmp)) { *m = tmp; return true; }
        }
        return false;
    }
    m->ve = pos;
    return true;
}

static bool best_match(const annals_coder *c, const annals_doc *d, size_t i, size_t e, match *out)
{
    annals_str t = annals_tok_str(d, i);
    const form_slot *fs = annals_coder_form(c, t.p, t.n);
    if (!fs) return false;
    bool found = false;
    for (size_t k = 0; k < fs->n_pat; k++) {
        const pattern *p = &c->patterns[fs->pats[k] - 1];
        match m = { .p = p, .vb = i, .target_pos = SIZE_MAX };
        if (!match_rest(d, p, 1, i + 1, e, &m)) continue;
        /* more words is more specific; between equals, the tighter match */
        if (!found || p->n_words > out->p->n_words
            || (p->n_words == out->p->n_words && m.ve < out->ve)) {
            *out = m;
            found = true;
        }
    }
    return found;
}

/* ---- negation, intent, domain ---- */

static bool negated(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const NEG[] = { "not", "n't", "never", "no", "without", "nor", NULL };
    static const char *const NEG_VERB[] = { "refused", "refuses", "refuse", "declined", "declines",
        "failed", "fails", "denied", "denies", "rejected", "cancelled", "canceled", "postponed", NULL };
    size_t lo = vb > b + 4 ? vb - 4 : b;
    for (size_t i = vb; i-- > lo;) {
        if (is_clause_stop(d, i) || annals_tok_is(d, i, ",")) break;
        if (annals_tok_in(d, i, NEG)) return true;
        if (annals_tok_in(d, i, NEG_VERB) && i + 1 < vb && annals_tok_is(d, i + 1, "to")) return true;
    }
    return false;
}

static bool intent(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const MODAL[] = { "will", "'ll", "shall", "would", NULL };
    static const char *const MARK[] = { "ready", "willing", "willingness", "readiness", "intention",
        "intend", "intends", "intended", "plan", "plans", "planned", "planning", "prepared",
        "committed", "commitment", "pledged", "pledge", "promised", "promise", "vowed", "offered",
        "agreed", "aims", "aim", "seeks", "seek", "hopes", "hope", "expects", "expect", "wants",
        "want", "favor", "favour", "determined", "eager", "keen", "interested", "proposed",
        "going", "intent", "desire", "wish", "wishes", NULL };
    size_t lo = vb > b + 8 ? vb - 8 : b;
    bool saw_to = false;
    for (size_t i = vb; i-- > lo;) {
        if (is_clause_stop(d, i)) break;
        if (annals_tok_is(d, i, "to") || annals_tok_is(d, i, "of")) saw_to = true;
        if (vb - i <= 3 && annals_tok_in(d, i, MODAL)) return true;
        if (saw_to && annals_tok_in(d, i, MARK)) return true;
    }
    return false;
}

typedef enum { DOM_NONE = 0, DOM_ECON = 1, DOM_MIL = 2, DOM_JUD = 3, DOM_INTEL = 4, DOM_HUM = 5 } domain;

static domain sentence_domain(const annals_doc *d, size_t from, size_t to)
{
    static const char *const HUM[] = { "humanitarian", "food", "medical", "medicine", "medicines",
        "relief", "refugees", "vaccines", "vaccine", "shelter", "wheat", "flour", "emergency", NULL };
    static const char *const MIL[] = { "military", "defense", "defence", "security", "arms",
        "weapons", "troops", "counterterrorism", "counter-terrorism", "armed", "army", "cyber",
        "military-security", "missiles", "peacekeeping", NULL };
    static const char *const INTEL[] = { "intelligence", "information-sharing", NULL };
    static const char *const JUD[] = { "judicial", "legal", "extradition", "law", NULL };
    static const char *const ECON[] = { "economic", "trade", "investment", "investments", "energy",
        "transport", "railroad", "railway", "railways", "infrastructure", "financial", "loan",
        "loans", "business", "development", "transport-logistics", "logistics", "agricultural",
        "industrial", "grants", "scholarships", "scholarship", "education", "educational", NULL };
    bool hum = false, mil = false, intel = false, jud = false, econ = false;
    for (size_t i = from; i < to; i++) {
        hum = hum || annals_tok_in(d, i, HUM);
        mil = mil || annals_tok_in(d, i, MIL);
        intel = intel || annals_tok_in(d, i, INTEL);
        jud = jud || annals_tok_in(d, i, JUD);
        econ = econ || annals_tok_in(d, i, ECON);
    }
    return hum ? DOM_HUM : mil ? DOM_MIL : intel ? DOM_INTEL : jud ? DOM_JUD : econ ? DOM_ECON : DOM_NONE;
}

/* Resolves an 'x' code ("07x", "06x") from the domain. */
static void refine(char code[6], domain dom)
{
    size_t n = strlen(code);
    if (!n || code[n - 1] != 'x') return;
    char digit = '0';
    if (!strncmp(code, "07", 2)) digit = dom == DOM_HUM ? '3' : dom == DOM_MIL ? '2' : dom == DOM_ECON ? '1' : '0';
    else if (!strncmp(code, "033", 3)) digit = dom == DOM_HUM ? '3' : dom == DOM_MIL ? '2' : dom == DOM_ECON ? '1' : 0;
    else if (!strncmp(code, "031", 3) || !strncmp(code, "06", 2))
        digit = dom == DOM_ECON ? '1' : dom == DOM_MIL ? '2' : dom == DOM_JUD ? '3' : dom == DOM_INTEL ? '4'
              : dom == DOM_HUM ? '1' : 0;
    if (digit) code[n - 1] = digit;
    else code[n - 1] = '\0';
    if (!strcmp(code, "06")) snprintf(code, 6, "060");
    if (!strcmp(code, "07")) snprintf(code, 6, "070");
}

/* The 03x code for an intent to do `code`. */
static void intent_code(char code[6], domain dom)
{
    char r[3] = { code[0], code[1], '\0' };
    int root = atoi(r);
    switch (root) {   /* announced hostile measures keep their own code ("would expel") */
    case 4: snprintf(code, 6, "036"); break;
    case 5: case 6:
        snprintf(code, 6, dom == DOM_NONE || dom == DOM_HUM ? (root == 5 ? "032" : "030") : "031x");
        refine(code, dom);
        break;
    case 7: snprintf(code, 6, "033x"); refine(code, dom); if (!strcmp(code, "033")) break; break;
    case 8: snprintf(code, 6, "035"); break;
    default: break;
    }
}

/* ---- roles ---- */

typedef struct {
    const annals_mention **v;
    size_t n;
    bool *is_object;      /* per actor: already the target of an event of this sentence */
} actor_view;

static bool passive_voice(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const BE[] = { "was", "were", "is", "are", "been", "being", "be", "get", "got", NULL };
    annals_str t = annals_tok_str(d, vb);
    if (t.n < 3) return false;
    bool participle = annals_str_ieq((annals_str){ t.p + t.n - 2, 2 }, ANNALS_STR("ed"))
        || annals_str_ieq((annals_str){ t.p + t.n - 2, 2 }, ANNALS_STR("en"))
        || annals_tok_is(d, vb, "met") || annals_tok_is(d, vb, "held") || annals_tok_is(d, vb, "sent") || annals_tok_is(d, vb, "hit")
        || annals_tok_is(d, vb, "shot") || annals_tok_is(d, vb, "struck") || annals_tok_is(d, vb, "sought") || annals_tok_is(d, vb, "brought");
    if (!participle) return false;
    /* "is committed to", "was prepared to": adjectives, not passives */
    if (vb + 1 < d->n_tok && annals_tok_is(d, vb + 1, "to")) return false;
    for (size_t i = vb, k = 0; i-- > b && k < 3; k++) {
        if (annals_tok_in(d, i, BE)) return true;
        if (!annals_tok_is(d, i, "also") && !annals_tok_is(d, i, "reportedly") && !annals_tok_is(d, i, "warmly")
            && !annals_tok_is(d, i, "officially") && !annals_tok_is(d, i, "later") && !annals_tok_is(d, i, "then"))
            return false;
    }
    return false;
}

/* Actor nearest before the verb that can be a subject. */
static const annals_mention *subject_before(const annals_doc *d, const actor_view *A, size_t b, size_t vb,
                                            bool allow_possessive_only)
{
    const annals_mention *poss = NULL;
    for (size_t k = A->n; k-- > 0;) {
        const annals_mention *m = A->v[k];
        if (m->tok_end > vb) continue;
        if (A->is_object && A->is_object[k]) continue;   /* the object of an earlier verb */
        if (vb - m->tok_end > 30) break;
        if (m->flags & (ANNALS_MENTF_LOCATIVE | ANNALS_MENTF_PREP)) continue;
        if ((m->flags & ANNALS_MENTF_POSSESSIVE) && m->tok_end + 2 < vb) {
            /* "Kazakhstan's economy grew": a possessor is a subject only when its noun is the verb's */
            if (!poss) poss = m;
            continue;
        }
        return m;
    }
    (void)d; (void)b;
    return allow_possessive_only ? poss : NULL;
}

/* A bare possessive pronoun ("their") determines another noun; an actor after "through" or
** "like" is no party; a country guessed from the story's place is good enough for a protest,
** an arrest or a clash, not for talks or praise. */
static bool target_ok(const annals_doc *d, const annals_mention *m, const match *mt)
{
    static const char *const NOT_PARTY[] = { "through", "via", "like", "than", "despite", "as", "including", NULL };
    if ((m->flags & ANNALS_MENTF_PRONOUN) && (m->flags & ANNALS_MENTF_POSSESSIVE) && m->tok_end - m->tok_begin == 1)
        return false;
    if (m->flags & ANNALS_MENTF_GUESSED) {
        int root = (mt->p->code[0] - '0') * 10 + (mt->p->code[1] - '0');
        if (root < 14) return false;
    }
    if (m->tok_begin > 0) {
        size_t p = m->tok_begin - 1;
        if (annals_tok_is(d, p, "the") && p > 0) p--;
        if (annals_tok_in(d, p, NOT_PARTY)) return false;
    }
    return true;
}

static const annals_mention *target_after(const annals_doc *d, const actor_view *A, const match *mt,
                                          const annals_mention *src, size_t e, bool allow_locative)
{
    if (mt->target_pos != SIZE_MAX) {
        for (size_t k = 0; k < A->n; k++) {
            const annals_mention *m = A->v[k];
            if (m->tok_begin >= mt->target_pos && m->tok_begin <= mt->target_pos + 3) return target_ok(d, m, mt) ? m : NULL;
        }
        return NULL;
    }
    const annals_mention *loc = NULL;
    /* "expel ten American diplomats": an actor inside the matched words is the object */
    for (size_t k = 0; k < A->n; k++) {
        const annals_mention *m = A->v[k];
        if (m->tok_begin > mt->vb && m->tok_end <= mt->ve && target_ok(d, m, mt)
            && !(src && !strcmp(m->code, src->code)))
            return m;
    }
    for (size_t k = 0; k < A->n; k++) {
        const annals_mention *m = A->v[k];
        if (m->tok_begin < mt->ve) continue;
        if (m->tok_begin - mt->ve > 14) break;
        if (src && !strcmp(m->code, src->code)) continue;
        if (!target_ok(d, m, mt)) continue;
        if (m->flags & ANNALS_MENTF_LOCATIVE) { if (!loc) loc = m; continue; }
        return m;
    }
    (void)d; (void)e;
    /* "build a railroad in Afghanistan": for material cooperation and aid the place is the recipient;
       for talks it is only the venue */
    return allow_locative ? loc : NULL;
}

/* Actors coordinated with m by "and" / "," (m included), in text order. */
static size_t coordinated(const annals_doc *d, const actor_view *A, const annals_mention *m,
                          const annals_mention **out, size_t max)
{
    size_t idx = 0;
    while (idx < A->n && A->v[idx] != m) idx++;
    if (idx == A->n) { out[0] = m; return 1; }
    size_t lo = idx, hi = idx;
    for (;;) {   /* leftwards */
        if (lo == 0) break;
        const annals_mention *p = A->v[lo - 1], *q = A->v[lo];
        bool glue = q->tok_begin > p->tok_end;
        for (size_t t = p->tok_end; t < q->tok_begin; t++)
            if (!annals_tok_is(d, t, "and") && !annals_tok_is(d, t, ",") && !annals_tok_is(d, t, "the")) glue = false;
        if (!glue) break;
        lo--;
    }
    for (;;) {   /* rightwards */
        if (hi + 1 >= A->n) break;
        const annals_mention *p = A->v[hi], *q = A->v[hi + 1];
        bool glue = q->tok_begin > p->tok_end;
        for (size_t t = p->tok_end; t < q->tok_begin; t++)
            if (!annals_tok_is(d, t, "and") && !annals_tok_is(d, t, ",") && !annals_tok_is(d, t, "the")) glue = false;
        if (!glue) break;
        hi++;
    }
    /* a list is coordinated only when "and" joins it; long lists are multilateral
       groupings, not each a party of the event: keep the nearest actor only */
    bool has_and = false;
    for (size_t t = A->v[lo]->tok_end; t < A->v[hi]->tok_begin; t++) if (annals_tok_is(d, t, "and")) has_and = true;
    if (!has_and || hi - lo + 1 > 3) { out[0] = m; return 1; }
    if (hi - lo + 1 == 2)   /* "A and B"; "A, and B" joins two clauses */
        for (size_t t = A->v[lo]->tok_end; t < A->v[hi]->tok_begin; t++)
            if (annals_tok_is(d, t, ",")) { out[0] = m; return 1; }
    size_t n = 0;
    for (size_t k = lo; k <= hi && n < max; k++) out[n++] = A->v[k];
    return n;
}

/* ---- events ---- */

typedef struct {
    annals_arena *arena;
    annals_event *v;
    size_t n, cap;
} event_list;

static int push_event(event_list *l, const annals_event *ev)
{
    /* one event per (sentence, src, tgt, code); events come in sentence order, so only
       the current sentence's need a look */
    for (size_t i = l->n; i-- > 0 && l->v[i].sent == ev->sent;)
        if (!strcmp(l->v[i].src, ev->src) && !strcmp(l->v[i].tgt, ev->tgt) && !strcmp(l->v[i].code, ev->code))
            return 0;
    void *v = l->v;
    annals_event *slot = annals_arena_push(l->arena, &v, &l->n, &l->cap, sizeof *slot);
    l->v = v;
    if (!slot) return ANNALS_ENOMEM;
    *slot = *ev;
    return 0;
}

static void span_of(const annals_doc *d, const annals_mention *m, uint32_t *off, uint32_t *len)
{
    uint32_t b = d->tok[m->tok_begin].off;
    uint32_t e = d->tok[m->tok_end - 1].off + d->tok[m->tok_end - 1].len;
    *off = b;
    *len = e - b;
}

static int emit(const annals_coder *c, annals_doc *d, event_list *out, size_t s, const match *mt,
                const char *code, const annals_mention *src, const annals_mention *tgt,
                const char *date, const char *place)
{
    if (!src || !tgt || !strcmp(src->code, tgt->code)) return 0;
    annals_event ev;
    memset(&ev, 0, sizeof ev);
    ev.sent = (uint32_t)s;
    snprintf(ev.code, sizeof ev.code, "%s", code);
    if (!annals_cameo_lookup(c, ev.code, &ev.goldstein, &ev.quad_class, NULL)) {
        /* a sub-code missing from the table: fall back to its parent */
        char parent[6];
        snprintf(parent, sizeof parent, "%.3s", code);
        if (!annals_cameo_lookup(c, parent, &ev.goldstein, &ev.quad_class, NULL)) return 0;
    }
    snprintf(ev.root, sizeof ev.root, "%.2s", code);
    snprintf(ev.src, sizeof ev.src, "%s", src->code);
    snprintf(ev.tgt, sizeof ev.tgt, "%s", tgt->code);
    span_of(d, src, &ev.src_off, &ev.src_len);
    if (tgt->kind == ANNALS_MENTION_ACTOR && tgt->tok_end > tgt->tok_begin && !(tgt->flags & ANNALS_MENTF_IMPLIED))
        span_of(d, tgt, &ev.tgt_off, &ev.tgt_len);   /* an implied target has no words */
    ev.verb_off = d->tok[mt->vb].off;
    ev.verb_len = d->tok[mt->ve - 1].off + d->tok[mt->ve - 1].len - ev.verb_off;
    snprintf(ev.date, sizeof ev.date, "%s", date ? date : "");
    ev.place = place;
    if (d->tok[mt->vb].flags & ANNALS_TOKF_IN_QUOTE) ev.flags |= ANNALS_EVF_QUOTED;
    if (mt->parsed) ev.flags |= ANNALS_EVF_PARSE;
    return push_event(out, &ev);
}

static bool inside_actor(const actor_view *A, size_t i)
{
    for (size_t k = 0; k < A->n; k++)
        if (i >= A->v[k]->tok_begin && i < A->v[k]->tok_end) return true;
    return false;
}

/* A verb form used as a noun or adjective: "Kazakhstan's continued support", "a single agreed
** approach", "the warm welcome", or a gerund after a preposition ("consensus on supporting"). */
static bool used_as_noun(const annals_doc *d, const actor_view *A, size_t b, size_t vb)
{
    static const char *const DET[] = { "the", "a", "an", "this", "that", "these", "those", "its", "his",
        "her", "their", "our", "my", "your", "'s", "\xE2\x80\x99s", "whose", "any", "every", "each",
        "such", "no", NULL };
    static const char *const PREP[] = { "on", "of", "for", "about", "in", "with", "by", "from",
        "after", "before", "without", "through", "towards", "toward", NULL };
    static const char *const ADJ[] = { "warm", "strong", "new", "further", "full", "joint", "single",
        "great", "close", "regular", "special", "recent", "long", "high", "official", "first", "second",
        "last", "next", "mutual", "financial", "military", "economic", "humanitarian", "international",
        "bilateral", "political", "diplomatic", "previous", "upcoming", "planned", "possible", NULL };
    if (vb <= b) return false;
    if (annals_tok_in(d, vb - 1, DET) || annals_tok_in(d, vb - 1, ADJ)) return true;
    annals_str t = annals_tok_str(d, vb);
    bool ing = t.n > 4 && annals_str_ieq((annals_str){ t.p + t.n - 3, 3 }, ANNALS_STR("ing"));
    bool ed = t.n > 3 && annals_str_ieq((annals_str){ t.p + t.n - 2, 2 }, ANNALS_STR("ed"));
    if ((ing || ed) && annals_tok_in(d, vb - 1, PREP)) return true;       /* "on supporting", "of banned groups" */
    if (ing && inside_actor(A, vb - 1)) return true;                /* "a UN meeting" */
    if (vb >= b + 2 && annals_tok_in(d, vb - 2, DET) && !inside_actor(A, vb - 1)) {
        annals_str p = annals_tok_str(d, vb - 1);
        bool ed = p.n > 3 && annals_str_ieq((annals_str){ p.p + p.n - 2, 2 }, ANNALS_STR("ed"));
        if (ed || annals_tok_in(d, vb - 1, ADJ)) return true;
    }
    return false;
}

/* The source of a noun event: a possessor ("his visit", "Kazakhstan's aid") or an actor right
** before the noun ("US aid to"). */
static const annals_mention *noun_source(const annals_doc *d, const actor_view *A, size_t vb)
{
    for (size_t k = A->n; k-- > 0;) {
        const annals_mention *m = A->v[k];
        if (m->tok_end > vb) continue;
        size_t gap = vb - m->tok_end;
        if ((m->flags & ANNALS_MENTF_POSSESSIVE) && gap <= 4) return m;
        if (gap == 0) return m;
        if (gap > 4) break;
    }
    (void)d;
    return NULL;
}

/* The domain of the words of a match and the object after it (up to a clause stop). */
static domain span_domain(const annals_doc *d, size_t vb, size_t ve, size_t e)
{
    size_t to = ve + 8 < e ? ve + 8 : e;
    for (size_t i = ve; i < to; i++) if (is_clause_stop(d, i)) { to = i; break; }
    return sentence_domain(d, vb, to);
}

/* Acts that two parties do together: consult (04), sign (057), agree a ceasefire (0871),
** intend to meet (036). */
static bool mutual(const char *code)
{
    return !strncmp(code, "04", 2) || !strcmp(code, "057") || !strcmp(code, "0871") || !strcmp(code, "036");
}

/* A date in a dateline ("BISHKEK, Sept 17 (Reuters) -") is the day of writing, not of the event. */
static bool is_dateline(const annals_doc *d, size_t b, size_t e, const annals_mention *m)
{
    if (m->tok_begin > b + 4) return false;
    for (size_t i = m->tok_end; i < e && i < m->tok_end + 6; i++) {
        annals_str t = annals_tok_str(d, i);
        if (annals_str_eq(t, ANNALS_STR("-")) || annals_str_eq(t, ANNALS_STR("--"))
            || annals_str_eq(t, ANNALS_STR("\xE2\x80\x93")) || annals_str_eq(t, ANNALS_STR("\xE2\x80\x94"))
            || annals_str_eq(t, ANNALS_STR("(")))
            return true;
    }
    /* a line that is only a date */
    return m->tok_begin == b && m->tok_end == e;
}

/* The resolved date mention of the sentence nearest to token v. */
static const char *nearest_date(const annals_doc *d, size_t m0, size_t m1, size_t b, size_t e, size_t v)
{
    const char *best = NULL;
    size_t best_dist = SIZE_MAX;
    for (size_t k = m0; k < m1; k++) {
        const annals_mention *m = &d->mention[k];
        if (m->kind != ANNALS_MENTION_DATE || !m->date[0] || is_dateline(d, b, e, m)) continue;
        size_t dist = m->tok_begin > v ? m->tok_begin - v : v - m->tok_end;
        if (dist < best_dist) { best = m->date; best_dist = dist; }
    }
    return best;
}

bool annals_code_sentence_has_candidates(const annals_coder *c, const annals_doc *doc, size_t sent,
                                         const annals_mention *mention, size_t n_mention)
{
    bool actor = false;
    for (size_t k = 0; k < n_mention && !actor; k++)
        actor = mention[k].sent == sent && mention[k].kind == ANNALS_MENTION_ACTOR;
    if (!actor) return false;
    size_t e = doc->sent[sent].tok_end;
    for (size_t i = doc->sent[sent].tok_begin; i < e; i++) {
        match m;
        if (best_match(c, doc, i, e, &m)) return true;
    }
    return false;
}

int annals_code_run(const annals_coder *c, annals_doc *doc, annals_ctx *ctx)
{
    event_list out = { .arena = doc->arena };
    const annals_mention **buf = NULL;
    bool *objects = NULL;
    size_t buf_cap = 0;
    const char *story_date = NULL;
    size_t mi = 0;
    int rc = 0;
    for (size_t s = 0; s < doc->n_sent; s++) {
        size_t b = doc->sent[s].tok_begin, e = doc->sent[s].tok_end;
        /* this sentence's mentions */
        size_t m0 = mi;
        while (mi < doc->n_mention && doc->mention[mi].sent == s) mi++;
        size_t nm = mi - m0;
        if (nm > buf_cap) {
            const annals_mention **nb = realloc(buf, nm * sizeof *nb);
            if (!nb) { rc = ANNALS_ENOMEM; goto done; }
            buf = nb;
            bool *no = realloc(objects, nm * sizeof *no);
            if (!no) { rc = ANNALS_ENOMEM; goto done; }
            objects = no;
            buf_cap = nm;
        }
        if (nm) memset(objects, 0, nm * sizeof *objects);
        actor_view A = { buf, 0, objects };
        const char *date = NULL, *place = NULL;
        size_t n_dates = 0;
        for (size_t k = m0; k < mi; k++) {
            const annals_mention *m = &doc->mention[k];
            if (m->kind == ANNALS_MENTION_ACTOR) A.v[A.n++] = m;
            else if (m->kind == ANNALS_MENTION_DATE && m->date[0] && !is_dateline(doc, b, e, m)) {
                if (!date) date = m->date;
                n_dates++;
            }
            else if (m->kind == ANNALS_MENTION_PLACE && (m->flags & ANNALS_MENTF_LOCATIVE) && !place) {
                const annals_token *t0 = &doc->tok[m->tok_begin], *t1 = &doc->tok[m->tok_end - 1];
                place = annals_arena_strndup(doc->arena, doc->text + t0->off, t1->off + t1->len - t0->off);
            }
        }
        if (date) story_date = date;
        if (A.n == 0) continue;
        size_t events_before = out.n;
        for (size_t i = b; i < e;) {
            match mt;
            if (inside_actor(&A, i) || !best_match(c, doc, i, e, &mt)) { i++; continue; }
            size_t next = mt.ve > i ? mt.ve : i + 1;
            /* a verb used as a noun is no event -- except an intent, which the noun states as well
               ("his offer to meet", "its pledge to provide") */
            bool as_noun = !mt.p->noun && strncmp(mt.p->code, "03", 2) && used_as_noun(doc, &A, b, mt.vb);
            if (negated(doc, b, mt.vb) || as_noun) { i = next; continue; }
            bool wants = intent(doc, b, mt.vb);
            /* "expressed his willingness to sign ...": the intent belongs to the next verb */
            if (!strncmp(mt.p->code, "03", 2) && mt.ve + 1 < e && annals_tok_is(doc, mt.ve, "to")) {
                match nx;
                if (best_match(c, doc, mt.ve + 1, e, &nx)) { i = mt.ve + 1; continue; }
            }
            /* "met ... to discuss": a purpose clause of an event already coded */
            if (!wants && mt.vb > b && annals_tok_is(doc, mt.vb - 1, "to") && out.n > events_before) { i = next; continue; }
            /* several dates in the sentence: the one nearest the verb */
            const char *ev_date = date ? (n_dates > 1 ? nearest_date(doc, m0, mi, b, e, mt.vb) : date) : story_date;
            char code[6];
            snprintf(code, sizeof code, "%s", mt.p->code);
            domain dom = span_domain(doc, mt.vb, mt.ve, e);
            if (wants) intent_code(code, dom);
            else refine(code, dom);
            bool material = code[0] == '0' && (code[1] == '6' || code[1] == '7' || (code[1] == '3' && (code[2] == '1' || code[2] == '3')));
            const annals_mention *src = NULL, *tgt = NULL;
            syntax_actors SA = { A.v, A.n };
            bool parsed = annals_syntax_roles(doc, s, &SA, mt.vb, mt.p->noun, &src, &tgt) == 0;
            if (parsed) {
                /* the parse decides; a "$" in the pattern still names where the target stands,
                   and a role the parse leaves empty is looked for in word order */
                if (mt.target_pos != SIZE_MAX) tgt = target_after(doc, &A, &mt, src, e, material);
                if (!src) src = mt.p->noun ? noun_source(doc, &A, mt.vb) : subject_before(doc, &A, b, mt.vb, false);
                if (!tgt) tgt = target_after(doc, &A, &mt, src, e, material);
                if (tgt && !target_ok(doc, tgt, &mt)) tgt = NULL;
                if (src && tgt && !strcmp(src->code, tgt->code)) tgt = NULL;
            } else if (passive_voice(doc, b, mt.vb)) {
                for (size_t k = 0; k < A.n; k++)
                    if (A.v[k]->tok_begin >= mt.ve && (A.v[k]->flags & ANNALS_MENTF_AGENTIVE)) { src = A.v[k]; break; }
                tgt = subject_before(doc, &A, b, mt.vb, false);
            } else {
                src = mt.p->noun ? noun_source(doc, &A, mt.vb) : subject_before(doc, &A, b, mt.vb, false);
                tgt = target_after(doc, &A, &mt, src, e, material);
            }
            mt.parsed = parsed;
            /* "arrived in Xi'an": a visit to a place is a visit to its country */
            annals_mention visited;
            if (src && !tgt && !strncmp(code, "042", 3) && mt.target_pos != SIZE_MAX) {
                for (size_t k = m0; k < mi; k++) {
                    const annals_mention *pm = &doc->mention[k];
                    if (pm->kind != ANNALS_MENTION_PLACE || pm->tok_begin < mt.target_pos
                        || pm->tok_begin > mt.target_pos + 2 || !strncmp(pm->code, src->code, 3))
                        continue;
                    visited = *pm;
                    visited.kind = ANNALS_MENTION_ACTOR;
                    snprintf(visited.code, sizeof visited.code, "%.3s", pm->code);
                    tgt = &visited;
                    break;
                }
            }
            if (src && (src->flags & ANNALS_MENTF_GUESSED) && atoi((char[3]){ code[0], code[1], 0 }) < 10)
                src = NULL;   /* "Governments pledged": whose is a guess, too weak for cooperation */
            if (src && (src->flags & ANNALS_MENTF_PAIR) && (!tgt || mutual(code))) {
                /* "the two leaders signed": each with the other */
                annals_mention one = *src, other = *src;
                snprintf(other.code, sizeof other.code, "%s", src->pair);
                if ((rc = emit(c, doc, &out, s, &mt, code, &one, &other, ev_date, place)) < 0) goto done;
                if ((rc = emit(c, doc, &out, s, &mt, code, &other, &one, ev_date, place)) < 0) goto done;
            } else if (src && tgt) {
                const annals_mention *S[4], *T[4];
                size_t ns = coordinated(doc, &A, src, S, 4), nt = coordinated(doc, &A, tgt, T, 4);
                for (size_t y = 0; y < nt; y++)
                    for (size_t k = 0; k < A.n; k++) if (A.v[k] == T[y]) objects[k] = true;
                for (size_t x = 0; x < ns; x++)
                    for (size_t y = 0; y < nt; y++)
                        if ((rc = emit(c, doc, &out, s, &mt, code, S[x], T[y], ev_date, place)) < 0) goto done;
            } else if (src && (!strncmp(code, "14", 2) || !strncmp(code, "17", 2)) && strncmp(src->code, "IGO", 3)) {
                /* a protest or a coercive measure with no one named: aimed at the source's own
                   country -- protesters at their government, a curfew at the population */
                annals_mention home = *src;
                snprintf(home.code, sizeof home.code, "%.3s%s", src->code, !strncmp(code, "14", 2) ? "GOV" : "");
                home.flags = ANNALS_MENTF_IMPLIED;
                if ((rc = emit(c, doc, &out, s, &mt, code, src, &home, ev_date, place)) < 0) goto done;
            } else if (src && mutual(code)) {
                /* "Kazakhstan and Uzbekistan held talks": each meets the other */
                const annals_mention *S[4];
                size_t ns = coordinated(doc, &A, src, S, 4);
                if (ns == 2)
                    for (size_t x = 0; x < ns; x++)
                        for (size_t y = 0; y < ns; y++)
                            if (x != y && (rc = emit(c, doc, &out, s, &mt, code, S[x], S[y], ev_date, place)) < 0) goto done;
            }
            /* what is appealed for or demanded ("demanded that Russia withdraw") is not itself an event */
            if (out.n > events_before && (!strncmp(code, "02", 2) || !strncmp(code, "10", 2))) break;
            i = next;
        }
    }
    /* events before any date (a headline) take the first date the document gives */
    for (size_t k = 0; k < out.n; k++) {
        if (out.v[k].date[0]) continue;
        for (size_t m = 0; m < doc->n_mention; m++) {
            const annals_mention *dm = &doc->mention[m];
            if (dm->kind != ANNALS_MENTION_DATE || !dm->date[0]) continue;
            if (is_dateline(doc, doc->sent[dm->sent].tok_begin, doc->sent[dm->sent].tok_end, dm)) continue;
            snprintf(out.v[k].date, sizeof out.v[k].date, "%s", dm->date);
            break;
        }
    }
done:
    free(buf);
    free(objects);
    if (rc < 0) return annals_error_set(ctx, rc, "%s: out of memory coding events", doc->path);
    doc->event = out.v;
    doc->n_event = out.n;
    return 0;
}
