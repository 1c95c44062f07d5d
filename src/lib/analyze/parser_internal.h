/* SPDX-License-Identifier: MIT
** analyze/parser_internal.h -- arc-hybrid parser state, transitions and features.
**
** Library-internal; shared by parsing (parser.c) and training (parser_train.c).
** Words are 1..n, 0 is ROOT at the bottom of the stack. Transitions:
**   SHIFT      push b0
**   LEFT(l)    s0 <-l- b0, pop s0            (s0 != ROOT, buffer not empty)
**   RIGHT(l)   s1 -l-> s0, pop s0            (s1 == ROOT only once the buffer is
**                                             empty, and then l = root)
** so every parse is a single-rooted tree. Class ids: 0 SHIFT, l LEFT(l),
** AN_NL + l RIGHT(l), with l the deprel id (annals/parse.h), 1..AN_NL.
** Split models (docs/parser.md) score the unlabelled transition (classes
** AN_SPLIT_SHIFT, AN_SPLIT_LEFT, AN_SPLIT_RIGHT) and then the label of the arc
** it builds (classes 0..AN_NL-1 = deprel id - 1) from annals_analyze_parser_lfeats(). */
#ifndef ANNALS_ANALYZE_PARSER_INTERNAL_H
#define ANNALS_ANALYZE_PARSER_INTERNAL_H

#include "analyze_internal.h"
#include "annals/parse.h"
#include "wnclass_internal.h"

#define AN_NL (ANNALS_DEPREL_COUNT - 1)
#define AN_NCLS (1 + 2 * AN_NL)
#define AN_SHIFT 0
#define AN_PMAXF 128   /* >= the number of F() calls in annals_analyze_parser_feats() and annals_analyze_parser_lfeats() */
#define AN_MAX_TRAIN_LEN 250   /* longer training sentences are skipped */
#define AN_MAX_BEAM 64
#define AN_BEAM_MAX_LEN 300   /* longer sentences are parsed greedily (beam copies cost O(k n^2)); < 65535 (group_key packs positions in 16 bits) */

/* Classes of a split model's transition table. */
enum { AN_SPLIT_SHIFT = 0, AN_SPLIT_LEFT = 1, AN_SPLIT_RIGHT = 2, AN_SPLIT_NCLS = 3 };

typedef struct {
    int n, sp, b;
    int *stack, *head;
    uint8_t *lab;
    int *lc1, *lc2, *rc1, *rc2;
    uint16_t *nl, *nr;
    uint64_t *ls, *rs;          /* label sets of left / right children */
    uint64_t *w;                /* word hashes, [0] = ROOT */
    uint8_t *p, *u;             /* XPOS, UPOS */
    uint8_t *k;                 /* word classes (wnclass_internal.h), or NULL: a model without them */
} an_pstate;

/* Allocates the state arrays for n words from a (arena) or malloc (a NULL:
** free with annals_analyze_pstate_free). Words/tags from doc tokens [b, b+n); word
** classes from wnk when it has a table (then the class features are on). */
int annals_analyze_pstate_init(an_pstate *st, annals_arena *a, const annals_doc *doc, size_t b, int n, const an_wnk *wnk);
void annals_analyze_pstate_free(an_pstate *st);
void annals_analyze_pstate_reset(an_pstate *st);
/* Allocates dst's own mutable arrays (from a, or malloc when a is NULL: free
** with annals_analyze_pstate_free) for a state of src's sentence; dst shares src's
** read-only words and tags and starts as the initial state. */
int annals_analyze_pstate_alloc_like(an_pstate *dst, annals_arena *a, const an_pstate *src);
/* Copies the mutable part of src into dst (same sentence; dst from
** annals_analyze_pstate_init or annals_analyze_pstate_alloc_like). Costs O(max(src->b, dst->b)). */
void annals_analyze_pstate_copy(an_pstate *dst, const an_pstate *src);
static inline int an_pstate_done(const an_pstate *st) { return st->b > st->n && st->sp == 1; }
/* valid[c] for every class. Returns the number of valid classes. */
int annals_analyze_pstate_valid(const an_pstate *st, uint8_t *valid);
void annals_analyze_pstate_apply(an_pstate *st, int cls);
size_t annals_analyze_parser_feats(const an_pstate *st, uint64_t *out);
/* Feature groups of annals_analyze_parser_feats: those that depend only on the position
** of b0 (words and tags of b0, b1, b2: AN_FEATS_BUF), on the positions of s0
** and b0 together (AN_FEATS_PAIR), only on s1, s0 and b0 (AN_FEATS_TRIPLE), on
** s0 and its children (AN_FEATS_S0C), b0 and its children (AN_FEATS_B0C), s1
** and its children with s0's tag (AN_FEATS_S1C), and the rest (s0's and b0's
** children together, s2). The beam parser memoises the weight sums of all but
** the rest per sentence, since the items of a step, and consecutive steps,
** share most of them (BUF most: b0 stays while arcs are built). */
enum {
    AN_FEATS_PAIR = 1, AN_FEATS_TRIPLE = 2, AN_FEATS_REST = 4, AN_FEATS_S0C = 8, AN_FEATS_B0C = 16,
    AN_FEATS_S1C = 32, AN_FEATS_BUF = 64, AN_FEATS_ALL = 127
};
/* The features of the groups in part (AN_FEATS_*), in group order. */
size_t annals_analyze_parser_feats_part(const an_pstate *st, unsigned part, uint64_t *out);
/* Validity of the AN_SPLIT_NCLS split classes; *root_only set when RIGHT
** must be labelled root (s1 is ROOT). Returns the number of valid classes. */
int annals_analyze_pstate_valid_split(const an_pstate *st, uint8_t *v, int *root_only);
/* Label features of the arc about to be built: dependent s0, head b0 (right
** == 0, LEFT) or s1 (right == 1, RIGHT). */
size_t annals_analyze_parser_lfeats(const an_pstate *st, int right, uint64_t *out);
/* Class of the joint model (AN_SHIFT, LEFT(l), RIGHT(l)) from a split class and a label. */
static inline int an_joint_class(int t, int l)
{
    return t == AN_SPLIT_SHIFT ? AN_SHIFT : t == AN_SPLIT_LEFT ? l : AN_NL + l;
}

#endif
