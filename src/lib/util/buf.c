/* SPDX-License-Identifier: MIT
** util/buf.c -- owned growing byte strings, always NUL-terminated, for output,
** and annals_grow, the one growing heap array. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/util.h"
#include "annals/error.h"

int annals_buf_reserve(annals_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) return ANNALS_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p) return ANNALS_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

int annals_buf_append(annals_buf *b, const void *data, size_t n)
{
    if (annals_buf_reserve(b, n) < 0) return ANNALS_ENOMEM;
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int annals_buf_puts(annals_buf *b, const char *s) { return annals_buf_append(b, s, strlen(s)); }
int annals_buf_putc(annals_buf *b, char c) { return annals_buf_append(b, &c, 1); }

int annals_buf_printf(annals_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return ANNALS_ERROR;
    if (annals_buf_reserve(b, (size_t)n) < 0) return ANNALS_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int annals_buf_json_escape(annals_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (annals_buf_reserve(b, n + 16) < 0) return ANNALS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
                u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
                esc = u;
            }
        }
        int rc = esc ? annals_buf_puts(b, esc) : annals_buf_putc(b, (char)c);
        if (rc < 0) return rc;
    }
    return 0;
}

void annals_buf_clear(annals_buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void annals_buf_free(annals_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void *annals_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap) return p;
    size_t nc = *cap ? *cap : first ? first : 1;
    while (nc < need) {
        if (nc > SIZE_MAX / 2) return NULL;
        nc *= 2;
    }
    if (elem && nc > SIZE_MAX / elem) return NULL;
    void *np = realloc(p, nc * elem);
    if (np) *cap = nc;
    return np;
}
