/* SPDX-License-Identifier: MIT
** annals/meta.h -- publication date and outlet; calendar dates.
**
** Reads the publication date and the outlet from the header lines and datelines
** real news pages carry (" date 2024-09-07 (MENAFN- Khaama Press)", a line
** "September 7, 2024", "date 2023-07-28 ASTANA. KAZINFORM -"). When there is
** none, the date stays "" -- never today's date. Also: a small civil-calendar
** library used to resolve relative dates ("on Friday", "last week"). */
#ifndef ANNALS_META_H
#define ANNALS_META_H

#include "annals/doc.h"

/* Fills doc->pub_date (if still "") and doc->outlet (if still NULL) from
** doc->given_date and the first lines of doc->text; the text is left as it is.
** Returns 0. */
int annals_meta_run(annals_doc *doc, annals_ctx *ctx);

/* Calendar arithmetic (annals_date_valid, annals_date_to_days, ...): annals/util.h. */
/* "YYYY-MM-DD" <-> days. Returns false on a malformed or invalid date. */
bool annals_date_parse_iso(const char *s, size_t n, int64_t *days_out);
void annals_date_format(int64_t days, char out[11]);
/* Month name or abbreviation ("September", "Sept", "Sep.", "sep") -> 1..12, 0 if none. */
int annals_month_from_name(const char *s, size_t n);
/* Weekday name ("Friday", "Fri") -> 0..6 (Monday = 0), -1 if none. */
int annals_weekday_from_name(const char *s, size_t n);
/* Parses an absolute date written in text at s: "September 7, 2024", "7 September 2024",
** "Sept. 7, 2024", "2024-09-07", "Oct 15, 2024". Returns the bytes consumed (0 if no
** date) and the days in *days_out. */
size_t annals_date_scan(const char *s, size_t n, int64_t *days_out);

#endif
