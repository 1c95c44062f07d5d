/* SPDX-License-Identifier: MIT
** fuzz/fuzz_query.c -- libFuzzer target: arbitrary bytes as the query string of
** an `annals serve` request (annals_query_parse_qs, the parser the server
** runs on every GET /api/v1/... URL), then checks what it accepted: every
** value is within the bounds the SQL builder relies on (limit 1..1000, lists
** no longer than ANNALS_Q_MAX_LIST, codes of letters and digits only, dates
** of 4, 7 or 10 characters, the echo NUL-terminated) and the error message
** is set when it refused. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/query.h"

static void code_ok(const char *c, size_t cap)
{
    size_t n = strnlen(c, cap);
    if (n == cap) abort();
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9'))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static annals_query q;
    char err[512] = "";
    annals_query_init(&q);
    int rc = annals_query_parse_qs(&q, (const char *)data, size, err, sizeof err);
    if (rc != 0 && rc != -1) abort();
    if (rc < 0 && !err[0]) abort();                           /* a refusal always says why */
    if (q.limit < 1 || q.limit > ANNALS_Q_MAX_LIMIT) abort();
    if (q.n_code < 0 || q.n_code > ANNALS_Q_MAX_LIST || q.n_root < 0 || q.n_root > ANNALS_Q_MAX_LIST) abort();
    if (q.n_params < 0 || q.n_params > ANNALS_Q_MAX_PARAMS) abort();
    if (q.quad_mask & ~0x1Eu) abort();
    code_ok(q.actor, sizeof q.actor);
    code_ok(q.src, sizeof q.src);
    code_ok(q.tgt, sizeof q.tgt);
    code_ok(q.dyad_a, sizeof q.dyad_a);
    code_ok(q.dyad_b, sizeof q.dyad_b);
    code_ok(q.country, sizeof q.country);
    for (int i = 0; i < q.n_code; i++) code_ok(q.code[i], sizeof q.code[i]);
    for (int i = 0; i < q.n_root; i++) code_ok(q.root[i], sizeof q.root[i]);
    size_t fl = strnlen(q.from, sizeof q.from), tl = strnlen(q.to, sizeof q.to);
    if ((fl && fl != 4 && fl != 7 && fl != 10) || (tl && tl != 4 && tl != 7 && tl != 10)) abort();
    if (q.min_confidence > 1) abort();
    for (int i = 0; i < q.n_params; i++)
        if (strnlen(q.param[i].key, sizeof q.param[i].key) == sizeof q.param[i].key ||
            strnlen(q.param[i].val, sizeof q.param[i].val) == sizeof q.param[i].val)
            abort();
    if (q.has_cursor) {
        char cur[64];
        annals_query_cursor(cur, sizeof cur, q.cursor_id, q.cursor_key);
        annals_query tmp;
        annals_query_init(&tmp);
        if (annals_query_set(&tmp, "cursor", cur, err, sizeof err) < 0) abort();   /* a cursor reads back */
        if (tmp.cursor_id != q.cursor_id || strcmp(tmp.cursor_key, q.cursor_key)) abort();
    }
    return 0;
}
