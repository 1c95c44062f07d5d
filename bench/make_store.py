#!/usr/bin/env python3
"""make_store.py -- adds generated documents and events to an annals store, for bench/serve_load.sh.

usage: python3 bench/make_store.py STORE [--events N] [--seed S]

STORE must be an annals store (made by `annals ingest --db`). Adds N events
(default 1,000,000) in documents of 10 events each, one sentence per event:
source and target drawn from 24 countries, each bare or with a role (GOV, MIL,
OPP, CVL, BUS), event codes drawn from data/cameo-codes.tsv with their root,
quad class and Goldstein score, dates over ten years, a confidence, a place
for one event in four (a capital from data/places.txt), an outlet of five.
The same arguments give the same store. The full-text index, the event date index and
the rollups (docs/store.md) are dropped while rows are added and rebuilt by the
next `annals serve` or `annals ingest` (opening the store makes them again),
which is much faster than indexing row by row.
"""
import argparse
import os
import random
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COUNTRIES = ['KAZ', 'RUS', 'CHN', 'USA', 'UZB', 'KGZ', 'TJK', 'TKM', 'AFG', 'IRN', 'TUR', 'IND',
             'PAK', 'UKR', 'BLR', 'DEU', 'FRA', 'GBR', 'JPN', 'KOR', 'MNG', 'AZE', 'ARM', 'GEO']
ROLES = ['', 'GOV', 'MIL', 'OPP', 'CVL', 'BUS']
VERBS = ['criticised', 'met', 'praised', 'accused', 'threatened', 'signed an agreement with',
         'called on', 'sanctioned', 'attacked', 'hosted']
OUTLETS = ['Example Wire', 'Example Daily', 'Example Post', 'Example Times', 'Example Herald']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('store')
    ap.add_argument('--events', type=int, default=1000000)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    codes = []
    with open(os.path.join(ROOT, 'data', 'cameo-codes.tsv'), encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) >= 4 and p[0].isdigit() and len(p[0]) >= 3:
                codes.append((p[0], p[1], int(p[2]), float(p[3])))
    places = []
    with open(os.path.join(ROOT, 'data', 'places.txt'), encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) >= 5 and p[2] == 'capital' and p[1] in COUNTRIES:
                places.append(p[0])
    db = sqlite3.connect(a.store)
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
        sys.exit('make_store.py: %s is not an annals store (annals ingest --db it first)' % a.store)
    db.executescript('DROP TRIGGER IF EXISTS events_fts_ai; DROP TRIGGER IF EXISTS events_fts_ad;'
                     ' DROP TRIGGER IF EXISTS events_fts_au; DROP TABLE IF EXISTS events_fts;'
                     ' DROP TRIGGER IF EXISTS events_rollup_ai; DROP TRIGGER IF EXISTS events_rollup_ad;'
                     ' DROP TRIGGER IF EXISTS events_rollup_au; DROP TRIGGER IF EXISTS documents_rollup_au;'
                     ' DROP TABLE IF EXISTS events_day; DROP TABLE IF EXISTS rollup_day;'
                     ' DROP TABLE IF EXISTS rollup_month; DROP TABLE IF EXISTS rollup_dyad;'
                     ' DROP TRIGGER IF EXISTS events_rollup2_ai; DROP TRIGGER IF EXISTS events_rollup2_ad;'
                     ' DROP TRIGGER IF EXISTS events_rollup2_au; DROP TABLE IF EXISTS rollup_pair;'
                     ' DROP TABLE IF EXISTS rollup_place; DROP TABLE IF EXISTS rollup_actor; PRAGMA synchronous=OFF;')
    base = db.execute('SELECT coalesce(max(id), 0) FROM documents').fetchone()[0] + 1
    n_docs = (a.events + 9) // 10
    db.execute('BEGIN')
    made = 0
    for i in range(n_docs):
        doc_id = base + i
        day = rnd.randrange(3650)
        pub = '%04d-%02d-%02d' % ((2015 + day // 365), 1 + (day % 365) // 31 % 12, 1 + day % 28)
        sents, evs = [], []
        off = 0
        for k in range(min(10, a.events - made)):
            s, t = rnd.sample(COUNTRIES, 2)
            s += rnd.choice(ROLES)
            t += rnd.choice(ROLES)
            code, root, quad, gold = rnd.choice(codes)
            verb = rnd.choice(VERBS)
            text = 'Officials of %s %s %s on %s, in statement %d.' % (s, verb, t, pub, made)
            sents.append((doc_id, k, off, off + len(text), text))
            place = rnd.choice(places) if rnd.random() < 0.25 else None
            date = pub if rnd.random() < 0.9 else None
            evs.append((doc_id, k, code, root, quad, gold, s, t, s, t, verb, date, place, text,
                        round(rnd.uniform(0.3, 1.0), 3)))
            off += len(text) + 1
            made += 1
        body = ' '.join(x[4] for x in sents)
        db.execute('INSERT INTO documents(id, hash, name, path, outlet, pub_date, format, text, invalid_bytes,'
                   ' dropped_lines, n_sentences, n_events) VALUES(?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)',
                   (doc_id, 'gen-%d-%d' % (a.seed, doc_id), 'gen-%d' % doc_id, 'generated', rnd.choice(OUTLETS),
                    pub, 'text', body, len(sents), len(evs)))
        db.executemany('INSERT INTO sentences(doc_id, idx, start, "end", text) VALUES(?, ?, ?, ?, ?)', sents)
        db.executemany('INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt,'
                       ' src_text, tgt_text, verb_text, date, place, evidence, confidence)'
                       ' VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', evs)
    for c in COUNTRIES:
        for r in ROLES:
            db.execute('INSERT OR IGNORE INTO actors(code, country, role) VALUES(?, ?, ?)', (c + r, c, r or None))
    db.commit()
    print('make_store.py: %s: %d documents, %d events added' % (a.store, n_docs, made))


if __name__ == '__main__':
    main()
