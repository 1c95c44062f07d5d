/* SPDX-License-Identifier: MIT
** store/db_pg.c -- the PostgreSQL side of the store's database interface (db.h), over libpq.
**
** A statement keeps its SQL with ?N rewritten to $N; it runs at its first step with
** PQexecParams: text parameters in text format, blobs as binary bytea, each typed by its
** binding (int8, float8, text, bytea; NULL untyped, so the server infers it). Run a
** second time, it is prepared on the server (PQprepare, kept for the connection) and
** runs with PQexecPrepared from then on. Rows come
** back in text format; a bytea column is decoded from its hex form when read as a blob.
** Server notices (CREATE ... IF NOT EXISTS of what exists) are not printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "db.h"

#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701
#define OID_BYTEA 17
#define OID_BOOL 16
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_NUMERIC 1700

struct annals_pg {
    PGconn *conn;
    const char *name;   /* the annals_db's */
    unsigned n_prepared;   /* server-side statements made: their names are a1, a2, ... */
    bool lost;             /* an error said the connection is gone (annals_pg_lost) */
};

struct annals_pg_stmt {
    annals_pg *pg;
    char *sql;
    int n_params;
    char **val;
    int *len, *fmt;
    Oid *type;
    PGresult *res;
    int row, n_rows;
    unsigned runs;      /* executions so far; at the second it is prepared on the server */
    char name[16];      /* its server-side name once prepared, else "" */
    bool nul;   /* a text bound holds a NUL byte: PostgreSQL has no such text */
    struct { unsigned char *b; size_t cap; } *blob;   /* decoded bytea, by column */
    int n_blob;
};

static void quiet_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

/* The message of the last error without its trailing newline. */
static int pg_error(annals_pg *pg, const PGresult *res, annals_ctx *ctx, const char *what)
{
    const char *msg = res ? PQresultErrorMessage(res) : "";
    if (!*msg) msg = PQerrorMessage(pg->conn);
    int len = (int)strcspn(msg, "\n");
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    /* gone: libpq's own errors have no SQLSTATE (the socket closed, ...); 08: connection
       exceptions; 57P01-57P03: the server shutting down or starting */
    if (PQstatus(pg->conn) != CONNECTION_OK || !state || !strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
        pg->lost = true;
    int rc = PQstatus(pg->conn) != CONNECTION_OK || (state && !strncmp(state, "08", 2)) ? ANNALS_EIO
           : state && !strcmp(state, "53200") ? ANNALS_ENOMEM : ANNALS_ERROR;
    return annals_error_set(ctx, rc, "%s: %s: %.*s", pg->name, what, len, msg);
}

int annals_pg_open(annals_pg **out, const char *uri, const char *name, annals_ctx *ctx)
{
    *out = NULL;
    annals_pg *pg = calloc(1, sizeof *pg);
    if (!pg) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name);
    pg->name = name;
    pg->conn = PQconnectdb(uri);
    if (!pg->conn) { free(pg); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name); }
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(pg->conn);
        int rc = annals_error_set(ctx, ANNALS_EIO, "%s: cannot connect: %.*s", name, (int)strcspn(msg, "\n"), msg);
        annals_pg_close(pg);
        return rc;
    }
    PQsetNoticeProcessor(pg->conn, quiet_notice, NULL);
    int rc;
    if (PQsetClientEncoding(pg->conn, "UTF8") != 0) rc = pg_error(pg, NULL, ctx, "setting the client encoding");
    else rc = annals_pg_exec(pg, "SET client_min_messages = warning", ctx, "setting up the session");
    if (rc < 0) { annals_pg_close(pg); return rc; }
    *out = pg;
    return 0;
}

void annals_pg_close(annals_pg *pg)
{
    if (!pg) return;
    PQfinish(pg->conn);   /* the server rolls back an open transaction */
    free(pg);
}

int annals_pg_exec(annals_pg *pg, const char *sql, annals_ctx *ctx, const char *what)
{
    PGresult *res = PQexec(pg->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) rc = ctx ? pg_error(pg, res, ctx, what) : ANNALS_ERROR;
    PQclear(res);
    return rc;
}

bool annals_pg_in_transaction(annals_pg *pg)
{
    PGTransactionStatusType t = PQtransactionStatus(pg->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

char *annals_pg_rewrite_params(const char *sql, int *n_params)
{
    size_t len = strlen(sql);
    /* "?N" becomes "$N" (one more digit at most, past the cap of 100000) and a bare "?"
       "$k" with k <= len: at most 12 bytes for each byte of sql */
    if (len > (SIZE_MAX - 1) / 12) return NULL;
    char *out = malloc(len * 12 + 1);
    if (!out) return NULL;
    size_t n = 0;
    int next = 0, max = 0;
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"') {
            const char *q = strchr(p + 1, *p);
            size_t k = q ? (size_t)(q - p) + 1 : strlen(p);
            memcpy(out + n, p, k);
            n += k;
            p += k;
        } else if (*p == '?') {
            p++;
            int num = 0;
            if (*p >= '0' && *p <= '9') while (*p >= '0' && *p <= '9' && num < 100000) num = num * 10 + (*p++ - '0');
            else num = ++next;
            if (num > max) max = num;
            n += (size_t)sprintf(out + n, "$%d", num);
        } else out[n++] = *p++;
    }
    out[n] = '\0';
    *n_params = max;
    return out;
}

annals_pg_stmt *annals_pg_prepare(annals_pg *pg, const char *sql)
{
    annals_pg_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->pg = pg;
    st->row = -1;
    if (!(st->sql = annals_pg_rewrite_params(sql, &st->n_params))) { free(st); return NULL; }
    int n = st->n_params ? st->n_params : 1;
    st->val = calloc((size_t)n, sizeof *st->val);
    st->len = calloc((size_t)n, sizeof *st->len);
    st->fmt = calloc((size_t)n, sizeof *st->fmt);
    st->type = calloc((size_t)n, sizeof *st->type);
    if (!st->val || !st->len || !st->fmt || !st->type) { annals_pg_finalize(st); return NULL; }
    return st;
}

static void clear_params(annals_pg_stmt *st)
{
    for (int i = 0; i < st->n_params; i++) {
        free(st->val[i]);
        st->val[i] = NULL;
        st->len[i] = st->fmt[i] = 0;
        st->type[i] = 0;
    }
}

void annals_pg_finalize(annals_pg_stmt *st)
{
    if (!st) return;
    if (st->val) clear_params(st);
    PQclear(st->res);
    for (int i = 0; i < st->n_blob; i++) free(st->blob[i].b);
    free(st->blob);
    free(st->val);
    free(st->len);
    free(st->fmt);
    free(st->type);
    free(st->sql);
    free(st);
}

void annals_pg_bind(annals_pg_stmt *st, int i, char kind, const void *v, size_t n)
{
    if (i < 1 || i > st->n_params) return;   /* no such parameter: nothing to bind */
    i--;
    free(st->val[i]);
    st->val[i] = NULL;
    st->len[i] = st->fmt[i] = 0;
    st->type[i] = 0;
    char num[40];
    if (kind == 'i') { snprintf(num, sizeof num, "%lld", *(const long long *)v); v = num; n = strlen(num); }
    if (kind == 'd') { snprintf(num, sizeof num, "%.17g", *(const double *)v); v = num; n = strlen(num); }
    if (kind == 't' && memchr(v, '\0', n)) st->nul = true;
    if (!kind || !(st->val[i] = malloc(n + 1))) return;   /* NULL (also when out of memory) */
    memcpy(st->val[i], v, n);
    st->val[i][n] = '\0';
    st->len[i] = (int)n;
    st->fmt[i] = kind == 'b';
    st->type[i] = kind == 'i' ? OID_INT8 : kind == 'd' ? OID_FLOAT8 : kind == 'b' ? OID_BYTEA : OID_TEXT;
}

int annals_pg_step(annals_pg_stmt *st, annals_ctx *ctx, const char *what)
{
    if (st->nul)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: %s: a text with a NUL byte (PostgreSQL stores none)",
                                st->pg->name, what);
    if (!st->res) {
        /* a statement run again is parsed and planned once, on the server: its parameter
           types are those of this run's bindings (NULLs: the server's inference) */
        if (!st->name[0] && st->runs++ == 1) {
            char name[16];
            snprintf(name, sizeof name, "a%u", ++st->pg->n_prepared);
            PGresult *p = PQprepare(st->pg->conn, name, st->sql, st->n_params, st->type);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                int rc = pg_error(st->pg, p, ctx, what);
                PQclear(p);
                return rc;
            }
            PQclear(p);
            memcpy(st->name, name, sizeof name);
        }
        if (st->name[0])
            st->res = PQexecPrepared(st->pg->conn, st->name, st->n_params, (const char *const *)st->val, st->len,
                                     st->fmt, 0);
        else
            st->res = PQexecParams(st->pg->conn, st->sql, st->n_params, st->type, (const char *const *)st->val,
                                   st->len, st->fmt, 0);
        ExecStatusType s = PQresultStatus(st->res);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
            int rc = pg_error(st->pg, st->res, ctx, what);
            PQclear(st->res);
            st->res = NULL;
            return rc;
        }
        st->row = -1;
        st->n_rows = PQntuples(st->res);
    }
    if (st->row < st->n_rows) st->row++;
    return st->row < st->n_rows;
}

void annals_pg_reset(annals_pg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nul = false;
    clear_params(st);
}

const char *annals_pg_col(annals_pg_stmt *st, int i, size_t *n)
{
    if (n) *n = 0;
    if (!st->res || st->row < 0 || st->row >= st->n_rows || i < 0 || i >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, i))
        return NULL;
    if (n) *n = (size_t)PQgetlength(st->res, st->row, i);
    return PQgetvalue(st->res, st->row, i);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

const void *annals_pg_col_blob(annals_pg_stmt *st, int i, size_t *n)
{
    size_t tn;
    const char *t = annals_pg_col(st, i, &tn);
    *n = 0;
    if (!t) return NULL;
    if (PQftype(st->res, i) != OID_BYTEA || tn < 2 || t[0] != '\\' || t[1] != 'x') { *n = tn; return t; }
    if (i >= st->n_blob) {
        int nb = PQnfields(st->res);
        void *g = realloc(st->blob, (size_t)nb * sizeof *st->blob);
        if (!g) return NULL;
        st->blob = g;
        memset(st->blob + st->n_blob, 0, (size_t)(nb - st->n_blob) * sizeof *st->blob);
        st->n_blob = nb;
    }
    size_t need = (tn - 2) / 2 + 1;
    if (need > st->blob[i].cap) {
        unsigned char *b = realloc(st->blob[i].b, need);
        if (!b) return NULL;
        st->blob[i].b = b;
        st->blob[i].cap = need;
    }
    size_t k = 0;
    for (size_t j = 2; j + 1 < tn; j += 2) {
        int hi = hex_digit(t[j]), lo = hex_digit(t[j + 1]);
        if (hi < 0 || lo < 0) break;
        st->blob[i].b[k++] = (unsigned char)(hi << 4 | lo);
    }
    *n = k;
    return st->blob[i].b;
}

int annals_pg_col_count(annals_pg_stmt *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

const char *annals_pg_col_name(annals_pg_stmt *st, int i)
{
    return st->res && i >= 0 && i < PQnfields(st->res) ? PQfname(st->res, i) : NULL;
}

annals_db_type annals_pg_col_type(annals_pg_stmt *st, int i)
{
    size_t n;
    const char *t = annals_pg_col(st, i, &n);
    if (!t) return ANNALS_DB_NULL;
    switch (PQftype(st->res, i)) {
    case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8: return ANNALS_DB_INTEGER;
    case OID_FLOAT4: case OID_FLOAT8: return ANNALS_DB_FLOAT;
    case OID_NUMERIC: return strpbrk(t, ".eEN") ? ANNALS_DB_FLOAT : ANNALS_DB_INTEGER;   /* N: NaN */
    default: return ANNALS_DB_TEXT;
    }
}

bool annals_pg_lost(annals_pg *pg)
{
    return pg->lost || PQstatus(pg->conn) != CONNECTION_OK;
}
