/* SPDX-License-Identifier: MIT
** compat/commas.c -- words taken out of a sentence before it is coded.
**
** TABARI COMMA: (text) and PETRARCH's comma_* options (text and parse tree) delete
** comma-delimited clauses by their length in words; PETRARCH text also drops a
** short parenthesis ("the European Union (EU)"), which its parser attaches to the
** noun phrase. */
#include <string.h>
#include "match_internal.h"

/* PETRARCH text: a short parenthesis, "the European Union (EU)", is an aside (the
** parser attaches it to the noun phrase); TABARI keeps ( ) as clause ends */
void annals_compat_drop_asides(csent *s)
{
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

void annals_compat_text_commas(const compat_dict *d, csent *s)
{
    int n = s->n;
    if (n < 3) return;
    uint8_t *act = cx_calloc(s, (size_t)n + 1, 1), *del = cx_calloc(s, (size_t)n + 1, 1);
    int *cm = cx_calloc(s, (size_t)n + 2, sizeof *cm);
    uint8_t *used = cx_calloc(s, (size_t)n + 2, 1);
    if (!act || !del || !cm || !used) return;
    for (int i = 0; i < n;) {
        uint32_t ent;
        int len = annals_compat_longest(d, s, i, &ent, false);   /* clauses are marked before gapped phrases */
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
        if (dialect_of(d)->comma_in_noun_list && i > 0 && i + 1 < n && (s->t[i - 1].pos == P_ADJ || s->t[i - 1].pos == P_NOUN)
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

void annals_compat_tree_commas(const compat_dict *d, csent *s)
{
    int n = s->n;
    if (n < 3 || !s->node) return;
    int *cm = cx_calloc(s, (size_t)n + 1, sizeof *cm);
    uint8_t *del = cx_calloc(s, (size_t)n + 1, 1);
    int *map = cx_calloc(s, (size_t)n + 1, sizeof *map);
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
    uint8_t *gone = cx_calloc(s, (size_t)n + 1, 1);
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
