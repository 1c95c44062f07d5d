/* SPDX-License-Identifier: MIT
** tests/unit/util/test_faults.c -- out-of-memory and read-error injection over the loaders.
**
** In the style of SQLite's malloc fault simulation: this executable is linked with
** --wrap for malloc, calloc, realloc, aligned_alloc, strdup and strndup (CMakeLists.txt),
** so every allocation the library makes goes through fault_alloc(), which can fail the
** Nth one; fread and ferror are wrapped the same way to fail the Nth read with EIO.
** Each loader runs once to count its allocations and reads, then once per N failing
** the Nth: it must then either fail with ANNALS_ENOMEM / ANNALS_EIO and a message, or
** succeed with exactly the result of the run without faults (a fallback that changes
** nothing) -- never a silently smaller dictionary, fewer events, or a crash (and, in
** the sanitizer build, no leak). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "annals/analyze.h"
#include "annals/code.h"
#include "annals/compat.h"
#include "annals/error.h"
#include "annals/ingest.h"
#include "annals/mention.h"
#include "annals/pipeline.h"
#include "annals/segment.h"

/* ---- the swappable allocator and reader ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
size_t __real_fread(void *p, size_t size, size_t n, FILE *f);
int __real_ferror(FILE *f);

static long alloc_count, fail_alloc_at = -1;   /* -1: never fail */
static long read_count, fail_read_at = -1;
static long alloc_mark, read_mark;   /* set by a loader: the sweep starts there */
static FILE *failed_file;

static bool alloc_fails(void)
{
    return alloc_count++ == fail_alloc_at;
}

void *__wrap_malloc(size_t n) { return alloc_fails() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return alloc_fails() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return alloc_fails() ? NULL : __real_realloc(p, n); }
void *__wrap_aligned_alloc(size_t a, size_t n) { return alloc_fails() ? NULL : __real_aligned_alloc(a, n); }
char *__wrap_strdup(const char *s) { return alloc_fails() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return alloc_fails() ? NULL : __real_strndup(s, n); }

size_t __wrap_fread(void *p, size_t size, size_t n, FILE *f)
{
    if (read_count++ == fail_read_at) {
        failed_file = f;
        errno = EIO;
        return 0;
    }
    return __real_fread(p, size, n, f);
}

int __wrap_ferror(FILE *f) { return f == failed_file || __real_ferror(f); }

static void faults_off(void)
{
    fail_alloc_at = fail_read_at = -1;
    failed_file = NULL;
}

/* ---- one loader: load, then describe what was loaded ---- */

typedef struct {
    const char *name;
    /* loads, and writes what it loaded (counts, coded events) into out; < 0 on error */
    int (*run)(annals_buf *out, annals_ctx *ctx);
} loader;

static void quiet(void *arg, const char *msg) { (void)arg; (void)msg; }

#define RES ANNALS_TEST_RESOURCES

/* Appends to out; ANNALS_ENOMEM with a message when that fails. */
static int say(annals_buf *out, annals_ctx *ctx, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return annals_buf_puts(out, line) < 0 ? annals_error_set(ctx, ANNALS_ENOMEM, "out of memory") : 0;
}

static int compat_describe(annals_compat *c, const char *text, annals_buf *out, annals_ctx *ctx)
{
    annals_compat_stats s;
    annals_compat_stats_get(c, &s);
    int rc = say(out, ctx, "%zu %zu %zu %zu %zu %zu %zu\n", s.verbs, s.patterns, s.synsets, s.actors, s.agents,
                 s.discards, s.issues);
    if (rc == 0) rc = annals_compat_code_text(c, text, "19950101", out, ctx);
    annals_compat_free(c);
    return rc < 0 ? rc : 0;
}

static int run_petrarch(annals_buf *out, annals_ctx *ctx)
{
    annals_compat *c = NULL;
    int rc = annals_compat_open(&c, "petrarch:" RES "/compat/petrarch", quiet, NULL, ctx);
    if (rc < 0) return rc;
    return compat_describe(c, "Arnor abandoned diplomatic ties with Gondor. Arnor will meet Gondor.", out, ctx);
}

static int run_tabari(annals_buf *out, annals_ctx *ctx)
{
    annals_compat *c = NULL;
    int rc = annals_compat_open(&c, "tabari:" RES "/compat/tabari/test.project", quiet, NULL, ctx);
    if (rc < 0) return rc;
    return compat_describe(c, "Arnor restored diplomatic ties with Gondor.", out, ctx);
}

/* The whole pipeline on the committed data folder (dictionaries, lexicon, models) and
** one short article: entries loaded and the events coded. */
static int run_pipeline(annals_buf *out, annals_ctx *ctx)
{
    static const char text[] = "Finland applied to join NATO on Wednesday. Russia warned Finland against "
                               "joining the alliance. The Finnish president met the Swedish prime minister "
                               "in Helsinki.";
    annals_pipeline_options po = { .data_dir = ANNALS_DATA_DIR, .warn = quiet, .parse_beam = 1 };
    annals_pipeline *p = NULL;
    int rc = annals_pipeline_open(&p, &po, ctx);
    if (rc < 0) return rc;
    alloc_mark = alloc_count;   /* the loaders have sweeps of their own: this one codes */
    read_mark = read_count;
    annals_doc *doc = NULL;
    rc = annals_doc_new(&doc, "t", "t.txt", text, sizeof text - 1, ctx);
    if (rc == 0) {
        doc->format = ANNALS_FMT_TEXT;
        rc = annals_pipeline_run(p, doc, ctx);
    }
    if (rc == 0)
        rc = say(out, ctx, "%zu %zu %d\n", annals_mentioner_size(annals_pipeline_mentioner(p)),
                 annals_coder_n_patterns(annals_pipeline_coder(p)), (int)annals_pipeline_parses(p));
    for (size_t i = 0; rc == 0 && doc && i < doc->n_event; i++) {
        const annals_event *e = &doc->event[i];
        rc = say(out, ctx, "%s %s %s %.1f %d\n", e->src, e->tgt, e->code, e->goldstein, e->quad_class);
    }
    annals_doc_free(doc);
    annals_pipeline_free(p);
    return rc;
}

static int run_coder(annals_buf *out, annals_ctx *ctx)
{
    annals_coder *c = NULL;
    int rc = annals_coder_open(&c, ANNALS_DATA_DIR, quiet, NULL, ctx);
    if (rc < 0) return rc;
    rc = say(out, ctx, "%zu\n", annals_coder_n_patterns(c));
    annals_coder_free(c);
    return rc;
}

static int run_mentioner(annals_buf *out, annals_ctx *ctx)
{
    annals_mentioner *m = NULL;
    int rc = annals_mentioner_open(&m, ANNALS_DATA_DIR, quiet, NULL, ctx);
    if (rc < 0) return rc;
    rc = say(out, ctx, "%zu\n", annals_mentioner_size(m));
    annals_mentioner_free(m);
    return rc;
}

static int run_analyzer(annals_buf *out, annals_ctx *ctx)
{
    annals_analyzer *a = NULL;
    int rc = annals_analyzer_open_with_parser(&a, ANNALS_DATA_DIR "/models", "parser-greedy.bin", ctx);
    if (rc < 0) return rc;
    rc = say(out, ctx, "1\n");
    annals_analyzer_free(a);
    return rc;
}

/* Reading inputs (JSONL, text, HTML): each document's name and size. A failed read
** rejects that input (the source goes on); the run reports the first reject. */
static int run_ingest(annals_buf *out, annals_ctx *ctx)
{
    const char *paths[] = { RES "/cli/two_docs.jsonl", RES "/cli/finland_nato.txt", RES "/cli/camp_david.html" };
    annals_source *src = NULL;
    int rc = annals_source_open(&src, paths, 3, ANNALS_FMT_AUTO, ctx);
    if (rc < 0) return rc;
    int first = 0;
    for (;;) {
        annals_doc *doc = NULL;
        rc = annals_source_next(src, &doc, ctx);
        if (rc == 0) break;
        if (rc < 0) {
            if (!first) first = rc;
            continue;
        }
        if (!first) first = say(out, ctx, "%s %zu\n", doc->name, doc->raw_len);
        annals_doc_free(doc);
    }
    annals_source_free(src);
    return first < 0 ? first : rc;
}

static const loader LOADERS[] = {
    { "coder", run_coder },
    { "mentioner", run_mentioner },
    { "analyzer", run_analyzer },
    { "petrarch", run_petrarch },
    { "tabari", run_tabari },
    { "pipeline", run_pipeline },
    { "ingest", run_ingest },
};

/* Runs l with the Nth allocation (or read) failing for every N the clean run reaches. */
static void sweep(const loader *l, bool reads)
{
    annals_ctx *ctx = annals_ctx_new();
    assert_non_null(ctx);
    annals_buf want = { 0 };
    faults_off();
    alloc_count = read_count = alloc_mark = read_mark = 0;
    assert_int_equal(l->run(&want, ctx), 0);
    long total = reads ? read_count : alloc_count, first = reads ? read_mark : alloc_mark;
    /* every point up to SAMPLE_ABOVE of them; past that the first and last SAMPLE_ENDS and
    ** an even spread between (FAULTS_ALL=1 in the environment: every point) */
    enum { SAMPLE_ABOVE = 2000, SAMPLE_ENDS = 150, SAMPLE_SPREAD = 300 };
    bool all = total - first <= SAMPLE_ABOVE || (getenv("FAULTS_ALL") && !strcmp(getenv("FAULTS_ALL"), "1"));
    long stride = all ? 1 : (total - first - 2 * SAMPLE_ENDS) / SAMPLE_SPREAD + 1;
    printf("%s: failing %s of %ld %s in turn\n", l->name, all ? "each" : "a sample", total - first,
           reads ? "reads" : "allocations");
    fflush(stdout);
    long failed = 0, same = 0, bad = 0;
    for (long n = first; n < total;
         n += all || n < first + SAMPLE_ENDS || n >= total - SAMPLE_ENDS - stride ? 1 : stride) {
        annals_buf got = { 0 };
        annals_ctx *fctx = annals_ctx_new();   /* a fresh one: no stale message */
        assert_non_null(fctx);
        alloc_count = read_count = 0;
        if (reads) fail_read_at = n; else fail_alloc_at = n;
        int rc = l->run(&got, fctx);
        faults_off();
        if (rc < 0) {
            failed++;
            int want_rc = reads ? ANNALS_EIO : ANNALS_ENOMEM;
            if ((rc != want_rc || !annals_errmsg(fctx)[0]) && bad++ < 20)
                print_error("%s: %s %ld of %ld failing: error %d '%s'\n", l->name, reads ? "read" : "allocation", n,
                         total, rc, annals_errmsg(fctx));
        } else {
            same++;
            if ((!got.p || strcmp(got.p, want.p)) && bad++ < 20)
                print_error("%s: %s %ld of %ld failing: success with another result:\n%s\nexpected:\n%s\n", l->name,
                         reads ? "read" : "allocation", n, total, got.p ? got.p : "(nothing)", want.p);
        }
        annals_buf_free(&got);
        annals_ctx_free(fctx);
    }
    printf("%s: %ld %s failed: %ld times an error with a message, %ld times the same result\n", l->name,
           failed + same, reads ? "reads" : "allocations", failed, same);
    annals_buf_free(&want);
    annals_ctx_free(ctx);
    assert_int_equal(bad, 0);
}

/* FAULTS_ONLY=NAME in the environment: that loader only */
static void sweep_all(bool reads)
{
    const char *only = getenv("FAULTS_ONLY");
    for (size_t i = 0; i < sizeof LOADERS / sizeof *LOADERS; i++)
        if (!only || !strcmp(only, LOADERS[i].name)) sweep(&LOADERS[i], reads);
}

static void test_faults__allocations(void **st)
{
    (void)st;
    sweep_all(false);
}

static void test_faults__reads(void **st)
{
    (void)st;
    sweep_all(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults__allocations),
        cmocka_unit_test(test_faults__reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
