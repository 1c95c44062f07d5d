/* SPDX-License-Identifier: MIT
** cli/cmd_export.c -- `annals export`: story events of a store as GDELT 2.0 Events or
** Mentions, POLECAT, PLOVER JSON, JSONL or CSV; `annals import`: a JSONL export back in.
**
** export reads the store one story at a time (annals_story_reader) and writes each with
** the format's writer (annals/export.h) to OUT or stdout; a line on stderr says how many
** story events and rows were written, and why none when a range holds nothing. Exit
** status: 0 written (an empty range too), 2 usage or setup error (no such store, a store
** without story tables, a bad date). import: 0 every line added or already there, 1 some
** lines rejected (each named with file:line), 2 usage or setup error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "annals/export.h"
#include "annals/util.h"
#include "cli.h"

static void export_usage(FILE *f)
{
    fprintf(f, "usage: annals export --db FILE --format F [--from DATE] [--to DATE] [--data DIR] [OUT]\n"
               "  F: gdelt-events | gdelt-mentions | polecat | plover-json | jsonl | csv (docs/export.md)\n"
               "  --from, --to  YYYY-MM-DD: story events whose day is in the range (both ends included)\n"
               "  --data DIR    the lookup tables (country-codes.tsv, plover.tsv, actor-codes.tsv, places.txt)\n"
               "  OUT           output file; absent or '-': stdout\n"
               "exit status: 0 written (also when the range holds nothing), 2 usage/setup error\n");
}

static void import_usage(FILE *f)
{
    fprintf(f, "usage: annals import --db FILE IN.jsonl|-\n"
               "  Adds the story events, mentions and documents of a JSONL export (annals export, jsonl format)\n"
               "  to a store with story tables; what is already there is not added again.\n"
               "exit status: 0 all lines imported, 1 some lines rejected, 2 usage/setup error\n");
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char end;
    return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
           sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && annals_date_valid(y, m, d);
}

int annals_cmd_export(int argc, char **argv)
{
    const char *db = NULL, *fmt_name = NULL, *from = NULL, *to = NULL, *data = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { export_usage(stdout); return 0; }
        const char **opt = !strcmp(a, "--db") ? &db : !strcmp(a, "--format") ? &fmt_name
                         : !strcmp(a, "--from") ? &from : !strcmp(a, "--to") ? &to
                         : !strcmp(a, "--data") ? &data : NULL;
        if (opt && i + 1 < argc) *opt = argv[++i];
        else if (!opt && (a[0] != '-' || !strcmp(a, "-")) && !out) out = a;
        else {
            fprintf(stderr, "annals export: unknown or incomplete option '%s'\n", a);
            export_usage(stderr);
            return 2;
        }
    }
    annals_export_format fmt;
    if (!db || !fmt_name) { export_usage(stderr); return 2; }
    if (!annals_export_format_parse(fmt_name, &fmt)) {
        fprintf(stderr, "annals export: unknown format '%s'\n", fmt_name);
        export_usage(stderr);
        return 2;
    }
    if ((from && !valid_date(from)) || (to && !valid_date(to))) {
        fprintf(stderr, "annals export: a date is YYYY-MM-DD, a real day: '%s'\n",
                from && !valid_date(from) ? from : to);
        return 2;
    }
    if (from && to && strcmp(from, to) > 0) {
        fprintf(stderr, "annals export: --from %s is after --to %s\n", from, to);
        return 2;
    }
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) { fprintf(stderr, "annals: out of memory\n"); return 2; }
    annals_story_reader *r = NULL;
    annals_export_tables *t = NULL;
    FILE *f = NULL;
    int status = 2, rc;
    bool need_tables = fmt != ANNALS_EXPORT_JSONL && fmt != ANNALS_EXPORT_CSV;
    if ((rc = annals_story_reader_open(&r, db, from, to, ctx)) < 0 ||
        (need_tables && (rc = annals_export_tables_load(&t, data ? data : annals_default_data_dir(), ctx)) < 0)) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        goto done;
    }
    struct stat so, sd;
    if (out && strcmp(out, "-") && stat(out, &so) == 0 && stat(db, &sd) == 0 &&
        so.st_dev == sd.st_dev && so.st_ino == sd.st_ino) {
        fprintf(stderr, "annals export: %s is the store itself: give another output file\n", out);
        goto done;
    }
    f = !out || !strcmp(out, "-") ? stdout : fopen(out, "w");
    if (!f) {
        fprintf(stderr, "annals: %s: cannot write: %s\n", out, strerror(errno));
        goto done;
    }
    annals_buf scratch = { 0 };
    size_t stories = 0, rows = 0, dropped = 0;
    const annals_export_story *s;
    rc = annals_export_begin(f, fmt);
    while (rc >= 0 && (rc = annals_story_reader_next(r, &s, ctx)) > 0) {
        stories++;
        if ((rc = annals_export_write(f, fmt, t, s, &scratch)) < 0) {
            fprintf(stderr, "annals: %s: cannot write story event %lld\n", out ? out : "stdout", (long long)s->id);
            break;
        }
        rows += (size_t)rc;
        if (rc == 0 && (fmt == ANNALS_EXPORT_POLECAT || fmt == ANNALS_EXPORT_PLOVER_JSON)) dropped++;
    }
    annals_buf_free(&scratch);
    if (rc < 0 && annals_errmsg(ctx)[0]) fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
    if (fflush(f) != 0 || ferror(f)) {
        fprintf(stderr, "annals: %s: write error\n", out ? out : "stdout");
        rc = ANNALS_EIO;
    }
    if (rc >= 0) {
        status = 0;
        fprintf(stderr, "annals export: %zu story events, %zu %s rows", stories, rows, annals_export_format_name(fmt));
        if (dropped) fprintf(stderr, " (%zu story events left out: PLOVER has no category for CAMEO 01"
                                     " statements and 02 appeals)", dropped);
        if (!stories) fprintf(stderr, "; no story events %s%s%s%s", from ? "from " : "", from ? from : "",
                              to ? " to " : "", to ? to : (from ? "" : "in the store"));
        fputc('\n', stderr);
    }
done:
    if (f && f != stdout) fclose(f);
    annals_story_reader_close(r);
    annals_export_tables_free(t);
    annals_ctx_free(ctx);
    return status;
}

int annals_cmd_import(int argc, char **argv)
{
    const char *db = NULL, *in = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { import_usage(stdout); return 0; }
        if (!strcmp(a, "--db") && i + 1 < argc) db = argv[++i];
        else if ((a[0] != '-' || !strcmp(a, "-")) && !in) in = a;
        else {
            fprintf(stderr, "annals import: unknown or incomplete option '%s'\n", a);
            import_usage(stderr);
            return 2;
        }
    }
    if (!db || !in) { import_usage(stderr); return 2; }
    FILE *f = strcmp(in, "-") ? fopen(in, "r") : stdin;
    if (!f) { fprintf(stderr, "annals: %s: cannot read: %s\n", in, strerror(errno)); return 2; }
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) { fprintf(stderr, "annals: out of memory\n"); if (f != stdin) fclose(f); return 2; }
    size_t added, skipped, bad;
    int rc = annals_story_import(db, f, strcmp(in, "-") ? in : "stdin", &added, &skipped, &bad, ctx);
    if (f != stdin) fclose(f);
    int status = 2;
    if (rc < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
    } else {
        printf("imported %zu mentions, %zu already in the store, %zu lines rejected\n", added, skipped, bad);
        status = bad ? 1 : 0;
    }
    annals_ctx_free(ctx);
    return status;
}
