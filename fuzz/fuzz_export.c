/* SPDX-License-Identifier: MIT
** fuzz/fuzz_export.c -- libFuzzer target: arbitrary bytes as the lines of a JSONL export
** read back by `annals import` (annals_export_parse_line), and every line that parses
** written again in all six export formats (annals_export_write).
**
** Checks, besides crashes and leaks: a GDELT Events row always has 61 fields, a Mentions
** row 16, a POLECAT row 40 (whatever tabs or newlines the strings held), and the JSONL
** and PLOVER JSON lines are JSON. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "annals/export.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;
static annals_export_tables *tables_;

static size_t count_char(const char *p, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += p[i] == c;
    return k;
}

static void write_all(const annals_export_story *s)
{
    for (int fmt = ANNALS_EXPORT_GDELT_EVENTS; fmt <= ANNALS_EXPORT_CSV; fmt++) {
        char *mem = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&mem, &len);
        if (!f) abort();
        annals_buf scratch = { 0 };
        int rows = annals_export_write(f, (annals_export_format)fmt, tables_, s, &scratch);
        annals_buf_free(&scratch);
        fclose(f);
        if (rows < 0) abort();
        size_t lines = count_char(mem, len, '\n'), tabs = count_char(mem, len, '\t');
        if (fmt != ANNALS_EXPORT_CSV && lines != (size_t)rows) abort();   /* CSV quotes newlines */
        if (fmt == ANNALS_EXPORT_GDELT_EVENTS && tabs != 60 * lines) abort();
        if (fmt == ANNALS_EXPORT_GDELT_MENTIONS && tabs != 15 * lines) abort();
        if (fmt == ANNALS_EXPORT_POLECAT && tabs != 39 * lines) abort();
        if ((fmt == ANNALS_EXPORT_JSONL || fmt == ANNALS_EXPORT_PLOVER_JSON) && len) {
            for (char *p = mem, *nl; (nl = memchr(p, '\n', len - (size_t)(p - mem))); p = nl + 1) {
                json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);
                if (!o) abort();
                json_decref(o);
            }
        }
        free(mem);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx_ && !(ctx_ = annals_ctx_new())) abort();
    if (!tables_ && annals_export_tables_load(&tables_, annals_default_data_dir(), ctx_) < 0) abort();
    annals_arena *a = annals_arena_new(0);
    if (!a) abort();
    const char *p = (const char *)data, *end = p + size;
    size_t lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        annals_export_story s;
        annals_export_mention m;
        annals_export_doc d;
        annals_arena_reset(a);
        if (annals_export_parse_line(p, n, a, &s, &m, &d, "in.jsonl", lineno, ctx_) == 0) {
            m.doc = &d;
            s.mention = &m;
            s.n_mention = 1;
            s.doc = &d;
            s.n_doc = 1;
            s.day = s.date;
            write_all(&s);
        } else if (!annals_errmsg(ctx_)[0]) {
            abort();                       /* a rejected line always says why */
        }
        p += n + (nl != NULL);
    }
    annals_arena_free(a);
    return 0;
}
