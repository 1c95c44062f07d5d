/* SPDX-License-Identifier: MIT
** annals/error.h -- error codes and the per-thread error context.
**
** A function that can fail returns 0 or a negative code: one code per expected
** failure, -1 (ANNALS_ERROR) for the rest. It leaves a message on the annals_ctx
** it was given, naming the file, line or offset where it can. One ctx per thread.
** The message is borrowed: it lives until the next error set on the same ctx. */
#ifndef ANNALS_ERROR_H
#define ANNALS_ERROR_H

#include <stddef.h>

#define ANNALS_OK        0
#define ANNALS_ERROR    -1   /* anything else: see message */
#define ANNALS_ENOTFOUND -2  /* file or entry does not exist */
#define ANNALS_EFORMAT  -3   /* input is not in the expected format */
#define ANNALS_EVERSION -4   /* file format version this build does not read */
#define ANNALS_ENOMEM   -5   /* allocation failed */
#define ANNALS_EIO      -6   /* read or write failed */
#define ANNALS_ETOOBIG  -7   /* input exceeds a documented limit */

typedef struct annals_ctx annals_ctx;

annals_ctx *annals_ctx_new(void);                 /* caller frees; NULL on OOM */
void annals_ctx_free(annals_ctx *ctx);            /* NULL: no-op */

/* Sets the message (printf-style) and returns code, so callers can
** `return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: ...", path, line);`.
** ctx may be NULL (message dropped). */
int annals_error_set(annals_ctx *ctx, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
const char *annals_errmsg(const annals_ctx *ctx); /* borrowed; "" when none */
int annals_errcode(const annals_ctx *ctx);
void annals_error_clear(annals_ctx *ctx);

#endif
