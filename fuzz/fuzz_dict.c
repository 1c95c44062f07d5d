/* SPDX-License-Identifier: MIT
** fuzz/fuzz_dict.c -- libFuzzer target: arbitrary bytes as a phrase dictionary
** (annals_dict_load_mem), then the same bytes as a text document, cleaned and
** segmented, looked up token by token in the dictionary just loaded.
**
** The first input byte picks a header to put in front (0: none, the input
** carries its own; 1 actors, 2 agents, 3 people, 4 places) so that mutations
** reach the line parser. Build and run commands: fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/clean.h"
#include "annals/dict.h"
#include "annals/segment.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const headers[] = {
        "", "# annals-dict 1 actors\n", "# annals-dict 1 agents\n",
        "# annals-dict 1 people\n", "# annals-dict 1 places\n",
    };
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    if (size == 0) return 0;
    const char *hdr = headers[data[0] % 5];
    size_t hlen = strlen(hdr), blen = size - 1;
    char *buf = malloc(hlen + blen + 1);
    if (!buf) return 0;
    memcpy(buf, hdr, hlen);
    memcpy(buf + hlen, data + 1, blen);
    buf[hlen + blen] = '\0';

    annals_dict *d = annals_dict_new();
    if (!d) abort();
    int n = annals_dict_load_mem(d, "fuzz", buf, hlen + blen, fuzz_quiet, NULL, ctx_);
    if (n > 0) {
        if (annals_dict_size(d) < (size_t)n) abort();
        for (uint32_t i = 1; i <= (uint32_t)annals_dict_size(d); i++) {
            const annals_dict_entry *e = annals_dict_entry_at(d, i);
            if (!e || !memchr(e->code, '\0', sizeof e->code)) abort();
        }
        /* the same bytes as a document: phrases in it are likely to match */
        annals_doc *doc = NULL;
        if (annals_doc_new(&doc, "fuzz", "fuzz", (const char *)data + 1, blen, ctx_) == 0) {
            doc->format = ANNALS_FMT_TEXT;
            if (annals_clean_run(doc, ctx_) == 0 && annals_segment_run(doc, ctx_) == 0 && doc->n_tok) {
                uint64_t *keys = annals_dict_token_keys(doc);
                if (keys) {
                    for (size_t i = 0; i < doc->n_tok; i++) {
                        uint32_t entry = 0;
                        size_t len = annals_dict_longest(d, doc, keys, i, doc->n_tok, &entry);
                        if (len > doc->n_tok - i) abort();
                        if (len && !annals_dict_entry_at(d, entry)) abort();
                    }
                }
            }
            annals_doc_free(doc);
        }
    }
    annals_dict_free(d);
    free(buf);
    return 0;
}
