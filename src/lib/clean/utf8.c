/* SPDX-License-Identifier: MIT
** clean/utf8.c -- UTF-8 repair, NFC normalization, binary sniffing.
**
** annals_utf8_sanitize() makes any bytes valid UTF-8: each maximal ill-formed
** subsequence (stray continuation bytes, truncated sequences, overlong forms,
** surrogates, code points past U+10FFFF) becomes one U+FFFD and is counted once;
** NUL bytes are dropped, CRLF and lone CR become LF, other C0 controls and DEL
** (except \n and \t) become a space. Two passes (measure, then write), so the
** output is allocated once and the work is linear in the input.
** annals_utf8_nfc() composes to NFC with utf8proc; runs of more than 30
** combining marks get a CGJ (U+034F) as in UAX #15's stream-safe format, which
** keeps utf8proc's canonical reordering linear on hostile input. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "annals/clean.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when ill-formed; on 0,
** *bad is the length of the maximal ill-formed subpart to replace (>= 1). */
static size_t seq_len(const unsigned char *p, size_t avail, size_t *bad)
{
    unsigned c = p[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;        /* overlong */
        else if (c == 0xED) hi = 0x9F;   /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;        /* overlong */
        else if (c == 0xF4) hi = 0x8F;   /* > U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    size_t i = 1;
    for (; i < need; i++) {
        if (i >= avail) break;
        unsigned b = p[i];
        unsigned l = (i == 1) ? lo : 0x80, h = (i == 1) ? hi : 0xBF;
        if (b < l || b > h) break;
    }
    if (i == need) return need;
    *bad = i;
    return 0;
}

/* One pass; out NULL: only measure. Returns output length. */
static size_t sanitize_pass(const unsigned char *in, size_t len, char *out, size_t *invalid)
{
    size_t o = 0, bad_count = 0;
    size_t i = 0;
    while (i < len) {
        unsigned c = in[i];
        if (c < 0x80) {
            char w;
            if (c == 0) { i++; continue; }
            if (c == '\r') {
                w = '\n';
                if (i + 1 < len && in[i + 1] == '\n') i++;
            } else if (c == '\n' || c == '\t') {
                w = (char)c;
            } else if (c < 0x20 || c == 0x7F) {
                w = ' ';
            } else {
                w = (char)c;
            }
            if (out) out[o] = w;
            o++;
            i++;
            continue;
        }
        size_t bad = 0, n = seq_len(in + i, len - i, &bad);
        if (n) {
            if (out) memcpy(out + o, in + i, n);
            o += n;
            i += n;
        } else {
            if (out) memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
            bad_count++;
        }
    }
    if (invalid) *invalid = bad_count;
    return o;
}

int annals_utf8_sanitize(annals_arena *a, const char *in, size_t len,
                         char **out, size_t *out_len, size_t *invalid_out)
{
    const unsigned char *u = (const unsigned char *)(in ? in : "");
    if (!in) len = 0;
    size_t n = sanitize_pass(u, len, NULL, NULL);
    char *p = annals_arena_alloc(a, n + 1);
    if (!p) return ANNALS_ENOMEM;
    size_t inv = 0;
    sanitize_pass(u, len, p, &inv);
    p[n] = '\0';
    *out = p;
    if (out_len) *out_len = n;
    if (invalid_out) *invalid_out = inv;
    return 0;
}

/* Copies in to a malloc'd buffer with a CGJ after every 30th consecutive
** non-starter; returns NULL on OOM. Only called when such a run exists. */
static char *stream_safe(const char *in, size_t len, size_t *out_len)
{
    /* Worst case: one CGJ (2 bytes) per 30 marks of >= 2 bytes each. */
    char *o = malloc(len + len / 30 * 2 + 3);
    if (!o) return NULL;
    size_t i = 0, w = 0, run = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) { n = 1; cp = 0xFFFD; }
        if (cp >= 0x300 && utf8proc_get_property(cp)->combining_class != 0) {
            if (run == 30) {
                memcpy(o + w, "\xCD\x8F", 2);   /* U+034F COMBINING GRAPHEME JOINER */
                w += 2;
                run = 0;
            }
            run++;
        } else {
            run = 0;
        }
        memcpy(o + w, in + i, (size_t)n);
        w += (size_t)n;
        i += (size_t)n;
    }
    *out_len = w;
    return o;
}

int annals_utf8_nfc(annals_arena *a, const char *in, size_t len, char **out, size_t *out_len)
{
    size_t i = 0;
    bool ascii = true, long_run = false;
    size_t run = 0;
    if (!in) { in = ""; len = 0; }
    for (; i < len; i++)
        if ((unsigned char)in[i] >= 0x80) { ascii = false; break; }
    if (!ascii) {
        /* Look for runs of more than 30 non-starters. */
        size_t j = 0;
        while (j < len && !long_run) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + j,
                                                  (utf8proc_ssize_t)(len - j), &cp);
            if (n <= 0) return ANNALS_EFORMAT;   /* input must be sanitized first */
            if (cp >= 0x300 && utf8proc_get_property(cp)->combining_class != 0) {
                if (++run > 30) long_run = true;
            } else {
                run = 0;
            }
            j += (size_t)n;
        }
    }
    if (ascii) {
        char *p = annals_arena_strndup(a, in, len);
        if (!p) return ANNALS_ENOMEM;
        *out = p;
        if (out_len) *out_len = len;
        return 0;
    }
    char *safe = NULL;
    const char *src = in;
    size_t src_len = len;
    if (long_run) {
        safe = stream_safe(in, len, &src_len);
        if (!safe) return ANNALS_ENOMEM;
        src = safe;
    }
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)src_len,
                                      &norm, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(safe);
    if (r < 0) {
        free(norm);
        return r == UTF8PROC_ERROR_NOMEM ? ANNALS_ENOMEM : ANNALS_EFORMAT;
    }
    char *p = annals_arena_strndup(a, (const char *)norm, (size_t)r);
    free(norm);
    if (!p) return ANNALS_ENOMEM;
    *out = p;
    if (out_len) *out_len = (size_t)r;
    return 0;
}

static bool has_prefix(const unsigned char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

bool annals_looks_binary(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    if (!data || len == 0) return false;
    /* Well-known binary containers, even when their head is printable. */
    if (has_prefix(d, len, "%PDF-", 5) || has_prefix(d, len, "\x89PNG", 4) ||
        has_prefix(d, len, "GIF8", 4) || has_prefix(d, len, "\xFF\xD8\xFF", 3) ||
        has_prefix(d, len, "PK\x03\x04", 4) || has_prefix(d, len, "\x1F\x8B", 2) ||
        has_prefix(d, len, "\x7F" "ELF", 4) || has_prefix(d, len, "BZh", 3) ||
        has_prefix(d, len, "\xFD" "7zXZ", 5) || has_prefix(d, len, "SQLite format 3", 15))
        return true;
    size_t head = len < 8192 ? len : 8192;
    size_t nul = 0, ctrl = 0;
    for (size_t i = 0; i < head; i++) {
        unsigned c = d[i];
        if (c == 0) nul++;
        else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
                  c != '\v' && c != 0x1B) || c == 0x7F)
            ctrl++;
    }
    /* A stray NUL or two is dropped by sanitize; more than that is not text. */
    if (nul >= 4 || nul * 100 > head) return true;
    if ((nul + ctrl) * 10 > head) return true;
    return false;
}
