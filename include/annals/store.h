/* SPDX-License-Identifier: MIT
** annals/store.h -- the event store: an SQLite file or a PostgreSQL database.
**
** One database holds documents, sentences, actors and events (schema in
** docs/store.md). WAL journal; callers group documents into batches with
** begin/commit (one transaction per batch). The document key is the SHA-256 of
** its raw bytes, so storing the same document twice adds nothing. Each new
** event joins its story as it is stored (story_events, docs/stories.md); a
** near-duplicate of a stored document adds a source, not mentions. */
#ifndef ANNALS_STORE_H
#define ANNALS_STORE_H

#include <stdio.h>
#include "annals/doc.h"

typedef struct annals_store annals_store;

/* path: an SQLite file, or a postgresql:// URI (libpq; docs/store.md). */
int annals_store_open(annals_store **out, const char *path, annals_ctx *ctx);  /* creates schema */
bool annals_store_is_uri(const char *path);   /* a postgresql:// or postgres:// URI */
/* PostgreSQL: the connection to the server is lost; open the store again. False on SQLite. */
bool annals_store_lost(const annals_store *s);
const char *annals_store_name(const annals_store *s);   /* for messages: path, or URI without password */
void annals_store_close(annals_store *s);                                     /* NULL: no-op; commits an open batch */
int annals_store_begin(annals_store *s, annals_ctx *ctx);
int annals_store_commit(annals_store *s, annals_ctx *ctx);
/* 1: document already stored (nothing added); 0: not stored. */
int annals_store_has_doc(annals_store *s, const char *hash, annals_ctx *ctx);
/* Stores the document, its sentences, its events and their actors.
** Returns 1 when added, 0 when it was already there, < 0 on error. */
int annals_store_put_doc(annals_store *s, const annals_doc *doc, annals_ctx *ctx);
/* Prints totals of the whole store: documents, sentences, events by CAMEO root
** (with names), top 10 dyads. */
int annals_store_print_summary(annals_store *s, FILE *f, annals_ctx *ctx);

/* Story events for people (`annals stories`): each with its fields, counts,
** reports (document, outlet, date and evidence of each mention) and
** disagreements. Filters: NULL or 0 for none; from/to compare story_events.date
** (YYYY-MM-DD, undated stories are left out when either is given); actor is a
** CAMEO code prefix (KAZ, USAGOV) of the source or target; min_reports keeps
** stories told by that many reports or more. Returns the number printed or < 0. */
typedef struct {
    const char *from, *to, *actor;
    long min_reports;
} annals_story_filter;
int annals_store_print_stories(annals_store *s, FILE *f, const annals_story_filter *flt, annals_ctx *ctx);

#endif
