/* SPDX-License-Identifier: MIT
** compat/rawtag.c -- coarse tags and noun chunks for text without a parse.
**
** Words get a coarse part of speech from closed word lists (determiners,
** prepositions, auxiliaries, modals, pronouns, adverbs); a dictionary verb form is
** a verb unless its context makes it a noun or adjective (PETRARCH: after a
** determiner or adjective, an -S form after a full verb, a bare form after an
** article; TABARI: only after A/AN/THE, or capitalised). Chunks are runs of noun
** words, joined by OF, IN, conjunctions and commas, that become the units of
** units.c. */
#include <ctype.h>
#include <string.h>
#include "match_internal.h"

/* ---- preparing tokens ---- */

void annals_compat_prepare(const compat_dict *d, csent *s)
{
    for (int i = 0; i < s->n; i++) s->t[i].wid = annals_compat_words_find(&d->words, s->t[i].w, s->t[i].len);
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
        uint32_t k = annals_compat_map_get(&d->pos_words, t->wid);
        if (k) return k > 2 ? (int)k - 2 : (int)k;
    }
    uint32_t maxl = t->len < d->max_pos_stem ? t->len : d->max_pos_stem;
    for (uint32_t l = maxl; l >= 2; l--) {
        uint32_t w = annals_compat_words_find(&d->words, t->w, l);
        uint32_t k = w ? annals_compat_map_get(&d->pos_words, w) : 0;
        if (k > 2) return (int)k - 2;
    }
    return 0;
}

/* raw text: chunk ids from coarse tags. FROM joins a chunk that holds an agent and no
** actor yet ("soldiers from Gondor", as the parse's NP with its PP) */
void annals_compat_raw_chunks(const compat_dict *d, const csent *s, int *chunk)
{
    const compat_dialect *dl = dialect_of(d);
    int id = 0;
    bool open = false, open_agent = false, open_actor = false;
    int covered_to = 0;
    for (int i = 0; i < s->n; i++) {
        const ctok *t = &s->t[i];
        bool inside;
        if (i >= covered_to) {   /* the actor or agent phrase starting here */
            uint32_t ent;
            int len = annals_compat_longest(d, s, i, &ent, true);
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
                                       || (dl->from_joins_agent && is_word(t, "FROM") && open_agent && !open_actor)); break;
        case P_PUNCT:
            inside = open && is_word(t, ",");
            /* PETRARCH: a comma before a noun phrase followed by its own verb ends the chunk:
            ** "its embassy, a senior official said" (that phrase is the next clause's subject) */
            if (inside && dl->comma_opens_clause) {
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

/* ---- tags ---- */

/* the coarse tag of a word from the word lists; vb_tag comes in as "capitalised" */
static void tag_word(const compat_dict *d, ctok *t)
{
    t->leaf = -1;
    const char *w = t->w;
    if (!isalnum((unsigned char)w[0]) && w[0] != '\'' && w[0] != '&') { t->pos = P_PUNCT; return; }
    if (!strcmp(w, "'S") || !strcmp(w, "'")) { t->pos = P_POS; return; }
    if (isdigit((unsigned char)w[0])) { t->pos = P_NUM; return; }
    if (in_list(w, DET)) { t->pos = P_DET; return; }
    if (!strcmp(w, "TO")) { t->pos = P_TO; return; }
    if (in_list(w, PREP)) { t->pos = P_PREP; return; }
    if (!strcmp(w, "AND") || !strcmp(w, "OR") || !strcmp(w, "BUT") || !strcmp(w, "NOR")) { t->pos = P_CC; return; }
    if (in_list(w, MODAL)) { t->pos = P_MD; return; }
    if (in_list(w, AUX)) { t->pos = P_VERB; t->vb_tag = 1; return; }
    if (in_list(w, PRON)) { t->pos = P_PRON; return; }
    if (in_list(w, ADV) || (t->len > 4 && !strcmp(w + t->len - 2, "LY"))) { t->pos = P_ADV; return; }
    t->pos = t->vb_tag ? P_PROPN : P_NOUN;   /* vb_tag doubles as "capitalised" from the caller */
    t->vb_tag = 0;
    int lp = dialect_of(d)->pos_lists ? listed_pos(d, t) : 0;
    if (lp) { t->pos = lp == 1 ? P_NOUN : P_ADJ; t->vb_tag = 9; return; }   /* 9: listed, never a verb */
    /* a lower-case word ending in -ED is a past form: it ends a noun chunk even when it
    ** is no dictionary verb ("Gollum participated in ...") */
    if (t->pos == P_NOUN && t->len > 4 && !strcmp(w + t->len - 2, "ED")) { t->pos = P_VERB; t->vb_tag = 2; }
}

static bool is_article(const ctok *t)
{
    return is_word(t, "A") || is_word(t, "AN") || is_word(t, "THE");
}

/* the word before dictionary verb form i (i > 0) makes it a noun or an adjective */
static bool noun_context(const compat_dict *d, const csent *s, int i)
{
    static const char *const DEGREE[] = { "VERY", "TOO", "SO", "MORE", "MOST", "LESS", "LEAST", "QUITE", NULL };
    const ctok *t = &s->t[i], *p = &s->t[i - 1];
    /* TABARI: only the articles A, AN, THE shift the next word to a noun */
    if (dialect_of(d)->verbs_by_form) return is_article(p);
    if (p->pos == P_DET || p->pos == P_ADJ || p->pos == P_NUM || p->pos == P_POS) return true;
    /* PETRARCH: an -S form right after a full verb is its object ("promised raids") */
    if (p->pos == P_VERB && !in_list(p->w, AUX) && t->len > 3 && t->w[t->len - 1] == 'S' && t->w[t->len - 2] != 'S')
        return true;
    /* after a degree adverb a form is an adjective ("very close to the border") */
    if (in_list(p->w, DEGREE)) return true;
    /* a bare form one or two modifiers after an article is a noun ("a brief private
    ** visit"); not after a plural noun ("the ministers visit") */
    bool bare = false;   /* the verb's dictionary form itself (VISIT, not SAID) */
    for (uint32_t f = t->wid ? annals_compat_map_get(&d->form_map, t->wid) : 0; f && !bare; f = d->vf[f - 1].next)
        if (d->vb[d->vf[f - 1].verb - 1].word == t->wid) bare = true;
    bool prev_named = false;   /* the word before ends an actor or agent phrase ("a senior official said") */
    for (int k = i - 1; k >= 0 && k >= i - 4 && !prev_named && bare; k--) {
        uint32_t ent;
        if (annals_compat_longest(d, s, k, &ent, true) == i - k) prev_named = true;
    }
    if (bare && !prev_named && p->pos == P_NOUN && p->len > 1 && p->w[p->len - 1] != 'S') {
        for (int k = i - 2; k >= 0 && k >= i - 3; k--) {
            const ctok *q = &s->t[k];
            if (is_article(q)) return true;
            if (q->pos != P_NOUN) break;
        }
    }
    return false;
}

void annals_compat_tag_raw(const compat_dict *d, csent *s)
{
    const compat_dialect *dl = dialect_of(d);
    for (int i = 0; i < s->n; i++) tag_word(d, &s->t[i]);
    /* verbs: dictionary forms not after a determiner/adjective and not inside an actor phrase */
    for (int i = 0; i < s->n; i++) {
        ctok *t = &s->t[i];
        /* TABARI has no parts of speech: any dictionary verb form is a verb (modals and
        ** auxiliaries included) unless a determiner precedes it or it is capitalised
        ** inside the sentence */
        if (t->vb_tag == 9) { t->vb_tag = 0; continue; }   /* a listed noun or adjective */
        bool tab_cls = dl->verbs_by_form && (t->pos == P_MD || t->pos == P_ADV || t->pos == P_VERB);
        if (t->pos != P_NOUN && t->pos != P_PROPN && !tab_cls) continue;
        if (dl->verbs_by_form && t->pos == P_PROPN) continue;
        if (!annals_compat_verb_at(d, t)) continue;
        if (i > 0 && noun_context(d, s, i)) continue;
        uint32_t ent;
        if (i > 0 && s->t[i - 1].pos == P_PROPN && t->pos == P_PROPN) continue;
        if (t->pos == P_PROPN && annals_compat_longest(d, s, i, &ent, true) > 1) continue;
        t->pos = P_VERB;
        size_t l = t->len;
        if (l > 2 && !strcmp(t->w + l - 2, "ED")) t->vb_tag = 2;
        else t->vb_tag = 1;
    }
}
