/* SPDX-License-Identifier: MIT
** analyze/wnclass.c -- word classes (WordNet lexicographer files) for parser
** features: the class file reader, the model section and the lookup with
** regular inflections undone (see wnclass_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/tag.h"
#include "analyze_internal.h"
#include "wnclass_internal.h"

#define WNK_HDR 8u                   /* u32 n_slots, u32 0 */
#define WNK_MAX_CLASS 63
#define WNK_MAX_WORD 64              /* longer words have no class */
#define WNK_MAX_FILE ((size_t)64 << 20)

/* Part-of-speech salt: n (noun) 0, v (verb) this. */
#define WNK_VERB_SALT 0x9e3779b97f4a7c15ull

static uint32_t wnk_key(const char *w, size_t n, char pos)
{
    uint64_t h = an_word_hash(w, n) ^ (pos == 'v' ? WNK_VERB_SALT : 0);
    return (uint32_t)(h ^ h >> 32) | 1u;
}

static uint32_t wnk_home(uint32_t key) { return key * 0x9e3779b1u; }

static int wnk_get(const an_wnk *t, const char *w, size_t n, char pos)
{
    const uint32_t key = wnk_key(w, n, pos);
    for (uint32_t i = wnk_home(key) & t->mask;; i = (i + 1) & t->mask) {
        if (t->key[i] == key) return t->cls[i];
        if (t->key[i] == 0) return 0;
    }
}

int annals_analyze_wnk_build(const char *path, void **out, size_t *out_size, annals_ctx *ctx)
{
    char *text;
    size_t len;
    *out = NULL;
    *out_size = 0;
    int rc = annals_read_file(&text, &len, path, WNK_MAX_FILE, ctx);
    if (rc < 0) return rc;
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++) n_lines += text[i] == '\n';
    uint32_t n_slots = 16;
    while (n_slots < n_lines + n_lines / 2) n_slots <<= 1;   /* load at most 2/3 */
    size_t size = WNK_HDR + (size_t)n_slots * 5;
    uint8_t *img = calloc(1, size);
    if (!img) { free(text); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path); }
    uint32_t *key = (uint32_t *)(void *)(img + WNK_HDR);
    uint8_t *cls = img + WNK_HDR + (size_t)n_slots * 4;
    memcpy(img, &n_slots, 4);
    const uint32_t mask = n_slots - 1;
    size_t lineno = 0;
    for (char *line = text, *next; line < text + len; line = next) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        next = nl ? nl + 1 : text + len;
        if (nl) *nl = '\0';
        lineno++;
        if (*line == '#' || *line == '\0') continue;
        char word[WNK_MAX_WORD + 1], pos[2];
        int c, used = 0;
        if (sscanf(line, "%64s %1s %d %n", word, pos, &c, &used) != 3 || line[used] != '\0' ||
            (pos[0] != 'n' && pos[0] != 'v') || c < 1 || c > WNK_MAX_CLASS) {
            free(img);
            free(text);
            return annals_error_set(ctx, ANNALS_EFORMAT,
                                    "%s:%zu: expected \"word n|v class\" with a class from 1 to %d",
                                    path, lineno, WNK_MAX_CLASS);
        }
        const uint32_t k = wnk_key(word, strlen(word), pos[0]);
        uint32_t i = wnk_home(k) & mask;
        while (key[i] && key[i] != k) i = (i + 1) & mask;
        if (!key[i]) { key[i] = k; cls[i] = (uint8_t)c; }     /* the first line of a word wins */
    }
    free(text);
    *out = img;
    *out_size = size;
    return 0;
}

int annals_analyze_wnk_bind(an_wnk *t, const annals_model_section *s, const char *name, annals_ctx *ctx)
{
    memset(t, 0, sizeof *t);
    uint32_t n_slots = 0;
    if (s->size >= WNK_HDR) memcpy(&n_slots, s->data, 4);
    if (s->size < WNK_HDR || n_slots < 2 || (n_slots & (n_slots - 1)) || n_slots > (1u << 28) ||
        s->size != WNK_HDR + (uint64_t)n_slots * 5)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad word table (%.4s)", name, s->id);
    const uint32_t *key = (const uint32_t *)(const void *)((const uint8_t *)s->data + WNK_HDR);
    const uint8_t *cls = (const uint8_t *)s->data + WNK_HDR + (size_t)n_slots * 4;
    uint32_t empty = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        if (key[i] == 0) empty++;
        else if (cls[i] > WNK_MAX_CLASS || !(key[i] & 1u))
            return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad word table (%.4s)", name, s->id);
    }
    if (empty == 0) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad word table (%.4s)", name, s->id);
    t->mask = n_slots - 1;
    t->key = key;
    t->cls = cls;
    return 0;
}

int annals_analyze_wnk_load(an_wnk *t, const char *path, void **img, size_t *size, annals_ctx *ctx)
{
    int rc = annals_analyze_wnk_build(path, img, size, ctx);
    if (rc < 0) return rc;
    annals_model_section sec = { "PWNK", 0, *img, *size };
    return annals_analyze_wnk_bind(t, &sec, path, ctx);
}

/* w[0..n) = s lower-cased; 0 when s is empty or too long to have a class. */
static int wnk_lower(char *w, const char *s, size_t n)
{
    if (n == 0 || n > WNK_MAX_WORD) return 0;
    for (size_t i = 0; i < n; i++) w[i] = (char)annals_ascii_lower((unsigned char)s[i]);
    return 1;
}

static int ends(const char *w, size_t n, const char *suf, size_t k) { return n > k + 1 && !memcmp(w + n - k, suf, k); }

/* The class of lower-cased w as a noun or verb (pos), inflections undone. */
static int wnk_inflected(const an_wnk *t, char *w, size_t n, char pos)
{
    int c = wnk_get(t, w, n, pos);
    if (c) return c;
    if (pos == 'n') {
        if (ends(w, n, "ies", 3)) {
            w[n - 3] = 'y';
            if ((c = wnk_get(t, w, n - 2, pos))) return c;
            w[n - 3] = 'i';
        }
        if (ends(w, n, "es", 2) && (c = wnk_get(t, w, n - 2, pos))) return c;
        if (ends(w, n, "s", 1) && (c = wnk_get(t, w, n - 1, pos))) return c;
        return 0;
    }
    static const char *const suf[] = { "ing", "ed", "es", "s", "d" };
    for (size_t j = 0; j < sizeof suf / sizeof *suf; j++) {
        const size_t k = strlen(suf[j]);
        if (!ends(w, n, suf[j], k)) continue;
        if ((c = wnk_get(t, w, n - k, pos))) return c;             /* walked, walks */
        const char keep = w[n - k];
        w[n - k] = 'e';                                             /* making, made: make */
        c = wnk_get(t, w, n - k + 1, pos);
        w[n - k] = keep;
        if (c) return c;
        if (k >= 2 && n - k >= 3 && w[n - k - 1] == w[n - k - 2] && (c = wnk_get(t, w, n - k - 1, pos)))
            return c;                                               /* stopped, running */
    }
    return 0;
}

int annals_analyze_wnk_class(const an_wnk *t, const char *s, size_t n, int upos)
{
    char w[WNK_MAX_WORD + 2];
    const char pos = upos == ANNALS_UPOS_NOUN || upos == ANNALS_UPOS_PROPN ? 'n' : upos == ANNALS_UPOS_VERB ? 'v' : 0;
    if (!t->key || !pos || !wnk_lower(w, s, n)) return 0;
    return wnk_inflected(t, w, n, pos);
}
