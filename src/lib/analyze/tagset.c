/* SPDX-License-Identifier: MIT
** analyze/tagset.c -- the fixed UPOS, XPOS and dependency relation tables.
**
** The order of each table is the id: never reorder, only append (and bump the
** COUNT macros in annals/tag.h and annals/parse.h). Models store the ids. */
#include <string.h>
#include "annals/tag.h"
#include "annals/parse.h"

static const char *const upos_tab[ANNALS_UPOS_COUNT] = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
};

static const char *const xpos_tab[ANNALS_XPOS_COUNT] = {
    "_", "#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT",
    "EX", "FW", "GW", "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP",
    "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH",
    "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "XX", "``", "-NONE-",
};

static const char *const deprel_tab[ANNALS_DEPREL_COUNT] = {
    "_",
    "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "clf",
    "compound", "conj", "cop", "csubj", "dep", "det", "discourse", "dislocated", "expl",
    "fixed", "flat", "goeswith", "iobj", "list", "mark", "nmod", "nsubj", "nummod", "obj",
    "obl", "orphan", "parataxis", "punct", "reparandum", "root", "vocative", "xcomp",
    "acl:relcl", "advcl:relcl", "aux:pass", "cc:preconj", "compound:prt", "csubj:outer",
    "csubj:pass", "det:predet", "flat:foreign", "nmod:desc", "nmod:npmod", "nmod:poss",
    "nmod:tmod", "nmod:unmarked", "nsubj:outer", "nsubj:pass", "obl:agent", "obl:npmod",
    "obl:tmod", "obl:unmarked", "compound:lvc", "det:poss", "flat:name", "expl:pv",
};
#define N_BASE_DEPREL 37

static int lookup(const char *const *tab, int n, const char *s, size_t len)
{
    for (int i = 1; i < n; i++)
        if (strlen(tab[i]) == len && memcmp(tab[i], s, len) == 0) return i;
    return 0;
}

const char *annals_upos_name(unsigned id) { return id < ANNALS_UPOS_COUNT ? upos_tab[id] : "_"; }
int annals_upos_id_n(const char *s, size_t n) { return lookup(upos_tab, ANNALS_UPOS_COUNT, s, n); }
int annals_upos_id(const char *s) { return s ? annals_upos_id_n(s, strlen(s)) : 0; }

const char *annals_xpos_name(unsigned id) { return id < ANNALS_XPOS_COUNT ? xpos_tab[id] : "_"; }
int annals_xpos_id_n(const char *s, size_t n) { return lookup(xpos_tab, ANNALS_XPOS_COUNT, s, n); }
int annals_xpos_id(const char *s) { return s ? annals_xpos_id_n(s, strlen(s)) : 0; }

const char *annals_deprel_name(unsigned id) { return id < ANNALS_DEPREL_COUNT ? deprel_tab[id] : "_"; }

int annals_deprel_id_n(const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '_')) return 0;
    int id = lookup(deprel_tab, ANNALS_DEPREL_COUNT, s, n);
    if (id) return id;
    const char *colon = memchr(s, ':', n);
    if (colon && (id = lookup(deprel_tab, N_BASE_DEPREL + 1, s, (size_t)(colon - s))) != 0) return id;
    return lookup(deprel_tab, ANNALS_DEPREL_COUNT, "dep", 3);
}
int annals_deprel_id(const char *s) { return s ? annals_deprel_id_n(s, strlen(s)) : 0; }

int annals_deprel_base(unsigned id)
{
    if (id == 0 || id >= ANNALS_DEPREL_COUNT) return 0;
    if (id <= N_BASE_DEPREL) return (int)id;
    const char *colon = strchr(deprel_tab[id], ':');
    return lookup(deprel_tab, N_BASE_DEPREL + 1, deprel_tab[id], (size_t)(colon - deprel_tab[id]));
}
