/* SPDX-License-Identifier: MIT
** cli/cmd_parse.c -- `annals parse`: tag and parse text, or evaluate on CoNLL-U.
**
**   annals parse [FILE|-] [--models DIR]        raw text -> CoNLL-U (TokenRange in MISC)
**   annals parse --eval FILE.conllu [--json]     gold tokenization: UPOS XPOS UAS LAS, speed
**   annals parse --eval-raw FILE.conllu [--json] raw text ("# text" lines, a blank line at each
**                                                "# newpar"/"# newdoc") segmented here: tokens,
**                                                sentences, and aligned UPOS/UAS/LAS F1
** Scores count every word, punctuation included (CoNLL 2018); multiword-token
** lines and empty nodes are skipped and counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "annals/analyze.h"
#include "annals/clean.h"
#include "annals/segment.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals parse [FILE|-] [--models DIR] [--parser FILE] [--beam K] [--beam-margin M] [--tag-margin M]\n"
               "       annals parse --eval FILE.conllu [--json] [--models DIR] [--beam K] ...\n"
               "       annals parse --eval-raw FILE.conllu [--json] [--models DIR] [--beam K] ...\n"
               "  --parser FILE parses with another model (a name in the models folder, such as\n"
               "  parser-greedy.bin, the coder's greedy parser, or a path with a '/').\n"
               "  --beam K overrides the parser model's beam width (1 = greedy; a split model\n"
               "  such as parser-greedy.bin is always parsed greedily).\n"
               "  --beam-margin M drops beam candidates more than M times the largest weight\n"
               "  below the best (default %g; 0 = off); --tag-margin M re-tags in pass 2 only\n"
               "  the words whose pass-1 tag won by less than that (default %g; 0 = all).\n",
            ANNALS_PARSER_MARGIN, ANNALS_TAGGER_PASS2_MARGIN);
}

static int parse_beam_k;                       /* --beam K; 0: the model's */
static const char *parse_parser_file;          /* --parser FILE; NULL: parser.bin */
static double parse_beam_margin = -1, parse_tag_margin = -1;   /* < 0: the defaults */

static int open_analyzer(annals_analyzer **an, const char *models, annals_ctx *ctx)
{
    int rc = annals_analyzer_open_with_parser(an, models, parse_parser_file, ctx);
    if (rc == 0 && parse_beam_k > 0) annals_analyzer_set_beam(*an, parse_beam_k);
    if (rc == 0) annals_analyzer_set_margins(*an, parse_beam_margin, parse_tag_margin);
    return rc;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_all(char **out, size_t *len, const char *path, annals_ctx *ctx)
{
    if (strcmp(path, "-") != 0) return annals_read_file(out, len, path, ANNALS_MAX_CONLLU_FILE, ctx);
    annals_buf b = { 0 };
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (annals_buf_append(&b, chunk, n) < 0) { annals_buf_free(&b); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    if (annals_buf_putc(&b, '\0') < 0) { annals_buf_free(&b); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    *out = b.p;
    *len = b.len - 1;
    return 0;
}

/* A document from raw text: sanitised UTF-8, segmented. */
static int raw_doc(annals_doc **out, const char *name, const char *raw, size_t len, annals_ctx *ctx)
{
    annals_doc *d;
    int rc = annals_doc_new(&d, name, name, raw, len, ctx);
    if (rc < 0) return rc;
    size_t invalid = 0;
    rc = annals_utf8_sanitize(d->arena, d->raw, d->raw_len, &d->text, &d->text_len, &invalid);
    if (rc < 0) rc = annals_error_set(ctx, rc, "%s: cannot clean text", name);
    d->invalid_bytes = invalid;
    d->format = ANNALS_FMT_TEXT;
    if (rc == 0) rc = annals_segment_run(d, ctx);
    if (rc < 0) { annals_doc_free(d); return rc; }
    *out = d;
    return 0;
}

static int do_parse(const char *path, const char *models, annals_ctx *ctx)
{
    annals_analyzer *an;
    int rc = open_analyzer(&an, models, ctx);
    if (rc < 0) return rc;
    char *raw = NULL;
    size_t len = 0;
    annals_doc *d = NULL;
    rc = read_all(&raw, &len, path, ctx);
    if (rc == 0) rc = raw_doc(&d, path, raw, len, ctx);
    if (rc == 0) rc = annals_analyze_doc(an, d, ctx);
    annals_buf b = { 0 };
    for (size_t s = 0; rc == 0 && d && s < d->n_sent; s++) {
        annals_buf_clear(&b);
        if (annals_conllu_write_sentence(&b, d, s) < 0) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); break; }
        fwrite(b.p, 1, b.len, stdout);
    }
    annals_buf_free(&b);
    annals_doc_free(d);
    free(raw);
    annals_analyzer_free(an);
    return rc;
}

static int do_eval(const char *path, const char *models, int json, annals_ctx *ctx)
{
    double t0 = now();
    annals_analyzer *an;
    int rc = open_analyzer(&an, models, ctx);
    if (rc < 0) return rc;
    double load = now() - t0;
    annals_conllu g;
    if ((rc = annals_conllu_read_file(&g, path, ctx)) < 0) { annals_analyzer_free(an); return rc; }
    annals_eval_result r;
    rc = annals_analyze_eval(an, g.doc, &r, ctx);
    if (rc == 0) {
        double sps = r.seconds > 0 ? r.sentences / r.seconds : 0;
        if (json)
            printf("{\"upos\":%.4f,\"xpos\":%.4f,\"uas\":%.4f,\"las\":%.4f,\"lemma\":%.4f,\"words\":%zu,"
                   "\"sentences\":%zu,\"skipped\":%zu,\"sentences_per_s\":%.0f,\"load_s\":%.3f}\n",
                   100 * r.upos, 100 * r.xpos, 100 * r.uas, 100 * r.las, 100 * r.lemma, r.words, r.sentences,
                   g.skipped, sps, load);
        else
            printf("%s: %zu sentences, %zu words (%zu multiword/empty lines skipped)\n"
                   "UPOS   %6.2f%%\nXPOS   %6.2f%%\nUAS    %6.2f%%\nLAS    %6.2f%%\nLemma  %6.2f%%\n"
                   "speed  %.0f sentences/s (tag+parse+lemma, one thread); models loaded in %.3f s\n",
                   path, r.sentences, r.words, g.skipped, 100 * r.upos, 100 * r.xpos, 100 * r.uas, 100 * r.las,
                   100 * r.lemma, sps, load);
    }
    annals_doc_free(g.doc);
    annals_analyzer_free(an);
    return rc;
}

/* ---- raw-text evaluation ---------------------------------------------- */

typedef struct { size_t b, e; } span;

/* Byte spans of the gold words in raw (the # text lines joined by spaces): the
** forms are found in order, each within 64 bytes of the previous one. A word
** not found (a multiword token whose words are not its surface) gets an empty
** span and never matches. */
static void gold_spans(const annals_conllu *g, const char *raw, size_t len, span *ws)
{
    size_t pos = 0;
    const annals_doc *d = g->doc;
    for (size_t i = 0; i < d->n_tok; i++) {
        const char *f = d->text + d->tok[i].off;
        size_t n = d->tok[i].len, p = pos;
        ws[i] = (span){ 0, 0 };
        /* the form, a little further on if something (a no-break space) is in between */
        for (size_t tries = 0; tries < 64 && p + n <= len; tries++, p++) {
            if (!memcmp(raw + p, f, n)) {
                ws[i] = (span){ p, p + n };
                pos = p + n;
                break;
            }
        }
    }
}

static double f1(size_t ok, size_t a, size_t b) { return a + b ? 2.0 * ok / (double)(a + b) : 0; }

static int do_eval_raw(const char *path, const char *models, int json, annals_ctx *ctx)
{
    annals_analyzer *an;
    int rc = open_analyzer(&an, models, ctx);
    if (rc < 0) return rc;
    annals_conllu g;
    if ((rc = annals_conllu_read_file(&g, path, ctx)) < 0) { annals_analyzer_free(an); return rc; }
    annals_buf raw = { 0 };
    size_t *sent_b = malloc((g.doc->n_sent + 1) * sizeof *sent_b), *sent_e = malloc((g.doc->n_sent + 1) * sizeof *sent_e);
    span *ws = malloc((g.doc->n_tok + 1) * sizeof *ws);
    annals_doc *d = NULL;
    if (!sent_b || !sent_e || !ws) rc = annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    for (size_t s = 0; rc == 0 && s < g.doc->n_sent; s++) {
        if (!g.sent_text[s]) { rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: sentence %zu has no '# text' line", path, s + 1); break; }
        if (s) annals_buf_puts(&raw, g.new_par[s] ? "\n\n" : " ");     /* paragraphs as in CoNLL 2018 raw text */
        sent_b[s] = raw.len;
        annals_buf_puts(&raw, g.sent_text[s]);
        sent_e[s] = raw.len;
    }
    if (rc == 0) {
        gold_spans(&g, raw.p ? raw.p : "", raw.len, ws);
        rc = raw_doc(&d, path, raw.p ? raw.p : "", raw.len, ctx);
    }
    double t0 = now();
    if (rc == 0) rc = annals_analyze_doc(an, d, ctx);
    double secs = now() - t0;
    if (rc == 0) {
        /* The sanitiser keeps byte offsets for valid UTF-8 without CR/NUL, which
           the # text lines are; spans compare directly. */
        size_t ng = g.doc->n_tok, np = d->n_tok, tok_ok = 0, up_ok = 0, ua_ok = 0, la_ok = 0, s_ok = 0;
        size_t *gmatch = malloc((np + 1) * sizeof *gmatch);   /* predicted -> gold word, or SIZE_MAX */
        size_t *gsent = malloc((ng + 1) * sizeof *gsent);      /* gold word -> its sentence's first word */
        size_t *psent = malloc((np + 1) * sizeof *psent);
        if (!gmatch || !gsent || !psent) rc = annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
        for (size_t s = 0; rc == 0 && s < g.doc->n_sent; s++)
            for (uint32_t i = g.doc->sent[s].tok_begin; i < g.doc->sent[s].tok_end; i++) gsent[i] = g.doc->sent[s].tok_begin;
        for (size_t s = 0; rc == 0 && s < d->n_sent; s++)
            for (uint32_t i = d->sent[s].tok_begin; i < d->sent[s].tok_end; i++) psent[i] = d->sent[s].tok_begin;
        size_t gi = 0;
        for (size_t i = 0; rc == 0 && i < np; i++) {
            size_t b = d->tok[i].off, e = b + d->tok[i].len;
            gmatch[i] = SIZE_MAX;
            while (gi < ng && ws[gi].e <= b && !(ws[gi].b == b && ws[gi].e == e)) gi++;
            if (gi < ng && ws[gi].b == b && ws[gi].e == e && e > b) { gmatch[i] = gi; tok_ok++; up_ok += d->tok[i].upos == g.doc->tok[gi].upos; }
        }
        for (size_t i = 0; rc == 0 && i < np; i++) {
            size_t gw = gmatch[i];
            if (gw == SIZE_MAX) continue;
            const annals_token *pt = &d->tok[i], *gt = &g.doc->tok[gw];
            int ok;
            if (pt->head < 0 || gt->head < 0) ok = pt->head == gt->head;
            else {
                size_t ph = psent[i] + (size_t)pt->head, gh = gsent[gw] + (size_t)gt->head;
                ok = gmatch[ph] == gh;
            }
            ua_ok += ok;
            la_ok += ok && pt->deprel == gt->deprel;
        }
        size_t gsi = 0;
        for (size_t s = 0; rc == 0 && s < d->n_sent; s++) {
            size_t b = d->sent[s].off, e = d->sent[s].off + d->sent[s].len;
            while (gsi < g.doc->n_sent && sent_e[gsi] < e && !(sent_b[gsi] == b)) gsi++;
            if (gsi < g.doc->n_sent && sent_b[gsi] == b && sent_e[gsi] == e) s_ok++;
        }
        if (rc == 0) {
            double tf = f1(tok_ok, ng, np), sf = f1(s_ok, g.doc->n_sent, d->n_sent);
            double uf = f1(up_ok, ng, np), af = f1(ua_ok, ng, np), lf = f1(la_ok, ng, np);
            double sps = secs > 0 ? d->n_sent / secs : 0;
            if (json)
                printf("{\"tokens_f1\":%.4f,\"sentences_f1\":%.4f,\"upos_f1\":%.4f,\"uas_f1\":%.4f,\"las_f1\":%.4f,"
                       "\"sentences_per_s\":%.0f}\n", 100 * tf, 100 * sf, 100 * uf, 100 * af, 100 * lf, sps);
            else
                printf("%s (raw text, segmented): gold %zu words / %zu sentences, system %zu tokens / %zu sentences\n"
                       "Tokens    F1 %6.2f%%\nSentences F1 %6.2f%%\nUPOS      F1 %6.2f%%\nUAS       F1 %6.2f%%\n"
                       "LAS       F1 %6.2f%%\nspeed %.0f sentences/s\n",
                       path, ng, g.doc->n_sent, np, d->n_sent, 100 * tf, 100 * sf, 100 * uf, 100 * af, 100 * lf, sps);
        }
        free(gmatch); free(gsent); free(psent);
    }
    annals_doc_free(d);
    annals_buf_free(&raw);
    free(sent_b); free(sent_e); free(ws);
    annals_doc_free(g.doc);
    annals_analyzer_free(an);
    return rc;
}

int annals_cmd_parse(int argc, char **argv)
{
    const char *models = NULL, *eval = NULL, *eval_raw = NULL, *input = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--beam")) {
            long k;
            if (annals_cli_whole(v, 1, 64, &k) < 0) { fprintf(stderr, "annals parse: --beam must be 1..64\n"); return 2; }
            parse_beam_k = (int)k;
            i++;
        }
        else if (!strcmp(a, "--beam-margin") || !strcmp(a, "--tag-margin")) {
            double m;
            if (annals_cli_margin(v, &m) < 0) {
                fprintf(stderr, "annals parse: %s must be a number from 0 to 1000\n", a);
                return 2;
            }
            if (!strcmp(a, "--beam-margin")) parse_beam_margin = m;
            else parse_tag_margin = m;
            i++;
        }
        else if (!strcmp(a, "--models") || !strcmp(a, "--eval") || !strcmp(a, "--eval-raw") || !strcmp(a, "--parser")) {
            if (!v) { fprintf(stderr, "annals parse: %s needs a value\n", a); return 2; }
            if (!strcmp(a, "--models")) models = v;
            else if (!strcmp(a, "--parser")) parse_parser_file = v;
            else if (!strcmp(a, "--eval")) eval = v;
            else eval_raw = v;
            i++;
        } else if (a[0] == '-' && a[1]) { fprintf(stderr, "annals parse: unknown option '%s'\n", a); usage(stderr); return 2; }
        else if (!input) input = a;
        else { usage(stderr); return 2; }
    }
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) return 1;
    int rc = eval ? do_eval(eval, models, json, ctx) : eval_raw ? do_eval_raw(eval_raw, models, json, ctx)
                  : do_parse(input ? input : "-", models, ctx);
    if (rc < 0) fprintf(stderr, "annals parse: %s\n", annals_errmsg(ctx));
    annals_ctx_free(ctx);
    return rc == 0 ? 0 : rc == ANNALS_ENOTFOUND ? 2 : 1;
}
