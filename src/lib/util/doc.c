/* SPDX-License-Identifier: MIT
** util/doc.c -- creating and freeing a document and its arena; word tests on its tokens. */
#include <stdlib.h>
#include <string.h>
#include "annals/doc.h"

int annals_doc_new(annals_doc **out, const char *name, const char *path,
                   const char *raw, size_t raw_len, annals_ctx *ctx)
{
    *out = NULL;
    annals_doc *d = calloc(1, sizeof *d);
    if (!d) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    d->arena = annals_arena_new(raw_len > 32 * 1024 ? 256 * 1024 : 64 * 1024);
    if (!d->arena) { free(d); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    d->name = annals_arena_strdup(d->arena, name ? name : "");
    d->path = annals_arena_strdup(d->arena, path ? path : "");
    char *r = annals_arena_strndup(d->arena, raw ? raw : "", raw ? raw_len : 0);
    if (!d->name || !d->path || !r) {
        annals_doc_free(d);
        return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    }
    d->raw = r;
    d->raw_len = raw ? raw_len : 0;
    annals_sha256_hex(d->raw, d->raw_len, d->hash);
    *out = d;
    return 0;
}

void annals_doc_free(annals_doc *doc)
{
    if (!doc) return;
    annals_arena_free(doc->arena);
    free(doc);
}

bool annals_tok_is(const annals_doc *d, size_t i, const char *w)
{
    /* as annals_str_ieq with strlen(w), but most calls fail on the first byte:
       compare as we go instead of measuring w first */
    annals_str t = annals_tok_str(d, i);
    for (size_t k = 0; k < t.n; k++) {
        unsigned char y = (unsigned char)w[k];
        if (!y || annals_ascii_lower((unsigned char)t.p[k]) != annals_ascii_lower(y)) return false;
    }
    return w[t.n] == '\0';
}

bool annals_tok_in(const annals_doc *d, size_t i, const char *const *ws)
{
    /* most entries differ in the first byte: compare it before the rest */
    annals_str t = annals_tok_str(d, i);
    const unsigned char c0 = annals_ascii_lower(t.n ? (unsigned char)t.p[0] : 0);
    for (size_t k = 0; ws[k]; k++)
        if (annals_ascii_lower((unsigned char)ws[k][0]) == c0 && annals_tok_is(d, i, ws[k])) return true;
    return false;
}
