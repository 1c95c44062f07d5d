/* SPDX-License-Identifier: MIT
** fuzz/fuzz_model.c -- libFuzzer target: arbitrary bytes as a tagger or parser
** model file (src/lib/model container + the analyzer's sections), then, when
** the model loads, a sentence tagged and parsed with it.
**
** The first input byte is a selector: bit 0 parser (else tagger); bit 1 fix
** the header's file size and CRC-32 before loading, so that mutations reach the
** section checks behind the checksum; bit 2 load through a file
** (annals_*_open: the loader's own, writable copy, packed in place) instead of
** from memory (annals_*_load: the caller's buffer, never written).
** Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/model.h"
#include "annals/parse.h"
#include "annals/segment.h"
#include "annals/tag.h"
#include "annals/util.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* The header's size and CRC made right for buf[0..n) (docs/model-format.md). */
static void fix_header(unsigned char *buf, size_t n)
{
    if (n < ANNALS_MODEL_HDR_SIZE) return;
    wr32(buf + 16, (uint32_t)n);
    wr32(buf + 20, (uint32_t)((uint64_t)n >> 32));
    static const unsigned char zero[4];
    uint32_t c = annals_crc32(0, buf, 28);
    c = annals_crc32(c, zero, 4);
    wr32(buf + 28, annals_crc32(c, buf + 32, n - 32));
}

/* Tags (and with a parser, parses) every sentence of a short text. */
static void use(const annals_tagger *t, const annals_parser *p)
{
    static const char TEXT[] = "The minister met his Gondorian counterpart in Minas Tirith on Monday. "
                               "They signed a treaty, and talks resumed!";
    annals_doc *doc = NULL;
    if (annals_doc_new(&doc, "fuzz", "fuzz", TEXT, sizeof TEXT - 1, ctx_) < 0) abort();
    if (!(doc->text = annals_arena_strndup(doc->arena, TEXT, sizeof TEXT - 1))) abort();
    doc->text_len = sizeof TEXT - 1;
    if (annals_segment_run(doc, ctx_) < 0) abort();
    for (size_t s = 0; s < doc->n_sent; s++) {
        const annals_sentence *st = &doc->sent[s];
        if (t && annals_tagger_tag(t, doc, st->tok_begin, st->tok_end) < 0) abort();
        if (p && annals_parser_parse(p, doc, st->tok_begin, st->tok_end) < 0) abort();
        for (size_t i = st->tok_begin; p && i < st->tok_end; i++)
            if (doc->tok[i].head < -2 || doc->tok[i].head >= (int32_t)(st->tok_end - st->tok_begin)) abort();
    }
    annals_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    if (size == 0) return 0;
    unsigned sel = data[0];
    size_t n = size - 1;
    unsigned char *buf = aligned_alloc(64, (n + 63) / 64 * 64 + 64);
    if (!buf) abort();
    memcpy(buf, data + 1, n);
    if (sel & 2) fix_header(buf, n);
    const char *path = sel & 4 ? fuzz_write("model.bin", (const char *)buf, n) : NULL;
    if (sel & 1) {
        annals_parser *p = NULL;
        int rc = path ? annals_parser_open(&p, path, ctx_) : annals_parser_load(&p, buf, n, "fuzz", ctx_);
        if (rc == 0) use(NULL, p);
        annals_parser_free(p);
    } else {
        annals_tagger *t = NULL;
        int rc = path ? annals_tagger_open(&t, path, ctx_) : annals_tagger_load(&t, buf, n, "fuzz", ctx_);
        if (rc == 0) use(t, NULL);
        annals_tagger_free(t);
    }
    free(buf);
    return 0;
}
