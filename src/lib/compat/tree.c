/* SPDX-License-Identifier: MIT
** compat/tree.c -- Penn treebank bracketing into a node array.
**
** Reads "(ROOT (S (NP (NNP Arnor)) (VP (VBZ is) ...)))" as CoreNLP writes it
** (any whitespace, an empty root label "( (S ...))" allowed). Every node keeps
** its label, parent, first child, next sibling and token span; preterminals
** become the sentence's tokens (upper-cased words with a coarse part of speech
** from the tag). Iterative, so deep trees cannot exhaust the stack. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat_internal.h"
#include "annals/error.h"

static uint8_t coarse(const char *tag, uint8_t *vb)
{
    *vb = 0;
    if (!strncmp(tag, "NNP", 3)) return P_PROPN;
    if (!strncmp(tag, "NN", 2)) return P_NOUN;
    if (!strncmp(tag, "VB", 2) || !strncmp(tag, "AUX", 3)) {
        static const char *const T[] = { "VB", "VBD", "VBZ", "VBP", "VBN", "VBG" };
        for (int i = 0; i < 6; i++) if (!strcmp(tag, T[i])) *vb = (uint8_t)(i + 1);
        if (!*vb) *vb = 1;
        return P_VERB;
    }
    if (!strcmp(tag, "DT") || !strcmp(tag, "PDT") || !strcmp(tag, "WDT")) return P_DET;
    if (!strcmp(tag, "IN")) return P_PREP;
    if (!strcmp(tag, "TO")) return P_TO;
    if (!strcmp(tag, "CC")) return P_CC;
    if (!strcmp(tag, "MD")) return P_MD;
    if (!strcmp(tag, "POS")) return P_POS;
    if (!strcmp(tag, "CD")) return P_NUM;
    if (!strncmp(tag, "PRP", 3) || !strcmp(tag, "WP") || !strcmp(tag, "WP$")) return P_PRON;
    if (!strncmp(tag, "JJ", 2)) return P_ADJ;
    if (!strncmp(tag, "RB", 2) || !strcmp(tag, "RP")) return P_ADV;
    if (!isalpha((unsigned char)tag[0])) return P_PUNCT;
    return P_OTHER;
}

int annals_compat_tree_read(csent *s, const char *text, annals_arena *a, char *err, size_t errlen)
{
    size_t len = strlen(text);
    int cap_nodes = 16, cap_tok = 16;
    for (size_t i = 0; i < len; i++) if (text[i] == '(') cap_nodes++;
    cap_tok = cap_nodes;
    tnode *nodes = annals_arena_calloc(a, (size_t)cap_nodes, sizeof *nodes);
    ctok *toks = annals_arena_calloc(a, (size_t)cap_tok, sizeof *toks);
    int *stack = annals_arena_calloc(a, (size_t)cap_nodes, sizeof *stack);
    int *last_child = annals_arena_calloc(a, (size_t)cap_nodes, sizeof *last_child);
    if (!nodes || !toks || !stack || !last_child) return ANNALS_ENOMEM;
    int nn = 0, nt = 0, sp = 0;
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (isspace((unsigned char)c)) { i++; continue; }
        if (c == '(') {
            i++;
            while (i < len && isspace((unsigned char)text[i])) i++;
            size_t b = i;
            while (i < len && !isspace((unsigned char)text[i]) && text[i] != '(' && text[i] != ')') i++;
            if (nn >= cap_nodes) { snprintf(err, errlen, "tree too large"); return ANNALS_EFORMAT; }
            tnode *n = &nodes[nn];
            n->label = annals_arena_strndup(a, text + b, i - b);
            if (!n->label) return ANNALS_ENOMEM;
            n->parent = sp ? stack[sp - 1] : -1;
            n->first_child = n->next = -1;
            n->tok_b = nt;
            n->tok_e = nt;
            last_child[nn] = -1;
            if (sp) {
                int p = stack[sp - 1];
                if (last_child[p] < 0) nodes[p].first_child = nn;
                else nodes[last_child[p]].next = nn;
                last_child[p] = nn;
            }
            stack[sp++] = nn;
            nn++;
            /* a word follows directly: this is a preterminal */
            while (i < len && isspace((unsigned char)text[i])) i++;
            if (i < len && text[i] != '(' && text[i] != ')') {
                size_t wb = i;
                while (i < len && !isspace((unsigned char)text[i]) && text[i] != ')') i++;
                if (nt >= cap_tok) { snprintf(err, errlen, "too many words"); return ANNALS_EFORMAT; }
                ctok *t = &toks[nt];
                size_t wl = i - wb;
                char *w = annals_arena_alloc(a, wl + 1);
                if (!w) return ANNALS_ENOMEM;
                for (size_t k = 0; k < wl; k++) w[k] = (char)toupper((unsigned char)text[wb + k]);
                w[wl] = 0;
                t->w = w;
                t->len = (uint32_t)wl;
                t->pos = coarse(n->label, &t->vb_tag);
                t->leaf = nn - 1;
                nt++;
            }
            continue;
        }
        if (c == ')') {
            i++;
            if (!sp) { snprintf(err, errlen, "unbalanced ')' at offset %zu", i - 1); return ANNALS_EFORMAT; }
            int n = stack[--sp];
            nodes[n].tok_e = nt;
            continue;
        }
        /* stray word outside a preterminal: ignore */
        while (i < len && !isspace((unsigned char)text[i]) && text[i] != '(' && text[i] != ')') i++;
    }
    if (sp) { snprintf(err, errlen, "unbalanced '(': %d not closed", sp); return ANNALS_EFORMAT; }
    if (!nt) { snprintf(err, errlen, "no words in the tree"); return ANNALS_EFORMAT; }
    s->node = nodes;
    s->n_node = nn;
    s->t = toks;
    s->n = nt;
    return 0;
}
