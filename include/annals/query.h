/* SPDX-License-Identifier: MIT
** annals/query.h -- filtered reads of the event store, shared by `annals query`
** and `annals serve` (docs/serve.md).
**
** An annals_query holds the filters (actor, src, tgt, dyad, code, root, quad,
** from, to, country, place, q, min_confidence, min_sources, outlet), the page (limit,
** cursor, sort) and the aggregate's options (interval, by). It is filled one
** key=value at a time (annals_query_set) or from a URL query string
** (annals_query_parse_qs); every value is checked there, and a bad one gives
** a message that names the parameter. annals_qdb runs a query on a read-only
** connection: SQL is built from fixed fragments and every value is bound, never
** pasted into the text. Results are JSON (or CSV) in an annals_buf. */
#ifndef ANNALS_QUERY_H
#define ANNALS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "annals/error.h"
#include "annals/util.h"

#define ANNALS_Q_MAX_PARAMS 32      /* parameters in one query */
#define ANNALS_Q_MAX_VALUE 256      /* bytes of one value (q: the full-text query) */
#define ANNALS_Q_MAX_LIST 16        /* items of a comma list (code, root, quad) */
#define ANNALS_Q_MAX_LIMIT 1000     /* rows in one page */
#define ANNALS_Q_DEFAULT_LIMIT 100

typedef enum { ANNALS_QF_JSON = 0, ANNALS_QF_CSV, ANNALS_QF_GEOJSON } annals_qformat;
typedef enum {
    ANNALS_QSORT_DATE = 0, ANNALS_QSORT_DATE_DESC, ANNALS_QSORT_GOLDSTEIN, ANNALS_QSORT_GOLDSTEIN_DESC
} annals_qsort;
typedef enum { ANNALS_QI_DAY = 0, ANNALS_QI_WEEK, ANNALS_QI_MONTH } annals_qinterval;
typedef enum { ANNALS_QBY_QUAD = 0, ANNALS_QBY_ROOT } annals_qby;

typedef struct {
    /* actor codes are upper-case letters and digits, matched as prefixes */
    char actor[16], src[16], tgt[16], dyad_a[16], dyad_b[16];
    bool directed;                          /* dyad: A -> B only (default), or either way */
    char code[ANNALS_Q_MAX_LIST][5];        /* CAMEO event code prefixes, any of them */
    int n_code;
    char root[ANNALS_Q_MAX_LIST][3];        /* CAMEO roots '01'..'20', any of them */
    int n_root;
    unsigned quad_mask;                     /* bit k: quad class k (1..4); 0: any */
    char from[11], to[11];                  /* YYYY, YYYY-MM or YYYY-MM-DD; inclusive */
    char country[4];                        /* ISO 3166-1 alpha-3 of the event's place */
    char place[ANNALS_Q_MAX_VALUE];
    char q[ANNALS_Q_MAX_VALUE];             /* FTS5 query over the evidence sentence */
    double min_confidence;                  /* < 0: not given */
    long min_sources;                       /* stories reported by at least this many sources; 0: any */
    char outlet[ANNALS_Q_MAX_VALUE];
    int limit;
    bool has_cursor;
    int64_t cursor_id;                      /* the last row of the previous page */
    char cursor_key[32];
    annals_qsort sort;
    annals_qinterval interval;
    annals_qby by;
    annals_qformat format;
    /* what was asked, in order, as given: echoed in every answer */
    int n_params;
    struct { char key[16]; char val[ANNALS_Q_MAX_VALUE]; } param[ANNALS_Q_MAX_PARAMS];
} annals_query;

void annals_query_init(annals_query *q);
/* Sets one parameter. Returns 0, or -1 with a message naming the parameter in
** err (unknown parameter, given twice, bad value, value too long). */
int annals_query_set(annals_query *q, const char *key, const char *val, char *err, size_t errlen);
/* Parses a URL query string (the part after '?': key=value pairs joined by '&',
** percent-encoded, '+' for a space) into q. Returns 0 or -1 with err set. */
int annals_query_parse_qs(annals_query *q, const char *qs, size_t len, char *err, size_t errlen);
/* The cursor that continues after a row with this sort key and id ("ID:KEY"). */
void annals_query_cursor(char *out, size_t n, int64_t id, const char *key);

typedef enum {
    ANNALS_QK_EVENTS = 0, ANNALS_QK_TIMELINE, ANNALS_QK_NETWORK, ANNALS_QK_GEO, ANNALS_QK_ACTORS,
    ANNALS_QK_STORIES             /* story_events (docs/store.md); ANNALS_Q_NOTFOUND in a store without them */
} annals_qkind;
/* "events", "timeline", ..., "stories": true and *out set when name is one. */
bool annals_qkind_parse(const char *name, annals_qkind *out);

typedef struct annals_qdb annals_qdb;
/* Opens the store read-only: an SQLite file or a postgresql:// URI (it must exist and
** have been opened once by the store, which creates the full-text index). data_dir
** (NULL: the default) holds places.txt, the coordinates and countries of place names.
** One connection: use it from one thread at a time. */
int annals_qdb_open(annals_qdb **out, const char *path, const char *data_dir, annals_ctx *ctx);
void annals_qdb_close(annals_qdb *db);      /* NULL: no-op */
/* For messages: the file, or the URI without its password. */
const char *annals_qdb_name(const annals_qdb *db);
/* The store's data version: it moves whenever another connection commits to the
** store, so an answer cached with it is current while it stays. SQLite's PRAGMA
** data_version of this connection; on PostgreSQL the store's data_version row (schema
** v5), which every write transaction moves, read as last committed (one small query;
** the connection is opened again when lost). < 0 on error, and on a PostgreSQL store
** from before v5 (nothing is cached there). */
int64_t annals_qdb_version(annals_qdb *db);
/* PostgreSQL: the connection to the server is lost and could not be made again (the
** last answer failed for it; the next one tries to connect again). */
bool annals_qdb_lost(const annals_qdb *db);

/* Result of a run: 0 done; ANNALS_Q_BAD: the query cannot run as asked (a
** full-text query SQLite rejects, a format the answer has not), err says why;
** ANNALS_Q_NOTFOUND: no such document; < 0: an annals error on ctx. */
#define ANNALS_Q_BAD 1
#define ANNALS_Q_NOTFOUND 2
int annals_qdb_run(annals_qdb *db, annals_qkind kind, const annals_query *q, annals_buf *out,
                   char *err, size_t errlen, annals_ctx *ctx);
/* One document: its text, sentences and every event with its spans (JSON). */
int annals_qdb_document(annals_qdb *db, int64_t id, annals_buf *out, annals_ctx *ctx);
/* One story: its fields and disagreements, its mentions with their spans, and
** the documents they come from (text, sources). ANNALS_Q_NOTFOUND when there
** is no such story, or the store has none. */
int annals_qdb_story(annals_qdb *db, int64_t id, annals_buf *out, annals_ctx *ctx);

#endif
