/* SPDX-License-Identifier: MIT
** annals/embed.h -- the small, stable C API of the shared libannals, for embedding.
**
** What python/annals calls through ctypes, and what any other language binding
** may call: plain C types only, no annals struct crosses it. Results and error
** messages are malloc'd, NUL-terminated strings the caller releases with
** annals_embed_free(). A function that fails returns a negative ANNALS_E* code
** (annals/error.h) and sets *err to the library's message, which names the file
** and line (or the document) where it can.
**
** Threads: a coder is read-only once open and every call makes its own error
** context, so one coder may serve several threads at once (each call codes its own
** document). A store handle is for one thread at a time. Everything else about a
** document (its arena, its parse) lives only inside one call.
**
** The version (ANNALS_EMBED_VERSION, annals_embed_version()) changes when a
** function or the meaning of a flag changes; new functions keep it. */
#ifndef ANNALS_EMBED_H
#define ANNALS_EMBED_H

#include <stddef.h>

#define ANNALS_EMBED_VERSION 1

/* annals_embed_open flags */
#define ANNALS_EMBED_NO_PARSE 0x1u   /* word order only, no tagger and parser (annals code --no-parse) */
/* annals_embed_code_* flags */
#define ANNALS_EMBED_RECORD   0x1u   /* write one store record (below) instead of the events */

typedef struct annals_embed annals_embed;
typedef struct annals_embed_store annals_embed_store;

int annals_embed_version(void);
void annals_embed_free(void *p);   /* every string this API hands out; NULL: no-op */

/* Loads the dictionaries and models of data_dir (NULL: the default of annals code:
** $ANNALS_DATA, the source tree's data/, the installed copy). 0 with *out, or < 0
** with *err. */
int annals_embed_open(annals_embed **out, const char *data_dir, unsigned flags, char **err);
void annals_embed_close(annals_embed *c);            /* NULL: no-op */

/* Codes one document given as one JSONL input line (the record annals code reads:
** "text" or "html", optional "id", "date", "url", "outlet"). path and line name
** it in messages and make the name of a document without "id" ("BASE:LINE", BASE
** the last part of path). On success 0, *out the events as JSONL (the lines annals
** code writes; "" when there are none) or, with ANNALS_EMBED_RECORD, one record
** line, and *out_len its length. A document that cannot be coded (not JSON, no
** text, nothing left after cleaning) gives ANNALS_EFORMAT and the reason in *err,
** a line over ANNALS_MAX_DOC_BYTES (16 MiB) ANNALS_ETOOBIG; a blank line gives 0
** and "". */
int annals_embed_code_jsonl(annals_embed *c, const char *line, size_t len, const char *path,
                            size_t line_no, unsigned flags, char **out, size_t *out_len, char **err);

/* Codes one whole file (text or HTML, told by extension then content, as annals
** code does), named by its file name without extension. A JSONL file is refused
** (ANNALS_EFORMAT): give its lines to annals_embed_code_jsonl. Results as above. */
int annals_embed_code_file(annals_embed *c, const char *path, unsigned flags,
                           char **out, size_t *out_len, char **err);

/* A store record (ANNALS_EMBED_RECORD) is one JSON object holding what the store
** keeps of a coded document: "doc", "doc_hash", "path", "line", "format", "url",
** "outlet", "pub_date", "invalid_bytes", "dropped_lines", "n_sentences", "text"
** (the cleaned text) and "events", each with its sentence, codes, values and the
** byte ranges of its source, target and verb words in the text. Loading it needs
** no coding: the sentences are segmented again from the text (and checked
** against n_sentences). */

/* Opens (creating when absent) the SQLite store that annals ingest --db writes. */
int annals_embed_store_open(annals_embed_store **out, const char *db_path, char **err);
/* Stores one record line as annals ingest stores a coded document: 1 added, 0 the
** document (same doc_hash) was already there, < 0 with *err naming path:line_no.
** Documents are added inside a batch that annals_embed_store_commit ends. */
int annals_embed_store_put(annals_embed_store *s, const char *record, size_t len, const char *path,
                           size_t line_no, char **err);
int annals_embed_store_commit(annals_embed_store *s, char **err);
void annals_embed_store_close(annals_embed_store *s); /* commits an open batch; NULL: no-op */

#endif
