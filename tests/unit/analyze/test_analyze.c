/* SPDX-License-Identifier: MIT
** tests/unit/analyze/test_analyze.c -- tag sets, CoNLL-U reading, lemmas, and a
** tiny tagger + parser trained here on tests/resources/analyze/tiny.conllu:
** reproducible bytes for a fixed seed, identical predictions whether loaded
** from a file or a buffer, clean errors for truncated/corrupt models, and
** hostile input (5,000-token sentence, 10,000-byte token, empty sentences);
** the split parser (unlabelled transitions + label model, greedy) and the
** beam parser (joint, global training, beam 4) likewise; the parser's
** memoised feature groups partition its features and depend only on what
** their memo keys hold; word classes (file, lookup with inflections, the
** model's PWNK section); models of dropped experiments (split beam, label
** groups, the tagger's WordNet features) are refused, naming the file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "annals/analyze.h"
#include "annals/model.h"
#include "analyze/parser_internal.h"

#define TINY ANNALS_TEST_RESOURCES "/analyze/tiny.conllu"
#define TINY_WNK ANNALS_TEST_RESOURCES "/analyze/tiny-wn-class.txt"

static char tmpdir[256];

static int setup(void **st)
{
    (void)st;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/annals-test-analyze-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    char path[512];
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    if (annals_conllu_read_file(&c, TINY, ctx) < 0) { fprintf(stderr, "%s\n", annals_errmsg(ctx)); return -1; }
    annals_tagger_train_opts to = { 8, 7, 0.0f, NULL };
    snprintf(path, sizeof path, "%s/tagger.bin", tmpdir);
    if (annals_tagger_train(c.doc, c.doc, path, &to, ctx) < 0) return -1;
    annals_parser_train_opts po = { 10, 7, 0.0f, 0.9f, 2, NULL, 0, 0, NULL, 0 };
    snprintf(path, sizeof path, "%s/parser.bin", tmpdir);
    if (annals_parser_train(c.doc, c.doc, path, &po, ctx) < 0) { fprintf(stderr, "%s\n", annals_errmsg(ctx)); return -1; }
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_analyze__tagsets(void **st)
{
    (void)st;
    for (unsigned i = 1; i < ANNALS_UPOS_COUNT; i++) assert_int_equal(annals_upos_id(annals_upos_name(i)), i);
    for (unsigned i = 1; i < ANNALS_XPOS_COUNT; i++) assert_int_equal(annals_xpos_id(annals_xpos_name(i)), i);
    for (unsigned i = 1; i < ANNALS_DEPREL_COUNT; i++) assert_int_equal(annals_deprel_id(annals_deprel_name(i)), i);
    assert_string_equal(annals_upos_name(0), "_");
    assert_string_equal(annals_upos_name(200), "_");
    assert_int_equal(annals_upos_id("NOPE"), 0);
    assert_string_equal(annals_deprel_name(ANNALS_DEPREL_ROOT), "root");
    assert_string_equal(annals_deprel_name(annals_deprel_id("nsubj:pass")), "nsubj:pass");
    assert_string_equal(annals_deprel_name(annals_deprel_id("obl:agent")), "obl:agent");
    assert_string_equal(annals_deprel_name(annals_deprel_id("nmod:whatever")), "nmod");
    assert_string_equal(annals_deprel_name(annals_deprel_id("madeup")), "dep");
    assert_int_equal(annals_deprel_base(annals_deprel_id("nsubj:pass")), annals_deprel_id("nsubj"));
}

static int read_str(const char *s, annals_conllu *c, annals_ctx *ctx)
{
    return annals_conllu_read(c, "mem.conllu", s, strlen(s), ctx);
}

static void test_analyze__conllu_errors_name_line(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    static const struct { const char *text, *msg; } bad[] = {
        { "1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n2\tB\tb\n", "mem.conllu:2: expected 10" },
        { "1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n3\tB\tb\tNOUN\tNN\t_\t1\tdep\t_\t_\n", "mem.conllu:2: ID 3 out of sequence" },
        { "# c\nx\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n", "mem.conllu:2: bad ID" },
        { "1\tA\ta\tNOUN\tNN\t_\tz\troot\t_\t_\n", "mem.conllu:1: bad HEAD" },
        { "1\tA\ta\tNOUN\tNN\t_\t5\troot\t_\t_\n", "mem.conllu:1: HEAD 5 is beyond" },
        { "1\tA\ta\tNOUN\tNN\t_\t1\troot\t_\t_\n", "mem.conllu:1: word is its own head" },
        { "1\tA\ta\tNOUNY\tNN\t_\t0\troot\t_\t_\n", "mem.conllu:1: unknown UPOS" },
        { "1\t\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n", "mem.conllu:1: empty FORM" },
        { "1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\textra\n", "mem.conllu:1: expected 10" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(read_str(bad[i].text, &c, ctx), ANNALS_EFORMAT);
        if (!strstr(annals_errmsg(ctx), bad[i].msg)) fail_msg("case %zu: got '%s'", i, annals_errmsg(ctx));
        assert_null(c.doc);
    }
    /* empty lines, CRLF, multiword tokens and empty nodes are fine */
    const char *ok = "\n\n# text = Don't go\r\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\r\n"
                     "1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\r\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\r\n"
                     "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\r\n3.1\tgo\t_\t_\t_\t_\t_\t_\t_\t_\r\n\n\n\n"
                     "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_";
    assert_int_equal(read_str(ok, &c, ctx), 0);
    assert_int_equal(c.doc->n_sent, 2);
    assert_int_equal(c.doc->n_tok, 4);
    assert_int_equal(c.skipped, 2);
    assert_string_equal(c.sent_text[0], "Don't go");
    assert_int_equal(c.doc->tok[2].head, -1);
    assert_int_equal(c.doc->tok[0].head, 2);
    assert_int_equal(c.doc->tok[1].upos, ANNALS_UPOS_PART);
    annals_doc_free(c.doc);
    assert_int_equal(read_str("", &c, ctx), 0);
    assert_int_equal(c.doc->n_sent, 0);
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}

static annals_analyzer *open_tiny(annals_ctx *ctx)
{
    annals_analyzer *an = NULL;
    int rc = annals_analyzer_open(&an, tmpdir, ctx);
    if (rc < 0) fail_msg("%s", annals_errmsg(ctx));
    return an;
}

/* The file at path holds exactly buf[0..n). */
static void assert_file_holds(const char *path, const void *buf, size_t n, annals_ctx *ctx)
{
    void *got;
    size_t n_got;
    assert_int_equal(annals_model_read_file(&got, &n_got, path, ctx), 0);
    assert_int_equal(n_got, n);
    assert_memory_equal(got, buf, n);
    free(got);
}

static void test_analyze__tiny_model_learns_and_round_trips(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an = open_tiny(ctx);
    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    annals_eval_result r;
    assert_int_equal(annals_analyze_eval(an, c.doc, &r, ctx), 0);
    assert_true(r.upos >= 0.95);     /* its own training data */
    assert_true(r.uas >= 0.90);
    assert_true(r.las >= 0.85);

    /* the same models from buffers give the same predictions */
    char path[512];
    void *tb, *pb;
    size_t tn, pn;
    snprintf(path, sizeof path, "%s/tagger.bin", tmpdir);
    assert_int_equal(annals_model_read_file(&tb, &tn, path, ctx), 0);
    snprintf(path, sizeof path, "%s/parser.bin", tmpdir);
    assert_int_equal(annals_model_read_file(&pb, &pn, path, ctx), 0);
    annals_tagger *t;
    annals_parser *p;
    assert_int_equal(annals_tagger_load(&t, tb, tn, "tagger", ctx), 0);
    assert_int_equal(annals_parser_load(&p, pb, pn, "parser", ctx), 0);
    annals_doc *a, *b;
    assert_int_equal(annals_doc_shadow(&a, c.doc, true, ctx), 0);
    assert_int_equal(annals_doc_shadow(&b, c.doc, true, ctx), 0);
    assert_int_equal(annals_analyze_doc(an, a, ctx), 0);
    for (size_t s = 0; s < b->n_sent; s++) {
        assert_int_equal(annals_tagger_tag(t, b, b->sent[s].tok_begin, b->sent[s].tok_end), 0);
        assert_int_equal(annals_parser_parse(p, b, b->sent[s].tok_begin, b->sent[s].tok_end), 0);
    }
    for (size_t i = 0; i < a->n_tok; i++) {
        assert_int_equal(a->tok[i].upos, b->tok[i].upos);
        assert_int_equal(a->tok[i].xpos, b->tok[i].xpos);
        assert_int_equal(a->tok[i].head, b->tok[i].head);
        assert_int_equal(a->tok[i].deprel, b->tok[i].deprel);
    }
    for (size_t s = 0; s < a->n_sent; s++) assert_true(a->sent[s].parsed);
    /* the analyzer's models were opened from files (their slots packed in place
       in the loader's own copies); a caller's buffer is never written */
    snprintf(path, sizeof path, "%s/tagger.bin", tmpdir);
    assert_file_holds(path, tb, tn, ctx);

    /* training again with the same seed writes the same bytes */
    char path2[512];
    snprintf(path2, sizeof path2, "%s/parser2.bin", tmpdir);
    annals_parser_train_opts po = { 10, 7, 0.0f, 0.9f, 2, NULL, 0, 0, NULL, 0 };
    assert_int_equal(annals_parser_train(c.doc, c.doc, path2, &po, ctx), 0);
    assert_file_holds(path2, pb, pn, ctx);

    /* a size limit the best epoch fits in changes nothing; one no epoch fits
       in is an error that names the limit, and writes no file */
    po.max_bytes = pn;
    assert_int_equal(annals_parser_train(c.doc, c.doc, path2, &po, ctx), 0);
    assert_file_holds(path2, pb, pn, ctx);
    char path3[512];
    snprintf(path3, sizeof path3, "%s/parser3.bin", tmpdir);
    po.max_bytes = 1000;
    assert_int_equal(annals_parser_train(c.doc, c.doc, path3, &po, ctx), ANNALS_ETOOBIG);
    assert_non_null(strstr(annals_errmsg(ctx), "fits in 1000 bytes"));
    FILE *none = fopen(path3, "rb");
    assert_null(none);

    annals_doc_free(a);
    annals_doc_free(b);
    annals_tagger_free(t);
    annals_parser_free(p);
    free(tb);
    free(pb);
    annals_doc_free(c.doc);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

static void test_analyze__corrupt_models_fail_cleanly(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    char path[512];
    void *buf;
    size_t n;
    snprintf(path, sizeof path, "%s/tagger.bin", tmpdir);
    assert_int_equal(annals_model_read_file(&buf, &n, path, ctx), 0);
    unsigned char *copy = aligned_alloc(64, (n + 63) & ~(size_t)63);
    annals_tagger *t;
    annals_parser *p;
    for (size_t cut = 0; cut < n; cut += n / 37 + 1) {
        memcpy(copy, buf, n);
        assert_int_equal(annals_tagger_load(&t, copy, cut, "cut.bin", ctx), ANNALS_EFORMAT);
        assert_non_null(strstr(annals_errmsg(ctx), "cut.bin"));
    }
    memcpy(copy, buf, n);
    copy[n / 2] ^= 1;
    assert_int_equal(annals_tagger_load(&t, copy, n, "flip.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "flip.bin: corrupt"));
    memcpy(copy, buf, n);
    assert_int_equal(annals_parser_load(&p, copy, n, "kind.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "expected a parser"));
    assert_int_equal(annals_tagger_load(&t, copy, n, "good.bin", ctx), 0);
    annals_tagger_free(t);
    free(copy);
    free(buf);

    /* a truncated file on disk, through the analyzer */
    char dir[512], cmd[2600];
    snprintf(dir, sizeof dir, "%s/trunc", tmpdir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && head -c 1000 '%s/tagger.bin' > '%s/tagger.bin' && cp '%s/parser.bin' '%s/'",
             dir, tmpdir, dir, tmpdir, dir);
    assert_int_equal(system(cmd), 0);
    annals_analyzer *an;
    assert_int_equal(annals_analyzer_open(&an, dir, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "trunc/tagger.bin: truncated"));
    snprintf(dir, sizeof dir, "%s/none", tmpdir);
    assert_int_equal(annals_analyzer_open(&an, dir, ctx), ANNALS_ENOTFOUND);
    assert_non_null(strstr(annals_errmsg(ctx), "none/tagger.bin"));
    annals_ctx_free(ctx);
}

/* Checks that every sentence of d is one tree: heads in range, one root, no cycle. */
static void assert_trees(const annals_doc *d)
{
    for (size_t s = 0; s < d->n_sent; s++) {
        const annals_sentence *se = &d->sent[s];
        int n = (int)(se->tok_end - se->tok_begin), roots = 0;
        for (int i = 0; i < n; i++) {
            int h = d->tok[se->tok_begin + (size_t)i].head;
            assert_true(h >= -1 && h < n && h != i);
            roots += h == -1;
            int a = i, steps = 0;
            while (a != -1 && steps++ <= n) a = d->tok[se->tok_begin + (size_t)a].head;
            assert_int_equal(a, -1);
            assert_true(d->tok[se->tok_begin + (size_t)i].upos > 0);
            assert_non_null(d->tok[se->tok_begin + (size_t)i].lemma);
        }
        if (n) assert_int_equal(roots, 1);
    }
}

/* Parses every sentence of d with p; each must come out a tree. */
static void parse_all(const annals_parser *p, annals_doc *d)
{
    for (size_t s = 0; s < d->n_sent; s++)
        assert_int_equal(annals_parser_parse(p, d, d->sent[s].tok_begin, d->sent[s].tok_end), 0);
    assert_trees(d);
}

/* The words of d whose head (*ua), and head and label (*la), are gold's. */
static void attachments(const annals_doc *d, const annals_doc *gold, size_t *ua, size_t *la)
{
    *ua = *la = 0;
    for (size_t i = 0; i < d->n_tok; i++) {
        *ua += d->tok[i].head == gold->tok[i].head;
        *la += d->tok[i].head == gold->tok[i].head && d->tok[i].deprel == gold->tok[i].deprel;
    }
}

static void test_analyze__hostile_input(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an = open_tiny(ctx);
    /* one 5,000-word sentence, one 10,000-byte word, one empty sentence */
    size_t nw = 5000, big = 10000;
    annals_buf b = { 0 };
    for (size_t i = 0; i < nw; i++) annals_buf_puts(&b, i % 3 ? "talks " : "The ");
    size_t big_off = b.len;
    for (size_t i = 0; i < big; i++) annals_buf_putc(&b, (char)('a' + i % 26));
    annals_doc *d;
    assert_int_equal(annals_doc_new(&d, "hostile", "hostile", b.p, b.len, ctx), 0);
    d->text = (char *)d->raw;
    d->text_len = d->raw_len;
    d->n_tok = nw + 1;
    d->tok = annals_arena_calloc(d->arena, d->n_tok, sizeof *d->tok);
    size_t off = 0;
    for (size_t i = 0; i < nw; i++) {
        size_t len = i % 3 ? 5 : 3;
        d->tok[i].off = (uint32_t)off;
        d->tok[i].len = (uint32_t)len;
        off += len + 1;
    }
    d->tok[nw].off = (uint32_t)big_off;
    d->tok[nw].len = (uint32_t)big;
    d->n_sent = 3;
    d->sent = annals_arena_calloc(d->arena, 3, sizeof *d->sent);
    d->sent[0] = (annals_sentence){ 0, (uint32_t)(off - 1), 0, (uint32_t)nw, false };
    d->sent[1] = (annals_sentence){ (uint32_t)off, 0, (uint32_t)nw, (uint32_t)nw, false };   /* empty */
    d->sent[2] = (annals_sentence){ (uint32_t)big_off, (uint32_t)big, (uint32_t)nw, (uint32_t)nw + 1, false };
    assert_int_equal(annals_analyze_doc(an, d, ctx), 0);
    assert_trees(d);
    assert_true(d->sent[0].parsed);
    assert_false(d->sent[1].parsed);
    assert_int_equal(strlen(d->tok[nw].lemma), big);
    annals_doc_free(d);
    annals_buf_free(&b);

    /* an empty document */
    assert_int_equal(annals_doc_new(&d, "empty", "empty", "", 0, ctx), 0);
    assert_int_equal(annals_analyze_doc(an, d, ctx), 0);
    annals_doc_free(d);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

static void test_analyze__lemmas(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an = open_tiny(ctx);
    static const struct { const char *w, *u, *x, *lemma; } cases[] = {
        { "went", "VERB", "VBD", "go" }, { "making", "VERB", "VBG", "make" }, { "running", "VERB", "VBG", "run" },
        { "signed", "VERB", "VBD", "sign" }, { "agreed", "VERB", "VBD", "agree" }, { "tries", "VERB", "VBZ", "try" },
        { "was", "AUX", "VBD", "be" }, { "'s", "AUX", "VBZ", "be" }, { "n't", "PART", "RB", "not" },
        { "children", "NOUN", "NNS", "child" }, { "cities", "NOUN", "NNS", "city" }, { "talks", "NOUN", "NNS", "talk" },
        { "boxes", "NOUN", "NNS", "box" }, { "movies", "NOUN", "NNS", "movie" }, { "news", "NOUN", "NN", "news" },
        { "Officials", "NOUN", "NNS", "official" }, { "better", "ADJ", "JJR", "good" }, { "larger", "ADJ", "JJR", "large" },
        { "The", "DET", "DT", "the" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        annals_doc *d;
        assert_int_equal(annals_doc_new(&d, "l", "l", cases[i].w, strlen(cases[i].w), ctx), 0);
        d->text = (char *)d->raw;
        d->text_len = d->raw_len;
        d->tok = annals_arena_calloc(d->arena, 1, sizeof *d->tok);
        d->sent = annals_arena_calloc(d->arena, 1, sizeof *d->sent);
        d->n_tok = d->n_sent = 1;
        d->tok[0].len = (uint32_t)strlen(cases[i].w);
        d->tok[0].upos = (uint8_t)annals_upos_id(cases[i].u);
        d->tok[0].xpos = (uint16_t)annals_xpos_id(cases[i].x);
        d->sent[0].tok_end = 1;
        assert_int_equal(annals_analyze_sentence(an, d, 0, ANNALS_ANALYZE_LEMMA, ctx), 0);
        if (strcmp(d->tok[0].lemma, cases[i].lemma))
            fail_msg("%s/%s: got '%s', want '%s'", cases[i].w, cases[i].x, d->tok[0].lemma, cases[i].lemma);
        annals_doc_free(d);
    }
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

static void test_analyze__conllu_output(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_analyzer *an = open_tiny(ctx);
    annals_conllu c;
    const char *in = "1\tTroops\t_\t_\t_\t_\t_\t_\t_\t_\n2\tattacked\t_\t_\t_\t_\t_\t_\t_\t_\n"
                     "3\tthe\t_\t_\t_\t_\t_\t_\t_\t_\n4\tvillage\t_\t_\t_\t_\t_\t_\t_\t_\n";
    assert_int_equal(annals_conllu_read(&c, "m", in, strlen(in), ctx), 0);
    assert_int_equal(annals_analyze_doc(an, c.doc, ctx), 0);
    annals_buf b = { 0 };
    assert_int_equal(annals_conllu_write_sentence(&b, c.doc, 0), 0);
    assert_non_null(strstr(b.p, "# text = Troops attacked the village\n"));
    assert_non_null(strstr(b.p, "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\tTokenRange=0:6\n"));
    assert_non_null(strstr(b.p, "\tTokenRange=20:27\n"));
    annals_buf_free(&b);
    annals_doc_free(c.doc);
    annals_analyzer_free(an);
    annals_ctx_free(ctx);
}

/* The split parser: learns the tiny set, gives trees, same bytes for a seed,
** is always decoded greedily, and a cut file fails cleanly. */
static void test_analyze__split_parser(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    char path[512], path2[512];
    snprintf(path, sizeof path, "%s/split.bin", tmpdir);
    snprintf(path2, sizeof path2, "%s/split2.bin", tmpdir);
    annals_parser_train_opts po = { 10, 7, 0.0f, 0.9f, 2, NULL, 1, 0, NULL, 0 };
    assert_int_equal(annals_parser_train(c.doc, c.doc, path, &po, ctx), 0);
    assert_int_equal(annals_parser_train(c.doc, c.doc, path2, &po, ctx), 0);
    void *pb, *pb2;
    size_t pn, pn2;
    assert_int_equal(annals_model_read_file(&pb, &pn, path, ctx), 0);
    assert_int_equal(annals_model_read_file(&pb2, &pn2, path2, ctx), 0);
    assert_int_equal(pn, pn2);
    assert_memory_equal(pb, pb2, pn);
    annals_parser *p;
    assert_int_equal(annals_parser_load(&p, pb, pn, "split", ctx), 0);
    assert_int_equal(annals_parser_beam(p), 1);
    annals_parser_set_beam(p, 4);            /* no beam for split models */
    assert_int_equal(annals_parser_beam(p), 1);
    annals_doc *d;
    assert_int_equal(annals_doc_shadow(&d, c.doc, false, ctx), 0);
    parse_all(p, d);
    size_t ua, la;
    attachments(d, c.doc, &ua, &la);
    assert_true(ua >= 0.90 * d->n_tok);      /* its own training data */
    assert_true(la >= 0.85 * d->n_tok);
    annals_parser_free(p);
    /* a split model cannot be trained with a beam */
    po.beam = 4;
    assert_int_equal(annals_parser_train(c.doc, c.doc, path, &po, ctx), ANNALS_ERROR);
    assert_non_null(strstr(annals_errmsg(ctx), "split model is trained greedily"));
    annals_parser *q;
    for (size_t cut = 0; cut < pn; cut += pn / 23 + 1)
        assert_int_equal(annals_parser_load(&q, pb2, cut, "cut.bin", ctx), ANNALS_EFORMAT);
    annals_doc_free(d);
    free(pb);
    free(pb2);
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}

/* The beam parser (joint model, global max-violation training, beam 4): the
** same checks, the same parses again once the beam's group memo is warm, and
** greedy decoding of its model still gives trees. */
static void test_analyze__beam_parser(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    char path[512], path2[512];
    snprintf(path, sizeof path, "%s/beam.bin", tmpdir);
    snprintf(path2, sizeof path2, "%s/beam2.bin", tmpdir);
    annals_parser_train_opts po = { 10, 7, 0.0f, 0.9f, 2, NULL, 0, 4, NULL, 0 };
    assert_int_equal(annals_parser_train(c.doc, c.doc, path, &po, ctx), 0);
    assert_int_equal(annals_parser_train(c.doc, c.doc, path2, &po, ctx), 0);
    void *pb, *pb2;
    size_t pn, pn2;
    assert_int_equal(annals_model_read_file(&pb, &pn, path, ctx), 0);
    assert_int_equal(annals_model_read_file(&pb2, &pn2, path2, ctx), 0);
    assert_int_equal(pn, pn2);
    assert_memory_equal(pb, pb2, pn);
    annals_parser *p;
    assert_int_equal(annals_parser_load(&p, pb, pn, "beam", ctx), 0);
    assert_int_equal(annals_parser_beam(p), 4);
    annals_doc *d;
    assert_int_equal(annals_doc_shadow(&d, c.doc, false, ctx), 0);
    parse_all(p, d);
    size_t ua, la;
    attachments(d, c.doc, &ua, &la);
    assert_true(ua >= 0.90 * d->n_tok);      /* its own training data */
    assert_true(la >= 0.85 * d->n_tok);
    {
        annals_doc *d2;                          /* warm caches: the same parses */
        assert_int_equal(annals_doc_shadow(&d2, c.doc, false, ctx), 0);
        for (size_t s = 0; s < d2->n_sent; s++)
            assert_int_equal(annals_parser_parse(p, d2, d2->sent[s].tok_begin, d2->sent[s].tok_end), 0);
        for (size_t i = 0; i < d->n_tok; i++) {
            assert_int_equal(d2->tok[i].head, d->tok[i].head);
            assert_int_equal(d2->tok[i].deprel, d->tok[i].deprel);
        }
        annals_doc_free(d2);
    }
    {
        /* beam pruning: the default margin; a margin wider than any score gap
           prunes nothing, so it parses as margin 0 (off) does */
        assert_true(annals_parser_margin(p) == ANNALS_PARSER_MARGIN);
        annals_doc *d3, *d4;
        assert_int_equal(annals_doc_shadow(&d3, c.doc, false, ctx), 0);
        assert_int_equal(annals_doc_shadow(&d4, c.doc, false, ctx), 0);
        annals_parser_set_margin(p, 0);
        assert_true(annals_parser_margin(p) == 0);
        for (size_t s = 0; s < d3->n_sent; s++)
            assert_int_equal(annals_parser_parse(p, d3, d3->sent[s].tok_begin, d3->sent[s].tok_end), 0);
        annals_parser_set_margin(p, 1e5);
        for (size_t s = 0; s < d4->n_sent; s++)
            assert_int_equal(annals_parser_parse(p, d4, d4->sent[s].tok_begin, d4->sent[s].tok_end), 0);
        for (size_t i = 0; i < d3->n_tok; i++) {
            assert_int_equal(d3->tok[i].head, d4->tok[i].head);
            assert_int_equal(d3->tok[i].deprel, d4->tok[i].deprel);
        }
        annals_parser_set_margin(p, -1);
        assert_true(annals_parser_margin(p) == 0);
        annals_parser_set_margin(p, NAN);
        assert_true(annals_parser_margin(p) == 0);
        annals_doc_free(d3);
        annals_doc_free(d4);
    }
    annals_parser_set_beam(p, 1);                /* greedy decoding of the same model: still trees */
    parse_all(p, d);
    annals_parser_free(p);
    annals_parser *q;
    for (size_t cut = 0; cut < pn; cut += pn / 23 + 1)
        assert_int_equal(annals_parser_load(&q, pb2, cut, "cut.bin", ctx), ANNALS_EFORMAT);
    annals_doc_free(d);
    free(pb);
    free(pb2);
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}


static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Writes text to path and builds and binds it as a word table (*img: free();
** returns its size). */
static size_t word_table(const char *path, const char *text, void **img, an_wnk *k, annals_ctx *ctx)
{
    write_text(path, text);
    size_t size;
    assert_int_equal(annals_analyze_wnk_load(k, path, img, &size, ctx), 0);
    return size;
}

/* A copy of model m whose section id holds data[0..size) instead, or with
** that section added at the end when m has none (*img: free()). */
static void model_with(const annals_model *m, uint32_t kind, const char id[4], const void *data, uint64_t size,
                       void **img, size_t *n, annals_ctx *ctx)
{
    annals_model_section sec[ANNALS_MODEL_MAX_SECTIONS];
    uint32_t ns = m->n_sections;
    int found = 0;
    for (uint32_t i = 0; i < ns; i++) {
        sec[i] = m->sec[i];
        if (!memcmp(sec[i].id, id, 4)) { sec[i].data = data; sec[i].size = size; found = 1; }
    }
    if (!found) {
        assert_true(ns < ANNALS_MODEL_MAX_SECTIONS);
        sec[ns] = (annals_model_section){ { id[0], id[1], id[2], id[3] }, 0, data, size };
        ns++;
    }
    assert_int_equal(annals_model_build(img, n, kind, sec, ns, ctx), 0);
}

/* Word classes: the file, the lookup of inflected forms, bad lines. */
static void test_analyze__word_classes(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    char path[512];
    snprintf(path, sizeof path, "%s/classes.txt", tmpdir);
    void *img;
    an_wnk k;
    size_t size = word_table(path, "# comment\ndog n 5\nrun v 38\ncity n 15\nmake v 36\nstop v 38\nbox n 6\nrun n 4\n",
                             &img, &k, ctx);
    annals_model_section sec = { "PWNK", 0, img, size };
    static const struct { const char *w; int upos, cls; } cases[] = {
        { "dog", ANNALS_UPOS_NOUN, 5 }, { "Dogs", ANNALS_UPOS_PROPN, 5 }, { "cities", ANNALS_UPOS_NOUN, 15 },
        { "boxes", ANNALS_UPOS_NOUN, 6 }, { "running", ANNALS_UPOS_VERB, 38 }, { "runs", ANNALS_UPOS_VERB, 38 },
        { "run", ANNALS_UPOS_NOUN, 4 }, { "making", ANNALS_UPOS_VERB, 36 }, { "made", ANNALS_UPOS_VERB, 0 },
        { "stopped", ANNALS_UPOS_VERB, 38 }, { "makes", ANNALS_UPOS_VERB, 36 }, { "dog", ANNALS_UPOS_VERB, 0 },
        { "dogs", ANNALS_UPOS_ADJ, 0 }, { "cat", ANNALS_UPOS_NOUN, 0 }, { "s", ANNALS_UPOS_NOUN, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(annals_analyze_wnk_class(&k, cases[i].w, strlen(cases[i].w), cases[i].upos), cases[i].cls);
    char longw[300];
    memset(longw, 'a', sizeof longw);
    assert_int_equal(annals_analyze_wnk_class(&k, longw, sizeof longw, ANNALS_UPOS_NOUN), 0);
    an_wnk none = { 0 };
    assert_int_equal(annals_analyze_wnk_class(&none, "dog", 3, ANNALS_UPOS_NOUN), 0);
    /* a section of the wrong size or with a class out of range */
    sec.size = size - 1;
    assert_int_equal(annals_analyze_wnk_bind(&k, &sec, "classes", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "PWNK"));
    free(img);
    /* bad lines name the file and the line */
    write_text(path, "dog n 5\ncat x 5\n");
    assert_int_equal(annals_analyze_wnk_build(path, &img, &size, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "classes.txt:2:"));
    write_text(path, "dog n 5\ntall a 1\n");           /* nouns and verbs only */
    assert_int_equal(annals_analyze_wnk_build(path, &img, &size, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "classes.txt:2: expected \"word n|v class\""));
    write_text(path, "dog n 5\n\ncat n 99\n");
    assert_int_equal(annals_analyze_wnk_build(path, &img, &size, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "classes.txt:3:"));
    write_text(path, "dog n 5 extra\n");
    assert_int_equal(annals_analyze_wnk_build(path, &img, &size, ctx), ANNALS_EFORMAT);
    snprintf(path, sizeof path, "%s/no-such-file.txt", tmpdir);
    assert_true(annals_analyze_wnk_build(path, &img, &size, ctx) < 0);
    annals_ctx_free(ctx);
}

/* A parser trained with word classes carries them (PWNK) and parses with
** them; a model whose class table is damaged is refused. */
static void test_analyze__class_parser(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/classes.bin", tmpdir);
    annals_parser_train_opts po = { 10, 7, 0.0f, 0.9f, 2, NULL, 0, 3, TINY_WNK, 0 };
    assert_int_equal(annals_parser_train(c.doc, c.doc, path, &po, ctx), 0);
    void *buf;
    size_t n;
    assert_int_equal(annals_model_read_file(&buf, &n, path, ctx), 0);
    annals_model m;
    assert_int_equal(annals_model_parse(&m, buf, n, ANNALS_MODEL_PARSER, "classes.bin", ctx), 0);
    const annals_model_section *ks = annals_model_find(&m, "PWNK");
    assert_non_null(ks);
    annals_parser *p;
    assert_int_equal(annals_parser_load(&p, buf, n, "classes.bin", ctx), 0);
    annals_doc *d;
    assert_int_equal(annals_doc_shadow(&d, c.doc, false, ctx), 0);
    parse_all(p, d);
    size_t ua, la;
    attachments(d, c.doc, &ua, &la);
    assert_true(ua >= 0.90 * d->n_tok);          /* its own training data */
    annals_doc_free(d);
    annals_parser_free(p);
    /* the same model with a class table one byte short */
    void *img;
    size_t isize;
    model_with(&m, ANNALS_MODEL_PARSER, "PWNK", ks->data, ks->size - 1, &img, &isize, ctx);
    assert_int_equal(annals_parser_load(&p, img, isize, "short.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "short.bin: bad word table (PWNK)"));
    free(img);
    free(buf);
    /* a missing class file is an error naming it, before any training */
    po.wn_classes = "/nonexistent/wn-class.txt";
    assert_true(annals_parser_train(c.doc, c.doc, path, &po, ctx) < 0);
    assert_non_null(strstr(annals_errmsg(ctx), "/nonexistent/wn-class.txt"));
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}

/* Models of dropped experiments (docs/notes/parser-experiments.md) are refused
** with a message naming the file and the section, never used half: a tagger
** with WordNet features (TWNK), a split parser with label groups (PGRP) or
** with a beam (PBEM). */
static void test_analyze__dropped_experiments_refused(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    char path[512];
    void *buf, *img;
    size_t n, isize;
    annals_model m;
    snprintf(path, sizeof path, "%s/tagger.bin", tmpdir);
    assert_int_equal(annals_model_read_file(&buf, &n, path, ctx), 0);
    assert_int_equal(annals_model_parse(&m, buf, n, ANNALS_MODEL_TAGGER, "tagger.bin", ctx), 0);
    uint8_t table[8 + 16 * 5] = { 16 };                  /* an empty word table of 16 slots */
    model_with(&m, ANNALS_MODEL_TAGGER, "TWNK", table, sizeof table, &img, &isize, ctx);
    annals_tagger *t;
    assert_int_equal(annals_tagger_load(&t, img, isize, "wn.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "wn.bin: WordNet tagger features (TWNK)"));
    free(img);
    free(buf);

    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    snprintf(path, sizeof path, "%s/split-groups.bin", tmpdir);
    annals_parser_train_opts po = { 3, 7, 0.0f, 0.9f, 2, NULL, 1, 0, NULL, 0 };
    assert_int_equal(annals_parser_train(c.doc, c.doc, path, &po, ctx), 0);
    assert_int_equal(annals_model_read_file(&buf, &n, path, ctx), 0);
    assert_int_equal(annals_model_parse(&m, buf, n, ANNALS_MODEL_PARSER, "split.bin", ctx), 0);
    annals_parser *p;
    assert_int_equal(annals_parser_load(&p, buf, n, "split.bin", ctx), 0);
    annals_parser_free(p);
    uint8_t groups[ANNALS_DEPREL_COUNT + 1] = { 2 };     /* two groups: nsubj alone */
    groups[1 + annals_deprel_id("nsubj")] = 1;
    model_with(&m, ANNALS_MODEL_PARSER, "PGRP", groups, sizeof groups, &img, &isize, ctx);
    assert_int_equal(annals_parser_load(&p, img, isize, "groups.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "groups.bin: label groups other than one (PGRP)"));
    free(img);
    const uint32_t beam[4] = { 4, 0, 0, 0 };
    model_with(&m, ANNALS_MODEL_PARSER, "PBEM", beam, sizeof beam, &img, &isize, ctx);
    assert_int_equal(annals_parser_load(&p, img, isize, "sbeam.bin", ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "sbeam.bin: beam decoding of a split model (PBEM)"));
    free(img);
    free(buf);
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The beam and greedy decoders sum the feature groups (AN_FEATS_*) apart and
** memoise them by position: every feature must be in exactly one group, and
** the b0 group (AN_FEATS_BUF) and the s0-b0 group (AN_FEATS_PAIR) must be the
** same wherever b0 (and s0) are. Checked on states of random derivations. */
static void test_analyze__feature_groups(void **st)
{
    (void)st;
    enum { MAXN = 48 };
    annals_ctx *ctx = annals_ctx_new();
    annals_conllu c;
    assert_int_equal(annals_conllu_read_file(&c, TINY, ctx), 0);
    static uint64_t buf_seen[MAXN + 2][AN_PMAXF], pair_seen[MAXN + 2][MAXN + 2][AN_PMAXF];
    static size_t nbuf_seen[MAXN + 2], npair_seen[MAXN + 2][MAXN + 2];
    uint64_t all[AN_PMAXF], parts[AN_PMAXF], one[AN_PMAXF];
    uint8_t valid[AN_NCLS];
    uint32_t rng = 12345;
    size_t n_states = 0, n_buf_reused = 0, n_classed = 0;
    void *kimg;
    size_t ksize;
    assert_int_equal(annals_analyze_wnk_build(TINY_WNK, &kimg, &ksize, ctx), 0);
    annals_model_section ksec = { "PWNK", 0, kimg, ksize };
    an_wnk wnk;
    assert_int_equal(annals_analyze_wnk_bind(&wnk, &ksec, "tiny", ctx), 0);
    for (size_t s = 0; s < c.doc->n_sent; s++) {
        const annals_sentence *se = &c.doc->sent[s];
        int n = (int)(se->tok_end - se->tok_begin);
        if (n < 2 || n > MAXN) continue;
        memset(nbuf_seen, 0, sizeof nbuf_seen);
        memset(npair_seen, 0, sizeof npair_seen);
        for (int run = 0; run < 4; run++) {
            an_pstate ps;            /* runs 2 and 3 with the class features */
            assert_int_equal(annals_analyze_pstate_init(&ps, NULL, c.doc, se->tok_begin, n, run >= 2 ? &wnk : NULL), 0);
            if (run == 2) {
                memset(nbuf_seen, 0, sizeof nbuf_seen);
                memset(npair_seen, 0, sizeof npair_seen);
                for (int i = 1; i <= n; i++) n_classed += ps.k[i] != 0;
            }
            while (!an_pstate_done(&ps)) {
                size_t na = annals_analyze_parser_feats(&ps, all), np = 0;
                for (unsigned g = 1; g <= AN_FEATS_ALL; g <<= 1) {
                    size_t k = annals_analyze_parser_feats_part(&ps, g, one);
                    assert_true(np + k <= AN_PMAXF);
                    memcpy(parts + np, one, k * sizeof *one);
                    np += k;
                    const int s0 = ps.stack[ps.sp - 1], b0 = ps.b <= ps.n ? ps.b : 0;
                    if (g == AN_FEATS_BUF) {
                        if (nbuf_seen[b0]) {
                            assert_int_equal(k, nbuf_seen[b0]);
                            assert_memory_equal(one, buf_seen[b0], k * sizeof *one);
                            n_buf_reused++;
                        } else {
                            memcpy(buf_seen[b0], one, k * sizeof *one);
                            nbuf_seen[b0] = k;
                        }
                    } else if (g == AN_FEATS_PAIR) {
                        if (npair_seen[s0][b0]) {
                            assert_int_equal(k, npair_seen[s0][b0]);
                            assert_memory_equal(one, pair_seen[s0][b0], k * sizeof *one);
                        } else {
                            memcpy(pair_seen[s0][b0], one, k * sizeof *one);
                            npair_seen[s0][b0] = k;
                        }
                    }
                }
                assert_int_equal(np, na);
                qsort(all, na, sizeof *all, cmp_u64);
                qsort(parts, np, sizeof *parts, cmp_u64);
                assert_memory_equal(all, parts, na * sizeof *all);
                n_states++;
                int nv = annals_analyze_pstate_valid(&ps, valid);
                assert_true(nv >= 1);
                rng = rng * 1103515245u + 12345u;
                int pick = (int)((rng >> 16) % (uint32_t)nv), cls = -1;
                for (int k = 0; k < AN_NCLS && cls < 0; k++)
                    if (valid[k] && pick-- == 0) cls = k;
                annals_analyze_pstate_apply(&ps, cls);
            }
            annals_analyze_pstate_free(&ps);
        }
    }
    assert_true(n_states > 100);
    assert_true(n_buf_reused > 10);              /* the b0 check was exercised */
    assert_true(n_classed > 10);                 /* and words had classes */
    free(kimg);
    annals_doc_free(c.doc);
    annals_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analyze__tagsets),
        cmocka_unit_test(test_analyze__conllu_errors_name_line),
        cmocka_unit_test(test_analyze__tiny_model_learns_and_round_trips),
        cmocka_unit_test(test_analyze__corrupt_models_fail_cleanly),
        cmocka_unit_test(test_analyze__hostile_input),
        cmocka_unit_test(test_analyze__split_parser),
        cmocka_unit_test(test_analyze__beam_parser),
        cmocka_unit_test(test_analyze__feature_groups),
        cmocka_unit_test(test_analyze__word_classes),
        cmocka_unit_test(test_analyze__class_parser),
        cmocka_unit_test(test_analyze__dropped_experiments_refused),
        cmocka_unit_test(test_analyze__lemmas),
        cmocka_unit_test(test_analyze__conllu_output),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
