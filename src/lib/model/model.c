/* SPDX-License-Identifier: MIT
** model/model.c -- the model container: checksum (zlib's CRC-32), validation, reading, writing.
**
** Layout in docs/model-format.md. Every field is read byte by byte as
** little-endian, so the reader does not depend on the host's byte order or on
** the buffer's alignment for the header. Offsets are checked overflow-safely
** (off <= size && len <= size - off) before any section is touched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zlib.h>
#include "annals/model.h"

#define HUGE_PAGE ((size_t)2 << 20)

/* zlib's CRC-32 (its crc32_z takes a size_t length). */
uint32_t annals_crc32(uint32_t crc, const void *data, size_t n)
{
    return (uint32_t)crc32_z(crc, data, n);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void wr64(unsigned char *p, uint64_t v) { wr32(p, (uint32_t)v); wr32(p + 4, (uint32_t)(v >> 32)); }

/* CRC of the whole file with the CRC field (bytes 28..31) taken as zero. */
static uint32_t file_crc(const unsigned char *p, size_t size)
{
    static const unsigned char zero[4];
    uint32_t c = annals_crc32(0, p, 28);
    c = annals_crc32(c, zero, 4);
    return annals_crc32(c, p + 32, size - 32);
}

static const char *kind_name(uint32_t k)
{
    return k == ANNALS_MODEL_TAGGER ? "tagger" : k == ANNALS_MODEL_PARSER ? "parser" : "unknown";
}

int annals_model_parse(annals_model *out, const void *buf, size_t size, uint32_t want_kind,
                       const char *name, annals_ctx *ctx)
{
    const unsigned char *p = buf;
    memset(out, 0, sizeof *out);
    out->name = name ? name : "(model)";
    name = out->name;
    if (buf && ((uintptr_t)buf & 15))
        return annals_error_set(ctx, ANNALS_ERROR, "%s: model buffer is not 16-byte aligned", name);
    if (!buf || size < ANNALS_MODEL_HDR_SIZE)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: not an annals model file (only %zu bytes)",
                                name, size);
    if (memcmp(p, ANNALS_MODEL_MAGIC, 8) != 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: not an annals model file (wrong magic)", name);
    uint32_t version = rd32(p + 8), kind = rd32(p + 12), nsec = rd32(p + 24), crc = rd32(p + 28);
    uint64_t fsize = rd64(p + 16);
    if (version != ANNALS_MODEL_VERSION)
        return annals_error_set(ctx, ANNALS_EVERSION,
                                "%s: model format version %u, this build reads version %u; retrain the model",
                                name, version, ANNALS_MODEL_VERSION);
    if (fsize != size)
        return annals_error_set(ctx, ANNALS_EFORMAT,
                                "%s: truncated or padded: header says %llu bytes, file has %zu",
                                name, (unsigned long long)fsize, size);
    if (want_kind && kind != want_kind)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: is a %s model, expected a %s model",
                                name, kind_name(kind), kind_name(want_kind));
    if (nsec > ANNALS_MODEL_MAX_SECTIONS ||
        (uint64_t)nsec * ANNALS_MODEL_SEC_SIZE > size - ANNALS_MODEL_HDR_SIZE)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: bad section count %u", name, nsec);
    uint32_t got = file_crc(p, size);
    if (got != crc)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: corrupt (CRC-32 %08x, header says %08x)",
                                name, got, crc);
    out->version = version;
    out->kind = kind;
    out->n_sections = nsec;
    /* sections follow the table in order without overlapping: a loader may
       rewrite one section in place (annals_wtab_bind) after checking another */
    uint64_t end = ANNALS_MODEL_HDR_SIZE + (uint64_t)nsec * ANNALS_MODEL_SEC_SIZE;
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *s = p + ANNALS_MODEL_HDR_SIZE + (size_t)i * ANNALS_MODEL_SEC_SIZE;
        annals_model_section *sec = &out->sec[i];
        memcpy(sec->id, s, 4);
        sec->flags = rd32(s + 4);
        uint64_t off = rd64(s + 8), len = rd64(s + 16);
        if (off % 16 || off > size || len > size - off || off < ANNALS_MODEL_HDR_SIZE)
            return annals_error_set(ctx, ANNALS_EFORMAT, "%s: section '%.4s' out of bounds", name, sec->id);
        if (off < end)
            return annals_error_set(ctx, ANNALS_EFORMAT,
                                    "%s: section '%.4s' overlaps the section table or the section before it",
                                    name, sec->id);
        end = off + len;
        sec->data = p + off;
        sec->size = len;
    }
    return 0;
}

const annals_model_section *annals_model_find(const annals_model *m, const char id[4])
{
    for (uint32_t i = 0; i < m->n_sections; i++)
        if (memcmp(m->sec[i].id, id, 4) == 0) return &m->sec[i];
    return NULL;
}

int annals_model_need(const annals_model_section **out, const annals_model *m, const char id[4],
                      size_t elem, size_t min_size, annals_ctx *ctx)
{
    const annals_model_section *s = annals_model_find(m, id);
    *out = s;
    if (!s) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: section '%.4s' missing", m->name, id);
    if ((elem && s->size % elem) || s->size < min_size)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: section '%.4s' has a bad size (%llu bytes)",
                                m->name, id, (unsigned long long)s->size);
    return 0;
}

int annals_model_build(void **out, size_t *out_size, uint32_t kind, const annals_model_section *sec,
                       size_t n, annals_ctx *ctx)
{
    *out = NULL;
    *out_size = 0;
    if (n > ANNALS_MODEL_MAX_SECTIONS)
        return annals_error_set(ctx, ANNALS_ERROR, "model: too many sections");
    uint64_t off = ANNALS_MODEL_HDR_SIZE + n * ANNALS_MODEL_SEC_SIZE;
    off = (off + 15) & ~(uint64_t)15;
    uint64_t total = off;
    for (size_t i = 0; i < n; i++) total = ((total + sec[i].size) + 15) & ~(uint64_t)15;
    unsigned char *buf = aligned_alloc(64, (total + 63) & ~(uint64_t)63);
    if (!buf) return annals_error_set(ctx, ANNALS_ENOMEM, "model: out of memory");
    memset(buf, 0, total);
    memcpy(buf, ANNALS_MODEL_MAGIC, 8);
    wr32(buf + 8, ANNALS_MODEL_VERSION);
    wr32(buf + 12, kind);
    wr64(buf + 16, total);
    wr32(buf + 24, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        unsigned char *s = buf + ANNALS_MODEL_HDR_SIZE + i * ANNALS_MODEL_SEC_SIZE;
        memcpy(s, sec[i].id, 4);
        wr32(s + 4, sec[i].flags);
        wr64(s + 8, off);
        wr64(s + 16, sec[i].size);
        if (sec[i].size) memcpy(buf + off, sec[i].data, sec[i].size);
        off = (off + sec[i].size + 15) & ~(uint64_t)15;
    }
    wr32(buf + 28, file_crc(buf, total));
    *out = buf;
    *out_size = total;
    return 0;
}

int annals_model_write(const char *path, uint32_t kind, const annals_model_section *sec,
                       size_t n, annals_ctx *ctx)
{
    void *img;
    size_t total;
    int rc = annals_model_build(&img, &total, kind, sec, n, ctx);
    if (rc < 0) return rc;
    rc = annals_model_write_image(path, img, total, ctx);
    free(img);
    return rc;
}

int annals_model_write_image(const char *path, const void *buf, size_t total, annals_ctx *ctx)
{
    int rc = 0;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!tmp) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    } else {
        size_t w = fwrite(buf, 1, total, f);
        if (fclose(f) != 0 || w != total) {
            rc = annals_error_set(ctx, ANNALS_EIO, "%s: write failed", tmp);
            remove(tmp);
        } else if (rename(tmp, path) != 0) {
            rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot rename to %s: %s", tmp, path, strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    return rc;
}

void *annals_model_alloc_weights(size_t size)
{
    /* Weights are read at random: on 2 MiB pages (transparent huge pages, where
       the kernel offers them) a lookup costs far fewer TLB misses. */
    size_t align = size >= HUGE_PAGE ? HUGE_PAGE : 64;
    size_t cap = (size + align - 1) & ~(align - 1);
    void *buf = aligned_alloc(align, cap ? cap : align);
#ifdef MADV_HUGEPAGE
    if (buf && align == HUGE_PAGE) (void)madvise(buf, cap, MADV_HUGEPAGE);
#endif
    return buf;
}

int annals_model_read_file(void **out, size_t *out_size, const char *path, annals_ctx *ctx)
{
    *out = NULL;
    *out_size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return annals_error_set(ctx, e == ENOENT ? ANNALS_ENOTFOUND : ANNALS_EIO,
                                "%s: cannot open model: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return annals_error_set(ctx, ANNALS_EIO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > ANNALS_MODEL_MAX_SIZE) {
        fclose(f);
        return annals_error_set(ctx, ANNALS_ETOOBIG, "%s: model larger than %zu bytes", path,
                                ANNALS_MODEL_MAX_SIZE);
    }
    size_t size = (size_t)st.st_size;
    void *buf = annals_model_alloc_weights(size);
    if (!buf) { fclose(f); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path); }
    size_t got = size ? fread(buf, 1, size, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (bad || got != size) {
        free(buf);
        return annals_error_set(ctx, ANNALS_EIO, "%s: read error", path);
    }
    *out = buf;
    *out_size = size;
    return 0;
}
