/* SPDX-License-Identifier: MIT
** cli/cmd_code.c -- `annals code` and `annals ingest`: inputs through the pipeline.
**
** Both walk the inputs with an annals_source, run each document through the
** pipeline and keep going after a bad input: every rejected input is listed in
** the summary with its reason. `code` writes events to stdout (and to a store
** with --db); `ingest` writes documents, sentences and events to the store.
** Exit status: 0 all inputs coded, 1 some input rejected, 2 usage or setup error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "annals/ingest.h"
#include "annals/output.h"
#include "annals/pipeline.h"
#include "annals/store.h"
#include "annals/story.h"
#include "cli.h"

typedef struct {
    const char **paths;
    size_t n_paths;
    const char *db;
    const char *data_dir;
    const char **dicts;
    size_t n_dicts;
    const char *compat;     /* --dict petrarch:DIR | tabari:PROJECT */
    annals_out_format format;
    bool quiet, progress, summary, no_parse, trace, stories;
    int beam;
    double beam_margin;            /* --beam-margin; 0: the default, negative: off */
    double min_confidence;         /* --min-confidence; 0: keep every event */
    size_t batch;
} run_options;

static void print_warning(void *arg, const char *msg)
{
    const run_options *o = arg;
    if (!o->quiet) fprintf(stderr, "annals: warning: %s\n", msg);
}

/* --trace: the coder's decisions, one line each, on stderr beside the summary. */
static void print_trace(void *arg, const char *line)
{
    (void)arg;
    fprintf(stderr, "trace: %s\n", line);
}

static void usage(FILE *f, const char *cmd)
{
    if (!strcmp(cmd, "ingest"))
        fprintf(f, "usage: annals ingest PATH... --db FILE [--data DIR] [--dict FILE|petrarch:DIR|tabari:PROJECT]\n"
                   "                    [--no-parse] [--beam K] [--beam-margin M] [--min-confidence X]\n"
                   "                    [--batch N] [--no-summary] [--no-progress] [--quiet]\n"
                   "  Codes files, folders (recursively) or '-'/--stdin and stores documents, sentences\n"
                   "  and events in the store (FILE: an SQLite file, or a postgresql:// URI, docs/store.md),\n"
                   "  committing every N documents (default 256), and merges the events into story\n"
                   "  events as they are stored (docs/stories.md). A document already stored (same\n"
                   "  content) adds nothing. The summary goes to stdout.\n"
                   "  --dict, --no-parse, --beam, --beam-margin and --min-confidence code as in\n"
                   "  annals code (annals code --help).\n");
    else
        fprintf(f, "usage: annals code PATH... [--format jsonl|tsv|csv] [--db FILE [--batch N]] [--data DIR]\n"
                   "                  [--dict FILE|petrarch:DIR|tabari:PROJECT] [--no-parse] [--beam K]\n"
                   "                  [--beam-margin M] [--min-confidence X] [--trace]\n"
                   "                  [--stories] [--no-summary] [--no-progress] [--quiet]\n"
                   "  Codes .txt, .html and .jsonl files, folders (recursively) or '-'/--stdin and writes\n"
                   "  one event per line to stdout; the run summary goes to stderr.\n"
                   "  --dict FILE adds an actor dictionary in annals' format; --dict petrarch:DIR or\n"
                   "  tabari:FILE.project codes with those dictionaries instead of the project's own.\n"
                   "  --no-parse codes from word order without the tagger and parser; --beam K > 1\n"
                   "  parses with the beam model (parser.bin) instead of the greedy one: about as good\n"
                   "  for coding, half the speed; --beam-margin M prunes its beam as in annals parse.\n"
                   "  --min-confidence X (0 to 1) keeps only events of that confidence or more\n"
                   "  (precision and recall at several thresholds: docs/output.md).\n"
                   "  --trace writes the coder's decisions to stderr: for each sentence the actors, the\n"
                   "  patterns that matched, the roles chosen and why an event was kept or dropped.\n"
                   "  --stories merges the mentions of one real-world event across all documents of\n"
                   "  the run and gives each JSONL event a \"story\" field (docs/stories.md).\n"
                   "  --quiet leaves out warnings and the progress bar drawn on a terminal\n"
                   "  (--no-progress: the bar only); --no-summary the run summary.\n");
    fprintf(f, "exit status: 0 all inputs coded, 1 some input rejected (listed in the summary), 2 usage/setup error\n");
}

static int parse_args(int argc, char **argv, run_options *o, bool ingest)
{
    memset(o, 0, sizeof *o);
    o->paths = calloc((size_t)argc + 1, sizeof *o->paths);
    o->dicts = calloc((size_t)argc + 1, sizeof *o->dicts);
    if (!o->paths || !o->dicts) return -1;
    o->summary = true;
    o->batch = 256;
    o->beam = 1;   /* greedy decoding: the coder's F1 is the same with beam 4, at twice the speed */
    o->progress = isatty(STDERR_FILENO);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout, argv[0]); exit(0); }
        else if (!strcmp(a, "--stdin") || !strcmp(a, "-")) o->paths[o->n_paths++] = "-";
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) { o->quiet = true; o->progress = false; }
        else if (!strcmp(a, "--no-summary")) o->summary = false;
        else if (!strcmp(a, "--no-progress")) o->progress = false;
        else if (!strcmp(a, "--no-parse")) o->no_parse = true;
        else if (!strcmp(a, "--trace") && !ingest) o->trace = true;
        else if (!strcmp(a, "--stories") && !ingest) o->stories = true;
        else if (!strcmp(a, "--format") || !strcmp(a, "--db") || !strcmp(a, "--data") || !strcmp(a, "--dict")
                 || !strcmp(a, "--batch") || !strcmp(a, "--beam") || !strcmp(a, "--beam-margin")
                 || !strcmp(a, "--min-confidence")) {
            if (!val) { fprintf(stderr, "annals %s: %s needs a value\n", argv[0], a); return -1; }
            i++;
            if (!strcmp(a, "--format") && ingest) {
                fprintf(stderr, "annals ingest: --format has no use here: events go to the store (annals code --format)\n");
                return -1;
            } else if (!strcmp(a, "--format")) {
                if (!annals_out_format_parse(val, &o->format)) {
                    fprintf(stderr, "annals %s: unknown format '%s' (jsonl, tsv or csv)\n", argv[0], val);
                    return -1;
                }
            } else if (!strcmp(a, "--db")) o->db = val;
            else if (!strcmp(a, "--data")) o->data_dir = val;
            else if (!strcmp(a, "--beam")) {
                long k;
                if (annals_cli_whole(val, 1, 64, &k) < 0) { fprintf(stderr, "annals %s: --beam must be 1..64\n", argv[0]); return -1; }
                o->beam = (int)k;
            }
            else if (!strcmp(a, "--beam-margin")) {
                double m;
                if (annals_cli_margin(val, &m) < 0) {
                    fprintf(stderr, "annals %s: --beam-margin must be a number from 0 to 1000\n", argv[0]);
                    return -1;
                }
                o->beam_margin = m > 0 ? m : -1;      /* pipeline: negative = off */
            }
            else if (!strcmp(a, "--min-confidence")) {
                if (annals_cli_number(val, 0, 1, &o->min_confidence) < 0) {
                    fprintf(stderr, "annals %s: --min-confidence must be a number from 0 to 1\n", argv[0]);
                    return -1;
                }
            }
            else if (!strcmp(a, "--dict")) {
                if (!strncmp(val, "petrarch:", 9) || !strncmp(val, "tabari:", 7)) {
                    if (o->compat) { fprintf(stderr, "annals %s: only one petrarch:/tabari: dictionary set\n", argv[0]); return -1; }
                    o->compat = val;
                } else o->dicts[o->n_dicts++] = val;
            }
            else {
                long n;
                if (annals_cli_whole(val, 1, 1000000, &n) < 0) { fprintf(stderr, "annals %s: --batch must be 1..1000000\n", argv[0]); return -1; }
                o->batch = (size_t)n;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "annals %s: unknown option '%s'\n", argv[0], a);
            return -1;
        } else o->paths[o->n_paths++] = a;
    }
    if (o->n_paths == 0) { fprintf(stderr, "annals %s: no input (give files, folders or '-')\n", argv[0]); return -1; }
    if (o->stories && o->format != ANNALS_OUT_JSONL) {
        fprintf(stderr, "annals %s: --stories writes JSONL (--format jsonl)\n", argv[0]);
        return -1;
    }
    if (ingest && !o->db) { fprintf(stderr, "annals ingest: --db FILE is required\n"); return -1; }
    if (o->compat && o->min_confidence > 0) {
        fprintf(stderr, "annals %s: --min-confidence needs annals' own coder: the %s dictionaries give no confidence\n",
                argv[0], !strncmp(o->compat, "petrarch:", 9) ? "PETRARCH" : "TABARI");
        return -1;
    }
    return 0;
}

static void show_progress(const annals_source *src, size_t docs, bool done)
{
    static struct timespec last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!done && (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 < 100) return;
    last = now;
    uint64_t got, total;
    annals_source_progress(src, &got, &total);
    int pct = total ? (int)(got * 100 / total) : 0;
    if (pct > 100) pct = 100;
    char bar[31];
    int fill = pct * 30 / 100;
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '=' : ' ';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  %zu documents", bar, pct, docs);
    if (done) fputc('\n', stderr);
    fflush(stderr);
}

/* --stories: copies the JSONL lines of tmp to stdout, the k-th event's line with
** "story": the 1-based number of the first mention of its story in the run. */
static int write_stories(FILE *tmp, annals_story_merger *m)
{
    if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0) return -1;
    char *line = NULL;
    size_t cap = 0, k = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, tmp)) > 0) {
        if (n >= 2 && line[n - 1] == '\n' && line[n - 2] == '}' && k < annals_story_merger_count(m)) {
            fwrite(line, 1, (size_t)n - 2, stdout);
            printf(",\"story\":%zu}\n", annals_story_merger_story(m, k) + 1);
            k++;
        } else fwrite(line, 1, (size_t)n, stdout);
    }
    if (ferror(tmp) || ferror(stdout)) rc = -1;
    free(line);
    return rc;
}

static int run(int argc, char **argv, bool ingest)
{
    run_options o;
    if (parse_args(argc, argv, &o, ingest) < 0) {
        usage(stderr, argv[0]);
        free(o.paths);
        free(o.dicts);
        return 2;
    }
    int status = 0;
    annals_ctx *ctx = annals_ctx_new();
    annals_pipeline *pipe = NULL;
    annals_source *src = NULL;
    annals_store *store = NULL;
    annals_summary *sum = annals_summary_new();
    annals_buf out = { 0 };
    size_t docs = 0, added = 0, in_batch = 0;
    annals_story_merger *merger = NULL;
    FILE *events_out = stdout;      /* --stories: a temporary file, written out with the story ids */
    if (!ctx || !sum) { fprintf(stderr, "annals: out of memory\n"); status = 2; goto done; }

    annals_pipeline_options po = { .data_dir = o.data_dir, .warn = print_warning, .warn_arg = &o };
    o.dicts[o.n_dicts] = NULL;
    po.extra_actor_files = o.dicts;
    po.compat_spec = o.compat;
    po.no_parse = o.no_parse;
    po.parse_beam = o.beam;
    po.parse_beam_margin = o.beam_margin;
    po.min_confidence = o.min_confidence;
    if (annals_pipeline_open(&pipe, &po, ctx) < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    if (o.db && annals_store_open(&store, o.db, ctx) < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    if (annals_source_open(&src, o.paths, o.n_paths, ANNALS_FMT_AUTO, ctx) < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    if (o.stories) {
        if (annals_story_merger_new(&merger, ctx) < 0 || !(events_out = tmpfile())) {
            fprintf(stderr, "annals: --stories: %s\n", merger ? "cannot make a temporary file" : annals_errmsg(ctx));
            events_out = stdout;
            status = 2;
            goto done;
        }
    }
    if (!ingest) annals_output_begin(stdout, o.format);
    for (;;) {
        annals_doc *doc = NULL;
        int rc = annals_source_next(src, &doc, ctx);
        if (rc == 0) break;
        if (rc < 0) {
            /* the source keeps its own list; the summary lists them at the end */
            if (!o.quiet && !o.progress) fprintf(stderr, "annals: rejected: %s\n", annals_errmsg(ctx));
            continue;
        }
        if (o.trace) doc->trace = print_trace;
        rc = annals_pipeline_run(pipe, doc, ctx);
        if (rc < 0) {
            if (!o.quiet && !o.progress) fprintf(stderr, "annals: rejected: %s\n", annals_errmsg(ctx));
            /* stage messages start with the path already; the summary adds path and line itself */
            const char *msg = annals_errmsg(ctx);
            size_t pl = strlen(doc->path);
            if (!strncmp(msg, doc->path, pl) && !strncmp(msg + pl, ": ", 2)) msg += pl + 2;
            annals_summary_add_reject(sum, doc->path, doc->line, msg);
            annals_doc_free(doc);
            continue;
        }
        annals_summary_add_doc(sum, doc);
        docs++;
        if (merger) {
            size_t first;
            if (annals_story_add_doc(merger, doc, (int64_t)docs, &first, ctx) < 0) {
                fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
                annals_doc_free(doc);
                status = 2;
                goto done;
            }
        }
        if (!ingest && annals_output_doc(events_out, o.format, doc, &out) < 0) {
            fprintf(stderr, "annals: cannot write the output\n");
            annals_doc_free(doc);
            status = 2;
            goto done;
        }
        if (store) {
            if (in_batch == 0 && annals_store_begin(store, ctx) < 0) { annals_doc_free(doc); goto store_error; }
            rc = annals_store_put_doc(store, doc, ctx);
            if (rc < 0) { annals_doc_free(doc); goto store_error; }
            added += (size_t)rc;
            if (++in_batch >= o.batch) {
                if (annals_store_commit(store, ctx) < 0) { annals_doc_free(doc); goto store_error; }
                in_batch = 0;
            }
        }
        annals_doc_free(doc);
        if (o.progress) show_progress(src, docs, false);
    }
    if (store && in_batch && annals_store_commit(store, ctx) < 0) goto store_error;
    if (o.progress) show_progress(src, docs, true);
    if (merger && write_stories(events_out, merger) < 0) {
        fprintf(stderr, "annals: cannot write the output\n");
        status = 2;
        goto done;
    }
    fflush(stdout);
    for (size_t i = 0; i < annals_source_n_rejects(src); i++) {
        annals_reject r = annals_source_reject(src, i);
        annals_summary_add_reject(sum, r.path, r.line, r.reason);
    }
    if (o.summary) {
        FILE *sf = ingest ? stdout : stderr;
        annals_summary_print(sum, sf);
        if (store) fprintf(sf, "store %s: %zu documents added, %zu already stored\n", annals_store_name(store), added, docs - added);
    }
    if (annals_summary_n_rejects(sum) > 0) status = 1;
    goto done;
store_error:
    fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
    status = 2;
done:
    if (events_out != stdout) fclose(events_out);
    annals_story_merger_free(merger);
    annals_buf_free(&out);
    annals_store_close(store);
    annals_source_free(src);
    annals_pipeline_free(pipe);
    annals_summary_free(sum);
    annals_ctx_free(ctx);
    free(o.paths);
    free(o.dicts);
    return status;
}

int annals_cmd_code(int argc, char **argv) { return run(argc, argv, false); }
int annals_cmd_ingest(int argc, char **argv) { return run(argc, argv, true); }
