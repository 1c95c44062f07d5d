/* SPDX-License-Identifier: MIT
** util/error.c -- the error context: last error code and message per ctx. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "annals/error.h"

struct annals_ctx {
    int code;
    char msg[1024];
};

annals_ctx *annals_ctx_new(void) { return calloc(1, sizeof(annals_ctx)); }
void annals_ctx_free(annals_ctx *ctx) { free(ctx); }

int annals_error_set(annals_ctx *ctx, int code, const char *fmt, ...)
{
    if (!ctx) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    va_end(ap);
    ctx->code = code;
    return code;
}

const char *annals_errmsg(const annals_ctx *ctx) { return ctx ? ctx->msg : ""; }
int annals_errcode(const annals_ctx *ctx) { return ctx ? ctx->code : 0; }
void annals_error_clear(annals_ctx *ctx)
{
    if (ctx) { ctx->code = 0; ctx->msg[0] = '\0'; }
}
