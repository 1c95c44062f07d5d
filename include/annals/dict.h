/* SPDX-License-Identifier: MIT
** annals/dict.h -- phrase dictionaries: actors, agents, people, places.
**
** Plain-text files under data/ (format in docs/dictionaries.md): a first line
** `# annals-dict 1 KIND`, then tab-separated lines. Every phrase is cut into
** tokens by the segment stage's tokenizer, so "U.S." or "Kazakhstan's" match
** the way the text is tokenized, and stored in a token trie: a hash table from
** (parent node, hash of the lowercased token) to child node, longest match
** first. Several entries can share a phrase (date-bounded codes).
** Case: a phrase written in capitals of <= 4 letters (US, UN, EU) matches only
** that exact spelling; a phrase starting with a capital matches only a token
** starting with one (so "turkey" is not Turkey); lower-case phrases match any case. */
#ifndef ANNALS_DICT_H
#define ANNALS_DICT_H

#include "annals/doc.h"

typedef enum {
    ANNALS_DICT_ACTORS = 1,   /* PHRASE  CODE  [FROM..TO] */
    ANNALS_DICT_AGENTS,       /* PHRASE  ROLE  title|body|group */
    ANNALS_DICT_PEOPLE,       /* NAME  CODE  FROM..TO  NOTE */
    ANNALS_DICT_PLACES        /* NAME  ISO3  capital|city|region  LAT  LON */
} annals_dict_kind;

#define ANNALS_DATE_OPEN_FROM INT32_MIN
#define ANNALS_DATE_OPEN_TO   INT32_MAX

typedef struct {
    char code[16];           /* actor code, role, or ISO3 for places */
    int32_t from, to;        /* valid days since 1970-01-01, inclusive; open ends */
    uint8_t kind;            /* annals_dict_kind */
    uint8_t ntok;            /* tokens in the phrase */
    uint16_t flags;          /* ANNALS_MENTF_* (title/body/group/capital/demonym/person) */
    uint32_t next;           /* next entry with the same phrase, 1-based; 0 = none */
} annals_dict_entry;

typedef struct annals_dict annals_dict;

annals_dict *annals_dict_new(void);                     /* caller frees */
void annals_dict_free(annals_dict *d);                  /* NULL: no-op */
/* Loads one file (its header names the kind). Bad lines are reported through
** warn (file:line: reason; may be NULL) and skipped; returns the number of
** entries added, or < 0 when the file cannot be read or has no valid header. */
int annals_dict_load_file(annals_dict *d, const char *path,
                          void (*warn)(void *arg, const char *msg), void *warn_arg, annals_ctx *ctx);
/* Same, from memory (name is used in messages). */
int annals_dict_load_mem(annals_dict *d, const char *name, const char *data, size_t len,
                         void (*warn)(void *arg, const char *msg), void *warn_arg, annals_ctx *ctx);
/* True for a CAMEO actor code that starts with a state's ISO3: not an organisation (IGO,
** NGO, IMG, MNC ...), a region (AFR, EUR, MEA ...) or a group code (DEV, UIS). */
bool annals_actor_code_is_state(const char *code);

/* Adds one phrase by hand. Returns 0 or < 0. */
int annals_dict_add(annals_dict *d, const char *phrase, annals_dict_kind kind, const char *code,
                    int32_t from, int32_t to, uint16_t flags);
size_t annals_dict_size(const annals_dict *d);          /* entries */

/* Per-document lookup keys: one hash per token (lowercased). Arena memory. */
uint64_t *annals_dict_token_keys(const annals_doc *doc);
/* Longest phrase starting at token `start` (tokens before `end`) whose first
** entry passes the case rule. Returns its length in tokens (0: none) and the
** first entry index (1-based) in *entry_out. */
size_t annals_dict_longest(const annals_dict *d, const annals_doc *doc, const uint64_t *keys,
                           size_t start, size_t end, uint32_t *entry_out);
const annals_dict_entry *annals_dict_entry_at(const annals_dict *d, uint32_t idx); /* 1-based */

#endif
