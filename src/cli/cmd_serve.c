/* SPDX-License-Identifier: MIT
** cli/cmd_serve.c -- `annals serve`: the HTTP API and web page (src/lib/serve/).
**
** Blocks SIGINT and SIGTERM before the server's threads start (they inherit
** the mask), then waits for one with sigwait and stops the server: requests in
** flight finish, the store is closed cleanly. Prints the address it listens on
** (with --port 0, the free port it was given) on stdout. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "annals/pipeline.h"
#include "annals/serve.h"
#include "annals/store.h"
#include "annals/util.h"
#include "cli.h"

#ifndef ANNALS_WEB_DIR
#define ANNALS_WEB_DIR "web"
#endif

static void usage(FILE *f)
{
    fprintf(f, "usage: annals serve --db FILE|URI [--port 8080] [--bind 127.0.0.1] [--token-file F] [--web DIR]\n"
               "                   [--threads N] [--data DIR] [--max-body BYTES] [--timeout S] [--max-connections N]\n"
               "                   [--no-cache] [--quiet]\n"
               "  Serves the JSON API (/api/v1/..., docs/serve.md) and the web page (web/) over the\n"
               "  store: an SQLite file or a PostgreSQL database (postgresql://..., a connection per\n"
               "  thread). Read-only unless --token-file names a file holding a token: then POST\n"
               "  /api/v1/documents with 'Authorization: Bearer TOKEN' codes and stores JSON lines.\n"
               "  Listens on the loopback address unless --bind says otherwise; --port 0 takes any\n"
               "  free port. Answers are cached while the store does not change (--no-cache: never;\n"
               "  never on PostgreSQL). While the database server is away, requests get 503.\n"
               "  While more than --max-connections (default 256) are open, requests get 503.\n"
               "  Stops cleanly on SIGINT or SIGTERM.\n"
               "exit status: 0 stopped by a signal, 2 usage or setup error\n");
}

static void print_warning(void *arg, const char *msg)
{
    if (!*(const bool *)arg) fprintf(stderr, "annals serve: warning: %s\n", msg);
}

/* The token: the file's first line, without surrounding blanks; at least 16 bytes. */
static char *read_token(const char *path)
{
    annals_ctx *ctx = annals_ctx_new();
    char *buf = NULL;
    size_t len = 0;
    if (!ctx || annals_read_file(&buf, &len, path, 4096, ctx) < 0) {
        fprintf(stderr, "annals serve: --token-file: %s\n", ctx ? annals_errmsg(ctx) : "out of memory");
        annals_ctx_free(ctx);
        return NULL;
    }
    annals_ctx_free(ctx);
    char *p = buf, *line = annals_next_line(&p, buf + len);
    while (line && (*line == ' ' || *line == '\t')) line++;
    size_t n = line ? strlen(line) : 0;
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
    if (n < 16) {
        fprintf(stderr, "annals serve: %s: the token (first line) must be at least 16 characters\n", path);
        free(buf);
        return NULL;
    }
    memmove(buf, line, n + 1);
    return buf;
}

int annals_cmd_serve(int argc, char **argv)
{
    annals_server_options o = { .port = 8080, .web_dir = ANNALS_WEB_DIR };
    const char *token_file = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) { quiet = true; continue; }
        if (!strcmp(a, "--no-cache")) { o.no_cache = true; continue; }
        if (i + 1 >= argc) { fprintf(stderr, "annals serve: unknown option or missing value '%s'\n", a); usage(stderr); return 2; }
        const char *v = argv[++i];
        long n;
        if (!strcmp(a, "--db")) o.db_path = v;
        else if (!strcmp(a, "--data")) o.data_dir = v;
        else if (!strcmp(a, "--web")) o.web_dir = v;
        else if (!strcmp(a, "--bind")) o.bind = v;
        else if (!strcmp(a, "--token-file")) token_file = v;
        else if (!strcmp(a, "--port") && annals_cli_whole(v, 0, 65535, &n) == 0) o.port = (unsigned)n;
        else if (!strcmp(a, "--threads") && annals_cli_whole(v, 1, 64, &n) == 0) o.threads = (unsigned)n;
        else if (!strcmp(a, "--timeout") && annals_cli_whole(v, 1, 3600, &n) == 0) o.timeout_s = (unsigned)n;
        else if (!strcmp(a, "--max-body") && annals_cli_whole(v, 1024, 1L << 30, &n) == 0) o.max_body = (size_t)n;
        else if (!strcmp(a, "--max-connections") && annals_cli_whole(v, 1, 4096, &n) == 0) o.max_conns = (unsigned)n;
        else {
            fprintf(stderr, "annals serve: bad option or value '%s %s' (--port 0..65535, --threads 1..64,"
                            " --timeout 1..3600, --max-body 1024..2^30, --max-connections 1..4096)\n", a, v);
            return 2;
        }
    }
    if (!o.db_path) { fprintf(stderr, "annals serve: --db FILE|URI is required\n"); usage(stderr); return 2; }
    struct stat st;
    if (!annals_store_is_uri(o.db_path) && stat(o.db_path, &st) < 0) {
        fprintf(stderr, "annals serve: %s: no such store (make one with annals ingest --db)\n", o.db_path);
        return 2;
    }
    int status = 0;
    char *token = NULL;
    annals_ctx *ctx = annals_ctx_new();
    annals_pipeline *pipe = NULL;
    annals_server *srv = NULL;
    if (!ctx) { fprintf(stderr, "annals serve: out of memory\n"); return 2; }
    if (token_file) {
        if (!(token = read_token(token_file))) { status = 2; goto done; }
        annals_pipeline_options po = { .data_dir = o.data_dir, .warn = print_warning, .warn_arg = &quiet };
        if (annals_pipeline_open(&pipe, &po, ctx) < 0) {
            fprintf(stderr, "annals serve: %s\n", annals_errmsg(ctx));
            status = 2;
            goto done;
        }
        o.token = token;
        o.pipe = pipe;
    } else {
        /* opening the store once makes sure its schema (and full-text index) is current */
        annals_store *store = NULL;
        if (annals_store_open(&store, o.db_path, ctx) < 0) {
            fprintf(stderr, "annals serve: %s\n", annals_errmsg(ctx));
            status = 2;
            goto done;
        }
        annals_store_close(store);
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    if (annals_server_start(&srv, &o, ctx) < 0) {
        fprintf(stderr, "annals serve: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    printf("annals serve: listening on http://%s%s%s:%u/ (store %s, %s, %u threads)\n",
           strchr(o.bind ? o.bind : "", ':') ? "[" : "", o.bind ? o.bind : "127.0.0.1",
           strchr(o.bind ? o.bind : "", ':') ? "]" : "", annals_server_port(srv), annals_server_store_name(srv),
           token ? "POST /api/v1/documents with the token" : "read-only", annals_server_threads(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    if (!quiet) fprintf(stderr, "annals serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
done:
    annals_server_stop(srv);
    annals_pipeline_free(pipe);
    free(token);
    annals_ctx_free(ctx);
    return status;
}
