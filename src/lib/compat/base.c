/* SPDX-License-Identifier: MIT
** compat/base.c -- small pieces under the PETRARCH/TABARI readers.
**
** A u64 -> u32 map on annals_htab, the
** upper-case word table built on it, the dictionary line reader (strips
** <!-- --> comments across lines, '#' and ';' comments outside [...], and
** trailing blanks; counts lines for warnings) and calendar dates. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat_internal.h"
#include "annals/error.h"

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33; k *= 0xff51afd7ed558ccdull; k ^= k >> 33;
    return k;
}

int annals_compat_map_put(cmap *m, uint64_t key, uint32_t val)
{
    if (!m->t.elem) annals_htab_init(&m->t, sizeof(cmap_slot), 64);
    if (annals_htab_reserve(&m->t, 1) < 0) return ANNALS_ENOMEM;
    uint64_t h = mix(key ? key : 1);     /* a bijection: equal keys, equal hashes */
    cmap_slot *s = annals_htab_find(&m->t, h, NULL, NULL);
    if (!s) {
        if (!(s = annals_htab_add(&m->t, h))) return ANNALS_ENOMEM;
        m->n++;
    }
    s->val = val;
    return 0;
}

uint32_t annals_compat_map_get(const cmap *m, uint64_t key)
{
    const cmap_slot *s = annals_htab_find(&m->t, mix(key ? key : 1), NULL, NULL);
    return s ? s->val : 0;
}

void annals_compat_map_free(cmap *m)
{
    annals_htab_free(&m->t);
    memset(m, 0, sizeof *m);
}

static uint64_t compat_hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z') c -= 32;
        h ^= c;
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

static bool word_eq_upper(const char *a, size_t an, const char *s, size_t n)
{
    if (an != n) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z') c -= 32;
        if ((unsigned char)a[i] != c) return false;
    }
    return true;
}

/* The map holds hash -> id; a collision of two different words on one 64-bit
** hash is handled by probing with a perturbed key. */
uint32_t annals_compat_words_find(const wtab *t, const char *s, size_t n)
{
    uint64_t h = compat_hash_word(s, n);
    for (int k = 0; k < 4; k++) {
        uint32_t id = annals_compat_map_get(&t->map, h + (uint64_t)k * 0x9E3779B97F4A7C15ull);
        if (!id) return 0;
        if (word_eq_upper(t->w[id], t->len[id], s, n)) return id;
    }
    return 0;
}

uint32_t annals_compat_words_add(wtab *t, const char *s, size_t n)
{
    uint64_t h = compat_hash_word(s, n);
    uint64_t key = h;
    for (int k = 0; k < 4; k++) {
        key = h + (uint64_t)k * 0x9E3779B97F4A7C15ull;
        uint32_t id = annals_compat_map_get(&t->map, key);
        if (!id) break;
        if (word_eq_upper(t->w[id], t->len[id], s, n)) return id;
        if (k == 3) return 0;
    }
    if (t->n + 1 >= t->cap) {
        uint32_t nc = t->cap ? t->cap * 2 : 1024;
        const char **nw = realloc(t->w, nc * sizeof *nw);
        if (!nw) return 0;
        t->w = nw;
        uint32_t *nl = realloc(t->len, nc * sizeof *nl);
        if (!nl) return 0;
        t->len = nl;
        if (!t->cap) { t->w[0] = ""; t->len[0] = 0; t->n = 0; }
        t->cap = nc;
    }
    char *c = annals_arena_alloc(t->arena, n + 1);
    if (!c) return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        c[i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
    }
    c[n] = '\0';
    uint32_t id = ++t->n;
    t->w[id] = c;
    t->len[id] = (uint32_t)n;
    if (annals_compat_map_put(&t->map, key, id) < 0) return 0;
    return id;
}

/* ---- line reader ---- */

void annals_compat_line_init(lreader *r, const char *path, const char *data, size_t len, annals_warn_fn warn, void *arg)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->p = data;
    r->end = data + len;
    r->warn = warn;
    r->warn_arg = arg;
}

int annals_compat_line_end(lreader *r, int rc)
{
    free(r->buf);
    r->buf = NULL;
    if (rc < 0) return rc;
    return r->oom ? ANNALS_ENOMEM : (int)r->n_warn;
}

void annals_compat_line_warn(lreader *r, const char *fmt, ...)
{
    r->n_warn++;
    if (!r->warn) return;
    char msg[512];
    int k = snprintf(msg, sizeof msg, "%s:%zu: ", r->path, r->line);
    if (k < 0) k = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
    va_end(ap);
    r->warn(r->warn_arg, msg);
}

const char *annals_compat_line_next(lreader *r, bool *raw_tab)
{
    while (r->p < r->end) {
        const char *b = r->p;
        const char *e = memchr(b, '\n', (size_t)(r->end - b));
        if (!e) e = r->end;
        r->p = e < r->end ? e + 1 : e;
        r->line++;
        size_t n = (size_t)(e - b);
        if (n + 1 > r->cap) {
            size_t nc = n + 64;
            char *nb = realloc(r->buf, nc);
            if (!nb) { r->oom = true; return NULL; }   /* not the end of the file: annals_compat_line_end says so */
            r->buf = nb;
            r->cap = nc;
        }
        if (raw_tab) *raw_tab = n > 0 && (b[0] == '\t' || (b[0] == ' ' && n > 1 && b[1] == ' '));
        /* copy, dropping comments; a control byte (other than tab and CR) outside a
        ** comment is reported and read as '?': the readers use \x01 as an in-band marker
        ** of their own, which dictionary text must never be able to forge (the line is
        ** kept, so that an actor's code lines stay with their actor) */
        size_t o = 0;
        int depth = 0;
        int ctrl = -1;
        for (size_t i = 0; i < n; i++) {
            char c = b[i];
            if (r->in_xml_comment) {
                if (c == '-' && i + 2 < n && b[i + 1] == '-' && b[i + 2] == '>') {
                    r->in_xml_comment = false;
                    i += 2;
                }
                continue;
            }
            if (c == '<' && i + 3 < n && b[i + 1] == '!' && b[i + 2] == '-' && b[i + 3] == '-') {
                r->in_xml_comment = true;
                i += 3;
                continue;
            }
            if (c == '<' && i + 2 < n && b[i + 1] == '!' && b[i + 2] == ' ') {   /* "<! -- x -->" typo */
                const char *q = memchr(b + i, '>', n - i);
                if (q && q[-1] == '-') { i = (size_t)(q - b); continue; }
                r->in_xml_comment = true;
                continue;
            }
            if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            if ((c == '#' || c == ';') && depth == 0) break;
            if (c == '\r' || c == '\t') c = ' ';
            else if ((unsigned char)c < 0x20 || c == 0x7f) {
                if (ctrl < 0) ctrl = (unsigned char)c;
                c = '?';
            }
            r->buf[o++] = c;
        }
        if (ctrl >= 0) annals_compat_line_warn(r, "control byte 0x%02x read as '?'", (unsigned)ctrl);
        while (o > 0 && (r->buf[o - 1] == ' ')) o--;
        r->buf[o] = '\0';
        size_t s = 0;
        while (r->buf[s] == ' ') s++;
        return r->buf + s;   /* may be "" (blank line: callers need them in verb blocks) */
    }
    return NULL;
}

/* ---- dates ---- */

int32_t annals_compat_parse_date(const char *s, size_t n, bool *ok)
{
    *ok = false;
    if (n != 6 && n != 8) return 0;
    for (size_t i = 0; i < n; i++) if (s[i] < '0' || s[i] > '9') return 0;
    int y, m, d;
    if (n == 8) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        s += 4;
    } else {
        y = (s[0] - '0') * 10 + (s[1] - '0');
        y += y < 30 ? 2000 : 1900;
        s += 2;
    }
    m = (s[0] - '0') * 10 + (s[1] - '0');
    d = (s[2] - '0') * 10 + (s[3] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
    *ok = true;
    return (int32_t)annals_date_to_days(y, m, d);
}
