/* SPDX-License-Identifier: MIT
** fuzz/fuzz_tabari.c -- libFuzzer target: a TABARI dictionary set read from
** arbitrary bytes (annals_compat_open "tabari:FILE.project"), then a text
** coded with what was loaded.
**
** The input is split at lines "%%" into: verbs, actors, agents, options, text
** (missing parts: empty files; missing text: none). The .project file itself
** is fixed (it names the four files), so that the fuzzer cannot point the
** reader at other files of the machine. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/compat.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;
static char spec_[256];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const NAMES[4] = { "f.verbs", "f.actors", "f.agents", "f.options" };
    if (!ctx_) {
        static const char PROJECT[] = "<verbsfile> f.verbs\n<actorsfile> f.actors\n"
                                      "<agentsfile> f.agents\n<optionsfile> f.options\n";
        if (!(ctx_ = annals_ctx_new())) abort();
        snprintf(spec_, sizeof spec_, "tabari:%s", fuzz_write("f.project", PROJECT, sizeof PROJECT - 1));
    }
    fuzz_part part[5];
    size_t n = fuzz_split(data, size, part, 5);
    for (size_t i = 0; i < 4; i++) {
        const char *p = i < n ? part[i].p : "";
        size_t len = i < n ? part[i].n : 0;
        fuzz_write(NAMES[i], p, len);
    }
    annals_compat *c = NULL;
    if (annals_compat_open(&c, spec_, fuzz_quiet, NULL, ctx_) < 0) return 0;
    annals_compat_stats st;
    annals_compat_stats_get(c, &st);
    if (n == 5) {
        char *text = fuzz_strndup(part[4].p, part[4].n);
        annals_buf out = { 0 };
        int rc = annals_compat_code_text(c, text, "20100101", &out, ctx_);
        if (rc > 0 && (!out.p || !memchr(out.p, '\n', out.len))) abort();   /* n events: n lines */
        annals_buf_free(&out);
        free(text);
    }
    annals_compat_free(c);
    return 0;
}
