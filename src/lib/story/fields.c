/* SPDX-License-Identifier: MIT
** story/fields.c -- a story event's own fields and its disagreements.
**
** The rules (docs/stories.md): code, the most specific CAMEO code that more than
** half of the mentions support (a code supports itself, its three-digit base
** and its root's general code RR0); quad class, the most common; Goldstein, that
** of a mention with the chosen code, else the mean; actors, the most reported
** country pair (reversed mentions of symmetric acts turned round), then the
** most reported full code on each side; actor names, the most reported name by
** its comparison key (annals_story_name_key: spelling variants are one name),
** shown in its most reported spelling; date, the earliest given; place, the most
** reported. Ties go to the longer code or the alphabetically first value. A
** field is a disagreement when the reports give two values or more (a report
** that gives none does not disagree); each value is listed with its reports.
** Stories are small, so the tallies are plain arrays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "annals/story.h"

typedef struct {
    const char *value;      /* the key compared */
    const char *shown;      /* the spelling shown (first of the most frequent) */
    size_t count;
    int64_t *docs; size_t n_docs, cap_docs;
} tally_item;

typedef struct { tally_item *v; size_t n, cap; } tally;

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->v[i].docs);
    free(t->v);
    memset(t, 0, sizeof *t);
}

static int tally_add(tally *t, const char *value, const char *shown, int64_t doc)
{
    if (!value || !*value) return 0;
    tally_item *it = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].value, value)) { it = &t->v[i]; break; }
    if (!it) {
        tally_item *nv = annals_grow(t->v, &t->cap, t->n + 1, sizeof *nv, 4);
        if (!nv) return ANNALS_ENOMEM;
        t->v = nv;
        it = &t->v[t->n++];
        memset(it, 0, sizeof *it);
        it->value = value;
        it->shown = shown;
    }
    it->count++;
    for (size_t i = 0; i < it->n_docs; i++)
        if (it->docs[i] == doc) return 0;
    int64_t *nd = annals_grow(it->docs, &it->cap_docs, it->n_docs + 1, sizeof *nd, 4);
    if (!nd) return ANNALS_ENOMEM;
    it->docs = nd;
    it->docs[it->n_docs++] = doc;
    return 0;
}

/* The most frequent value; ties: longer, then alphabetically first. NULL when empty. */
static const tally_item *tally_best(const tally *t)
{
    const tally_item *best = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const tally_item *x = &t->v[i];
        if (!best || x->count > best->count ||
            (x->count == best->count && (strlen(x->value) > strlen(best->value) ||
             (strlen(x->value) == strlen(best->value) && strcmp(x->value, best->value) < 0))))
            best = x;
    }
    return best;
}

static int compare_docs(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int compare_items(const void *a, const void *b)
{
    return strcmp(((const tally_item *)a)->value, ((const tally_item *)b)->value);
}

/* Appends {"field":..., "values":[...]} to b when t has two values or more. */
static int put_disagreement(annals_buf *b, bool *first, const char *field, tally *t, bool shown)
{
    if (t->n < 2) return 0;
    qsort(t->v, t->n, sizeof *t->v, compare_items);
    int rc = annals_buf_printf(b, "%s{\"field\":\"%s\",\"values\":[", *first ? "" : ",", field);
    *first = false;
    for (size_t i = 0; i < t->n && rc == 0; i++) {
        const char *v = shown ? t->v[i].shown : t->v[i].value;
        qsort(t->v[i].docs, t->v[i].n_docs, sizeof *t->v[i].docs, compare_docs);
        rc = annals_buf_puts(b, i ? ",{\"value\":\"" : "{\"value\":\"");
        if (!rc) rc = annals_buf_json_escape(b, v, strlen(v));
        if (!rc) rc = annals_buf_puts(b, "\",\"docs\":[");
        for (size_t j = 0; j < t->v[i].n_docs && rc == 0; j++)
            rc = annals_buf_printf(b, "%s%lld", j ? "," : "", (long long)t->v[i].docs[j]);
        if (!rc) rc = annals_buf_puts(b, "]}");
    }
    if (!rc) rc = annals_buf_puts(b, "]}");
    return rc;
}

char *annals_story_name_key(const char *s)
{
    if (!s) return NULL;
    utf8proc_uint8_t *folded = NULL;
    bool ascii = true;
    for (const char *p = s; *p && ascii; p++) ascii = (unsigned char)*p < 0x80;
    utf8proc_ssize_t n = ascii ? -1 : utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (n < 0) {
        /* ASCII, or not valid UTF-8: ASCII folding only */
        size_t len = strlen(s);
        folded = malloc(len + 1);
        if (!folded) return NULL;
        for (size_t i = 0; i <= len; i++) folded[i] = annals_ascii_lower((unsigned char)s[i]);
    }
    /* hyphens and dots go (Ali-Bek = Alibek, U.S. = US); runs of spaces become one */
    char *out = (char *)folded;
    size_t w = 0;
    bool space = false;
    for (size_t r = 0; folded[r]; r++) {
        char c = (char)folded[r];
        if (c == '-' || c == '.') continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = w > 0; continue; }
        if (space) out[w++] = ' ';
        space = false;
        out[w++] = c;
    }
    out[w] = '\0';
    return out;
}

/* The name an actor text gives: the text before its first comma or parenthesis
** ("Ali-Bek Bakayev, the deputy foreign minister" -> "Ali-Bek Bakayev"). */
static char *name_part(const char *s)
{
    size_t n = strcspn(s, ",(");
    while (n && s[n - 1] == ' ') n--;
    char *p = malloc(n + 1);
    if (p) { memcpy(p, s, n); p[n] = '\0'; }
    return p;
}

static bool code_supports(const char *mention, const char *c)
{
    size_t cl = strlen(c);
    if (cl == 3 && c[2] == '0') return !strncmp(mention, c, 2);  /* the root's general code */
    if (cl == 3) return !strncmp(mention, c, 3);
    return !strcmp(mention, c);
}

static int code_level(const char *c)
{
    size_t cl = strlen(c);
    return cl >= 4 ? 3 : cl == 3 && c[2] != '0' ? 2 : 1;
}

/* The distinct codes of the mentions with how many give each: supports are counted
** over these (a story of many reports repeats a few codes). */
typedef struct { char code[6]; size_t count; } code_count;

static void choose_code(const annals_story_input *in, size_t n, code_count *dist, char out[6])
{
    size_t n_dist = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in[i].code) continue;
        size_t j = 0;
        while (j < n_dist && strncmp(dist[j].code, in[i].code, 5)) j++;
        if (j == n_dist) {
            snprintf(dist[n_dist].code, sizeof dist[n_dist].code, "%.5s", in[i].code);
            dist[n_dist++].count = 0;
        }
        dist[j].count++;
    }
    char best[6] = "";
    size_t best_support = 0;
    for (size_t i = 0; i < 2 * n_dist; i++) {
        const char *code = dist[i / 2].code;
        if (strlen(code) < 3) continue;
        char c[6] = "";
        memcpy(c, code, i % 2 ? 3 : strlen(code));
        size_t support = 0;
        for (size_t j = 0; j < n_dist; j++)
            if (code_supports(dist[j].code, c)) support += dist[j].count;
        if (support * 2 <= n) continue;
        if (!best[0] || code_level(c) > code_level(best) ||
            (code_level(c) == code_level(best) && (support > best_support ||
             (support == best_support && strcmp(c, best) < 0)))) {
            memcpy(best, c, sizeof best);
            best_support = support;
        }
    }
    if (!best[0]) {
        /* no majority: the root's general code (all mentions share the root) */
        const char *c = n && in[0].code ? in[0].code : "";
        if (strlen(c) >= 2) snprintf(best, sizeof best, "%.2s0", c);
    }
    memcpy(out, best, 6);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

int annals_story_fields(const annals_story_input *in, size_t n, annals_story_event *out, annals_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    out->n_mentions = n;
    tally t[10] = { 0 };
    enum { T_PAIR, T_SRC, T_TGT, T_SRCN, T_TGTN, T_SRCSP, T_TGTSP, T_DATE, T_PLACE, T_CODE };
    char **keys = calloc(4 * (n ? n : 1), sizeof *keys);
    char (*pairs)[8] = calloc(n ? n : 1, sizeof *pairs);
    tally reports = { 0 }, quads = { 0 };
    char (*quad_s)[4] = calloc(n ? n : 1, sizeof *quad_s);
    code_count *codes = calloc(n ? n : 1, sizeof *codes);
    annals_buf b = { 0 };
    int rc = 0;
    if (!keys || !pairs || !quad_s || !codes) { rc = ANNALS_ENOMEM; goto done; }

    choose_code(in, n, codes, out->code);
    memcpy(out->root, out->code, 2);
    out->root[2] = '\0';
    for (size_t i = 0; i < n && rc == 0; i++) {
        const annals_story_input *m = &in[i];
        snprintf(quad_s[i], sizeof quad_s[i], "%d", m->quad_class);
        snprintf(pairs[i], sizeof pairs[i], "%.3s|%.3s", m->src ? m->src : "", m->tgt ? m->tgt : "");
        rc = tally_add(&reports, "r", "r", m->doc);   /* one value: its docs are the reports */
        if (!rc) rc = tally_add(&t[T_PAIR], pairs[i], pairs[i], m->doc);
        if (!rc) rc = tally_add(&quads, quad_s[i], quad_s[i], m->doc);
        if (!rc) rc = tally_add(&t[T_DATE], m->date, m->date, m->doc);
        if (!rc) rc = tally_add(&t[T_PLACE], m->place, m->place, m->doc);
        if (!rc) rc = tally_add(&t[T_CODE], m->code, m->code, m->doc);
        for (int side = 0; side < 2 && rc == 0; side++) {
            const char *text = side ? m->tgt_text : m->src_text;
            if (!text || !*text) continue;
            char *part = name_part(text);
            char *key = part ? annals_story_name_key(part) : NULL;
            keys[4 * i + 2 * side] = part;
            keys[4 * i + 2 * side + 1] = key;
            if (!part || !key) { rc = ANNALS_ENOMEM; break; }
            rc = tally_add(&t[side ? T_TGTN : T_SRCN], key, part, m->doc);
            if (!rc) rc = tally_add(&t[side ? T_TGTSP : T_SRCSP], part, part, m->doc);
        }
    }
    if (rc) goto done;
    out->n_reports = reports.n ? reports.v[0].n_docs : 0;
    const tally_item *q = tally_best(&quads);
    out->quad_class = q ? atoi(q->value) : 0;
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        if (in[i].code && !strcmp(in[i].code, out->code)) { out->goldstein = in[i].goldstein; found = true; }
    if (!found) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) sum += in[i].goldstein;
        out->goldstein = n ? sum / (double)n : 0;
    }
    /* actors in the majority orientation */
    const tally_item *pair = tally_best(&t[T_PAIR]);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *s = in[i].src ? in[i].src : "", *g = in[i].tgt ? in[i].tgt : "";
        if (pair && strcmp(pairs[i], pair->value)) { const char *x = s; s = g; g = x; }
        rc = tally_add(&t[T_SRC], s, s, in[i].doc);
        if (!rc) rc = tally_add(&t[T_TGT], g, g, in[i].doc);
    }
    if (rc) goto done;
    const tally_item *x;
    if ((x = tally_best(&t[T_SRC]))) snprintf(out->src, sizeof out->src, "%s", x->value);
    if ((x = tally_best(&t[T_TGT]))) snprintf(out->tgt, sizeof out->tgt, "%s", x->value);
    for (size_t i = 0; i < t[T_DATE].n; i++)
        if (!out->date[0] || strcmp(t[T_DATE].v[i].value, out->date) < 0)
            snprintf(out->date, sizeof out->date, "%s", t[T_DATE].v[i].value);
    if ((x = tally_best(&t[T_PLACE])) && !(out->place = dup_or_null(x->value))) rc = ANNALS_ENOMEM;
    for (int side = 0; side < 2 && rc == 0; side++) {
        if (!(x = tally_best(&t[side ? T_TGTN : T_SRCN]))) continue;
        /* the most reported spelling of that name */
        const tally_item *sp = NULL;
        for (size_t i = 0; i < t[side ? T_TGTSP : T_SRCSP].n; i++) {
            const tally_item *y = &t[side ? T_TGTSP : T_SRCSP].v[i];
            char *k = annals_story_name_key(y->value);
            if (!k) { rc = ANNALS_ENOMEM; break; }
            bool same = !strcmp(k, x->value);
            free(k);
            if (same && (!sp || y->count > sp->count || (y->count == sp->count && strcmp(y->value, sp->value) < 0)))
                sp = y;
        }
        char *v = sp ? strdup(sp->value) : NULL;
        if (sp && !v) rc = ANNALS_ENOMEM;
        if (side) out->tgt_text = v; else out->src_text = v;
    }
    if (rc) goto done;

    bool first = true;
    rc = annals_buf_putc(&b, '[');
    static const struct { int t; const char *name; bool shown; } fields[] = {
        { T_CODE, "code", false }, { T_DATE, "date", false }, { T_PLACE, "place", false },
        { T_SRC, "src", false }, { T_TGT, "tgt", false },
        { T_SRCN, "src_text", true }, { T_TGTN, "tgt_text", true },
        { T_SRCSP, "src_spelling", false }, { T_TGTSP, "tgt_spelling", false },
    };
    for (size_t f = 0; f < sizeof fields / sizeof *fields && rc == 0; f++) {
        /* spellings: only when they are variants of one name (else src_text says it) */
        if (fields[f].t == T_SRCSP || fields[f].t == T_TGTSP) {
            tally *names = &t[fields[f].t == T_SRCSP ? T_SRCN : T_TGTN];
            if (names->n != 1) continue;
        }
        rc = put_disagreement(&b, &first, fields[f].name, &t[fields[f].t], fields[f].shown);
    }
    if (!rc) rc = annals_buf_putc(&b, ']');
    if (!rc) { out->disagreements = b.p; b.p = NULL; }
done:
    annals_buf_free(&b);
    if (keys) for (size_t i = 0; i < 4 * n; i++) free(keys[i]);
    free(keys);
    free(pairs);
    free(quad_s);
    free(codes);
    for (int i = 0; i < 10; i++) tally_free(&t[i]);
    tally_free(&reports);
    tally_free(&quads);
    if (rc) {
        annals_story_event_clear(out);
        return annals_error_set(ctx, ANNALS_ENOMEM, "story fields: out of memory");
    }
    return 0;
}

void annals_story_event_clear(annals_story_event *e)
{
    if (!e) return;
    free(e->src_text);
    free(e->tgt_text);
    free(e->place);
    free(e->disagreements);
    e->src_text = e->tgt_text = e->place = e->disagreements = NULL;
}
