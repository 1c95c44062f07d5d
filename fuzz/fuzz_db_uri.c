/* SPDX-License-Identifier: MIT
** fuzz/fuzz_db_uri.c -- libFuzzer target: arbitrary bytes as the --db argument of a
** PostgreSQL store, as the store names it in messages (annals_db_redact_uri, which must
** drop the password), and as SQL for libpq (annals_pg_rewrite_params).
**
** Checks, besides crashes and leaks: the redacted name is no longer than the URI, is its
** own redaction, has no "password=" parameter and no user:password before an '@' of the
** authority; the rewritten SQL has no '?' outside quotes and a placeholder count of at
** most its length. No connection is made. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "fuzz_util.h"

/* The authority of a URI: after "scheme://", up to '/', '?' or the end. */
static size_t authority(const char *u, const char **start)
{
    const char *a = strstr(u, "://");
    *start = u;
    if (!a || strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") != (size_t)(a - u))
        return 0;
    *start = a + 3;
    return strcspn(a + 3, "/?");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = fuzz_strndup((const char *)data, size);
    char *r = annals_db_redact_uri(in);
    if (!r) abort();
    if (strlen(r) > strlen(in)) abort();
    char *again = annals_db_redact_uri(r);
    if (!again || strcmp(again, r)) abort();
    const char *q = strchr(r, '?');
    for (const char *p = q; p && (p = strstr(p, "password=")); p++)
        if (p[-1] == '?' || p[-1] == '&') abort();   /* a parameter of the query */
    const char *a;
    size_t n = authority(r, &a);
    const char *at = NULL;
    for (size_t i = 0; i < n; i++) if (a[i] == '@') at = a + i;
    if (at && memchr(a, ':', (size_t)(at - a))) abort();
    free(again);
    free(r);

    int n_params = -1;
    char *sql = annals_pg_rewrite_params(in, &n_params);
    if (!sql) abort();
    if (n_params < 0 || (size_t)n_params > strlen(in) * 1000000) abort();
    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            const char *e = strchr(p + 1, *p);
            if (!e) break;
            p = e;
        } else if (*p == '?') abort();
    }
    free(sql);
    free(in);
    return 0;
}
