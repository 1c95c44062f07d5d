/* SPDX-License-Identifier: MIT
** annals/mention.h -- actors, places and dates in a segmented document.
**
** Loads the dictionaries under a data directory (data/actors/,
** data/people.txt, data/agents.txt, data/places.txt) once; then, per document,
** finds the words that name actors and composes them into actor phrases with a
** CAMEO code: a country or organisation plus a role ("Kazakh officials" ->
** KAZGOV, "Minister of Defense of Kazakhstan" -> KAZMIL, "the U.S. Embassy" ->
** USAGOV). A person the dictionary does not know takes the code of the role
** the text gives ("Karen Decker, the chargé d'affaires at the U.S. Embassy"),
** and later mentions of the surname, of the same title ("the Chief Executive")
** and pronouns (he, his) refer back to it. Dates ("on Friday, September 6",
** "today", "last week") are resolved against the publication date. */
#ifndef ANNALS_MENTION_H
#define ANNALS_MENTION_H

#include "annals/doc.h"
#include "annals/dict.h"

typedef struct annals_mentioner annals_mentioner;

typedef void (*annals_warn_fn)(void *arg, const char *msg);

/* Loads every dictionary of data_dir. Bad dictionary lines go to warn and are
** skipped. Returns 0, or < 0 when a required file is missing or unreadable. */
int annals_mentioner_open(annals_mentioner **out, const char *data_dir,
                          annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
/* Adds one more actor dictionary file (e.g. a user's own). */
int annals_mentioner_add_file(annals_mentioner *m, const char *path,
                              annals_warn_fn warn, void *warn_arg, annals_ctx *ctx);
void annals_mentioner_free(annals_mentioner *m);
size_t annals_mentioner_size(const annals_mentioner *m);   /* entries loaded */

/* Fills doc->mention (arena). Needs doc->tok/sent. Thread-safe for distinct docs. */
int annals_mention_run(const annals_mentioner *m, annals_doc *doc, annals_ctx *ctx);

#endif
