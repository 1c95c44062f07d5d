/* SPDX-License-Identifier: MIT
** annals/export.h -- story events out of the store, in the formats of other event data sets.
**
** A story event is one real-world event; its mentions are the coded events (one per
** sentence that reports it) and its documents the reports they come from (store schema:
** docs/store.md). The store's story reader (store/story_io.c) fills these structs one
** story at a time; the writers (output/export_*.c) turn a story into rows of GDELT 2.0
** Events or Mentions, POLECAT, PLOVER JSON, JSONL or CSV (columns: docs/export.md).
** Strings are NUL-terminated UTF-8, NULL when the store has no value; they and the
** arrays belong to the reader and live until its next call. */
#ifndef ANNALS_EXPORT_H
#define ANNALS_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "annals/error.h"
#include "annals/util.h"

typedef struct {
    int64_t id;
    const char *hash, *name, *url, *outlet;
    const char *pub_date;        /* YYYY-MM-DD */
    const char *ingested_at;     /* YYYY-MM-DDTHH:MM:SSZ */
    int64_t text_chars;          /* characters of the cleaned text; -1: not stored */
} annals_export_doc;

typedef struct {
    int64_t id;
    const annals_export_doc *doc;
    int64_t sentence;            /* 0-based sentence index in the document */
    const char *code, *root;
    int quad_class;              /* 0: none */
    double goldstein, confidence; /* NAN: none */
    const char *src, *tgt, *src_text, *tgt_text, *verb_text, *date, *place, *evidence;
    int64_t src_off, src_len, tgt_off, tgt_len, verb_off, verb_len;  /* bytes in the text; -1: none */
    int64_t src_char, tgt_char, verb_char;   /* the same offsets in characters; -1: none */
    int64_t sent_start, sent_end;            /* the sentence's byte range; -1: none */
} annals_export_mention;

typedef struct {
    int64_t id;
    const char *code, *root;
    int quad_class;
    double goldstein;
    const char *src, *tgt, *src_text, *tgt_text, *date, *place;
    int64_t n_mentions, n_sources, n_articles;
    const char *added_at, *updated_at;
    const char *disagreements;   /* JSON array, as stored */
    const char *day;             /* date, else the earliest report's pub_date, else NULL */
    const annals_export_mention *mention;    /* first report first (pub_date, then id) */
    size_t n_mention;
    const annals_export_doc *doc;            /* the distinct documents, in that order */
    size_t n_doc;
} annals_export_story;

/* ---- the store's reader (store/story_io.c) ---- */
typedef struct annals_story_reader annals_story_reader;
/* Opens the store read-only; from/to (YYYY-MM-DD, NULL: open) keep the stories whose
** day lies in [from, to]; with either given, stories without a day are left out.
** ANNALS_EFORMAT when the file has no story tables (a store from before them). */
int annals_story_reader_open(annals_story_reader **out, const char *db_path, const char *from,
                             const char *to, annals_ctx *ctx);
/* 1 and *out: the next story (in id order); 0: no more; < 0: error. */
int annals_story_reader_next(annals_story_reader *r, const annals_export_story **out, annals_ctx *ctx);
void annals_story_reader_close(annals_story_reader *r);                /* NULL: no-op */

/* ---- lookup tables (output/export_tables.c): data/country-codes.tsv, plover.tsv,
** actor-codes.tsv, places.txt; loaded once, read-only afterwards ---- */
typedef struct annals_export_tables annals_export_tables;
int annals_export_tables_load(annals_export_tables **out, const char *data_dir, annals_ctx *ctx);
void annals_export_tables_free(annals_export_tables *t);               /* NULL: no-op */

typedef struct {
    const char *fips, *cow, *name;   /* NULL when the table has none */
} annals_country_info;
/* ISO3 (or CAMEO KSV) -> its codes; NULL when not a country the table knows. */
const annals_country_info *annals_export_country(const annals_export_tables *t, const char *iso3);

typedef struct {
    const char *event;          /* "CONSULT"...; NULL: no PLOVER category (CAMEO 01, 02) */
    const char *mode, *context; /* NULL: none; context comma-separated */
    int quad;                   /* 1..4; 0: none */
} annals_plover_info;
/* CAMEO event code -> PLOVER, by the code, else its 3-digit parent, else its root.
** Returns false when nothing in the table covers the code. */
bool annals_export_plover(const annals_export_tables *t, const char *code, annals_plover_info *out);

typedef struct {
    const char *iso3, *kind;    /* kind: "capital", "city", "region" */
    double lat, lon;
} annals_place_info;
const annals_place_info *annals_export_place(const annals_export_tables *t, const char *name);

/* A CAMEO actor code cut into the parts GDELT and PLOVER name (CAMEO codebook 1.1b3
** ch. 3): country (ISO3 or region), known group (the first 3-letter group that is no
** country, region, role or religion), religions, up to 3 roles with their PLOVER sectors. */
typedef struct {
    char country[4], known_group[4], religion[2][4], type[3][4], sector[3][4];
    bool country_is_state;      /* country is a state, not a region */
} annals_actor_parts;
void annals_export_actor_parts(const annals_export_tables *t, const char *code, annals_actor_parts *out);

/* ---- writers (output/export_*.c) ---- */
typedef enum {
    ANNALS_EXPORT_GDELT_EVENTS = 0, ANNALS_EXPORT_GDELT_MENTIONS, ANNALS_EXPORT_POLECAT,
    ANNALS_EXPORT_PLOVER_JSON, ANNALS_EXPORT_JSONL, ANNALS_EXPORT_CSV
} annals_export_format;
bool annals_export_format_parse(const char *name, annals_export_format *out);
const char *annals_export_format_name(annals_export_format fmt);
/* The header line of formats that have one (POLECAT, CSV); 0 or ANNALS_EIO. */
int annals_export_begin(FILE *f, annals_export_format fmt);
/* Writes the rows of one story: returns how many (0 for a story PLOVER drops), or < 0.
** scratch is reused between calls; t may be NULL for JSONL and CSV. */
int annals_export_write(FILE *f, annals_export_format fmt, const annals_export_tables *t,
                        const annals_export_story *s, annals_buf *scratch);

/* ---- re-import of the JSONL export ---- */
/* Parses one JSONL export line (one mention with its story and document) into
** structs whose strings live in arena a. ANNALS_EFORMAT names path:line. */
int annals_export_parse_line(const char *line, size_t n, annals_arena *a, annals_export_story *story,
                             annals_export_mention *m, annals_export_doc *doc,
                             const char *path, size_t lineno, annals_ctx *ctx);
/* Adds the story events, mentions and documents of a JSONL export to a store that has
** the story tables (store/story_io.c). A line that does not parse is counted in *bad
** and named on stderr; a mention already in the store adds nothing. */
int annals_story_import(const char *db_path, FILE *in, const char *in_name, size_t *added,
                        size_t *skipped, size_t *bad, annals_ctx *ctx);

#endif
