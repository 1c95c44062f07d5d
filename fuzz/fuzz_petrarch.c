/* SPDX-License-Identifier: MIT
** fuzz/fuzz_petrarch.c -- libFuzzer target: a PETRARCH dictionary set read
** from arbitrary bytes (annals_compat_open_files), then a sentence coded with
** what was loaded.
**
** The input is split at lines "%%" into: verbs, actors, agents, discards,
** issues, sentence (missing parts: no such file; missing sentence: none). A
** sentence that starts with '(' is coded as a Penn tree (code_parse), any other
** as plain text (code_text). Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/compat.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const NAMES[5] = { "test.verbs.txt", "test.actors.txt", "test.agents.txt",
                                          "test.discards.txt", "test.issues.txt" };
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    fuzz_part part[6];
    size_t n = fuzz_split(data, size, part, 6);
    size_t n_dict = n < 5 ? n : 5;
    const char *path[5] = { NULL };
    for (size_t i = 0; i < n_dict; i++) path[i] = fuzz_write(NAMES[i], part[i].p, part[i].n);
    const char *actors[2] = { path[1], NULL };
    annals_compat *c = NULL;
    if (annals_compat_open_files(&c, path[0], actors, path[2], path[3], path[4], fuzz_quiet, NULL, ctx_) < 0)
        return 0;
    annals_compat_stats st;
    annals_compat_stats_get(c, &st);
    if (n == 6) {
        char *sent = fuzz_strndup(part[5].p, part[5].n);
        annals_buf out = { 0 };
        int rc = sent[0] == '(' ? annals_compat_code_parse(c, sent, "20100101", &out, ctx_)
                                : annals_compat_code_text(c, sent, "20100101", &out, ctx_);
        if (rc > 0 && (!out.p || !memchr(out.p, '\n', out.len))) abort();   /* n events: n lines */
        annals_buf_free(&out);
        free(sent);
    }
    annals_compat_free(c);
    return 0;
}
