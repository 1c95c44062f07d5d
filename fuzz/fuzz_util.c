/* SPDX-License-Identifier: MIT
** fuzz/fuzz_util.c -- helpers shared by the fuzz targets (fuzz_util.h). */
#include "fuzz_util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t fuzz_split(const uint8_t *data, size_t size, fuzz_part *parts, size_t max)
{
    const char *p = (const char *)data, *end = p + size;
    size_t n = 0, sl = strlen(FUZZ_SEP);
    while (n + 1 < max) {
        const char *hit = NULL;
        for (const char *q = p; q + sl <= end; q++) {
            q = memchr(q, FUZZ_SEP[0], (size_t)(end - q));
            if (!q || q + sl > end) break;
            if (!memcmp(q, FUZZ_SEP, sl)) { hit = q; break; }
        }
        if (!hit) break;
        parts[n].p = p;
        parts[n].n = (size_t)(hit - p) + 1;   /* keep the part's last newline */
        n++;
        p = hit + sl;
    }
    parts[n].p = p;
    parts[n].n = (size_t)(end - p);
    return n + 1;
}

static char tmpdir_[64];
static char paths_[FUZZ_MAX_PARTS][128];
static char names_[FUZZ_MAX_PARTS][32];

static void cleanup(void)
{
    for (int i = 0; i < FUZZ_MAX_PARTS; i++) if (paths_[i][0]) unlink(paths_[i]);
    if (tmpdir_[0]) rmdir(tmpdir_);
}

const char *fuzz_tmpdir(void)
{
    if (!tmpdir_[0]) {
        snprintf(tmpdir_, sizeof tmpdir_, "/tmp/annals-fuzz-XXXXXX");
        if (!mkdtemp(tmpdir_)) { perror("fuzz: mkdtemp"); abort(); }
        atexit(cleanup);
    }
    return tmpdir_;
}

const char *fuzz_write(const char *name, const char *p, size_t n)
{
    const char *dir = fuzz_tmpdir();
    int slot = 0;
    while (slot < FUZZ_MAX_PARTS && names_[slot][0] && strcmp(names_[slot], name)) slot++;
    if (slot == FUZZ_MAX_PARTS) abort();
    if (!names_[slot][0]) {
        snprintf(names_[slot], sizeof names_[slot], "%s", name);
        snprintf(paths_[slot], sizeof paths_[slot], "%s/%s", dir, name);
    }
    FILE *f = fopen(paths_[slot], "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) { perror(paths_[slot]); abort(); }
    return paths_[slot];
}

char *fuzz_strndup(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) abort();
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

void fuzz_quiet(void *arg, const char *msg) { (void)arg; (void)msg; }

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int fuzz_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return 0;
        if (i + k >= n) return 0;   /* sequence cut short by the end */
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
        if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
        i += k + 1;
    }
    return 1;
}
