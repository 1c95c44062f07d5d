/* SPDX-License-Identifier: MIT
** annals/output.h -- event writers (JSONL, TSV, CSV) and the run summary.
**
** One event per line. JSONL fields: doc, doc_hash, sentence, src, tgt, src_text,
** tgt_text, verb_text, code, root, quad_class, goldstein, confidence, date, place,
** evidence, span ([start, end) bytes of the sentence in the cleaned text), url. TSV and
** CSV carry the same columns in that order with a header line; CSV quotes per
** RFC 4180; TSV replaces tabs and newlines inside fields by spaces. In TSV and
** CSV the span is two columns, span_start and span_end, and a null is an empty
** field. Invalid UTF-8 in any field is written as U+FFFD (docs/output.md). */
#ifndef ANNALS_OUTPUT_H
#define ANNALS_OUTPUT_H

#include <stdio.h>
#include "annals/doc.h"

typedef enum { ANNALS_OUT_JSONL = 0, ANNALS_OUT_TSV, ANNALS_OUT_CSV } annals_out_format;

/* "jsonl"|"json", "tsv", "csv" -> format; returns false on an unknown name. */
bool annals_out_format_parse(const char *name, annals_out_format *out);
int annals_output_begin(FILE *f, annals_out_format fmt);           /* header line for TSV/CSV */
/* Writes all of doc->event. scratch is reused between calls. 0, or ANNALS_EIO. */
int annals_output_doc(FILE *f, annals_out_format fmt, const annals_doc *doc, annals_buf *scratch);
/* Appends s[0..n) to b for fmt: JSON-escaped (no quotes), TSV with tabs and newlines as
** spaces, or CSV raw (quoting is the caller's); invalid UTF-8 bytes become U+FFFD.
** 0 or ANNALS_ENOMEM. */
int annals_output_text(annals_buf *b, annals_out_format fmt, const char *s, size_t n);

/* The 20 CAMEO event roots: "01".."20" (or any code starting with them, "042")
** -> "MAKE PUBLIC STATEMENT" .. "USE UNCONVENTIONAL MASS VIOLENCE"; NULL if not a
** root. Static strings. Shared by the summary and the store. */
const char *annals_cameo_root_name(const char *root);
#define ANNALS_CAMEO_N_ROOTS 20

/* Counts for the summary printed at the end of a run. */
typedef struct annals_summary annals_summary;
annals_summary *annals_summary_new(void);
void annals_summary_free(annals_summary *s);
void annals_summary_add_doc(annals_summary *s, const annals_doc *doc);
void annals_summary_add_reject(annals_summary *s, const char *path, size_t line, const char *reason);
/* documents, sentences, events, events by root (with CAMEO root names), top dyads,
** then every rejected input and why. */
void annals_summary_print(const annals_summary *s, FILE *f);
size_t annals_summary_n_rejects(const annals_summary *s);

#endif
