#!/usr/bin/env python3
"""rollup_check.py -- checks of the event date index and rollups (tests/cli/rollup.sh).

usage: rollup_check.py ANNALS_BINARY STORE DATA_DIR
"""
import json
import shutil
import sqlite3
import subprocess
import sys

BIN, STORE, DATA = sys.argv[1], sys.argv[2], sys.argv[3]
passed = failed = 0


def check(what, cond, detail=None):
    global passed, failed
    if cond:
        passed += 1
        print('ok   ' + what)
    else:
        failed += 1
        print('FAIL ' + what + ('' if detail is None else ': ' + repr(detail)[:600]))


def recomputed(db):
    """events_day, rollup_day, rollup_dyad as they must be, from the events."""
    day = db.execute("SELECT e.id, coalesce(e.date, d.pub_date, '') FROM events e"
                     " LEFT JOIN documents d ON d.id = e.doc_id ORDER BY 1").fetchall()
    rday = db.execute("SELECT coalesce(e.date, d.pub_date, ''), e.root, coalesce(e.quad_class, 0), count(*),"
                      " count(e.goldstein), CAST(total(round(e.goldstein * 1000)) AS INTEGER)"
                      " FROM events e LEFT JOIN documents d ON d.id = e.doc_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()
    rmonth = db.execute("SELECT substr(coalesce(e.date, d.pub_date), 1, 7), e.root, coalesce(e.quad_class, 0), count(*),"
                        " count(e.goldstein), CAST(total(round(e.goldstein * 1000)) AS INTEGER)"
                        " FROM events e LEFT JOIN documents d ON d.id = e.doc_id"
                        " WHERE length(coalesce(e.date, d.pub_date, '')) = 10 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()
    rdyad = db.execute("SELECT src, tgt, coalesce(quad_class, 0), count(*), count(goldstein),"
                       " CAST(total(round(goldstein * 1000)) AS INTEGER) FROM events"
                       " WHERE src IS NOT NULL AND tgt IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()
    return day, rday, rmonth, rdyad


def stored(db):
    return (db.execute("SELECT id, day FROM events_day ORDER BY 1").fetchall(),
            db.execute("SELECT day, root, quad, n, gn, gsum FROM rollup_day ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT month, root, quad, n, gn, gsum FROM rollup_month ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT src, tgt, quad, n, gn, gsum FROM rollup_dyad ORDER BY 1, 2, 3").fetchall())


def check_tables(db, when):
    want, got = recomputed(db), stored(db)
    for name, w, g in zip(('events_day', 'rollup_day', 'rollup_month', 'rollup_dyad'), want, got):
        check('%s %s: equal to the events' % (name, when), w == g and len(w) > 0, (len(w), len(g)))


def query(store, *args):
    p = subprocess.run([BIN, 'query', '--db', store, '--data', DATA] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# -- the tables, kept current by the triggers ------------------------------
db = sqlite3.connect(STORE)
names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
check('the store has events_day, its index, rollup_day, rollup_month and rollup_dyad',
      {'events_day', 'events_day_day', 'rollup_day', 'rollup_month', 'rollup_dyad'} <= names, names)
if failed:
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1)
check_tables(db, 'after ingest')
db.close()

shutil.copy(STORE, 'changed.db')
db = sqlite3.connect('changed.db')
db.execute('PRAGMA foreign_keys=ON')
n_before = db.execute('SELECT count(*) FROM events').fetchone()[0]
doc = db.execute('SELECT doc_id FROM events GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1').fetchone()[0]
db.execute('DELETE FROM documents WHERE id = ?', (doc,))
check('deleting a document deletes its events', db.execute('SELECT count(*) FROM events').fetchone()[0] < n_before)
check_tables(db, 'after a document was deleted')
ids = [r[0] for r in db.execute('SELECT id FROM events ORDER BY id LIMIT 6')]
db.execute("UPDATE events SET code = '190', root = '19', quad_class = 4, goldstein = -10 WHERE id = ?", (ids[0],))
db.execute("UPDATE events SET src = 'ZZZGOV', tgt = 'YYY' WHERE id = ?", (ids[1],))
db.execute("UPDATE events SET src = NULL WHERE id = ?", (ids[2],))
db.execute("UPDATE events SET goldstein = NULL, quad_class = NULL WHERE id = ?", (ids[3],))
db.execute("UPDATE events SET date = '2030-01-02' WHERE id = ?", (ids[4],))
db.execute("UPDATE events SET date = NULL WHERE id = ?", (ids[5],))
check_tables(db, 'after events were changed')
undated_doc = db.execute('SELECT doc_id FROM events WHERE date IS NULL LIMIT 1').fetchone()[0]
db.execute("UPDATE documents SET pub_date = '2031-05-06' WHERE id = ?", (undated_doc,))
check('the changed publication date is the date of its undated events',
      db.execute("SELECT count(*) FROM events_day WHERE day = '2031-05-06'").fetchone()[0] > 0)
check_tables(db, "after a document's date changed")
db.execute("INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt, date, evidence)"
           " SELECT doc_id, sentence_idx, code, root, quad_class, goldstein + 0.1, src, tgt, date, evidence"
           " FROM events WHERE id IN (SELECT id FROM events ORDER BY id DESC LIMIT 5)")
db.execute('DELETE FROM events WHERE id = ?', (ids[1],))
check_tables(db, 'after events were added and one deleted')
db.commit()
db.close()

# -- the same answers with and without them --------------------------------
shutil.copy(STORE, 'plain.db')
db = sqlite3.connect('plain.db')
db.executescript('DROP TRIGGER events_rollup_ai; DROP TRIGGER events_rollup_ad; DROP TRIGGER events_rollup_au;'
                 ' DROP TRIGGER documents_rollup_au; DROP TABLE events_day; DROP TABLE rollup_day; DROP TABLE rollup_month;'
                 ' DROP TABLE rollup_dyad;')
db.close()

ROLLUP_ANSWERS = [  # answered from the rollups
    ['timeline'], ['timeline', '--interval', 'day'], ['timeline', '--interval', 'week', '--by', 'root'],
    ['timeline', '--quad', '3,4', '--from', '2022-01', '--to', '2023'], ['timeline', '--from', '2022-03-05'], ['timeline', '--root', '04,11', '--by', 'root'],
    ['timeline', '--code', '01,17', '--interval', 'week'], ['timeline', '--format', 'csv'],
    ['network'], ['network', '--quad', '1'], ['network', '--actor', 'KAZ'], ['network', '--src', 'RUS', '--limit', '3'],
    ['network', '--dyad', 'KAZGOV,RUSGOV', '--directed', '0'], ['network', '--format', 'csv'],
]
EVENT_ANSWERS = [  # from the events (filters the rollups do not hold)
    ['timeline', '--actor', 'KAZ'], ['timeline', '--code', '051'], ['timeline', '--outlet', 'Example Wire'],
    ['timeline', '--q', 'minister', '--interval', 'day'], ['network', '--from', '2022', '--to', '2022-12-31'],
    ['network', '--root', '04'], ['network', '--min-confidence', '0.5'], ['geo'], ['geo', '--from', '2022'],
    ['actors'], ['actors', '--to', '2022-06'],
]
for args in ROLLUP_ANSWERS + EVENT_ANSWERS:
    a, b = query(STORE, *args), query('plain.db', *args)
    check('annals query %s: the same answer with and without the rollups' % ' '.join(args),
          a == b and a[0] == 0 and len(a[1]) > 40, (a, b))

# pages by date follow events_day's index: every page, both ways, as without it
PAGES = [[], ['--from', '2022-03'], ['--quad', '4'], ['--code', '04', '--to', '2023'], ['--dyad', 'KAZGOV,RUSGOV'],
         ['--actor', 'RUS', '--from', '2022']]
for filt in PAGES:
    for sort in ('date', '-date'):
        pages = {}
        for store in (STORE, 'plain.db'):
            cursor, got = None, []
            for _ in range(200):
                rc, out, err = query(store, *(filt + ['--sort', sort, '--limit', '4'] + (['--cursor', cursor] if cursor else [])))
                d = json.loads(out) if rc == 0 else {}
                got += [(e['date'], e['id']) for e in d.get('events', [])]
                cursor = d.get('next_cursor')
                if not cursor:
                    break
            pages[store] = got
        want = sorted(pages['plain.db'], reverse=sort == '-date')
        check('events %s --sort %s: every page the same as without events_day, in order'
              % (' '.join(filt), sort), pages[STORE] == pages['plain.db'] == want and want, pages)

# the rollups are what answers: altered, they change the answer
shutil.copy(STORE, 'altered.db')
db = sqlite3.connect('altered.db')
db.executescript('UPDATE rollup_day SET n = n + 1000; UPDATE rollup_month SET n = n + 2000;'
                 ' UPDATE rollup_dyad SET n = n + 1000;')
db.close()
for args in (['timeline'], ['timeline', '--quad', '4', '--from', '2022'], ['timeline', '--interval', 'day'],
             ['timeline', '--to', '2023-05-31'], ['network'], ['network', '--actor', 'KAZ']):
    a, b = query(STORE, *args), query('altered.db', *args)
    check('annals query %s: answered from the rollups' % ' '.join(args), a[0] == 0 and a[1] != b[1], (a, b))
for args in (['timeline', '--actor', 'KAZ'], ['network', '--from', '2022']):
    a, b = query(STORE, *args), query('altered.db', *args)
    check('annals query %s: answered from the events' % ' '.join(args), a[0] == 0 and a[1] == b[1], (a, b))

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
