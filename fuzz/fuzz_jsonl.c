/* SPDX-License-Identifier: MIT
** fuzz/fuzz_jsonl.c -- libFuzzer target: arbitrary bytes as an input file of
** annals ingest (annals_source_open / annals_source_next), read to the end,
** rejects included, and every document yielded cleaned (annals_clean_run).
**
** The first input byte picks the file name: even "in.jsonl" (JSONL, one
** document per line), odd "in" (no extension: format sniffed from the
** content). Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/clean.h"
#include "annals/ingest.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    if (size == 0) return 0;
    const char *path = fuzz_write(data[0] & 1 ? "in" : "in.jsonl", (const char *)data + 1, size - 1);
    annals_source *src = NULL;
    if (annals_source_open(&src, &path, 1, ANNALS_FMT_AUTO, ctx_) < 0) return 0;
    size_t docs = 0, rejects = 0;
    for (;;) {
        annals_doc *doc = NULL;
        int rc = annals_source_next(src, &doc, ctx_);
        if (rc == 0) break;
        if (rc < 0) {
            if (++rejects > size + 1) abort();   /* each reject consumes input: no endless loop */
            continue;
        }
        if (++docs > size + 1 || !doc || doc->raw_len > ANNALS_MAX_DOC_BYTES) abort();
        if (annals_clean_run(doc, ctx_) == 0 && doc->text[doc->text_len]) abort();
        annals_doc_free(doc);
    }
    if (annals_source_n_rejects(src) != rejects) abort();
    for (size_t i = 0; i < rejects; i++) {
        annals_reject r = annals_source_reject(src, i);
        if (!r.path || !r.reason) abort();
    }
    annals_source_free(src);
    return 0;
}
