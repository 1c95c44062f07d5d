/* SPDX-License-Identifier: MIT
** fuzz/fuzz_lexicon.c -- libFuzzer target: the coder's own data files read
** from arbitrary bytes (annals_coder_open: the verb lexicon verbs.txt and the
** CAMEO table cameo-codes.tsv), then a text coded with what was loaded.
**
** The input is split at lines "%%" into: verbs.txt, cameo-codes.tsv, text,
** confidence.tsv (missing parts: empty files; missing text: a fixed one; missing
** confidence weights: a valid file with a bias only, so that the coder opens). The text goes
** through the project's pipeline (opened once, without the parse) for its
** tokens and actor mentions, then its events are coded again with the fuzzed
** coder (annals_code_run) and checked against annals/doc.h. Every CAMEO code
** of the input is also looked up. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/code.h"
#include "annals/pipeline.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;
static annals_pipeline *pipe_;

static void setup(void)
{
    if (pipe_) return;
    if (!(ctx_ = annals_ctx_new())) abort();
    annals_pipeline_options po = { .no_parse = true, .warn = fuzz_quiet };
    if (annals_pipeline_open(&pipe_, &po, ctx_) < 0) {
        fprintf(stderr, "fuzz_lexicon: cannot open the pipeline: %s (set ANNALS_DATA?)\n", annals_errmsg(ctx_));
        exit(1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char TEXT[] = "Gondor's president met Rohan's king in Edoras on Monday and signed an "
                               "agreement. Mordor attacked Gondor.";
    setup();
    static const char CONFIDENCE[] = "# annals-dict 1 confidence\nbias\t0\n";
    fuzz_part part[4];
    size_t n = fuzz_split(data, size, part, 4);
    fuzz_write("verbs.txt", part[0].p, part[0].n);
    fuzz_write("cameo-codes.tsv", n > 1 ? part[1].p : "", n > 1 ? part[1].n : 0);
    fuzz_write("confidence.tsv", n > 3 ? part[3].p : CONFIDENCE, n > 3 ? part[3].n : sizeof CONFIDENCE - 1);
    annals_coder *c = NULL;
    if (annals_coder_open(&c, fuzz_tmpdir(), fuzz_quiet, NULL, ctx_) < 0) return 0;
    const char *text = n > 2 ? part[2].p : TEXT;
    size_t len = n > 2 ? part[2].n : sizeof TEXT - 1;
    annals_doc *doc = NULL;
    if (annals_doc_new(&doc, "fuzz", "fuzz", text, len, ctx_) < 0) abort();
    doc->format = ANNALS_FMT_TEXT;
    if (annals_pipeline_run(pipe_, doc, ctx_) == 0) {
        doc->event = NULL;
        doc->n_event = 0;
        if (annals_code_run(c, doc, ctx_) == 0) {
            for (size_t i = 0; i < doc->n_event; i++) {
                const annals_event *e = &doc->event[i];
                if (e->sent >= doc->n_sent || !memchr(e->code, '\0', sizeof e->code)) abort();
                if ((uint64_t)e->verb_off + e->verb_len > doc->text_len) abort();
                if ((uint64_t)e->src_off + e->src_len > doc->text_len) abort();
                if ((uint64_t)e->tgt_off + e->tgt_len > doc->text_len) abort();
            }
        }
    }
    annals_doc_free(doc);
    if (n > 1) {   /* every code-like word of the CAMEO part, looked up */
        char *tsv = fuzz_strndup(part[1].p, part[1].n), *save = NULL;
        for (char *w = strtok_r(tsv, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
            double g;
            int q;
            annals_cameo_lookup(c, w, &g, &q, NULL);
        }
        free(tsv);
    }
    annals_coder_free(c);
    return 0;
}
