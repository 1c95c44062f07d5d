/* SPDX-License-Identifier: MIT
** fuzz/fuzz_conllu.c -- libFuzzer target: arbitrary bytes as CoNLL-U
** (annals_conllu_read), then every sentence read written back as CoNLL-U
** (annals_conllu_write_sentence), checking that tokens and heads stay inside
** the text and the sentence. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/parse.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    annals_conllu c;
    if (annals_conllu_read(&c, "fuzz.conllu", (const char *)data, size, ctx_) < 0) return 0;
    const annals_doc *doc = c.doc;
    if (!doc || (doc->text_len && !doc->text) || (doc->text && doc->text[doc->text_len])) abort();
    annals_buf out = { 0 };
    for (size_t s = 0; s < doc->n_sent; s++) {
        const annals_sentence *st = &doc->sent[s];
        if (st->tok_begin > st->tok_end || st->tok_end > doc->n_tok) abort();
        for (size_t i = st->tok_begin; i < st->tok_end; i++) {
            const annals_token *t = &doc->tok[i];
            if ((uint64_t)t->off + t->len > doc->text_len) abort();
            if (t->head < -2 || t->head >= (int32_t)(st->tok_end - st->tok_begin)) abort();
        }
        if (annals_conllu_write_sentence(&out, doc, s) < 0) abort();
    }
    annals_buf_free(&out);
    annals_doc_free(c.doc);
    return 0;
}
