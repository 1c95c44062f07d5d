/* SPDX-License-Identifier: MIT
** bench/bench_code.c -- single-thread throughput of the whole coding pipeline.
**
** usage: bench_code CORPUS.jsonl [--data DIR] [--repeat N] [--no-parse] [--beam K]
**        [--beam-margin M]
** Opens the pipeline (dictionaries, verb lexicon, models: timed on their own),
** reads the corpus through annals_source, runs every document through
** annals_pipeline_run on ONE thread and writes the events as JSONL to /dev/null
** with annals_output_doc, then prints documents, sentences (words, and how many
** of them the pipeline tagged and parsed), events, rejects,
** seconds, sentences per second and peak RSS (getrusage ru_maxrss).
** Make a corpus with bench/make_corpus.py; see bench/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "annals/ingest.h"
#include "annals/output.h"
#include "annals/pipeline.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
    return ru.ru_maxrss;   /* KiB on Linux */
}

static void usage(FILE *f)
{
    fprintf(f, "usage: bench_code CORPUS.jsonl [--data DIR] [--repeat N] [--no-parse] [--beam K] [--beam-margin M]\n"
               "  make a corpus with: python3 bench/make_corpus.py /tmp/corpus.jsonl\n");
}

int main(int argc, char **argv)
{
    const char *corpus = NULL, *data_dir = NULL;
    long repeat = 1;
    bool no_parse = false;
    int beam = 1;   /* as `annals code` */
    double margin = 0;   /* 0: the default; --beam-margin 0 turns it off (-1) */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc) data_dir = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--no-parse")) no_parse = true;
        else if (!strcmp(argv[i], "--beam") && i + 1 < argc) beam = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--beam-margin") && i + 1 < argc) {
            margin = strtod(argv[++i], NULL);
            if (margin <= 0) margin = -1;
        }
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { usage(stdout); return 0; }
        else if (argv[i][0] == '-' || corpus) { usage(stderr); return 2; }
        else corpus = argv[i];
    }
    if (!corpus || repeat < 1) { usage(stderr); return 2; }

    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) { fprintf(stderr, "bench_code: out of memory\n"); return 2; }
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) { perror("bench_code: /dev/null"); return 2; }

    double t0 = now_seconds();
    annals_pipeline *pipe = NULL;
    annals_pipeline_options po = { .data_dir = data_dir, .no_parse = no_parse, .parse_beam = beam,
                                  .parse_beam_margin = margin };
    if (annals_pipeline_open(&pipe, &po, ctx) < 0) {
        fprintf(stderr, "bench_code: %s\n", annals_errmsg(ctx));
        return 2;
    }
    double load_s = now_seconds() - t0;
    long rss_after_load = peak_rss_kib();

    size_t docs = 0, sents = 0, parsed = 0, words = 0, parsed_words = 0, events = 0, rejects = 0;
    annals_buf scratch = { 0 };
    double t1 = now_seconds();
    for (long r = 0; r < repeat; r++) {
        annals_source *src = NULL;
        const char *paths[] = { corpus };
        if (annals_source_open(&src, paths, 1, ANNALS_FMT_AUTO, ctx) < 0) {
            fprintf(stderr, "bench_code: %s\n", annals_errmsg(ctx));
            return 2;
        }
        annals_output_begin(devnull, ANNALS_OUT_JSONL);
        for (;;) {
            annals_doc *doc = NULL;
            int rc = annals_source_next(src, &doc, ctx);
            if (rc == 0) break;
            if (rc < 0) { rejects++; continue; }
            if (annals_pipeline_run(pipe, doc, ctx) < 0) {
                rejects++;
            } else {
                docs++;
                sents += doc->n_sent;
                words += doc->n_tok;
                for (size_t k = 0; k < doc->n_sent; k++)
                    if (doc->sent[k].parsed) {
                        parsed++;
                        parsed_words += doc->sent[k].tok_end - doc->sent[k].tok_begin;
                    }
                events += doc->n_event;
                if (annals_output_doc(devnull, ANNALS_OUT_JSONL, doc, &scratch) < 0) {
                    fprintf(stderr, "bench_code: write to /dev/null failed\n");
                    return 2;
                }
            }
            annals_doc_free(doc);
        }
        annals_source_free(src);
    }
    fflush(devnull);
    double run_s = now_seconds() - t1;

    printf("corpus:              %s%s\n", corpus, repeat > 1 ? " (repeated)" : "");
    printf("dictionary load:     %.3f s (peak RSS after load %ld KiB)\n", load_s, rss_after_load);
    printf("documents:           %zu\n", docs);
    printf("sentences:           %zu (%zu words; tagged and parsed: %zu, %zu words)\n", sents, words, parsed,
           parsed_words);
    printf("events:              %zu\n", events);
    printf("rejected inputs:     %zu\n", rejects);
    printf("seconds:             %.3f (1 thread, pipeline run + JSONL output)\n", run_s);
    printf("sentences/second:    %.0f\n", run_s > 0 ? (double)sents / run_s : 0.0);
    printf("documents/second:    %.0f\n", run_s > 0 ? (double)docs / run_s : 0.0);
    printf("peak RSS:            %ld KiB\n", peak_rss_kib());

    annals_buf_free(&scratch);
    annals_pipeline_free(pipe);
    annals_ctx_free(ctx);
    fclose(devnull);
    return 0;
}
