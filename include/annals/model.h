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
** row of one-byte class weight codes (sparse, dense or inline in the slot),
** stored in three sections. It points into the model buffer; it owns nothing. */
#ifndef ANNALS_MODEL_H
#define ANNALS_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "annals/error.h"
#include "annals/limits.h"

#define ANNALS_MODEL_MAGIC "ANNALSM"         /* 8 bytes with the NUL */
#define ANNALS_MODEL_VERSION 1u
#define ANNALS_MODEL_HDR_SIZE 64u
#define ANNALS_MODEL_SEC_SIZE 24u
/* ANNALS_MODEL_MAX_SECTIONS, ANNALS_MODEL_MAX_SIZE: annals/limits.h */

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
    int writable;         /* 1: the buffer is the loader's own copy, which binding may
                             rewrite in place (annals_wtab_bind packs slots there); 0 from
                             annals_model_parse: the caller's buffer is never written */
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
/* Memory for weights that are read at random (free()): 64-aligned, and for
** 2 MiB or more 2 MiB-aligned with transparent huge pages requested. */
void *annals_model_alloc_weights(size_t size);
/* Reads a whole model file into a 16-aligned malloc'd buffer (free()). */
int annals_model_read_file(void **out, size_t *out_size, const char *path, annals_ctx *ctx);

/* ---- weight tables ---------------------------------------------------- */

/* Sections "<p>KEY", "<p>ROW", "<p>LUT" (p = one-letter prefix).
** KEY: power-of-two array of 6-byte slots { u16 check; u16 off_lo; u16 off_hi }:
** check = (hash >> 48) | 1 (0 = empty), off = byte offset of the row in ROW.
** ROW (bytes): header h; h < 255: sparse, h class bytes then h weight codes;
** h == 255: dense, n_classes weight codes. LUT: int32[256], the value of each
** weight code (log-scale int8 quantisation; code 128 = 0). A 16-bit check can
** match a feature that is absent (about 1 in 10^4 lookups of absent features);
** that adds one stray row to a score, harmless for a perceptron.
** Inline tables (KEY section flag ANNALS_WTAB_INLINE, at most 4 classes): the
** slot's 4 bytes after check are the weight codes of classes 0..3 themselves
** (no row, ROW is empty), so a lookup costs one cache line. */
typedef struct { uint16_t check, off_lo, off_hi; } annals_wtab_slot;

typedef struct {
    uint32_t n_classes;            /* <= 253 (<= ANNALS_WTAB_INLINE_MAX when inl) */
    int inl;                       /* codes in the slots (ANNALS_WTAB_INLINE) */
    uint32_t mask;                 /* n_slots - 1 */
    const annals_wtab_slot *slot;
    const uint8_t *row;            /* the model's ROW section */
    size_t n_row;                  /* bytes */
    const int32_t *lut;            /* 256 values, |v| <= 2^22 */
    /* Packed for scoring by annals_wtab_bind (owned; annals_wtab_release):
    ** slot then points to a copy of the slots (or to the slots themselves,
    ** rewritten, when the model is writable) whose 32-bit field says, by its
    ** top two bits, where a feature's weights are: a row offset in ROW (rows
    ** of 3 or more classes); the index of a hot row; or, for rows of one or
    ** two classes (tables of at most 128 classes), the (class, code) pairs
    ** themselves, so that most lookups read one cache line. Hot rows are
    ** every dense row and every sparse row with at least n_classes / 8
    ** classes, decoded once into hot (hot_stride int16 values each, 32-byte
    ** aligned) so that scoring adds them as vectors. They fit int16 because
    ** lut then points to an owned copy of the LUT multiplied by hot_scale
    ** (<= 1, rounded) so that no code exceeds ANNALS_WTAB_HOT_MAX (a relative
    ** error of at most 1/32 for the smallest weights of a model, whose LUT
    ** spans a factor of about 256). */
    int packed;
    void *own;                     /* one block: scaled LUT, slots, hot rows */
    const int16_t *hot;
    uint32_t n_hot, hot_stride;
    double hot_scale;              /* 1 when not packed */
} annals_wtab;
#define ANNALS_WTAB_DENSE 255u
#define ANNALS_WTAB_HOT_MAX 4095    /* largest |code value| once a table has hot rows */
#define ANNALS_WTAB_HOT_RUN 8       /* hot rows summed in int16 before widening: 8 * 4095 < 2^15 */
#define ANNALS_WTAB_LUT_MAX (1 << 22)
#define ANNALS_WTAB_INLINE 1u       /* KEY section flag */
#define ANNALS_WTAB_INLINE_MAX 4u

/* Binds and validates a table (every slot, row, class and code) and decodes
** its hot rows (memory to free with annals_wtab_release). */
int annals_wtab_bind(annals_wtab *t, const annals_model *m, char prefix, uint32_t n_classes,
                     annals_ctx *ctx);
/* The largest |value| of a weight code: the unit of score margins. */
int32_t annals_wtab_max_weight(const annals_wtab *t);
/* Frees what annals_wtab_bind allocated (the model stays); t may be all zero. */
void annals_wtab_release(annals_wtab *t);

/* Slot of feature h, or NULL. */
static inline const annals_wtab_slot *annals_wtab_find_slot(const annals_wtab *t, uint64_t h)
{
    uint16_t check = (uint16_t)(h >> 48) | 1u;
    for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
        const annals_wtab_slot *s = &t->slot[i];
        if (s->check == check) return s;
        if (s->check == 0) return NULL;
    }
}

/* Row of feature h, or NULL (not for inline tables). */
static inline const uint8_t *annals_wtab_find(const annals_wtab *t, uint64_t h)
{
    const annals_wtab_slot *s = annals_wtab_find_slot(t, h);
    return s ? t->row + ((uint32_t)s->off_lo | (uint32_t)s->off_hi << 16) : NULL;
}

/* The 4 inline weight codes of a slot (inline tables). */
static inline const uint8_t *annals_wtab_slot_codes(const annals_wtab_slot *s)
{
    return (const uint8_t *)s + sizeof s->check;
}

/* Adds the rows of the n features to scores[0..n_classes) (int32; at most
** 256 features per call keep the sum below 2^31). Prefetches every slot first
** so that the cache misses overlap. */
void annals_wtab_score(const annals_wtab *t, const uint64_t *feat, size_t n, int32_t *scores);

#endif
