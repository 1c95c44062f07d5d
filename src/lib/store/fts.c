/* SPDX-License-Identifier: MIT
** store/fts.c -- the full-text index over event evidence (SQLite FTS5).
**
** events_fts is an external-content FTS5 table over events.evidence (rowid =
** events.id): the text stays in events, the index holds only the tokens.
** Triggers keep it current as events are added, changed or removed. Created
** when a store is opened and missing (a store written before the index had it
** is indexed then, in the same transaction as the rest of the schema); its
** presence, not PRAGMA user_version, says whether it is there, so it does not
** take a schema version number. The query module (src/lib/query/) reads it for
** the q= filter. Also here: events_tgt, an index on events(tgt), so that an
** actor on either side (src = X OR tgt = X) is two index searches, not a scan
** (events_dyad serves src). */
#include <stddef.h>
#include <sqlite3.h>
#include "store_fts.h"

static const char fts_sql[] =
    "CREATE VIRTUAL TABLE events_fts USING fts5(evidence, content='events', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN\n"
    "  INSERT INTO events_fts(rowid, evidence) VALUES (new.id, new.evidence);\n"
    "END;\n"
    "CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN\n"
    "  INSERT INTO events_fts(events_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence);\n"
    "END;\n"
    "CREATE TRIGGER events_fts_au AFTER UPDATE OF evidence ON events BEGIN\n"
    "  INSERT INTO events_fts(events_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence);\n"
    "  INSERT INTO events_fts(rowid, evidence) VALUES (new.id, new.evidence);\n"
    "END;\n"
    "INSERT INTO events_fts(events_fts) VALUES ('rebuild');\n";

int annals_store_create_unless(sqlite3 *db, const char *table, const char *sql)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return SQLITE_OK;
    if (rc != SQLITE_DONE) return rc;
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int annals_store_fts_ensure(sqlite3 *db)
{
    int ix = sqlite3_exec(db, "CREATE INDEX IF NOT EXISTS events_tgt ON events(tgt)", NULL, NULL, NULL);
    if (ix != SQLITE_OK) return ix;
    return annals_store_create_unless(db, "events_fts", fts_sql);
}
