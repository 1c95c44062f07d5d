/* SPDX-License-Identifier: MIT
** annals/limits.h -- every hard size limit of annals, in one place.
**
** In the manner of SQLite's sqliteLimit.h: each bound that input can run
** into is named here, with what happens past it, so that a limit is changed
** in one line and documented where it is defined. Included by annals/util.h,
** so every file of the library sees it. Counts are in bytes unless the name
** says otherwise. */
#ifndef ANNALS_LIMITS_H
#define ANNALS_LIMITS_H

#include <stddef.h>

/* ---- documents ---- */

/* One input document (a file, or one JSONL line), raw bytes. A larger file or
** line is rejected with a message naming it; the run goes on (ingest). */
#define ANNALS_MAX_DOC_BYTES (16u * 1024u * 1024u)
/* One line of a JSONL export read back by `annals import` (a mention with its sentence
** and story event): a longer line is skipped with a message naming file and line (store). */
#define ANNALS_MAX_IMPORT_LINE ((size_t)4 << 20)
/* Tokens in one sentence: the segmenter cuts a sentence after this many, so
** that no input can make one unbounded (segment). */
#define ANNALS_MAX_SENT_TOKENS 2048

/* ---- whole files read by annals_read_file (larger: ANNALS_ETOOBIG) ---- */

#define ANNALS_MAX_VERBS_FILE ((size_t)64 << 20)        /* data/verbs.txt (code) */
#define ANNALS_MAX_CAMEO_FILE ((size_t)4 << 20)         /* data/cameo-codes.tsv (code) */
#define ANNALS_MAX_CONFIDENCE_FILE ((size_t)1 << 20)    /* data/confidence.tsv (code) */
#define ANNALS_MAX_ACTOR_FILE ((size_t)256 << 20)       /* one actor dictionary (mention) */
#define ANNALS_MAX_EXPORT_TABLE ((size_t)16 << 20)     /* one lookup table of `annals export` (output) */
#define ANNALS_MAX_LEMMA_FILE ((size_t)16 << 20)        /* one data/lemma table (analyze) */
#define ANNALS_MAX_CONLLU_FILE ((size_t)1 << 30)        /* a CoNLL-U treebank, or `annals parse` input */
#define ANNALS_MAX_COMPAT_DICT_FILE ((size_t)256 << 20) /* one PETRARCH/TABARI dictionary file */
#define ANNALS_MAX_TABARI_PROJECT_FILE ((size_t)16 << 20) /* a TABARI .project file */
#define ANNALS_MAX_TABARI_TEXT_FILE ((size_t)64 << 20)  /* a TABARI text file (compat validation) */

/* ---- binary models (model.h) ---- */

#define ANNALS_MODEL_MAX_SECTIONS 64u                   /* sections in one model file */
#define ANNALS_MODEL_MAX_SIZE ((size_t)256 << 20)       /* refuse model files over 256 MiB */

/* ---- lines, words and patterns in dictionaries ---- */

/* One line of an annals actor dictionary, with its NUL: a longer line is
** skipped with a warning naming the file and line (mention). */
#define ANNALS_MAX_DICT_LINE 2048
/* Elements (words, slots, gaps) of one verbs.txt pattern; more: the line is an
** error (code). */
#define ANNALS_MAX_PATTERN_ELEMENTS 12
/* One word of a verbs.txt pattern, with its NUL; longer: the line is an error. */
#define ANNALS_MAX_PATTERN_WORD 32

#endif
