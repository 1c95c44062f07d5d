/* SPDX-License-Identifier: MIT
** fuzz/fuzz_html.c -- libFuzzer target: arbitrary bytes as one document
** through the clean stage alone (annals_clean_run: HTML to text, boilerplate,
** UTF-8 repair, NFC), checking that the text is NUL-terminated valid UTF-8.
**
** The first input byte picks the format: even HTML, odd sniffed (text or HTML
** by content). Faster than fuzz_pipeline for the HTML reader, which it also
** reaches. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include "annals/clean.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    if (size == 0) return 0;
    annals_doc *doc = NULL;
    if (annals_doc_new(&doc, "fuzz", "fuzz.html", (const char *)data + 1, size - 1, ctx_) < 0) return 0;
    doc->format = data[0] & 1 ? ANNALS_FMT_AUTO : ANNALS_FMT_HTML;
    if (annals_clean_run(doc, ctx_) == 0) {
        if (!doc->text || doc->text[doc->text_len]) abort();
        if (!fuzz_utf8_valid((const unsigned char *)doc->text, doc->text_len)) abort();
    }
    annals_doc_free(doc);
    return 0;
}
