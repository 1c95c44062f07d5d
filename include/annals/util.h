/* SPDX-License-Identifier: MIT
** annals/util.h -- arena, growing strings, borrowed string views, hashing, growing arrays, a
** hash table, English -s forms, calendar arithmetic, the default data directory.
**
** Per document, one arena holds everything the pipeline makes (tokens, mentions,
** events); annals_arena_free() releases it at once. annals_buf is an owned,
** growing, NUL-terminated byte string used to build output (JSON, SQL, text).
** Build with -DANNALS_DEBUG_ARENA (the -DANNALS_SANITIZE=ON build does) to send
** each arena allocation to its own malloc of its exact size, so that
** AddressSanitizer sees overruns. */
#ifndef ANNALS_UTIL_H
#define ANNALS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "annals/limits.h"

typedef struct { const char *p; size_t n; } annals_str;   /* borrowed, never freed */
#define ANNALS_STR(lit) ((annals_str){ (lit), sizeof(lit) - 1 })

typedef struct annals_arena annals_arena;
annals_arena *annals_arena_new(size_t block_size);        /* 0: default (64 KiB) */
void annals_arena_free(annals_arena *a);                   /* NULL: no-op */
void annals_arena_reset(annals_arena *a);                  /* keep first block, drop the rest */
void *annals_arena_alloc(annals_arena *a, size_t n);       /* 16-aligned; NULL on OOM */
void *annals_arena_calloc(annals_arena *a, size_t count, size_t size);
char *annals_arena_strndup(annals_arena *a, const char *s, size_t n);
char *annals_arena_strdup(annals_arena *a, const char *s);
size_t annals_arena_used(const annals_arena *a);           /* bytes handed out */
/* Appends one zeroed element of `elem` bytes to the arena array (*p, *n, *cap) and
** returns it. When full, the array moves to a block twice the size (the old block
** stays until the arena goes), so earlier element pointers go stale. NULL on OOM. */
void *annals_arena_push(annals_arena *a, void **p, size_t *n, size_t *cap, size_t elem);

typedef struct { char *p; size_t len, cap; } annals_buf;  /* p NULL until first append */
int annals_buf_reserve(annals_buf *b, size_t extra);       /* 0, or ANNALS_ENOMEM */
int annals_buf_append(annals_buf *b, const void *data, size_t n);
int annals_buf_puts(annals_buf *b, const char *s);
int annals_buf_putc(annals_buf *b, char c);
int annals_buf_printf(annals_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as the inside of a JSON string (quotes not included). */
int annals_buf_json_escape(annals_buf *b, const char *s, size_t n);
/* The one growing heap array: returns the realloc'd array p with room for
** `need` (>= 1) elements of `elem` bytes, its capacity *cap (in elements)
** doubled from `first` (when *cap is 0) until need fits; NULL on OOM, with p
** and *cap untouched. Typical:
**     T *nv = annals_grow(v, &cap, n + 1, sizeof *nv, 64); if (!nv) return ...; v = nv; */
void *annals_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first);
void annals_buf_clear(annals_buf *b);                      /* len = 0, keeps memory */
void annals_buf_free(annals_buf *b);

/* FNV-1a 64 bit; annals_hash_lower folds ASCII case. */
uint64_t annals_hash(const void *data, size_t n);
uint64_t annals_hash_lower(const void *data, size_t n);
/* SHA-256 of data as 64 lowercase hex digits + NUL into out[65] (document ids). */
void annals_sha256_hex(const void *data, size_t n, char out[65]);

/* The one open-addressing hash table (util/htab.c). Slots are the caller's
** structs of `elem` bytes whose FIRST field is a uint64_t hash (0: empty; a
** hash of 0 is stored as 1). Linear probing, power-of-two capacity (the first
** is first_cap, a power of two), doubled before the load passes 1/2. Adding
** or growing moves slots: slot pointers are good until the next add/reserve. */
typedef struct { void *slot; size_t cap, n, elem, first_cap; } annals_htab;
typedef bool (*annals_htab_eq)(const void *slot, const void *arg);
void annals_htab_init(annals_htab *t, size_t elem, size_t first_cap);
/* Grows so that `more` more slots fit below half load. 0 or ANNALS_ENOMEM. */
int annals_htab_reserve(annals_htab *t, size_t more);
/* The first slot with hash h that eq(slot, arg) accepts (eq NULL: any), or NULL. */
void *annals_htab_find(const annals_htab *t, uint64_t h, annals_htab_eq eq, const void *arg);
/* A new zeroed slot holding hash h (no look for an existing one); NULL on OOM. */
void *annals_htab_add(annals_htab *t, uint64_t h);
/* Slot i (0 .. cap-1) if it is in use, else NULL: for walking the table. */
void *annals_htab_slot(const annals_htab *t, size_t i);
void annals_htab_free(annals_htab *t);
/* Calls drop(slot) on every slot in use (what the slots own), then frees. */
void annals_htab_free_each(annals_htab *t, void (*drop)(void *slot));

bool annals_str_eq(annals_str a, annals_str b);
bool annals_str_ieq(annals_str a, annals_str b);       /* ASCII case-insensitive */
/* c with ASCII A-Z folded to a-z (other bytes unchanged): the folding of the
** case-insensitive comparisons and hashes. */
static inline unsigned char annals_ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* Reads a whole file (at most max_bytes) into a malloc'd, NUL-terminated buffer.
** Returns 0, ANNALS_ENOTFOUND, ANNALS_EIO or ANNALS_ETOOBIG with a message on ctx. */
struct annals_ctx;
int annals_read_file(char **out, size_t *out_len, const char *path, size_t max_bytes,
                     struct annals_ctx *ctx);
/* The next line of a buffer read that way, cut in place: its '\n' (and a '\r' before
** it) become NUL and *p moves past it. NULL once *p reaches end. Typical:
**     for (char *p = buf, *line; (line = annals_next_line(&p, buf + len));) ... */
char *annals_next_line(char **p, char *end);

/* Proleptic Gregorian calendar (util/calendar.c). Day 0 is 1970-01-01.
** annals_date_valid: month 1..12 and day within the month (leap years);
** annals_date_to_days does not check validity. */
bool annals_date_valid(int y, int m, int d);
int64_t annals_date_to_days(int y, int m, int d);
void annals_days_to_date(int64_t days, int *y, int *m, int *d);
int annals_weekday(int64_t days);                /* 0 = Monday .. 6 = Sunday */

/* English -s form (util/inflect.c), the plural of a noun or third person of a
** verb: consonant + y -> -ies; -s, -x, -z, -ch, -sh (and, for a verb, -o)
** -> -es; else -s. Letters are matched, and the suffix written, in lower case,
** or in upper case with ANNALS_EN_UPPER. Writes it NUL-terminated into out
** (cap bytes); returns its length, or 0 when it does not fit. */
#define ANNALS_EN_UPPER 1u
#define ANNALS_EN_VERB 2u
size_t annals_en_s_form(const char *w, size_t n, char *out, size_t cap, unsigned flags);

/* The data directory when none is given: $ANNALS_DATA, else the data/ folder of
** the source tree this was built from (if it holds verbs.txt), else the
** installed ANNALS_INSTALLED_DATA_DIR, else "data". Borrowed string. Every
** default path (dictionaries, models, lemma tables) starts from it. */
#define ANNALS_INSTALLED_DATA_DIR "/usr/local/share/annals"
const char *annals_default_data_dir(void);

#endif
