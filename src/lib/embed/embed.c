/* SPDX-License-Identifier: MIT
** embed/embed.c -- the embedding API of the shared libannals (annals/embed.h).
**
** A coder is a pipeline; each call makes its own error context and document, so
** calls on one coder may run in several threads. Events are written by the same
** writer as annals code (annals_output_doc, into a memory stream). A store record
** is the coded document as JSON (jansson): enough for annals_store_put_doc without
** coding again. Loading one rebuilds the document: its cleaned text, the
** sentences and tokens segmented again from it, and the events read back with
** every field range-checked, so a damaged record is refused with path:line. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "annals/embed.h"
#include "annals/clean.h"
#include "annals/ingest.h"
#include "annals/output.h"
#include "annals/pipeline.h"
#include "annals/segment.h"
#include "annals/store.h"

struct annals_embed {
    annals_pipeline *pipe;
};

struct annals_embed_store {
    annals_store *store;
    annals_ctx *ctx;
    bool in_batch;
};

int annals_embed_version(void) { return ANNALS_EMBED_VERSION; }

void annals_embed_free(void *p) { free(p); }

/* *err = a copy of msg; returns code. */
static int fail(char **err, int code, const char *msg)
{
    if (err) *err = strdup(msg && *msg ? msg : "annals: unknown error");
    return code < 0 ? code : ANNALS_ERROR;
}

static int fail_ctx(char **err, int code, const annals_ctx *ctx)
{
    return fail(err, code, annals_errmsg(ctx));
}

int annals_embed_open(annals_embed **out, const char *data_dir, unsigned flags, char **err)
{
    *out = NULL;
    if (err) *err = NULL;
    annals_ctx *ctx = annals_ctx_new();
    annals_embed *c = calloc(1, sizeof *c);
    if (!ctx || !c) {
        annals_ctx_free(ctx);
        free(c);
        return fail(err, ANNALS_ENOMEM, "out of memory");
    }
    annals_pipeline_options po = { .data_dir = data_dir, .no_parse = (flags & ANNALS_EMBED_NO_PARSE) != 0,
                                   .parse_beam = 1 };   /* greedy, as annals code */
    int rc = annals_pipeline_open(&c->pipe, &po, ctx);
    if (rc < 0) {
        rc = fail_ctx(err, rc, ctx);
        annals_ctx_free(ctx);
        free(c);
        return rc;
    }
    annals_ctx_free(ctx);
    *out = c;
    return 0;
}

void annals_embed_close(annals_embed *c)
{
    if (!c) return;
    annals_pipeline_free(c->pipe);
    free(c);
}

/* ---- a coded document as a store record ------------------------------------ */

/* A JSON string of s[0..n), invalid UTF-8 replaced (file names may hold any bytes);
** null when s is NULL. */
static json_t *jstr(annals_doc *d, const char *s, size_t n)
{
    if (!s) return json_null();
    json_t *v = json_stringn(s, n);
    if (v) return v;
    char *clean;
    size_t clean_len, bad;
    if (annals_utf8_sanitize(d->arena, s, n, &clean, &clean_len, &bad) < 0) return NULL;
    return json_stringn(clean, clean_len);
}

static json_t *jcstr(annals_doc *d, const char *s) { return jstr(d, s, s ? strlen(s) : 0); }

static json_t *jspan(uint32_t off, uint32_t len) { return json_pack("[II]", (json_int_t)off, (json_int_t)len); }

static const char *format_name(annals_format f) { return f == ANNALS_FMT_HTML ? "html" : "text"; }

static json_t *record_event(annals_doc *d, const annals_event *e)
{
    size_t dl = strnlen(e->date, sizeof e->date);
    return json_pack("{sI so so sI so so so so so so so so sI sI so}",
                     "sentence", (json_int_t)e->sent,
                     "code", jstr(d, e->code, strnlen(e->code, sizeof e->code)),
                     "root", jstr(d, e->root, strnlen(e->root, sizeof e->root)),
                     "quad_class", (json_int_t)e->quad_class,
                     "goldstein", isfinite(e->goldstein) ? json_real(e->goldstein) : json_null(),
                     "src", jstr(d, e->src, strnlen(e->src, sizeof e->src)),
                     "tgt", jstr(d, e->tgt, strnlen(e->tgt, sizeof e->tgt)),
                     "src_span", jspan(e->src_off, e->src_len),
                     "tgt_span", jspan(e->tgt_off, e->tgt_len),
                     "verb_span", jspan(e->verb_off, e->verb_len),
                     "date", dl ? jstr(d, e->date, dl) : json_null(),
                     "place", jcstr(d, e->place),
                     "flags", (json_int_t)e->flags,
                     "basis", (json_int_t)e->basis,
                     "confidence", isfinite(e->confidence) ? json_real(e->confidence) : json_null());
}

/* One record line, malloc'd, '\n'-terminated. */
static int record_line(annals_doc *d, char **out, size_t *out_len, char **err)
{
    json_t *events = json_array();
    if (!events) return fail(err, ANNALS_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n_event; i++)
        if (json_array_append_new(events, record_event(d, &d->event[i])) < 0) {
            json_decref(events);
            return fail(err, ANNALS_ENOMEM, "out of memory");
        }
    size_t pl = strnlen(d->pub_date, sizeof d->pub_date);
    json_t *rec = json_pack("{so so so sI ss so so so sI sI sI so so}",
                            "doc", jcstr(d, d->name), "doc_hash", jcstr(d, d->hash),
                            "path", jcstr(d, d->path), "line", (json_int_t)d->line,
                            "format", format_name(d->format),
                            "url", jcstr(d, d->url), "outlet", jcstr(d, d->outlet),
                            "pub_date", pl ? jstr(d, d->pub_date, pl) : json_null(),
                            "invalid_bytes", (json_int_t)d->invalid_bytes,
                            "dropped_lines", (json_int_t)d->dropped_lines,
                            "n_sentences", (json_int_t)d->n_sent,
                            "text", jstr(d, d->text, d->text_len),
                            "events", events);
    char *s = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
    json_decref(rec);
    if (!s) return fail(err, ANNALS_ENOMEM, "out of memory");
    size_t n = strlen(s);
    char *line = realloc(s, n + 2);
    if (!line) { free(s); return fail(err, ANNALS_ENOMEM, "out of memory"); }
    line[n] = '\n';
    line[n + 1] = '\0';
    *out = line;
    *out_len = n + 1;
    return 0;
}

/* ---- coding --------------------------------------------------------------- */

/* The events of doc as annals code writes them, malloc'd ("" for none). */
static int event_lines(const annals_doc *d, char **out, size_t *out_len, char **err)
{
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    if (!f) return fail(err, ANNALS_ENOMEM, "out of memory");
    annals_buf scratch = { 0 };
    int rc = annals_output_doc(f, ANNALS_OUT_JSONL, d, &scratch);
    annals_buf_free(&scratch);
    if (fclose(f) != 0 && rc == 0) rc = ANNALS_ENOMEM;
    if (rc < 0 || !p) {
        free(p);
        return fail(err, rc < 0 ? rc : ANNALS_ENOMEM, "out of memory writing the events");
    }
    *out = p;
    *out_len = n;
    return 0;
}

/* Runs the pipeline on doc (freed here) and writes what flags ask for. */
static int code_doc(annals_embed *c, annals_doc *doc, annals_ctx *ctx, unsigned flags,
                    char **out, size_t *out_len, char **err)
{
    int rc = annals_pipeline_run(c->pipe, doc, ctx);
    if (rc < 0) rc = fail_ctx(err, rc, ctx);
    else if (flags & ANNALS_EMBED_RECORD) rc = record_line(doc, out, out_len, err);
    else rc = event_lines(doc, out, out_len, err);
    annals_doc_free(doc);
    return rc;
}

static int empty_result(char **out, size_t *out_len, char **err)
{
    if (!(*out = strdup(""))) return fail(err, ANNALS_ENOMEM, "out of memory");
    *out_len = 0;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

int annals_embed_code_jsonl(annals_embed *c, const char *line, size_t len, const char *path,
                            size_t line_no, unsigned flags, char **out, size_t *out_len, char **err)
{
    *out = NULL;
    *out_len = 0;
    if (err) *err = NULL;
    if (!path) path = "-";
    if (line && len > ANNALS_MAX_DOC_BYTES) {   /* as annals code's reader */
        char msg[1024];
        snprintf(msg, sizeof msg, "%s:%zu: line longer than %u MiB", path, line_no, ANNALS_MAX_DOC_BYTES >> 20);
        return fail(err, ANNALS_ETOOBIG, msg);
    }
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) return fail(err, ANNALS_ENOMEM, "out of memory");
    annals_doc *doc = NULL;
    char reason[512];
    int rc = annals_ingest_jsonl_line(line ? line : "", line ? len : 0, path, base_name(path), line_no,
                                      &doc, reason, sizeof reason, ctx);
    if (rc < 0) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s:%zu: %s", path, line_no, reason);
        rc = fail(err, rc, msg);
    } else if (rc == 0) rc = empty_result(out, out_len, err);
    else rc = code_doc(c, doc, ctx, flags, out, out_len, err);
    annals_ctx_free(ctx);
    return rc;
}

int annals_embed_code_file(annals_embed *c, const char *path, unsigned flags,
                           char **out, size_t *out_len, char **err)
{
    *out = NULL;
    *out_len = 0;
    if (err) *err = NULL;
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) return fail(err, ANNALS_ENOMEM, "out of memory");
    annals_source *src = NULL;
    annals_doc *doc = NULL;
    int rc = annals_source_open(&src, &path, 1, ANNALS_FMT_AUTO, ctx);
    if (rc == 0) {
        rc = annals_source_next(src, &doc, ctx);
        if (rc == 0) rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: no document", path);
        else if (rc > 0 && doc->line > 0)
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: a JSONL file: code it line by line", path);
    }
    if (rc < 0) {
        rc = fail_ctx(err, rc, ctx);
        annals_doc_free(doc);
    } else {
        rc = code_doc(c, doc, ctx, flags, out, out_len, err);
    }
    annals_source_free(src);
    annals_ctx_free(ctx);
    return rc;
}

/* ---- loading records into the store --------------------------------------- */

typedef struct {
    const char *path;
    size_t line;
    char *err;       /* first problem found, malloc'd */
} rec_reader;

static void rec_bad(rec_reader *r, const char *what)
{
    if (r->err) return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s:%zu: not an annals store record: %s", r->path, r->line, what);
    r->err = strdup(msg);
    if (!r->err) r->err = strdup("out of memory");
}

/* A string member: NULL when null or absent and optional; *n its length. */
static const char *rec_str(rec_reader *r, json_t *o, const char *key, bool required, size_t max, size_t *n)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required) {
            char what[96];
            snprintf(what, sizeof what, "no \"%s\"", key);
            rec_bad(r, what);
        }
        if (n) *n = 0;
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) > max) {
        char what[96];
        snprintf(what, sizeof what, "\"%s\" is not a string of at most %zu bytes", key, max);
        rec_bad(r, what);
        if (n) *n = 0;
        return NULL;
    }
    if (n) *n = json_string_length(v);
    return json_string_value(v);
}

static json_int_t rec_int(rec_reader *r, json_t *o, const char *key, json_int_t max)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max) {
        char what[96];
        snprintf(what, sizeof what, "\"%s\" is not a whole number from 0 to %lld", key, (long long)max);
        rec_bad(r, what);
        return 0;
    }
    return json_integer_value(v);
}

static double rec_real(rec_reader *r, json_t *o, const char *key, double if_null)
{
    json_t *v = json_object_get(o, key);
    if (json_is_null(v)) return if_null;
    if (!json_is_number(v)) {
        char what[96];
        snprintf(what, sizeof what, "\"%s\" is not a number", key);
        rec_bad(r, what);
        return if_null;
    }
    return json_number_value(v);
}

/* [off, len] within the text. */
static void rec_span(rec_reader *r, json_t *o, const char *key, size_t text_len, uint32_t *off, uint32_t *len)
{
    json_t *v = json_object_get(o, key);
    json_t *a = json_array_get(v, 0), *b = json_array_get(v, 1);
    if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_integer(a) || !json_is_integer(b) ||
        json_integer_value(a) < 0 || json_integer_value(b) < 0 ||
        (uint64_t)json_integer_value(a) + (uint64_t)json_integer_value(b) > text_len) {
        char what[96];
        snprintf(what, sizeof what, "\"%s\" is not [offset, length] within the text", key);
        rec_bad(r, what);
        *off = *len = 0;
        return;
    }
    *off = (uint32_t)json_integer_value(a);
    *len = (uint32_t)json_integer_value(b);
}

/* Copies a string member into a fixed field (exactly as long as the field allows). */
static void rec_fixed(rec_reader *r, json_t *o, const char *key, char *dst, size_t cap, bool required)
{
    size_t n;
    const char *s = rec_str(r, o, key, required, cap - 1, &n);
    memset(dst, 0, cap);
    if (s) memcpy(dst, s, n);
}

static void rec_event(rec_reader *r, json_t *o, annals_doc *d, annals_event *e)
{
    if (!json_is_object(o)) { rec_bad(r, "an event is not an object"); return; }
    e->sent = (uint32_t)rec_int(r, o, "sentence", (json_int_t)(d->n_sent ? d->n_sent - 1 : 0));
    if (d->n_sent == 0) rec_bad(r, "an event in a document without sentences");
    rec_fixed(r, o, "code", e->code, sizeof e->code, true);
    rec_fixed(r, o, "root", e->root, sizeof e->root, true);
    e->quad_class = (int)rec_int(r, o, "quad_class", 4);
    e->goldstein = rec_real(r, o, "goldstein", NAN);
    rec_fixed(r, o, "src", e->src, sizeof e->src, false);
    rec_fixed(r, o, "tgt", e->tgt, sizeof e->tgt, false);
    rec_span(r, o, "src_span", d->text_len, &e->src_off, &e->src_len);
    rec_span(r, o, "tgt_span", d->text_len, &e->tgt_off, &e->tgt_len);
    rec_span(r, o, "verb_span", d->text_len, &e->verb_off, &e->verb_len);
    rec_fixed(r, o, "date", e->date, sizeof e->date, false);
    size_t pn;
    const char *place = rec_str(r, o, "place", false, ANNALS_MAX_DOC_BYTES, &pn);
    e->place = place ? annals_arena_strndup(d->arena, place, pn) : NULL;
    if (place && !e->place) rec_bad(r, "out of memory");
    e->flags = (uint16_t)rec_int(r, o, "flags", 0xFFFF);
    e->basis = (uint32_t)rec_int(r, o, "basis", 0xFFFFFFFF);
    e->confidence = (float)rec_real(r, o, "confidence", -1);
}

static bool is_hex64(const char *s, size_t n)
{
    if (!s || n != 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

/* The document of a record, ready for annals_store_put_doc; NULL with r->err. */
static annals_doc *rec_doc(rec_reader *r, json_t *o, annals_ctx *ctx)
{
    size_t tn, hn;
    const char *text = rec_str(r, o, "text", true, ANNALS_MAX_DOC_BYTES * 3ull, &tn);
    const char *hash = rec_str(r, o, "doc_hash", true, 64, &hn);
    const char *name = rec_str(r, o, "doc", true, 4096, NULL);
    const char *path = rec_str(r, o, "path", false, 4096, NULL);
    const char *fmt = rec_str(r, o, "format", true, 8, NULL);
    if (r->err) return NULL;
    if (!is_hex64(hash, hn)) { rec_bad(r, "\"doc_hash\" is not 64 hex digits"); return NULL; }
    if (strcmp(fmt, "text") && strcmp(fmt, "html")) { rec_bad(r, "\"format\" is not text or html"); return NULL; }
    annals_doc *d = NULL;
    if (annals_doc_new(&d, name, path, "", 0, ctx) < 0) { rec_bad(r, "out of memory"); return NULL; }
    memcpy(d->hash, hash, 65);
    d->format = strcmp(fmt, "html") ? ANNALS_FMT_TEXT : ANNALS_FMT_HTML;
    d->line = (size_t)rec_int(r, o, "line", INT64_MAX);
    size_t n;
    const char *s = rec_str(r, o, "url", false, 65536, &n);
    if (s) d->url = annals_arena_strndup(d->arena, s, n);
    if ((s = rec_str(r, o, "outlet", false, 65536, &n))) d->outlet = annals_arena_strndup(d->arena, s, n);
    rec_fixed(r, o, "pub_date", d->pub_date, sizeof d->pub_date, false);
    d->invalid_bytes = (size_t)rec_int(r, o, "invalid_bytes", INT64_MAX);
    d->dropped_lines = (size_t)rec_int(r, o, "dropped_lines", INT64_MAX);
    json_int_t n_sent = rec_int(r, o, "n_sentences", INT64_MAX);
    d->text = annals_arena_strndup(d->arena, text, tn);
    d->text_len = tn;
    if (!d->text) rec_bad(r, "out of memory");
    if (r->err) { annals_doc_free(d); return NULL; }
    /* the cleaned text is what the coder read: valid UTF-8 with no NUL */
    if (memchr(text, '\0', tn)) { rec_bad(r, "\"text\" holds a NUL byte"); annals_doc_free(d); return NULL; }
    if (annals_segment_run(d, ctx) < 0) { rec_bad(r, "out of memory"); annals_doc_free(d); return NULL; }
    if ((json_int_t)d->n_sent != n_sent) {
        rec_bad(r, "its text segments into another number of sentences than \"n_sentences\""
                   " (a record of another annals version?)");
        annals_doc_free(d);
        return NULL;
    }
    json_t *events = json_object_get(o, "events");
    if (!json_is_array(events)) { rec_bad(r, "no \"events\" list"); annals_doc_free(d); return NULL; }
    d->n_event = json_array_size(events);
    d->event = d->n_event ? annals_arena_calloc(d->arena, d->n_event, sizeof *d->event) : NULL;
    if (d->n_event && !d->event) { rec_bad(r, "out of memory"); annals_doc_free(d); return NULL; }
    for (size_t i = 0; i < d->n_event && !r->err; i++) rec_event(r, json_array_get(events, i), d, &d->event[i]);
    if (r->err) { annals_doc_free(d); return NULL; }
    return d;
}

int annals_embed_store_open(annals_embed_store **out, const char *db_path, char **err)
{
    *out = NULL;
    if (err) *err = NULL;
    annals_embed_store *s = calloc(1, sizeof *s);
    if (!s || !(s->ctx = annals_ctx_new())) {
        free(s);
        return fail(err, ANNALS_ENOMEM, "out of memory");
    }
    int rc = annals_store_open(&s->store, db_path, s->ctx);
    if (rc < 0) {
        rc = fail_ctx(err, rc, s->ctx);
        annals_ctx_free(s->ctx);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int annals_embed_store_put(annals_embed_store *s, const char *record, size_t len, const char *path,
                           size_t line_no, char **err)
{
    if (err) *err = NULL;
    rec_reader r = { path ? path : "-", line_no, NULL };
    json_error_t jerr;
    json_t *o = json_loadb(record ? record : "", record ? len : 0, 0, &jerr);
    if (!o || !json_is_object(o)) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%zu: not an annals store record: %s", r.path, line_no,
                 o ? "not a JSON object" : jerr.text);
        json_decref(o);
        return fail(err, ANNALS_EFORMAT, msg);
    }
    /* a document already stored (a shard loaded again) needs no rebuilding */
    json_t *h = json_object_get(o, "doc_hash");
    if (json_is_string(h) && is_hex64(json_string_value(h), json_string_length(h))) {
        int had = annals_store_has_doc(s->store, json_string_value(h), s->ctx);
        if (had != 0) {
            json_decref(o);
            return had < 0 ? fail_ctx(err, had, s->ctx) : 0;
        }
    }
    annals_doc *d = rec_doc(&r, o, s->ctx);
    json_decref(o);
    if (!d) {
        int rc = fail(err, ANNALS_EFORMAT, r.err);
        free(r.err);
        return rc;
    }
    int rc = 0;
    if (!s->in_batch) {
        rc = annals_store_begin(s->store, s->ctx);
        if (rc == 0) s->in_batch = true;
    }
    if (rc == 0) rc = annals_store_put_doc(s->store, d, s->ctx);
    annals_doc_free(d);
    return rc < 0 ? fail_ctx(err, rc, s->ctx) : rc;
}

int annals_embed_store_commit(annals_embed_store *s, char **err)
{
    if (err) *err = NULL;
    if (!s->in_batch) return 0;
    int rc = annals_store_commit(s->store, s->ctx);
    s->in_batch = false;
    return rc < 0 ? fail_ctx(err, rc, s->ctx) : 0;
}

void annals_embed_store_close(annals_embed_store *s)
{
    if (!s) return;
    annals_store_close(s->store);
    annals_ctx_free(s->ctx);
    free(s);
}
