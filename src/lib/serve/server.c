/* SPDX-License-Identifier: MIT
** serve/server.c -- `annals serve`: the JSON API and the web page over HTTP.
**
** libmicrohttpd (Debian libmicrohttpd-dev) runs a pool of threads, each with
** its own poll loop; a request borrows one of as many read-only store
** connections (annals_qdb) as there are threads, so queries run side by side
** while `annals ingest` (or a POST) writes: the store is in WAL mode, where
** readers see the last commit and never wait for the writer. On PostgreSQL each
** of them is a libpq connection of its own, used by one request at a time; when
** the database server is away, an answer gets 503 (Retry-After) and the next
** request connects again. The query string
** is read from the raw URI (the URI log callback) by annals_query_parse_qs, the
** parser the fuzz target covers. POSTed documents are coded one request at a
** time through the shared pipeline and stored through one store handle.
** Answers to GET requests are cached by raw URI while the store's data version
** stays (see cache_get; on PostgreSQL the store's data_version row, db.h). Limits: request bodies over max_body get 413, idle connections close after
** timeout_s; while more than max_conns connections are open, a new request
** gets 503 with Retry-After and its connection is closed (libmicrohttpd itself
** takes 64 more, so that they hear why). Static files: only names of letters,
** digits, '.', '_', '-' and '/' with no segment starting with '.', resolved
** with realpath and served only when inside the web directory. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include "annals/ingest.h"
#include "annals/output.h"
#include "annals/query.h"
#include "annals/serve.h"
#include "annals/store.h"

/* Answers kept for repeated requests (the same raw URI): a dashboard asks for the
** same timeline and network again and again. An answer is good while the store's
** data version (annals_qdb_version on the watch connection) is the one it was made
** at; least recently used ones go first. */
#define CACHE_SLOTS 64
#define CACHE_MAX_ANSWER (4u << 20)
#define CACHE_MAX_BYTES (32u << 20)
typedef struct {
    char *key, *body;
    size_t len;
    const char *type;
    int64_t version;
    uint64_t used;                     /* cache clock at the last hit */
} cache_slot;

struct annals_server {
    annals_server_options o;
    struct MHD_Daemon *mhd;
    char web_root[PATH_MAX];           /* realpath of web_dir, "" when none */
    annals_qdb **pool;                 /* free read connections */
    size_t n_pool, n_free;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    annals_store *store;               /* only with a token: the writer */
    pthread_mutex_t write_lock;
    unsigned port;
    annals_qdb *watch;                 /* only asked for the data version */
    pthread_mutex_t watch_lock;        /* one asker at a time (a round trip on PostgreSQL) */
    pthread_mutex_t cache_lock;
    cache_slot cache[CACHE_SLOTS];
    size_t cache_bytes;
    uint64_t cache_clock;
    char *inflight[CACHE_SLOTS];       /* URIs being answered now: the same request waits for them */
    pthread_cond_t landed;
    atomic_uint n_conns;               /* connections open now */
};

typedef struct {
    char *uri;                         /* raw, with the query string */
    annals_buf body;
    bool too_big;
    bool seen;                         /* the first call (headers only) is past */
} request;

/* ---- responses ---------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type, annals_buf *b)
{
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(b->len, b->p, free);
    if (!r) { annals_buf_free(b); return MHD_NO; }
    b->p = NULL;
    b->len = b->cap = 0;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE) MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    annals_buf b = { 0 };
    annals_buf_printf(&b, "{\"status\":%u,\"error\":\"", status);
    annals_buf_json_escape(&b, msg, strlen(msg));
    annals_buf_puts(&b, "\"}\n");
    if (!b.p) return MHD_NO;
    return send_buf(c, status, "application/json", &b);
}

/* 503: the database server is away (PostgreSQL); the next request connects again. */
static enum MHD_Result send_unavailable(struct MHD_Connection *c, const char *why)
{
    char msg[600];
    snprintf(msg, sizeof msg, "the database is unavailable; retry later: %s", why);
    return send_error(c, 503, msg);
}

/* 503: more connections are open than max_conns. The client may come back
** after a second (Retry-After); this connection is closed. */
static enum MHD_Result send_busy(struct MHD_Connection *c)
{
    static const char msg[] = "{\"status\":503,\"error\":\"the server is busy: too many connections; retry after 1 s\"}\n";
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_SERVICE_UNAVAILABLE, r);
    MHD_destroy_response(r);
    return ret;
}

static void count_conns(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
    (void)c;
    (void)socket_context;
    annals_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) atomic_fetch_add(&s->n_conns, 1);
    else atomic_fetch_sub(&s->n_conns, 1);
}

/* ---- the read connections ----------------------------------------------- */

static annals_qdb *borrow(annals_server *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->n_free == 0) pthread_cond_wait(&s->freed, &s->lock);
    annals_qdb *db = s->pool[--s->n_free];
    pthread_mutex_unlock(&s->lock);
    return db;
}

static void give_back(annals_server *s, annals_qdb *db)
{
    pthread_mutex_lock(&s->lock);
    s->pool[s->n_free++] = db;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}

/* ---- the answer cache ---------------------------------------------------- */

/* The store's data version, read per request: SQLite's PRAGMA data_version, or the
** data_version row on PostgreSQL (a round trip: under a lock of its own, not the cache's,
** so that other requests look in the cache meanwhile). */
static int64_t data_version(annals_server *s)
{
    pthread_mutex_lock(&s->watch_lock);
    int64_t v = annals_qdb_version(s->watch);
    pthread_mutex_unlock(&s->watch_lock);
    return v;
}

/* A copy of the cached answer to key at this version into out (and its type); false if none. */
static bool cache_get(annals_server *s, const char *key, int64_t version, annals_buf *out, const char **type)
{
    bool hit = false;
    pthread_mutex_lock(&s->cache_lock);
    for (int i = 0; i < CACHE_SLOTS && !hit; i++) {
        cache_slot *c = &s->cache[i];
        if (!c->key || c->version != version || strcmp(c->key, key)) continue;
        if (annals_buf_append(out, c->body, c->len) == 0) {
            c->used = ++s->cache_clock;
            *type = c->type;
            hit = true;
        }
    }
    pthread_mutex_unlock(&s->cache_lock);
    return hit;
}

static void cache_drop(annals_server *s, cache_slot *c)
{
    s->cache_bytes -= c->len;
    free(c->key);
    free(c->body);
    memset(c, 0, sizeof *c);
}

static void cache_put(annals_server *s, const char *key, int64_t version, const annals_buf *body, const char *type)
{
    if (s->o.no_cache || version < 0 || body->len > CACHE_MAX_ANSWER) return;
    char *k = strdup(key), *b = malloc(body->len ? body->len : 1);
    if (!k || !b) { free(k); free(b); return; }
    memcpy(b, body->p, body->len);
    pthread_mutex_lock(&s->cache_lock);
    /* answers of older versions go first, then the least recently used */
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (s->cache[i].key && s->cache[i].version != version) cache_drop(s, &s->cache[i]);
    for (;;) {
        cache_slot *lru = NULL, *empty = NULL;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            cache_slot *c = &s->cache[i];
            if (!c->key) { if (!empty) empty = c; }
            else if (!lru || c->used < lru->used) lru = c;
        }
        if (empty && s->cache_bytes + body->len <= CACHE_MAX_BYTES) {
            *empty = (cache_slot){ k, b, body->len, type, version, ++s->cache_clock };
            s->cache_bytes += body->len;
            break;
        }
        if (!lru) { free(k); free(b); break; }
        cache_drop(s, lru);
    }
    pthread_mutex_unlock(&s->cache_lock);
}

/* One computation per URI at a time: when the answer to uri is being made,
** waits until it is done and returns false (look in the cache again); else
** takes the URI and returns true (the caller calls release_uri). With no room
** to note the URI, goes ahead without. */
static bool claim_uri(annals_server *s, const char *uri)
{
    if (s->o.no_cache) return false;
    pthread_mutex_lock(&s->cache_lock);
    for (;;) {
        int busy = -1, empty = -1;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (s->inflight[i] && !strcmp(s->inflight[i], uri)) busy = i;
            else if (!s->inflight[i] && empty < 0) empty = i;
        }
        if (busy >= 0) {
            pthread_cond_wait(&s->landed, &s->cache_lock);
            pthread_mutex_unlock(&s->cache_lock);
            return false;
        }
        if (empty >= 0) s->inflight[empty] = strdup(uri);
        pthread_mutex_unlock(&s->cache_lock);
        return true;
    }
}

static void release_uri(annals_server *s, const char *uri)
{
    pthread_mutex_lock(&s->cache_lock);
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (s->inflight[i] && !strcmp(s->inflight[i], uri)) {
            free(s->inflight[i]);
            s->inflight[i] = NULL;
        }
    pthread_cond_broadcast(&s->landed);
    pthread_mutex_unlock(&s->cache_lock);
}

/* ---- GET /api/v1/... ---------------------------------------------------- */

static const char *content_type(annals_qformat f)
{
    return f == ANNALS_QF_CSV ? "text/csv; charset=utf-8"
         : f == ANNALS_QF_GEOJSON ? "application/geo+json" : "application/json";
}

static enum MHD_Result api_query(annals_server *s, struct MHD_Connection *c, annals_qkind kind, const request *rq)
{
    annals_query *q = malloc(sizeof *q);
    if (!q) return send_error(c, 500, "out of memory");
    annals_query_init(q);
    char err[512];
    const char *qs = strchr(rq->uri, '?');
    if (qs && annals_query_parse_qs(q, qs + 1, strlen(qs + 1), err, sizeof err) < 0) {
        free(q);
        return send_error(c, 400, err);
    }
    annals_ctx *ctx = annals_ctx_new();
    annals_buf out = { 0 };
    if (!ctx) { free(q); return send_error(c, 500, "out of memory"); }
    int64_t version = data_version(s);
    const char *type = content_type(q->format);
    enum MHD_Result ret;
    bool hit = cache_get(s, rq->uri, version, &out, &type), claimed = false;
    /* the same request being answered: wait for it, then it is in the cache */
    while (!hit && !s->o.no_cache && !(claimed = claim_uri(s, rq->uri)))
        hit = cache_get(s, rq->uri, version = data_version(s), &out, &type);
    if (hit) ret = send_buf(c, 200, type, &out);
    else {
        annals_qdb *db = borrow(s);
        int rc = annals_qdb_run(db, kind, q, &out, err, sizeof err, ctx);
        bool lost = rc < 0 && annals_qdb_lost(db);
        give_back(s, db);
        if (rc == ANNALS_Q_BAD) ret = send_error(c, 400, err);
        else if (rc == ANNALS_Q_NOTFOUND) ret = send_error(c, 404, err);
        else if (lost) ret = send_unavailable(c, annals_errmsg(ctx));
        else if (rc < 0) ret = send_error(c, 500, annals_errmsg(ctx));
        else {
            if (q->format != ANNALS_QF_CSV) annals_buf_putc(&out, '\n');
            cache_put(s, rq->uri, version, &out, type);
            ret = send_buf(c, 200, type, &out);
        }
        if (claimed) release_uri(s, rq->uri);
    }
    annals_buf_free(&out);
    annals_ctx_free(ctx);
    free(q);
    return ret;
}

/* GET documents/ID or stories/ID. */
static enum MHD_Result api_one(annals_server *s, struct MHD_Connection *c, const char *idtxt, bool story)
{
    char *end = NULL;
    errno = 0;
    long long id = strtoll(idtxt, &end, 10);
    if (!*idtxt || *end || errno == ERANGE || id < 1 || idtxt[0] == '+' || idtxt[0] == ' ')
        return send_error(c, 400, story ? "story id: a whole number from 1" : "document id: a whole number from 1");
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) return send_error(c, 500, "out of memory");
    annals_buf out = { 0 };
    annals_qdb *db = borrow(s);
    int rc = story ? annals_qdb_story(db, id, &out, ctx) : annals_qdb_document(db, id, &out, ctx);
    bool lost = rc < 0 && annals_qdb_lost(db);
    give_back(s, db);
    enum MHD_Result ret;
    if (rc == ANNALS_Q_NOTFOUND) {
        char msg[64];
        snprintf(msg, sizeof msg, "no %s %lld", story ? "story" : "document", id);
        ret = send_error(c, 404, msg);
    } else if (lost) ret = send_unavailable(c, annals_errmsg(ctx));
    else if (rc < 0) ret = send_error(c, 500, annals_errmsg(ctx));
    else {
        annals_buf_putc(&out, '\n');
        ret = send_buf(c, 200, "application/json", &out);
    }
    annals_buf_free(&out);
    annals_ctx_free(ctx);
    return ret;
}

/* ---- POST /api/v1/documents --------------------------------------------- */

/* Equal strings, in time that does not depend on where they differ. */
static bool token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = (unsigned char)(la != lb);
    for (size_t i = 0; i < la; i++) d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
    return d == 0;
}

static bool authorized(annals_server *s, struct MHD_Connection *c)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    return s->o.token && auth && !strncmp(auth, "Bearer ", 7) && token_equal(auth + 7, s->o.token);
}

/* Codes the JSON lines of body and stores them; out gets the answer. 0 or an
** HTTP status with out holding the message. */
static unsigned ingest_body(annals_server *s, const annals_buf *body, annals_buf *out)
{
    const char *tmpdir = getenv("TMPDIR");
    char tpath[PATH_MAX];
    snprintf(tpath, sizeof tpath, "%s/annals-post-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(tpath);
    if (fd < 0) { annals_buf_printf(out, "cannot write a temporary file: %s", strerror(errno)); return 500; }
    size_t done = 0;
    while (done < body->len) {
        ssize_t w = write(fd, body->p + done, body->len - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    close(fd);
    if (done < body->len) { unlink(tpath); annals_buf_puts(out, "cannot write a temporary file"); return 500; }

    annals_ctx *ctx = annals_ctx_new();
    annals_source *src = NULL;
    const char *paths[1] = { tpath };
    unsigned status = 0;
    size_t added = 0, already = 0, n_docs = 0;
    annals_buf events = { 0 }, rejects = { 0 }, scratch = { 0 };
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *mf = NULL;
    if (!ctx || annals_source_open(&src, paths, 1, ANNALS_FMT_JSONL, ctx) < 0) {
        annals_buf_printf(out, "%s", ctx ? annals_errmsg(ctx) : "out of memory");
        status = 500;
        goto done;
    }
    pthread_mutex_lock(&s->write_lock);
    /* PostgreSQL: a writer that lost its server opens the store again (503 while it cannot) */
    if (annals_store_lost(s->store)) {
        annals_store *fresh = NULL;
        if (annals_store_open(&fresh, s->o.db_path, ctx) < 0) {
            annals_buf_printf(out, "the database is unavailable; retry later: %s", annals_errmsg(ctx));
            pthread_mutex_unlock(&s->write_lock);
            status = 503;
            goto done;
        }
        annals_store_close(s->store);
        s->store = fresh;
    }
    bool in_batch = false;
    for (;;) {
        annals_doc *doc = NULL;
        int rc = annals_source_next(src, &doc, ctx);
        if (rc == 0) break;
        if (rc < 0) continue;                 /* listed with its line below */
        rc = annals_pipeline_run(s->o.pipe, doc, ctx);
        if (rc < 0) {
            annals_buf_printf(&rejects, "%s{\"line\":%zu,\"reason\":\"", rejects.len ? "," : "", doc->line);
            const char *m = annals_errmsg(ctx);
            annals_buf_json_escape(&rejects, m, strlen(m));
            annals_buf_puts(&rejects, "\"}");
            annals_doc_free(doc);
            continue;
        }
        n_docs++;
        if (!in_batch && annals_store_begin(s->store, ctx) == 0) in_batch = true;
        rc = annals_store_put_doc(s->store, doc, ctx);
        if (rc < 0) {
            annals_buf_printf(out, "%s", annals_errmsg(ctx));
            annals_doc_free(doc);
            status = annals_store_lost(s->store) ? 503 : 500;
            break;
        }
        if (rc == 1) added++;
        else already++;
        /* the events as `annals code` writes them (JSON lines): joined into an array */
        mf = open_memstream(&mem, &mem_len);
        if (mf) {
            annals_output_doc(mf, ANNALS_OUT_JSONL, doc, &scratch);
            fclose(mf);
            mf = NULL;
            for (char *p = mem, *line; mem && (line = annals_next_line(&p, mem + mem_len));) {
                if (!*line) continue;
                if (events.len) annals_buf_putc(&events, ',');
                annals_buf_puts(&events, line);
            }
            free(mem);
            mem = NULL;
        }
        annals_doc_free(doc);
    }
    if (in_batch && annals_store_commit(s->store, ctx) < 0 && !status) {
        annals_buf_printf(out, "%s", annals_errmsg(ctx));
        status = annals_store_lost(s->store) ? 503 : 500;
    }
    pthread_mutex_unlock(&s->write_lock);
    for (size_t i = 0; i < annals_source_n_rejects(src); i++) {
        annals_reject r = annals_source_reject(src, i);
        annals_buf_printf(&rejects, "%s{\"line\":%zu,\"reason\":\"", rejects.len ? "," : "", r.line);
        annals_buf_json_escape(&rejects, r.reason, strlen(r.reason));
        annals_buf_puts(&rejects, "\"}");
    }
    if (!status) {
        annals_buf_printf(out, "{\"documents\":%zu,\"added\":%zu,\"already_stored\":%zu,\"rejected\":[%s],\"events\":[%s]}\n",
                          n_docs, added, already, rejects.p ? rejects.p : "", events.p ? events.p : "");
    }
done:
    unlink(tpath);
    annals_source_free(src);
    annals_ctx_free(ctx);
    annals_buf_free(&events);
    annals_buf_free(&rejects);
    annals_buf_free(&scratch);
    return status;
}

static enum MHD_Result api_post(annals_server *s, struct MHD_Connection *c, request *rq)
{
    if (!s->o.token) return send_error(c, 403, "this server is read-only: start it with --token-file to accept documents");
    if (!authorized(s, c)) {
        struct MHD_Response *r = NULL;
        annals_buf b = { 0 };
        annals_buf_puts(&b, "{\"status\":401,\"error\":\"POST needs the header Authorization: Bearer TOKEN\"}\n");
        if (!b.p || !(r = MHD_create_response_from_buffer_with_free_callback(b.len, b.p, free))) {
            annals_buf_free(&b);
            return MHD_NO;
        }
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
        enum MHD_Result ret = MHD_queue_response(c, 401, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (rq->too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "request body over %zu bytes", s->o.max_body);
        return send_error(c, 413, msg);
    }
    if (!rq->body.len) return send_error(c, 400, "body: JSON lines of documents (id, text or html, date, url, outlet)");
    annals_buf out = { 0 };
    unsigned status = ingest_body(s, &rq->body, &out);
    if (!out.p) return send_error(c, 500, "out of memory");
    if (status) {
        enum MHD_Result ret = send_error(c, status, out.p);
        annals_buf_free(&out);
        return ret;
    }
    return send_buf(c, 200, "application/json", &out);
}

/* ---- static files ------------------------------------------------------- */

static const char *file_type(const char *path)
{
    static const char *const types[][2] = {
        { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json" }, { ".svg", "image/svg+xml" }, { ".png", "image/png" },
        { ".txt", "text/plain; charset=utf-8" }, { ".md", "text/plain; charset=utf-8" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i][0])) return types[i][1];
    return "application/octet-stream";
}

static enum MHD_Result send_file(annals_server *s, struct MHD_Connection *c, const char *url)
{
    if (!s->web_root[0]) return send_error(c, 404, "no web page here (annals serve --web DIR)");
    if (!strcmp(url, "/")) url = "/index.html";
    /* letters, digits, '.', '_', '-', '/'; no empty segment, none starting with '.' */
    size_t n = strlen(url);
    bool ok = url[0] == '/' && n < 512;
    for (size_t i = 1; ok && i < n; i++) {
        char ch = url[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
             ch == '_' || ch == '-' || ch == '/';
        if (ok && url[i - 1] == '/') ok = ch != '/' && ch != '.';
    }
    if (!ok) return send_error(c, 404, "no such file");
    char path[PATH_MAX], real[PATH_MAX];
    size_t rl = strlen(s->web_root);
    if (rl + n >= sizeof path) return send_error(c, 404, "no such file");
    memcpy(path, s->web_root, rl);
    memcpy(path + rl, url, n + 1);
    if (!realpath(path, real) || strncmp(real, s->web_root, rl) || real[rl] != '/')
        return send_error(c, 404, "no such file");
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return send_error(c, 404, "no such file");
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return send_error(c, 404, "no such file");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!r) { close(fd); return MHD_NO; }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, file_type(real));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* the page loads only its own files: no outside scripts, styles or requests */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- dispatch ----------------------------------------------------------- */

static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request *rq = calloc(1, sizeof *rq);
    if (rq) rq->uri = strdup(uri ? uri : "/");
    if (rq && !rq->uri) { free(rq); rq = NULL; }
    return rq;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (!rq) return;
    annals_buf_free(&rq->body);
    free(rq->uri);
    free(rq);
    *con_cls = NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    annals_server *s = cls;
    request *rq = *con_cls;
    if (!rq) return send_error(c, 500, "out of memory");
    bool post = !strcmp(method, "POST"), get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (!rq->seen) {
        /* the first call has the headers only. Answering in it makes libmicrohttpd
           (0.9.75) close the connection after the response, so requests are
           answered from the second call on, which keeps connections alive; a POST
           that will be refused is refused here, before its body is read */
        rq->seen = true;
        /* saturated: say so at once rather than queue behind the busy threads */
        if (atomic_load(&s->n_conns) > s->o.max_conns) return send_busy(c);
        if (!post) return MHD_YES;
        bool docs = !strcmp(url, "/api/v1/documents");
        if (docs && !authorized(s, c)) return api_post(s, c, rq);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->o.max_body) {
            rq->too_big = true;
            return docs ? api_post(s, c, rq) : send_error(c, 413, "request body too large");
        }
        return MHD_YES;
    }
    if (post) {
        if (*upload_size) {
            /* gather the body up to the limit; past it, read and drop the rest */
            if (!rq->too_big && rq->body.len + *upload_size > s->o.max_body) rq->too_big = true;
            if (!rq->too_big && annals_buf_append(&rq->body, upload, *upload_size) < 0) rq->too_big = true;
            *upload_size = 0;
            return MHD_YES;
        }
    }
    if (!strncmp(url, "/api/", 5)) {
        const char *p = url + 5;
        if (strncmp(p, "v1/", 3)) return send_error(c, 404, "no such API (the API is /api/v1/)");
        p += 3;
        if (!strcmp(p, "documents")) {
            if (!post) return send_error(c, 405, "documents: POST JSON lines to add; GET documents/ID to read one");
            return api_post(s, c, rq);
        }
        if (!get) return send_error(c, 405, "method not allowed: GET only");
        if (!strncmp(p, "documents/", 10)) return api_one(s, c, p + 10, false);
        if (!strncmp(p, "stories/", 8)) return api_one(s, c, p + 8, true);
        if (!strcmp(p, "openapi.json")) {
            if (!s->web_root[0]) return send_error(c, 404, "no web directory to serve openapi.json from");
            return send_file(s, c, "/openapi.json");
        }
        annals_qkind kind;
        if (annals_qkind_parse(p, &kind)) return api_query(s, c, kind, rq);
        return send_error(c, 404, "no such endpoint (events, stories, timeline, network, geo, actors, documents/ID, stories/ID, openapi.json)");
    }
    if (!get) return send_error(c, 405, "method not allowed: GET only");
    return send_file(s, c, url);
}

/* ---- start and stop ----------------------------------------------------- */

int annals_server_start(annals_server **out, const annals_server_options *opt, annals_ctx *ctx)
{
    *out = NULL;
    annals_server *s = calloc(1, sizeof *s);
    if (!s) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    s->o = *opt;
    if (!s->o.bind) s->o.bind = "127.0.0.1";
    if (!s->o.threads) {   /* a thread a core: more only lengthen the tail (docs/serve.md) */
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        s->o.threads = n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
    }
    if (!s->o.max_body) s->o.max_body = 16u << 20;
    if (!s->o.timeout_s) s->o.timeout_s = 15;
    if (!s->o.max_conns) s->o.max_conns = 256;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->write_lock, NULL);
    pthread_mutex_init(&s->cache_lock, NULL);
    pthread_mutex_init(&s->watch_lock, NULL);
    pthread_cond_init(&s->landed, NULL);
    pthread_cond_init(&s->freed, NULL);
    int rc = 0;
    if (opt->web_dir && !realpath(opt->web_dir, s->web_root)) {
        rc = annals_error_set(ctx, ANNALS_ENOTFOUND, "%s: web directory: %s", opt->web_dir, strerror(errno));
        goto fail;
    }
    if (s->o.token && !s->o.pipe) {
        rc = annals_error_set(ctx, ANNALS_ERROR, "a token needs a pipeline to code documents with");
        goto fail;
    }
    if (s->o.token && (rc = annals_store_open(&s->store, s->o.db_path, ctx)) < 0) goto fail;
    s->pool = calloc(s->o.threads, sizeof *s->pool);
    if (!s->pool) { rc = annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); goto fail; }
    for (; s->n_pool < s->o.threads; s->n_pool++)
        if ((rc = annals_qdb_open(&s->pool[s->n_pool], s->o.db_path, s->o.data_dir, ctx)) < 0) goto fail;
    s->n_free = s->n_pool;
    if ((rc = annals_qdb_open(&s->watch, s->o.db_path, s->o.data_dir, ctx)) < 0) goto fail;
    /* no data version to watch (a PostgreSQL store from before schema v5): no cache, and
       no waiting for the same request */
    if (annals_qdb_version(s->watch) < 0) s->o.no_cache = true;

    struct sockaddr_in a4 = { 0 };
    struct sockaddr_in6 a6 = { 0 };
    const struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    if (inet_pton(AF_INET, s->o.bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)s->o.port);
        addr = (const struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, s->o.bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)s->o.port);
        addr = (const struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        rc = annals_error_set(ctx, ANNALS_ERROR, "--bind: '%s' is not an IPv4 or IPv6 address", s->o.bind);
        goto fail;
    }
    s->mhd = MHD_start_daemon(flags, (uint16_t)s->o.port, NULL, NULL, handle, s,
                              MHD_OPTION_SOCK_ADDR, addr,
                              MHD_OPTION_THREAD_POOL_SIZE, s->o.threads,
                              MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
                              MHD_OPTION_CONNECTION_LIMIT, s->o.max_conns + 64u,
                              MHD_OPTION_NOTIFY_CONNECTION, count_conns, s,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128u << 10),
                              MHD_OPTION_URI_LOG_CALLBACK, log_uri, NULL,
                              MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                              MHD_OPTION_END);
    if (!s->mhd) {
        rc = annals_error_set(ctx, ANNALS_EIO, "cannot listen on %s port %u: %s", s->o.bind, s->o.port,
                              errno ? strerror(errno) : "libmicrohttpd refused the options");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->o.port;
    *out = s;
    return 0;
fail:
    annals_server_stop(s);
    return rc;
}

unsigned annals_server_port(const annals_server *s) { return s->port; }
unsigned annals_server_threads(const annals_server *s) { return s->o.threads; }
const char *annals_server_store_name(const annals_server *s) { return annals_qdb_name(s->watch); }

void annals_server_stop(annals_server *s)
{
    if (!s) return;
    if (s->mhd) MHD_stop_daemon(s->mhd);     /* joins the threads: requests in flight finish first */
    for (size_t i = 0; i < s->n_pool; i++) annals_qdb_close(s->pool[i]);
    free(s->pool);
    annals_qdb_close(s->watch);
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (s->cache[i].key) cache_drop(s, &s->cache[i]);
    for (int i = 0; i < CACHE_SLOTS; i++) free(s->inflight[i]);
    pthread_cond_destroy(&s->landed);
    pthread_mutex_destroy(&s->cache_lock);
    pthread_mutex_destroy(&s->watch_lock);
    annals_store_close(s->store);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->write_lock);
    pthread_cond_destroy(&s->freed);
    free(s);
}
