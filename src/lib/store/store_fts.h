/* SPDX-License-Identifier: MIT
** store/store_fts.h -- private to the store: creates the FTS5 index over event
** evidence (fts.c) when the store is opened. */
#ifndef ANNALS_STORE_FTS_H
#define ANNALS_STORE_FTS_H

#include <sqlite3.h>

/* Creates events_fts, its triggers and fills it from events, unless it is
** there, and the index events_tgt. Run inside the schema transaction. An
** SQLite result code. */
int annals_store_fts_ensure(sqlite3 *db);

#endif
