/* SPDX-License-Identifier: MIT
** analyze/parser_int.h -- arc-hybrid parser state, transitions and features.
**
** Library-internal; shared by parsing (parser.c) and training (parser_train.c).
** Words are 1..n, 0 is ROOT at the bottom of the stack. Transitions:
**   SHIFT      push b0
**   LEFT(l)    s0 <-l- b0, pop s0            (s0 != ROOT, buffer not empty)
**   RIGHT(l)   s1 -l-> s0, pop s0            (s1 == ROOT only once the buffer is
**                                             empty, and then l = root)
** so every parse is a single-rooted tree. Class ids: 0 SHIFT, l LEFT(l),
** AN_NL + l RIGHT(l), with l the deprel id (annals/parse.h), 1..AN_NL. */
#ifndef ANNALS_ANALYZE_PARSER_INT_H
#define ANNALS_ANALYZE_PARSER_INT_H

#include "analyze_int.h"
#include "annals/parse.h"

#define AN_NL (ANNALS_DEPREL_COUNT - 1)
#define AN_NCLS (1 + 2 * AN_NL)
#define AN_SHIFT 0
#define AN_PMAXF 128   /* >= the number of F() calls in an_parser_feats() */
#define AN_MAX_TRAIN_LEN 250   /* longer training sentences are skipped */

typedef struct {
    int n, sp, b;
    int *stack, *head;
    uint8_t *lab;
    int *lc1, *lc2, *rc1, *rc2;
    uint16_t *nl, *nr;
    uint64_t *ls, *rs;          /* label sets of left / right children */
    uint64_t *w;                /* word hashes, [0] = ROOT */
    uint8_t *p, *u;             /* XPOS, UPOS */
} an_pstate;

/* Allocates the state arrays for n words from a (arena) or malloc (a NULL:
** free with an_pstate_free). Words/tags from doc tokens [b, b+n). */
int an_pstate_init(an_pstate *st, annals_arena *a, const annals_doc *doc, size_t b, int n);
void an_pstate_free(an_pstate *st);
void an_pstate_reset(an_pstate *st);
static inline int an_pstate_done(const an_pstate *st) { return st->b > st->n && st->sp == 1; }
/* valid[c] for every class. Returns the number of valid classes. */
int an_pstate_valid(const an_pstate *st, uint8_t *valid);
void an_pstate_apply(an_pstate *st, int cls);
size_t an_parser_feats(const an_pstate *st, uint64_t *out);

#endif
