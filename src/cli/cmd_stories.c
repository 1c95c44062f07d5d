/* SPDX-License-Identifier: MIT
** cli/cmd_stories.c -- `annals stories`: the story events of a store, for people.
**
** Each story event with its fields, counts, the reports behind it (document,
** outlet, date, evidence) and where they disagree (docs/stories.md). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "annals/store.h"
#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals stories --db FILE [--from DATE] [--to DATE] [--actor CODE] [--min-reports N]\n"
               "  prints the story events of the store with their reports and disagreements;\n"
               "  --from/--to (YYYY-MM-DD) keep dated stories in that range, --actor keeps those\n"
               "  whose source or target code starts with CODE (KAZ, USAGOV), --min-reports N\n"
               "  those told by N reports or more.\n");
}

static bool is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    return true;
}

int annals_cmd_stories(int argc, char **argv)
{
    const char *db = NULL;
    annals_story_filter flt = { 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (!val || (strcmp(a, "--db") && strcmp(a, "--from") && strcmp(a, "--to") && strcmp(a, "--actor") &&
                     strcmp(a, "--min-reports"))) {
            fprintf(stderr, val ? "annals stories: unknown option '%s'\n" : "annals stories: %s needs a value\n", a);
            usage(stderr);
            return 2;
        }
        i++;
        if (!strcmp(a, "--db")) db = val;
        else if (!strcmp(a, "--actor")) flt.actor = val;
        else if (!strcmp(a, "--min-reports")) {
            if (annals_cli_whole(val, 0, 1000000, &flt.min_reports) < 0) {
                fprintf(stderr, "annals stories: --min-reports must be 0..1000000\n");
                return 2;
            }
        } else {
            if (!is_date(val)) { fprintf(stderr, "annals stories: %s wants YYYY-MM-DD, not '%s'\n", a, val); return 2; }
            if (!strcmp(a, "--from")) flt.from = val; else flt.to = val;
        }
    }
    if (!db) { fprintf(stderr, "annals stories: --db FILE is required\n"); usage(stderr); return 2; }
    if (!annals_store_is_uri(db) && access(db, F_OK) != 0) { fprintf(stderr, "annals stories: %s: no such store\n", db); return 2; }
    annals_ctx *ctx = annals_ctx_new();
    annals_store *s = NULL;
    int status = 0;
    if (!ctx) { fprintf(stderr, "annals: out of memory\n"); return 2; }
    int rc = annals_store_open(&s, db, ctx);
    if (rc == 0) rc = annals_store_print_stories(s, stdout, &flt, ctx);
    if (rc < 0) { fprintf(stderr, "annals: %s\n", annals_errmsg(ctx)); status = 2; }
    else if (rc == 0) fprintf(stderr, "annals stories: no story events match\n");
    annals_store_close(s);
    annals_ctx_free(ctx);
    return status;
}
