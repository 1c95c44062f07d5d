/* SPDX-License-Identifier: MIT
** query/query.c -- runs an annals_query on a read-only store connection, SQLite or
** PostgreSQL, through the store's database interface (src/lib/store/db.h).
**
** The SQL of every answer is put together from fixed fragments chosen by which
** filters are set; every value goes in as a bound parameter (struct sqlb).
** Events come a page at a time by keyset pagination: ORDER BY (sort key, id)
** and the next page starts after the last row's (key, id), which the cursor
** carries, so a page costs the same wherever it is. The date of an event is its
** own date, else its document's publication date. Places are matched to
** data/places.txt (name -> ISO3, latitude, longitude), loaded into a TEMP table
** of the connection, for the country filter and the geo answer. Answers are
** JSON objects that echo the query and give the store's date range; events,
** timeline, network, geo and actors also come as CSV (geo as GeoJSON too).
**
** PostgreSQL (docs/serve.md, "PostgreSQL"): the same SQL where both dialects read it;
** where they differ, a fragment per dialect (sqlb.pg): places in a temporary table
** keyed by the lower-case name (SQLite's NOCASE), q= through PostgreSQL's full-text
** search (websearch_to_tsquery over to_tsvector('simple', evidence), the GIN index the
** store makes), the network's busiest dyads in a CTE rather than a temporary table (an
** answer reads in a READ ONLY snapshot). Such a store has no rollups: every answer reads
** the events. The data version (annals_qdb_version, what serve keys its answer cache by)
** is the store's data_version row, which every write transaction moves (schema v5,
** db.h); it also keys the date range (range_version). A connection lost (the server
** restarted) is opened again and the answer tried once more; when that fails too,
** annals_qdb_lost says so (serve answers 503). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sqlite3.h>
#include "annals/query.h"
#include "../store/db.h"

/* Prepared SELECTs kept by their SQL text: the same filters (other values)
** give the same SQL, and preparing it again cost about a quarter of a page
** of one dyad (1.4 of 5.5 ms, Python's sqlite3 with and without its
** statement cache, on the 1M-event bench store). */
#define STMT_CACHE 16
typedef struct {
    char *sql;
    annals_db_stmt *st;
    bool busy;                         /* handed out by prepare, not yet released */
    uint64_t used;
} cached_stmt;

struct annals_qdb {
    annals_db *conn;
    sqlite3 *db;                       /* the SQLite handle of conn, NULL on PostgreSQL */
    bool pg;
    char *path;                        /* as given: a file or a URI (to connect again) */
    char *name;                        /* for messages: the path, or the URI without its password */
    char *data_dir;
    bool has_fts;
    bool has_stories;                  /* story_events and the events' story columns (docs/store.md) */
    bool has_rollup;                   /* events_day and the rollups (docs/store.md, "Event dates and rollups") */
    bool has_rollup2;                  /* rollup_pair, rollup_place and rollup_actor (the same section) */
    bool has_data_version;             /* PostgreSQL: the data_version row of schema v5 (db.h) */
    cached_stmt stc[STMT_CACHE];
    uint64_t stc_clock;
    annals_buf range;                  /* the last data_range JSON ... */
    int64_t range_version;             /* ... and the PRAGMA data_version it was read at */
};

#define DATEK "coalesce(e.date, d.pub_date, '')"
#define FROM_EVENTS " FROM events e JOIN documents d ON d.id = e.doc_id"
/* Mean Goldstein from the sum of the scores in thousandths (whole numbers: exact
** in any order) and their count, so that the events and the rollups (whose
** gsum is that sum) give the same mean to the last digit. */
#define MEAN_EVENTS "round(sum(round(e.goldstein * 1000)) * 1.0 / count(e.goldstein) / 1000.0, 3)"
/* PostgreSQL: the same in numeric (its round takes no double precision and a division
** by zero is an error, where SQLite's gives NULL) */
#define MEAN_EVENTS_PG \
    "round(sum(round((e.goldstein * 1000)::numeric)) / nullif(count(e.goldstein), 0) / 1000, 3)"
#define MEAN_ROLLUP "round(sum(r.gsum) * 1.0 / sum(r.gn) / 1000.0, 3)"
#define MEAN_ROLLUP_ROW "round(r.gsum * 1.0 / r.gn / 1000.0, 3)"   /* of one row */

/* An error of an SQLite call made here, not through db.h. */
static int db_error(annals_qdb *db, annals_ctx *ctx, const char *what)
{
    int code = sqlite3_errcode(db->db);
    return annals_error_set(ctx, code == SQLITE_NOMEM ? ANNALS_ENOMEM : ANNALS_ERROR, "%s: %s: %s", db->name, what,
                            sqlite3_errmsg(db->db));
}

/* ---- places.txt into temp.places ---------------------------------------- */

/* The fields of a line of places.txt: NAME \t ISO3 \t KIND \t LAT \t LON (cut at the
** tabs). False for a comment ('#'), an empty line or one of fewer fields (the
** dictionary loader reports bad lines; here they are only unplaced). */
static bool place_fields(char *line, char *f[5])
{
    if (line[0] == '#' || !line[0]) return false;
    int nf = 0;
    for (char *s = line; nf < 5;) {
        f[nf++] = s;
        char *t = strchr(s, '\t');
        if (!t) break;
        *t = '\0';
        s = t + 1;
    }
    return nf == 5;
}

/* Appends s to a PostgreSQL array literal in a: quoted, its '"' and '\' escaped. */
static void array_elem(annals_buf *a, const char *s, int *oom)
{
    if (annals_buf_putc(a, a->len ? ',' : '{') < 0 || annals_buf_putc(a, '"') < 0) *oom = 1;
    for (; *s; s++)
        if (((*s == '"' || *s == '\\') && annals_buf_putc(a, '\\') < 0) || annals_buf_putc(a, *s) < 0) *oom = 1;
    if (annals_buf_putc(a, '"') < 0) *oom = 1;
}

/* The places of buf (places.txt) into the PostgreSQL session's temporary table, in one
** statement (four arrays, unnested): the first of the spellings that differ only in
** case is kept, as SQLite's NOCASE key keeps it. */
static int load_places_pg(annals_qdb *db, char *buf, size_t len, annals_ctx *ctx)
{
    int rc = annals_db_exec(db->conn,
                            "CREATE TEMP TABLE IF NOT EXISTS places(name text COLLATE \"C\","
                            " lname text COLLATE \"C\" PRIMARY KEY, iso3 text COLLATE \"C\", lat float8, lon float8);"
                            "TRUNCATE pg_temp.places;"
                            "CREATE INDEX IF NOT EXISTS places_iso3 ON pg_temp.places(iso3)",
                            ctx, "creating the places table");
    if (rc < 0) return rc;
    annals_buf col[4] = { { 0 } };
    int oom = 0;
    for (char *p = buf, *line; (line = annals_next_line(&p, buf + len));) {
        char *f[5];
        if (!place_fields(line, f)) continue;
        char num[2][40];
        snprintf(num[0], sizeof num[0], "%.17g", atof(f[3]));
        snprintf(num[1], sizeof num[1], "%.17g", atof(f[4]));
        array_elem(&col[0], f[0], &oom);
        array_elem(&col[1], f[1], &oom);
        array_elem(&col[2], num[0], &oom);
        array_elem(&col[3], num[1], &oom);
    }
    for (int i = 0; i < 4; i++)
        if (annals_buf_puts(&col[i], col[i].len ? "}" : "{}") < 0) oom = 1;
    annals_db_stmt *st = NULL;
    if (oom) rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
    else if ((rc = annals_db_prepare(db->conn,
                                     "INSERT INTO pg_temp.places SELECT n, lower(n COLLATE \"C\"), i, la, lo"
                                     " FROM unnest(?1::text[], ?2::text[], ?3::float8[], ?4::float8[]) AS t(n, i, la, lo)"
                                     " ON CONFLICT DO NOTHING",
                                     &st, ctx, "filling the places table")) == 0) {
        for (int i = 0; i < 4; i++) annals_db_bind_borrowed(st, i + 1, col[i].p, col[i].len);
        rc = annals_db_run(st, NULL, ctx, "filling the places table");
    }
    /* (autovacuum never reads a temporary table: the planner's statistics come from here) */
    if (rc >= 0) rc = annals_db_exec(db->conn, "ANALYZE pg_temp.places", ctx, "filling the places table");
    annals_db_finalize(st);
    for (int i = 0; i < 4; i++) annals_buf_free(&col[i]);
    return rc < 0 ? rc : 0;
}

static int load_places(annals_qdb *db, annals_ctx *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/places.txt", db->data_dir ? db->data_dir : annals_default_data_dir());
    char *buf = NULL;
    size_t len = 0;
    int rc = annals_read_file(&buf, &len, path, 64u << 20, ctx);
    if (rc < 0) return rc;
    if (db->pg) {
        rc = load_places_pg(db, buf, len, ctx);
        free(buf);
        return rc;
    }
    if (sqlite3_exec(db->db,
                     "CREATE TEMP TABLE places(name TEXT PRIMARY KEY COLLATE NOCASE, iso3 TEXT, lat REAL, lon REAL);"
                     "CREATE INDEX temp.places_iso3 ON places(iso3);",
                     NULL, NULL, NULL) != SQLITE_OK) {
        free(buf);
        return db_error(db, ctx, "creating the places table");
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db, "INSERT OR IGNORE INTO temp.places VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL)
        != SQLITE_OK) {
        free(buf);
        return db_error(db, ctx, "filling the places table");
    }
    sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL);
    for (char *p = buf, *line; rc == 0 && (line = annals_next_line(&p, buf + len));) {
        char *f[5];
        if (!place_fields(line, f)) continue;
        sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, f[1], -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 3, atof(f[3]));
        sqlite3_bind_double(st, 4, atof(f[4]));
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_error(db, ctx, "filling the places table");
        sqlite3_reset(st);
    }
    sqlite3_exec(db->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(st);
    free(buf);
    return rc;
}

/* Closes the connection and the statements kept on it. */
static void disconnect(annals_qdb *db)
{
    for (int i = 0; i < STMT_CACHE; i++) {
        annals_db_finalize(db->stc[i].st);
        free(db->stc[i].sql);
        db->stc[i] = (cached_stmt){ 0 };
    }
    annals_db_close(db->conn);
    db->conn = NULL;
    db->db = NULL;
    annals_buf_clear(&db->range);
}

/* Opens the store read-only, finds out what it holds, fills the places table. */
static int connect_store(annals_qdb *db, annals_ctx *ctx)
{
    int rc = annals_db_open(&db->conn, db->path, ANNALS_DB_READ, ctx);
    if (rc < 0) return rc;
    db->db = annals_db_sqlite(db->conn);
    db->pg = annals_db_kind_of(db->conn) == ANNALS_DB_PG;
    /* 16 MiB of page cache per connection (the default is 2 MiB): aggregates over a
       large store read the same pages request after request */
    if (db->db) sqlite3_exec(db->db, "PRAGMA cache_size=-16384", NULL, NULL, NULL);
    annals_db_stmt *st = NULL;
    int n_tables = 0, n_rollup = 0, n_rollup2 = 0;
    db->has_fts = db->has_stories = db->has_rollup = db->has_rollup2 = db->has_data_version = false;
#define STORE_TABLES \
    " IN ('documents', 'sentences', 'events', 'actors', 'cameo_roots', 'events_fts', 'story_events'," \
    " 'events_day', 'rollup_day', 'rollup_month', 'rollup_dyad', 'rollup_pair', 'rollup_place', 'rollup_actor'," \
    " 'data_version')"
    if ((rc = annals_db_prepare(db->conn,
                                db->pg ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename"
                                         STORE_TABLES
                                       : "SELECT name FROM sqlite_master WHERE type = 'table' AND name" STORE_TABLES,
                                &st, ctx, "reading the schema")) < 0) {
        if (!db->pg && sqlite3_errcode(db->db) == SQLITE_NOTADB)
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: not an annals store (not a database)", db->name);
        return rc;
    }
#undef STORE_TABLES
    while ((rc = annals_db_step(st, ctx, "reading the schema")) == 1) {
        const char *name = annals_db_col_text(st, 0);
        if (!strcmp(name, "events_fts")) db->has_fts = true;
        else if (!strcmp(name, "story_events")) db->has_stories = true;
        else if (!strcmp(name, "data_version")) db->has_data_version = db->pg;
        else if (!strcmp(name, "rollup_pair") || !strcmp(name, "rollup_place") || !strcmp(name, "rollup_actor"))
            n_rollup2++;
        else if (!strncmp(name, "rollup_", 7) || !strcmp(name, "events_day")) n_rollup++;
        else n_tables++;
    }
    annals_db_finalize(st);
    if (rc < 0) {
        if (!db->pg && sqlite3_errcode(db->db) == SQLITE_NOTADB)
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: not an annals store (not a database)", db->name);
        return rc;
    }
    /* PostgreSQL: q= is a predicate on the events (with or without the store's GIN index) */
    if (db->pg) db->has_fts = true;
    db->has_rollup = n_rollup == 4;
    db->has_rollup2 = db->has_rollup && n_rollup2 == 3;
    if (n_tables < 5)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: not an annals store (run annals ingest --db on it first)",
                                db->name);
    return load_places(db, ctx);
}

int annals_qdb_open(annals_qdb **out, const char *path, const char *data_dir, annals_ctx *ctx)
{
    *out = NULL;
    annals_qdb *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path)) || !(db->name = annals_db_is_uri(path) ? annals_db_redact_uri(path) : strdup(path)) ||
        (data_dir && !(db->data_dir = strdup(data_dir)))) {
        annals_qdb_close(db);
        return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", annals_db_is_uri(path) ? "database" : path);
    }
    int rc = connect_store(db, ctx);
    if (rc < 0) {
        annals_qdb_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

/* PostgreSQL: opens the database again when its connection was lost. */
static int reconnect_if_lost(annals_qdb *db, annals_ctx *ctx)
{
    if (!db->pg || (db->conn && !annals_db_lost(db->conn))) return 0;
    disconnect(db);
    return connect_store(db, ctx);
}

bool annals_qdb_lost(const annals_qdb *db)
{
    return db->pg && (!db->conn || annals_db_lost(db->conn));
}

const char *annals_qdb_name(const annals_qdb *db) { return db->name; }

/* The data_version row of a PostgreSQL store; -1 when it is missing (nothing cached). */
#define PG_DATA_VERSION "SELECT coalesce((SELECT n FROM data_version), -1)"

/* PostgreSQL: the data_version row (autocommit: the last committed number), connected
** again first when the connection was lost; -1 without the row or the server. */
static int64_t pg_data_version(annals_qdb *db)
{
    int64_t v;
    if (reconnect_if_lost(db, NULL) < 0 || !db->has_data_version) return -1;
    if (annals_db_int(db->conn, PG_DATA_VERSION, &v, NULL) < 0 &&
        (!annals_qdb_lost(db) || reconnect_if_lost(db, NULL) < 0 || !db->has_data_version ||
         annals_db_int(db->conn, PG_DATA_VERSION, &v, NULL) < 0))
        return -1;
    return v;
}

int64_t annals_qdb_version(annals_qdb *db)
{
    if (db->pg) return pg_data_version(db);
    if (!db->db) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK) return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

void annals_qdb_close(annals_qdb *db)
{
    if (!db) return;
    disconnect(db);
    annals_buf_free(&db->range);
    free(db->path);
    free(db->name);
    free(db->data_dir);
    free(db);
}

/* ---- SQL with bound values ---------------------------------------------- */

#define SQLB_MAX 96
typedef struct { char type; const char *s; double d; int64_t i; char own[24]; } sqlv;   /* type s, d or i */
typedef struct {
    annals_buf sql;
    int n, oom;
    bool pg;                           /* the SQL is PostgreSQL's */
    sqlv v[SQLB_MAX];
} sqlb;

/* Empties b for the next statement (keeps the SQL buffer's memory). */
static void sqlb_reset(sqlb *b)
{
    annals_buf_clear(&b->sql);
    b->n = 0;
    b->oom = 0;
}

static void sql_add(sqlb *b, const char *frag)
{
    if (annals_buf_puts(&b->sql, frag) < 0) b->oom = 1;
}

/* A fragment spelled differently by the two dialects. */
static void sql_dialect(sqlb *b, const char *sqlite, const char *pg)
{
    sql_add(b, b->pg ? pg : sqlite);
}

/* The next bound value (its "?" appended to the SQL), or NULL when full. */
static void *slot(sqlb *b, char type)
{
    if (b->n == SQLB_MAX) { b->oom = 1; return NULL; }
    b->v[b->n].type = type;
    sql_add(b, "?");
    return &b->v[b->n++];
}

/* Binds text s (borrowed: it must outlive the statement). */
static void bind_s(sqlb *b, const char *s)
{
    sqlv *v = slot(b, 's');
    if (v) v->s = s;
}

/* Binds s with '~' appended: above every string that starts with s and goes on in
** letters, digits or '-' (codes and dates), so "x >= s AND x < s~" is a prefix test
** an index can serve. */
static void bind_upper(sqlb *b, const char *s)
{
    sqlv *v = slot(b, 's');
    if (!v) return;
    snprintf(v->own, sizeof v->own, "%.20s~", s);
    v->s = v->own;
}

static void bind_d(sqlb *b, double d)
{
    sqlv *v = slot(b, 'd');
    if (v) v->d = d;
}

static void bind_i(sqlb *b, int64_t i)
{
    sqlv *v = slot(b, 'i');
    if (v) v->i = i;
}

/* col equal to val in ASCII case-insensitively (SQLite's NOCASE; on PostgreSQL both
** sides in lower case under the "C" collation, which lowers ASCII only). */
static void nocase_eq(sqlb *b, const char *col, const char *val)
{
    sql_add(b, b->pg ? "lower(" : "");
    sql_add(b, col);
    sql_add(b, b->pg ? ") = lower(" : " = ");
    bind_s(b, val);
    sql_add(b, b->pg ? " COLLATE \"C\")" : " COLLATE NOCASE");
}

/* " JOIN" what follows: the places table p on the place in col (its spellings that
** differ only in case are one). */
static void places_on(sqlb *b, const char *col)
{
    sql_dialect(b, " temp.places p ON p.name = ", " pg_temp.places p ON p.lname = lower(");
    sql_add(b, col);
    if (b->pg) sql_add(b, ")");
}

static void prefix(sqlb *b, const char *col, const char *val)
{
    sql_add(b, "(");
    sql_add(b, col);
    sql_add(b, " >= ");
    bind_s(b, val);
    sql_add(b, " AND ");
    sql_add(b, col);
    sql_add(b, " < ");
    bind_upper(b, val);
    sql_add(b, ")");
}

/* col's actor code starts with val: col IN the codes of the actors table that
** do (the store lists there every code its events use), so that the
** events_dyad index (src, tgt) is searched code by code on both columns
** rather than scanned over a range of src. */
static void actor_prefix(sqlb *b, const char *col, const char *val)
{
    sql_add(b, col);
    sql_add(b, " IN (SELECT code FROM actors WHERE code >= ");
    bind_s(b, val);
    sql_add(b, " AND code < ");
    bind_upper(b, val);
    sql_add(b, ")");
}

/* The columns the filters read: of an event (e, its document d) or of a story (s). */
typedef struct { const char *src, *tgt, *code, *root, *quad, *date, *place; bool story; } cols;
static const cols EVENT_COLS = { "e.src", "e.tgt", "e.code", "e.root", "e.quad_class", DATEK, "e.place", false };
/* the same with the event's date from events_day k (a store with the rollups) */
static const cols EVENT_COLS_K = { "e.src", "e.tgt", "e.code", "e.root", "e.quad_class", "k.day", "e.place", false };
/* the rollups (r): rollup_day has day, root (a code filter of roots only) and
** quad, rollup_month month, root and quad; rollup_dyad src, tgt and quad */
static const cols DAY_COLS = { NULL, NULL, "r.root", "r.root", "r.quad", "r.day", NULL, false };
static const cols MONTH_COLS = { NULL, NULL, "r.root", "r.root", "r.quad", "r.month", NULL, false };
static const cols DYAD_COLS = { "r.src", "r.tgt", NULL, NULL, "r.quad", NULL, NULL, false };
/* rollup_place: place, root, quad; rollup_actor: root, quad */
static const cols PLACE_COLS = { NULL, NULL, "r.root", "r.root", "r.quad", NULL, "r.place", false };
static const cols ACTOR_COLS = { NULL, NULL, "r.root", "r.root", "r.quad", NULL, NULL, false };
#define STORY_DATEK "coalesce(s.date, '')"
static const cols STORY_COLS = { "s.src", "s.tgt", "s.code", "s.root", "s.quad_class", STORY_DATEK, "s.place", true };

/* " AND ..." for every filter that is set (the page and the sort are not filters).
** For stories, q, min_confidence and outlet hold when one of its mentions matches. */
static void where(sqlb *b, const annals_query *q, const cols *c)
{
    if (q->actor[0]) {
        sql_add(b, " AND (");
        actor_prefix(b, c->src, q->actor);
        sql_add(b, " OR ");
        actor_prefix(b, c->tgt, q->actor);
        sql_add(b, ")");
    }
    if (q->src[0]) { sql_add(b, " AND "); actor_prefix(b, c->src, q->src); }
    if (q->tgt[0]) { sql_add(b, " AND "); actor_prefix(b, c->tgt, q->tgt); }
    if (q->dyad_a[0]) {
        sql_add(b, " AND ((");
        actor_prefix(b, c->src, q->dyad_a);
        sql_add(b, " AND ");
        actor_prefix(b, c->tgt, q->dyad_b);
        sql_add(b, ")");
        if (!q->directed) {
            sql_add(b, " OR (");
            actor_prefix(b, c->src, q->dyad_b);
            sql_add(b, " AND ");
            actor_prefix(b, c->tgt, q->dyad_a);
            sql_add(b, ")");
        }
        sql_add(b, ")");
    }
    if (q->n_code) {
        sql_add(b, " AND (");
        for (int i = 0; i < q->n_code; i++) {
            if (i) sql_add(b, " OR ");
            prefix(b, c->code, q->code[i]);
        }
        sql_add(b, ")");
    }
    if (q->n_root) {
        sql_add(b, " AND ");
        sql_add(b, c->root);
        sql_add(b, " IN (");
        for (int i = 0; i < q->n_root; i++) {
            if (i) sql_add(b, ", ");
            bind_s(b, q->root[i]);
        }
        sql_add(b, ")");
    }
    if (q->quad_mask) {
        sql_add(b, " AND ");
        sql_add(b, c->quad);
        sql_add(b, " IN (");
        bool first = true;
        for (int k = 1; k <= 4; k++) {
            if (!(q->quad_mask & (1u << k))) continue;
            if (!first) sql_add(b, ", ");
            bind_i(b, k);
            first = false;
        }
        sql_add(b, ")");
    }
    if (q->from[0]) { sql_add(b, " AND "); sql_add(b, c->date); sql_add(b, " >= "); bind_s(b, q->from); }
    if (q->to[0]) { sql_add(b, " AND "); sql_add(b, c->date); sql_add(b, " < "); bind_upper(b, q->to); }   /* 'to' takes in its whole month or year */
    if (q->country[0]) {
        sql_add(b, " AND ");
        sql_add(b, c->place);
        sql_dialect(b, " IN (SELECT name FROM temp.places WHERE iso3 = ", " IN (SELECT name FROM pg_temp.places WHERE iso3 = ");
        bind_s(b, q->country);
        sql_add(b, ")");
    }
    if (q->place[0]) { sql_add(b, " AND "); nocase_eq(b, c->place, q->place); }
    if (q->min_sources > 0) {
        sql_add(b, c->story ? " AND s.n_sources >= " : " AND e.story_id IN (SELECT id FROM story_events WHERE n_sources >= ");
        bind_i(b, q->min_sources);
        if (!c->story) sql_add(b, ")");
    }
    /* the rest are about mentions: for a story, one of its mentions */
    if (c->story && (q->q[0] || q->min_confidence >= 0 || q->outlet[0]))
        sql_add(b, " AND EXISTS (SELECT 1 FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id = s.id");
    if (q->q[0]) {
        /* PostgreSQL: the expression of the store's GIN index (store.c) */
        sql_dialect(b, " AND e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ",
                    " AND to_tsvector('simple', coalesce(e.evidence, '')) @@ websearch_to_tsquery('simple', ");
        bind_s(b, q->q);
        sql_add(b, ")");
    }
    if (q->min_confidence >= 0) { sql_add(b, " AND e.confidence >= "); bind_d(b, q->min_confidence); }
    if (q->outlet[0]) {
        sql_add(b, " AND (");
        nocase_eq(b, "d.outlet", q->outlet);
        if (c->story) {
            /* a story also counts the outlets its reports' copies were seen at */
            sql_add(b, " OR d.id IN (SELECT doc_id FROM document_sources WHERE ");
            nocase_eq(b, "outlet", q->outlet);
            sql_add(b, ")");
        }
        sql_add(b, ")");
    }
    if (c->story && (q->q[0] || q->min_confidence >= 0 || q->outlet[0])) sql_add(b, ")");
}

/* Gives back a statement from prepare: kept ones are reset and their values
** unbound (they point into the sqlb), the others finalized. NULL: no-op. */
static void release(annals_qdb *db, annals_db_stmt *st)
{
    if (!st) return;
    for (int i = 0; i < STMT_CACHE; i++)
        if (db->stc[i].st == st) {
            annals_db_reset(st);
            db->stc[i].busy = false;
            return;
        }
    annals_db_finalize(st);
}

/* Keeps st, a SELECT prepared from sql, in a free slot or in place of the
** least recently used idle one; left unkept when every slot is busy. */
static void keep(annals_qdb *db, const char *sql, annals_db_stmt *st)
{
    cached_stmt *slot = NULL;
    for (int i = 0; i < STMT_CACHE; i++) {
        cached_stmt *c = &db->stc[i];
        if (!c->st) { slot = c; break; }
        if (!c->busy && (!slot || c->used < slot->used)) slot = c;
    }
    char *copy = slot ? strdup(sql) : NULL;
    if (!copy) return;
    annals_db_finalize(slot->st);
    free(slot->sql);
    *slot = (cached_stmt){ copy, st, true, ++db->stc_clock };
}

/* The SQL of b as PostgreSQL reads it, where the two differ in syntax only: a bare
** "WHERE 1" is "WHERE TRUE", and there is no NOT INDEXED (SQLite's hint to scan the
** table). malloc'd; NULL when out of memory. */
static char *pg_syntax(const char *sql)
{
    size_t n = 0, len = strlen(sql);
    char *out = malloc(len + len / 7 * 3 + 1);   /* "1" to "TRUE" after each "WHERE 1" */
    if (!out) return NULL;
    for (const char *p = sql; *p;) {
        if (!strncmp(p, "WHERE 1", 7) && (p[7] == ' ' || p[7] == ')' || !p[7])) {
            memcpy(out + n, "WHERE TRUE", 10);
            n += 10;
            p += 7;
        } else if (!strncmp(p, " NOT INDEXED", 12)) p += 12;
        else out[n++] = *p++;
    }
    out[n] = '\0';
    return out;
}

/* Prepares b's SQL (or takes the idle kept statement of the same SQL) and
** binds its values. 0, ANNALS_Q_BAD (err set), or < 0. Give it back with release. */
static int prepare(annals_qdb *db, sqlb *b, annals_db_stmt **st, char *err, size_t errlen, annals_ctx *ctx)
{
    (void)err;
    (void)errlen;
    *st = NULL;
    if (b->oom) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory building a query", db->name);
    for (int i = 0; i < STMT_CACHE && !*st; i++) {
        cached_stmt *c = &db->stc[i];
        if (c->st && !c->busy && !strcmp(c->sql, b->sql.p)) {
            c->busy = true;
            c->used = ++db->stc_clock;
            *st = c->st;
        }
    }
    if (!*st) {
        char *pg_sql = db->pg ? pg_syntax(b->sql.p) : NULL;
        if (db->pg && !pg_sql) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory building a query", db->name);
        int rc = annals_db_prepare(db->conn, pg_sql ? pg_sql : b->sql.p, st, ctx, "preparing a query");
        free(pg_sql);
        if (rc < 0) return rc;
        if (!strncmp(b->sql.p, "SELECT ", 7) || !strncmp(b->sql.p, "WITH ", 5)) keep(db, b->sql.p, *st);
    }
    for (int i = 0; i < b->n; i++) {
        if (b->v[i].type == 's') annals_db_bind_borrowed(*st, i + 1, b->v[i].s, strlen(b->v[i].s));
        else if (b->v[i].type == 'd') annals_db_bind_double(*st, i + 1, b->v[i].d);
        else annals_db_bind_int(*st, i + 1, b->v[i].i);
    }
    return 0;
}

/* A step error (ctx holds it): a full-text query SQLite cannot parse is the
** caller's (400); anything else is the server's. (PostgreSQL's websearch_to_tsquery
** reads any text.) */
static int step_error(annals_qdb *db, const annals_query *q, int rc, char *err, size_t errlen, annals_ctx *ctx)
{
    (void)ctx;
    const char *msg = db->db ? sqlite3_errmsg(db->db) : "";
    if (db->db && q->q[0] && (strstr(msg, "fts5") || strstr(msg, "syntax error") || strstr(msg, "no such column"))) {
        snprintf(err, errlen, "q: not a full-text query SQLite FTS5 reads (%s)", msg);
        return ANNALS_Q_BAD;
    }
    return rc;
}

/* ---- writing the answer: an allocation that fails anywhere makes the whole
** answer fail (ANNALS_ENOMEM), never a truncated one ---- */

static _Thread_local bool out_failed;

static void put_a(annals_buf *o, const void *p, size_t n) { if (annals_buf_append(o, p, n) < 0) out_failed = true; }
static void put_s(annals_buf *o, const char *s) { if (annals_buf_puts(o, s) < 0) out_failed = true; }
static void put_c(annals_buf *o, char c) { if (annals_buf_putc(o, c) < 0) out_failed = true; }
static void put_j(annals_buf *o, const char *s, size_t n) { if (annals_buf_json_escape(o, s, n) < 0) out_failed = true; }

static void put_f(annals_buf *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put_f(annals_buf *o, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { out_failed = true; return; }
    if ((size_t)n < sizeof small) { put_a(o, small, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) { out_failed = true; return; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put_a(o, big, (size_t)n);
    free(big);
}

/* ---- writing rows ------------------------------------------------------- */

static void json_str(annals_buf *o, const char *s)
{
    put_c(o, '"');
    put_j(o, s, strlen(s));
    put_c(o, '"');
}

/* Text that is JSON: SQLite's query checks it already (json_valid); PostgreSQL 15
** has no such test, so it is checked here, for both. */
static bool is_json(const char *t, size_t n)
{
    json_error_t e;
    json_t *j = json_loadb(t, n, JSON_DECODE_ANY, &e);
    json_decref(j);
    return j != NULL;
}

static void json_value(annals_buf *o, annals_db_stmt *st, int i)
{
    switch (annals_db_col_type(st, i)) {
    case ANNALS_DB_INTEGER: put_f(o, "%lld", (long long)annals_db_col_int(st, i)); break;
    case ANNALS_DB_FLOAT: {
        double d = annals_db_col_double(st, i);
        put_f(o, "%.6g", d);
        break;
    }
    case ANNALS_DB_NULL: put_s(o, "null"); break;
    default: {
        /* a column of JSON text (checked by json_valid in the query) goes in as JSON */
        const char *cn = annals_db_col_name(st, i);
        const char *t = annals_db_col_text(st, i);
        size_t n = annals_db_col_bytes(st, i);
        if (!strcmp(cn, "disagreements") || !strcmp(cn, "sources")) {
            if (t && is_json(t, n)) put_a(o, t, n);
            else put_s(o, "null");
            break;
        }
        put_c(o, '"');
        put_j(o, t ? t : "", n);
        put_c(o, '"');
    }
    }
}

/* One row as a JSON object keyed by the column names, the first `skip` left out,
** and those whose name starts with '_' (read by the caller, not shown). */
static void json_row(annals_buf *o, annals_db_stmt *st, int skip)
{
    put_c(o, '{');
    bool first = true;
    for (int i = skip, n = annals_db_col_count(st); i < n; i++) {
        const char *name = annals_db_col_name(st, i);
        if (name[0] == '_') continue;
        if (!first) put_c(o, ',');
        first = false;
        json_str(o, name);
        put_c(o, ':');
        json_value(o, st, i);
    }
    put_c(o, '}');
}

/* A CSV field (RFC 4180: quoted when it holds a comma, quote or line break). */
static void csv_field(annals_buf *o, const char *s, size_t n)
{
    if (!strpbrk(s, ",\"\r\n")) { put_a(o, s, n); return; }
    put_c(o, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') put_c(o, '"');
        put_c(o, s[i]);
    }
    put_c(o, '"');
}

static void csv_header(annals_buf *o, annals_db_stmt *st, int skip)
{
    for (int i = skip, n = annals_db_col_count(st); i < n; i++) {
        if (i > skip) put_c(o, ',');
        const char *name = annals_db_col_name(st, i);
        csv_field(o, name, strlen(name));
    }
    put_s(o, "\r\n");
}

static void csv_row(annals_buf *o, annals_db_stmt *st, int skip)
{
    for (int i = skip, n = annals_db_col_count(st); i < n; i++) {
        if (i > skip) put_c(o, ',');
        annals_db_type t = annals_db_col_type(st, i);
        if (t == ANNALS_DB_NULL) continue;
        if (t == ANNALS_DB_FLOAT) { put_f(o, "%.6g", annals_db_col_double(st, i)); continue; }
        if (t == ANNALS_DB_INTEGER) { put_f(o, "%lld", (long long)annals_db_col_int(st, i)); continue; }
        const char *s = annals_db_col_text(st, i);
        csv_field(o, s ? s : "", annals_db_col_bytes(st, i));
    }
    put_s(o, "\r\n");
}

/* Writes every row of st: JSON "name":[...] or CSV with a header. Returns
** the number of rows, or -1 with *status: ANNALS_Q_BAD or < 0. */
typedef struct { int max_rows; int more; bool by_date; char cursor[64]; } page;

static int emit_rows(annals_qdb *db, annals_db_stmt *st, annals_buf *o, bool csv, int skip, const char *name,
                     page *pg, const annals_query *q, char *err, size_t errlen, annals_ctx *ctx, int *status)
{
    int max_rows = pg ? pg->max_rows : -1;
    int *more = pg ? &pg->more : NULL;
    int n = 0, rc;
    *status = 0;
    if (more) *more = 0;
    if (!csv) put_f(o, "\"%s\":[", name);
    while ((rc = annals_db_step(st, ctx, name)) == 1) {
        if (max_rows >= 0 && n == max_rows) { if (more) *more = 1; break; }
        if (n == 0 && csv) csv_header(o, st, skip);
        if (pg) {
            /* the cursor to the page after this row: (sort key, id) */
            char num[32];
            const char *key = annals_db_col_text(st, 0);
            if (!pg->by_date) { snprintf(num, sizeof num, "%.17g", annals_db_col_double(st, 0)); key = num; }
            annals_query_cursor(pg->cursor, sizeof pg->cursor, annals_db_col_int(st, 1), key ? key : "");
        }
        if (csv) csv_row(o, st, skip);
        else {
            if (n) put_c(o, ',');
            json_row(o, st, skip);
        }
        n++;
    }
    if (rc < 0) {
        *status = step_error(db, q, rc, err, errlen, ctx);
        return -1;
    }
    if (csv && n == 0) csv_header(o, st, skip);
    if (!csv) put_c(o, ']');
    return n;
}

/* ---- the answers -------------------------------------------------------- */

/* What the date range depends on: the data version (SQLite's; on PostgreSQL the
** data_version row, read in the answer's snapshot); in a PostgreSQL store from before
** it, the highest document id (events are stored with their document, and the store
** removes none). -1 when unknown. */
static int64_t range_version(annals_qdb *db)
{
    if (!db->pg) return annals_qdb_version(db);
    int64_t v;
    return annals_db_int(db->conn, db->has_data_version ? PG_DATA_VERSION
                                                        : "SELECT coalesce(max(id), 0) FROM documents", &v, NULL) < 0
               ? -1 : v;
}

/* "query":{...} and "data_range":{"from":..,"to":..} of the whole store. */
static int head(annals_qdb *db, const annals_query *q, const char *what, annals_buf *o, annals_ctx *ctx)
{
    put_s(o, "{\"endpoint\":");
    json_str(o, what);
    put_s(o, ",\"query\":{");
    for (int i = 0; i < q->n_params; i++) {
        if (i) put_c(o, ',');
        json_str(o, q->param[i].key);
        put_c(o, ':');
        json_str(o, q->param[i].val);
    }
    put_s(o, "},\"data_range\":");
    /* the range is read again only when the store changed (another connection
       committed: PRAGMA data_version moves; on PostgreSQL a document was added);
       reading it scans the undated events */
    annals_db_stmt *st;
    int64_t version = range_version(db);
    if (!db->range.len || version < 0 || version != db->range_version) {
        /* min and max over the events_day index; without it, over the events_date
           index, then over the documents' dates for events without their own */
        const char *sql =
            db->has_rollup
                ? "SELECT (SELECT min(day) FROM events_day WHERE day > '') AS \"from\","
                  " (SELECT nullif(max(day), '') FROM events_day) AS \"to\", (SELECT count(*) FROM events_day) AS events"
                : "SELECT min(k) AS \"from\", max(k) AS \"to\", (SELECT count(*) FROM events) AS events FROM ("
                  " SELECT min(date) AS k FROM events UNION ALL SELECT max(date) FROM events"
                  " UNION ALL SELECT min(d.pub_date) FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.date IS NULL"
                  " UNION ALL SELECT max(d.pub_date) FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.date IS NULL)"
                  " AS k";
        int rc = annals_db_prepare(db->conn, sql, &st, ctx, "reading the date range");
        if (rc < 0) return rc;
        rc = annals_db_step(st, ctx, "reading the date range");
        annals_buf_clear(&db->range);
        if (rc == 1) json_row(&db->range, st, 0);
        annals_db_finalize(st);
        if (rc != 1 || !db->range.p || out_failed) {
            annals_buf_clear(&db->range);
            return rc < 0 ? rc : annals_error_set(ctx, ANNALS_ENOMEM, "%s: reading the date range: out of memory", db->name);
        }
        db->range_version = version;
    }
    put_a(o, db->range.p, db->range.len);
    put_c(o, ',');
    return 0;
}

/* A filter that an index of events serves (code prefixes have none). */
static bool indexed_filter(const annals_query *q)
{
    return q->actor[0] || q->src[0] || q->tgt[0] || q->dyad_a[0] || q->n_root || q->q[0] || q->place[0] ||
           q->country[0] || q->min_sources;
}

/* The filter columns of events in db: the date from events_day k when it has it. */
static const cols *event_cols(const annals_qdb *db) { return db->has_rollup ? &EVENT_COLS_K : &EVENT_COLS; }

/* " FROM events e" and its document when the query reads the document (dates
** without events_day, outlet) or always_doc says so; events_day k when the
** query reads the date (need_day, from, to) and the store has it. */
static void from_events(const annals_qdb *db, sqlb *b, const annals_query *q, bool always_doc, bool need_day)
{
    /* with no filter an index serves, an aggregate reads every event: in table
       order, not through an index by its order (3 times faster on 1M events);
       a date range alone is a range of the events_day index */
    bool scan = !(indexed_filter(q) || q->n_code), dates = q->from[0] || q->to[0];
    if (db->has_rollup && scan && dates) sql_add(b, " FROM events_day k CROSS JOIN events e ON e.id = k.id");
    else {
        sql_add(b, scan ? " FROM events e NOT INDEXED" : " FROM events e");
        if (db->has_rollup && (need_day || dates)) sql_add(b, " JOIN events_day k ON k.id = e.id");
    }
    if (always_doc || q->outlet[0] || (!db->has_rollup && (need_day || dates)))
        sql_add(b, " JOIN documents d ON d.id = e.doc_id");
}

static bool actor_filter(const annals_query *q);
static bool codes_are_roots(const annals_query *q);

/* The first column of the one row of b's SQL, as a number; < 0 on an error. */
static double count_of(annals_qdb *db, sqlb *b)
{
    annals_db_stmt *st = NULL;
    char err[8];
    double n = -1;
    if (prepare(db, b, &st, err, sizeof err, NULL) == 0 && annals_db_step(st, NULL, "counting") == 1)
        n = annals_db_col_double(st, 0);
    release(db, st);
    sqlb_reset(b);
    return n;
}

/* Whether a page by date under filters an index serves is better read along
** events_day's date index, filtering each event until the page is full, than
** through the filters' index (every matching event, then sorted). The
** rollups count the events each kind of filter lets through (rollup_pair
** for actors, rollup_month for roots and quad classes, rollup_place for
** country and place), the filters are taken as independent, and the walk is
** taken when it should read under half the rows the index would: a row of
** the walk costs about twice a row through an index (on the 1M-event bench
** store, 12.7k rows walked took 100 ms, 16k through the index 47 ms). A
** filter whose count is unknown, as q, keeps the index. The answer is the
** same either way; only its cost changes. *index_rows: the rows the index
** would read. */
static bool walk_dates(annals_qdb *db, sqlb *b, const annals_query *q, double *index_rows)
{
    if (!db->has_rollup2 || q->q[0] || q->min_sources || (q->n_code && !codes_are_roots(q))) return false;
    annals_query *sub = malloc(sizeof *sub);
    if (!sub) return false;
    sqlb_reset(b);
    sql_add(b, "SELECT max(id) FROM events_day");
    double total = count_of(db, b), index = total, share = 1;
    if (total > 0 && actor_filter(q)) {
        annals_query_init(sub);
        memcpy(sub->actor, q->actor, sizeof sub->actor);
        memcpy(sub->src, q->src, sizeof sub->src);
        memcpy(sub->tgt, q->tgt, sizeof sub->tgt);
        memcpy(sub->dyad_a, q->dyad_a, sizeof sub->dyad_a);
        memcpy(sub->dyad_b, q->dyad_b, sizeof sub->dyad_b);
        sub->directed = q->directed;
        sql_add(b, "SELECT total(r.n) FROM rollup_pair r WHERE 1");
        where(b, sub, &DYAD_COLS);
        double n = count_of(db, b);
        share *= n / total;
        if (n < index) index = n;
    }
    if (total > 0 && (q->n_root || q->n_code || q->quad_mask)) {
        annals_query_init(sub);
        memcpy(sub->root, q->root, sizeof sub->root);
        sub->n_root = q->n_root;
        memcpy(sub->code, q->code, sizeof sub->code);
        sub->n_code = q->n_code;
        sub->quad_mask = q->quad_mask;
        sql_add(b, "SELECT total(CASE WHEN 1");
        where(b, sub, &MONTH_COLS);
        sql_add(b, " THEN r.n END) / total(r.n) FROM rollup_month r");
        double f = count_of(db, b);
        share *= f;
        if (q->n_root && f * total < index) index = f * total;   /* the events_root index */
    }
    if (total > 0 && (q->country[0] || q->place[0])) {
        annals_query_init(sub);
        memcpy(sub->country, q->country, sizeof sub->country);
        memcpy(sub->place, q->place, sizeof sub->place);
        sql_add(b, "SELECT total(r.n) FROM rollup_place r WHERE 1");
        where(b, sub, &PLACE_COLS);
        share *= count_of(db, b) / total;   /* no index of places: the index path reads every event */
    }
    free(sub);
    *index_rows = index;
    return total > 0 && share > 0 && (q->limit + 1) / share < index / 2;
}

/* The budget of a walk along the date index: the filters may pick out events
** that are not spread over the dates as the estimate takes them to be (an
** actor of one year, the page sorted from the other end), and then the walk
** reads far more rows than it was chosen for. SQLite calls walk_over every
** 1,000 virtual machine steps; past the budget it interrupts the walk and the
** page is read through the filter's index instead. A row walked takes about
** 17 steps, a row read through the index about 26 (actor=KAZ on the 1M-event
** bench store), so the budget, 50 steps a row the index would read, bounds
** the walk at about twice the index's cost. ANNALS_WALK_BUDGET (steps) sets
** it for the tests. */
#define WALK_STEPS_PER_ROW 50
#define WALK_EVERY 1000
typedef struct { double left; int every; } walk_budget;

static int walk_over(void *arg)
{
    walk_budget *w = arg;
    return (w->left -= w->every) < 0;
}

#define PAGE_WALK_OVER 1                  /* page_once: the walk ran out of budget */

/* A page of events, or of stories: keyset pagination on (sort key, id); along
** the date index under filters an index serves only when walk_ok.
** PAGE_WALK_OVER when such a walk was stopped (o then holds a part). */
static int page_once(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen,
                     annals_ctx *ctx, bool story, bool walk_ok)
{
    bool csv = q->format == ANNALS_QF_CSV, desc = q->sort == ANNALS_QSORT_DATE_DESC || q->sort == ANNALS_QSORT_GOLDSTEIN_DESC;
    bool by_date = q->sort == ANNALS_QSORT_DATE || q->sort == ANNALS_QSORT_DATE_DESC;
    /* with events_day, events by date are read in the order of its index (day, id)
       unless a filter an index serves picks out fewer rows first */
    double index_rows = 0;
    bool day_k = !story && db->has_rollup, walk = day_k && by_date && indexed_filter(q) && walk_ok &&
                                                 walk_dates(db, b, q, &index_rows),
         by_index = day_k && by_date && (!indexed_filter(q) || walk);
    const char *k = by_date ? (story ? STORY_DATEK : day_k ? "k.day" : DATEK)
                            : story ? "coalesce(s.goldstein, 0)" : "coalesce(e.goldstein, 0)";
    const char *id = story ? "s.id" : day_k ? "k.id" : "e.id";
    sql_add(b, "SELECT ");
    sql_add(b, k);
    if (story && b->pg)   /* the JSON of disagreements is checked as it is written (json_value) */
        sql_add(b, " AS sort_key, s.id, s.code, s.root, r.name AS root_name, s.quad_class, s.goldstein, s.src, s.tgt,"
                   " s.src_text, s.tgt_text, s.date, s.place, p.iso3 AS country, s.n_mentions, s.n_sources,"
                   " s.n_articles, s.added_at, s.updated_at, s.disagreements AS disagreements"
                   " FROM story_events s LEFT JOIN cameo_roots r ON r.root = s.root");
    else if (story)
        sql_add(b, " AS sort_key, s.id, s.code, s.root, r.name AS root_name, s.quad_class, s.goldstein, s.src, s.tgt,"
                   " s.src_text, s.tgt_text, s.date, s.place, p.iso3 AS country, s.n_mentions, s.n_sources,"
                   " s.n_articles, s.added_at, s.updated_at,"
                   " CASE WHEN json_valid(s.disagreements) THEN s.disagreements END AS disagreements"
                   " FROM story_events s LEFT JOIN cameo_roots r ON r.root = s.root");
    else
        sql_add(b, " AS sort_key, e.id, e.doc_id, d.name AS doc, e.sentence_idx AS sentence, e.code, e.root,"
                   " r.name AS root_name, e.quad_class, e.goldstein, e.src, e.tgt, e.src_text, e.tgt_text, e.verb_text,"
                   " " DATEK " AS date, e.date IS NULL AS date_from_document, e.place, p.iso3 AS country,"
                   " e.confidence, d.outlet, d.url, e.evidence");
    if (story) {
        sql_add(b, " LEFT JOIN");
        places_on(b, "s.place");
        sql_add(b, " WHERE 1");
    } else {
        sql_add(b, !day_k ? FROM_EVENTS
                   : by_index ? " FROM events_day k CROSS JOIN events e ON e.id = k.id JOIN documents d ON d.id = e.doc_id"
                              : " FROM events e CROSS JOIN events_day k ON k.id = e.id JOIN documents d ON d.id = e.doc_id");
        sql_add(b, " LEFT JOIN cameo_roots r ON r.root = e.root LEFT JOIN");
        places_on(b, "e.place");
        sql_add(b, " WHERE 1");
    }
    where(b, q, story ? &STORY_COLS : event_cols(db));
    if (q->has_cursor && by_index) {
        /* a row value: one range of the index */
        sql_add(b, desc ? " AND (k.day, k.id) < (" : " AND (k.day, k.id) > (");
        bind_s(b, q->cursor_key);
        sql_add(b, ", ");
        bind_i(b, q->cursor_id);
        sql_add(b, ")");
    } else if (q->has_cursor) {
        sql_add(b, " AND (");
        sql_add(b, k);
        sql_add(b, desc ? " < " : " > ");
        if (by_date) bind_s(b, q->cursor_key); else bind_d(b, atof(q->cursor_key));
        sql_add(b, " OR (");
        sql_add(b, k);
        sql_add(b, " = ");
        if (by_date) bind_s(b, q->cursor_key); else bind_d(b, atof(q->cursor_key));
        sql_add(b, " AND ");
        sql_add(b, id);
        sql_add(b, desc ? " < " : " > ");
        bind_i(b, q->cursor_id);
        sql_add(b, "))");
    }
    if (by_index) sql_add(b, desc ? " ORDER BY k.day DESC, k.id DESC LIMIT " : " ORDER BY k.day, k.id LIMIT ");
    else sql_add(b, desc ? " ORDER BY sort_key DESC, 2 DESC LIMIT " : " ORDER BY sort_key, 2 LIMIT ");
    bind_i(b, q->limit + 1);
    annals_db_stmt *st;
    int rc = prepare(db, b, &st, err, errlen, ctx);
    if (rc != 0) return rc;
    const char *what = story ? "stories" : "events";
    if (!csv && (rc = head(db, q, what, o, ctx)) < 0) goto out;
    page pg = { .max_rows = q->limit, .by_date = by_date };
    int status = 0;
    walk_budget budget = { WALK_STEPS_PER_ROW * index_rows + 10 * WALK_EVERY, WALK_EVERY };
    const char *env = getenv("ANNALS_WALK_BUDGET");
    if (env && *env) budget.left = atof(env);
    if (budget.left < WALK_EVERY) budget.every = 1;   /* a small budget is counted step by step */
    walk = walk && db->db;   /* (only an SQLite store has the rollups a walk needs) */
    if (walk) sqlite3_progress_handler(db->db, budget.every, walk_over, &budget);
    int n = emit_rows(db, st, o, csv, 1, what, &pg, q, err, errlen, ctx, &status);
    if (walk) sqlite3_progress_handler(db->db, 0, NULL, NULL);
    if (n < 0 && walk && db->db && sqlite3_errcode(db->db) == SQLITE_INTERRUPT) { rc = PAGE_WALK_OVER; goto out; }
    if (n < 0) { rc = status; goto out; }
    if (!csv) {
        put_f(o, ",\"count\":%d,\"next_cursor\":", n);
        if (pg.more) json_str(o, pg.cursor);
        else put_s(o, "null");
        put_c(o, '}');
    }
out:
    release(db, st);
    return rc;
}

static int run_page(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen,
                    annals_ctx *ctx, bool story)
{
    size_t start = o->len;
    int rc = page_once(db, b, q, o, err, errlen, ctx, story, true);
    if (rc != PAGE_WALK_OVER) return rc;
    o->len = start;
    sqlb_reset(b);
    return page_once(db, b, q, o, err, errlen, ctx, story, false);
}

/* A filter of the events' actors, or one the rollups cannot answer at all. */
static bool actor_filter(const annals_query *q) { return q->actor[0] || q->src[0] || q->tgt[0] || q->dyad_a[0]; }

static bool other_filter(const annals_query *q)
{
    return q->country[0] || q->place[0] || q->q[0] || q->min_confidence >= 0 || q->min_sources || q->outlet[0];
}

/* Every code filter is a root (two digits): rollup_day answers it. */
static bool codes_are_roots(const annals_query *q)
{
    for (int i = 0; i < q->n_code; i++)
        if (strlen(q->code[i]) != 2) return false;
    return true;
}

static int run_timeline(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen, annals_ctx *ctx)
{
    /* from rollup_day when the filters are of dates, roots and quad classes only */
    bool rollup = db->has_rollup && !actor_filter(q) && !other_filter(q) && codes_are_roots(q);
    /* by month from rollup_month when from and to are whole years or months */
    bool by_month = rollup && q->interval == ANNALS_QI_MONTH && strlen(q->from) != 10 && strlen(q->to) != 10;
    const char *day = by_month ? "r.month" : rollup ? "r.day" : db->has_rollup ? "k.day" : DATEK;
    sql_add(b, "SELECT ");
    if (q->interval == ANNALS_QI_WEEK)   /* the Monday of its week */
        sql_dialect(b, "date(", "to_char(date_trunc('week', (");
    else if (q->interval == ANNALS_QI_MONTH && !by_month) sql_add(b, "substr(");
    sql_add(b, day);
    if (q->interval == ANNALS_QI_WEEK) sql_dialect(b, ", '-6 days', 'weekday 1')", ")::date), 'YYYY-MM-DD')");
    else sql_add(b, q->interval == ANNALS_QI_MONTH && !by_month ? ", 1, 7)" : "");
    if (rollup) {
        sql_add(b, q->by == ANNALS_QBY_QUAD ? " AS t, nullif(r.quad, 0) AS quad_class" : " AS t, r.root AS root");
        sql_add(b, ", sum(r.n) AS n, " MEAN_ROLLUP " AS mean_goldstein FROM ");
        sql_add(b, by_month ? "rollup_month r WHERE 1" : "rollup_day r");
    } else {
        sql_add(b, q->by == ANNALS_QBY_QUAD ? " AS t, e.quad_class AS quad_class" : " AS t, e.root AS root");
        sql_add(b, ", count(*) AS n, ");
        sql_dialect(b, MEAN_EVENTS, MEAN_EVENTS_PG);
        sql_add(b, " AS mean_goldstein");
        from_events(db, b, q, false, true);
    }
    if (!by_month) {   /* rollup_month counts only events with a full date */
        sql_add(b, " WHERE length(");
        sql_add(b, day);
        sql_add(b, ") = 10");
    }
    where(b, q, by_month ? &MONTH_COLS : rollup ? &DAY_COLS : event_cols(db));
    sql_add(b, " GROUP BY 1, 2 ORDER BY 1, 2");
    annals_db_stmt *st;
    int rc = prepare(db, b, &st, err, errlen, ctx), status = 0;
    if (rc == 0 && (q->format == ANNALS_QF_CSV || (rc = head(db, q, "timeline", o, ctx)) == 0)) {
        if (q->format != ANNALS_QF_CSV)
            put_f(o, "\"interval\":\"%s\",\"by\":\"%s\",",
                              q->interval == ANNALS_QI_DAY ? "day" : q->interval == ANNALS_QI_WEEK ? "week" : "month",
                              q->by == ANNALS_QBY_QUAD ? "quad" : "root");
        if (emit_rows(db, st, o, q->format == ANNALS_QF_CSV, 0, "timeline", NULL, q, err, errlen, ctx, &status) < 0)
            rc = status;
        else if (q->format != ANNALS_QF_CSV) put_c(o, '}');
    }
    release(db, st);
    return rc;
}

static int run_network(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen, annals_ctx *ctx)
{
    bool csv = q->format == ANNALS_QF_CSV;
    /* SQLite: the `limit` busiest dyads, counted once into a temporary table of this
       connection; the edges and the nodes (their actors) are read from it.
       PostgreSQL (an answer reads in a READ ONLY snapshot, which makes no tables):
       the edges are that SELECT, the nodes a CTE of it */
    if (!b->pg) sqlite3_exec(db->db, "DROP TABLE IF EXISTS temp.net_edges", NULL, NULL, NULL);
    const char *make_table = b->pg ? "SELECT " : "CREATE TEMP TABLE net_edges AS SELECT ";
    /* from the rollups when the filters are of actors and quad classes only:
       with no quad class, rollup_pair read in the order of its index by count;
       with one, rollup_dyad in the order of its index by quad class and count;
       with more, rollup_dyad summed over them */
    bool rollup = db->has_rollup && !other_filter(q) && !q->from[0] && !q->to[0] && !q->n_root && !q->n_code;
    int n_quads = 0;
    for (int k = 1; k <= 4; k++) n_quads += (q->quad_mask >> k) & 1;
    sql_add(b, make_table);
    if (rollup && db->has_rollup2 && n_quads <= 1) {
        sql_add(b, n_quads ? "r.src AS src, r.tgt AS tgt, r.n AS n, " MEAN_ROLLUP_ROW " AS mean_goldstein FROM rollup_dyad r WHERE 1"
                           : "r.src AS src, r.tgt AS tgt, r.n AS n, " MEAN_ROLLUP_ROW " AS mean_goldstein FROM rollup_pair r WHERE 1");
        where(b, q, &DYAD_COLS);
        sql_add(b, " ORDER BY r.n DESC, r.src, r.tgt LIMIT ");
    } else if (rollup) {
        sql_add(b, "r.src AS src, r.tgt AS tgt, sum(r.n) AS n, " MEAN_ROLLUP " AS mean_goldstein FROM rollup_dyad r WHERE 1");
        where(b, q, &DYAD_COLS);
        sql_add(b, " GROUP BY r.src, r.tgt ORDER BY n DESC, r.src, r.tgt LIMIT ");
    } else {
        sql_add(b, "e.src AS src, e.tgt AS tgt, count(*) AS n, ");
        sql_dialect(b, MEAN_EVENTS, MEAN_EVENTS_PG);
        sql_add(b, " AS mean_goldstein");
        from_events(db, b, q, false, false);
        sql_add(b, " WHERE e.src IS NOT NULL AND e.tgt IS NOT NULL");
        where(b, q, event_cols(db));
        sql_add(b, " GROUP BY e.src, e.tgt ORDER BY n DESC, e.src, e.tgt LIMIT ");
    }
    bind_i(b, q->limit);
    static const char nodes_of_edges[] =
        "SELECT code, sum(out_n) AS n_src, sum(in_n) AS n_tgt, sum(out_n) + sum(in_n) AS n FROM ("
        " SELECT src AS code, n AS out_n, 0 AS in_n FROM %s"
        " UNION ALL SELECT tgt, 0, n FROM %s) AS u GROUP BY code ORDER BY n DESC, code";
    annals_db_stmt *make = NULL, *st = NULL, *nodes = NULL;
    int rc = 0, status = 0;
    if (b->pg) {
        /* the edges; then the same values bound to the nodes' SQL around the edges' */
        char *edges = strdup(b->sql.p ? b->sql.p : "");
        if (!edges || (rc = prepare(db, b, &st, err, errlen, ctx)) != 0) {
            if (!edges) rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
            free(edges);
            goto out;
        }
        annals_buf_clear(&b->sql);
        sql_add(b, "WITH net_edges AS (");
        sql_add(b, edges);
        sql_add(b, ") ");
        free(edges);
        char nodes_sql[sizeof nodes_of_edges + 32];
        snprintf(nodes_sql, sizeof nodes_sql, nodes_of_edges, "net_edges", "net_edges");
        sql_add(b, nodes_sql);
        if ((rc = prepare(db, b, &nodes, err, errlen, ctx)) != 0) goto out;
    } else {
        if ((rc = prepare(db, b, &make, err, errlen, ctx)) != 0) goto out;
        if ((rc = annals_db_step(make, ctx, "counting the network")) < 0) { rc = step_error(db, q, rc, err, errlen, ctx); goto out; }
        char nodes_sql[sizeof nodes_of_edges + 32];
        snprintf(nodes_sql, sizeof nodes_sql, nodes_of_edges, "temp.net_edges", "temp.net_edges");
        if ((rc = annals_db_prepare(db->conn, "SELECT src, tgt, n, mean_goldstein FROM temp.net_edges ORDER BY n DESC, src, tgt",
                                    &st, ctx, "reading the network")) < 0 ||
            (rc = annals_db_prepare(db->conn, nodes_sql, &nodes, ctx, "reading the network")) < 0)
            goto out;
    }
    if (csv) {
        if (emit_rows(db, st, o, true, 0, "edges", NULL, q, err, errlen, ctx, &status) < 0) rc = status;
        goto out;
    }
    if ((rc = head(db, q, "network", o, ctx)) < 0) goto out;
    if (emit_rows(db, st, o, false, 0, "edges", NULL, q, err, errlen, ctx, &status) < 0) { rc = status; goto out; }
    put_c(o, ',');
    if (emit_rows(db, nodes, o, false, 0, "nodes", NULL, q, err, errlen, ctx, &status) < 0) { rc = status; goto out; }
    put_c(o, '}');
out:
    release(db, make);
    if (b->pg) {
        release(db, st);
        release(db, nodes);
    } else {
        annals_db_finalize(st);
        annals_db_finalize(nodes);
        sqlite3_exec(db->db, "DROP TABLE IF EXISTS temp.net_edges", NULL, NULL, NULL);
    }
    return rc;
}

/* The filters of q are of roots (or two-digit codes) and quad classes, and
** of places for a place rollup: what rollup_place and rollup_actor hold. */
static bool root_quad_only(const annals_query *q, bool places)
{
    return !actor_filter(q) && !q->from[0] && !q->to[0] && codes_are_roots(q) && !q->q[0] && q->min_confidence < 0 &&
           !q->min_sources && !q->outlet[0] && (places || (!q->country[0] && !q->place[0]));
}

/* The places (their spellings that differ only in case taken as one, the
** first in sort order shown) and the countries: from rollup_place when the
** filters allow, else from the events. */
static int run_geo(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen, annals_ctx *ctx)
{
    bool rollup = db->has_rollup2 && root_quad_only(q, true);
    if (rollup)
        sql_add(b, "SELECT min(r.place) AS place, p.iso3 AS country, p.lat AS lat, p.lon AS lon, sum(r.n) AS n, " MEAN_ROLLUP
                   " AS mean_goldstein FROM rollup_place r LEFT JOIN temp.places p ON p.name = r.place WHERE 1");
    else {
        /* PostgreSQL: p is the same row for every event of a group (joined on its key,
           the group's), but the columns not grouped by must be aggregates */
        sql_dialect(b, "SELECT min(e.place) AS place, p.iso3 AS country, p.lat AS lat, p.lon AS lon, count(*) AS n, "
                       MEAN_EVENTS " AS mean_goldstein",
                    "SELECT min(e.place) AS place, min(p.iso3) AS country, min(p.lat) AS lat, min(p.lon) AS lon,"
                    " count(*) AS n, " MEAN_EVENTS_PG " AS mean_goldstein");
        from_events(db, b, q, false, false);
        sql_add(b, " LEFT JOIN");
        places_on(b, "e.place");
        sql_add(b, " WHERE e.place IS NOT NULL");
    }
    where(b, q, rollup ? &PLACE_COLS : event_cols(db));
    sql_add(b, rollup ? " GROUP BY r.place COLLATE NOCASE ORDER BY n DESC, 1"
               : b->pg ? " GROUP BY lower(e.place) ORDER BY n DESC, 1" : " GROUP BY e.place COLLATE NOCASE ORDER BY n DESC, 1");
    annals_db_stmt *st = NULL, *by_country = NULL;
    int rc = prepare(db, b, &st, err, errlen, ctx), status = 0;
    if (rc != 0) goto out;
    if (q->format == ANNALS_QF_CSV) {
        if (emit_rows(db, st, o, true, 0, "places", NULL, q, err, errlen, ctx, &status) < 0) rc = status;
        goto out;
    }
    if (q->format == ANNALS_QF_GEOJSON) {
        /* RFC 7946: a FeatureCollection of points, [longitude, latitude] */
        put_s(o, "{\"type\":\"FeatureCollection\",\"features\":[");
        int n = 0;
        while ((rc = annals_db_step(st, ctx, "geo")) == 1) {
            if (annals_db_col_null(st, 2)) continue;
            if (n++) put_c(o, ',');
            put_f(o, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},"
                                 "\"properties\":", annals_db_col_double(st, 3), annals_db_col_double(st, 2));
            json_row(o, st, 0);
            put_c(o, '}');
        }
        if (rc < 0) { rc = step_error(db, q, rc, err, errlen, ctx); goto out; }
        put_s(o, "]}");
        rc = 0;
        goto out;
    }
    if ((rc = head(db, q, "geo", o, ctx)) < 0) goto out;
    if (emit_rows(db, st, o, false, 0, "places", NULL, q, err, errlen, ctx, &status) < 0) { rc = status; goto out; }
    sqlb_reset(b);
    if (rollup)
        sql_add(b, "SELECT p.iso3 AS country, sum(r.n) AS n, " MEAN_ROLLUP " AS mean_goldstein"
                   " FROM rollup_place r JOIN temp.places p ON p.name = r.place WHERE 1");
    else {
        sql_add(b, "SELECT p.iso3 AS country, count(*) AS n, ");
        sql_dialect(b, MEAN_EVENTS, MEAN_EVENTS_PG);
        sql_add(b, " AS mean_goldstein");
        from_events(db, b, q, false, false);
        sql_add(b, " JOIN");
        places_on(b, "e.place");
        sql_add(b, " WHERE e.place IS NOT NULL");
    }
    where(b, q, rollup ? &PLACE_COLS : event_cols(db));
    sql_add(b, " GROUP BY p.iso3 ORDER BY n DESC, p.iso3");
    if ((rc = prepare(db, b, &by_country, err, errlen, ctx)) != 0) goto out;
    put_c(o, ',');
    if (emit_rows(db, by_country, o, false, 0, "countries", NULL, q, err, errlen, ctx, &status) < 0) {
        rc = status;
        goto out;
    }
    put_c(o, '}');
out:
    release(db, st);
    release(db, by_country);
    return rc;
}

static int run_actors(annals_qdb *db, sqlb *b, const annals_query *q, annals_buf *o, char *err, size_t errlen, annals_ctx *ctx)
{
    /* per code: events as source and as target; its name is the words most often
       coded to it (none when empty). From rollup_actor when the filters allow. */
    if (db->has_rollup2 && root_quad_only(q, false)) {
        sql_add(b, "WITH m AS MATERIALIZED (SELECT r.code AS code, nullif(r.txt, '') AS txt, sum(r.ns) + sum(r.nt) AS n,"
                   " sum(r.ns) AS ns, sum(r.nt) AS nt FROM rollup_actor r WHERE 1");
        where(b, q, &ACTOR_COLS);
        sql_add(b, " GROUP BY r.code, r.txt)");
    } else {
        sql_add(b, "WITH m AS MATERIALIZED (SELECT code, txt, count(*) AS n, sum(s) AS ns, sum(t) AS nt FROM ("
                   " SELECT e.src AS code, nullif(e.src_text, '') AS txt, 1 AS s, 0 AS t");
        from_events(db, b, q, false, false);
        sql_add(b, " WHERE e.src IS NOT NULL");
        where(b, q, event_cols(db));
        sql_add(b, " UNION ALL SELECT e.tgt, nullif(e.tgt_text, ''), 0, 1");
        from_events(db, b, q, false, false);
        sql_add(b, " WHERE e.tgt IS NOT NULL");
        where(b, q, event_cols(db));
        sql_dialect(b, ") GROUP BY code, txt)", ") AS u GROUP BY code, txt)");
    }
    sql_add(b, ""
               " SELECT m.code AS code, a.country AS country, a.role AS role,"
               " (SELECT m2.txt FROM m m2 WHERE m2.code = m.code AND m2.txt IS NOT NULL ORDER BY m2.n DESC, m2.txt LIMIT 1) AS name,"
               " sum(m.ns) AS n_src, sum(m.nt) AS n_tgt, sum(m.n) AS n"
               " FROM m LEFT JOIN actors a ON a.code = m.code GROUP BY m.code");
    /* (actors.code is the key: one country and role to a code) */
    sql_dialect(b, " ORDER BY n DESC, m.code LIMIT ", ", a.country, a.role ORDER BY n DESC, m.code LIMIT ");
    bind_i(b, q->limit);
    annals_db_stmt *st;
    int rc = prepare(db, b, &st, err, errlen, ctx), status = 0;
    if (rc == 0 && (q->format == ANNALS_QF_CSV || (rc = head(db, q, "actors", o, ctx)) == 0)) {
        if (emit_rows(db, st, o, q->format == ANNALS_QF_CSV, 0, "actors", NULL, q, err, errlen, ctx, &status) < 0)
            rc = status;
        else if (q->format != ANNALS_QF_CSV) put_c(o, '}');
    }
    release(db, st);
    return rc;
}

/* One read transaction: every statement of an answer sees the same data. */
static int begin_read(annals_qdb *db, annals_ctx *ctx)
{
    if (!db->pg) {
        sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL);
        return 0;
    }
    return annals_db_begin(db->conn, false, ctx);
}

static void end_read(annals_qdb *db)
{
    if (!db->pg) sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
    else annals_db_rollback(db->conn);   /* nothing was written */
}

typedef struct {
    annals_qkind kind;
    const annals_query *q;
    annals_buf *out;
    char *err;
    size_t errlen;
    int64_t id;                        /* of a document or story */
} answer_args;

/* Runs answer on db, connected again first when its connection was lost, and once
** more when it lost it while answering (a server restarted since the last answer:
** the first statement finds out). */
static int answer_connected(annals_qdb *db, int (*answer)(annals_qdb *, const answer_args *, annals_ctx *),
                            const answer_args *a, annals_ctx *ctx)
{
    int rc = reconnect_if_lost(db, ctx);
    if (rc < 0) return rc;
    rc = answer(db, a, ctx);
    if (rc < 0 && annals_qdb_lost(db) && (rc = reconnect_if_lost(db, ctx)) == 0) rc = answer(db, a, ctx);
    return rc;
}

static int run_answer(annals_qdb *db, const answer_args *a, annals_ctx *ctx)
{
    const annals_query *q = a->q;
    annals_qkind kind = a->kind;
    char *err = a->err;
    size_t errlen = a->errlen;
    annals_buf *out = a->out;
    if ((kind == ANNALS_QK_STORIES || q->min_sources) && !db->has_stories) {
        snprintf(err, errlen, "%s: this store has no stories (story_events, docs/store.md)",
                 kind == ANNALS_QK_STORIES ? "stories" : "min_sources");
        return kind == ANNALS_QK_STORIES ? ANNALS_Q_NOTFOUND : ANNALS_Q_BAD;
    }
    if (q->q[0] && !db->has_fts) {
        snprintf(err, errlen, "q: this store has no full-text index yet (open it once with annals ingest)");
        return ANNALS_Q_BAD;
    }
    size_t start = out->len;
    out_failed = false;
    sqlb *b = calloc(1, sizeof *b);
    if (!b) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", db->name);
    b->pg = db->pg;
    int rc = begin_read(db, ctx);
    if (rc < 0) {
        free(b);
        return rc;
    }
    switch (kind) {
    case ANNALS_QK_EVENTS: rc = run_page(db, b, q, out, err, errlen, ctx, false); break;
    case ANNALS_QK_STORIES: rc = run_page(db, b, q, out, err, errlen, ctx, true); break;
    case ANNALS_QK_TIMELINE: rc = run_timeline(db, b, q, out, err, errlen, ctx); break;
    case ANNALS_QK_NETWORK: rc = run_network(db, b, q, out, err, errlen, ctx); break;
    case ANNALS_QK_GEO: rc = run_geo(db, b, q, out, err, errlen, ctx); break;
    default: rc = run_actors(db, b, q, out, err, errlen, ctx); break;
    }
    annals_buf_free(&b->sql);
    free(b);
    end_read(db);
    if (rc == 0 && (out_failed || annals_buf_reserve(out, 1) < 0))
        rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory writing the answer", db->name);
    if (rc != 0) out->len = start;
    return rc;
}

int annals_qdb_run(annals_qdb *db, annals_qkind kind, const annals_query *q, annals_buf *out, char *err, size_t errlen,
                   annals_ctx *ctx)
{
    if (q->format == ANNALS_QF_GEOJSON && kind != ANNALS_QK_GEO) {
        snprintf(err, errlen, "format: geojson is for geo only");
        return ANNALS_Q_BAD;
    }
    answer_args a = { .kind = kind, .q = q, .out = out, .err = err, .errlen = errlen };
    return answer_connected(db, run_answer, &a, ctx);
}

/* ---- one document ------------------------------------------------------- */

/* [start, end) of needle inside text[lo, hi), or false. */
static bool find_span(const char *text, size_t lo, size_t hi, const char *needle, size_t *s, size_t *e)
{
    size_t n = needle ? strlen(needle) : 0;
    if (!n || hi <= lo || hi - lo < n) return false;
    for (size_t i = lo; i + n <= hi; i++)
        if (!memcmp(text + i, needle, n)) { *s = i; *e = i + n; return true; }
    return false;
}

static int col_index(annals_db_stmt *st, const char *name)
{
    for (int i = 0, n = annals_db_col_count(st); i < n; i++)
        if (!strcmp(annals_db_col_name(st, i), name)) return i;
    return -1;
}

/* One mention (event) row as JSON with "spans": byte ranges [start, end) in its
** document's text (column _text) of the source, verb and target words: the
** stored offsets (_src_off/_src_len ...) when the row has them and they fit,
** else the words found in the event's sentence (first occurrence). */
static void mention_json(annals_buf *o, annals_db_stmt *st)
{
    json_row(o, st, 0);
    o->len--;   /* reopen the object */
    put_s(o, ",\"spans\":{");
    int ti = col_index(st, "_text");
    const char *text = ti >= 0 ? annals_db_col_text(st, ti) : NULL;
    size_t text_len = ti >= 0 ? annals_db_col_bytes(st, ti) : 0;
    int si = col_index(st, "sentence_start"), ei = col_index(st, "sentence_end");
    size_t lo = si >= 0 ? (size_t)annals_db_col_int(st, si) : 0, hi = ei >= 0 ? (size_t)annals_db_col_int(st, ei) : 0;
    if (hi > text_len) hi = text_len;
    static const char *const roles[] = { "src", "verb", "tgt" };
    int k = 0;
    for (int j = 0; j < 3; j++) {
        char name[16];
        size_t a = 0, z = 0;
        snprintf(name, sizeof name, "_%s_off", roles[j]);
        int oi = col_index(st, name);
        bool found = false;
        if (oi >= 0 && !annals_db_col_null(st, oi) && !annals_db_col_null(st, oi + 1)) {
            int64_t off = annals_db_col_int(st, oi), len = annals_db_col_int(st, oi + 1);
            if (off >= 0 && len > 0 && (uint64_t)off + (uint64_t)len <= text_len) {
                a = (size_t)off;
                z = (size_t)(off + len);
                found = true;
            }
        }
        snprintf(name, sizeof name, "%s_text", roles[j]);
        int wi = col_index(st, name);
        if (!found && text && wi >= 0)
            found = find_span(text, lo, hi, annals_db_col_text(st, wi), &a, &z);
        if (found) put_f(o, "%s\"%s\":[%zu,%zu]", k++ ? "," : "", roles[j], a, z);
    }
    put_s(o, "}}");
}

/* Runs st (no parameters left to bind) and writes "name":[rows]; rows of
** mentions get their spans. 0 or < 0. */
static int emit_all(annals_db_stmt *st, annals_buf *o, const char *name, bool mentions, annals_ctx *ctx)
{
    put_f(o, "\"%s\":[", name);
    int n = 0, s;
    while ((s = annals_db_step(st, ctx, name)) == 1) {
        if (n++) put_c(o, ',');
        if (mentions) mention_json(o, st);
        else json_row(o, st, 0);
    }
    put_c(o, ']');
    return s < 0 ? s : 0;
}

#define MENTION_COLS \
    "e.id, e.doc_id, e.sentence_idx AS sentence, s2.start AS sentence_start, s2.\"end\" AS sentence_end," \
    " e.code, e.root, r.name AS root_name, e.quad_class, e.goldstein, e.src, e.tgt, e.src_text, e.tgt_text," \
    " e.verb_text, e.date, e.place, e.confidence, d.text AS _text"
#define MENTION_FROM \
    " FROM events e JOIN documents d ON d.id = e.doc_id" \
    " LEFT JOIN sentences s2 ON s2.doc_id = e.doc_id AND s2.idx = e.sentence_idx" \
    " LEFT JOIN cameo_roots r ON r.root = e.root"

/* Prepares each SQL of sql[0..n) into st[] with ?1 bound to id. */
static int prepare_by_id(annals_qdb *db, const char *const *sql, annals_db_stmt **st, int n, int64_t id, annals_ctx *ctx)
{
    for (int i = 0; i < n; i++) {
        int rc = annals_db_prepare(db->conn, sql[i], &st[i], ctx, "preparing a query");
        if (rc < 0) return rc;
        annals_db_bind_int(st[i], 1, id);
    }
    return 0;
}

/* The first row of st as "name":{...}; ANNALS_Q_NOTFOUND when there is none. */
static int emit_one(annals_db_stmt *st, annals_buf *o, const char *name, annals_ctx *ctx)
{
    int s = annals_db_step(st, ctx, name);
    if (s == 0) return ANNALS_Q_NOTFOUND;
    if (s < 0) return s;
    put_f(o, "\"%s\":", name);
    json_row(o, st, 0);
    return 0;
}

/* Closes the object of a one-item answer (or takes back what was written, on
** an error), finalizes its statements and ends its read transaction. */
static int finish_one(annals_qdb *db, annals_db_stmt **st, int n, annals_buf *o, size_t start, int rc, annals_ctx *ctx)
{
    if (rc == 0) put_c(o, '}');
    if (rc == 0 && (out_failed || annals_buf_reserve(o, 1) < 0))
        rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory writing the answer", db->name);
    for (int i = 0; i < n; i++) annals_db_finalize(st[i]);
    end_read(db);
    if (rc != 0) o->len = start;
    return rc;
}

static int document_answer(annals_qdb *db, const answer_args *a, annals_ctx *ctx)
{
    static const char *const sql[] = {
        "SELECT id, name, path, url, outlet, pub_date, format, n_sentences, n_events, text FROM documents WHERE id = ?1",
        "SELECT idx, start, \"end\" FROM sentences WHERE doc_id = ?1 ORDER BY idx",
        "SELECT " MENTION_COLS MENTION_FROM " WHERE e.doc_id = ?1 ORDER BY e.id",
    };
    annals_db_stmt *st[3] = { NULL, NULL, NULL };
    annals_buf *o = a->out;
    size_t start = o->len;
    out_failed = false;
    int rc = begin_read(db, ctx), s;
    if (rc < 0) return rc;
    rc = prepare_by_id(db, sql, st, 3, a->id, ctx);
    if (rc == 0) {
        put_c(o, '{');
        rc = emit_one(st[0], o, "document", ctx);
    }
    if (rc == 0) {
        put_s(o, ",\"sentences\":[");
        int n = 0;
        while ((s = annals_db_step(st[1], ctx, "reading sentences")) == 1)
            put_f(o, "%s[%lld,%lld]", n++ ? "," : "", (long long)annals_db_col_int(st[1], 1),
                              (long long)annals_db_col_int(st[1], 2));
        put_s(o, "],");
        rc = s < 0 ? s : 0;
    }
    if (rc == 0) rc = emit_all(st[2], o, "events", true, ctx);
    return finish_one(db, st, 3, o, start, rc, ctx);
}

int annals_qdb_document(annals_qdb *db, int64_t id, annals_buf *o, annals_ctx *ctx)
{
    answer_args a = { .out = o, .id = id };
    return answer_connected(db, document_answer, &a, ctx);
}

/* The story's SQL (the other two are the same in both dialects). */
#define STORY_SQL(disagreements, places_on) \
    "SELECT s.id, s.code, s.root, r.name AS root_name, s.quad_class, s.goldstein, s.src, s.tgt, s.src_text," \
    " s.tgt_text, s.date, s.place, p.iso3 AS country, s.n_mentions, s.n_sources, s.n_articles, s.added_at," \
    " s.updated_at, " disagreements " AS disagreements" \
    " FROM story_events s LEFT JOIN cameo_roots r ON r.root = s.root LEFT JOIN " places_on \
    " WHERE s.id = ?1"

static int story_answer(annals_qdb *db, const answer_args *a, annals_ctx *ctx)
{
    if (!db->has_stories) return ANNALS_Q_NOTFOUND;
    /* the story; its mentions (the events merged into it) in their reports'
       order, with the stored word offsets; the reports, each with the URLs and
       outlets it (and its copies) was seen at */
    static const char *const sql[2][3] = { {
        STORY_SQL("CASE WHEN json_valid(s.disagreements) THEN s.disagreements END", "temp.places p ON p.name = s.place"),
        "SELECT " MENTION_COLS ", e.evidence, e.src_off AS _src_off, e.src_len AS _src_len, e.verb_off AS _verb_off,"
        " e.verb_len AS _verb_len, e.tgt_off AS _tgt_off, e.tgt_len AS _tgt_len" MENTION_FROM
        " WHERE e.story_id = ?1 ORDER BY d.pub_date, e.doc_id, e.id",
        "SELECT d.id, d.name, d.url, d.outlet, d.pub_date, d.copy_of,"
        " (SELECT json_group_array(json_object('url', ds.url, 'outlet', ds.outlet, 'name', ds.name))"
        "  FROM document_sources ds WHERE ds.doc_id = d.id) AS sources, d.text"
        " FROM documents d WHERE d.id IN (SELECT doc_id FROM events WHERE story_id = ?1) ORDER BY d.pub_date, d.id",
    }, {
        /* PostgreSQL: disagreements checked as they are written (json_value); the
           sources in the order they were stored, as SQLite reads them, and spelled
           as SQLite's json_object spells them (json_build_object puts in blanks) */
        STORY_SQL("s.disagreements", "pg_temp.places p ON p.lname = lower(s.place)"),
        "SELECT " MENTION_COLS ", e.evidence, e.src_off AS _src_off, e.src_len AS _src_len, e.verb_off AS _verb_off,"
        " e.verb_len AS _verb_len, e.tgt_off AS _tgt_off, e.tgt_len AS _tgt_len" MENTION_FROM
        " WHERE e.story_id = ?1 ORDER BY d.pub_date, e.doc_id, e.id",
        "SELECT d.id, d.name, d.url, d.outlet, d.pub_date, d.copy_of,"
        " (SELECT '[' || coalesce(string_agg('{\"url\":' || coalesce(to_json(ds.url)::text, 'null') || ',\"outlet\":'"
        "  || coalesce(to_json(ds.outlet)::text, 'null') || ',\"name\":' || coalesce(to_json(ds.name)::text, 'null') || '}',"
        "  ',' ORDER BY ds.ctid), '') || ']' FROM document_sources ds WHERE ds.doc_id = d.id) AS sources, d.text"
        " FROM documents d WHERE d.id IN (SELECT doc_id FROM events WHERE story_id = ?1) ORDER BY d.pub_date, d.id",
    } };
    annals_db_stmt *st[3] = { NULL, NULL, NULL };
    annals_buf *o = a->out;
    size_t start = o->len;
    out_failed = false;
    int rc = begin_read(db, ctx);
    if (rc < 0) return rc;
    rc = prepare_by_id(db, sql[db->pg], st, 3, a->id, ctx);
    if (rc == 0) {
        put_c(o, '{');
        rc = emit_one(st[0], o, "story", ctx);
    }
    if (rc == 0) { put_c(o, ','); rc = emit_all(st[1], o, "mentions", true, ctx); }
    if (rc == 0) { put_c(o, ','); rc = emit_all(st[2], o, "documents", false, ctx); }
    return finish_one(db, st, 3, o, start, rc, ctx);
}

int annals_qdb_story(annals_qdb *db, int64_t id, annals_buf *o, annals_ctx *ctx)
{
    answer_args a = { .out = o, .id = id };
    return answer_connected(db, story_answer, &a, ctx);
}
