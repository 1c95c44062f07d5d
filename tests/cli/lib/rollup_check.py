#!/usr/bin/env python3
"""rollup_check.py -- checks of the event date index and rollups (tests/cli/rollup.sh).

usage: rollup_check.py ANNALS_BINARY STORE DATA_DIR
"""
import json
import os
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


def counted(db, keys, where='1'):
    """Events (with their document's date) grouped by the SQL expressions keys: them,
    count, count of scores, sum of the scores in thousandths."""
    by = ', '.join(str(i + 1) for i in range(len(keys)))
    return db.execute("SELECT %s, count(*), count(e.goldstein), CAST(total(round(e.goldstein * 1000)) AS INTEGER)"
                      " FROM events e LEFT JOIN documents d ON d.id = e.doc_id WHERE %s GROUP BY %s ORDER BY %s"
                      % (', '.join(keys), where, by, by)).fetchall()


def recomputed(db):
    """events_day and the rollups as they must be, from the events."""
    day = db.execute("SELECT e.id, coalesce(e.date, d.pub_date, '') FROM events e"
                     " LEFT JOIN documents d ON d.id = e.doc_id ORDER BY 1").fetchall()
    quad = 'coalesce(e.quad_class, 0)'
    rday = counted(db, ["coalesce(e.date, d.pub_date, '')", 'e.root', quad])
    rmonth = counted(db, ['substr(coalesce(e.date, d.pub_date), 1, 7)', 'e.root', quad],
                     "length(coalesce(e.date, d.pub_date, '')) = 10")
    known = 'e.src IS NOT NULL AND e.tgt IS NOT NULL'
    rdyad = counted(db, ['e.src', 'e.tgt', quad], known)
    rpair = counted(db, ['e.src', 'e.tgt'], known)
    rplace = counted(db, ['e.place', 'e.root', quad], 'e.place IS NOT NULL')
    ractor = db.execute("SELECT code, txt, root, quad, sum(s), sum(t) FROM ("
                        " SELECT src AS code, coalesce(src_text, '') AS txt, root, coalesce(quad_class, 0) AS quad,"
                        " 1 AS s, 0 AS t FROM events WHERE src IS NOT NULL UNION ALL"
                        " SELECT tgt, coalesce(tgt_text, ''), root, coalesce(quad_class, 0), 0, 1 FROM events"
                        " WHERE tgt IS NOT NULL) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4").fetchall()
    return day, rday, rmonth, rdyad, rpair, rplace, ractor


def stored(db):
    return (db.execute("SELECT id, day FROM events_day ORDER BY 1").fetchall(),
            db.execute("SELECT day, root, quad, n, gn, gsum FROM rollup_day ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT month, root, quad, n, gn, gsum FROM rollup_month ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT src, tgt, quad, n, gn, gsum FROM rollup_dyad ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT src, tgt, n, gn, gsum FROM rollup_pair ORDER BY 1, 2").fetchall(),
            db.execute("SELECT place, root, quad, n, gn, gsum FROM rollup_place ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT code, txt, root, quad, ns, nt FROM rollup_actor ORDER BY 1, 2, 3, 4").fetchall())

NAMES = ('events_day', 'rollup_day', 'rollup_month', 'rollup_dyad', 'rollup_pair', 'rollup_place', 'rollup_actor')


def check_tables(db, when):
    want, got = recomputed(db), stored(db)
    for name, w, g in zip(NAMES, want, got):
        check('%s %s: equal to the events' % (name, when), w == g and len(w) > 0, (len(w), len(g)))


def query(store, *args, env=None):
    p = subprocess.run([BIN, 'query', '--db', store, '--data', DATA] + list(args), capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


# -- the tables, kept current by the triggers ------------------------------
db = sqlite3.connect(STORE)
names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
check('the store has events_day, the rollups and their indexes',
      set(NAMES) | {'events_day_day', 'rollup_pair_n', 'rollup_pair_tgt', 'rollup_dyad_quad_n', 'events_dyad_quad'}
      <= names, names)
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
placed = [r[0] for r in db.execute('SELECT id FROM events WHERE place IS NOT NULL ORDER BY id LIMIT 2')]
db.execute("UPDATE events SET place = 'Nowhere Town', src_text = 'someone' WHERE id = ?", (placed[0],))
db.execute("UPDATE events SET place = NULL, tgt_text = NULL WHERE id = ?", (placed[1],))
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

# -- a store made before the second set of rollups gets it when opened -----
os.makedirs('empty', exist_ok=True)
shutil.copy(STORE, 'old.db')
db = sqlite3.connect('old.db')
db.executescript('DROP TRIGGER events_rollup2_ai; DROP TRIGGER events_rollup2_ad; DROP TRIGGER events_rollup2_au;'
                 ' DROP TABLE rollup_pair; DROP TABLE rollup_place; DROP TABLE rollup_actor; DROP INDEX rollup_dyad_quad_n;')
db.close()
p = subprocess.run([BIN, 'ingest', 'empty', '--db', 'old.db', '--no-progress', '--no-summary'], capture_output=True, text=True)
check('annals ingest opens a store without rollup_pair, rollup_place, rollup_actor', p.returncode == 0, p.stderr)
db = sqlite3.connect('old.db')
check('... and makes them', {'rollup_pair', 'rollup_place', 'rollup_actor', 'rollup_pair_n', 'rollup_dyad_quad_n'}
      <= {r[0] for r in db.execute("SELECT name FROM sqlite_master")})
check_tables(db, 'made at open')
db.close()

# -- the same answers with and without them --------------------------------
shutil.copy(STORE, 'plain.db')
db = sqlite3.connect('plain.db')
db.executescript('DROP TRIGGER events_rollup_ai; DROP TRIGGER events_rollup_ad; DROP TRIGGER events_rollup_au;'
                 ' DROP TRIGGER documents_rollup_au; DROP TABLE events_day; DROP TABLE rollup_day; DROP TABLE rollup_month;'
                 ' DROP TABLE rollup_dyad; DROP TRIGGER events_rollup2_ai; DROP TRIGGER events_rollup2_ad;'
                 ' DROP TRIGGER events_rollup2_au; DROP TABLE rollup_pair; DROP TABLE rollup_place; DROP TABLE rollup_actor;')
db.close()

ROLLUP_ANSWERS = [  # answered from the rollups
    ['timeline'], ['timeline', '--interval', 'day'], ['timeline', '--interval', 'week', '--by', 'root'],
    ['timeline', '--quad', '3,4', '--from', '2022-01', '--to', '2023'], ['timeline', '--from', '2022-03-05'], ['timeline', '--root', '04,11', '--by', 'root'],
    ['timeline', '--code', '01,17', '--interval', 'week'], ['timeline', '--format', 'csv'],
    ['network'], ['network', '--quad', '1'], ['network', '--actor', 'KAZ'], ['network', '--src', 'RUS', '--limit', '3'],
    ['network', '--dyad', 'KAZGOV,RUSGOV', '--directed', '0'], ['network', '--format', 'csv'],
    ['network', '--quad', '1,4'], ['network', '--quad', '4', '--actor', 'RUS', '--limit', '5'], ['network', '--limit', '7'],
    ['geo'], ['geo', '--quad', '4'], ['geo', '--root', '04', '--format', 'csv'], ['geo', '--country', 'KAZ'],
    ['geo', '--format', 'geojson'], ['geo', '--code', '01,04'],
    ['actors'], ['actors', '--quad', '1'], ['actors', '--root', '04,11', '--limit', '5'], ['actors', '--format', 'csv'],
]
EVENT_ANSWERS = [  # from the events (filters the rollups do not hold)
    ['timeline', '--actor', 'KAZ'], ['timeline', '--code', '051'], ['timeline', '--outlet', 'Example Wire'],
    ['timeline', '--q', 'minister', '--interval', 'day'], ['network', '--from', '2022', '--to', '2022-12-31'],
    ['network', '--root', '04'], ['network', '--min-confidence', '0.5'], ['geo', '--from', '2022'],
    ['geo', '--actor', 'RUS'], ['actors', '--to', '2022-06'], ['actors', '--actor', 'KAZ'], ['actors', '--code', '042'],
]
for args in ROLLUP_ANSWERS + EVENT_ANSWERS:
    a, b = query(STORE, *args), query('plain.db', *args)
    check('annals query %s: the same answer with and without the rollups' % ' '.join(args),
          a == b and a[0] == 0 and len(a[1]) > 40, (a, b))

# pages by date follow events_day's index: every page, both ways, as without it
def pages(store, filt, sort, env=None):
    """Every page of events under filt, 4 at a time: [(date, id)]."""
    cursor, got = None, []
    for _ in range(200):
        rc, out, err = query(store, *(filt + ['--sort', sort, '--limit', '4'] + (['--cursor', cursor] if cursor else [])),
                             env=env)
        try:
            d = json.loads(out) if rc == 0 else None
        except ValueError:
            d = None
        if d is None:
            got.append(('status %d, not a page' % rc, out[:200] + err[:200]))
            break
        got += [(e['date'], e['id']) for e in d.get('events', [])]
        cursor = d.get('next_cursor')
        if not cursor:
            break
    return got


# a page by date under an actor, root or place filter is read along events_day
# or through the filter's index as the rollups' counts say: both ways give every
# page as without the rollups (walk.db: counts that make the filters look
# common, so the date index is walked; index.db: counts of nothing; and
# walk.db with a walk budget of 0 steps, so that every walk is stopped at once
# and the page read again through the index)
shutil.copy(STORE, 'walk.db')
shutil.copy(STORE, 'index.db')
for store, sql in (('walk.db', 'UPDATE rollup_pair SET n = n * 1000; UPDATE rollup_place SET n = n * 1000;'),
                   ('index.db', 'UPDATE rollup_pair SET n = 0; UPDATE rollup_place SET n = 0;'
                                ' UPDATE rollup_month SET n = 0 WHERE root <> \'01\';')):
    db = sqlite3.connect(store)
    db.executescript(sql)
    db.close()
PAGES = [[], ['--from', '2022-03'], ['--quad', '4'], ['--code', '04', '--to', '2023'], ['--dyad', 'KAZGOV,RUSGOV'],
         ['--actor', 'RUS', '--from', '2022'], ['--actor', 'KAZ', '--quad', '1,4'], ['--root', '04,11'],
         ['--country', 'KAZ'], ['--src', 'RUS', '--code', '04']]
for filt in PAGES:
    for sort in ('date', '-date'):
        got = {store: pages(store, filt, sort) for store in (STORE, 'plain.db', 'walk.db', 'index.db')}
        got['walk stopped'] = pages('walk.db', filt, sort, {'ANNALS_WALK_BUDGET': '0'})
        want = sorted(got['plain.db'], reverse=sort == '-date')
        check('events %s --sort %s: every page the same as without events_day, in order, along the date index'
              ' or not' % (' '.join(filt), sort),
              want and all(g == want for g in got.values()), got)

# the rollups are what answers: altered, they change the answer
shutil.copy(STORE, 'altered.db')
db = sqlite3.connect('altered.db')
db.executescript('UPDATE rollup_day SET n = n + 1000; UPDATE rollup_month SET n = n + 2000;'
                 ' UPDATE rollup_dyad SET n = n + 1000; UPDATE rollup_pair SET n = n + 3000;'
                 ' UPDATE rollup_place SET n = n + 1000; UPDATE rollup_actor SET ns = ns + 1000;')
db.close()
for args in (['timeline'], ['timeline', '--quad', '4', '--from', '2022'], ['timeline', '--interval', 'day'],
             ['timeline', '--to', '2023-05-31'], ['network'], ['network', '--actor', 'KAZ'], ['network', '--quad', '2'],
             ['network', '--quad', '1,2'], ['geo'], ['geo', '--quad', '4'], ['actors'], ['actors', '--root', '04']):
    a, b = query(STORE, *args), query('altered.db', *args)
    check('annals query %s: answered from the rollups' % ' '.join(args), a[0] == 0 and a[1] != b[1], (a, b))
for args in (['timeline', '--actor', 'KAZ'], ['network', '--from', '2022'], ['geo', '--actor', 'KAZ'], ['actors', '--to', '2023']):
    a, b = query(STORE, *args), query('altered.db', *args)
    check('annals query %s: answered from the events' % ' '.join(args), a[0] == 0 and a[1] == b[1], (a, b))

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
