/* SPDX-License-Identifier: MIT
** store/store_fts.h -- private to the store: creates the FTS5 index over event
** evidence (fts.c) and the event date index and rollups (rollup.c) when the
** store is opened. */
#ifndef ANNALS_STORE_FTS_H
#define ANNALS_STORE_FTS_H

#include <sqlite3.h>

/* Runs sql (which creates table, among others) unless table exists: the check of both
** functions below. An SQLite result code. */
int annals_store_create_unless(sqlite3 *db, const char *table, const char *sql);

/* Creates events_fts, its triggers and fills it from events, unless it is
** there, and the index events_tgt. Run inside the schema transaction. An
** SQLite result code. */
int annals_store_fts_ensure(sqlite3 *db);

/* Creates events_day, rollup_day, rollup_month, rollup_dyad and their triggers and fills
** them from events, unless they are there. Run inside the schema transaction.
** An SQLite result code. */
int annals_store_rollup_ensure(sqlite3 *db);

#endif
