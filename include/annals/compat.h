/* SPDX-License-Identifier: MIT
** annals/compat.h -- code with PETRARCH2 and TABARI dictionaries, and run their suites.
**
** A compat coder reads a dictionary set unchanged: "petrarch:DIR" (the verbs
** file with its synonym sets, actors with date restrictions and +aliases,
** agents, discards, issues: every file of DIR is recognised by its name) or
** "tabari:FILE.project" (the .verbs, .actors, .agents and .options files the
** project names). A dictionary line that cannot be read goes to warn as
** "file:line: reason" and is skipped. Format notes: docs/compat.md.
** The coder is read-only once open: threads may share it for distinct docs. */
#ifndef ANNALS_COMPAT_H
#define ANNALS_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include "annals/doc.h"
#include "annals/mention.h"   /* annals_warn_fn */

typedef struct annals_compat annals_compat;

/* spec: "petrarch:DIR", "tabari:FILE.project", or a PETRARCH XML file's
** <Environment> via annals_compat_open_files(). Caller frees. */
int annals_compat_open(annals_compat **out, const char *spec, annals_warn_fn warn, void *warn_arg,
                       annals_ctx *ctx);
/* Explicit PETRARCH files; any may be NULL except verbs. actors: NULL-terminated list. */
int annals_compat_open_files(annals_compat **out, const char *verbs, const char *const *actors,
                             const char *agents, const char *discards, const char *issues,
                             annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
void annals_compat_free(annals_compat *c);            /* NULL: no-op */

/* PETRARCH <Config> options that change coding: "require_dyad" ("true"/"false":
** whether an uncoded noun phrase may stand as source or target, coded "---"),
** "new_actor_length" (N > 0: an uncoded noun phrase of at most N words is coded
** by its quoted upper-case text, possessive 's left out; 0: off), "comma_min",
** "comma_max", "comma_emin", "comma_emax", "comma_bmin", "comma_bmax" (lengths in words of
** the internal, last and first comma-delimited clauses deleted from a text or a parse
** tree before coding; a maximum of 0 turns that kind off),
** and "tabari" with a TABARI options command as value ("SET: CODE ALL", "COMMA: OFF",
** "FORWARD: ...", "SET: CONVERT AGENT = TRUE").
** Returns 0 when set, 1 for an unknown name or command, 2 for a bad value (nothing set):
** require_dyad not true/false/yes/no/1/0, a length not a whole number of words 0..1000. Not thread-safe: set options before
** sharing the coder. */
int annals_compat_set_option(annals_compat *c, const char *name, const char *value);

typedef struct {
    size_t verbs, patterns, synsets, actors, agents, discards, issues, transforms;
} annals_compat_stats;
void annals_compat_stats_get(const annals_compat *c, annals_compat_stats *out);

/* Fills doc->event (arena) from a segmented doc (tok/sent). Dates restricting
** actors are taken from doc->pub_date (today's rules apply when it is empty).
** Goldstein values and quad classes are left 0: annals_pipeline_run adds them
** from its coder's CAMEO table (the --data folder's cameo-codes.tsv). */
int annals_compat_code(const annals_compat *c, annals_doc *doc, annals_ctx *ctx);

/* One sentence from a Penn treebank bracketing (CoreNLP <Parse>); events are
** written as "SRC TGT CODE" lines into out (a caller's buffer). date: YYYYMMDD or NULL. */
int annals_compat_code_parse(const annals_compat *c, const char *parse, const char *date,
                             annals_buf *out, annals_ctx *ctx);
/* Same from plain text, tokenized and chunked by annals itself. */
int annals_compat_code_text(const annals_compat *c, const char *text, const char *date,
                            annals_buf *out, annals_ctx *ctx);

/* ---- validation suites ---- */
typedef struct {
    char id[64];
    char *expected;   /* "SRC TGT CODE; ..." (malloc) */
    char *produced;
    bool passed;
} annals_compat_record;

typedef struct {
    size_t records, passed;
    annals_compat_record *rec;   /* every record (failed ones have passed = false) */
    size_t n_rec;
} annals_compat_report;

/* PETRARCH unit-test XML: loads the dictionaries named by <Environment> (next to
** the XML file), codes every <Sentence> (from <Parse> when use_parse, else from
** <Text>) and compares with its <EventCoding> elements as sets. */
int annals_compat_validate_petrarch(const char *xml_path, bool use_parse, annals_compat_report *out,
                                    annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
/* TABARI .project with its validation text: records with expected `{ SRC / TGT / CODE }`
** lines; only records that carry expected events (or {+++}/{ NULL }) are counted. */
int annals_compat_validate_tabari(const char *project_path, annals_compat_report *out,
                                  annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
void annals_compat_report_free(annals_compat_report *r);

#endif
