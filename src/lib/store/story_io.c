/* SPDX-License-Identifier: MIT
** store/story_io.c -- story events in and out of the store, for `annals export` and `import`.
**
** The reader opens its own read-only connection (SQLite or PostgreSQL, db.h) and walks
** story_events in id order, each story with its mentions (events.story_id) and their
** documents, into the structs of annals/export.h; a story's strings live in one arena reset per story. It reads only
** the columns of the store contract (docs/store.md): story_events, events.story_id and
** the offset columns, documents.copy_of and document_sources, in one read transaction
** (one snapshot of the store for the whole export). A copy's events are not
** mentions (the contract: a syndicated copy is the same report). Character offsets for
** GDELT are computed in SQL from the byte offsets (length() of the text before them).
** The importer writes what annals_export_parse_line() reads from a JSONL export back
** into those tables, keeping ids where they are free, in one writer's transaction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "annals/export.h"
#include "db.h"

struct annals_story_reader {
    annals_db *db;
    const char *path;   /* annals_db_name */
    annals_db_stmt *stories, *mentions;
    annals_arena *arena;
    annals_export_story story;
    annals_export_mention *m;
    size_t n_m, cap_m;
    annals_export_doc *d;
    size_t n_d, cap_d;
};

/* The day of a story: its own date, else the earliest pub_date of its reports. */
#define STORY_DAY "coalesce(s.date, (SELECT min(d.pub_date) FROM events e JOIN documents d" \
                  " ON d.id = e.doc_id WHERE e.story_id = s.id AND d.copy_of IS NULL))"

static const char stories_sql[] =
    "SELECT * FROM (SELECT s.id, s.code, s.root, s.quad_class, s.goldstein, s.src, s.tgt, s.src_text,"
    " s.tgt_text, s.date, s.place, s.n_mentions, s.n_sources, s.n_articles, s.added_at, s.updated_at,"
    " s.disagreements, " STORY_DAY " AS day FROM story_events s) x"
    " WHERE (CAST(?1 AS TEXT) IS NULL OR day >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR day <= ?2) ORDER BY id";

/* The characters of the text before byte offset off: the one expression the dialects
** spell apart outside db.c (SQLite casts to BLOB and back; PostgreSQL converts). */
#define CHARS_SQLITE(off) "CASE WHEN e." off " IS NULL OR d.text IS NULL THEN -1 ELSE" \
                          " length(CAST(substr(CAST(d.text AS BLOB), 1, e." off ") AS TEXT)) END"
#define CHARS_PG(off) "CASE WHEN e." off " IS NULL OR d.text IS NULL THEN -1 ELSE length(convert_from(" \
                      "substr(convert_to(d.text, 'UTF8'), 1, CAST(e." off " AS INTEGER)), 'UTF8')) END"

#define MENTIONS_SQL(CHARS) \
    "SELECT e.id, e.doc_id, e.sentence_idx, e.code, e.root, e.quad_class, e.goldstein, e.src, e.tgt," \
    " e.src_text, e.tgt_text, e.verb_text, e.date, e.place, e.evidence, e.confidence," \
    " e.src_off, e.src_len, e.tgt_off, e.tgt_len, e.verb_off, e.verb_len," \
    " " CHARS("src_off") ", " CHARS("tgt_off") ", " CHARS("verb_off") "," \
    " se.start, se.\"end\", d.hash, d.name," \
    " coalesce(d.url, (SELECT ds.url FROM document_sources ds WHERE ds.doc_id = d.id" \
    "   AND ds.url IS NOT NULL ORDER BY ds.{rowid} LIMIT 1))," \
    " d.outlet, d.pub_date, d.ingested_at, CASE WHEN d.text IS NULL THEN -1 ELSE length(d.text) END" \
    " FROM events e JOIN documents d ON d.id = e.doc_id" \
    " LEFT JOIN sentences se ON se.doc_id = e.doc_id AND se.idx = e.sentence_idx" \
    " WHERE e.story_id = ?1 AND d.copy_of IS NULL" \
    " ORDER BY d.pub_date IS NULL, d.pub_date, d.id, e.sentence_idx, e.id"
static const char *const mentions_sql[2] = { MENTIONS_SQL(CHARS_SQLITE), MENTIONS_SQL(CHARS_PG) };

/* Tables and columns the reader needs: a store from before stories lacks them. */
static bool has_story_schema(annals_db *db)
{
    static const char probe[] =
        "SELECT s.id, s.disagreements, e.story_id, e.src_off, e.verb_len, d.copy_of, ds.url"
        " FROM story_events s, events e, documents d, document_sources ds LIMIT 0";
    annals_db_stmt *st = NULL;
    annals_ctx *quiet = annals_ctx_new();   /* the message of a missing table is not wanted */
    bool ok = quiet && annals_db_prepare(db, probe, &st, quiet, "probing") == 0 &&
              annals_db_step(st, quiet, "probing") >= 0;
    annals_db_finalize(st);
    annals_ctx_free(quiet);
    return ok;
}

void annals_story_reader_close(annals_story_reader *r)
{
    if (!r) return;
    annals_db_finalize(r->stories);
    annals_db_finalize(r->mentions);
    if (r->db && annals_db_in_transaction(r->db)) annals_db_commit(r->db, NULL);
    annals_db_close(r->db);
    annals_arena_free(r->arena);
    free(r->m);
    free(r->d);
    free(r);
}

/* Opens the store at db_path; a file that is no SQLite database fails here. */
static int open_db(annals_db **db, const char *db_path, annals_db_mode mode, annals_ctx *ctx)
{
    int rc = annals_db_open(db, db_path, mode, ctx);
    if (rc < 0 || annals_db_kind_of(*db) != ANNALS_DB_SQLITE) return rc;
    annals_db_stmt *st;
    if ((rc = annals_db_prepare(*db, "SELECT count(*) FROM sqlite_master", &st, ctx, "reading the store")) == 0) {
        rc = annals_db_run(st, NULL, ctx, "reading the store");
        annals_db_finalize(st);
    }
    if (rc < 0) {
        annals_db_close(*db);
        *db = NULL;
        return rc;
    }
    return 0;
}

int annals_story_reader_open(annals_story_reader **out, const char *db_path, const char *from,
                             const char *to, annals_ctx *ctx)
{
    *out = NULL;
    annals_story_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->arena = annals_arena_new(0))) {
        annals_story_reader_close(r);
        return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory opening the store");
    }
    int rc = open_db(&r->db, db_path, ANNALS_DB_READ, ctx);
    if (rc < 0) { annals_story_reader_close(r); return rc; }
    r->path = annals_db_name(r->db);
    if (!has_story_schema(r->db)) {
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: no story events in this store"
                              " (no story_events table: a store written before stories)", r->path);
        annals_story_reader_close(r);
        return rc;
    }
    if ((rc = annals_db_prepare(r->db, stories_sql, &r->stories, ctx, "preparing the export")) < 0 ||
        (rc = annals_db_prepare(r->db, mentions_sql[annals_db_kind_of(r->db) == ANNALS_DB_PG], &r->mentions, ctx,
                                "preparing the export")) < 0 ||
        /* one read transaction: the whole export sees one state of the store, whatever an
        ** ingest running beside it commits meanwhile (WAL readers keep their snapshot;
        ** PostgreSQL: REPEATABLE READ) */
        (rc = annals_db_begin(r->db, false, ctx)) < 0) {
        annals_story_reader_close(r);
        return rc;
    }
    annals_db_bind_str(r->stories, 1, from);
    annals_db_bind_str(r->stories, 2, to);
    *out = r;
    return 0;
}

/* Column i as an arena string, NULL for SQL NULL; *oom set when the copy fails. */
static const char *col_str(annals_story_reader *r, annals_db_stmt *st, int i, bool *oom)
{
    const char *t = annals_db_col_text(st, i);
    if (!t) return NULL;
    char *c = annals_arena_strndup(r->arena, t, annals_db_col_bytes(st, i));
    if (!c) *oom = true;
    return c;
}

static int64_t col_int(annals_db_stmt *st, int i, int64_t none)
{
    return annals_db_col_null(st, i) ? none : annals_db_col_int(st, i);
}

static double col_real(annals_db_stmt *st, int i)
{
    return annals_db_col_null(st, i) ? NAN : annals_db_col_double(st, i);
}

/* Reads the mentions of story r->story.id and their documents. */
static int read_mentions(annals_story_reader *r, bool *oom, annals_ctx *ctx)
{
    annals_db_stmt *st = r->mentions;
    annals_db_reset(st);
    annals_db_bind_int(st, 1, r->story.id);
    r->n_m = r->n_d = 0;
    int64_t *doc_of = NULL;   /* doc id of each mention, to link them after the arrays settle */
    size_t cap_doc = 0;
    int rc;
    while ((rc = annals_db_step(st, ctx, "reading mentions")) == 1) {
        annals_export_mention *nm = annals_grow(r->m, &r->cap_m, r->n_m + 1, sizeof *nm, 8);
        int64_t *nd = annals_grow(doc_of, &cap_doc, r->n_m + 1, sizeof *nd, 8);
        if (nd) doc_of = nd;
        if (!nm || !nd) { free(doc_of); annals_db_reset(st); *oom = true; return 0; }
        r->m = nm;
        annals_export_mention *m = &r->m[r->n_m];
        memset(m, 0, sizeof *m);
        int c = 0;
        m->id = annals_db_col_int(st, c++);
        int64_t doc_id = annals_db_col_int(st, c++);
        doc_of[r->n_m++] = doc_id;
        m->sentence = col_int(st, c++, -1);
        m->code = col_str(r, st, c++, oom);
        m->root = col_str(r, st, c++, oom);
        m->quad_class = (int)col_int(st, c++, 0);
        m->goldstein = col_real(st, c++);
        const char **strs[] = { &m->src, &m->tgt, &m->src_text, &m->tgt_text, &m->verb_text,
                                &m->date, &m->place, &m->evidence };
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) *strs[i] = col_str(r, st, c++, oom);
        m->confidence = col_real(st, c++);
        int64_t *ints[] = { &m->src_off, &m->src_len, &m->tgt_off, &m->tgt_len, &m->verb_off,
                            &m->verb_len, &m->src_char, &m->tgt_char, &m->verb_char,
                            &m->sent_start, &m->sent_end };
        for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) *ints[i] = col_int(st, c++, -1);
        size_t k = 0;
        while (k < r->n_d && r->d[k].id != doc_id) k++;
        if (k == r->n_d) {
            annals_export_doc *dd = annals_grow(r->d, &r->cap_d, r->n_d + 1, sizeof *dd, 4);
            if (!dd) { free(doc_of); annals_db_reset(st); *oom = true; return 0; }
            r->d = dd;
            annals_export_doc *d = &r->d[r->n_d++];
            d->id = doc_id;
            d->hash = col_str(r, st, c++, oom);
            d->name = col_str(r, st, c++, oom);
            d->url = col_str(r, st, c++, oom);
            d->outlet = col_str(r, st, c++, oom);
            d->pub_date = col_str(r, st, c++, oom);
            d->ingested_at = col_str(r, st, c++, oom);
            d->text_chars = col_int(st, c++, -1);
        }
    }
    annals_db_reset(st);
    if (rc < 0) { free(doc_of); return rc; }
    for (size_t i = 0; i < r->n_m; i++)
        for (size_t k = 0; k < r->n_d; k++)
            if (r->d[k].id == doc_of[i]) r->m[i].doc = &r->d[k];
    free(doc_of);
    return 0;
}

int annals_story_reader_next(annals_story_reader *r, const annals_export_story **out, annals_ctx *ctx)
{
    *out = NULL;
    annals_arena_reset(r->arena);
    annals_db_stmt *st = r->stories;
    int rc = annals_db_step(st, ctx, "reading story events");
    if (rc <= 0) return rc;
    bool oom = false;
    annals_export_story *s = &r->story;
    memset(s, 0, sizeof *s);
    int c = 0;
    s->id = annals_db_col_int(st, c++);
    s->code = col_str(r, st, c++, &oom);
    s->root = col_str(r, st, c++, &oom);
    s->quad_class = (int)col_int(st, c++, 0);
    s->goldstein = col_real(st, c++);
    const char **strs[] = { &s->src, &s->tgt, &s->src_text, &s->tgt_text, &s->date, &s->place };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) *strs[i] = col_str(r, st, c++, &oom);
    s->n_mentions = col_int(st, c++, 0);
    s->n_sources = col_int(st, c++, 0);
    s->n_articles = col_int(st, c++, 0);
    s->added_at = col_str(r, st, c++, &oom);
    s->updated_at = col_str(r, st, c++, &oom);
    s->disagreements = col_str(r, st, c++, &oom);
    s->day = col_str(r, st, c++, &oom);
    if ((rc = read_mentions(r, &oom, ctx)) < 0) return rc;
    if (oom) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory reading story %lld",
                                     r->path, (long long)s->id);
    s->mention = r->m;
    s->n_mention = r->n_m;
    s->doc = r->d;
    s->n_doc = r->n_d;
    *out = s;
    return 1;
}

/* ---- import ---- */

enum { IM_DOC_FIND, IM_DOC_ADD, IM_SENT, IM_ACTOR, IM_STORY_FIND, IM_STORY_ADD, IM_MAP_FIND, IM_MAP_ADD,
       IM_EV_FIND, IM_EV_ADD, IM_N };

/* A given id unless a row has it, else the next free one (max + 1, as the store gives) */
#define KEEP_ID(table) "(SELECT CASE WHEN EXISTS(SELECT 1 FROM " table " WHERE id = ?1)" \
                       " THEN (SELECT coalesce(max(id), 0) + 1 FROM " table ") ELSE ?1 END)"

static const char *const import_sql[IM_N] = {
    [IM_DOC_FIND] = "SELECT id FROM documents WHERE hash = ?1",
    [IM_DOC_ADD] = "INSERT INTO documents(id, hash, name, url, outlet, pub_date, ingested_at)"
                   " VALUES((SELECT coalesce(max(id), 0) + 1 FROM documents), ?1, ?2, ?3, ?4, ?5,"
                   " coalesce(?6, {now})) RETURNING id",
    [IM_SENT] = "INSERT INTO sentences(doc_id, idx, start, \"end\", text) VALUES(?1, ?2, ?3, ?4, ?5)"
                " ON CONFLICT DO NOTHING",
    [IM_ACTOR] = "INSERT INTO actors(code, country, role)"
                 " VALUES(?1, substr(?1, 1, 3), nullif(substr(?1, 4, 3), '')) ON CONFLICT DO NOTHING",
    [IM_STORY_FIND] = "SELECT id FROM story_events WHERE id = ?1 AND code IS NOT DISTINCT FROM ?2"
                      " AND added_at IS NOT DISTINCT FROM ?3",
    [IM_STORY_ADD] = "INSERT INTO story_events(id, code, root, quad_class, goldstein, src, tgt, src_text,"
                     " tgt_text, date, place, n_mentions, n_sources, n_articles, added_at, updated_at,"
                     " disagreements) VALUES(" KEEP_ID("story_events") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                     " ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id",
    [IM_MAP_FIND] = "SELECT new FROM story_map WHERE old = ?1",
    [IM_MAP_ADD] = "INSERT INTO story_map(old, new) VALUES(?1, ?2)",
    [IM_EV_FIND] = "SELECT 1 FROM events WHERE doc_id = ?1 AND sentence_idx = ?2 AND code = ?3"
                   " AND src IS NOT DISTINCT FROM ?4 AND tgt IS NOT DISTINCT FROM ?5"
                   " AND src_off IS NOT DISTINCT FROM ?6 AND verb_off IS NOT DISTINCT FROM ?7",
    [IM_EV_ADD] = "INSERT INTO events(id, doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt,"
                  " src_text, tgt_text, verb_text, date, place, evidence, confidence, story_id,"
                  " src_off, src_len, tgt_off, tgt_len, verb_off, verb_len)"
                  " VALUES(" KEEP_ID("events") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                  " ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
};

typedef struct {
    annals_db *db;
    annals_db_stmt *st[IM_N];
} importer;

static void bind_i64(annals_db_stmt *st, int i, int64_t v, int64_t none)
{
    if (v == none) annals_db_bind_null(st, i);
    else annals_db_bind_int(st, i, v);
}

static void bind_real(annals_db_stmt *st, int i, double v)
{
    if (isnan(v)) annals_db_bind_null(st, i);
    else annals_db_bind_double(st, i, v);
}

static int import_doc(importer *im, const annals_export_doc *d, int64_t *id, annals_ctx *ctx)
{
    annals_db_stmt *st = im->st[IM_DOC_FIND];
    annals_db_bind_str(st, 1, d->hash);
    int rc = annals_db_run(st, id, ctx, "looking up a document");
    if (rc != 0) return rc < 0 ? rc : 0;
    st = im->st[IM_DOC_ADD];
    const char *v[] = { d->hash, d->name, d->url, d->outlet, d->pub_date, d->ingested_at };
    for (int i = 0; i < 6; i++) annals_db_bind_str(st, i + 1, v[i]);
    rc = annals_db_run(st, id, ctx, "adding a document");
    return rc < 0 ? rc : 0;
}

static int import_story(importer *im, const annals_export_story *s, int64_t *id, annals_ctx *ctx)
{
    annals_db_stmt *st = im->st[IM_MAP_FIND];
    annals_db_bind_int(st, 1, s->id);
    int rc = annals_db_run(st, id, ctx, "mapping a story");
    if (rc != 0) return rc < 0 ? rc : 0;
    st = im->st[IM_STORY_FIND];          /* the same story imported before */
    annals_db_bind_int(st, 1, s->id);
    annals_db_bind_str(st, 2, s->code);
    annals_db_bind_str(st, 3, s->added_at);
    if ((rc = annals_db_run(st, id, ctx, "looking up a story")) < 0) return rc;
    if (rc == 0) {
        st = im->st[IM_STORY_ADD];
        annals_db_bind_int(st, 1, s->id);
        const char *v[] = { s->code, s->root };
        for (int i = 0; i < 2; i++) annals_db_bind_str(st, i + 2, v[i]);
        bind_i64(st, 4, s->quad_class, 0);
        bind_real(st, 5, s->goldstein);
        const char *w[] = { s->src, s->tgt, s->src_text, s->tgt_text, s->date, s->place };
        for (int i = 0; i < 6; i++) annals_db_bind_str(st, i + 6, w[i]);
        annals_db_bind_int(st, 12, s->n_mentions);
        annals_db_bind_int(st, 13, s->n_sources);
        annals_db_bind_int(st, 14, s->n_articles);
        annals_db_bind_str(st, 15, s->added_at);
        annals_db_bind_str(st, 16, s->updated_at);
        annals_db_bind_str(st, 17, s->disagreements ? s->disagreements : "[]");
        if ((rc = annals_db_run(st, id, ctx, "adding a story")) < 0) return rc;
    }
    st = im->st[IM_MAP_ADD];
    annals_db_bind_int(st, 1, s->id);
    annals_db_bind_int(st, 2, *id);
    rc = annals_db_run(st, NULL, ctx, "mapping a story");
    return rc < 0 ? rc : 0;
}

/* 1: added, 0: already there, < 0: error. */
static int import_mention(importer *im, const annals_export_story *s, const annals_export_mention *m,
                          const annals_export_doc *d, annals_ctx *ctx)
{
    int64_t doc_id, story_id;
    int rc;
    if ((rc = import_doc(im, d, &doc_id, ctx)) < 0 || (rc = import_story(im, s, &story_id, ctx)) < 0)
        return rc;
    annals_db_stmt *st = im->st[IM_EV_FIND];
    annals_db_bind_int(st, 1, doc_id);
    annals_db_bind_int(st, 2, m->sentence);
    annals_db_bind_str(st, 3, m->code);
    annals_db_bind_str(st, 4, m->src);
    annals_db_bind_str(st, 5, m->tgt);
    bind_i64(st, 6, m->src_off, -1);
    bind_i64(st, 7, m->verb_off, -1);
    if ((rc = annals_db_run(st, NULL, ctx, "looking up a mention")) != 0) return rc < 0 ? rc : 0;
    if (m->sent_start >= 0 && m->sent_end >= m->sent_start) {
        st = im->st[IM_SENT];
        annals_db_bind_int(st, 1, doc_id);
        annals_db_bind_int(st, 2, m->sentence);
        annals_db_bind_int(st, 3, m->sent_start);
        annals_db_bind_int(st, 4, m->sent_end);
        annals_db_bind_str(st, 5, m->evidence);
        if ((rc = annals_db_run(st, NULL, ctx, "adding a sentence")) < 0) return rc;
    }
    const char *actors[2] = { m->src, m->tgt };
    for (int i = 0; i < 2; i++) {
        if (!actors[i]) continue;
        annals_db_bind_str(im->st[IM_ACTOR], 1, actors[i]);
        if ((rc = annals_db_run(im->st[IM_ACTOR], NULL, ctx, "adding an actor")) < 0) return rc;
    }
    st = im->st[IM_EV_ADD];
    annals_db_bind_int(st, 1, m->id);
    annals_db_bind_int(st, 2, doc_id);
    annals_db_bind_int(st, 3, m->sentence);
    annals_db_bind_str(st, 4, m->code);
    annals_db_bind_str(st, 5, m->root);
    bind_i64(st, 6, m->quad_class, 0);
    bind_real(st, 7, m->goldstein);
    const char *v[] = { m->src, m->tgt, m->src_text, m->tgt_text, m->verb_text, m->date, m->place,
                        m->evidence };
    for (int i = 0; i < 8; i++) annals_db_bind_str(st, i + 8, v[i]);
    bind_real(st, 16, m->confidence);
    annals_db_bind_int(st, 17, story_id);
    const int64_t o[] = { m->src_off, m->src_len, m->tgt_off, m->tgt_len, m->verb_off, m->verb_len };
    for (int i = 0; i < 6; i++) bind_i64(st, i + 18, o[i], -1);
    rc = annals_db_run(st, NULL, ctx, "adding a mention");
    return rc < 0 ? rc : 1;
}

/* Reads one line of in into *line (without its newline), at most ANNALS_MAX_IMPORT_LINE
** bytes: 1 read, 0 end of input, 2 too long (the rest of the line skipped), < 0 no memory. */
static int read_line(FILE *in, char **line, size_t *cap, size_t *n)
{
    *n = 0;
    int c;
    bool any = false, long_line = false;
    while ((c = getc(in)) != EOF) {
        any = true;
        if (c == '\n') break;
        if (*n >= ANNALS_MAX_IMPORT_LINE) { long_line = true; continue; }
        if (*n + 1 >= *cap) {
            char *nl = annals_grow(*line, cap, *n + 2, 1, 4096);
            if (!nl) return ANNALS_ENOMEM;
            *line = nl;
        }
        (*line)[(*n)++] = (char)c;
    }
    if (*line) (*line)[*n] = '\0';
    return !any ? 0 : long_line ? 2 : 1;
}

int annals_story_import(const char *db_path, FILE *in, const char *in_name, size_t *added,
                        size_t *skipped, size_t *bad, annals_ctx *ctx)
{
    *added = *skipped = *bad = 0;
    importer im = { 0 };
    int rc = open_db(&im.db, db_path, ANNALS_DB_WRITE, ctx);
    if (rc < 0) return rc;
    const char *name = annals_db_name(im.db);
    annals_arena *a = annals_arena_new(0);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    if (!a) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name); goto done; }
    if (!has_story_schema(im.db)) {
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: this store has no story tables to import into", name);
        goto done;
    }
    if ((annals_db_kind_of(im.db) == ANNALS_DB_SQLITE &&
         (rc = annals_db_exec(im.db, "PRAGMA foreign_keys=ON", ctx, "starting the import")) < 0) ||
        (rc = annals_db_begin(im.db, true, ctx)) < 0 ||
        (rc = annals_db_exec(im.db, "CREATE TEMP TABLE story_map(old {int} PRIMARY KEY, new {int})", ctx,
                             "starting the import")) < 0)
        goto done;
    for (int i = 0; i < IM_N; i++)
        if ((rc = annals_db_prepare(im.db, import_sql[i], &im.st[i], ctx, "preparing the import")) < 0) goto done;
    size_t n;
    int got;
    while ((got = read_line(in, &line, &cap, &n)) > 0) {
        lineno++;
        if (got == 2) {
            fprintf(stderr, "annals: %s:%zu: line longer than %zu bytes (line skipped)\n", in_name,
                    lineno, ANNALS_MAX_IMPORT_LINE);
            ++*bad;
            continue;
        }
        while (n > 0 && line[n - 1] == '\r') line[--n] = '\0';
        if (n == 0) continue;
        annals_arena_reset(a);
        annals_export_story s;
        annals_export_mention m;
        annals_export_doc d;
        if (annals_export_parse_line(line, n, a, &s, &m, &d, in_name, lineno, ctx) < 0) {
            fprintf(stderr, "annals: %s (line skipped)\n", annals_errmsg(ctx));
            ++*bad;
            continue;
        }
        if ((rc = import_mention(&im, &s, &m, &d, ctx)) < 0) goto done;
        if (rc == 1) ++*added;
        else ++*skipped;
    }
    if (got < 0) {
        rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s:%zu: out of memory", in_name, lineno + 1);
        goto done;
    }
    if (ferror(in)) {
        rc = annals_error_set(ctx, ANNALS_EIO, "%s: read error", in_name);
        goto done;
    }
    rc = annals_db_commit(im.db, ctx);
done:
    if (rc < 0) annals_db_rollback(im.db);
    for (int i = 0; i < IM_N; i++) annals_db_finalize(im.st[i]);
    annals_db_close(im.db);
    annals_arena_free(a);
    free(line);
    return rc;
}
