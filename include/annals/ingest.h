/* SPDX-License-Identifier: MIT
** annals/ingest.h -- turning paths into documents.
**
** A source walks files and folders (recursively, in sorted order so runs are
** reproducible) or standard input ("-"), detects each file's format by
** extension, then by content (.txt, .html/.htm, .jsonl/.ndjson; content
** sniffing for files without a known extension), and yields one annals_doc per
** document: a JSONL file yields one per line, read as a stream so a file of
** any size works in bounded memory. An input that cannot be used (unreadable
** path, binary file, empty file, broken JSONL line, document over the size
** limit) is *rejected*: annals_source_next returns ANNALS_EFORMAT (or another
** code) with a message naming the file and line, the reject is kept in the
** source's list, and the next call goes on with the rest. */
#ifndef ANNALS_INGEST_H
#define ANNALS_INGEST_H

#include <stdio.h>
#include "annals/doc.h"

typedef struct annals_source annals_source;

typedef struct {
    const char *path;     /* borrowed from the source */
    size_t line;          /* JSONL line, 0 for whole files */
    const char *reason;   /* borrowed from the source */
} annals_reject;

/* paths: files, folders or "-" for stdin. The source copies what it keeps.
** force: ANNALS_FMT_AUTO, or a format to use for every file. */
int annals_source_open(annals_source **out, const char *const *paths, size_t n_paths,
                       annals_format force, annals_ctx *ctx);
void annals_source_free(annals_source *s);                     /* NULL: no-op */

/* 1 and *out set: a document (caller frees with annals_doc_free);
** 0: no more input; < 0: an input was rejected (message in ctx, also recorded),
** call again to go on. doc->name is the file name without extension, or the
** JSONL "id" (else "<file>:<line>"); doc->hash is the SHA-256 of the document's
** raw bytes (for JSONL: of the text/html field). */
int annals_source_next(annals_source *s, annals_doc **out, annals_ctx *ctx);

/* One line of a JSONL input (the reader of annals_source_next, for callers that
** have the line already, as annals/embed.h does): fields "text" or "html", "id",
** "date", "url", "outlet"; a UTF-8 BOM is skipped on line 1. 1 with *out (named by
** "id", else "BASE:LINE"; path and ln kept for messages); 0 for a blank line; < 0
** (ANNALS_EFORMAT, ANNALS_ENOMEM) with the reason, without path or line, in
** reason[reason_cap]. Nothing is recorded anywhere. */
int annals_ingest_jsonl_line(const char *p, size_t n, const char *path, const char *base, size_t ln,
                             annals_doc **out, char *reason, size_t reason_cap, annals_ctx *ctx);

size_t annals_source_n_rejects(const annals_source *s);
annals_reject annals_source_reject(const annals_source *s, size_t i);
/* Bytes read so far and total bytes of all regular input files (for progress). */
void annals_source_progress(const annals_source *s, uint64_t *done, uint64_t *total);

#endif
