/* SPDX-License-Identifier: MIT
** output/writer.c -- writing events as JSONL, TSV or CSV, one event per line.
**
** A line is built in the caller's scratch buffer field by field (the column
** list below is the one order for all three formats), then written with one
** fwrite per document. Every string goes through annals_output_text(), which replaces
** invalid UTF-8 by U+FFFD first, so a line is valid JSON (and valid UTF-8 in
** TSV/CSV) whatever bytes a document held. Nulls: JSON null, empty field in
** TSV/CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "annals/output.h"
#include "annals/util.h"

bool annals_out_format_parse(const char *name, annals_out_format *out)
{
    if (!name) return false;
    char low[16];
    size_t n = strlen(name);
    if (n >= sizeof low) return false;
    for (size_t i = 0; i <= n; i++) {
        char c = name[i];
        low[i] = (char)annals_ascii_lower((unsigned char)c);
    }
    if (!strcmp(low, "jsonl") || !strcmp(low, "json") || !strcmp(low, "ndjson")) *out = ANNALS_OUT_JSONL;
    else if (!strcmp(low, "tsv")) *out = ANNALS_OUT_TSV;
    else if (!strcmp(low, "csv")) *out = ANNALS_OUT_CSV;
    else return false;
    return true;
}

/* Length of the valid UTF-8 sequence at p (1..4), 0 if the bytes there are invalid
** (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

int annals_output_text(annals_buf *b, annals_out_format fmt, const char *s, size_t n)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        size_t k;
        while (run < n && (k = utf8_seq(p + run, n - run)) > 0) run += k;
        if (run > i) {
            int rc;
            if (fmt == ANNALS_OUT_JSONL) {
                rc = annals_buf_json_escape(b, s + i, run - i);
            } else if (fmt == ANNALS_OUT_TSV) {
                rc = 0;
                for (size_t j = i; j < run && rc == 0; j++) {
                    char c = s[j];
                    rc = annals_buf_putc(b, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
                }
            } else {
                rc = 0;
                for (size_t j = i; j < run && rc == 0; j++)
                    rc = s[j] == '"' ? annals_buf_puts(b, "\"\"") : annals_buf_putc(b, s[j]);
            }
            if (rc < 0) return rc;
        }
        if (run < n) {   /* one invalid byte */
            if (annals_buf_append(b, fffd, 3) < 0) return ANNALS_ENOMEM;
            run++;
        }
        i = run;
    }
    return 0;
}

typedef struct {
    annals_buf *b;
    annals_out_format fmt;
    int n;          /* fields written on this line */
    int err;
} row;

static void sep(row *r, const char *name)
{
    if (r->err) return;
    int rc = 0;
    if (r->fmt == ANNALS_OUT_JSONL) {
        rc = annals_buf_puts(r->b, r->n ? ",\"" : "{\"");
        if (rc == 0) rc = annals_buf_puts(r->b, name);
        if (rc == 0) rc = annals_buf_puts(r->b, "\":");
    } else if (r->n) {
        rc = annals_buf_putc(r->b, r->fmt == ANNALS_OUT_TSV ? '\t' : ',');
    }
    r->n++;
    if (rc < 0) r->err = rc;
}

/* A string field; s == NULL writes a null. */
static void field_str(row *r, const char *name, const char *s, size_t n)
{
    sep(r, name);
    if (r->err) return;
    int rc = 0;
    if (!s) {
        if (r->fmt == ANNALS_OUT_JSONL) rc = annals_buf_puts(r->b, "null");
    } else if (r->fmt == ANNALS_OUT_JSONL) {
        rc = annals_buf_putc(r->b, '"');
        if (rc == 0) rc = annals_output_text(r->b, r->fmt, s, n);
        if (rc == 0) rc = annals_buf_putc(r->b, '"');
    } else if (r->fmt == ANNALS_OUT_CSV) {
        bool quote = false;
        for (size_t i = 0; i < n && !quote; i++)
            quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
        if (quote) rc = annals_buf_putc(r->b, '"');
        if (rc == 0) rc = annals_output_text(r->b, r->fmt, s, n);
        if (rc == 0 && quote) rc = annals_buf_putc(r->b, '"');
    } else {
        rc = annals_output_text(r->b, r->fmt, s, n);
    }
    if (rc < 0) r->err = rc;
}

static void field_cstr(row *r, const char *name, const char *s)
{
    field_str(r, name, s, s ? strlen(s) : 0);
}

/* A number already formatted (digits, '-', '.'): never needs quoting or escaping. */
static void field_num(row *r, const char *name, const char *num)
{
    sep(r, name);
    if (r->err) return;
    int rc = num ? annals_buf_puts(r->b, num)
                 : r->fmt == ANNALS_OUT_JSONL ? annals_buf_puts(r->b, "null") : 0;
    if (rc < 0) r->err = rc;
}

static bool range_ok(const annals_doc *d, uint32_t off, uint32_t len)
{
    return d->text && len > 0 && (uint64_t)off + len <= d->text_len;
}

static void field_range(row *r, const char *name, const annals_doc *d, uint32_t off, uint32_t len)
{
    if (range_ok(d, off, len)) field_str(r, name, d->text + off, len);
    else field_str(r, name, NULL, 0);
}

static void format_goldstein(double g, char out[32])
{
    if (!isfinite(g)) { out[0] = '\0'; return; }
    snprintf(out, 32, "%.1f", g);
    if (strcmp(out, "-0.0") == 0) strcpy(out, "0.0");
}

static const char *const columns[] = {
    "doc", "doc_hash", "sentence", "src", "tgt", "src_text", "tgt_text", "verb_text", "code",
    "root", "quad_class", "goldstein", "confidence", "date", "place", "evidence", "span_start", "span_end", "url"
};

int annals_output_begin(FILE *f, annals_out_format fmt)
{
    if (fmt == ANNALS_OUT_JSONL) return 0;
    const char *sepc = fmt == ANNALS_OUT_TSV ? "\t" : ",";
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
        if (fputs(i ? sepc : "", f) < 0 || fputs(columns[i], f) < 0) return ANNALS_EIO;
    if (fputc('\n', f) == EOF || ferror(f)) return ANNALS_EIO;
    return 0;
}

static void event_line(row *r, const annals_doc *d, const annals_event *e)
{
    char num[32];
    field_cstr(r, "doc", d->name ? d->name : "");
    field_cstr(r, "doc_hash", d->hash);
    snprintf(num, sizeof num, "%u", (unsigned)e->sent);
    field_num(r, "sentence", num);
    field_cstr(r, "src", e->src[0] ? e->src : NULL);
    field_cstr(r, "tgt", e->tgt[0] ? e->tgt : NULL);
    field_range(r, "src_text", d, e->src_off, e->src_len);
    field_range(r, "tgt_text", d, e->tgt_off, e->tgt_len);
    field_range(r, "verb_text", d, e->verb_off, e->verb_len);
    field_str(r, "code", e->code, strnlen(e->code, sizeof e->code));
    field_str(r, "root", e->root, strnlen(e->root, sizeof e->root));
    snprintf(num, sizeof num, "%d", e->quad_class);
    field_num(r, "quad_class", num);
    format_goldstein(e->goldstein, num);
    field_num(r, "goldstein", num[0] ? num : NULL);
    if (e->confidence >= 0 && isfinite(e->confidence)) snprintf(num, sizeof num, "%.2f", e->confidence);
    else num[0] = '\0';
    field_num(r, "confidence", num[0] ? num : NULL);
    size_t dl = strnlen(e->date, sizeof e->date);
    field_str(r, "date", dl ? e->date : NULL, dl);
    field_cstr(r, "place", e->place);

    const annals_sentence *s = e->sent < d->n_sent && d->sent ? &d->sent[e->sent] : NULL;
    bool have_sent = s && d->text && (uint64_t)s->off + s->len <= d->text_len;
    if (have_sent) field_str(r, "evidence", d->text + s->off, s->len);
    else field_str(r, "evidence", NULL, 0);
    if (r->fmt == ANNALS_OUT_JSONL) {
        sep(r, "span");
        if (!r->err) {
            int rc = have_sent ? annals_buf_printf(r->b, "[%u,%u]", (unsigned)s->off,
                                                   (unsigned)(s->off + s->len))
                               : annals_buf_puts(r->b, "null");
            if (rc < 0) r->err = rc;
        }
    } else {
        char a[16] = "", b[16] = "";
        if (have_sent) {
            snprintf(a, sizeof a, "%u", (unsigned)s->off);
            snprintf(b, sizeof b, "%u", (unsigned)(s->off + s->len));
        }
        field_num(r, "span_start", have_sent ? a : NULL);
        field_num(r, "span_end", have_sent ? b : NULL);
    }
    field_cstr(r, "url", d->url);
    if (!r->err) {
        int rc = r->fmt == ANNALS_OUT_JSONL ? annals_buf_puts(r->b, "}\n") : annals_buf_putc(r->b, '\n');
        if (rc < 0) r->err = rc;
    }
}

int annals_output_doc(FILE *f, annals_out_format fmt, const annals_doc *doc, annals_buf *scratch)
{
    annals_buf_clear(scratch);
    for (size_t i = 0; i < doc->n_event; i++) {
        row r = { scratch, fmt, 0, 0 };
        event_line(&r, doc, &doc->event[i]);
        if (r.err) return r.err;
    }
    if (scratch->len && fwrite(scratch->p, 1, scratch->len, f) != scratch->len) return ANNALS_EIO;
    if (ferror(f)) return ANNALS_EIO;
    return 0;
}
