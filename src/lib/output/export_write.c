/* SPDX-License-Identifier: MIT
** output/export_write.c -- `annals export`: format names, header lines, one story's rows.
**
** Dispatches a story to the writer of each format (export_gdelt.c, export_plover.c,
** export_jsonl.c) and holds the row builder they share (export_internal.h). GDELT has
** no header line (its readers name the columns themselves); POLECAT and CSV have one.
** A story whose CAMEO code PLOVER drops (roots 01, 02) writes no POLECAT or PLOVER row. */
#include <math.h>
#include <string.h>
#include "export_internal.h"

static const struct { const char *name; annals_export_format fmt; } formats[] = {
    { "gdelt-events", ANNALS_EXPORT_GDELT_EVENTS }, { "gdelt-mentions", ANNALS_EXPORT_GDELT_MENTIONS },
    { "polecat", ANNALS_EXPORT_POLECAT }, { "plover-json", ANNALS_EXPORT_PLOVER_JSON },
    { "jsonl", ANNALS_EXPORT_JSONL }, { "csv", ANNALS_EXPORT_CSV },
};

bool annals_export_format_parse(const char *name, annals_export_format *out)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(formats[i].name, name)) { *out = formats[i].fmt; return true; }
    return false;
}

const char *annals_export_format_name(annals_export_format fmt)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (formats[i].fmt == fmt) return formats[i].name;
    return "?";
}

/* ---- the row builder ---- */

void annals_output_row_begin(ex_row *r, annals_buf *b, ex_mode mode, const char *none)
{
    *r = (ex_row){ .b = b, .mode = mode, .none = none ? none : "" };
    if (mode == EX_JSON && annals_buf_putc(b, '{') < 0) r->err = ANNALS_ENOMEM;
}

static void put(ex_row *r, const char *s, size_t n)
{
    if (!r->err && annals_buf_append(r->b, s, n) < 0) r->err = ANNALS_ENOMEM;
}

static void puts_(ex_row *r, const char *s) { put(r, s, strlen(s)); }

/* The separator and, in JSON, the name; in HEADER mode the name is the value. */
static void sep(ex_row *r, const char *name)
{
    if (r->mode == EX_JSON) {
        puts_(r, r->n ? ",\"" : "\"");
        puts_(r, name);
        puts_(r, "\":");
    } else if (r->n || r->depth) {
        puts_(r, r->mode == EX_TSV ? "\t" : ",");
    }
    r->n++;
    if (r->mode == EX_HEADER) {
        if (r->prefix) puts_(r, r->prefix);
        puts_(r, name);
    }
}

void annals_output_row_strn(ex_row *r, const char *name, const char *s, size_t n)
{
    sep(r, name);
    if (r->mode == EX_HEADER || r->err) return;
    if (!s) {
        puts_(r, r->mode == EX_JSON ? "null" : r->none);
        return;
    }
    annals_out_format fmt = r->mode == EX_JSON ? ANNALS_OUT_JSONL : r->mode == EX_TSV ? ANNALS_OUT_TSV
                                                                                      : ANNALS_OUT_CSV;
    bool quote = r->mode == EX_JSON || (r->mode == EX_CSV && strpbrk(s, ",\"\r\n"));
    if (quote) puts_(r, "\"");
    size_t at = r->b->len;
    if (!r->err && annals_output_text(r->b, fmt, s, n) < 0) r->err = ANNALS_ENOMEM;
    if (r->no_quotes && !r->err)
        for (size_t i = at; i < r->b->len; i++)
            if (r->b->p[i] == '"') r->b->p[i] = '\'';
    if (quote) puts_(r, "\"");
}

void annals_output_row_str(ex_row *r, const char *name, const char *s)
{
    annals_output_row_strn(r, name, s, s ? strlen(s) : 0);
}

void annals_output_row_int(ex_row *r, const char *name, int64_t v, bool has)
{
    sep(r, name);
    if (r->mode == EX_HEADER || r->err) return;
    if (!has) { puts_(r, r->mode == EX_JSON ? "null" : r->none); return; }
    if (annals_buf_printf(r->b, "%lld", (long long)v) < 0) r->err = ANNALS_ENOMEM;
}

void annals_output_row_real(ex_row *r, const char *name, double v, const char *fmt)
{
    sep(r, name);
    if (r->mode == EX_HEADER || r->err) return;
    if (isnan(v) || isinf(v)) { puts_(r, r->mode == EX_JSON ? "null" : r->none); return; }
    if (annals_buf_printf(r->b, fmt, v) < 0) r->err = ANNALS_ENOMEM;
}

void annals_output_row_raw(ex_row *r, const char *name, const char *json)
{
    if (r->mode != EX_JSON) return;
    sep(r, name);
    puts_(r, json ? json : "null");
}

void annals_output_row_open(ex_row *r, const char *name, const char *prefix)
{
    if (r->mode == EX_JSON) {
        sep(r, name);
        puts_(r, "{");
        r->n = 0;
    } else {
        r->prefix = prefix;
    }
    r->depth++;
}

void annals_output_row_close(ex_row *r)
{
    r->depth--;
    if (r->mode == EX_JSON) {
        puts_(r, "}");
        r->n = 1;
    } else {
        r->prefix = NULL;
    }
}

int annals_output_row_end(ex_row *r)
{
    if (r->mode == EX_JSON) puts_(r, "}");
    puts_(r, "\n");
    return r->err;
}

bool annals_output_digits(const char *s, size_t want, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (; s && *s && k < want && k + 1 < cap; s++)
        if (*s >= '0' && *s <= '9') out[k++] = *s;
    out[k] = '\0';
    if (k < want) { out[0] = '\0'; return false; }
    return true;
}

/* ---- formats ---- */

static const char *const polecat_columns[] = {
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
    "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
    "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
    "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
    "Story People", "Story Organizations", "Story Locations", "Language", "Version",
};

int annals_export_begin(FILE *f, annals_export_format fmt)
{
    annals_buf b = { 0 };
    int rc = 0;
    if (fmt == ANNALS_EXPORT_POLECAT) {
        for (size_t i = 0; rc == 0 && i < sizeof polecat_columns / sizeof *polecat_columns; i++)
            rc = annals_buf_printf(&b, "%s%s", i ? "\t" : "", polecat_columns[i]);
        if (rc == 0) rc = annals_buf_putc(&b, '\n');
    } else if (fmt == ANNALS_EXPORT_CSV) {
        ex_row r;
        annals_output_row_begin(&r, &b, EX_HEADER, "");
        annals_output_mention_row(&r, NULL, NULL);
        rc = annals_output_row_end(&r);
    }
    if (rc == 0 && b.len && fwrite(b.p, 1, b.len, f) != b.len) rc = ANNALS_EIO;
    annals_buf_free(&b);
    return rc < 0 ? (rc == ANNALS_EIO ? rc : ANNALS_ENOMEM) : 0;
}

int annals_export_write(FILE *f, annals_export_format fmt, const annals_export_tables *t,
                        const annals_export_story *s, annals_buf *b)
{
    annals_buf_clear(b);
    int rows = 0, rc = 0;
    ex_row r;
    annals_plover_info p;
    switch (fmt) {
    case ANNALS_EXPORT_GDELT_EVENTS:
        annals_output_row_begin(&r, b, EX_TSV, "");
        r.no_quotes = true;
        rc = annals_output_gdelt_event(&r, t, s);
        rows = 1;
        break;
    case ANNALS_EXPORT_GDELT_MENTIONS:
        rc = annals_output_gdelt_mentions(b, s);
        rows = (int)s->n_mention;
        break;
    case ANNALS_EXPORT_POLECAT:
    case ANNALS_EXPORT_PLOVER_JSON:
        if (!annals_export_plover(t, s->code, &p) || !p.event) return 0;   /* PLOVER drops 01, 02 */
        if (fmt == ANNALS_EXPORT_POLECAT) {
            annals_output_row_begin(&r, b, EX_TSV, "None");
            rc = annals_output_polecat_row(&r, t, s, &p);
        } else {
            annals_output_row_begin(&r, b, EX_JSON, NULL);
            rc = annals_output_plover_row(&r, t, s, &p);
        }
        rows = 1;
        break;
    case ANNALS_EXPORT_JSONL:
    case ANNALS_EXPORT_CSV:
        for (size_t i = 0; rc == 0 && i < s->n_mention; i++) {
            annals_output_row_begin(&r, b, fmt == ANNALS_EXPORT_JSONL ? EX_JSON : EX_CSV, "");
            annals_output_mention_row(&r, s, &s->mention[i]);
            rc = annals_output_row_end(&r);
        }
        rows = (int)s->n_mention;
        break;
    }
    if (rc < 0) return rc;
    if (b->len && fwrite(b->p, 1, b->len, f) != b->len) return ANNALS_EIO;
    return rows;
}
