/* SPDX-License-Identifier: MIT
** analyze/conllu.c -- reading treebanks and writing parses in CoNLL-U.
**
** The reader builds one document from a whole file: the text is each
** sentence's FORMs joined by single spaces, one sentence per line, so every
** token is a byte range like a segmented document's. Multiword-token lines
** ("3-4") and empty nodes ("8.1") are counted and skipped, as the CoNLL 2018
** evaluation does on gold tokenization. Any malformed line is an error naming
** file and line; nothing is guessed. Lines are never copied, so no line
** length or sentence length limit exists beyond memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/parse.h"
#include "annals/tag.h"

typedef struct {
    annals_token *tok; size_t n_tok, cap_tok;
    size_t *line; size_t cap_line;             /* source line of each token (for head errors) */
    annals_sentence *sent; size_t n_sent, cap_sent;
    const char **stext, **sid;
    bool *npar;
    annals_buf text;
} reader;

static int parse_uint(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 9) return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int is_punct_byte(unsigned char c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

void annals_token_flags_compute(annals_doc *doc)
{
    for (size_t i = 0; i < doc->n_tok; i++) {
        annals_token *t = &doc->tok[i];
        const unsigned char *s = (const unsigned char *)doc->text + t->off;
        uint16_t f = t->flags & (ANNALS_TOKF_SPACE_AFTER | ANNALS_TOKF_NEWLINE_BEFORE |
                                 ANNALS_TOKF_ABBREV | ANNALS_TOKF_IN_QUOTE);
        int upper = 0, lower = 0, punct = 1;
        for (uint32_t k = 0; k < t->len; k++) {
            unsigned char c = s[k];
            if (c >= 'A' && c <= 'Z') upper++;
            else if (c >= 'a' && c <= 'z') lower++;
            else if (c >= '0' && c <= '9') f |= ANNALS_TOKF_DIGIT;
            if (!is_punct_byte(c)) punct = 0;
        }
        if (t->len && s[0] >= 'A' && s[0] <= 'Z') f |= ANNALS_TOKF_UPPER_INIT;
        if (upper && !lower) f |= ANNALS_TOKF_ALL_UPPER;
        if (t->len && punct) f |= ANNALS_TOKF_PUNCT;
        if ((t->len == 1 && (s[0] == '"' || s[0] == '\'' || s[0] == '`')) ||
            (t->len == 2 && (!memcmp(s, "``", 2) || !memcmp(s, "''", 2))) ||
            (t->len == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] >= 0x98 && s[2] <= 0x9F)))
            f |= ANNALS_TOKF_QUOTE;
        if (t->len >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0xA7) {
            int all = 1;                              /* dashes, quotes, ellipsis only */
            for (uint32_t k = 0; k + 2 < t->len; k += 3)
                if (!(s[k] == 0xE2 && s[k + 1] == 0x80 && s[k + 2] >= 0x90 && s[k + 2] <= 0xA7)) all = 0;
            if (all && t->len % 3 == 0) f |= ANNALS_TOKF_PUNCT;
        }
        t->flags = f;
    }
}

static void reader_free(reader *r)
{
    free(r->tok); free(r->line); free(r->sent); free(r->stext); free(r->sid); free(r->npar);
    annals_buf_free(&r->text);
}

/* Closes the sentence made of tokens [first, r->n_tok). */
static int end_sentence(reader *r, size_t first, const char *name, const char *text,
                        const char *sid, bool npar, annals_ctx *ctx)
{
    size_t n = r->n_tok - first;
    if (n == 0) return 0;
    for (size_t i = first; i < r->n_tok; i++) {
        long h = r->tok[i].head;
        if (h == -3) continue;                         /* "_": unannotated */
        if (h > (long)n)
            return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: HEAD %ld is beyond the sentence (%zu words)",
                                    name, r->line[i], h, n);
        if (h == (long)(i - first) + 1)
            return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: word is its own head", name, r->line[i]);
        r->tok[i].head = (int32_t)h - 1;               /* 0 (root) -> -1 */
    }
    for (size_t i = first; i < r->n_tok; i++)
        if (r->tok[i].head == -3) r->tok[i].head = -2;
    if (r->n_sent == r->cap_sent) {
        size_t nc = r->cap_sent ? r->cap_sent * 2 : 1024;
        annals_sentence *ns = realloc(r->sent, nc * sizeof *ns);
        if (ns) r->sent = ns;
        const char **nt = realloc(r->stext, nc * sizeof *nt);
        if (nt) r->stext = nt;
        const char **ni = realloc(r->sid, nc * sizeof *ni);
        if (ni) r->sid = ni;
        bool *np = realloc(r->npar, nc * sizeof *np);
        if (np) r->npar = np;
        if (!ns || !nt || !ni || !np) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name);
        r->cap_sent = nc;
    }
    annals_sentence *s = &r->sent[r->n_sent];
    s->tok_begin = (uint32_t)first;
    s->tok_end = (uint32_t)r->n_tok;
    s->off = r->tok[first].off;
    s->len = r->tok[r->n_tok - 1].off + r->tok[r->n_tok - 1].len - s->off;
    s->parsed = false;
    r->stext[r->n_sent] = text;
    r->sid[r->n_sent] = sid;
    r->npar[r->n_sent] = npar;
    r->n_sent++;
    return annals_buf_putc(&r->text, '\n') < 0 ? annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name) : 0;
}

/* Splits a word line into its ten tab-separated fields; false when there are not ten. */
static bool split_fields(const char *p, size_t n, const char *f[10], size_t fl[10])
{
    int nf = 0;
    const char *q = p, *qe = p + n;
    while (nf < 10) {
        const char *tab = nf < 9 ? memchr(q, '\t', (size_t)(qe - q)) : NULL;
        f[nf] = q;
        fl[nf] = (size_t)((tab ? tab : qe) - q);
        nf++;
        if (!tab) break;
        q = tab + 1;
    }
    return nf == 10 && !memchr(f[9], '\t', fl[9]);
}

/* Reads one word line (lineno, n bytes at p) of the sentence that began at token `first`
** into r; multiword tokens and empty nodes are counted in *skipped. 0 or an error. */
static int read_word(reader *r, annals_doc *doc, const char *name, size_t lineno, const char *p, size_t n,
                     size_t first, size_t *skipped, annals_ctx *ctx)
{
    const char *f[10];
    size_t fl[10];
    if (!split_fields(p, n, f, fl)) {
        int cnt = 1;
        for (const char *c = p; c < p + n; c++) cnt += *c == '\t';
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: expected 10 tab-separated fields, got %d", name, lineno, cnt);
    }
    if (memchr(f[0], '-', fl[0]) || memchr(f[0], '.', fl[0])) {
        (*skipped)++;                                  /* multiword token or empty node */
        return 0;
    }
    long id, head = -3;
    if (parse_uint(f[0], fl[0], &id) < 0 || id < 1)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: bad ID '%.*s'", name, lineno,
                                (int)(fl[0] > 20 ? 20 : fl[0]), f[0]);
    if ((size_t)id != r->n_tok - first + 1)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: ID %ld out of sequence (expected %zu)",
                                name, lineno, id, r->n_tok - first + 1);
    if (fl[1] == 0) return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: empty FORM", name, lineno);
    if (!(fl[6] == 1 && f[6][0] == '_') && parse_uint(f[6], fl[6], &head) < 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: bad HEAD '%.*s'", name, lineno,
                                (int)(fl[6] > 20 ? 20 : fl[6]), f[6]);
    int upos = 0;
    if (!(fl[3] == 1 && f[3][0] == '_') && (upos = annals_upos_id_n(f[3], fl[3])) == 0)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: unknown UPOS '%.*s'", name, lineno,
                                (int)(fl[3] > 20 ? 20 : fl[3]), f[3]);
    annals_token *nt = annals_grow(r->tok, &r->cap_tok, r->n_tok + 1, sizeof *nt, 1024);
    if (!nt) return ANNALS_ENOMEM;
    r->tok = nt;
    size_t *nl = annals_grow(r->line, &r->cap_line, r->n_tok + 1, sizeof *nl, 1024);
    if (!nl) return ANNALS_ENOMEM;
    r->line = nl;
    if (r->n_tok > first && annals_buf_putc(&r->text, ' ') < 0) return ANNALS_ENOMEM;
    if (r->text.len + fl[1] > UINT32_MAX - 2)
        return annals_error_set(ctx, ANNALS_ETOOBIG, "%s:%zu: text larger than 4 GiB", name, lineno);
    annals_token *t = &r->tok[r->n_tok];
    memset(t, 0, sizeof *t);
    t->off = (uint32_t)r->text.len;
    t->len = (uint32_t)fl[1];
    if (annals_buf_append(&r->text, f[1], fl[1]) < 0) return ANNALS_ENOMEM;
    t->upos = (uint8_t)upos;
    t->xpos = (uint16_t)annals_xpos_id_n(f[4], fl[4]);
    t->deprel = (uint8_t)annals_deprel_id_n(f[7], fl[7]);
    t->head = (int32_t)head;
    if (!(fl[2] == 1 && f[2][0] == '_' && !(fl[1] == 1 && f[1][0] == '_'))) {
        t->lemma = annals_arena_strndup(doc->arena, f[2], fl[2]);   /* the lemmas are arena strings */
        if (!t->lemma) return ANNALS_ENOMEM;
    }
    r->line[r->n_tok] = lineno;
    r->n_tok++;
    return 0;
}

/* Moves what r gathered into doc's arena and out; false when out of memory. */
static bool finish_doc(reader *r, annals_doc *doc, annals_conllu *out)
{
    size_t ns = r->n_sent ? r->n_sent : 1;
    doc->text = annals_arena_strndup(doc->arena, r->text.p ? r->text.p : "", r->text.len);
    doc->text_len = r->text.len;
    doc->tok = annals_arena_alloc(doc->arena, (r->n_tok ? r->n_tok : 1) * sizeof *doc->tok);
    doc->sent = annals_arena_alloc(doc->arena, ns * sizeof *doc->sent);
    out->sent_text = annals_arena_alloc(doc->arena, ns * sizeof(char *));
    out->sent_id = annals_arena_alloc(doc->arena, ns * sizeof(char *));
    out->new_par = annals_arena_alloc(doc->arena, ns * sizeof(bool));
    if (!doc->text || !doc->tok || !doc->sent || !out->sent_text || !out->sent_id || !out->new_par) return false;
    if (r->n_tok) memcpy(doc->tok, r->tok, r->n_tok * sizeof *doc->tok);
    if (r->n_sent) {
        memcpy(doc->sent, r->sent, r->n_sent * sizeof *doc->sent);
        memcpy(out->sent_text, r->stext, r->n_sent * sizeof(char *));
        memcpy(out->sent_id, r->sid, r->n_sent * sizeof(char *));
        memcpy(out->new_par, r->npar, r->n_sent * sizeof(bool));
    }
    doc->n_tok = r->n_tok;
    doc->n_sent = r->n_sent;
    for (size_t i = 0; i < r->n_tok; i++) {
        annals_token *t = &doc->tok[i];
        if (t->off + t->len < doc->text_len && doc->text[t->off + t->len] == ' ')
            t->flags |= ANNALS_TOKF_SPACE_AFTER;
    }
    annals_token_flags_compute(doc);
    return true;
}

int annals_conllu_read(annals_conllu *out, const char *name, const char *buf, size_t len,
                       annals_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    if (!name) name = "(conllu)";
    annals_doc *doc = NULL;
    int rc = annals_doc_new(&doc, name, name, NULL, 0, ctx);
    if (rc < 0) return rc;
    reader r;
    memset(&r, 0, sizeof r);
    size_t first = 0, lineno = 0, skipped = 0;
    const char *text = NULL, *sid = NULL;
    bool npar = false;
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        lineno++;
        if (n && p[n - 1] == '\r') n--;
        if (n == 0) {
            if ((rc = end_sentence(&r, first, name, text, sid, npar, ctx)) < 0) goto fail;
            if (r.n_tok > first) npar = false;
            first = r.n_tok;
            text = sid = NULL;
        } else if (p[0] == '#') {
            if (n > 9 && !memcmp(p, "# text = ", 9)) {
                text = annals_arena_strndup(doc->arena, p + 9, n - 9);
                if (!text) goto oom;
            } else if ((n >= 8 && !memcmp(p, "# newpar", 8)) || (n >= 8 && !memcmp(p, "# newdoc", 8))) {
                npar = true;
            } else if (n > 12 && !memcmp(p, "# sent_id = ", 12)) {
                sid = annals_arena_strndup(doc->arena, p + 12, n - 12);
                if (!sid) goto oom;
            }
        } else if ((rc = read_word(&r, doc, name, lineno, p, n, first, &skipped, ctx)) < 0) {
            if (rc == ANNALS_ENOMEM) goto oom;
            goto fail;
        }
        if (!nl) break;
        p = nl + 1;
    }
    if ((rc = end_sentence(&r, first, name, text, sid, npar, ctx)) < 0) goto fail;
    if (!finish_doc(&r, doc, out)) goto oom;
    reader_free(&r);
    out->doc = doc;
    out->skipped = skipped;
    return 0;
oom:
    rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name);
fail:
    reader_free(&r);
    annals_doc_free(doc);
    memset(out, 0, sizeof *out);
    return rc;
}

int annals_conllu_read_file(annals_conllu *out, const char *path, annals_ctx *ctx)
{
    char *buf;
    size_t len;
    memset(out, 0, sizeof *out);
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_CONLLU_FILE, ctx);
    if (rc < 0) return rc;
    rc = annals_conllu_read(out, path, buf, len, ctx);
    free(buf);
    return rc;
}

static int put_field(annals_buf *b, const char *s, size_t n)
{
    if (n == 0) return annals_buf_putc(b, '_');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        if (annals_buf_putc(b, c) < 0) return ANNALS_ENOMEM;
    }
    return 0;
}

int annals_conllu_write_sentence(annals_buf *b, const annals_doc *doc, size_t s)
{
    const annals_sentence *se = &doc->sent[s];
    int rc = annals_buf_puts(b, "# text = ");
    if (rc == 0) rc = put_field(b, doc->text + se->off, se->len);
    if (rc == 0) rc = annals_buf_putc(b, '\n');
    for (uint32_t i = se->tok_begin; i < se->tok_end && rc == 0; i++) {
        const annals_token *t = &doc->tok[i];
        rc = annals_buf_printf(b, "%u\t", i - se->tok_begin + 1);
        if (rc == 0) rc = put_field(b, doc->text + t->off, t->len);
        if (rc == 0) rc = annals_buf_putc(b, '\t');
        if (rc == 0) rc = put_field(b, t->lemma ? t->lemma : "_", t->lemma ? strlen(t->lemma) : 1);
        int head = t->head >= 0 ? t->head + 1 : t->head == -1 ? 0 : -1;
        char hbuf[16] = "_";
        if (head >= 0) snprintf(hbuf, sizeof hbuf, "%d", head);
        if (rc == 0)
            rc = annals_buf_printf(b, "\t%s\t%s\t_\t%s\t%s\t_\tTokenRange=%u:%u%s\n",
                                   annals_upos_name(t->upos), annals_xpos_name(t->xpos), hbuf,
                                   annals_deprel_name(t->deprel), t->off, t->off + t->len,
                                   (i + 1 < se->tok_end && doc->tok[i + 1].off == t->off + t->len)
                                       ? "|SpaceAfter=No" : "");
    }
    if (rc == 0) rc = annals_buf_putc(b, '\n');
    return rc < 0 ? ANNALS_ENOMEM : 0;
}
