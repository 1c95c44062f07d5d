/* SPDX-License-Identifier: MIT
** bench/bench_longdoc.c -- coding time of ONE long document against its size.
**
** usage: bench_longdoc [--corpus DIR] [--data DIR] [--sizes MB,MB,...] [--runs N]
** Builds plain-text documents of 1, 2, 4 and 8 MB (--sizes) from the articles
** in DIR (default: examples/corpus, run from the source tree), each the articles one
** after the other, again and again, separated by blank lines; runs each through
** annals_pipeline_run with the parse and with --no-parse (best of --runs, default
** 3) and prints seconds and seconds per MB. A stage that is linear in the size
** keeps seconds per MB flat; the last column is the ratio to the smallest size.
** See bench/README.md. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "annals/pipeline.h"
#include "annals/util.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The .txt files of dir, read whole and joined by blank lines into *out. */
static int read_articles(const char *dir, annals_buf *out, annals_ctx *ctx)
{
    DIR *dp = opendir(dir);
    if (!dp) { fprintf(stderr, "bench_longdoc: %s: cannot open the folder\n", dir); return -1; }
    char *names[512];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && n < 512) {
        size_t l = strlen(de->d_name);
        if (l > 4 && !strcmp(de->d_name + l - 4, ".txt") && (names[n] = strdup(de->d_name))) n++;
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = NULL;
        size_t len = 0;
        if (rc == 0 && annals_read_file(&text, &len, path, 16u << 20, ctx) < 0) {
            fprintf(stderr, "bench_longdoc: %s\n", annals_errmsg(ctx));
            rc = -1;
        }
        if (rc == 0 && (annals_buf_append(out, text, len) < 0 || annals_buf_puts(out, "\n\n") < 0)) rc = -1;
        free(text);
        free(names[i]);
    }
    if (rc == 0 && out->len == 0) { fprintf(stderr, "bench_longdoc: %s: no .txt files\n", dir); rc = -1; }
    return rc;
}

/* Seconds to code one document of text (best of runs); sentences and events of the last run. */
static double code_once(const annals_pipeline *p, const char *text, size_t len, int runs, size_t *sents,
                        size_t *events, annals_ctx *ctx)
{
    double best = -1;
    for (int r = 0; r < runs; r++) {
        annals_doc *doc = NULL;
        if (annals_doc_new(&doc, "long", "long.txt", text, len, ctx) < 0) return -1;
        doc->format = ANNALS_FMT_TEXT;
        double t0 = now_seconds();
        int rc = annals_pipeline_run(p, doc, ctx);
        double s = now_seconds() - t0;
        *sents = doc->n_sent;
        *events = doc->n_event;
        annals_doc_free(doc);
        if (rc < 0) { fprintf(stderr, "bench_longdoc: %s\n", annals_errmsg(ctx)); return -1; }
        if (best < 0 || s < best) best = s;
    }
    return best;
}

int main(int argc, char **argv)
{
    const char *corpus = "examples/corpus", *data_dir = NULL, *sizes_arg = "1,2,4,8";
    int runs = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--corpus") && i + 1 < argc) corpus = argv[++i];
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) data_dir = argv[++i];
        else if (!strcmp(argv[i], "--sizes") && i + 1 < argc) sizes_arg = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_longdoc [--corpus DIR] [--data DIR] [--sizes MB,MB,...] [--runs N]\n");
            return 2;
        }
    }
    double sizes[16];
    int n_sizes = 0;
    for (const char *s = sizes_arg; *s && n_sizes < 16;) {
        char *end = NULL;
        double v = strtod(s, &end);
        if (end == s || v <= 0 || v > 256) { fprintf(stderr, "bench_longdoc: --sizes: '%s'\n", sizes_arg); return 2; }
        sizes[n_sizes++] = v;
        s = *end == ',' ? end + 1 : end;
    }
    if (runs < 1 || runs > 100 || n_sizes == 0) { fprintf(stderr, "bench_longdoc: bad --runs or --sizes\n"); return 2; }

    annals_ctx *ctx = annals_ctx_new();
    annals_buf articles = { 0 }, text = { 0 };
    if (!ctx || read_articles(corpus, &articles, ctx) < 0) return 2;
    annals_pipeline *pipe[2] = { NULL, NULL };
    for (int m = 0; m < 2; m++) {
        annals_pipeline_options po = { .data_dir = data_dir, .no_parse = m == 1, .parse_beam = 1 };
        if (annals_pipeline_open(&pipe[m], &po, ctx) < 0) {
            fprintf(stderr, "bench_longdoc: %s\n", annals_errmsg(ctx));
            return 2;
        }
    }
    printf("corpus: %s (%zu bytes of articles, repeated); best of %d runs\n", corpus, articles.len, runs);
    printf("%-9s %5s %10s %9s %8s %9s %6s\n", "mode", "MB", "sentences", "events", "seconds", "s per MB", "ratio");
    for (int m = 0; m < 2; m++) {
        double first = 0;
        for (int k = 0; k < n_sizes; k++) {
            size_t want = (size_t)(sizes[k] * 1024 * 1024);
            text.len = 0;
            while (text.len < want) {
                size_t take = articles.len < want - text.len ? articles.len : want - text.len;
                if (annals_buf_append(&text, articles.p, take) < 0) return 2;
            }
            size_t sents = 0, events = 0;
            double s = code_once(pipe[m], text.p, text.len, runs, &sents, &events, ctx);
            if (s < 0) return 2;
            double per_mb = s / ((double)text.len / (1024 * 1024));
            if (k == 0) first = per_mb;
            printf("%-9s %5.0f %10zu %9zu %8.3f %9.3f %6.2f\n", m == 0 ? "parse" : "no-parse", sizes[k], sents,
                   events, s, per_mb, first > 0 ? per_mb / first : 0);
            fflush(stdout);
        }
    }
    annals_pipeline_free(pipe[0]);
    annals_pipeline_free(pipe[1]);
    annals_buf_free(&articles);
    annals_buf_free(&text);
    annals_ctx_free(ctx);
    return 0;
}
