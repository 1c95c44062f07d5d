/* SPDX-License-Identifier: MIT
** compat/compat_internal.h -- shared structures of the PETRARCH/TABARI compatibility stage.
**
** Both dictionary families are read into one model: interned upper-case words,
** synonym sets, verb blocks with their patterns, and a token trie of actor and
** agent phrases. A sentence to code is a ctok array (words with a coarse part of
** speech and, when a parse is given, the tree they came from). The coder
** (match.c and its files) is the same for both families; the dialect table below
** holds what each does differently. Internal to src/lib/compat. */
#ifndef ANNALS_COMPAT_INTERNAL_H
#define ANNALS_COMPAT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "annals/compat.h"
#include "annals/util.h"

/* ---- u64 -> u32 open-addressing map (key 0 reserved) ---- */
typedef struct { uint64_t key; uint32_t val; } cmap_slot;   /* key: mixed, never 0 */
typedef struct { annals_htab t; size_t n; } cmap;         /* of cmap_slot; zeroed = empty; n keys */
int annals_compat_map_put(cmap *m, uint64_t key, uint32_t val);     /* 0 or ANNALS_ENOMEM; overwrites */
uint32_t annals_compat_map_get(const cmap *m, uint64_t key);        /* 0: absent */
void annals_compat_map_free(cmap *m);

/* ---- interned words (upper case), ids from 1 ---- */
typedef struct {
    cmap map;
    const char **w;
    uint32_t *len;
    uint32_t n, cap;
    annals_arena *arena;
} wtab;
uint32_t annals_compat_words_add(wtab *t, const char *s, size_t n);          /* 0 on OOM */
uint32_t annals_compat_words_find(const wtab *t, const char *s, size_t n);   /* 0: unknown */

/* ---- pattern elements ---- */
enum {
    EL_WORD = 1,   /* id = word */
    EL_SYN,        /* id = synset index (1-based) */
    EL_SRC,        /* $ */
    EL_TGT,        /* + */
    EL_CMP,        /* % : source and target both */
    EL_SKIP,       /* ^ : any words */
    EL_VERB        /* * */
};
typedef struct {
    uint8_t kind;
    uint8_t consec;   /* must follow the previous element directly ('_') */
    uint8_t stem;     /* TABARI: matches any word starting with it */
    uint8_t pad;
    uint32_t id;
} pel;

typedef struct {          /* a synonym set: phrases of consecutive elements */
    uint32_t name;        /* word id of the label, without '&' */
    uint32_t first, n;    /* phrases [first, first+n) in dict.syn_phr */
    bool defined;
} synset;
typedef struct { uint32_t el, n_el; } syn_phrase;   /* into dict.els */

#define COMPAT_CODE 8
typedef struct {
    uint32_t el, n_el;        /* all elements, VERB included */
    uint32_t verb_at;         /* index of the VERB element within the pattern */
    uint32_t weight;          /* number of word/synset elements: longer wins */
    char code[COMPAT_CODE], code2[COMPAT_CODE];   /* code2: paired (target->source) */
    uint32_t line;
} pattern;

typedef struct {
    char code[COMPAT_CODE], code2[COMPAT_CODE];
    uint32_t pat_first, pat_n;   /* patterns of the block */
    uint32_t name;               /* word id of the block name */
} vblock;

typedef struct {
    uint32_t block;          /* 1-based */
    char code[COMPAT_CODE], code2[COMPAT_CODE];   /* own code ("" = block's) */
    uint32_t pre_el, n_pre;  /* particles that must precede the verb word directly */
    uint32_t post_el, n_post;
    uint32_t word;           /* the verb word (base form) */
} verb;

/* word form -> verbs: chained entries */
typedef struct { uint32_t verb, next; } vform;

/* ---- actors and agents: token trie ---- */
typedef struct {
    uint32_t code;           /* string id in dict.codes (word table); 0 = null code "---" */
    int32_t from, to;        /* days since 1970-01-01, inclusive */
} datecode;
typedef struct {
    uint32_t first_dc, n_dc; /* date-restricted codes, checked in order */
    uint32_t dflt;           /* default code (string id), 0 = none */
    bool has_dflt;
    uint8_t is_agent;        /* agent: code is a suffix (~X) or prefix (X~) */
    uint8_t agent_prefix;
    uint32_t line;
    uint32_t root;           /* the head phrase of the record (string id) */
} actor_entry;

typedef struct {
    uint32_t entry;          /* 1-based actor_entry, 0 = none */
    uint32_t ntok;
    bool gap_kids;           /* TABARI: a child reached over a blank ("AL GORE"): words may intervene */
    bool noun_end;           /* TABARI: phrase ending in an exact word ("LIBYA_"): -S -ES -'S -S' endings match */
} trie_node;

/* trie edge: parent node, word, gap (blank before the word, TABARI), stem (TABARI) */
static inline uint64_t compat_edge_key(uint32_t parent, uint32_t word, bool gap, bool stem)
{
    return ((uint64_t)parent << 32) | ((uint64_t)word << 2) | (gap ? 2u : 0u) | (stem ? 1u : 0u);
}

typedef struct compat_dict {
    annals_arena *arena;
    wtab words;              /* dictionary words and codes */
    pel *els; uint32_t n_els, cap_els;
    synset *syn; uint32_t n_syn, cap_syn;
    cmap syn_by_name;
    syn_phrase *syn_phr; uint32_t n_syn_phr, cap_syn_phr;
    pattern *pat; uint32_t n_pat, cap_pat;
    vblock *blk; uint32_t n_blk, cap_blk;
    verb *vb; uint32_t n_vb, cap_vb;
    vform *vf; uint32_t n_vf, cap_vf;
    cmap form_map;           /* word id -> first vform (1-based) */
    cmap stem_form_map;      /* TABARI stems: word id -> first vform */
    /* actor trie: edges (node, word|stem bit) -> child node */
    cmap edges;
    trie_node *nodes; uint32_t n_nodes, cap_nodes;
    actor_entry *act; uint32_t n_act, cap_act;
    datecode *dc; uint32_t n_dc, cap_dc;
    uint32_t max_stem;       /* longest TABARI stem in the trie (characters) */
    bool has_stems;
    /* discards: phrases; sentence (0) or story (1) */
    cmap disc_edges;
    uint8_t *disc_kind; uint32_t n_disc_nodes, cap_disc_nodes;
    size_t n_discards, n_issues, n_transforms, n_agents, n_actors, n_patterns, n_verbs, n_synsets;
    bool tabari;
    /* TABARI <NOUN> and <ADJECTIVE> lists (actors file): word id -> kind (1 noun, 2 adjective;
    ** +2 when the entry is a stem, without a final '_') */
    cmap pos_words;
    uint32_t max_pos_stem;
    /* TABARI options */
    bool opt_time_shift;
    int code_by;             /* SET: CODE BY CLAUSE (0, default), CODE BY SENTENCE (1), CODE ALL (2) */
    int min_words;           /* SET: MINIMUM WORDS: shorter sentences are not coded (0: off) */
    char def_src[16], def_tgt[16];   /* DEFAULT: SOURCE [X] PRIOR TARGET [Y] AFTER */
    bool def_prior, def_after;
    /* COMMA: comma-delimited clauses of MIN..MAX words (internal), EMIN..EMAX (last, to the
    ** end of the sentence), BMIN..BMAX (first, from its start) are deleted before coding */
    bool comma_on;
    bool forward;            /* FORWARD: a pronoun without an antecedent is the first actor of the previous sentence */
    bool convert_agent;      /* SET: CONVERT AGENT = TRUE: agents without an actor are coded ~AGENT */
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
    /* PETRARCH <Config> options */
    bool require_dyad;       /* default true: an event needs a coded source and target */
    int new_actor_length;    /* > 0: an uncoded noun phrase of at most this many words is coded by its text */
} compat_dict;

/* ---- the dialect table ----
** What PETRARCH2 (its unit-test records, docs/compat.md) and TABARI 0.8 (its
** Validate.text records and manual) do differently on the same words; a field is
** true where the dialect does what it says. One row each, in match.c; dict.c reads the
** two formats and keeps its own branches on d->tabari. */
typedef struct {
    /* tokens (compat.c) */
    bool blank_words;          /* words are blank-delimited: DIDN'T, GONDOR'S, ANTI- stay one word (TABARI) */
    /* actor and agent phrases (units.c) */
    bool noun_endings;         /* an exact actor word ("LIBYA_") also matches with -S -ES -'S -S' (TABARI) */
    bool near_gaps;            /* words between a phrase's words: at most two, inside its noun phrase
                               ** (PETRARCH); else wherever a gap edge allows them (TABARI) */
    bool null_code_is_noun;    /* an actor coded "---" is a plain noun, no actor (TABARI) */
    bool agent_only_unit;      /* an agent without an actor is a unit of its own, "---GOV" (PETRARCH);
                               ** else no unit, and CONVERT AGENT codes it "~GOV" (TABARI) */
    bool agent_of_anywhere;    /* "AGENT of ACTOR" makes a member of its own anywhere in a list (TABARI);
                               ** else only after a conjunction or comma (PETRARCH) */
    bool agent_member_after_cc;/* an agent right after a conjunction, no actor after it, is a member of
                               ** its own: "the Danish media and government" DNKMED, ---GOV (PETRARCH) */
    bool pronoun_first_actor;  /* text: a personal pronoun stands for the first actor of the sentence
                               ** (and FORWARD: for the previous sentence's) (TABARI) */
    /* tags, chunks and clauses of text without a parse (rawtag.c, commas.c) */
    bool verbs_by_form;        /* any dictionary verb form is a verb (modals too) unless an article
                               ** precedes it or it is capitalised (TABARI); else context rules (PETRARCH) */
    bool pos_lists;            /* the actors file's <NOUN> and <ADJECTIVE> lists tag words (TABARI) */
    bool from_joins_agent;     /* FROM joins a chunk with an agent and no actor: "soldiers from Gondor" (PETRARCH) */
    bool comma_opens_clause;   /* a comma before a noun phrase followed by its own verb ends the chunk and
                               ** the target search: "its embassy, a senior official said" (PETRARCH) */
    bool comma_in_noun_list;   /* a comma between two nouns or adjectives belongs to the noun phrase:
                               ** "complete, full diplomatic ties" (PETRARCH) */
    bool drop_asides;          /* text: a short parenthesis, "(EU)", is dropped (PETRARCH); else its
                               ** ( ) end clauses (TABARI) */
    bool tree_commas;          /* the comma_* options delete clauses of the parse tree (PETRARCH) */
    /* verbs, patterns and codes (match.c) */
    bool verb_stems;           /* verb entries may be stems: CALL matches CALLED (TABARI) */
    bool cmp_is_source;        /* `%` after the verb is source and target; else target only (TABARI) */
    bool actor_inside_chunk;   /* `$`/`+` stand for the actor phrase, so a pattern's words before it may
                               ** lie inside its chunk: "an ANTI- Gondor parade" (TABARI) */
    bool event_codes_only;     /* a code without a digit ([+++], [xxy]) is passed over (PETRARCH) */
    bool discard_code;         /* "###" on an actor or a verb discards the sentence (TABARI) */
    bool project_options;      /* MINIMUM WORDS, CODE BY and DEFAULT: of a project file apply (TABARI) */
    bool raw_dominance;        /* text: after a verb that coded, an infinitive or AFTER/WHEN clause is
                               ** part of its event (PETRARCH) */
    /* source and target (roles.c) */
    bool clause_source;        /* text: the source is the first actor of the verb's clause, else the
                               ** previous clause's source (TABARI) */
    bool subject_before_verb;  /* text: the phrase right before the verb is its subject, also with an
                               ** agent only or after AFTER, SINCE ... (PETRARCH) */
    bool target_not_source;    /* a target whose codes are all the source's is passed over (TABARI) */
    bool target_before_verb;   /* text: no target after the verb: the nearest actor before it in its
                               ** clause (TABARI) */
} compat_dialect;

extern const compat_dialect annals_compat_dialects[2];   /* [0] PETRARCH, [1] TABARI */

static inline const compat_dialect *dialect_of(const compat_dict *d)
{
    return &annals_compat_dialects[d->tabari ? 1 : 0];
}

/* A line reader shared by the dictionary readers: strips comments, counts lines. */
typedef struct {
    const char *path;
    const char *p, *end;
    size_t line;
    bool in_xml_comment;
    char *buf; size_t cap;
    annals_warn_fn warn; void *warn_arg;
    size_t n_warn;
    bool oom;                /* annals_compat_line_next stopped for want of memory */
} lreader;
void annals_compat_line_init(lreader *r, const char *path, const char *data, size_t len, annals_warn_fn warn, void *arg);
/* Next line with comments removed and trailing blanks trimmed; NULL at the end.
** *blank is set when the line was empty after stripping. raw_tab: line began with a tab. */
const char *annals_compat_line_next(lreader *r, bool *raw_tab);
/* Frees the reader; returns rc when < 0, else ANNALS_ENOMEM when annals_compat_line_next ran out of
** memory, else the number of lines reported. */
int annals_compat_line_end(lreader *r, int rc);
void annals_compat_line_warn(lreader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* dict building (dict.c) */
compat_dict *annals_compat_dict_new(bool tabari);
void annals_compat_dict_free(compat_dict *d);
int annals_compat_read_verbs(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
int annals_compat_read_actors(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
int annals_compat_read_agents(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
int annals_compat_read_discards(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
int annals_compat_read_issues(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
int annals_compat_read_options(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a);
/* Word counts an options command may set (MINIMUM WORDS, COMMA: lengths, new_actor_length). */
#define COMPAT_MAX_OPTION_WORDS 1000
/* one TABARI options command ("SET: CODE ALL", "DEFAULT: OFF" ...): 0 applied, 1 unknown,
** -1 a value out of range or not a number (err says which; nothing applied) */
int annals_compat_option_line(compat_dict *d, const char *line, char *err, size_t errlen);
int32_t annals_compat_parse_date(const char *s, size_t n, bool *ok);      /* YYYYMMDD or YYMMDD -> days */

/* ---- sentences to code ---- */
enum { P_OTHER = 0, P_NOUN, P_PROPN, P_VERB, P_DET, P_PREP, P_CC, P_PUNCT, P_PRON, P_ADJ, P_ADV, P_TO, P_MD, P_POS, P_NUM };

typedef struct tnode {        /* a Penn tree node */
    const char *label;        /* NP, VP, S ... or the POS tag of a preterminal */
    int parent;               /* -1 for the root */
    int first_child, next;    /* -1: none */
    int tok_b, tok_e;         /* token span [b, e) */
} tnode;

typedef struct {
    const char *w;            /* upper-case word (arena) */
    uint32_t len;
    uint32_t wid;             /* dictionary word id, 0 = not a dictionary word */
    uint8_t pos;              /* P_* */
    uint8_t vb_tag;           /* VB, VBD, VBZ, VBP, VBN, VBG: 1..6 */
    uint32_t src_off, src_len;/* bytes in the document text, when known */
    int leaf;                 /* tree node of the preterminal, -1 */
} ctok;

typedef struct {
    ctok *t; int n;
    tnode *node; int n_node;  /* NULL without a parse */
    int32_t date;             /* days since 1970 (for date-restricted actors) */
    annals_arena *arena;
    char fwd_in[64];          /* TABARI FORWARD: actor of the previous sentence ("" none) */
    char fwd_out[64];         /* set by the coder: the first actor of this sentence */
    bool oom;                 /* set by the coder: an allocation failed */
} csent;

/* tree.c */
int annals_compat_tree_read(csent *s, const char *text, annals_arena *a, char *err, size_t errlen);

/* a coded event (validation compares these) */
typedef struct {
    char src[64], tgt[64], code[COMPAT_CODE];
    int verb_tok;
    int src_b, src_e, tgt_b, tgt_e;
} compat_event;

/* compat.c: annals_compat_code_text with the TABARI FORWARD state carried from one call to
** the next (fwd: the first actor of the previous sentence, updated; "" for none) */
int annals_compat_code_text_fwd(const annals_compat *c, const char *text, const char *date, annals_buf *out,
                                annals_ctx *ctx, char fwd[64]);
/* compat.c: the six dictionary paths named by a TABARI .project file (validate.c reads
** them too); 0 or an ANNALS_ error */
int annals_compat_tabari_project(const char *project, char files[6][4096], annals_ctx *ctx);

/* match.c: codes one sentence; returns the number of events written (<= max), or
** ANNALS_ENOMEM when an allocation failed (never fewer events for it). The coder's
** files (match.c, units.c, roles.c, commas.c, rawtag.c) share match_internal.h. */
int annals_compat_code_sentence(const compat_dict *d, csent *s, compat_event *ev, int max);
/* rawtag.c: fills wid for tokens (after w/len are set) */
void annals_compat_prepare(const compat_dict *d, csent *s);
/* rawtag.c: coarse tags from word lists, for sentences without a parse */
void annals_compat_tag_raw(const compat_dict *d, csent *s);

#endif
