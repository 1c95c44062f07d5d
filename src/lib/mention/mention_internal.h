/* SPDX-License-Identifier: MIT
** mention/mention_internal.h -- types shared by the mention stage's files. */
#ifndef ANNALS_MENTION_INTERNAL_H
#define ANNALS_MENTION_INTERNAL_H

#include <stdlib.h>
#include <string.h>
#include "annals/doc.h"

typedef enum { ATOM_COUNTRY = 1, ATOM_AGENT, ATOM_PERSON, ATOM_NAME, ATOM_PRONOUN, ATOM_PAIR } atom_type;

typedef struct {
    size_t begin, end;       /* tokens */
    atom_type type;
    char code[16];
    uint16_t flags;
} atom;

typedef struct { atom *v; size_t n, cap; } atom_list;

/* An actor phrase being composed. */
typedef struct {
    size_t begin, end;
    char country[16];        /* ISO3, or a whole IGO/group code */
    char role[4];
    char tail_role[4];       /* the role of the last agent word ("student protesters": CVL) */
    char person_code[16];    /* a known person's code */
    char code[16];           /* final code, "" when unresolved */
    size_t head_begin, head_end;  /* the first agent (title) phrase */
    size_t name_begin, name_end;  /* a person's name */
    bool head_set, unknown_name, pronoun, pron_person, pron_country, pair, first_person;
    bool former;             /* "former", "retired" before the head: no longer in office */
    char pair_code[16];
    uint16_t flags;
} actor_np;

typedef struct { actor_np *v; size_t n, cap; } np_list;

typedef struct { annals_arena *arena; annals_mention *v; size_t n, cap; } grow_mentions;

static inline int atom_push(atom_list *l, const atom *a)
{
    atom *nv = annals_grow(l->v, &l->cap, l->n + 1, sizeof *nv, 64);
    if (!nv) return -1;
    l->v = nv;
    l->v[l->n++] = *a;
    return 0;
}

static inline int np_push(np_list *l, const actor_np *a)
{
    actor_np *nv = annals_grow(l->v, &l->cap, l->n + 1, sizeof *nv, 32);
    if (!nv) return -1;
    l->v = nv;
    l->v[l->n++] = *a;
    return 0;
}

/* Dates (mention/date.c). */
typedef struct {
    bool have_pub;
    int64_t pub;             /* days */
    int pub_year;
} date_context;

void annals_mention_date_context_init(date_context *c, const annals_doc *doc);
/* Adds DATE mentions found in sentence s. */
int annals_mention_find_dates(const date_context *c, const annals_doc *doc, size_t s, grow_mentions *out);
int annals_mention_push(grow_mentions *g, const annals_mention *m);

#endif
