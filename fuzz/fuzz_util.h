/* SPDX-License-Identifier: MIT
** fuzz/fuzz_util.h -- helpers shared by the fuzz targets: splitting one input
** into parts (several dictionary files and a sentence from one byte string),
** writing a part to a file in a private temporary folder (for the loaders that
** read files), and a warning sink. See fuzz/README.md. */
#ifndef ANNALS_FUZZ_UTIL_H
#define ANNALS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Parts of one input are separated by lines that hold only "%%". */
#define FUZZ_SEP "\n%%\n"
#define FUZZ_MAX_PARTS 8

typedef struct { const char *p; size_t n; } fuzz_part;

/* Splits data[0..size) at FUZZ_SEP into at most max parts (the last part
** takes the rest); returns the number of parts (>= 1). */
size_t fuzz_split(const uint8_t *data, size_t size, fuzz_part *parts, size_t max);

/* The process's temporary folder (created on first use, removed at exit). */
const char *fuzz_tmpdir(void);
/* Writes part to fuzz_tmpdir()/name; returns the path (static, per name slot
** of 8) or aborts when the file cannot be written. */
const char *fuzz_write(const char *name, const char *p, size_t n);

/* A NUL-terminated malloc'd copy (abort on OOM). */
char *fuzz_strndup(const char *p, size_t n);

/* annals_warn_fn that drops the message. */
void fuzz_quiet(void *arg, const char *msg);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int fuzz_utf8_valid(const unsigned char *s, size_t n);

#endif
