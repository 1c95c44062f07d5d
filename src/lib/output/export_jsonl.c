/* SPDX-License-Identifier: MIT
** output/export_jsonl.c -- JSONL and CSV of story events with their mentions, and the
** parser that reads the JSONL back (`annals import`).
**
** One line per mention (coded event): the fields of `annals code --format jsonl` (doc,
** doc_hash, sentence, src ... url) plus "story" (the story event's id, what
** score-stories reads), the mention's offsets and document fields, and the story event
** itself under "story_event" (in CSV: story_* columns). One function writes the row, the
** CSV header and the JSON line, so their columns cannot drift; the parser reads the same
** names back. The disagreements array is written as JSON when it parses, else null. */
#include <math.h>
#include <string.h>
#include <jansson.h>
#include "export_internal.h"

#define REAL_FMT "%.10g"

static void dyad(ex_row *r, const char *src, const char *tgt, const char *src_text, const char *tgt_text)
{
    annals_output_row_str(r, "src", src);
    annals_output_row_str(r, "tgt", tgt);
    annals_output_row_str(r, "src_text", src_text);
    annals_output_row_str(r, "tgt_text", tgt_text);
}

static void event_code(ex_row *r, const char *code, const char *root, int quad, double goldstein)
{
    annals_output_row_str(r, "code", code);
    annals_output_row_str(r, "root", root);
    annals_output_row_int(r, "quad_class", quad, quad > 0);
    annals_output_row_real(r, "goldstein", goldstein, REAL_FMT);
}

void annals_output_mention_row(ex_row *r, const annals_export_story *s, const annals_export_mention *m)
{
    static const annals_export_story no_story = { .goldstein = NAN };
    static const annals_export_mention no_mention = { .goldstein = NAN, .confidence = NAN };
    static const annals_export_doc no_doc = { .text_chars = -1 };
    if (!s) s = &no_story;           /* header mode: names only */
    if (!m) m = &no_mention;
    const annals_export_doc *d = m->doc ? m->doc : &no_doc;
    annals_output_row_int(r, "story", s->id, true);
    annals_output_row_int(r, "id", m->id, true);
    annals_output_row_str(r, "doc", d->name);
    annals_output_row_str(r, "doc_hash", d->hash);
    annals_output_row_int(r, "sentence", m->sentence, m->sentence >= 0);
    dyad(r, m->src, m->tgt, m->src_text, m->tgt_text);
    annals_output_row_str(r, "verb_text", m->verb_text);
    event_code(r, m->code, m->root, m->quad_class, m->goldstein);
    annals_output_row_real(r, "confidence", m->confidence, REAL_FMT);
    annals_output_row_str(r, "date", m->date);
    annals_output_row_str(r, "place", m->place);
    annals_output_row_str(r, "evidence", m->evidence);
    if (r->mode == EX_JSON) {   /* as `annals code` writes it: [start, end] bytes, or null */
        char span[48] = "null";
        if (m->sent_start >= 0 && m->sent_end >= 0)
            snprintf(span, sizeof span, "[%lld,%lld]", (long long)m->sent_start, (long long)m->sent_end);
        annals_output_row_raw(r, "span", span);
    } else {
        annals_output_row_int(r, "span_start", m->sent_start, m->sent_start >= 0);
        annals_output_row_int(r, "span_end", m->sent_end, m->sent_end >= 0);
    }
    const char *off_names[6] = { "src_off", "src_len", "tgt_off", "tgt_len", "verb_off", "verb_len" };
    const int64_t offs[6] = { m->src_off, m->src_len, m->tgt_off, m->tgt_len, m->verb_off, m->verb_len };
    for (int i = 0; i < 6; i++) annals_output_row_int(r, off_names[i], offs[i], offs[i] >= 0);
    annals_output_row_str(r, "url", d->url);
    annals_output_row_str(r, "outlet", d->outlet);
    annals_output_row_str(r, "pub_date", d->pub_date);
    annals_output_row_str(r, "ingested_at", d->ingested_at);
    annals_output_row_open(r, "story_event", "story_");
    event_code(r, s->code, s->root, s->quad_class, s->goldstein);
    dyad(r, s->src, s->tgt, s->src_text, s->tgt_text);
    annals_output_row_str(r, "date", s->date);
    annals_output_row_str(r, "place", s->place);
    annals_output_row_int(r, "n_mentions", s->n_mentions, true);
    annals_output_row_int(r, "n_sources", s->n_sources, true);
    annals_output_row_int(r, "n_articles", s->n_articles, true);
    annals_output_row_str(r, "added_at", s->added_at);
    annals_output_row_str(r, "updated_at", s->updated_at);
    if (r->mode == EX_JSON) {
        json_t *dis = s->disagreements ? json_loads(s->disagreements, 0, NULL) : NULL;
        char *text = dis && json_is_array(dis) ? json_dumps(dis, JSON_COMPACT) : NULL;
        annals_output_row_raw(r, "disagreements", text);
        free(text);
        json_decref(dis);
    } else {
        annals_output_row_str(r, "disagreements", s->disagreements);
    }
    annals_output_row_close(r);
}

/* ---- parsing a line back ---- */

typedef struct {
    json_t *o;
    annals_arena *a;
    const char *path;
    size_t line;
    annals_ctx *ctx;
    int err;
} reader;

static void bad(reader *rd, const char *key, const char *want)
{
    if (!rd->err)
        rd->err = annals_error_set(rd->ctx, ANNALS_EFORMAT, "%s:%zu: field \"%s\" is not %s",
                                   rd->path, rd->line, key, want);
}

static const char *get_str(reader *rd, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) { bad(rd, key, "a string or null"); return NULL; }
    char *c = annals_arena_strndup(rd->a, json_string_value(v), json_string_length(v));
    if (!c && !rd->err) rd->err = annals_error_set(rd->ctx, ANNALS_ENOMEM, "%s:%zu: out of memory", rd->path, rd->line);
    return c;
}

static int64_t get_int(reader *rd, json_t *o, const char *key, int64_t none)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return none;
    if (!json_is_integer(v) || json_integer_value(v) < 0) { bad(rd, key, "a whole number >= 0 or null"); return none; }
    return (int64_t)json_integer_value(v);
}

static double get_real(reader *rd, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return NAN;
    if (!json_is_number(v)) { bad(rd, key, "a number or null"); return NAN; }
    return json_number_value(v);
}

int annals_export_parse_line(const char *line, size_t n, annals_arena *a, annals_export_story *s,
                             annals_export_mention *m, annals_export_doc *d,
                             const char *path, size_t lineno, annals_ctx *ctx)
{
    memset(s, 0, sizeof *s);
    memset(m, 0, sizeof *m);
    memset(d, 0, sizeof *d);
    json_error_t je;
    json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
    if (!o) return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: not JSON: %s", path, lineno, je.text);
    reader rd = { .o = o, .a = a, .path = path, .line = lineno, .ctx = ctx };
    json_t *se = json_object_get(o, "story_event");
    if (!json_is_object(o) || !json_is_object(se)) {
        json_decref(o);
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: not a line of `annals export --format jsonl`"
                                " (no \"story_event\" object)", path, lineno);
    }
    s->id = get_int(&rd, o, "story", -1);
    m->id = get_int(&rd, o, "id", -1);
    d->name = get_str(&rd, o, "doc");
    d->hash = get_str(&rd, o, "doc_hash");
    m->sentence = get_int(&rd, o, "sentence", -1);
    const char **ms[] = { &m->src, &m->tgt, &m->src_text, &m->tgt_text, &m->verb_text, &m->code, &m->root };
    const char *mk[] = { "src", "tgt", "src_text", "tgt_text", "verb_text", "code", "root" };
    for (size_t i = 0; i < 7; i++) *ms[i] = get_str(&rd, o, mk[i]);
    m->quad_class = (int)get_int(&rd, o, "quad_class", 0);
    m->goldstein = get_real(&rd, o, "goldstein");
    m->confidence = get_real(&rd, o, "confidence");
    m->date = get_str(&rd, o, "date");
    m->place = get_str(&rd, o, "place");
    m->evidence = get_str(&rd, o, "evidence");
    json_t *span = json_object_get(o, "span");
    m->sent_start = m->sent_end = -1;
    if (span && !json_is_null(span)) {
        json_t *a0 = json_array_get(span, 0), *a1 = json_array_get(span, 1);
        if (json_array_size(span) != 2 || !json_is_integer(a0) || !json_is_integer(a1) ||
            json_integer_value(a0) < 0 || json_integer_value(a1) < json_integer_value(a0))
            bad(&rd, "span", "[start, end] or null");
        else {
            m->sent_start = (int64_t)json_integer_value(a0);
            m->sent_end = (int64_t)json_integer_value(a1);
        }
    }
    int64_t *mo[] = { &m->src_off, &m->src_len, &m->tgt_off, &m->tgt_len, &m->verb_off, &m->verb_len };
    const char *mok[] = { "src_off", "src_len", "tgt_off", "tgt_len", "verb_off", "verb_len" };
    for (size_t i = 0; i < 6; i++) *mo[i] = get_int(&rd, o, mok[i], -1);
    m->src_char = m->tgt_char = m->verb_char = -1;
    d->url = get_str(&rd, o, "url");
    d->outlet = get_str(&rd, o, "outlet");
    d->pub_date = get_str(&rd, o, "pub_date");
    d->ingested_at = get_str(&rd, o, "ingested_at");
    d->text_chars = -1;
    s->code = get_str(&rd, se, "code");
    s->root = get_str(&rd, se, "root");
    s->quad_class = (int)get_int(&rd, se, "quad_class", 0);
    s->goldstein = get_real(&rd, se, "goldstein");
    const char **ss[] = { &s->src, &s->tgt, &s->src_text, &s->tgt_text, &s->date, &s->place,
                          &s->added_at, &s->updated_at };
    const char *sk[] = { "src", "tgt", "src_text", "tgt_text", "date", "place", "added_at", "updated_at" };
    for (size_t i = 0; i < 8; i++) *ss[i] = get_str(&rd, se, sk[i]);
    s->n_mentions = get_int(&rd, se, "n_mentions", 0);
    s->n_sources = get_int(&rd, se, "n_sources", 0);
    s->n_articles = get_int(&rd, se, "n_articles", 0);
    json_t *dis = json_object_get(se, "disagreements");
    if (dis && !json_is_null(dis)) {
        char *text = json_is_array(dis) ? json_dumps(dis, JSON_COMPACT) : NULL;
        if (!text) bad(&rd, "disagreements", "an array or null");
        else if (!(s->disagreements = annals_arena_strdup(a, text)) && !rd.err)
            rd.err = annals_error_set(ctx, ANNALS_ENOMEM, "%s:%zu: out of memory", path, lineno);
        free(text);
    }
    if (!rd.err) {   /* what the store cannot do without */
        const char *miss = s->id < 0 ? "story" : !d->hash ? "doc_hash" : !m->code ? "code"
                         : m->sentence < 0 ? "sentence" : !m->root ? "root" : NULL;
        if (miss) rd.err = annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: field \"%s\" is missing",
                                            path, lineno, miss);
    }
    json_decref(o);
    return rd.err;
}
