/* SPDX-License-Identifier: MIT
** annals/serve.h -- the HTTP server of `annals serve` (docs/serve.md).
**
** GET /api/v1/{events,stories,timeline,network,geo,actors} answer annals_query
** parameters from the URL's query string (annals/query.h); GET
** /api/v1/documents/ID one document, /api/v1/stories/ID one story; POST /api/v1/documents codes JSON lines
** and stores them, only with the bearer token; GET /api/v1/openapi.json the
** API's description; any other GET path a file under the web directory.
** libmicrohttpd with a pool of threads; each thread borrows one of a pool of
** read-only store connections per request. */
#ifndef ANNALS_SERVE_H
#define ANNALS_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include "annals/error.h"
#include "annals/pipeline.h"

typedef struct {
    const char *db_path;          /* the store (must exist) */
    const char *data_dir;         /* places.txt; NULL: the default */
    const char *web_dir;          /* static files; NULL: none served */
    const char *bind;             /* address; NULL: 127.0.0.1 */
    unsigned port;                /* 0: any free port (annals_server_port) */
    unsigned threads;             /* 0: the number of CPUs online, at least 2 */
    const char *token;            /* NULL: read-only, POST refused */
    const annals_pipeline *pipe;  /* codes POSTed documents; needed with a token */
    size_t max_body;              /* POST bodies over it get 413; 0: 16 MiB */
    unsigned timeout_s;           /* idle connections closed after; 0: 15 */
    unsigned max_conns;           /* requests on connections past it get 503; 0: 256 */
    bool no_cache;                /* answer every request afresh (benchmarks) */
} annals_server_options;

typedef struct annals_server annals_server;

int annals_server_start(annals_server **out, const annals_server_options *o, annals_ctx *ctx);
unsigned annals_server_port(const annals_server *s);
unsigned annals_server_threads(const annals_server *s);   /* the size of its thread pool */
const char *annals_server_store_name(const annals_server *s);   /* the file, or the URI without its password */
/* Stops accepting, finishes the requests in flight, frees. NULL: no-op. */
void annals_server_stop(annals_server *s);

#endif
