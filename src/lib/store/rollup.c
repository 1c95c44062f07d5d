/* SPDX-License-Identifier: MIT
** store/rollup.c -- the event date index and the rollups of events that the
** query module answers aggregates from (docs/store.md, "Rollups").
**
** events_day holds every event's date as the queries use it (its own, else its
** document's publication date, else ''), indexed, so that date-sorted pages
** and date ranges are index searches. rollup_day counts events per day, root
** and quad class; rollup_month per month, root and quad class (events with a
** full date); rollup_dyad per source, target and quad class (both codes
** known); each with the number of events with a Goldstein score and the sum of
** their scores in thousandths (whole numbers, so a sum is exact in any order
** and a mean from the rollup is the mean from the events to the last digit).
** Triggers keep all three current as events are added, changed or removed (and
** when a document's publication date changes). Created and filled when a
** store is opened without them, in the same transaction as the rest of the
** schema; the presence of rollup_month, not PRAGMA user_version, marks them
** (a store with only some of them has them made again).
**
** A second set, with triggers of its own and marked by rollup_actor, answers
** the network, geo and actors without dates: rollup_pair per source and
** target with an index by count (the busiest dyads first), an index of
** rollup_dyad by quad class and count, rollup_place per place, root and quad
** class, rollup_actor per code, its words, root and quad class (events as
** source and as target). A store made before it gets only it when opened. */
#include <stddef.h>
#include <sqlite3.h>
#include "store_fts.h"

/* The date of event row R ("new" or "old" in a trigger). */
#define DAY_OF(R) "coalesce(" R ".date, (SELECT pub_date FROM documents WHERE id = " R ".doc_id), '')"
#define QUAD_OF(R) "coalesce(" R ".quad_class, 0)"
#define MILLI_OF(R) "coalesce(round(" R ".goldstein * 1000), 0)"

/* The month of event row R with a full date (from events_day), else NULL. */
#define MONTH_OF(R) "(SELECT substr(day, 1, 7) FROM events_day WHERE id = " R ".id AND length(day) = 10)"

/* Counts event row R into the rollups (its day read from events_day). */
#define ADD(R)                                                                                                    \
    "  INSERT INTO rollup_day(day, root, quad, n, gn, gsum) VALUES ((SELECT day FROM events_day WHERE id = " R    \
    ".id), " R ".root, " QUAD_OF(R) ", 1, " R ".goldstein IS NOT NULL, " MILLI_OF(R) ")\n"                      \
    "    ON CONFLICT DO UPDATE SET n = n + 1, gn = gn + excluded.gn, gsum = gsum + excluded.gsum;\n"             \
    "  INSERT INTO rollup_month(month, root, quad, n, gn, gsum) SELECT substr(day, 1, 7), " R ".root, " QUAD_OF(R) \
    ", 1, " R ".goldstein IS NOT NULL, " MILLI_OF(R) " FROM events_day WHERE id = " R ".id AND length(day) = 10\n" \
    "    ON CONFLICT DO UPDATE SET n = n + 1, gn = gn + excluded.gn, gsum = gsum + excluded.gsum;\n"             \
    "  INSERT INTO rollup_dyad(src, tgt, quad, n, gn, gsum) SELECT " R ".src, " R ".tgt, " QUAD_OF(R) ", 1, " R  \
    ".goldstein IS NOT NULL, " MILLI_OF(R) " WHERE " R ".src IS NOT NULL AND " R ".tgt IS NOT NULL\n"            \
    "    ON CONFLICT DO UPDATE SET n = n + 1, gn = gn + excluded.gn, gsum = gsum + excluded.gsum;\n"

/* Takes event row R out of the rollups (before its events_day row changes). */
#define SUB(R)                                                                                                    \
    "  UPDATE rollup_day SET n = n - 1, gn = gn - (" R ".goldstein IS NOT NULL), gsum = gsum - " MILLI_OF(R)     \
    "   WHERE day = (SELECT day FROM events_day WHERE id = " R ".id) AND root = " R ".root AND quad = " QUAD_OF(R) ";\n" \
    "  DELETE FROM rollup_day WHERE day = (SELECT day FROM events_day WHERE id = " R ".id) AND root = " R ".root"  \
    "   AND quad = " QUAD_OF(R) " AND n <= 0;\n"                                                                  \
    "  UPDATE rollup_month SET n = n - 1, gn = gn - (" R ".goldstein IS NOT NULL), gsum = gsum - " MILLI_OF(R)   \
    "   WHERE month = " MONTH_OF(R) " AND root = " R ".root AND quad = " QUAD_OF(R) ";\n"                         \
    "  DELETE FROM rollup_month WHERE month = " MONTH_OF(R) " AND root = " R ".root AND quad = " QUAD_OF(R)       \
    " AND n <= 0;\n"                                                                                             \
    "  UPDATE rollup_dyad SET n = n - 1, gn = gn - (" R ".goldstein IS NOT NULL), gsum = gsum - " MILLI_OF(R)    \
    "   WHERE src = " R ".src AND tgt = " R ".tgt AND quad = " QUAD_OF(R) ";\n"                                    \
    "  DELETE FROM rollup_dyad WHERE src = " R ".src AND tgt = " R ".tgt AND quad = " QUAD_OF(R) " AND n <= 0;\n"

static const char rollup_sql[] =
    "DROP TRIGGER IF EXISTS events_rollup_ai; DROP TRIGGER IF EXISTS events_rollup_ad;\n"
    "DROP TRIGGER IF EXISTS events_rollup_au; DROP TRIGGER IF EXISTS documents_rollup_au;\n"
    "DROP TABLE IF EXISTS events_day; DROP TABLE IF EXISTS rollup_day; DROP TABLE IF EXISTS rollup_dyad;\n"
    /* and the second set (below), made again after this one */
    "DROP TABLE IF EXISTS rollup_actor;\n"
    "CREATE TABLE events_day(id INTEGER PRIMARY KEY, day TEXT NOT NULL);\n"
    "CREATE TABLE rollup_day(day TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    " n INTEGER NOT NULL, gn INTEGER NOT NULL, gsum INTEGER NOT NULL, PRIMARY KEY(day, root, quad)) WITHOUT ROWID;\n"
    "CREATE TABLE rollup_month(month TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    " n INTEGER NOT NULL, gn INTEGER NOT NULL, gsum INTEGER NOT NULL, PRIMARY KEY(month, root, quad)) WITHOUT ROWID;\n"
    "CREATE TABLE rollup_dyad(src TEXT NOT NULL, tgt TEXT NOT NULL, quad INTEGER NOT NULL,"
    " n INTEGER NOT NULL, gn INTEGER NOT NULL, gsum INTEGER NOT NULL, PRIMARY KEY(src, tgt, quad)) WITHOUT ROWID;\n"
    "INSERT INTO events_day(id, day) SELECT e.id, coalesce(e.date, d.pub_date, '')"
    " FROM events e LEFT JOIN documents d ON d.id = e.doc_id;\n"
    "CREATE INDEX events_day_day ON events_day(day);\n"
    "INSERT INTO rollup_day(day, root, quad, n, gn, gsum) SELECT k.day, e.root, " QUAD_OF("e") ", count(*),"
    " count(e.goldstein), total(round(e.goldstein * 1000)) FROM events e JOIN events_day k ON k.id = e.id"
    " GROUP BY 1, 2, 3;\n"
    "INSERT INTO rollup_month(month, root, quad, n, gn, gsum) SELECT substr(day, 1, 7), root, quad, sum(n), sum(gn),"
    " sum(gsum) FROM rollup_day WHERE length(day) = 10 GROUP BY 1, 2, 3;\n"
    "INSERT INTO rollup_dyad(src, tgt, quad, n, gn, gsum) SELECT e.src, e.tgt, " QUAD_OF("e") ", count(*),"
    " count(e.goldstein), total(round(e.goldstein * 1000)) FROM events e"
    " WHERE e.src IS NOT NULL AND e.tgt IS NOT NULL GROUP BY 1, 2, 3;\n"
    "CREATE TRIGGER events_rollup_ai AFTER INSERT ON events BEGIN\n"
    "  INSERT INTO events_day(id, day) VALUES (new.id, " DAY_OF("new") ");\n"
    ADD("new")
    "END;\n"
    "CREATE TRIGGER events_rollup_ad AFTER DELETE ON events BEGIN\n"
    SUB("old")
    "  DELETE FROM events_day WHERE id = old.id;\n"
    "END;\n"
    "CREATE TRIGGER events_rollup_au AFTER UPDATE OF id, doc_id, date, root, quad_class, goldstein, src, tgt"
    " ON events BEGIN\n"
    SUB("old")
    "  DELETE FROM events_day WHERE id = old.id;\n"
    "  INSERT INTO events_day(id, day) VALUES (new.id, " DAY_OF("new") ");\n"
    ADD("new")
    "END;\n"
    /* the events that take their document's date move with it: an update of
       their date (to what it is) runs events_rollup_au */
    "CREATE TRIGGER documents_rollup_au AFTER UPDATE OF pub_date ON documents BEGIN\n"
    "  UPDATE events SET date = NULL WHERE doc_id = new.id AND date IS NULL;\n"
    "END;\n";

/* The rollups that answer without dates (rollup_pair, rollup_place,
** rollup_actor, and the index of rollup_dyad by quad class and count): their
** own triggers, so that a store made before them gets only them. */
#define PAIR_UPSERT(R, SIGN)                                                                                      \
    "  INSERT INTO rollup_pair(src, tgt, n, gn, gsum) SELECT " R ".src, " R ".tgt, " SIGN "1, " SIGN "(" R       \
    ".goldstein IS NOT NULL), " SIGN MILLI_OF(R) " WHERE " R ".src IS NOT NULL AND " R ".tgt IS NOT NULL\n"       \
    "    ON CONFLICT DO UPDATE SET n = n + excluded.n, gn = gn + excluded.gn, gsum = gsum + excluded.gsum;\n"
#define PLACE_UPSERT(R, SIGN)                                                                                     \
    "  INSERT INTO rollup_place(place, root, quad, n, gn, gsum) SELECT " R ".place, " R ".root, " QUAD_OF(R)      \
    ", " SIGN "1, " SIGN "(" R ".goldstein IS NOT NULL), " SIGN MILLI_OF(R) " WHERE " R ".place IS NOT NULL\n"    \
    "    ON CONFLICT DO UPDATE SET n = n + excluded.n, gn = gn + excluded.gn, gsum = gsum + excluded.gsum;\n"
/* both sides of event R: (code, words, root, quad) with 1 as source or as target */
#define ACTOR_UPSERT(R, SIGN)                                                                                     \
    "  INSERT INTO rollup_actor(code, txt, root, quad, ns, nt) SELECT " R ".src, coalesce(" R ".src_text, ''), "  \
    R ".root, " QUAD_OF(R) ", " SIGN "1, 0 WHERE " R ".src IS NOT NULL\n"                                       \
    "    ON CONFLICT DO UPDATE SET ns = ns + excluded.ns;\n"                                                      \
    "  INSERT INTO rollup_actor(code, txt, root, quad, ns, nt) SELECT " R ".tgt, coalesce(" R ".tgt_text, ''), "  \
    R ".root, " QUAD_OF(R) ", 0, " SIGN "1 WHERE " R ".tgt IS NOT NULL\n"                                       \
    "    ON CONFLICT DO UPDATE SET nt = nt + excluded.nt;\n"
#define ADD2(R) PAIR_UPSERT(R, "") PLACE_UPSERT(R, "") ACTOR_UPSERT(R, "")
#define SUB2(R)                                                                                                   \
    PAIR_UPSERT(R, "-") PLACE_UPSERT(R, "-") ACTOR_UPSERT(R, "-")                                                  \
    "  DELETE FROM rollup_pair WHERE src = " R ".src AND tgt = " R ".tgt AND n <= 0;\n"                           \
    "  DELETE FROM rollup_place WHERE place = " R ".place AND root = " R ".root AND quad = " QUAD_OF(R)           \
    " AND n <= 0;\n"                                                                                              \
    "  DELETE FROM rollup_actor WHERE code IN (" R ".src, " R ".tgt) AND root = " R ".root AND quad = " QUAD_OF(R) \
    " AND ns <= 0 AND nt <= 0;\n"

static const char rollup2_sql[] =
    "DROP TRIGGER IF EXISTS events_rollup2_ai; DROP TRIGGER IF EXISTS events_rollup2_ad;\n"
    "DROP TRIGGER IF EXISTS events_rollup2_au;\n"
    "DROP TABLE IF EXISTS rollup_pair; DROP TABLE IF EXISTS rollup_place; DROP TABLE IF EXISTS rollup_actor;\n"
    "DROP INDEX IF EXISTS rollup_dyad_quad_n;\n"
    "CREATE TABLE rollup_pair(src TEXT NOT NULL, tgt TEXT NOT NULL,"
    " n INTEGER NOT NULL, gn INTEGER NOT NULL, gsum INTEGER NOT NULL, PRIMARY KEY(src, tgt)) WITHOUT ROWID;\n"
    "CREATE TABLE rollup_place(place TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    " n INTEGER NOT NULL, gn INTEGER NOT NULL, gsum INTEGER NOT NULL, PRIMARY KEY(place, root, quad)) WITHOUT ROWID;\n"
    "CREATE TABLE rollup_actor(code TEXT NOT NULL, txt TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    " ns INTEGER NOT NULL, nt INTEGER NOT NULL, PRIMARY KEY(code, txt, root, quad)) WITHOUT ROWID;\n"
    "INSERT INTO rollup_pair(src, tgt, n, gn, gsum) SELECT src, tgt, sum(n), sum(gn), sum(gsum) FROM rollup_dyad"
    " GROUP BY 1, 2;\n"
    "INSERT INTO rollup_place(place, root, quad, n, gn, gsum) SELECT e.place, e.root, " QUAD_OF("e") ", count(*),"
    " count(e.goldstein), total(round(e.goldstein * 1000)) FROM events e WHERE e.place IS NOT NULL GROUP BY 1, 2, 3;\n"
    "INSERT INTO rollup_actor(code, txt, root, quad, ns, nt) SELECT code, txt, root, quad, sum(s), sum(t) FROM ("
    " SELECT e.src AS code, coalesce(e.src_text, '') AS txt, e.root AS root, " QUAD_OF("e") " AS quad, 1 AS s, 0 AS t"
    " FROM events e WHERE e.src IS NOT NULL UNION ALL SELECT e.tgt, coalesce(e.tgt_text, ''), e.root, " QUAD_OF("e")
    ", 0, 1 FROM events e WHERE e.tgt IS NOT NULL) GROUP BY 1, 2, 3, 4;\n"
    /* the network's edges in the order it wants them: the busiest first */
    "CREATE INDEX rollup_pair_n ON rollup_pair(n DESC, src, tgt);\n"
    /* an actor on either side: two index searches (the query module's estimates) */
    "CREATE INDEX rollup_pair_tgt ON rollup_pair(tgt);\n"
    "CREATE INDEX rollup_dyad_quad_n ON rollup_dyad(quad, n DESC, src, tgt);\n"
    "CREATE TRIGGER events_rollup2_ai AFTER INSERT ON events BEGIN\n"
    ADD2("new")
    "END;\n"
    "CREATE TRIGGER events_rollup2_ad AFTER DELETE ON events BEGIN\n"
    SUB2("old")
    "END;\n"
    "CREATE TRIGGER events_rollup2_au AFTER UPDATE OF id, root, quad_class, goldstein, src, tgt, src_text, tgt_text,"
    " place ON events BEGIN\n"
    SUB2("old")
    ADD2("new")
    "END;\n";

int annals_store_rollup_ensure(sqlite3 *db)
{
    int rc = annals_store_create_unless(db, "rollup_month", rollup_sql);
    /* rollup_actor is made last: it marks the second set */
    if (rc == SQLITE_OK) rc = annals_store_create_unless(db, "rollup_actor", rollup2_sql);
    /* a page of one dyad and quad class reads only its events' index entries */
    return rc != SQLITE_OK ? rc
                           : sqlite3_exec(db, "CREATE INDEX IF NOT EXISTS events_dyad_quad ON events(src, tgt, quad_class)",
                                          NULL, NULL, NULL);
}
