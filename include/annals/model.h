/* SPDX-License-Identifier: MIT
** annals/model.h -- model files: container format and quantised weight tables.
**
** A model file (docs/model-format.md) is little-endian: a 64-byte header
** (magic "ANNALSM\0", u32 version, u32 kind, u64 file size, u32 section count,
** u32 CRC-32), a table of sections { char id[4]; u32 flags; u64 off; u64 size }
** and the sections themselves, each 16-aligned. The reader takes (buffer, size),
** so a file read in one go or mmap'd works alike; it checks magic, version,
** kind, size, CRC and every section's bounds before anything is used, and names
** the file and the problem in the error (ANNALS_EFORMAT / ANNALS_EVERSION).
**
** annals_wtab is the inference side of an averaged perceptron: feature hash ->
** row of int16 class weights (sparse or dense), stored in two sections. It
** points into the model buffer; it owns nothing. */
#ifndef ANNALS_MODEL_H
#define ANNALS_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "annals/error.h"

#define ANNALS_MODEL_MAGIC "ANNALSM"         /* 8 bytes with the NUL */
#define ANNALS_MODEL_VERSION 1u
#define ANNALS_MODEL_HDR_SIZE 64u
#define ANNALS_MODEL_SEC_SIZE 24u
#define ANNALS_MODEL_MAX_SECTIONS 64u
#define ANNALS_MODEL_MAX_SIZE ((size_t)256 << 20)   /* refuse files over 256 MiB */

enum { ANNALS_MODEL_TAGGER = 1, ANNALS_MODEL_PARSER = 2 };

typedef struct {
    char id[4];
    uint32_t flags;
    const void *data;     /* into the model buffer (reading) or the caller's memory (writing) */
    uint64_t size;
} annals_model_section;

typedef struct {
    const char *name;     /* file name for messages (borrowed) */
    uint32_t version, kind;
    uint32_t n_sections;
    annals_model_section sec[ANNALS_MODEL_MAX_SECTIONS];
} annals_model;

/* CRC-32 (IEEE 802.3, as zlib's crc32): crc = annals_crc32(0, p, n) then chain. */
uint32_t annals_crc32(uint32_t crc, const void *data, size_t n);

/* Validates buf[0..size) as a model of kind want_kind (0: any) and fills out;
** sections point into buf, which must stay alive and 16-aligned.
** Returns 0, ANNALS_EFORMAT or ANNALS_EVERSION with "name: what is wrong". */
int annals_model_parse(annals_model *out, const void *buf, size_t size, uint32_t want_kind,
                       const char *name, annals_ctx *ctx);
/* The section with this id, or NULL (size 0). */
const annals_model_section *annals_model_find(const annals_model *m, const char id[4]);
/* Like find, but a missing section, or one whose size is not a multiple of elem
** (or is below min_size), is an ANNALS_EFORMAT error naming the file. */
int annals_model_need(const annals_model_section **out, const annals_model *m, const char id[4],
                      size_t elem, size_t min_size, annals_ctx *ctx);

/* Writes kind + sections to path (through a temporary file, then rename). */
int annals_model_write(const char *path, uint32_t kind, const annals_model_section *sec,
                       size_t n, annals_ctx *ctx);
/* Builds the file image in memory (64-aligned, free()). */
int annals_model_build(void **out, size_t *out_size, uint32_t kind, const annals_model_section *sec,
                       size_t n, annals_ctx *ctx);
/* Writes an image made by annals_model_build (temporary file, then rename). */
int annals_model_write_image(const char *path, const void *buf, size_t size, annals_ctx *ctx);
/* Reads a whole model file into a 16-aligned malloc'd buffer (free()). */
int annals_model_read_file(void **out, size_t *out_size, const char *path, annals_ctx *ctx);

/* ---- weight tables ---------------------------------------------------- */

/* Slot of the feature hash table: check = high 32 bits of the hash | 1 (0 = empty),
** off = index of the row in the row array. Row layout (int16 units): header h;
** h >= 0: sparse, (h + 1) / 2 units holding h class bytes, then h weights
** (n_classes <= 256); h == -1: dense, n_classes weights. */
typedef struct { uint32_t check, off; } annals_wtab_slot;

typedef struct {
    uint32_t n_classes;
    uint32_t mask;                 /* n_slots - 1 */
    const annals_wtab_slot *slot;
    const int16_t *row;
    size_t n_row;                  /* int16 units */
    float scale;                   /* weight = int16 / scale */
} annals_wtab;

/* Binds a table from sections "<p>KEY" and "<p>ROW" (p = one-letter prefix) and
** validates every slot and row. n_classes <= 1024. */
int annals_wtab_bind(annals_wtab *t, const annals_model *m, char prefix, uint32_t n_classes,
                     float scale, annals_ctx *ctx);

static inline uint32_t annals_wtab_slot_of(const annals_wtab *t, uint64_t h)
{
    return (uint32_t)h & t->mask;
}

/* Row of feature h, or NULL. */
static inline const int16_t *annals_wtab_find(const annals_wtab *t, uint64_t h)
{
    uint32_t check = (uint32_t)(h >> 32) | 1u;
    for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
        const annals_wtab_slot *s = &t->slot[i];
        if (s->check == check) return t->row + s->off;
        if (s->check == 0) return NULL;
    }
}

/* Adds the rows of the n features to scores[0..n_classes) (int32). Prefetches
** every slot first so that the cache misses overlap. */
void annals_wtab_score(const annals_wtab *t, const uint64_t *feat, size_t n, int32_t *scores);

#endif
