/* SPDX-License-Identifier: MIT
** code/syntax_internal.h -- roles from the dependency parse (syntax.c), for coder.c. */
#ifndef ANNALS_CODE_SYNTAX_INTERNAL_H
#define ANNALS_CODE_SYNTAX_INTERNAL_H

#include "annals/doc.h"

typedef struct {
    const annals_mention *const *v;   /* the sentence's actor phrases, in text order */
    size_t n;
    bool place_is_target;             /* a use of force: "strikes in Syria" are on Syria */
} syntax_actors;

/* Source and target of the event whose head word is token `head` (document index)
** of sentence `sent`. Returns -1 when the sentence has no parse (use word order),
** else 0 with *src / *tgt set or NULL when the parse names none. */
int annals_syntax_roles(const annals_doc *d, size_t sent, const syntax_actors *A, size_t head,
                        bool noun, const annals_mention **src, const annals_mention **tgt);

#endif
