/* SPDX-License-Identifier: MIT
** ingest/ingest_internal.h -- ingest helpers shared with the unit tests.
**
** Library-internal (annals_ingest__*): format detection by extension and by
** content, the binary-data check and the JSONL date check. */
#ifndef ANNALS_INGEST_INTERNAL_H
#define ANNALS_INGEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "annals/doc.h"

/* TEXT, HTML or JSONL from the file name's extension; ANNALS_FMT_AUTO if unknown. */
annals_format annals_ingest__format_from_ext(const char *path);
/* From the first bytes: '{' first -> JSONL, '<' and an HTML tag -> HTML, else TEXT. */
annals_format annals_ingest__sniff(const char *data, size_t n);
/* NUL bytes, or more than 10% control bytes. */
bool annals_ingest__binary(const char *data, size_t n);
/* "YYYY-MM-DD" or the date part of an ISO timestamp, valid on the calendar -> out. */
bool annals_ingest__iso_date(const char *s, size_t n, char out[11]);

#endif
