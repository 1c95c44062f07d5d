/* SPDX-License-Identifier: MIT
** cli/cmd_query.c -- `annals query`: the server's API answers on the command line.
**
** The same filters and answers as `annals serve` (src/lib/query/): each
** --KEY VALUE is the API's parameter KEY (a '-' in it stands for '_', so
** --min-confidence is min_confidence). Exit status: 0 answered, 1 no such
** document, 2 usage error or a store that cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/query.h"
#include "annals/store.h"
#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals query --db FILE|URI [events|stories|timeline|network|geo|actors|document ID|story ID]\n"
               "                   [--actor A] [--src A] [--tgt A] [--dyad A,B [--directed 0|1]] [--code C,..]\n"
               "                   [--root R,..] [--quad Q,..] [--from DATE] [--to DATE] [--country ISO3]\n"
               "                   [--place NAME] [--q TEXT] [--min-confidence X] [--min-sources N] [--outlet NAME]\n"
               "                   [--limit N] [--cursor C] [--sort date|-date|goldstein|-goldstein]\n"
               "                   [--interval day|week|month] [--by quad|root] [--format json|csv|geojson]\n"
               "                   [--data DIR]\n"
               "  Answers what GET /api/v1/ANSWER?KEY=VALUE... of `annals serve` answers (docs/serve.md):\n"
               "  events (default; a page of at most --limit, with next_cursor for the next one),\n"
               "  stories (the same, of story events), timeline, network, geo, actors, one document with\n"
               "  its sentences and events, or one story with its reports. The store is an SQLite file\n"
               "  or a PostgreSQL database (postgresql://...; full-text --q differs: docs/serve.md).\n"
               "exit status: 0 answered, 1 no such document or story (or no stories), 2 usage error or\n"
               "unreadable store\n");
}

int annals_cmd_query(int argc, char **argv)
{
    const char *db_path = NULL, *data_dir = NULL, *what = NULL;
    long doc_id = -1;
    bool story = false;
    annals_query q;
    annals_query_init(&q);
    char err[512];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (a[0] == '-' && a[1] == '-') {
            if (i + 1 >= argc) { fprintf(stderr, "annals query: %s needs a value\n", a); usage(stderr); return 2; }
            const char *val = argv[++i];
            if (!strcmp(a, "--db")) { db_path = val; continue; }
            if (!strcmp(a, "--data")) { data_dir = val; continue; }
            char key[32];
            snprintf(key, sizeof key, "%s", a + 2);
            for (char *p = key; *p; p++)
                if (*p == '-') *p = '_';
            if (annals_query_set(&q, key, val, err, sizeof err) < 0) {
                fprintf(stderr, "annals query: %s\n", err);
                return 2;
            }
            continue;
        }
        if (what) { fprintf(stderr, "annals query: one answer at a time ('%s' and '%s')\n", what, a); return 2; }
        what = a;
        if (!strcmp(a, "document") || !strcmp(a, "story")) {
            story = a[0] == 's';
            if (i + 1 >= argc || annals_cli_whole(argv[i + 1], 1, 0x7fffffffL, &doc_id) < 0) {
                fprintf(stderr, "annals query: %s needs an id (a whole number from 1)\n", a);
                return 2;
            }
            i++;
        }
    }
    annals_qkind kind = ANNALS_QK_EVENTS;
    if (what && doc_id < 0 && !annals_qkind_parse(what, &kind)) {
        fprintf(stderr, "annals query: unknown answer '%s' (events, stories, timeline, network, geo, actors, document, story)\n", what);
        usage(stderr);
        return 2;
    }
    if (!db_path) { fprintf(stderr, "annals query: --db FILE|URI is required\n"); usage(stderr); return 2; }
    annals_ctx *ctx = annals_ctx_new();
    annals_qdb *db = NULL;
    annals_buf out = { 0 };
    int status = 0;
    if (!ctx) { fprintf(stderr, "annals: out of memory\n"); return 2; }
    if (annals_qdb_open(&db, db_path, data_dir, ctx) < 0) {
        fprintf(stderr, "annals query: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    int rc = doc_id < 0 ? annals_qdb_run(db, kind, &q, &out, err, sizeof err, ctx)
           : story ? annals_qdb_story(db, doc_id, &out, ctx) : annals_qdb_document(db, doc_id, &out, ctx);
    if (rc == ANNALS_Q_NOTFOUND) {
        if (doc_id < 0) fprintf(stderr, "annals query: %s: %s\n", annals_qdb_name(db), err);
        else fprintf(stderr, "annals query: %s: no %s %ld\n", annals_qdb_name(db), story ? "story" : "document", doc_id);
        status = 1;
    } else if (rc == ANNALS_Q_BAD) {
        fprintf(stderr, "annals query: %s\n", err);
        status = 2;
    } else if (rc < 0) {
        fprintf(stderr, "annals query: %s\n", annals_errmsg(ctx));
        status = 2;
    } else {
        fwrite(out.p, 1, out.len, stdout);
        if (q.format != ANNALS_QF_CSV || doc_id >= 0) fputc('\n', stdout);
        if (fflush(stdout) != 0) { fprintf(stderr, "annals query: cannot write the answer\n"); status = 2; }
    }
done:
    annals_buf_free(&out);
    annals_qdb_close(db);
    annals_ctx_free(ctx);
    return status;
}
