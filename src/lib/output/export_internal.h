/* SPDX-License-Identifier: MIT
** output/export_internal.h -- the row builder the export writers share.
**
** A row is built field by field in the caller's buffer. In JSON a field is "name":value
** (annals_output_row_open/_close nest an object); in TSV and CSV only the value, separated by a tab or
** a comma, a nested object's fields taking its name as a prefix; in the HEADER mode the
** field names themselves (the CSV header is the row writer run in that mode, so header
** and rows cannot drift). A missing value is JSON null, else the row's `none` text
** ("" for GDELT and CSV, "None" for POLECAT). */
#ifndef ANNALS_EXPORT_INTERNAL_H
#define ANNALS_EXPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "annals/export.h"
#include "annals/output.h"

typedef enum { EX_JSON, EX_TSV, EX_CSV, EX_HEADER } ex_mode;

typedef struct {
    annals_buf *b;
    ex_mode mode;
    const char *none;        /* text of a missing value outside JSON */
    bool no_quotes;          /* TSV for GDELT readers: '"' becomes '\'' */
    int n;                   /* fields at this level */
    int depth;
    const char *prefix;      /* TSV/CSV/HEADER: name prefix inside annals_output_row_open */
    int err;
} ex_row;

void annals_output_row_begin(ex_row *r, annals_buf *b, ex_mode mode, const char *none);
int annals_output_row_end(ex_row *r);                                       /* closes JSON, adds '\n' */
void annals_output_row_str(ex_row *r, const char *name, const char *s);     /* NULL: missing */
void annals_output_row_strn(ex_row *r, const char *name, const char *s, size_t n);
void annals_output_row_int(ex_row *r, const char *name, int64_t v, bool has);
void annals_output_row_real(ex_row *r, const char *name, double v, const char *fmt);   /* NAN: missing */
void annals_output_row_raw(ex_row *r, const char *name, const char *json);  /* JSON value as is (JSON only) */
void annals_output_row_open(ex_row *r, const char *name, const char *prefix);
void annals_output_row_close(ex_row *r);

/* "2024-09-06T10:00:00Z" or "2024-09-06" -> "20240906100000" / "20240906" (digits only);
** false (out empty) when s is NULL or has too few digits. */
bool annals_output_digits(const char *s, size_t want, char *out, size_t cap);

int annals_output_gdelt_event(ex_row *r, const annals_export_tables *t, const annals_export_story *s);
int annals_output_gdelt_mentions(annals_buf *b, const annals_export_story *s);
int annals_output_polecat_row(ex_row *r, const annals_export_tables *t, const annals_export_story *s,
                              const annals_plover_info *p);
int annals_output_plover_row(ex_row *r, const annals_export_tables *t, const annals_export_story *s,
                             const annals_plover_info *p);
/* One mention with its story and document: a JSONL line, or a CSV row (or its header). */
void annals_output_mention_row(ex_row *r, const annals_export_story *s, const annals_export_mention *m);

#endif
