/* SPDX-License-Identifier: MIT
** util/file.c -- whole-file reads with a size limit, cutting them into lines, and SHA-256
** ids (nettle). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <nettle/sha2.h>
#include "annals/util.h"
#include "annals/error.h"

void annals_sha256_hex(const void *data, size_t n, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx c;
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, n, data);
    sha256_digest(&c, SHA256_DIGEST_SIZE, dig);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[dig[i] >> 4];
        out[2 * i + 1] = hex[dig[i] & 15];
    }
    out[64] = '\0';
}

int annals_read_file(char **out, size_t *out_len, const char *path, size_t max_bytes,
                     annals_ctx *ctx)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return annals_error_set(ctx, e == ENOENT ? ANNALS_ENOTFOUND : ANNALS_EIO,
                                "%s: cannot open: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return annals_error_set(ctx, ANNALS_EIO, "%s: is a directory", path);
    }
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) { fclose(f); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path); }
    for (;;) {
        if (len == cap) {
            if (cap >= max_bytes) {
                free(buf);
                fclose(f);
                return annals_error_set(ctx, ANNALS_ETOOBIG, "%s: larger than the %zu-byte limit",
                                        path, max_bytes);
            }
            size_t ncap = cap * 2 > max_bytes ? max_bytes : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { free(buf); fclose(f); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path); }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                free(buf);
                fclose(f);
                return annals_error_set(ctx, ANNALS_EIO, "%s: read error: %s", path, strerror(e));
            }
            break;
        }
    }
    fclose(f);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

char *annals_next_line(char **p, char *end)
{
    char *line = *p;
    if (line >= end) return NULL;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    char *stop = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    if (stop > line && stop[-1] == '\r') stop--;
    *stop = '\0';
    return line;
}
