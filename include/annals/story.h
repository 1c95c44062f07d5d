/* SPDX-License-Identifier: MIT
** annals/story.h -- story merging: the mentions (coded events) that report one
** real-world event become one story event.
**
** A mention is one coded event of one report (document). Two mentions are the
** same story when annals_story_same() says so: a compatible dyad (the same
** countries, the first three letters of the actor codes, in the same order, or
** reversed for a symmetric act such as a meeting or an agreement; the same role
** where both give one), the same CAMEO root, dates within a day (a mention
** without a date stands for its report's publication window, the four days up
** to the publication date), the same place where both give one, and enough
** shared evidence: a weighted overlap of the content words, names and numbers
** of the two evidence sentences, and for mentions of two reports also of the
** names and numbers of the two documents. The decision is symmetric and looks
** at the two mentions only, so stories are the connected components of the
** "same" graph: a merger (union-find over the mentions, candidates found by
** dyad, root and day) gives the same partition whatever order the mentions come
** in, and a new mention joins the stories it matches without recomputing the
** others. The rules and thresholds are written out in docs/stories.md.
**
** Story fields (annals_story_fields): the most specific code that more than
** half of the mentions support, the earliest date, the most reported place and
** actors; every field where reports differ is listed as a disagreement. */
#ifndef ANNALS_STORY_H
#define ANNALS_STORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "annals/util.h"
#include "annals/error.h"
#include "annals/doc.h"

/* The evidence of a text: hashed keys (content words, names, numbers) with their
** weights, sorted by hash; at most ANNALS_STORY_MAX_KEYS, the smallest hashes
** kept when there are more (a bottom-k sketch, so the choice does not depend on
** the order of the words). */
#define ANNALS_STORY_MAX_KEYS 128
typedef struct {
    uint64_t hash[ANNALS_STORY_MAX_KEYS];
    uint8_t weight[ANNALS_STORY_MAX_KEYS];
    uint32_t n;
} annals_story_keys;

/* Keys of a sentence: every content word (weight 1), capitalised word after the
** first (a name: 3) and number (2); words are ASCII-folded to lower case and cut
** to their first six bytes (a crude stem: "sanctions"/"sanctioned"). */
void annals_story_sentence_keys(const char *s, size_t n, annals_story_keys *out);
/* Keys of a whole document: its names and numbers only (weight 1). */
void annals_story_doc_keys(const char *s, size_t n, annals_story_keys *out);
/* Packed form for storage: 9 bytes a key (hash little-endian, weight).
** annals_story_keys_pack writes keys->n * 9 bytes to out; unpack reads at most
** ANNALS_STORY_MAX_KEYS keys of a blob (a short or odd tail is ignored). */
size_t annals_story_keys_pack(const annals_story_keys *k, uint8_t *out);
void annals_story_keys_unpack(const void *blob, size_t n, annals_story_keys *out);
/* SimHash (Charikar 2002, "Similarity estimation techniques from rounding
** algorithms") of a text's word 3-shingles: 64 bits; near-duplicate texts differ
** in few bits. *n_shingles receives the number of shingles (few: unreliable). */
uint64_t annals_story_simhash(const char *s, size_t n, size_t *n_shingles);
/* Bits that differ. */
int annals_story_hamming(uint64_t a, uint64_t b);

/* Weighted Jaccard overlap of two key sets: 0..1. */
double annals_story_overlap(const annals_story_keys *a, const annals_story_keys *b);

typedef struct {
    int64_t report;        /* the report (document) the mention is from: caller's number */
    char src[16], tgt[16]; /* CAMEO actor codes, "" unknown */
    char code[6], root[3];
    char date[11];         /* event date YYYY-MM-DD, "" none */
    char pub_date[11];     /* the report's publication date, "" none */
    const char *place;     /* or NULL (borrowed) */
    uint32_t sentence;     /* sentence index in the report */
    int year;              /* annals_story_past_year() of the evidence, 0 none */
    const annals_story_keys *keys;      /* of the evidence sentence (borrowed) */
    const annals_story_keys *doc_keys;  /* of the report (borrowed; may be NULL) */
} annals_story_mention;

/* The earliest year (1900-2099, a word of four digits) the sentence names that is
** before the year of pub_date, or 0: "since 2011 when ... visited" in a report of
** 2023 is about 2011, so an undated mention of it is no event of 2023. */
int annals_story_past_year(const char *s, size_t n, const char *pub_date);

/* The day range the mention stands for, as days since 1970-01-01: its date, or
** its report's publication window [pub - 3, pub]. False when it has neither. */
bool annals_story_days(const annals_story_mention *m, int64_t *lo, int64_t *hi);
/* Dyad, root, role, date, past year and place compatible (docs/stories.md). */
bool annals_story_compatible(const annals_story_mention *a, const annals_story_mention *b);
/* Same real-world event: compatible, and the evidence overlaps enough. Symmetric. */
bool annals_story_same(const annals_story_mention *a, const annals_story_mention *b);
/* True for codes whose dyad may be reversed (meet, negotiate, sign, ...). */
bool annals_story_symmetric_code(const char *code);
/* The blocking key of a mention: unordered country pair and root. */
uint64_t annals_story_block(const annals_story_mention *m);

/* A merger: mentions in, story partition out. Mentions are copied (with their
** keys); place strings are copied too. */
typedef struct annals_story_merger annals_story_merger;
int annals_story_merger_new(annals_story_merger **out, annals_ctx *ctx);
void annals_story_merger_free(annals_story_merger *m);     /* NULL: no-op */
/* Adds a mention, merges it with every earlier mention it is the same story as.
** *index receives its number (0, 1, ... in order of arrival). 0 or ANNALS_ENOMEM. */
int annals_story_merger_add(annals_story_merger *m, const annals_story_mention *mm,
                            size_t *index, annals_ctx *ctx);
/* The story of mention i: the smallest index of its story's mentions. */
size_t annals_story_merger_story(annals_story_merger *m, size_t i);
size_t annals_story_merger_count(const annals_story_merger *m);
/* Pairs compared so far (for the benchmark). */
uint64_t annals_story_merger_comparisons(const annals_story_merger *m);

/* Adds every event of a coded document as a mention of report `report` (the
** document's keys from its text, each mention's from its sentence; the
** publication date from doc->pub_date). *first receives the index of the first
** (the others follow in event order). 0 or ANNALS_ENOMEM. */
int annals_story_add_doc(annals_story_merger *m, const annals_doc *doc, int64_t report,
                         size_t *first, annals_ctx *ctx);
/* Fills a mention from event i of doc (keys and doc_keys left NULL). */
void annals_story_mention_of(const annals_doc *doc, size_t i, int64_t report, annals_story_mention *out);

/* One mention as the story's field rules see it. Strings borrowed. */
typedef struct {
    int64_t doc;            /* report id shown in disagreements */
    const char *src, *tgt, *src_text, *tgt_text, *code, *date, *place;  /* NULL or "" : none */
    double goldstein;
    int quad_class;
} annals_story_input;

typedef struct {
    char code[6], root[3];
    int quad_class;
    double goldstein;
    char src[16], tgt[16];
    char *src_text, *tgt_text;   /* malloc'd, or NULL */
    char date[11];               /* "" none */
    char *place;                 /* malloc'd, or NULL */
    size_t n_mentions, n_reports;
    char *disagreements;         /* malloc'd JSON array (docs/stories.md) */
} annals_story_event;

/* Chooses the story's fields from its mentions by the rules of docs/stories.md and
** lists the disagreements. 0 or ANNALS_ENOMEM. Free with annals_story_event_clear(). */
int annals_story_fields(const annals_story_input *in, size_t n, annals_story_event *out, annals_ctx *ctx);
void annals_story_event_clear(annals_story_event *e);

/* The comparison key of a name: case folded, diacritics and hyphens removed,
** spaces collapsed ("Ali-Bek Bakayev" and "Alibek Bakayev" give "alibek bakayev"
** for hyphens joined as one word). malloc'd; NULL on OOM. */
char *annals_story_name_key(const char *s);

#endif
