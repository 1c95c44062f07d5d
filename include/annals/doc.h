/* SPDX-License-Identifier: MIT
** annals/doc.h -- one document on its way through the pipeline.
**
** A document is processed on its own, inside one arena (doc->arena): tokens,
** sentences, mentions and events are arena memory, freed by annals_doc_free().
** Tokens and sentences are byte ranges into doc->text (the cleaned, NFC UTF-8
** text); nothing is copied. Stages fill the document in order:
**   ingest  -> name, path, raw, format, hash
**   clean   -> text, invalid_bytes, dropped_lines        (src/lib/clean)
**   meta    -> pub_date, outlet                          (src/lib/meta)
**   segment -> tok, sent                                 (src/lib/segment)
**   analyze -> tok[].upos/xpos/head/deprel/lemma         (src/lib/analyze)
**   mention -> mention                                   (src/lib/mention)
**   code    -> event                                     (src/lib/code) */
#ifndef ANNALS_DOC_H
#define ANNALS_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "annals/util.h"
#include "annals/error.h"

typedef enum {
    ANNALS_FMT_AUTO = 0,   /* detect from extension, then content */
    ANNALS_FMT_TEXT,
    ANNALS_FMT_HTML,
    ANNALS_FMT_JSONL       /* a file of documents; each document is TEXT or HTML */
} annals_format;

/* Token flags. */
#define ANNALS_TOKF_UPPER_INIT  0x0001u  /* first letter is upper case */
#define ANNALS_TOKF_ALL_UPPER   0x0002u  /* has letters, all upper case */
#define ANNALS_TOKF_DIGIT       0x0004u  /* contains a digit */
#define ANNALS_TOKF_PUNCT       0x0008u  /* punctuation only */
#define ANNALS_TOKF_SPACE_AFTER 0x0010u  /* whitespace follows in the text */
#define ANNALS_TOKF_QUOTE       0x0020u  /* a quotation mark (straight or curly) */
#define ANNALS_TOKF_NEWLINE_BEFORE 0x0040u /* a line break precedes the token */
#define ANNALS_TOKF_ABBREV      0x0080u  /* an abbreviation ending in '.' (U.S., Mr.) */
#define ANNALS_TOKF_IN_QUOTE    0x0100u  /* inside a quotation */

typedef struct {
    uint32_t off, len;   /* bytes in doc->text */
    uint16_t flags;      /* ANNALS_TOKF_* */
    uint8_t upos;        /* annals_upos id (annals/tag.h), 0 = not tagged */
    uint8_t deprel;      /* dependency relation id, 0 = none */
    uint16_t xpos;       /* Penn Treebank tag id, 0 = not tagged */
    uint16_t spare;
    int32_t head;        /* head's index within the sentence; -1 = root; -2 = not parsed */
    const char *lemma;   /* lowercase lemma, NUL-terminated (arena or static); NULL = unknown */
} annals_token;

typedef struct {
    uint32_t off, len;          /* bytes in doc->text */
    uint32_t tok_begin, tok_end; /* tokens [tok_begin, tok_end) of doc->tok */
    bool parsed;                /* analyze filled upos/head for this sentence */
} annals_sentence;

typedef enum {
    ANNALS_MENTION_ACTOR = 1,   /* country, IGO, group, capital-as-government, named person */
    ANNALS_MENTION_AGENT,       /* role word: officials, ministry, troops, minister */
    ANNALS_MENTION_PLACE,       /* a place from the gazetteer */
    ANNALS_MENTION_DATE         /* a date expression, resolved when possible */
} annals_mention_kind;

typedef struct {
    annals_mention_kind kind;
    uint32_t sent;               /* sentence index */
    uint32_t tok_begin, tok_end; /* document token range [begin, end) */
    char code[16];               /* CAMEO actor code (USA, KAZGOV, IGOUNO), role (GOV) or ISO3 of a place */
    char date[11];               /* DATE: YYYY-MM-DD, or "" when unresolved */
    uint16_t flags;              /* ANNALS_MENTF_* */
    int32_t ref;                 /* PERSON coreference: index of the first mention, -1 none */
    char pair[16];               /* "the two leaders": the other party's code ("" otherwise) */
} annals_mention;

#define ANNALS_MENTF_PERSON   0x01u  /* a named person */
#define ANNALS_MENTF_TITLE    0x02u  /* AGENT that is a person's office (minister) */
#define ANNALS_MENTF_BODY     0x04u  /* AGENT that is an institution (ministry) */
#define ANNALS_MENTF_GROUP    0x08u  /* AGENT that is people in the plural (officials) */
#define ANNALS_MENTF_CAPITAL  0x10u  /* ACTOR from a capital's name (Astana = KAZGOV) */
#define ANNALS_MENTF_DEMONYM  0x20u  /* ACTOR from an adjective (Kazakh, American) */
#define ANNALS_MENTF_USED     0x40u  /* absorbed into a larger actor phrase */
#define ANNALS_MENTF_LOCATIVE 0x80u  /* after "in"/"at": a location more than a participant */
#define ANNALS_MENTF_PRONOUN  0x100u /* resolved from a pronoun (he, his, its) */
#define ANNALS_MENTF_POSSESSIVE 0x200u /* a possessor: "Kazakhstan's", "his" */
#define ANNALS_MENTF_PREP     0x400u /* object of a preposition other than in/at/by (of, for, to, with...) */
#define ANNALS_MENTF_AGENTIVE 0x800u /* after "by" (passive agent) */
#define ANNALS_MENTF_GUESSED  0x1000u /* country not in the text: taken from where the story is */
#define ANNALS_MENTF_PAIR     0x2000u /* "the two sides", "both countries": code and pair */
#define ANNALS_MENTF_IMPLIED  0x4000u /* not in the text: the coder's implied target */
#define ANNALS_MENTF_SPEAKER  0x8000u /* "I", "we", "our" in a quotation: the quoted speaker */

typedef struct {
    uint32_t sent;               /* sentence index */
    char code[6];                /* CAMEO event code, e.g. "042", "0333" */
    char root[3];                /* first two digits */
    int quad_class;              /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
    double goldstein;
    char src[16], tgt[16];       /* CAMEO actor codes; "" when unknown */
    uint32_t src_off, src_len;   /* the words the source came from (bytes in doc->text) */
    uint32_t tgt_off, tgt_len;
    uint32_t verb_off, verb_len; /* the words that gave the event code */
    char date[11];               /* YYYY-MM-DD or "" */
    const char *place;           /* place name (arena) or NULL */
    uint16_t flags;              /* ANNALS_EVF_* */
    uint32_t basis;              /* ANNALS_EVB_*: what the coding rests on (for the confidence) */
    float confidence;            /* 0..1, calibrated (docs/output.md); negative: none given */
} annals_event;

/* What an event's coding rests on: the features of its confidence (data/confidence.tsv). */
#define ANNALS_EVB_PARSE        0x00001u  /* roles from the dependency parse */
#define ANNALS_EVB_PASSIVE      0x00002u  /* word order, passive voice */
#define ANNALS_EVB_MULTIWORD    0x00004u  /* the pattern has two words or more */
#define ANNALS_EVB_NOUN         0x00008u  /* a noun pattern ("visit to") */
#define ANNALS_EVB_TARGET_SLOT  0x00010u  /* the pattern names where the target stands ($) */
#define ANNALS_EVB_QUOTED       0x00020u  /* inside a quotation */
#define ANNALS_EVB_SRC_PRONOUN  0x00040u  /* source resolved from a pronoun */
#define ANNALS_EVB_TGT_PRONOUN  0x00080u
#define ANNALS_EVB_SRC_GUESSED  0x00100u  /* source's country from the story's place */
#define ANNALS_EVB_IMPLIED      0x00200u  /* target implied (the source's own government) */
#define ANNALS_EVB_SAME_COUNTRY 0x00400u  /* source and target of one country */
#define ANNALS_EVB_ANNOUNCED    0x00800u  /* under will/would */
#define ANNALS_EVB_INTENDED     0x01000u  /* after a word of will ("ready to", "agreed to") */
#define ANNALS_EVB_SRC_PERSON   0x02000u  /* source is a named person */
#define ANNALS_EVB_TGT_PERSON   0x04000u
#define ANNALS_EVB_QUAD2        0x08000u  /* material cooperation */
#define ANNALS_EVB_QUAD3        0x10000u  /* verbal conflict */
#define ANNALS_EVB_QUAD4        0x20000u  /* material conflict */
#define ANNALS_EVB_LONG         0x40000u  /* a sentence of more than 35 tokens */
#define ANNALS_EVB_CROWDED      0x80000u  /* more than four actor phrases in the sentence */
#define ANNALS_EVB_HEADLINE     0x100000u /* the document's first sentence */
#define ANNALS_EVB_COORDINATED  0x200000u /* one of several events from coordinated actors */
#define ANNALS_EVB_SRC_IGO      0x400000u /* source is an intergovernmental body */
#define ANNALS_EVB_TGT_IGO      0x800000u
#define ANNALS_EVB_COUNT        24

#define ANNALS_EVF_QUOTED  0x01u  /* inside a quotation */
#define ANNALS_EVF_PARSE   0x02u  /* roles came from the dependency parse */

typedef struct annals_doc {
    annals_arena *arena;
    const char *name;            /* doc id shown to users: file name sans extension, or JSONL id */
    const char *path;            /* source path; "-" for stdin */
    size_t line;                 /* JSONL line number (1-based), 0 otherwise */
    char hash[65];               /* SHA-256 of the raw bytes, hex: the store's document key */
    const char *raw;             /* input bytes as read (arena or borrowed) */
    size_t raw_len;
    annals_format format;        /* TEXT or HTML once detected */
    const char *url;             /* from JSONL, or NULL */
    const char *given_date;      /* YYYY-MM-DD from JSONL "date", or NULL */

    char *text;                  /* cleaned text: valid NFC UTF-8, NUL-terminated */
    size_t text_len;
    size_t invalid_bytes;        /* invalid UTF-8 bytes replaced by U+FFFD */
    size_t dropped_lines;        /* boilerplate lines/blocks removed */

    char pub_date[11];           /* YYYY-MM-DD, "" when unknown (never today's date) */
    const char *outlet;          /* or NULL */

    annals_token *tok;      size_t n_tok;
    annals_sentence *sent;  size_t n_sent;
    annals_mention *mention; size_t n_mention;
    annals_event *event;    size_t n_event;

    /* `annals code --trace`: the coder's decisions for each sentence, one line per call
       (patterns matched, actors, roles and why an event was kept or dropped); NULL: none */
    void (*trace)(void *arg, const char *line);
    void *trace_arg;
} annals_doc;

/* Makes an empty document with its own arena. raw is copied into the arena.
** Returns 0 or ANNALS_ENOMEM. Caller frees with annals_doc_free(). */
int annals_doc_new(annals_doc **out, const char *name, const char *path,
                   const char *raw, size_t raw_len, annals_ctx *ctx);
void annals_doc_free(annals_doc *doc);   /* NULL: no-op */

/* Convenience view of a token's or a range's text. */
static inline annals_str annals_tok_str(const annals_doc *d, size_t i) {
    return (annals_str){ d->text + d->tok[i].off, d->tok[i].len };
}

/* True when token i is the word w (ASCII case folded), or one of the NULL-terminated ws. */
bool annals_tok_is(const annals_doc *d, size_t i, const char *w);
bool annals_tok_in(const annals_doc *d, size_t i, const char *const *ws);

#endif
