/* SPDX-License-Identifier: MIT
** query/params.c -- the filters of a query: checked one key=value at a time,
** or read from a URL query string (percent-decoding, '+' for a space).
**
** Every value is checked against what the column can hold (actor codes: letters
** and digits; dates: YYYY[-MM[-DD]] that exist; roots 01..20; quad 1..4), so a
** bad value is a 400 with the parameter's name, not an empty answer. Values are
** only ever bound as SQL parameters (query.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/query.h"

static int fail(char *err, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && n) vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

void annals_query_init(annals_query *q)
{
    memset(q, 0, sizeof *q);
    q->directed = true;
    q->min_confidence = -1;
    q->limit = ANNALS_Q_DEFAULT_LIMIT;
    q->sort = ANNALS_QSORT_DATE;
    q->interval = ANNALS_QI_MONTH;
}

/* An actor code: 1..15 letters or digits, folded to upper case. */
static int actor_code(const char *key, const char *v, char out[16], char *err, size_t n)
{
    size_t len = strlen(v);
    if (len == 0 || len > 15) return fail(err, n, "%s: an actor code of 1 to 15 letters or digits", key);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c >= 'a' && c <= 'z') c = (unsigned char)(c - 32);
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return fail(err, n, "%s: an actor code of 1 to 15 letters or digits, not '%s'", key, v);
        out[i] = (char)c;
    }
    out[len] = '\0';
    return 0;
}

/* YYYY, YYYY-MM or YYYY-MM-DD of a date that exists. */
static int date_value(const char *key, const char *v, char out[11], char *err, size_t n)
{
    size_t len = strlen(v);
    int y = 0, m = 1, d = 1;
    bool ok = len == 4 || len == 7 || len == 10;
    for (size_t i = 0; ok && i < len; i++) {
        bool dash = i == 4 || i == 7;
        ok = dash ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9');
    }
    if (ok) {
        y = atoi(v);
        if (len >= 7) m = atoi(v + 5);
        if (len == 10) d = atoi(v + 8);
        ok = annals_date_valid(y, m, d);
    }
    if (!ok) return fail(err, n, "%s: a date YYYY, YYYY-MM or YYYY-MM-DD, not '%s'", key, v);
    memcpy(out, v, len + 1);
    return 0;
}

static int whole(const char *key, const char *v, long lo, long hi, long *out, char *err, size_t n)
{
    char *end = NULL;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno == ERANGE || x < lo || x > hi)
        return fail(err, n, "%s: a whole number from %ld to %ld, not '%s'", key, lo, hi, v);
    *out = x;
    return 0;
}

/* Calls item(each comma-separated part) up to ANNALS_Q_MAX_LIST parts. */
static int list(const char *key, const char *v, int (*item)(annals_query *, const char *, const char *, char *, size_t),
                annals_query *q, char *err, size_t n)
{
    char part[ANNALS_Q_MAX_VALUE];
    int count = 0;
    for (const char *p = v;; count++) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (count == ANNALS_Q_MAX_LIST) return fail(err, n, "%s: at most %d values", key, ANNALS_Q_MAX_LIST);
        memcpy(part, p, len);
        part[len] = '\0';
        if (item(q, key, part, err, n) < 0) return -1;
        if (!c) break;
        p = c + 1;
    }
    return 0;
}

static int code_item(annals_query *q, const char *key, const char *v, char *err, size_t n)
{
    size_t len = strlen(v);
    bool ok = len >= 2 && len <= 4;
    for (size_t i = 0; ok && i < len; i++) ok = v[i] >= '0' && v[i] <= '9';
    if (!ok) return fail(err, n, "%s: CAMEO event codes of 2 to 4 digits, not '%s'", key, v);
    memcpy(q->code[q->n_code++], v, len + 1);
    return 0;
}

static int root_item(annals_query *q, const char *key, const char *v, char *err, size_t n)
{
    bool ok = strlen(v) == 2 && v[0] >= '0' && v[0] <= '2' && v[1] >= '0' && v[1] <= '9';
    int r = ok ? (v[0] - '0') * 10 + (v[1] - '0') : 0;
    if (r < 1 || r > 20) return fail(err, n, "%s: CAMEO roots 01 to 20, not '%s'", key, v);
    memcpy(q->root[q->n_root++], v, 3);
    return 0;
}

static int quad_item(annals_query *q, const char *key, const char *v, char *err, size_t n)
{
    if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') return fail(err, n, "%s: quad classes 1 to 4, not '%s'", key, v);
    q->quad_mask |= 1u << (v[0] - '0');
    return 0;
}

static int text_value(const char *key, const char *v, char *out, char *err, size_t n)
{
    size_t len = strlen(v);
    if (len == 0) return fail(err, n, "%s: empty value", key);
    memcpy(out, v, len + 1);      /* the caller checked len < ANNALS_Q_MAX_VALUE */
    return 0;
}

/* The cursor: "ID:KEY", ID the last row's event id, KEY its sort key. */
static int cursor_value(annals_query *q, const char *v, char *err, size_t n)
{
    const char *colon = strchr(v, ':');
    char idtxt[24];
    size_t il = colon ? (size_t)(colon - v) : 0;
    long long id = 0;
    bool ok = colon && il > 0 && il < sizeof idtxt && strlen(colon + 1) < sizeof q->cursor_key;
    if (ok) {
        memcpy(idtxt, v, il);
        idtxt[il] = '\0';
        char *end = NULL;
        errno = 0;
        id = strtoll(idtxt, &end, 10);
        ok = !*end && errno != ERANGE && id >= 0;
    }
    /* the key is a date (or empty, for events without one) or a number */
    for (const char *p = colon ? colon + 1 : ""; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '+' || *p == 'e';
    if (!ok) return fail(err, n, "cursor: not a cursor this server gave ('%s')", v);
    q->has_cursor = true;
    q->cursor_id = id;
    strcpy(q->cursor_key, colon + 1);
    return 0;
}

void annals_query_cursor(char *out, size_t n, int64_t id, const char *key)
{
    snprintf(out, n, "%lld:%s", (long long)id, key ? key : "");
}

/* v is one of the '|'-separated names: *out = its index (the enum's order). */
static int choice(const char *key, const char *v, const char *names, int *out, char *err, size_t n)
{
    size_t len = strlen(v);
    int i = 0;
    for (const char *p = names;; i++) {
        const char *bar = strchr(p, '|');
        size_t nl = bar ? (size_t)(bar - p) : strlen(p);
        if (len && nl == len && !memcmp(p, v, len)) { *out = i; return 0; }
        if (!bar) break;
        p = bar + 1;
    }
    return fail(err, n, "%s: one of %s, not '%s'", key, names, v);
}

static int set_value(annals_query *q, const char *key, const char *v, char *err, size_t n)
{
    long x = 0;
    if (!strcmp(key, "actor")) return actor_code(key, v, q->actor, err, n);
    if (!strcmp(key, "src")) return actor_code(key, v, q->src, err, n);
    if (!strcmp(key, "tgt")) return actor_code(key, v, q->tgt, err, n);
    if (!strcmp(key, "dyad")) {
        const char *c = strchr(v, ',');
        char a[ANNALS_Q_MAX_VALUE];
        if (!c || strchr(c + 1, ',')) return fail(err, n, "dyad: two actor codes A,B, not '%s'", v);
        memcpy(a, v, (size_t)(c - v));
        a[c - v] = '\0';
        if (actor_code(key, a, q->dyad_a, err, n) < 0) return -1;
        return actor_code(key, c + 1, q->dyad_b, err, n);
    }
    if (!strcmp(key, "directed")) {
        if (strcmp(v, "0") && strcmp(v, "1")) return fail(err, n, "directed: 0 or 1, not '%s'", v);
        q->directed = v[0] == '1';
        return 0;
    }
    if (!strcmp(key, "code")) return list(key, v, code_item, q, err, n);
    if (!strcmp(key, "root")) return list(key, v, root_item, q, err, n);
    if (!strcmp(key, "quad")) return list(key, v, quad_item, q, err, n);
    if (!strcmp(key, "from")) return date_value(key, v, q->from, err, n);
    if (!strcmp(key, "to")) return date_value(key, v, q->to, err, n);
    if (!strcmp(key, "country")) {
        bool ok = strlen(v) == 3;
        for (int i = 0; ok && i < 3; i++) ok = (v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z');
        if (!ok) return fail(err, n, "country: an ISO 3166-1 alpha-3 code such as KAZ, not '%s'", v);
        for (int i = 0; i < 3; i++) q->country[i] = (char)(v[i] & ~0x20);
        return 0;
    }
    if (!strcmp(key, "place")) return text_value(key, v, q->place, err, n);
    if (!strcmp(key, "q")) return text_value(key, v, q->q, err, n);
    if (!strcmp(key, "outlet")) return text_value(key, v, q->outlet, err, n);
    if (!strcmp(key, "min_confidence")) {
        char *end = NULL;
        double d = strtod(v, &end);
        if (!*v || *end || !(d >= 0 && d <= 1)) return fail(err, n, "min_confidence: a number from 0 to 1, not '%s'", v);
        q->min_confidence = d;
        return 0;
    }
    if (!strcmp(key, "min_sources")) {
        if (whole(key, v, 1, 1000000, &x, err, n) < 0) return -1;
        q->min_sources = x;
        return 0;
    }
    if (!strcmp(key, "limit")) {
        if (whole(key, v, 1, ANNALS_Q_MAX_LIMIT, &x, err, n) < 0) return -1;
        q->limit = (int)x;
        return 0;
    }
    if (!strcmp(key, "cursor")) return cursor_value(q, v, err, n);
    if (!strcmp(key, "sort")) return choice(key, v, "date|-date|goldstein|-goldstein", (int *)&q->sort, err, n);
    if (!strcmp(key, "interval")) return choice(key, v, "day|week|month", (int *)&q->interval, err, n);
    if (!strcmp(key, "by")) return choice(key, v, "quad|root", (int *)&q->by, err, n);
    if (!strcmp(key, "format")) return choice(key, v, "json|csv|geojson", (int *)&q->format, err, n);
    return fail(err, n, "unknown parameter '%s'", key);
}

int annals_query_set(annals_query *q, const char *key, const char *val, char *err, size_t errlen)
{
    size_t kl = strlen(key), vl = strlen(val);
    if (kl == 0 || kl >= sizeof q->param[0].key) return fail(err, errlen, "unknown parameter '%.40s'", key);
    if (vl >= ANNALS_Q_MAX_VALUE)
        return fail(err, errlen, "%s: value longer than %d bytes", key, ANNALS_Q_MAX_VALUE - 1);
    for (int i = 0; i < q->n_params; i++)
        if (!strcmp(q->param[i].key, key)) return fail(err, errlen, "%s: given twice", key);
    if (q->n_params == ANNALS_Q_MAX_PARAMS) return fail(err, errlen, "more than %d parameters", ANNALS_Q_MAX_PARAMS);
    if (set_value(q, key, val, err, errlen) < 0) return -1;
    memcpy(q->param[q->n_params].key, key, kl + 1);
    memcpy(q->param[q->n_params].val, val, vl + 1);
    q->n_params++;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes [p, end) into out (cap bytes, NUL-terminated). -1: bad escape, NUL
** byte or too long. */
static int decode(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    while (p < end) {
        int c = (unsigned char)*p++;
        if (c == '+') c = ' ';
        else if (c == '%') {
            int h = end - p >= 2 ? hexval(p[0]) : -1, l = end - p >= 2 ? hexval(p[1]) : -1;
            if (h < 0 || l < 0) return -1;
            c = h * 16 + l;
            p += 2;
        }
        if (c == 0 || n + 1 >= cap) return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return 0;
}

int annals_query_parse_qs(annals_query *q, const char *qs, size_t len, char *err, size_t errlen)
{
    char key[32], val[ANNALS_Q_MAX_VALUE];
    const char *p = qs, *end = qs + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        if (stop > p) {
            const char *eq = memchr(p, '=', (size_t)(stop - p));
            const char *kend = eq ? eq : stop;
            if (decode(p, kend, key, sizeof key) < 0) return fail(err, errlen, "a parameter name that is not one");
            if (!eq) return fail(err, errlen, "%s: no value (key=value)", key);
            if (decode(eq + 1, stop, val, sizeof val) < 0)
                return fail(err, errlen, "%s: bad percent-encoding, a NUL byte, or longer than %d bytes", key,
                            ANNALS_Q_MAX_VALUE - 1);
            if (annals_query_set(q, key, val, err, errlen) < 0) return -1;
        }
        p = amp ? amp + 1 : end;
    }
    return 0;
}

bool annals_qkind_parse(const char *name, annals_qkind *out)
{
    static const char *const names[] = { "events", "timeline", "network", "geo", "actors", "stories" };
    for (int i = 0; i < 6; i++)
        if (!strcmp(name, names[i])) { *out = (annals_qkind)i; return true; }
    return false;
}
