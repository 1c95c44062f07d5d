/* SPDX-License-Identifier: MIT
** code/coder.c -- from pattern matches and actor phrases to CAMEO events.
**
** For each sentence (skipping page clutter and captions): look each token up in
** the form table; at a hit, try the patterns of that form (a word filter sets
** aside those whose words are absent) and keep the longest match. A match is
** dropped when it is no event: negated, supposed (modal, conditional, attempted),
** a noun or adjective, a '---' construction. How it is stated sets the code: an
** announced or intended act becomes the 03x intent, announced force a 13x threat.
** Roles come from the parse (syntax.c), else word order -- the subject before
** the verb, the target at the pattern's `$` or after the verb; the passive's
** subject suffers the act; a reporter ("..., police said") takes no part. The
** text's unnamed parties are supplied where the coding guide expects them (the
** police of an arrest, the author of an act condemned). Coordinated actors make
** one event each; joint acts and "each other" go both ways. Each event gets the
** time expression of its clause or the story's date, and a confidence. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "code_internal.h"
#include "syntax_internal.h"
#include "annals/tag.h"
#include "annals/parse.h"
#include "annals/meta.h"
#include "annals/dict.h"

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
        rc = annals_cameo_load(c, path, ctx);
    }
    if (rc >= 0) {
        snprintf(path, sizeof path, "%s/confidence.tsv", data_dir);
        rc = annals_confidence_load(c, path, ctx);
    }
    if (rc < 0) { annals_coder_free(c); return rc; }
    *out = c;
    return 0;
}

static void free_form(void *slot) { free(((form_slot *)slot)->pats); }

void annals_coder_free(annals_coder *c)
{
    if (!c) return;
    annals_htab_free_each(&c->forms, free_form);
    free(c->patterns);
    free(c->cameo);
    free(c);
}

size_t annals_coder_n_patterns(const annals_coder *c) { return c ? c->n_patterns : 0; }

/* ---- trace ---- */

/* One line of the --trace output for sentence s, when the document asks for it. */
static void trace(const annals_doc *d, size_t s, const char *fmt, ...)
{
    if (!d->trace) return;
    char line[768];
    int n = snprintf(line, sizeof line, "%s s%zu: ", d->name ? d->name : "-", s);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line) vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    d->trace(d->trace_arg, line);
}

/* The text of tokens [b, e), cut to fit buf. */
static const char *span_text(const annals_doc *d, size_t b, size_t e, char *buf, size_t size)
{
    if (e <= b) { buf[0] = '\0'; return buf; }
    size_t from = d->tok[b].off, to = d->tok[e - 1].off + d->tok[e - 1].len;
    snprintf(buf, size, "%.*s", (int)(to - from), d->text + from);
    for (char *q = buf; *q; q++) if (*q == '\n' || *q == '\r' || *q == '\t') *q = ' ';
    return buf;
}

/* A pattern as written in verbs.txt ("call .. for $"). */
static const char *pattern_text(const pattern *p, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < p->n_el && n < size; k++) {
        const char *w = p->el[k].kind == EL_GAP ? ".." : p->el[k].kind == EL_TARGET ? "$" : p->el[k].word;
        int m = snprintf(buf + n, size - n, "%s%s", k ? " " : "", w);
        if (m < 0) break;
        n += (size_t)m;
    }
    return buf;
}

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

/* What a pattern's gap ("..") needs to know of a token: it ends the clause, or it is part
** of an amount, or it is a possessive mark that belongs to the word before ("the PLA's
** exercise"). Computed once per sentence (token_classes), since every pattern with a gap
** asks again for each token it skips. */
enum { GAP_STOP = 1, GAP_AMOUNT = 2, GAP_IN_ACTOR = 4, GAP_POSSESSIVE = 8 };

typedef struct {
    const uint8_t *cls;      /* classes of tokens [base, base + n); NULL: computed when asked */
    size_t base, n;
    uint64_t words[ANNALS_WORD_FILTER_BITS / 64];   /* the sentence's word filter */
    const uint8_t *actor_len;   /* [i - base]: tokens of the actor phrase starting at i, 0 none;
                                   NULL when the actors are not known */
} token_classes;

typedef struct {
    const pattern *p;
    size_t vb, ve;           /* matched tokens [vb, ve) */
    size_t target_pos;       /* token where the target must start; SIZE_MAX: anywhere after */
    bool parsed;             /* roles came from the dependency parse */
    bool threat;             /* p is the act threatened ("threatened to impose sanctions") */
    uint32_t basis;          /* ANNALS_EVB_* of the match and sentence; emit adds the actors' */
    const token_classes *tc;
} match;

#define MAX_GAP 4

static uint8_t gap_class_of(const annals_doc *d, size_t i)
{
    static const char *const CLAUSE[] = { "to", "that", "how", "whether", "which", "who", "whom", NULL };
    static const char *const AMOUNT[] = { "$", "million", "billion", "trillion", "dollars", "euros",
        "yuan", "rubles", "roubles", "tenge", "tonnes", "tons", "worth", "about", "nearly", "some", NULL };
    static const char *const POSSESSIVE[] = { "'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99", NULL };
    /* every token of every sentence comes here: look in a list only when the token's first
       byte starts one of its words (lower case; 0xE2 starts the curly quotes) */
    static const char CLAUSE_FIRST[] = "thw", AMOUNT_FIRST[] = "$mbtdeyrwans",
        STOP_FIRST[] = ".;:!?\"\xE2", POSSESSIVE_FIRST[] = "'\xE2";
    const annals_token *t = &d->tok[i];
    char c0 = t->len ? (char)annals_ascii_lower((unsigned char)d->text[t->off]) : 0;
    if (!c0) return 0;
    bool stop = (strchr(STOP_FIRST, c0) && is_clause_stop(d, i)) || (strchr(CLAUSE_FIRST, c0) && annals_tok_in(d, i, CLAUSE));
    bool amount = (t->flags & ANNALS_TOKF_DIGIT) || (strchr(AMOUNT_FIRST, c0) && annals_tok_in(d, i, AMOUNT));
    bool possessive = i > 0 && strchr(POSSESSIVE_FIRST, c0) && annals_tok_in(d, i, POSSESSIVE);
    return (uint8_t)((stop ? GAP_STOP : 0) | (amount ? GAP_AMOUNT : 0) | (possessive ? GAP_POSSESSIVE : 0));
}

/* Fills tc for sentence tokens [b, e): gap classes (when cls is given) and the word filter,
** which holds each token as written and without a final "s" or "es", the forms word_match
** accepts. */
static void token_classes_fill(const annals_doc *d, size_t b, size_t e, uint8_t *cls, token_classes *tc)
{
    tc->cls = cls;
    tc->base = b;
    tc->n = e - b;
    tc->actor_len = NULL;
    memset(tc->words, 0, sizeof tc->words);
    for (size_t i = b; i < e; i++) {
        if (cls) cls[i - b] = gap_class_of(d, i);
        annals_str t = annals_tok_str(d, i);
        uint16_t bit = annals_word_bit(t.p, t.n);
        tc->words[bit / 64] |= 1ull << (bit % 64);
        for (size_t cut = 1; cut <= 2 && cut < t.n; cut++) {
            char last = (char)annals_ascii_lower((unsigned char)t.p[t.n - 1]);
            if (last != 's' || (cut == 2 && annals_ascii_lower((unsigned char)t.p[t.n - 2]) != 'e')) break;
            bit = annals_word_bit(t.p, t.n - cut);
            tc->words[bit / 64] |= 1ull << (bit % 64);
        }
    }
}

/* Marks the sentence's actor phrases in tc (cls must have been given): a gap counts a phrase
** as one word ("asked the Collective Security Treaty Organization for help"), and a "$"
** takes the phrase that stands there ("warn $ of"). */
static void token_classes_actors(token_classes *tc, uint8_t *cls, uint8_t *len, const annals_mention *const *v, size_t n)
{
    if (!tc->cls) return;
    memset(len, 0, tc->n);
    for (size_t k = 0; k < n; k++) {
        size_t mb = v[k]->tok_begin, me = v[k]->tok_end;
        if (mb < tc->base || me > tc->base + tc->n || me <= mb) continue;
        size_t l = me - mb > 255 ? 255 : me - mb;
        if (l > len[mb - tc->base]) len[mb - tc->base] = (uint8_t)l;
        for (size_t i = mb + 1; i < me; i++) cls[i - tc->base] |= GAP_IN_ACTOR;
    }
    tc->actor_len = len;
}

static uint8_t gap_class(const annals_doc *d, const token_classes *tc, size_t i)
{
    return tc && tc->cls && i >= tc->base && i < tc->base + tc->n ? tc->cls[i - tc->base] : gap_class_of(d, i);
}

static bool match_rest(const annals_doc *d, const pattern *p, size_t k, size_t pos, size_t e, match *m)
{
    for (; k < p->n_el; k++) {
        const pattern_el *el = &p->el[k];
        if (el->kind == EL_TARGET) {
            m->target_pos = pos;
            /* a word after "$" stands after the actor phrase there ("warn $ of") */
            const token_classes *tc = m->tc;
            if (k + 1 < p->n_el && p->el[k + 1].kind == EL_WORD && tc && tc->actor_len
                && pos >= tc->base && pos < tc->base + tc->n)
                pos += tc->actor_len[pos - tc->base];
            continue;
        }
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
        size_t counted = 0;
        for (size_t skip = 0; counted <= max_gap && pos + skip <= e; skip++) {
            uint8_t prev = skip ? gap_class(d, m->tc, pos + skip - 1) : 0;
            if (prev & GAP_STOP) break;
            /* an amount ("$64 million") or an actor phrase counts as one word of the gap, and
               a possessive mark as none */
            if ((prev & GAP_AMOUNT) && skip > 1 && (gap_class(d, m->tc, pos + skip - 2) & GAP_AMOUNT))
                ;
            else if (prev & (GAP_IN_ACTOR | GAP_POSSESSIVE))
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

static bool best_match(const annals_coder *c, const annals_doc *d, size_t i, size_t e, const token_classes *tc,
                       match *out)
{
    annals_str t = annals_tok_str(d, i);
    const form_slot *fs = annals_coder_form(c, t.p, t.n);
    if (!fs) return false;
    bool found = false;
    for (size_t k = 0; k < fs->n_pat; k++) {
        const pattern *p = &c->patterns[fs->pats[k] - 1];
        bool absent = false;
        for (size_t w = 0; tc && w < p->n_need && !absent; w++)
            absent = !(tc->words[p->need_bit[w] / 64] & (1ull << (p->need_bit[w] % 64)));
        if (absent) continue;   /* a word of the pattern is not in the sentence */
        match m = { .p = p, .vb = i, .target_pos = SIZE_MAX, .tc = tc };
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

/* An act the sentence only supposes: under a modal of possibility or obligation ("could
** strike", "should withdraw", "may impose") or in a conditional clause ("if Iran attacks",
** "unless the army withdraws"). Such an act did not happen; it is no event. */
static bool hypothetical(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const MODAL[] = { "could", "might", "should", "must", "can", "cannot", "ought", NULL };
    static const char *const COND[] = { "if", "unless", "whether", NULL };
    /* "were preparing to attack", "in a bid to occupy", "trying to seize": attempted or
       prepared, not done */
    static const char *const ATTEMPT[] = { "bid", "attempt", "attempts", "attempted", "attempting", "try",
        "tries", "tried", "trying", "preparing", "prepare", "prepares", "plotting", "plot", "plotted", NULL };
    if (vb > b + 1 && annals_tok_is(d, vb - 1, "to"))
        for (size_t i = vb - 1, k = 0; i-- > b && k < 3; k++)
            if (annals_tok_in(d, i, ATTEMPT)) return true;
    for (size_t i = vb, k = 0; i-- > b; k++) {
        if (is_clause_stop(d, i) || annals_tok_is(d, i, ",")) break;
        if (k < 3 && (annals_tok_in(d, i, MODAL) || annals_tok_is(d, i, "may"))) return true;
        if (annals_tok_in(d, i, COND)) return true;
    }
    return false;
}

/* The CAMEO root of a validated event code as a number: "0871" -> 8, "190" -> 19. */
static int code_root(const char *code)
{
    return (code[0] - '0') * 10 + (code[1] - '0');
}

/* The threat code (13x) for an announced hostile act of root 14-20 ("said it would impose
** sanctions" 1312, "vowed to retaliate" 138), following the CAMEO codebook's 13 categories. */
static void threat_code(char code[6])
{
    const char *t = NULL;
    switch (code_root(code)) {
    case 14: t = "133"; break;
    case 16: t = !strncmp(code, "161", 3) ? "1313" : !strncmp(code, "162", 3) ? "1311"
               : !strncmp(code, "163", 3) ? "1312" : !strncmp(code, "164", 3) ? "134" : "131"; break;
    case 17: t = "137"; break;
    case 15: case 18: case 20: t = "138"; break;
    case 19: t = !strncmp(code, "191", 3) ? "1381" : !strncmp(code, "192", 3) ? "1382" : "138"; break;
    default: break;
    }
    if (t) snprintf(code, 6, "%s", t);
}

/* How the sentence announces the act at vb instead of stating it. */
typedef enum { STATED = 0, ANNOUNCED, INTENDED } intent_kind;

/* ANNOUNCED: under "will", "would", "shall"; INTENDED: after a word of will ("ready to",
** "agreed to", "plans to", "pledged to"). */
static intent_kind intent(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const MODAL[] = { "will", "'ll", "shall", "would", NULL };
    static const char *const MARK[] = { "ready", "willing", "willingness", "readiness", "intention",
        "intend", "intends", "intended", "plan", "plans", "planned", "planning", "prepared",
        "committed", "commitment", "pledged", "pledge", "promised", "promise", "vowed", "offered",
        "agreed", "aims", "aim", "seeks", "seek", "hopes", "hope", "expects", "expect", "wants",
        "want", "favor", "favour", "determined", "eager", "keen", "interested", "proposed",
        "going", "intent", "desire", "wish", "wishes", "volunteered", "volunteer", "decided",
        "decide", "decides", NULL };
    /* "due to convene", "set to meet", "expected to sign": scheduled, not yet done */
    static const char *const SCHEDULED[] = { "due", "set", "scheduled", "expected", "slated", "poised",
        "about", NULL };
    size_t lo = vb > b + 8 ? vb - 8 : b;
    bool saw_to = false;
    for (size_t i = vb; i-- > lo;) {
        if (is_clause_stop(d, i)) break;
        if (annals_tok_is(d, i, "to") || annals_tok_is(d, i, "of")) saw_to = true;
        if (vb - i <= 3 && annals_tok_in(d, i, MODAL)) return ANNOUNCED;
        if (saw_to && i + 2 == vb && annals_tok_in(d, i, SCHEDULED)) return ANNOUNCED;
        if (saw_to && annals_tok_in(d, i, MARK)) return INTENDED;
    }
    /* a headline's "Sudan to send team", "UN Security Council to meet": the future */
    if (vb >= b + 2 && annals_tok_is(d, vb - 1, "to") && (d->tok[vb - 2].flags & ANNALS_TOKF_UPPER_INIT)
        && !annals_tok_is(d, vb - 2, "To"))
        return ANNOUNCED;
    return STATED;
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
    int root = code_root(code);
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

/* Where a relative clause set off by commas ends right before the verb ("China, which
** claims Taiwan as its own territory, condemned"), the comma that opens it; SIZE_MAX when
** there is none. The clause's actors are not the verb's subject. */
static size_t relative_clause_before(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const REL[] = { "which", "who", "whose", NULL };
    size_t close = vb;
    while (close > b && (annals_tok_is(d, close - 1, "also") || annals_tok_is(d, close - 1, "has")
                         || annals_tok_is(d, close - 1, "have") || annals_tok_is(d, close - 1, "had")))
        close--;
    if (close <= b + 3 || !annals_tok_is(d, close - 1, ",")) return SIZE_MAX;
    for (size_t i = close - 1; i-- > b + 1;) {
        if (annals_tok_is(d, i, ",") || is_clause_stop(d, i)) return SIZE_MAX;
        if (annals_tok_in(d, i, REL) && annals_tok_is(d, i - 1, ",")) return i - 1;
    }
    return SIZE_MAX;
}

/* "a record number of people", "thousands of protesters": the actor after "of" is the
** phrase's head, what the quantity counts. */
static bool counted_group(const annals_doc *d, const annals_mention *m)
{
    static const char *const QUANTITY[] = { "number", "numbers", "hundreds", "thousands", "dozens", "tens",
        "millions", "scores", "crowd", "crowds", "group", "groups", "handful", "majority", "lot", "lots", NULL };
    return m->tok_begin >= 2 && annals_tok_is(d, m->tok_begin - 1, "of") && annals_tok_in(d, m->tok_begin - 2, QUANTITY);
}

/* Actor nearest before the verb that can be a subject. */
static const annals_mention *subject_before(const annals_doc *d, const actor_view *A, size_t b, size_t vb,
                                            bool allow_possessive_only)
{
    const annals_mention *poss = NULL;
    /* only a finite verb after the clause, and only an actor right before it, is its head
       ("Iran vowed to avenge the onslaught, which gutted ..., killing 78": not the onslaught) */
    annals_str vt = annals_tok_str(d, vb);
    size_t rel = vt.n > 4 && annals_str_ieq((annals_str){ vt.p + vt.n - 3, 3 }, ANNALS_STR("ing"))
        ? SIZE_MAX : relative_clause_before(d, b, vb);
    for (size_t k = 0; rel != SIZE_MAX && k < A->n; k++)
        if (A->v[k]->tok_end == rel) { vb = rel; break; }
    /* a subordinate clause's verb has its subject inside the clause ("Biden's comments
       referred to the Jan. 8 event, when supporters of Bolsonaro stormed ...") */
    static const char *const SUBORD[] = { "when", "while", "whereas", "because", "although", "though",
        "if", "unless", "where", NULL };
    size_t floor_tok = b;
    for (size_t i = vb; i-- > b && vb - i <= 32;)   /* (a subject further off is not taken anyway) */
        if (annals_tok_in(d, i, SUBORD)) { floor_tok = i + 1; break; }
    for (size_t k = A->n; k-- > 0;) {
        const annals_mention *m = A->v[k];
        if (m->tok_end > vb) continue;
        if (m->tok_begin < floor_tok) break;
        if (A->is_object && A->is_object[k]) continue;   /* the object of an earlier verb */
        if (vb - m->tok_end > 30) break;
        if ((m->flags & ANNALS_MENTF_LOCATIVE) || ((m->flags & ANNALS_MENTF_PREP) && !counted_group(d, m)))
            continue;
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

/* A country's police or soldiers (XXXCOP, XXXMIL). */
static bool security_force(const char *code)
{
    return strlen(code) == 6 && (!strcmp(code + 3, "COP") || !strcmp(code + 3, "MIL"));
}

/* A country's civilians or opposition (XXXCVL, XXXOPP). */
static bool populace(const char *code)
{
    return strlen(code) == 6 && (!strcmp(code + 3, "CVL") || !strcmp(code + 3, "OPP"));
}

/* Police or troops of the story's country facing its crowds ("police called on the
** demonstrators to disperse"): both guessed from where the story is, and rightly so. */
static bool policing(const annals_mention *src, const annals_mention *tgt)
{
    if (!src || !(src->flags & ANNALS_MENTF_GUESSED) || !(tgt->flags & ANNALS_MENTF_GUESSED)
        || strncmp(src->code, tgt->code, 3))
        return false;
    return security_force(src->code) && populace(tgt->code);
}

/* A bare possessive pronoun ("their") determines another noun; an actor after "through" or
** "like" is no party; a country guessed from the story's place is good enough for a protest,
** an arrest or a clash, not for talks or praise. */
static bool target_ok(const annals_doc *d, const annals_mention *m, const match *mt, const annals_mention *src)
{
    static const char *const NOT_PARTY[] = { "through", "via", "like", "than", "despite", "as", "including", NULL };
    if ((m->flags & ANNALS_MENTF_PRONOUN) && (m->flags & ANNALS_MENTF_POSSESSIVE) && m->tok_end - m->tok_begin == 1)
        return false;
    if ((m->flags & ANNALS_MENTF_GUESSED) && code_root(mt->p->code) < 14 && !policing(src, m))
        return false;
    if (m->tok_begin > 0) {
        size_t p = m->tok_begin - 1;
        if (annals_tok_is(d, p, "the") && p > 0) p--;
        if (annals_tok_in(d, p, NOT_PARTY)) return false;
    }
    /* "deployed its military", "Russia deployed troops to the border": forces inside the
       words of a show of force, or the source's own army, are what is shown, not whom it is
       aimed at */
    if (code_root(mt->p->code) == 15 && m->tok_begin > mt->vb && strlen(m->code) == 6 && !strcmp(m->code + 3, "MIL")
        && (m->tok_end <= mt->ve   /* "India mobilized its army against Pakistan": its own forces too */
            || (src && !strncmp(m->code, src->code, 3))))
        return false;
    /* "the Security Council is due to meet to discuss Russia's use of nerve agents": what a
       meeting discusses is its topic, not a party to it */
    if (code_root(mt->p->code) == 4 || !strncmp(mt->p->code, "036", 3))
        for (size_t i = mt->ve; i < m->tok_begin; i++) {
            if (is_clause_stop(d, i)) break;
            annals_str t = annals_tok_str(d, i);
            if (t.n >= 7 && annals_str_ieq((annals_str){ t.p, 7 }, ANNALS_STR("discuss"))) return false;
        }
    return true;
}

static const annals_mention *target_after(const annals_doc *d, const actor_view *A, const match *mt,
                                          const annals_mention *src, size_t e, bool allow_locative)
{
    if (mt->target_pos != SIZE_MAX) {
        for (size_t k = 0; k < A->n; k++) {
            const annals_mention *m = A->v[k];
            if (m->tok_begin < mt->target_pos || m->tok_begin > mt->target_pos + 3) continue;
            /* "with his Russian counterpart Sergey Lavrov": past the possessive, the counterpart */
            if ((m->flags & ANNALS_MENTF_PRONOUN) && (m->flags & ANNALS_MENTF_POSSESSIVE) && k + 1 < A->n
                && A->v[k + 1]->tok_begin <= m->tok_end + 3)
                m = A->v[k + 1];
            return target_ok(d, m, mt, src) ? m : NULL;
        }
        return NULL;
    }
    const annals_mention *loc = NULL;
    /* "expel ten American diplomats": an actor inside the matched words is the object */
    for (size_t k = 0; k < A->n; k++) {
        const annals_mention *m = A->v[k];
        if (m->tok_begin > mt->vb && m->tok_end <= mt->ve && target_ok(d, m, mt, src)
            && !(src && !strcmp(m->code, src->code)))
            return m;
    }
    for (size_t k = 0; k < A->n; k++) {
        const annals_mention *m = A->v[k];
        if (m->tok_begin < mt->ve) continue;
        if (m->tok_begin - mt->ve > 14) break;
        /* "arms sales to China's Taiwan region": the possessed actor, not its possessor */
        if ((m->flags & ANNALS_MENTF_POSSESSIVE) && !(m->flags & ANNALS_MENTF_PRONOUN) && k + 1 < A->n
            && A->v[k + 1]->tok_begin <= m->tok_end + 1 && A->v[k + 1]->tok_begin > m->tok_begin)
            continue;
        if (src && !strcmp(m->code, src->code)) continue;
        if (!target_ok(d, m, mt, src)) continue;
        if (m->flags & ANNALS_MENTF_LOCATIVE) { if (!loc) loc = m; continue; }
        return m;
    }
    (void)d; (void)e;
    /* "build a railroad in Afghanistan": for material cooperation and aid the place is the recipient;
       for talks it is only the venue */
    return allow_locative ? loc : NULL;
}

/* Actors coordinated with m by "and" / "," (m included), in text order. */
/* The longest list of coordinated actors taken as parties of one event ("Cameroon, Chad,
** Niger and Benin mobilized"); longer lists are groupings named in passing. */
#define MAX_COORDINATED 6

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
    if (!has_and || hi - lo + 1 > MAX_COORDINATED) { out[0] = m; return 1; }
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
    /* a country and its own government or forces ("Israel rejected ... Israeli foreign
       ministry", "the Turkish army said ... Turkish airspace") in a verbal or cooperative act
       (roots 01-13) is one party named twice, not a dyad; protests, arrests, force within a
       country (14-20) are kept */
    if (!strncmp(src->code, tgt->code, 3) && strncmp(src->code, "IGO", 3)
        && (strlen(src->code) == 3 || strlen(tgt->code) == 3) && strncmp(code, "14", 2) < 0)
        return 0;
    /* a state's police or soldiers firing on, beating or clashing with its own protesters or
       civilians ("security forces opened fire on protesters") is violent repression, 175 in
       CAMEO, and the protesters' force on them a violent protest (145) -- but not an air
       strike or shelling (194, 195), nor mass violence (20) */
    static const char *const FORCE[] = { "180", "182", "190", "193", NULL };
    bool one_country = !strncmp(src->code, tgt->code, 3);
    for (size_t k = 0; FORCE[k] && one_country; k++)
        if (!strcmp(code, FORCE[k])) {
            if (security_force(src->code) && populace(tgt->code)) code = "175";
            else if (populace(src->code) && security_force(tgt->code)) code = "145";   /* the crowd's: a riot */
            break;
        }
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
    if (src->tok_end > src->tok_begin && !(src->flags & ANNALS_MENTF_IMPLIED))
        span_of(d, src, &ev.src_off, &ev.src_len);   /* an implied source has no words */
    if (tgt->kind == ANNALS_MENTION_ACTOR && tgt->tok_end > tgt->tok_begin && !(tgt->flags & ANNALS_MENTF_IMPLIED))
        span_of(d, tgt, &ev.tgt_off, &ev.tgt_len);   /* an implied target has no words */
    ev.verb_off = d->tok[mt->vb].off;
    ev.verb_len = d->tok[mt->ve - 1].off + d->tok[mt->ve - 1].len - ev.verb_off;
    snprintf(ev.date, sizeof ev.date, "%s", date ? date : "");
    ev.place = place;
    if (d->tok[mt->vb].flags & ANNALS_TOKF_IN_QUOTE) ev.flags |= ANNALS_EVF_QUOTED;
    if (mt->parsed) ev.flags |= ANNALS_EVF_PARSE;
    uint32_t bs = mt->basis;
    if (ev.flags & ANNALS_EVF_QUOTED) bs |= ANNALS_EVB_QUOTED;
    if (src->flags & ANNALS_MENTF_PRONOUN) bs |= ANNALS_EVB_SRC_PRONOUN;
    if (tgt->flags & ANNALS_MENTF_PRONOUN) bs |= ANNALS_EVB_TGT_PRONOUN;
    if (src->flags & ANNALS_MENTF_GUESSED) bs |= ANNALS_EVB_SRC_GUESSED;
    if (tgt->flags & ANNALS_MENTF_IMPLIED) bs |= ANNALS_EVB_IMPLIED;
    if (src->flags & ANNALS_MENTF_PERSON) bs |= ANNALS_EVB_SRC_PERSON;
    if (tgt->flags & ANNALS_MENTF_PERSON) bs |= ANNALS_EVB_TGT_PERSON;
    if (!strncmp(src->code, tgt->code, 3)) bs |= ANNALS_EVB_SAME_COUNTRY;
    if (!strncmp(src->code, "IGO", 3)) bs |= ANNALS_EVB_SRC_IGO;
    if (!strncmp(tgt->code, "IGO", 3)) bs |= ANNALS_EVB_TGT_IGO;
    if (ev.quad_class == 2) bs |= ANNALS_EVB_QUAD2;
    else if (ev.quad_class == 3) bs |= ANNALS_EVB_QUAD3;
    else if (ev.quad_class == 4) bs |= ANNALS_EVB_QUAD4;
    ev.basis = bs;
    ev.confidence = annals_confidence(c, bs);
    return push_event(out, &ev);
}

static bool inside_actor(const actor_view *A, size_t i)
{
    for (size_t k = 0; k < A->n; k++)
        if (i >= A->v[k]->tok_begin && i < A->v[k]->tok_end) return true;
    return false;
}

/* "with Russia accusing Ukraine of ...", "with the US and UK launching airstrikes": the
** actors before the -ing verb at vb follow "with" right away -- an absolute clause, whose
** verb states an act like a finite one. */
static bool absolute_with(const annals_doc *d, const actor_view *A, size_t b, size_t vb)
{
    size_t i = vb;
    for (;;) {
        size_t k = A->n;
        while (k-- > 0 && A->v[k]->tok_end != i) {}
        if (k == SIZE_MAX) return false;        /* no actor phrase ends here */
        i = A->v[k]->tok_begin;
        if (i > b && annals_tok_is(d, i - 1, "the")) i--;
        if (i > b && annals_tok_is(d, i - 1, "with")) return true;
        if (i > b && (annals_tok_is(d, i - 1, "and") || annals_tok_is(d, i - 1, ","))) i--;
        else return false;
    }
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
    static const char *const AUX[] = { "will", "would", "to", "should", "can", "could", "may", "might",
        "must", "shall", "also", NULL };
    if (vb <= b) return false;
    /* "North Korea's military threatened": a word of the subject's phrase is no modifier;
       "he would first hold meetings": after a modal the word is an adverb */
    if (annals_tok_in(d, vb - 1, DET)
        || (annals_tok_in(d, vb - 1, ADJ) && !inside_actor(A, vb - 1) && !(vb >= b + 2 && annals_tok_in(d, vb - 2, AUX))))
        return true;
    annals_str t = annals_tok_str(d, vb);
    bool ing = t.n > 4 && annals_str_ieq((annals_str){ t.p + t.n - 3, 3 }, ANNALS_STR("ing"));
    bool ed = t.n > 3 && annals_str_ieq((annals_str){ t.p + t.n - 2, 2 }, ANNALS_STR("ed"));
    if ((ing || ed) && annals_tok_in(d, vb - 1, PREP)) return true;       /* "on supporting", "of banned groups" */
    /* "accused Azerbaijan of swiftly violating": an adverb between */
    if (ing && vb >= b + 2 && annals_tok_in(d, vb - 2, PREP)) {
        annals_str a = annals_tok_str(d, vb - 1);
        if (a.n > 3 && annals_str_ieq((annals_str){ a.p + a.n - 2, 2 }, ANNALS_STR("ly"))) return true;
    }
    if (ing && inside_actor(A, vb - 1) && !absolute_with(d, A, b, vb)) return true;   /* "a UN meeting" */
    if (vb >= b + 2 && annals_tok_in(d, vb - 2, DET) && !inside_actor(A, vb - 1)) {
        annals_str p = annals_tok_str(d, vb - 1);
        bool ed = p.n > 3 && annals_str_ieq((annals_str){ p.p + p.n - 2, 2 }, ANNALS_STR("ed"));
        if (ed || annals_tok_in(d, vb - 1, ADJ)) return true;
    }
    return false;
}

/* The source of a noun event: a possessor ("his visit", "Kazakhstan's aid"), an actor right
** before the noun ("US aid to") or before a copula ("X is on a visit to"), else one named
** after it: "the attack by X", "a meeting between X and Y" (X; the target step finds Y),
** "the visit of X to Y" ("of X" only with a counterpart after it: alone it is as often the
** target, "condemnation of X"). */
static const annals_mention *noun_source(const annals_doc *d, const actor_view *A, size_t vb)
{
    static const char *const BE[] = { "is", "are", "was", "were", "been", NULL };
    static const char *const ON_WAY[] = { "on", "a", "an", "his", "her", "its", "their", "official",
        "state", "working", "two-day", "three-day", "first", NULL };
    static const char *const COUNTERPART[] = { "to", "with", "on", "against", NULL };
    for (size_t k = A->n; k-- > 0;) {
        const annals_mention *m = A->v[k];
        if (m->tok_end > vb) continue;
        size_t gap = vb - m->tok_end;
        if ((m->flags & ANNALS_MENTF_POSSESSIVE) && gap <= 4) return m;
        if (gap == 0) return m;
        if (gap >= 2 && gap <= 5 && annals_tok_in(d, m->tok_end, BE) && annals_tok_is(d, m->tok_end + 1, "on")) {
            bool copula = true;
            for (size_t t = m->tok_end + 1; t < vb; t++) copula = copula && annals_tok_in(d, t, ON_WAY);
            if (copula) return m;
        }
        if (gap > 4) break;
    }
    if (vb + 2 < d->n_tok && (annals_tok_is(d, vb + 1, "by") || annals_tok_is(d, vb + 1, "between")
                              || annals_tok_is(d, vb + 1, "of")))
        for (size_t k = 0; k < A->n; k++) {
            const annals_mention *m = A->v[k];
            if (m->tok_begin < vb + 2) continue;
            if (m->tok_begin > vb + 3) break;
            if (annals_tok_is(d, vb + 1, "of") && !(m->tok_end < d->n_tok && annals_tok_in(d, m->tok_end, COUNTERPART)))
                return NULL;
            return m;
        }
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
** intend to meet (036), exchange prisoners (0841). */
static bool mutual(const char *code)
{
    return !strncmp(code, "04", 2) || !strcmp(code, "057") || !strcmp(code, "0871") || !strcmp(code, "036")
        || !strcmp(code, "0841");   /* "completed a prisoner swap": each returns the other's */
}

/* A "to" + verb in the clause after token i ("called on Iran to release", "urged them to
** stop"): what is asked of someone. */
static bool infinitive_follows(const annals_doc *d, size_t i, size_t e)
{
    for (size_t k = i; k + 1 < e && k < i + 10; k++) {
        if (is_clause_stop(d, k)) break;
        if (annals_tok_is(d, k, "to") && !(d->tok[k + 1].flags & ANNALS_TOKF_UPPER_INIT)
            && !annals_tok_is(d, k + 1, "the")) return true;
    }
    return false;
}

/* The object after a verb is an act, not an actor ("condemned the military coup",
** "denounced the attack on the police", "rejected the move"). */
/* Nouns that name an act rather than an actor. */
static const char *const ACT[] = { "coup", "attack", "attacks", "offensive", "invasion", "operation",
    "incursion", "bombing", "bombings", "killing", "killings", "shelling", "test", "tests", "launch",
    "launches", "incident", "violence", "assault", "raid", "raids", "massacre", "crackdown", "abduction",
    "kidnapping", "arrest", "arrests", "detention", "execution", "executions", "blast", "explosion",
    "aggression", "provocation", "move", "decision", "drills", "exercises", "intrusion", "breach",
    "occupation", "annexation", "strike", "strikes", "airstrike", "airstrikes", "act", "acts", "war",
    "conflict", "fighting", "clashes", "campaign", "siege", "bomb", "fire", "shooting", NULL };

/* The subject of the verb at vb names an act, not an actor ("the attack killed four people",
** "Yemen's war has killed 10,000 civilians"): the parse's nsubj is one of ACT. */
static bool act_is_subject(const annals_doc *d, size_t s, size_t vb)
{
    const annals_sentence *st = &d->sent[s];
    if (!st->parsed) return false;
    for (size_t i = st->tok_begin; i < st->tok_end; i++)
        if (d->tok[i].head >= 0 && st->tok_begin + (size_t)d->tok[i].head == vb
            && !strcmp(annals_deprel_name((unsigned)annals_deprel_base(d->tok[i].deprel)), "nsubj"))
            return annals_tok_in(d, i, ACT);
    return false;
}

static bool object_is_event_noun(const annals_doc *d, size_t ve, size_t e)
{
    static const char *const SKIP[] = { "the", "this", "that", "these", "those", "a", "an", "latest",
        "recent", "deadly", "military", "terrorist", "missile", "suicide", "brutal", "violent", "heinous",
        "cowardly", "attempted", "failed", "apparent", "alleged", "reported", "air", "ballistic", "nuclear",
        "latest", "new", "unprovoked", "barbaric", "\"", "\xE2\x80\x9C", "\xE2\x80\x9D", NULL };
    static const char *const CALL[] = { "calls", "called", "describes", "described", "terms", "termed",
        "labels", "labelled", "labeled", NULL };
    /* "condemns what the organization calls an attack": past "what ... calls" */
    if (ve < e && annals_tok_is(d, ve, "what"))
        for (size_t i = ve + 1; i < e && i < ve + 6; i++)
            if (annals_tok_in(d, i, CALL)) { ve = i + 1; break; }
    for (size_t i = ve, k = 0; i < e && k < 4; i++, k++) {
        if (annals_tok_in(d, i, ACT)) return true;
        if (!annals_tok_in(d, i, SKIP)) return false;
    }
    return false;
}

/* An act the story named with its author beside the noun: "the Niger coup", "Russia's
** invasion", "a Hamas attack", "the attack by Hamas", "the coup in Niger". */
typedef struct {
    char noun[16];           /* lower case, without a plural s */
    char code[4];            /* the author's country */
} act_author;
#define MAX_ACT_AUTHORS 8

/* The lower-case singular of the ACT noun at i into out (size n). */
static void act_noun(const annals_doc *d, size_t i, char *out, size_t n)
{
    annals_str t = annals_tok_str(d, i);
    size_t len = t.n < n - 1 ? t.n : n - 1;
    for (size_t k = 0; k < len; k++) out[k] = (char)annals_ascii_lower((unsigned char)t.p[k]);
    if (len > 3 && out[len - 1] == 's' && out[len - 2] != 's')
        len--;   /* attacks -> attack, strikes -> strike; "clashes" -> "clashe" on both sides alike */
    out[len] = '\0';
}

/* The country of the actor or place of the sentence's mentions [m0, m1) that covers token
** i or ends at it, "" when none. */
static const char *mention_country_at(const annals_doc *d, size_t m0, size_t m1, size_t i, bool ends_here)
{
    for (size_t k = m0; k < m1; k++) {
        const annals_mention *m = &d->mention[k];
        if (m->kind != ANNALS_MENTION_ACTOR && m->kind != ANNALS_MENTION_PLACE) continue;
        if (!annals_actor_code_is_state(m->code)) continue;
        if (ends_here ? m->tok_end == i : (m->tok_begin <= i && i < m->tok_end)) return m->code;
    }
    return "";
}

/* Notes the authors of the acts named in the sentence (tokens [b, e), mentions [m0, m1)). */
static void note_act_authors(act_author *authors, size_t *n_authors, const annals_doc *d, size_t b, size_t e,
                             size_t m0, size_t m1)
{
    static const char *const MODIFIER[] = { "recent", "deadly", "military", "terrorist", "missile", "suicide",
        "failed", "attempted", "latest", "'s", "\xE2\x80\x99s", "ballistic", "nuclear", "air", "full-scale", NULL };
    for (size_t i = b; i < e; i++) {
        if (!annals_tok_in(d, i, ACT)) continue;
        const char *who = mention_country_at(d, m0, m1, i, false);   /* inside "Niger coup leaders" */
        for (size_t j = i, k = 0; !who[0] && j > b && k < 3; j--, k++) {   /* "Russia's full-scale invasion" */
            who = mention_country_at(d, m0, m1, j, true);
            if (!annals_tok_in(d, j - 1, MODIFIER)) break;
        }
        if (!who[0] && i + 2 < e && (annals_tok_is(d, i + 1, "by") || annals_tok_is(d, i + 1, "in"))) {
            size_t at = annals_tok_is(d, i + 2, "the") && i + 3 < e ? i + 3 : i + 2;
            who = mention_country_at(d, m0, m1, at, false);   /* "the attack by Hamas", "the coup in Niger" */
        }
        if (!who[0]) continue;
        char noun[16];
        act_noun(d, i, noun, sizeof noun);
        size_t k = 0;
        while (k < *n_authors && strcmp(authors[k].noun, noun)) k++;
        if (k == *n_authors) {
            if (*n_authors == MAX_ACT_AUTHORS) {   /* forget the oldest */
                memmove(authors, authors + 1, (MAX_ACT_AUTHORS - 1) * sizeof *authors);
                k = --*n_authors;
            }
            ++*n_authors;
        }
        snprintf(authors[k].noun, sizeof authors[k].noun, "%s", noun);
        snprintf(authors[k].code, sizeof authors[k].code, "%.3s", who);
    }
}

/* The author the story gave the act named by the object after the verb ("denounced the coup"),
** "" when the object is no such act or its author was never named. */
static const char *object_act_author(const act_author *authors, size_t n_authors, const annals_doc *d,
                                     size_t from, size_t e)
{
    static const char *const SKIP[] = { "the", "this", "that", "these", "those", "recent", "latest", NULL };
    for (size_t i = from, k = 0; i < e && k < 3; i++, k++) {
        if (annals_tok_in(d, i, ACT)) {
            char noun[16];
            act_noun(d, i, noun, sizeof noun);
            for (size_t a = n_authors; a-- > 0;)
                if (!strcmp(authors[a].noun, noun)) return authors[a].code;
            return "";
        }
        if (!annals_tok_in(d, i, SKIP)) return "";
    }
    return "";
}

/* The actor that reports the sentence rather than takes part in it: the subject of a trailing
** "..., police said" or the object of "according to". */
static bool reporter(const annals_doc *d, const annals_mention *m, size_t e)
{
    static const char *const REPORT[] = { "said", "says", "told", "reported", "added", "stated", "confirmed",
        "claimed", "noted", "wrote", NULL };
    size_t i = m->tok_end;
    if (i < e && annals_tok_in(d, i, REPORT)) return true;
    if (i + 1 < e && annals_tok_in(d, i + 1, REPORT) && (annals_tok_is(d, i, "also") || annals_tok_is(d, i, "later")))
        return true;
    if (m->tok_begin >= 2 && annals_tok_is(d, m->tok_begin - 2, "according") && annals_tok_is(d, m->tok_begin - 1, "to"))
        return true;
    /* the inverted attribution after the reported words: '..., said the ministry', '...," said
       State Department spokeswoman X' */
    size_t v = m->tok_begin;
    if (v > 0 && (annals_tok_is(d, v - 1, "the") || annals_tok_is(d, v - 1, "a") || annals_tok_is(d, v - 1, "an"))) v--;
    return v >= 2 && annals_tok_in(d, v - 1, REPORT)
           && (annals_tok_is(d, v - 2, ",") || (d->tok[v - 2].flags & ANNALS_TOKF_QUOTE));
}

/* The speaker whose reported clause holds the act at vb ("X told reporters that Y has
** violated ..."): the subject of a reporting verb that stands before src, when it is of
** another country than src; NULL otherwise. */
static const annals_mention *reporting_speaker(const annals_doc *d, const actor_view *A, size_t b, size_t vb,
                                               const annals_mention *src)
{
    static const char *const REPORT[] = { "said", "says", "told", "stated", "claimed", "insisted",
        "charged", "alleged", "noted", NULL };
    if (src->tok_begin >= vb || (src->flags & (ANNALS_MENTF_PRONOUN | ANNALS_MENTF_GUESSED)))
        return NULL;
    for (size_t r = src->tok_begin; r-- > b;) {
        if (is_clause_stop(d, r)) return NULL;
        if (!annals_tok_in(d, r, REPORT)) continue;
        /* the reporting verb's subject ("North Korea's military stationed at Panmunjom said") */
        const annals_mention *m = subject_before(d, A, b, r, false);
        if (!m || (m->flags & ANNALS_MENTF_GUESSED) || !m->code[0] || !strncmp(m->code, src->code, 3))
            return NULL;
        return m;
    }
    return NULL;
}

/* "came under attack", "come under fire from": the subject suffers the act named at vb. */
static bool undergone(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const COME[] = { "came", "come", "comes", "coming", NULL };
    for (size_t i = vb, k = 0; i-- > b && k < 4; k++)
        if (annals_tok_is(d, i, "under")) return i > b && annals_tok_in(d, i - 1, COME);
    return false;
}

/* "accused each other", "met one another": the act goes both ways between the coordinated
** sources, whatever else the sentence names. */
static bool reciprocal(const annals_doc *d, size_t vb, size_t ve, size_t e)
{
    for (size_t i = vb + 1; i + 1 < e && i < ve + 3; i++)
        if ((annals_tok_is(d, i, "each") && annals_tok_is(d, i + 1, "other"))
            || (annals_tok_is(d, i, "one") && annals_tok_is(d, i + 1, "another")))
            return true;
    return false;
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

/* The date of the act at token v: the sentence's time expression nearest to it ("" when that
** time is unresolved, as in "last month"); NULL when none applies, and the act takes the
** story's date. A time expression does not apply when it belongs to another clause: after
** the verb past a relative or subordinate word ("arrested leaders of the protests that
** erupted last week"), or bound to a reporting verb after the act ("was arrested, his
** organisation said on Monday"). An announced or intended act is dated by its announcement:
** the times after its verb are the act's future ("will send a delegation ... next week"). */
static const char *nearest_date(const annals_doc *d, size_t m0, size_t m1, size_t b, size_t e, size_t v,
                                bool announced)
{
    /* (a day after "planned", "scheduled" is the planned thing's: "scrapped a planned trip to
       Turkey on Wednesday") */
    static const char *const OTHER_CLAUSE[] = { "that", "which", "who", "whom", "when", "after", "before",
        "since", "until", "while", "as", "because", "planned", "scheduled", "upcoming", NULL };
    static const char *const REPORT[] = { "said", "says", "say", "told", "tells", "announced", "reported",
        "added", "stated", "confirmed", NULL };
    const char *best = NULL;
    size_t best_dist = SIZE_MAX;
    for (size_t k = m0; k < m1; k++) {
        const annals_mention *m = &d->mention[k];
        if (m->kind != ANNALS_MENTION_DATE || is_dateline(d, b, e, m)) continue;
        bool after = m->tok_begin > v;
        if (after && announced) continue;
        bool other = false;
        for (size_t i = v + 1; after && i < m->tok_begin && !other; i++) other = annals_tok_in(d, i, OTHER_CLAUSE);
        /* "..., his organisation said on Monday": a report after the act, with its own day
           (a report before it, "Japan said Thursday it has lodged a protest", dates the act) */
        for (size_t i = m->tok_begin > b + 2 ? m->tok_begin - 2 : b; i < m->tok_end + 2 && i < e && !other; i++)
            other = i > v && annals_tok_in(d, i, REPORT) && !annals_tok_in(d, v, REPORT);
        if (other) continue;
        size_t dist = after ? m->tok_begin - v : v - m->tok_end;
        if (dist < best_dist) { best = m->date; best_dist = dist; }
    }
    return best;
}

/* "two days after", "a day after", "a week after" shortly before the verb at vb (in the same
** clause): the act happened that many days before the time the sentence is about; 0 if not. */
static size_t days_after(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const ONE[] = { "a", "an", "one", NULL };
    static const char *const NUM[] = { "", "one", "two", "three", "four", "five", "six", "seven", NULL };
    for (size_t i = vb, k = 0; i-- > b + 2 && k < 12; k++) {
        if (is_clause_stop(d, i)) return 0;
        if (!annals_tok_is(d, i, "after")) continue;
        size_t unit = annals_tok_is(d, i - 1, "day") || annals_tok_is(d, i - 1, "days") ? 1
                    : annals_tok_is(d, i - 1, "week") || annals_tok_is(d, i - 1, "weeks") ? 7 : 0;
        if (!unit) return 0;
        if (annals_tok_in(d, i - 2, ONE)) return unit;
        for (size_t n = 2; NUM[n]; n++) if (annals_tok_is(d, i - 2, NUM[n])) return n * unit;
        annals_str t = annals_tok_str(d, i - 2);
        if (t.n == 1 && t.p[0] >= '1' && t.p[0] <= '9') return (size_t)(t.p[0] - '0') * unit;
        return 0;
    }
    return 0;
}

/* The story's date: the day of its dateline ("SEOUL, Dec. 3 (Yonhap) --") when the first
** sentences have one, else the publication date; "" when neither is known. An event reported
** with no time expression of its own takes it (the coding guide's convention, as in ICEWS
** and GDELT). */
static const char *story_date(const annals_doc *d)
{
    for (size_t k = 0; k < d->n_mention; k++) {
        const annals_mention *m = &d->mention[k];
        if (m->sent > 3) break;
        const annals_sentence *st = &d->sent[m->sent];
        if (m->kind == ANNALS_MENTION_DATE && m->date[0] && is_dateline(d, st->tok_begin, st->tok_end, m))
            return m->date;
    }
    return d->pub_date;
}

/* A token of symbols only that marks the end of a story: "#", "*", "~", "=" or characters
** of the UTF-8 symbol blocks (U+2500-U+27BF: "■", "●", "▪") -- not a bracket, not a letter,
** digit or sentence punctuation ("... across South Africa.(" is a link's text). */
static bool end_mark(const annals_doc *d, size_t i)
{
    annals_str t = annals_tok_str(d, i);
    if (t.n == 0) return false;
    for (size_t k = 0; k < t.n; k++)
        if ((unsigned char)t.p[k] < 0x80 && !strchr("#*~=", t.p[k])) return false;
    return (unsigned char)t.p[0] < 0x80 || ((unsigned char)t.p[0] == 0xE2 && t.n >= 2
                                            && (unsigned char)t.p[1] >= 0x94 && (unsigned char)t.p[1] <= 0x9E);
}

/* A line of its own with no closing punctuation past the document's first line: a related
** headline, a caption, a menu entry or a link glued into the page, not a sentence of the
** story. The first line is kept: it is the article's own headline. */
static bool stray_line(const annals_doc *d, size_t s)
{
    static const char *const END[] = { ".", "!", "?", "\"", "\xE2\x80\x9D", "'", "\xE2\x80\x99", ")", NULL };
    const annals_sentence *st = &d->sent[s];
    static const char *const DASH[] = { "-", "--", "\xE2\x80\x94", "\xE2\x80\x93", NULL };
    if (s == 0 || st->tok_end == st->tok_begin || annals_tok_in(d, st->tok_end - 1, END)) return false;
    /* a sentence closed before an end-of-story mark: '... security”. ■', '... said. ###' */
    size_t j = st->tok_end - 1;
    while (j > st->tok_begin + 1 && j + 4 > st->tok_end && end_mark(d, j)) j--;
    if (j + 1 < st->tok_end && annals_tok_in(d, j, END)) return false;
    /* a sentence closed before the agency's sign-off: "... a war without a winner”. — AFP" */
    for (size_t j = st->tok_end - 1, k = 0; j > st->tok_begin + 1 && k < 3; j--, k++)
        if (annals_tok_in(d, j, DASH)) {
            if (annals_tok_in(d, j - 1, END)) return false;
            break;
        }
    size_t after = st->off + st->len;
    while (after < d->text_len && (d->text[after] == ' ' || d->text[after] == '\t')) after++;
    return after >= d->text_len || d->text[after] == '\n' || d->text[after] == '\r';
}

/* A photographer's credit ends the line after the sentence ("... in Hong Kong on Sunday.
** Philip Fong/AFP", "Pics/AFP"): a short rest of the line with "/" before an agency. */
static bool credit_follows(const annals_doc *d, const annals_sentence *st)
{
    static const char *const AGENCY[] = { "AFP", "Reuters", "AP", "EPA", "Getty", "Xinhua", "Anadolu",
        "Bloomberg", "ANI", "PTI", "Yonhap", "TASS", "Sputnik", "IANS", "WANA", "Shutterstock", "Pool",
        "Pics", "File", NULL };
    size_t i = st->off + st->len, end = i;
    while (end < d->text_len && d->text[end] != '\n' && end - i < 80) end++;
    if (end - i >= 80) return false;
    for (size_t k = i; k < end; k++) {
        if (d->text[k] != '/') continue;
        for (size_t a = 0; AGENCY[a]; a++) {
            size_t n = strlen(AGENCY[a]);
            if (k + 1 + n <= end && !strncmp(d->text + k + 1, AGENCY[a], n)
                && (k + 1 + n == end || !((unsigned char)d->text[k + 1 + n] >= 'a' && (unsigned char)d->text[k + 1 + n] <= 'z')))
                return true;
        }
    }
    return false;
}

/* A photo caption: a position mark ("Biden (R) welcomes ..."), a photo credit in parentheses
** ("(Shanghai Daily Photo)", "(Reuters/File Photo)") or after it on its line ("Philip
** Fong/AFP"), or a Markdown image ("![People walk ..."). Captions restate the story or show
** another day's scene: no event. */
static bool caption(const annals_doc *d, size_t s)
{
    static const char *const SIDE[] = { "L", "R", "C", "left", "right", "center", "centre", "front", "back", NULL };
    static const char *const PHOTO[] = { "photo", "photos", "photograph", "file", "picture", "image", NULL };
    const annals_sentence *st = &d->sent[s];
    if (st->len >= 2 && d->text[st->off] == '!' && d->text[st->off + 1] == '[') return true;
    if (credit_follows(d, st)) return true;
    /* a credit that follows on the same line, split off as a sentence of its own */
    size_t end = st->tok_end;
    if (s + 1 < d->n_sent && annals_tok_is(d, d->sent[s + 1].tok_begin, "(")
        && !(d->tok[d->sent[s + 1].tok_begin].flags & ANNALS_TOKF_NEWLINE_BEFORE))
        end = d->sent[s + 1].tok_end;
    for (size_t i = st->tok_begin; i + 2 < end; i++) {
        if (!annals_tok_is(d, i, "(")) continue;
        if (annals_tok_in(d, i + 1, SIDE) && annals_tok_is(d, i + 2, ")")) return true;
        for (size_t k = i + 1; k < end && k < i + 8 && !annals_tok_is(d, k, ")"); k++)
            if (annals_tok_in(d, k, PHOTO) && (k + 1 < end && annals_tok_is(d, k + 1, ")"))) return true;
    }
    return false;
}

/* A sentence that repeats an earlier coded one of its document word for word, one or both
** without a dateline ("BEIRUT:", "ABU DHABI (Reuters) -": at most REPEAT_PREFIX tokens of
** capitalised words, numbers and punctuation ending in a colon or a dash): a page that prints
** its lead twice (a teaser, then the story under its dateline) reports one event once.
** Sentences of fewer than REPEAT_MIN tokens are neither compared nor remembered. */
#define REPEAT_MIN 8
#define REPEAT_PREFIX 8
static uint64_t tokens_key(const annals_doc *d, size_t b, size_t e)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = b; i < e; i++) {
        h = (h ^ annals_hash(d->text + d->tok[i].off, d->tok[i].len)) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    return h ? h : 1;   /* 0 marks an empty slot */
}

/* The tokens of a dateline that opens tokens [b, e), or 0. */
static size_t dateline_tokens(const annals_doc *d, size_t b, size_t e)
{
    static const char *const END[] = { ":", "-", "--", "\xE2\x80\x94", "\xE2\x80\x93", NULL };
    for (size_t i = b; i < e && i < b + REPEAT_PREFIX; i++) {
        if (i > b && annals_tok_in(d, i, END)) return i + 1 - b;
        unsigned char c = (unsigned char)d->text[d->tok[i].off];
        if (c >= 'a' && c <= 'z') return 0;   /* a lowercase word: a sentence, not a dateline */
    }
    return 0;
}

bool annals_code_sentence_has_candidates(const annals_coder *c, const annals_doc *doc, size_t sent,
                                         const annals_mention *mention, size_t n_mention)
{
    bool actor = false;
    for (size_t k = 0; k < n_mention && !actor; k++)
        actor = mention[k].sent == sent && mention[k].kind == ANNALS_MENTION_ACTOR;
    if (!actor) return false;
    size_t b = doc->sent[sent].tok_begin, e = doc->sent[sent].tok_end;
    uint8_t cls[256];
    token_classes tc;
    token_classes_fill(doc, b, e, e - b <= sizeof cls ? cls : NULL, &tc);
    for (size_t i = b; i < e; i++) {
        match m;
        if (best_match(c, doc, i, e, &tc, &m)) return true;
    }
    return false;
}

/* ---- the coding loop ---- */

/* What the coder carries from sentence to sentence of one document. */
typedef struct {
    const annals_coder *c;
    annals_doc *doc;
    event_list out;
    const char *doc_date;    /* the story's date (dateline, else publication) */
    char here[4];            /* country of the latest place named as a location: where the story is */
    char attacker[16];       /* source of the latest use of force (roots 18-20) seen */
    act_author authors[MAX_ACT_AUTHORS];   /* who did the acts named so far, newest last */
    size_t n_authors;
    char focus[4];           /* the country the story is about: whom aid is for */
    char pair[2][4];         /* the two countries of a story between two, or "" */
    uint64_t *said;          /* hashes of the sentences coded so far (repeated()), open addressing */
    size_t said_mask;
} doc_state;

static bool said_before(doc_state *ds, uint64_t key, bool remember)
{
    size_t k = key & ds->said_mask;
    for (; ds->said[k]; k = (k + 1) & ds->said_mask)
        if (ds->said[k] == key) return true;
    if (remember) ds->said[k] = key;
    return false;
}

static bool repeated(doc_state *ds, size_t b, size_t e)
{
    const annals_doc *d = ds->doc;
    if (e - b < REPEAT_MIN) return false;
    if (!ds->said) {
        size_t cap = 64;
        while (cap < 4 * d->n_sent) cap *= 2;   /* two keys a sentence at most: half full at most */
        if (!(ds->said = annals_arena_calloc(d->arena, cap, sizeof *ds->said))) return false;
        ds->said_mask = cap - 1;
    }
    size_t p = dateline_tokens(d, b, e);
    uint64_t whole = tokens_key(d, b, e);
    uint64_t body = p && e - b - p >= REPEAT_MIN ? tokens_key(d, b + p, e) : 0;
    if (said_before(ds, whole, false) || (body && said_before(ds, body, false))) return true;
    said_before(ds, whole, true);
    if (body) said_before(ds, body, true);
    return false;
}

/* The countries the story is about, from how often the document's actors name them (IGOs
** and guesses not counted). focus: the country named at least three times and twice as
** often as any other -- whom an aid pledge with no recipient is for. pair: the two named
** most, each at least three times and twice as often as any third -- the two sides of a
** story between two countries, each the other's counterpart. "" where there is none. */
static void story_countries(const annals_doc *doc, char focus[4], char pair[2][4])
{
    enum { SLOTS = 32 };
    char code[SLOTS][4];
    unsigned n[SLOTS] = { 0 };
    size_t used = 0;
    focus[0] = pair[0][0] = pair[1][0] = '\0';
    for (size_t k = 0; k < doc->n_mention; k++) {
        const annals_mention *m = &doc->mention[k];
        if (m->kind != ANNALS_MENTION_ACTOR || strlen(m->code) < 3 || !strncmp(m->code, "IGO", 3)
            || (m->flags & (ANNALS_MENTF_GUESSED | ANNALS_MENTF_IMPLIED)))
            continue;
        size_t j = 0;
        while (j < used && strncmp(code[j], m->code, 3)) j++;
        if (j == used) {
            if (used == SLOTS) continue;
            snprintf(code[used++], 4, "%.3s", m->code);
        }
        n[j]++;
    }
    size_t top[3] = { SLOTS, SLOTS, SLOTS };   /* the three named most, most first */
    for (size_t j = 0; j < used; j++)
        for (size_t r = 0; r < 3; r++)
            if (top[r] == SLOTS || n[j] > n[top[r]]) {
                for (size_t q = 2; q > r; q--) top[q] = top[q - 1];
                top[r] = j;
                break;
            }
    unsigned n0 = top[0] < SLOTS ? n[top[0]] : 0, n1 = top[1] < SLOTS ? n[top[1]] : 0,
             n2 = top[2] < SLOTS ? n[top[2]] : 0;
    if (n0 >= 3 && 2 * n1 <= n0) memcpy(focus, code[top[0]], 4);
    if (n1 >= 3 && 2 * n2 <= n1) {
        memcpy(pair[0], code[top[0]], 4);
        memcpy(pair[1], code[top[1]], 4);
    }
}

/* One sentence being coded. */
typedef struct {
    size_t s, b, e;          /* sentence index, tokens [b, e) */
    size_t m0, m1;           /* its mentions [m0, m1) */
    actor_view A;            /* its actor phrases */
    const char *place;       /* the first place named as a location, or NULL */
    size_t n_dates;          /* time expressions (datelines not counted) */
    token_classes tc;
    size_t events_before;    /* events of the document before this sentence */
    intent_kind carried;     /* an announced or intended act's scope: the rest of its clause */
    bool agreement;          /* the agreement of two parties ("A and B agreed to") is coded */
} sent_state;

/* Actors the coder supplies where the text names none: kept alive while events are emitted. */
typedef struct {
    annals_mention police, visited, author, recipient, counterpart, parties;
} implied_actors;

/* Makes *m an actor the text does not name: of this code, or of its country with this
** role when role is not empty. Returns m. */
static const annals_mention *implied_actor(annals_mention *m, const char *code, const char *role)
{
    memset(m, 0, sizeof *m);
    m->kind = ANNALS_MENTION_ACTOR;
    m->flags = ANNALS_MENTF_IMPLIED;
    if (role[0]) snprintf(m->code, sizeof m->code, "%.3s%s", code, role);
    else snprintf(m->code, sizeof m->code, "%s", code);
    return m;
}

/* Collects the sentence's actors, time expressions and places (updating where the story
** is); false when the sentence is not coded (no actor, page clutter, a caption). */
static bool sentence_begin(doc_state *ds, sent_state *ss)
{
    const annals_doc *doc = ds->doc;
    size_t b = ss->b, e = ss->e;
    ss->A.n = 0;
    ss->place = NULL;
    ss->n_dates = 0;
    for (size_t k = ss->m0; k < ss->m1; k++) {
        const annals_mention *m = &doc->mention[k];
        if (m->kind == ANNALS_MENTION_ACTOR) ss->A.v[ss->A.n++] = m;
        else if (m->kind == ANNALS_MENTION_DATE && !is_dateline(doc, b, e, m)) ss->n_dates++;
        if (((m->kind == ANNALS_MENTION_PLACE || m->kind == ANNALS_MENTION_ACTOR) && (m->flags & ANNALS_MENTF_LOCATIVE))
            || (m->kind == ANNALS_MENTION_PLACE && m->tok_begin == b))
            snprintf(ds->here, sizeof ds->here, "%.3s", m->code);   /* "in Khartoum", "in Niger", a dateline */
        if (m->kind == ANNALS_MENTION_PLACE && (m->flags & ANNALS_MENTF_LOCATIVE) && !ss->place) {
            const annals_token *t0 = &doc->tok[m->tok_begin], *t1 = &doc->tok[m->tok_end - 1];
            ss->place = annals_arena_strndup(doc->arena, doc->text + t0->off, t1->off + t1->len - t0->off);
        }
    }
    if (ss->A.n == 0 || stray_line(doc, ss->s) || caption(doc, ss->s)) {
        if (doc->trace && ss->A.n)
            trace(doc, ss->s, "skipped: %s", stray_line(doc, ss->s)
                  ? "a line of its own without closing punctuation (page clutter)" : "a photo caption");
        return false;
    }
    if (repeated(ds, b, e)) {
        if (doc->trace) trace(doc, ss->s, "skipped: repeats an earlier sentence of the document");
        return false;
    }
    note_act_authors(ds->authors, &ds->n_authors, doc, b, e, ss->m0, ss->m1);
    if (doc->trace) {
        char t[96];
        for (size_t k = 0; k < ss->A.n; k++) {
            const annals_mention *m = ss->A.v[k];
            trace(doc, ss->s, "actor %s \"%s\"%s%s%s", m->code, span_text(doc, m->tok_begin, m->tok_end, t, sizeof t),
                  m->flags & ANNALS_MENTF_PRONOUN ? " (pronoun)" : "",
                  m->flags & ANNALS_MENTF_GUESSED ? " (country from the story's place)" : "",
                  m->flags & ANNALS_MENTF_POSSESSIVE ? " (possessor)" : "");
        }
    }
    return true;
}

/* Why the match is no event, or NULL: a '---' construction, negated, a reaction, a noun or
** adjective, supposed. */
static const char *drop_reason(const annals_doc *doc, const sent_state *ss, const match *mt)
{
    size_t b = ss->b, e = ss->e;
    /* a one-word verb pattern that the tagger reads as a noun ("air strikes", "the weekly
       rallies", "a suicide bombing attack") names an act without stating one; a verb used
       as a noun is no event either -- except an intent, which the noun states as well ("his
       offer to meet", "its pledge to provide") */
    static const char *const BARE_VERB_BEFORE[] = { "will", "would", "can", "could", "should", "must", "may",
        "might", "shall", "help", "helps", "helped", "helping", NULL };
    bool tagged_noun = !mt->p->noun && mt->ve == mt->vb + 1 && doc->sent[ss->s].parsed
                       && (doc->tok[mt->vb].upos == ANNALS_UPOS_NOUN || doc->tok[mt->vb].upos == ANNALS_UPOS_ADJ
                           || !strcmp(annals_deprel_name(doc->tok[mt->vb].deprel), "amod"))
                       /* "who helped mediate", "would mediate": only a verb stands there */
                       && !(mt->vb > b && annals_tok_in(doc, mt->vb - 1, BARE_VERB_BEFORE));
    bool as_noun = !mt->p->noun && strncmp(mt->p->code, "03", 2) && !undergone(doc, b, mt->vb)
                   && (used_as_noun(doc, &ss->A, b, mt->vb) || tagged_noun);
    /* "was met with criticism": a reception of an act, not a meeting */
    bool reaction = !strncmp(mt->p->code, "04", 2) && annals_tok_is(doc, mt->vb, "met") && mt->vb + 1 < e
                    && annals_tok_is(doc, mt->vb + 1, "with") && passive_voice(doc, b, mt->vb);
    /* a construction the lexicon marks as no event ("---": "released a statement",
       "received a sentence"): its words are spoken for, nothing is coded */
    return !strcmp(mt->p->code, "---") ? "a construction that is no event (---)"
         : negated(doc, b, mt->vb) ? "negated"
         : reaction ? "'was met with': a reaction, not a meeting"
         : as_noun && tagged_noun ? "a verb read as a noun by the tagger"
         : as_noun ? "a verb used as a noun or adjective"
         : hypothetical(doc, b, mt->vb) ? "supposed, not stated (modal or conditional)" : NULL;
}

/* "agreed to" (or "agree", "agrees"; "agreed on Thursday to") shortly before the verb at
** vb, in its clause. */
static bool agreed_before(const annals_doc *d, size_t b, size_t vb)
{
    static const char *const AGREE[] = { "agreed", "agree", "agrees", NULL };
    for (size_t i = vb, k = 0; i-- > b && k < 6; k++) {
        if (is_clause_stop(d, i) || annals_tok_is(d, i, ",")) return false;
        if (annals_tok_in(d, i, AGREE)) return vb >= 1 && annals_tok_is(d, vb - 1, "to");
    }
    return false;
}

/* How the sentence states the act: announced, intended, or stated; an announced or
** intended act's scope runs to the end of its clause ("will visit Astana and hold talks",
** "to send a team for talks with"). */
static intent_kind statement_of(const annals_doc *doc, sent_state *ss, const match *mt)
{
    static const char *const NEW_CLAUSE[] = { ",", "after", "before", "because", "when", "while",
        "since", "as", "if", "although", "but", "which", "who", "that", NULL };
    intent_kind wants = intent(doc, ss->b, mt->vb);
    for (size_t k = mt->vb; ss->carried && k-- > ss->b && k + 12 > mt->vb;)
        if (is_clause_stop(doc, k) || annals_tok_in(doc, k, NEW_CLAUSE)) { ss->carried = STATED; break; }
    if (!wants) wants = ss->carried;
    if (wants) ss->carried = wants;
    return wants;
}

/* The event code of the match, given how it is stated: a threat for announced force, the
** intent code for announced cooperation, the domain's sub-code, 'called on' as a visit. */
static void final_code(const annals_doc *doc, const sent_state *ss, const match *mt, intent_kind wants, char code[6])
{
    snprintf(code, 6, "%s", mt->p->code);
    domain dom = span_domain(doc, mt->vb, mt->ve, ss->e);
    /* a use of force or repression announced ("said it would blockade", "will not hesitate
       to arrest") is a threat; a measure taken by decision -- sanctions, recalls,
       expulsions, bans (16x, 172, 174) -- is coded as the act when announced ("would recall
       its ambassador"), as the gold sets code it; so is any hostile act agreed or decided on
       ("agreed to impose sanctions") */
    bool hostile = code_root(code) >= 14;
    bool measure = !strncmp(code, "16", 2) || !strncmp(code, "172", 3) || !strncmp(code, "174", 3);
    if (mt->threat || (wants == ANNOUNCED && hostile && !measure)) threat_code(code);
    else if (wants && hostile) refine(code, dom);
    else if (wants) intent_code(code, dom);
    else refine(code, dom);
    /* "called on the minister" is a visit (042); "called on Iran to release" an appeal */
    if (!strcmp(code, "020") && mt->p->n_words >= 2 && !strcmp(mt->p->el[0].word, "call")
        && !strcmp(mt->p->el[1].word, "on") && !infinitive_follows(doc, mt->ve, ss->e))
        snprintf(code, 6, "042");
}

/* Source and target of the match from the parse, else word order, with the constructions
** that change them (undergone acts, acts as subjects, passives, reporters). Returns whether
** the parse gave the roles; *passive says when the passive voice did. */
static bool find_roles(const doc_state *ds, const sent_state *ss, const match *mt, const char *code,
                       const annals_mention **src_out, const annals_mention **tgt_out, bool *passive,
                       implied_actors *im)
{
    const annals_doc *doc = ds->doc;
    const actor_view *A = &ss->A;
    size_t s = ss->s, b = ss->b, e = ss->e;
    bool material = code[0] == '0' && (code[1] == '6' || code[1] == '7' || (code[1] == '3' && (code[2] == '1' || code[2] == '3')));
    const annals_mention *src = NULL, *tgt = NULL;
    *passive = false;
    syntax_actors SA = { A->v, A->n, code_root(code) >= 18 };
    bool parsed = annals_syntax_roles(doc, s, &SA, mt->vb, mt->p->noun, &src, &tgt) == 0;
    if (undergone(doc, b, mt->vb)) {
        /* "its forces came under attack by army troops": the subject suffers the act, the
           actor after "by" or "from" does it */
        src = NULL;
        for (size_t k = 0; k < A->n && !src; k++)
            if (A->v[k]->tok_begin > mt->vb
                && (annals_tok_is(doc, A->v[k]->tok_begin - 1, "by") || annals_tok_is(doc, A->v[k]->tok_begin - 1, "from")
                    || (A->v[k]->flags & ANNALS_MENTF_AGENTIVE)))
                src = A->v[k];
        tgt = subject_before(doc, A, b, mt->vb, false);
        *passive = true;
    } else if (parsed && !mt->p->noun && act_is_subject(doc, s, mt->vb)) {
        /* "the attack killed four people": no actor acts; the word order must not find one */
        src = tgt = NULL;
    } else if (parsed) {
        /* the parse decides; a "$" in the pattern still names where the target stands, and a
           role the parse leaves empty is looked for in word order */
        if (mt->target_pos != SIZE_MAX) tgt = target_after(doc, A, mt, src, e, material);
        /* no source in the parse: the noun's possessor, or the actor before the verb --
           unless the verb is passive ("soldiers were killed"), whose subject suffers the act */
        bool passive_verb = !mt->p->noun && passive_voice(doc, b, mt->vb);
        if (!src && mt->p->noun) src = noun_source(doc, A, mt->vb);
        else if (!src && !passive_verb) src = subject_before(doc, A, b, mt->vb, false);
        if (!tgt && passive_verb) {
            tgt = subject_before(doc, A, b, mt->vb, false);   /* "people were arrested" */
        } else if (!tgt) {
            /* the parse named no object: an actor after the verb in a place phrase ("fought a
               war in southern Lebanon") is where, not whom */
            tgt = target_after(doc, A, mt, src, e, material);
            if (tgt && (tgt->flags & ANNALS_MENTF_LOCATIVE) && mt->target_pos == SIZE_MAX) tgt = NULL;
        }
        if (tgt && !target_ok(doc, tgt, mt, src)) tgt = NULL;
        if (!tgt && code_root(code) == 15) {
            /* "... to the border with Ukraine"; not "... to assist in the fight against X" */
            tgt = target_after(doc, A, mt, src, e, true);
            if (tgt && tgt->tok_begin > mt->ve + 6) tgt = NULL;
        }
        if (src && tgt && !strcmp(src->code, tgt->code)) tgt = NULL;
    } else if ((*passive = passive_voice(doc, b, mt->vb))) {
        for (size_t k = 0; k < A->n; k++)
            if (A->v[k]->tok_begin >= mt->ve && (A->v[k]->flags & ANNALS_MENTF_AGENTIVE)) { src = A->v[k]; break; }
        tgt = subject_before(doc, A, b, mt->vb, false);
    } else {
        src = mt->p->noun ? noun_source(doc, A, mt->vb) : subject_before(doc, A, b, mt->vb, false);
        tgt = target_after(doc, A, mt, src, e, material);
    }
    /* "nearly 500 people had been arrested", "was detained in Yekaterinburg": an arrest or
       other coercion in the passive with no agent is the police's where it happened */
    if (!src && tgt && !strncmp(code, "17", 2) && passive_voice(doc, b, mt->vb)) {
        src = implied_actor(&im->police, ds->here[0] ? ds->here : tgt->code, "COP");
    }
    /* "..., police said": the reporter is no party of the act it reports */
    if (tgt && tgt->tok_begin > mt->vb && reporter(doc, tgt, e)) tgt = NULL;
    if (src && src->tok_begin > mt->vb && reporter(doc, src, e)) src = NULL;
    *src_out = src;
    *tgt_out = tgt;
    return parsed;
}

/* Aid given or pledged (07x, 033x). */
static bool aid_code(const char *code)
{
    return !strncmp(code, "07", 2) || !strncmp(code, "033", 3);
}

/* "all sides", "all parties", "both sides", "both parties" after the verb at vb: the code of
** the country named right after ("in Niger", "to the conflict in Yemen": an actor or a
** place), else focus ("" none); NULL when the sentence addresses no such parties. */
static const char *parties_addressed(const annals_doc *doc, const sent_state *ss, size_t vb, const char *focus)
{
    for (size_t i = vb + 1; i + 1 < ss->e && i < vb + 8; i++) {
        if (!(annals_tok_is(doc, i, "all") || annals_tok_is(doc, i, "both"))
            || !(annals_tok_is(doc, i + 1, "sides") || annals_tok_is(doc, i + 1, "parties")))
            continue;
        for (size_t k = ss->m0; k < ss->m1; k++) {
            const annals_mention *m = &doc->mention[k];
            if ((m->kind == ANNALS_MENTION_ACTOR || m->kind == ANNALS_MENTION_PLACE) && m->tok_begin > i + 1
                && m->tok_begin <= i + 6 && strncmp(m->code, "IGO", 3))
                return m->code;
        }
        return focus[0] ? focus : NULL;
    }
    return NULL;
}

/* Targets the text leaves to the reader: the country of a place visited ("arrived in
** Xi'an"), the author of an act condemned ("condemned the coup": whoever the story last saw
** use force, else where the story is), the recipient of aid (the country the story is
** about); and no source when whose is only a guess. */
static void implied_roles(const doc_state *ds, const sent_state *ss, const match *mt, const char *code,
                          const annals_mention **src, const annals_mention **tgt, implied_actors *im)
{
    const annals_doc *doc = ds->doc;
    if (*src && !*tgt && !strncmp(code, "042", 3) && mt->target_pos != SIZE_MAX) {
        for (size_t k = ss->m0; k < ss->m1; k++) {
            const annals_mention *pm = &doc->mention[k];
            if (pm->kind != ANNALS_MENTION_PLACE || pm->tok_begin < mt->target_pos
                || pm->tok_begin > mt->target_pos + 2 || !strncmp(pm->code, (*src)->code, 3))
                continue;
            im->visited = *pm;
            im->visited.kind = ANNALS_MENTION_ACTOR;
            snprintf(im->visited.code, sizeof im->visited.code, "%.3s", pm->code);
            *tgt = &im->visited;
            break;
        }
    }
    const char *by = ds->attacker[0] ? ds->attacker : ds->here;
    /* "denounced the coup" in a story that named "the Niger coup": the author it gave */
    const char *author = !strncmp(code, "11", 2)
        ? object_act_author(ds->authors, ds->n_authors, doc, mt->vb + 1, ss->e) : "";
    if (*src && author[0] && strncmp((*src)->code, author, 3)
        && (!*tgt || (!strncmp((*src)->code, (*tgt)->code, 3) && (*tgt)->tok_begin > mt->ve))) {
        *tgt = implied_actor(&im->author, author, "");
        if (doc->trace) trace(doc, ss->s, "  the act's author named earlier: %s", author);
    }
    /* ("Damascus denounced the incident as aggression against Syrian sovereignty": a word
       of the source's own country after the act is no target either) */
    bool own = *src && *tgt && !strncmp((*src)->code, (*tgt)->code, 3) && (*tgt)->tok_begin > mt->ve;
    if (*src && (!*tgt || own) && by[0] && strcmp((*src)->code, by) && (ds->attacker[0] || strncmp((*src)->code, by, 3))
        && (!strncmp(code, "11", 2) || !strncmp(code, "12", 2)) && object_is_event_noun(doc, mt->ve, ss->e)) {
        *tgt = implied_actor(&im->author, by, "");
    }
    if (*src && !*tgt && code_root(code) >= 18)
        for (size_t k = ss->m0; k < ss->m1; k++) {
            /* "fired back at military targets in the Gaza Strip": force lands where its
               targets are, on that place's country */
            const annals_mention *pm = &doc->mention[k];
            if (pm->kind != ANNALS_MENTION_PLACE || pm->tok_begin < mt->ve || pm->tok_begin > mt->ve + 8
                || !strncmp(pm->code, (*src)->code, 3))
                continue;
            *tgt = implied_actor(&im->visited, pm->code, "");
            im->visited.code[3] = '\0';
            break;
        }
    if (*src && !*tgt && code_root(code) == 2) {
        /* "called for all sides in Niger to show restraint", "urging all parties to ...": an
           appeal to the parties of a conflict goes to the country it is in, named after them
           ("in Niger") or else the country the story is about */
        const char *where = parties_addressed(doc, ss, mt->vb, ds->focus);
        if (where && strncmp(where, (*src)->code, 3)) *tgt = implied_actor(&im->parties, where, "");
    }
    const annals_mention *S2[MAX_COORDINATED];
    if (*src && !*tgt && aid_code(code) && !mt->p->noun && mt->p->n_words >= 2 && ds->focus[0]
        && strncmp((*src)->code, ds->focus, 3) && coordinated(doc, &ss->A, *src, S2, MAX_COORDINATED) == 1) {
        /* "Japan pledged $10 million in humanitarian aid" in a story about Yemen: for Yemen
           (a phrase of giving, not a bare "funded" or "the pledges") */
        *tgt = implied_actor(&im->recipient, ds->focus, "");
    }
    int root = code_root(code);
    if (*src && !*tgt && ds->pair[0][0] && (root == 3 || root == 11 || root == 14)
        && !((*src)->flags & ANNALS_MENTF_GUESSED)) {
        /* a story between two countries: an intent, a disapproval or a protest of one side
           with no one named is aimed at the other ("Scholz used the trip to announce further
           equipment deliveries"); other roots gained nothing on the development sets */
        const char *other = !strncmp((*src)->code, ds->pair[0], 3) ? ds->pair[1]
                          : !strncmp((*src)->code, ds->pair[1], 3) ? ds->pair[0] : NULL;
        if (other) *tgt = implied_actor(&im->counterpart, other, "");
    }
    if (*src && ((*src)->flags & ANNALS_MENTF_GUESSED) && code_root(code) < 10 && !(*tgt && policing(*src, *tgt)))
        *src = NULL;   /* "Governments pledged": whose is a guess, too weak for cooperation -- but
                          "police called on the demonstrators to disperse" is one country's affair */
}

/* Emits the events of the match: a pair acting on each other, coordinated sources and
** targets, a protest or coercion aimed at home, a joint act of two coordinated sources. */
static int emit_roles(doc_state *ds, sent_state *ss, match *mt, const char *code, const annals_mention *src,
                      const annals_mention *tgt, const char *date)
{
    const annals_coder *c = ds->c;
    annals_doc *doc = ds->doc;
    actor_view *A = &ss->A;
    size_t s = ss->s, e = ss->e;
    int rc = 0;
    bool each_other = reciprocal(doc, mt->vb, mt->ve, e);
    /* "Saudi Arabia and Iran held talks ...": a joint act of two coordinated sources is
       between them, not with an actor named later in the sentence; a pattern that names its
       target ("talks with $") keeps it */
    if (src && tgt && !each_other && mutual(code) && strcmp(code, "036") && mt->p->target_at < 0) {
        const annals_mention *S2[MAX_COORDINATED];
        if (coordinated(doc, A, src, S2, MAX_COORDINATED) == 2 && S2[0] != tgt && S2[1] != tgt) each_other = true;
    }
    if (src && (src->flags & ANNALS_MENTF_PAIR) && (!tgt || mutual(code) || each_other)) {
        /* "the two leaders signed": each with the other */
        annals_mention one = *src, other = *src;
        snprintf(other.code, sizeof other.code, "%s", src->pair);
        if ((rc = emit(c, doc, &ds->out, s, mt, code, &one, &other, date, ss->place)) < 0) return rc;
        rc = emit(c, doc, &ds->out, s, mt, code, &other, &one, date, ss->place);
    } else if (src && tgt && !each_other) {
        const annals_mention *S[MAX_COORDINATED], *T[MAX_COORDINATED];
        size_t ns = coordinated(doc, A, src, S, MAX_COORDINATED);
        size_t nt = coordinated(doc, A, tgt, T, MAX_COORDINATED);
        if (ns * nt > 1) mt->basis |= ANNALS_EVB_COORDINATED;
        for (size_t y = 0; y < nt; y++)
            for (size_t k = 0; k < A->n; k++) if (A->v[k] == T[y]) A->is_object[k] = true;
        for (size_t x = 0; x < ns && rc >= 0; x++)
            for (size_t y = 0; y < nt && rc >= 0; y++)
                rc = emit(c, doc, &ds->out, s, mt, code, S[x], T[y], date, ss->place);
    } else if (src && !each_other && !mt->p->noun && (!strncmp(code, "14", 2) || !strncmp(code, "17", 2))
               && strncmp(src->code, "IGO", 3) && strlen(src->code) > 3) {
        /* a protest or a coercive measure with no one named: aimed at the source's own country
           -- protesters at their government, a curfew at the population. Not for a noun ("the
           weekly rallies", "air strikes"): with no one named it is background more often than
           an act of the actor next to it; nor for a bare country ("Egypt ... protests"), since
           people protest, not countries */
        annals_mention home = *src;
        snprintf(home.code, sizeof home.code, "%.3s%s", src->code, !strncmp(code, "14", 2) ? "GOV" : "");
        home.flags = ANNALS_MENTF_IMPLIED;
        rc = emit(c, doc, &ds->out, s, mt, code, src, &home, date, ss->place);
    } else if (src && !tgt && !strncmp(code, "045", 3)) {
        /* "Russia and Ukraine swapped prisoners in an exchange mediated by the UAE": the
           mediator stands between the sentence's two coordinated parties */
        const annals_mention *S2[MAX_COORDINATED];
        for (size_t k = 0; k < A->n; k++) {
            if (A->v[k] == src || !strncmp(A->v[k]->code, src->code, 3)) continue;
            if (coordinated(doc, A, A->v[k], S2, MAX_COORDINATED) != 2) continue;
            if (!strncmp(S2[0]->code, src->code, 3) || !strncmp(S2[1]->code, src->code, 3)) break;
            for (size_t y = 0; y < 2 && rc >= 0; y++)
                rc = emit(c, doc, &ds->out, s, mt, code, src, S2[y], date, ss->place);
            break;
        }
    } else if (src && (mutual(code) || each_other || (!tgt && !strncmp(code, "19", 2)))) {
        /* "Kazakhstan and Uzbekistan held talks": each meets the other; "Hezbollah and Israel
           fought a war": each fights the other */
        const annals_mention *S[MAX_COORDINATED];
        size_t ns = coordinated(doc, A, src, S, MAX_COORDINATED);
        if (ns == 2)
            for (size_t x = 0; x < ns && rc >= 0; x++)
                for (size_t y = 0; y < ns && rc >= 0; y++)
                    if (x != y) rc = emit(c, doc, &ds->out, s, mt, code, S[x], S[y], date, ss->place);
    }
    return rc;
}

/* --trace: what became of a match whose roles were sought. */
static void trace_outcome(const doc_state *ds, const sent_state *ss, size_t n_before, const annals_mention *src,
                          bool parsed, bool passive, intent_kind wants)
{
    const annals_doc *doc = ds->doc;
    char a[96];
    if (ds->out.n == n_before && !src) trace(doc, ss->s, "  dropped: no source actor");
    else if (ds->out.n == n_before)
        trace(doc, ss->s, "  dropped: no target actor other than the source %s \"%s\"", src->code,
              span_text(doc, src->tok_begin, src->tok_end, a, sizeof a));
    for (size_t k = n_before; k < ds->out.n; k++) {
        const annals_event *ev = &ds->out.v[k];
        char bs[400];
        size_t bn = 0;
        bs[0] = '\0';
        for (unsigned f = 0; f < ANNALS_EVB_COUNT && bn < sizeof bs; f++)
            if (ev->basis & (1u << f)) {
                int m = snprintf(bs + bn, sizeof bs - bn, "%s%s", bn ? "," : "", annals_confidence_feature_name(f));
                if (m > 0) bn += (size_t)m;
            }
        trace(doc, ss->s, "  event %s -> %s %s (roles from %s%s; date %s; confidence %.2f; basis %s)",
              ev->src, ev->tgt, ev->code, parsed ? "the parse" : passive ? "word order, passive voice" : "word order",
              wants == ANNOUNCED ? ", announced" : wants == INTENDED ? ", intended" : "",
              ev->date[0] ? ev->date : "none", ev->confidence, bn ? bs : "-");
    }
}

/* Where the clause that goes on at token i ends: at ";", at ", and" / ", but" / ", while", or
** at "while" before a new subject (an actor right after, or after "the"); e when the
** sentence ends first. */
static size_t clause_end(const annals_doc *d, const actor_view *A, size_t i, size_t e)
{
    static const char *const JOIN[] = { "and", "but", "while", "whereas", NULL };
    for (; i < e; i++) {
        if (annals_tok_is(d, i, ";")) return i + 1;
        if ((annals_tok_is(d, i, "while") || annals_tok_is(d, i, "whereas")) && i + 1 < e) {
            size_t subj = i + 1 + (annals_tok_is(d, i + 1, "the") ? 1 : 0);
            for (size_t k = 0; k < A->n; k++)
                if (A->v[k]->tok_begin == subj) return i + 1;
        }
        if (!annals_tok_is(d, i, ",") || i + 2 >= e || !annals_tok_in(d, i + 1, JOIN)) continue;
        size_t subj = i + 2 + (annals_tok_is(d, i + 2, "the") ? 1 : 0);
        for (size_t k = 0; k < A->n; k++)
            if (A->v[k]->tok_begin == subj) return i + 2;
    }
    return e;
}

/* Codes the pattern match at token i. Sets *next to the token where matching goes on;
** returns 1 when the rest of the sentence is not coded (an appeal or demand coded: what it
** asks for is no event), 0 to go on, or a negative error. */
static int code_match(doc_state *ds, sent_state *ss, match *mt, size_t i, size_t *next)
{
    const annals_coder *c = ds->c;
    annals_doc *doc = ds->doc;
    size_t s = ss->s, b = ss->b, e = ss->e;
    *next = mt->ve > i ? mt->ve : i + 1;
    if (doc->trace) {
        char pt[160], mtext[96];
        trace(doc, s, "pattern %s \"%s\" matched \"%s\"", mt->p->code, pattern_text(mt->p, pt, sizeof pt),
              span_text(doc, mt->vb, mt->ve, mtext, sizeof mtext));
    }
    const char *drop = drop_reason(doc, ss, mt);
    if (drop) { trace(doc, s, "  dropped: %s", drop); return 0; }
    intent_kind wants = statement_of(doc, ss, mt);
    /* "threatened to impose sanctions": one threat, coded by what is threatened */
    match nx;
    if (!strncmp(mt->p->code, "13", 2) && mt->ve + 1 < e && annals_tok_is(doc, mt->ve, "to")
        && best_match(c, doc, mt->ve + 1, e, &ss->tc, &nx)) {
        char threat[6];
        snprintf(threat, sizeof threat, "%s", nx.p->code);
        threat_code(threat);
        if (!strncmp(threat, "13", 2)) {
            if (doc->trace) {
                char pt[160], nt[96];
                trace(doc, s, "  threat of: pattern %s \"%s\" matched \"%s\"", nx.p->code,
                      pattern_text(nx.p, pt, sizeof pt), span_text(doc, nx.vb, nx.ve, nt, sizeof nt));
            }
            mt->p = nx.p;
            mt->threat = true;
        }
        *next = nx.ve;
    }
    /* "expressed his willingness to sign ...": the intent belongs to the next verb */
    if (!strncmp(mt->p->code, "03", 2) && mt->ve + 1 < e && annals_tok_is(doc, mt->ve, "to")
        && best_match(c, doc, mt->ve + 1, e, &ss->tc, &nx)) {
        *next = mt->ve + 1;
        return 0;
    }
    /* "met ... to discuss": a purpose clause of an event already coded */
    if (!wants && mt->vb > b && annals_tok_is(doc, mt->vb - 1, "to") && ds->out.n > ss->events_before) {
        trace(doc, s, "  dropped: purpose clause of an event already coded");
        return 0;
    }
    /* the sentence's time expression nearest the verb, else the story's date */
    const char *date = ss->n_dates ? nearest_date(doc, ss->m0, ss->m1, b, e, mt->vb, wants != STATED) : NULL;
    if (!date) date = ds->doc_date;
    /* "has since accepted the invitation": some time since, not the story's day */
    if (mt->vb > b + 1 && annals_tok_is(doc, mt->vb - 1, "since")) date = "";
    /* "the attack came one day after the US launched airstrikes": that many days before */
    char before_date[11];
    size_t days = days_after(doc, b, mt->vb);
    if (days && date[0]) {
        int64_t d;
        if (annals_date_parse_iso(date, 10, &d)) {
            annals_date_format(d - (int64_t)days, before_date);
            date = before_date;
        }
    }
    char code[6];
    final_code(doc, ss, mt, wants, code);
    const annals_mention *src, *tgt;
    bool passive;
    implied_actors im;
    bool parsed = find_roles(ds, ss, mt, code, &src, &tgt, &passive, &im);
    mt->parsed = parsed;
    mt->basis = (parsed ? ANNALS_EVB_PARSE : passive ? ANNALS_EVB_PASSIVE : 0)
              | (mt->p->n_words >= 2 ? ANNALS_EVB_MULTIWORD : 0) | (mt->p->noun ? ANNALS_EVB_NOUN : 0)
              | (mt->p->target_at >= 0 ? ANNALS_EVB_TARGET_SLOT : 0)
              | (wants == ANNOUNCED ? ANNALS_EVB_ANNOUNCED : wants == INTENDED ? ANNALS_EVB_INTENDED : 0)
              | (e - b > 35 ? ANNALS_EVB_LONG : 0) | (ss->A.n > 4 ? ANNALS_EVB_CROWDED : 0)
              | (s == 0 ? ANNALS_EVB_HEADLINE : 0);
    implied_roles(ds, ss, mt, code, &src, &tgt, &im);
    /* "gunmen stormed the hotel": storming or rioting (145) is a crowd's; by an armed group or
       force it is an armed attack (180) */
    if (src && !strncmp(code, "145", 3) && strlen(src->code) >= 6) {
        static const char *const ARMED[] = { "REB", "INS", "UAF", "MIL", "SPY", NULL };
        for (size_t k = 0; ARMED[k]; k++)
            if (!strncmp(src->code + 3, ARMED[k], 3)) { snprintf(code, sizeof code, "180"); break; }
    }
    /* "North Korea's military said that the United States has ignored its warning": defiance
       of the speaker's own side, reported by it, is the speaker's accusation (112) */
    const annals_mention *accuser;
    if (src && tgt && (code_root(code) == 11 || code_root(code) == 12) && strncmp(code, "112", 3)
        && (accuser = reporting_speaker(doc, &ss->A, b, mt->vb, src)) != NULL
        && !strncmp(accuser->code, tgt->code, 3)) {
        trace(doc, s, "  reported by the side it is aimed at: the speaker's accusation");
        snprintf(code, sizeof code, "112");
        tgt = src;
        src = accuser;
    }
    size_t n_before = ds->out.n;
    int rc = emit_roles(ds, ss, mt, code, src, tgt, date);
    if (rc < 0) return rc;
    /* "Saudi Arabia and Iran agreed to restore diplomatic relations": besides what they
       intend, the two parties have reached an agreement (057), as the gold codes it */
    const annals_mention *P2[MAX_COORDINATED];
    if (wants == INTENDED && !ss->agreement && src && code_root(code) >= 3 && code_root(code) <= 8
        && agreed_before(doc, b, mt->vb) && coordinated(doc, &ss->A, src, P2, MAX_COORDINATED) == 2
        && strncmp(P2[0]->code, P2[1]->code, 3)) {
        ss->agreement = true;
        trace(doc, s, "  agreed: an agreement of the two parties");
        for (size_t x = 0; x < 2 && rc >= 0; x++)
            rc = emit(c, doc, &ds->out, s, mt, "057", P2[x], P2[1 - x], date, ss->place);
        if (rc < 0) return rc;
    }
    /* "pledges included $150 million from Saudi Arabia, $100 million from Kuwait": each giver
       named after its amount, for the country the story is about */
    if (ds->out.n == n_before && !src && aid_code(code) && ds->focus[0]) {
        annals_mention recipient_buf;
        const annals_mention *recipient = implied_actor(&recipient_buf, ds->focus, "");
        for (size_t k = 0; k < ss->A.n && rc >= 0; k++) {
            const annals_mention *g = ss->A.v[k];
            size_t f = g->tok_begin;
            if (f < mt->ve + 2 || !strncmp(g->code, ds->focus, 3)) continue;
            if (annals_tok_is(doc, f - 1, "the")) f--;
            if (f < mt->ve + 2 || !annals_tok_is(doc, f - 1, "from")) continue;
            if (!(gap_class_of(doc, f - 2) & GAP_AMOUNT)) continue;
            rc = emit(c, doc, &ds->out, s, mt, code, g, recipient, date, ss->place);
        }
        if (rc < 0) return rc;
    }
    /* "the spokesperson told reporters that Washington has violated the one-China principle":
       disapproval or defiance reported with no target is the speaker's accusation (112) */
    if (ds->out.n == n_before && src && !tgt && (code_root(code) == 11 || code_root(code) == 12)
        && (accuser = reporting_speaker(doc, &ss->A, b, mt->vb, src)) != NULL) {
        trace(doc, s, "  reported: the speaker's accusation");
        if ((rc = emit(c, doc, &ds->out, s, mt, "112", accuser, src, date, ss->place)) < 0) return rc;
    }
    /* who used force, with a target named or not ("North Korea fired a missile") */
    if (src && (!strncmp(code, "18", 2) || !strncmp(code, "19", 2) || !strncmp(code, "20", 2)))
        snprintf(ds->attacker, sizeof ds->attacker, "%s", src->code);
    if (doc->trace) trace_outcome(ds, ss, n_before, src, parsed, passive, wants);
    /* what is appealed for or demanded ("demanded that Russia withdraw") is not itself an
       event -- up to the end of the demand's clause: "..., and Damascus denounced" is */
    if (ds->out.n > ss->events_before && (!strncmp(code, "02", 2) || !strncmp(code, "10", 2))) {
        size_t end = clause_end(doc, &ss->A, mt->ve, e);
        if (end == e) return 1;
        *next = end;
    }
    return 0;
}

int annals_code_run(const annals_coder *c, annals_doc *doc, annals_ctx *ctx)
{
    doc_state ds = { .c = c, .doc = doc, .out = { .arena = doc->arena }, .doc_date = story_date(doc) };
    story_countries(doc, ds.focus, ds.pair);
    const annals_mention **buf = NULL;
    bool *objects = NULL;
    size_t buf_cap = 0, mi = 0;
    int rc = 0;
    for (size_t s = 0; s < doc->n_sent && rc >= 0; s++) {
        sent_state ss = { .s = s, .b = doc->sent[s].tok_begin, .e = doc->sent[s].tok_end, .m0 = mi };
        while (mi < doc->n_mention && doc->mention[mi].sent == s) mi++;   /* this sentence's mentions */
        ss.m1 = mi;
        size_t nm = mi - ss.m0;
        if (nm > buf_cap) {
            const annals_mention **nb = realloc(buf, nm * sizeof *nb);
            if (!nb) { rc = ANNALS_ENOMEM; break; }
            buf = nb;
            bool *no = realloc(objects, nm * sizeof *no);
            if (!no) { rc = ANNALS_ENOMEM; break; }
            objects = no;
            buf_cap = nm;
        }
        if (nm) memset(objects, 0, nm * sizeof *objects);
        ss.A = (actor_view){ buf, 0, objects };
        if (!sentence_begin(&ds, &ss)) continue;
        uint8_t cls[256], actor_len[256];
        token_classes_fill(doc, ss.b, ss.e, ss.e - ss.b <= sizeof cls ? cls : NULL, &ss.tc);
        token_classes_actors(&ss.tc, cls, actor_len, ss.A.v, ss.A.n);
        ss.events_before = ds.out.n;
        for (size_t i = ss.b; i < ss.e && rc == 0;) {
            match mt;
            if (inside_actor(&ss.A, i) || !best_match(c, doc, i, ss.e, &ss.tc, &mt)) { i++; continue; }
            size_t next;
            rc = code_match(&ds, &ss, &mt, i, &next);
            i = next;
        }
        if (rc > 0) rc = 0;   /* the rest of the sentence was an appeal's content */
    }
    free(buf);
    free(objects);
    if (rc < 0) return annals_error_set(ctx, rc, "%s: out of memory coding events", doc->path);
    doc->event = ds.out.v;
    doc->n_event = ds.out.n;
    return 0;
}
