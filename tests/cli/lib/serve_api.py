#!/usr/bin/env python3
# tests/cli/lib/serve_api.py -- the checks of tests/cli/serve.sh against a running `annals serve`.
#
# usage: serve_api.py fixture STORE SOURCE_DIR                   stories by SQL when the store has none
#        serve_api.py read URL STORE ANNALS_BINARY SOURCE_DIR   every GET endpoint
#        serve_api.py wal URL N                                  N events from NOR (ingested while it runs)
#        serve_api.py post URL TOKEN STORE                       POST /api/v1/documents; stories 404 without them
# Filters are checked against the same question asked of the store with
# Python's sqlite3 (the ids of every matching event, in order, walking all
# pages), so a filter that returns too much, too little or in the wrong order
# fails. Prints "ok"/"FAIL" lines; exit status 1 when any check failed.
import http.client
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

fails = 0


def check(what, cond, detail=''):
    global fails
    if cond:
        print('ok   ' + what)
    else:
        fails += 1
        print('FAIL ' + what + ((': ' + str(detail)[:400]) if detail else ''))


def get(base, path, method='GET', body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type', ''), e.read()


def get_json(base, path):
    st, ct, body = get(base, path)
    try:
        return st, json.loads(body)
    except ValueError:
        return st, {'_raw': body[:200]}


def all_ids(base, qs, limit=7, what='events'):
    """Every event (story) id the API gives for qs, walking the pages."""
    ids, cursor, pages = [], None, 0
    while pages < 200:
        path = '/api/v1/' + what + '?' + qs + ('&' if qs else '') + 'limit=%d' % limit
        if cursor:
            path += '&cursor=' + urllib.request.quote(cursor)
        st, d = get_json(base, path)
        if st != 200:
            return None, 'status %d %s' % (st, d)
        ids += [e['id'] for e in d[what]]
        pages += 1
        cursor = d['next_cursor']
        if cursor is None:
            return ids, pages
    return None, 'more than 200 pages'


def sql_ids(db, where, args, order='k, e.id'):
    sql = ("SELECT e.id, coalesce(e.date, d.pub_date, '') AS k FROM events e JOIN documents d ON d.id = e.doc_id"
           " WHERE " + where + " ORDER BY " + order)
    return [r[0] for r in db.execute(sql, args)]


def read_checks(base, store, annals, src):
    db = sqlite3.connect('file:' + store + '?mode=ro', uri=True)
    places = {}
    with open(src + '/data/places.txt', encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            p = line.rstrip('\n').split('\t')
            if len(p) >= 5:
                places.setdefault(p[0].lower(), p[1])
    db.create_function('iso3', 1, lambda name: places.get(name.lower()) if name else None)
    total = db.execute('SELECT count(*) FROM events').fetchone()[0]

    st, d = get_json(base, '/api/v1/events')
    check('events: 200', st == 200, st)
    check('events: echoes the query and the date range',
          d.get('query') == {} and d.get('data_range', {}).get('events') == total
          and d['data_range']['from'] == db.execute(
              "SELECT min(coalesce(e.date, d.pub_date)) FROM events e JOIN documents d ON d.id = e.doc_id").fetchone()[0], d)
    check('events: default page of 100 or all', d.get('count') == min(100, total), d.get('count'))

    cases = [
        ('actor=KAZ', "(e.src LIKE 'KAZ%' OR e.tgt LIKE 'KAZ%')", ()),
        ('actor=kazgov', "(e.src LIKE 'KAZGOV%' OR e.tgt LIKE 'KAZGOV%')", ()),
        ('src=RUS', "e.src LIKE 'RUS%'", ()),
        ('tgt=AFG', "e.tgt LIKE 'AFG%'", ()),
        ('dyad=KAZGOV,RUSGOV', "e.src LIKE 'KAZGOV%' AND e.tgt LIKE 'RUSGOV%'", ()),
        ('dyad=KAZGOV,RUSGOV&directed=0',
         "((e.src LIKE 'KAZGOV%' AND e.tgt LIKE 'RUSGOV%') OR (e.src LIKE 'RUSGOV%' AND e.tgt LIKE 'KAZGOV%'))", ()),
        ('code=04', "e.code LIKE '04%'", ()),
        ('code=051,173', "(e.code LIKE '051%' OR e.code LIKE '173%')", ()),
        ('root=14,18', "e.root IN ('14', '18')", ()),
        ('quad=3,4', "e.quad_class IN (3, 4)", ()),
        ('from=2022-01-06&to=2022-09', "k >= '2022-01-06' AND k <= '2022-09-31'", ()),
        ('to=2021', "k <= '2021-12-31' AND k != ''", ()),
        ('country=KAZ', "iso3(e.place) = 'KAZ'", ()),
        ('place=almaty', "e.place = 'Almaty'", ()),
        ('q=paratroopers', "e.evidence LIKE '%paratroopers%'", ()),
        ('q=Taliban%20AND%20women', "e.evidence LIKE '%Taliban%' AND e.evidence LIKE '%women%'", ()),
        ('min_confidence=0.8', 'e.confidence >= 0.8', ()),
        ('outlet=Example%20Wire', "d.outlet = 'Example Wire'", ()),
        ('actor=KAZ&quad=1&from=2022', "(e.src LIKE 'KAZ%' OR e.tgt LIKE 'KAZ%') AND e.quad_class = 1 AND k >= '2022'", ()),
    ]
    for qs, where, args in cases:
        want = sql_ids(db, where, args)
        got, pages = all_ids(base, qs)
        check('events?%s: %d events as the store says, in date order, %s pages' % (qs, len(want), pages),
              got == want and len(want) > 0, 'got %s want %s' % (got, want))

    # pagination: every page size gives the same list, no event twice
    want = sql_ids(db, '1', ())
    for limit in (1, 5, 100):
        got, pages = all_ids(base, '', limit)
        check('events: pages of %d walk all %d events once (%s pages)' % (limit, total, pages), got == want)
    want = sql_ids(db, '1', (), order='coalesce(e.goldstein, 0) DESC, e.id DESC')
    got, _ = all_ids(base, 'sort=-goldstein', 6)
    check('events?sort=-goldstein: pages in Goldstein order, highest first', got == want, got)
    want = sql_ids(db, '1', (), order='k DESC, e.id DESC')
    got, _ = all_ids(base, 'sort=-date', 9)
    check('events?sort=-date: newest first', got == want, got)

    # formats
    st, ct, body = get(base, '/api/v1/events?actor=KAZ&format=csv&limit=1000')
    lines = body.decode().split('\r\n')
    n_kaz = len(sql_ids(db, "(e.src LIKE 'KAZ%' OR e.tgt LIKE 'KAZ%')", ()))
    check('events CSV: 200, text/csv, header and one line per event',
          st == 200 and ct.startswith('text/csv') and lines[0].startswith('id,doc_id,doc,')
          and len([x for x in lines[1:] if x]) == n_kaz, (st, ct, len(lines), n_kaz))
    st, ct, body = get(base, '/api/v1/geo?format=geojson')
    g = json.loads(body)
    check('geo GeoJSON: a FeatureCollection of points [lon, lat]',
          st == 200 and g['type'] == 'FeatureCollection' and g['features']
          and all(f['geometry']['type'] == 'Point' for f in g['features']), g)

    # aggregates
    st, d = get_json(base, '/api/v1/timeline?interval=month')
    dated = db.execute("SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id"
                       " WHERE length(coalesce(e.date, d.pub_date, '')) = 10").fetchone()[0]
    check('timeline: counts add up to the dated events', st == 200 and sum(r['n'] for r in d['timeline']) == dated,
          (st, d.get('timeline')))
    want = db.execute("SELECT substr(coalesce(e.date, d.pub_date), 1, 7), e.quad_class, count(*), avg(e.goldstein)"
                      " FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.src LIKE 'KAZ%'"
                      " GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    st, d = get_json(base, '/api/v1/timeline?src=KAZ')
    got = [(r['t'], r['quad_class'], r['n'], r['mean_goldstein']) for r in d['timeline']]
    check('timeline?src=KAZ: per month and quad class, mean Goldstein',
          len(got) == len(want) and all(g[:3] == tuple(w[:3]) and abs(g[3] - w[3]) < 0.001 for g, w in zip(got, want)),
          (got, want))
    st, d = get_json(base, '/api/v1/timeline?interval=week&by=root&root=17')
    check('timeline?interval=week&by=root: weeks start on Monday, only root 17',
          st == 200 and d['timeline'] and all(r['root'] == '17' for r in d['timeline'])
          and all(db.execute("SELECT strftime('%w', ?)", (r['t'],)).fetchone()[0] == '1' for r in d['timeline']), d)
    st, d = get_json(base, '/api/v1/network?limit=1000')
    want = db.execute("SELECT src, tgt, count(*) FROM events WHERE src IS NOT NULL AND tgt IS NOT NULL"
                      " GROUP BY src, tgt ORDER BY 3 DESC, 1, 2").fetchall()
    check('network: every dyad with its count', [(e['src'], e['tgt'], e['n']) for e in d['edges']] == want,
          d.get('edges', d)[:3])
    check('network: nodes are the actors of the edges',
          {n['code'] for n in d['nodes']} == {x for e in want for x in e[:2]})
    st, d = get_json(base, '/api/v1/geo')
    want = db.execute("SELECT place, count(*) FROM events WHERE place IS NOT NULL GROUP BY place").fetchall()
    check('geo: counts per place', sorted((p['place'], p['n']) for p in d['places']) == sorted(want), d)
    check('geo: places from data/places.txt have coordinates',
          all(p['lat'] is not None for p in d['places'] if p['country']), d['places'])
    check('geo: counts per country', sum(c['n'] for c in d['countries']) ==
          sum(n for p, n in want if places.get(p.lower())), d['countries'])
    st, d = get_json(base, '/api/v1/actors?limit=1000')
    want = dict(db.execute("SELECT code, count(*) FROM (SELECT src AS code FROM events WHERE src IS NOT NULL"
                           " UNION ALL SELECT tgt FROM events WHERE tgt IS NOT NULL) GROUP BY code").fetchall())
    check('actors: events per code', {a['code']: a['n'] for a in d['actors']} == want, d.get('actors', d)[:3])
    names = {}
    for code, txt, n in db.execute(
            "SELECT code, txt, count(*) FROM (SELECT src AS code, src_text AS txt FROM events WHERE src IS NOT NULL"
            " UNION ALL SELECT tgt, tgt_text FROM events WHERE tgt IS NOT NULL) WHERE txt IS NOT NULL GROUP BY 1, 2"):
        if code not in names or (-n, txt) < names[code][0]:
            names[code] = ((-n, txt), txt)
    check('actors: the name is the words most often coded to the code',
          all(a['name'] == (names[a['code']][1] if a['code'] in names else None) for a in d['actors']), d['actors'])

    # documents
    st, d = get_json(base, '/api/v1/documents/1')
    text = d['document']['text'].encode('utf-8') if st == 200 else b''
    ok = st == 200 and d['events']
    for e in d.get('events', []):
        s, t = e['sentence_start'], e['sentence_end']
        for role, col in (('src', 'src_text'), ('tgt', 'tgt_text'), ('verb', 'verb_text')):
            sp = e['spans'].get(role)
            if sp:
                ok = ok and s <= sp[0] < sp[1] <= t and text[sp[0]:sp[1]].decode() == e[col]
        ok = ok and text[s:t].decode() == db.execute(
            'SELECT evidence FROM events WHERE id = ?', (e['id'],)).fetchone()[0]
    check('documents/1: the text, sentences, events with spans inside their sentence', ok, d)
    check('documents/999999: 404', get(base, '/api/v1/documents/999999')[0] == 404)
    check('documents/abc: 400', get(base, '/api/v1/documents/abc')[0] == 400)

    # bad parameters: 400 and a message that names the parameter
    for qs, name in (('limit=0', 'limit'), ('limit=1001', 'limit'), ('limit=x', 'limit'), ('from=2022-13-01', 'from'),
                     ('to=2022-02-30', 'to'), ('quad=5', 'quad'), ('root=21', 'root'), ('code=4', 'code'),
                     ("actor=K'AZ", 'actor'), ('dyad=KAZ', 'dyad'), ('directed=2', 'directed'), ('sort=x', 'sort'),
                     ('cursor=zzz', 'cursor'), ('format=xml', 'format'), ('min_confidence=2', 'min_confidence'),
                     ('country=KAZA', 'country'), ('q=AND%20AND%20(', 'q'), ('bogus=1', 'bogus'),
                     ('actor=KAZ&actor=RUS', 'actor'), ('place=%zz', 'place'), ('q=' + 'x' * 300, 'q'),
                     ('interval=year', 'interval'), ('by=x', 'by'), ('actor', 'actor')):
        path = '/api/v1/' + ('timeline' if qs.startswith(('interval', 'by')) else 'events') + '?' + qs
        st, d = get_json(base, path)
        check('%s: 400 naming %s' % (path[:60], name), st == 400 and name in d.get('error', ''), (st, d))

    # SQL injection: values are bound, never pasted
    for qs in ("place=x'%20OR%20'1'='1", "outlet=x'%20OR%201=1--", 'place=Almaty%22%3B%20DROP%20TABLE%20events%3B--',
               "q=%22x%22%20OR%201=1"):
        st, d = get_json(base, '/api/v1/events?' + qs)
        check('injection %s: no event matched' % qs[:30], st in (200, 400) and d.get('count', 0) == 0, (st, d))
    check('injection: the events are all still there', db.execute('SELECT count(*) FROM events').fetchone()[0] == total)

    # keep-alive: one connection serves request after request, errors included
    host, port = base.split('//')[1].split(':')
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    socks, closes = [], []
    for path in ('/api/v1/actors?limit=1', '/app.css', '/api/v1/nothing', '/api/v1/events?limit=0', '/api/v1/geo'):
        conn.request('GET', path)
        r = conn.getresponse()
        r.read()
        socks.append(conn.sock)
        closes.append(r.getheader('Connection'))
    conn.close()
    check('keep-alive: five requests on one connection', all(x is socks[0] for x in socks) and 'close' not in closes,
          closes)

    # paths, methods
    for path in ('/api/v1/nothing', '/api/v2/events', '/nothing.html', '/../README.md', '/%2e%2e/README.md',
                 '/.hidden', '/api/v1/documents/'):
        st, _, _ = get(base, path)
        check('GET %s: 404 or 400' % path, st in (400, 404), st)
    st, _, body = get(base, '/../../../../etc/passwd')
    check('GET /../../etc/passwd: not served', st == 404 and b'root:' not in body, st)
    st, _, _ = get(base, '/api/v1/documents', method='POST', body=b'{}\n')
    check('POST documents on a read-only server: 403', st == 403, st)
    st, _, _ = get(base, '/api/v1/events', method='POST', body=b'x')
    check('POST events: 405', st == 405, st)
    st, _, _ = get(base, '/api/v1/events', method='DELETE')
    check('DELETE events: 405', st == 405, st)
    st, ct, body = get(base, '/api/v1/openapi.json')
    spec = json.loads(body) if st == 200 else {}
    check('openapi.json: an OpenAPI 3 description of every endpoint',
          spec.get('openapi', '').startswith('3.') and all(
              '/' + p in spec.get('paths', {}) for p in ('events', 'timeline', 'network', 'geo', 'actors',
                                                          'documents', 'documents/{id}')), st)
    ops = [op for path in spec.get('paths', {}).values() for op in path.values() if isinstance(op, dict)]
    check('openapi.json: every operation says it may answer 503 (saturated) and 400',
          ops and all({'400', '503'} <= set(op.get('responses', {})) for op in ops),
          [sorted(op.get('responses', {})) for op in ops])
    st, ct, body = get(base, '/')
    check('/: the web page', st == 200 and ct.startswith('text/html') and b'<html' in body.lower(), (st, ct))

    story_checks(base, db)

    # annals query prints what the server answers
    for endpoint, qs, args in (('events', 'actor=KAZ&limit=5', ['--actor', 'KAZ', '--limit', '5']),
                               ('network', 'quad=4', ['network', '--quad', '4']),
                               ('timeline', 'interval=day', ['timeline', '--interval', 'day']),
                               ('stories', 'min_sources=1', ['stories', '--min-sources', '1'])):
        _, _, body = get(base, '/api/v1/%s?%s' % (endpoint, qs))
        out = subprocess.run([annals, 'query', '--db', store] + args, capture_output=True, timeout=60).stdout
        check('annals query %s = GET %s?%s' % (' '.join(args), endpoint, qs), json.loads(out) == json.loads(body))


def apply_fixture(store, src):
    """The stories contract's tables and stories made by SQL (tests/resources/stories-contract/),
    unless the store has stories of its own."""
    db = sqlite3.connect(store)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_events'").fetchone():
        print('note: the store has stories of its own; the fixture is not applied')
        return
    for name in ('schema.sql', 'fixture.sql'):
        with open(src + '/tests/resources/stories-contract/' + name, encoding='utf-8') as f:
            db.executescript(f.read())
    db.commit()
    n = db.execute('SELECT count(*) FROM story_events').fetchone()[0]
    print('note: stories contract applied by SQL: %d stories' % n)


def story_checks(base, db):
    n = db.execute('SELECT count(*) FROM story_events').fetchone()[0]
    st, d = get_json(base, '/api/v1/stories')
    check('stories: 200, echo, a page', st == 200 and d.get('query') == {} and d['count'] == min(100, n), (st, d))
    skey = "coalesce(s.date, '')"
    # the most sources any story has (2 in the fixture: a report and its syndicated copy)
    top = max(1, db.execute('SELECT coalesce(max(n_sources), 1) FROM story_events').fetchone()[0])
    cases = [
        ('actor=KAZ', "(s.src LIKE 'KAZ%' OR s.tgt LIKE 'KAZ%')"),
        ('dyad=KAZGOV,RUSGOV&directed=0',
         "((s.src LIKE 'KAZGOV%' AND s.tgt LIKE 'RUSGOV%') OR (s.src LIKE 'RUSGOV%' AND s.tgt LIKE 'KAZGOV%'))"),
        ('root=04,05', "s.root IN ('04', '05')"),
        ('quad=4&from=2022', "s.quad_class = 4 AND s.date >= '2022'"),
        ('min_sources=%d' % top, 's.n_sources >= %d' % top),
        ('q=ceasefire', "s.id IN (SELECT story_id FROM events WHERE evidence LIKE '%ceasefire%')"),
        ('min_confidence=0.85', 's.id IN (SELECT story_id FROM events WHERE confidence >= 0.85)'),
    ]
    # an outlet seen only at a syndicated copy (the fixture's; or any a store of its own has)
    copy_outlet = db.execute("SELECT ds.outlet FROM document_sources ds JOIN documents d ON d.id = ds.doc_id"
                             " WHERE ds.outlet IS NOT NULL AND ds.outlet IS NOT d.outlet ORDER BY ds.outlet LIMIT 1").fetchone()
    if copy_outlet:
        cases.append(('outlet=' + urllib.request.quote(copy_outlet[0]),
                      "s.id IN (SELECT e.story_id FROM events e JOIN document_sources ds ON ds.doc_id = e.doc_id"
                      " WHERE ds.outlet = '%s')" % copy_outlet[0].replace("'", "''")))
    for qs, where in cases:
        want = [r[0] for r in db.execute('SELECT s.id FROM story_events s WHERE ' + where + ' ORDER BY ' + skey + ', s.id')]
        got, pages = all_ids(base, qs, 5, 'stories')
        check('stories?%s: the %d stories the store has, in order (%s pages)' % (qs, len(want), pages),
              got == want and len(want) > 0, 'got %s want %s' % (got, want))
    want = [r[0] for r in db.execute('SELECT id FROM story_events ORDER BY coalesce(goldstein, 0) DESC, id DESC')]
    got, _ = all_ids(base, 'sort=-goldstein', 11, 'stories')
    check('stories?sort=-goldstein: all stories, in Goldstein order', got == want, got)
    want = [r[0] for r in db.execute(
        "SELECT e.id FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id IN"
        " (SELECT id FROM story_events WHERE n_sources >= ?) ORDER BY coalesce(e.date, d.pub_date, ''), e.id", (top,))]
    got, _ = all_ids(base, 'min_sources=%d' % top)
    check('events?min_sources=%d: the mentions of stories with %d sources or more' % (top, top), got == want and want, got)

    # one story: its mentions, their reports, the disagreements
    # one story: one whose reports disagree if there is one, else the one with most mentions
    sid, dis = db.execute("SELECT id, disagreements FROM story_events"
                          " ORDER BY coalesce(disagreements, '[]') = '[]', n_mentions DESC, id LIMIT 1").fetchone()
    st, d = get_json(base, '/api/v1/stories/%d' % sid)
    mentions = [r[0] for r in db.execute('SELECT id FROM events WHERE story_id = ? ORDER BY id', (sid,))]
    docs = sorted({r[0] for r in db.execute('SELECT doc_id FROM events WHERE story_id = ?', (sid,))})
    check('stories/%d: its mentions, its reports and its disagreements' % sid,
          st == 200 and sorted(m['id'] for m in d['mentions']) == mentions
          and sorted(x['id'] for x in d['documents']) == docs
          and d['story']['disagreements'] == (json.loads(dis) if dis else None),
          (st, d.get('story')))
    texts = {x['id']: x['text'].encode('utf-8') for x in d.get('documents', [])}
    ok = bool(d.get('mentions'))
    for m in d.get('mentions', []):
        row = db.execute('SELECT src_off, src_len, verb_off, verb_len, tgt_off, tgt_len FROM events WHERE id = ?',
                         (m['id'],)).fetchone()
        for role, (off, ln) in zip(('src', 'verb', 'tgt'), (row[0:2], row[2:4], row[4:6])):
            if off is not None:
                ok = ok and m['spans'].get(role) == [off, off + ln]
                ok = ok and texts[m['doc_id']][off:off + ln].decode() == m[role + '_text']
    check('stories/%d: spans are the stored word offsets into each report' % sid, ok, d.get('mentions'))
    if copy_outlet:
        sid2 = db.execute("SELECT e.story_id FROM events e JOIN document_sources ds ON ds.doc_id = e.doc_id"
                          " WHERE ds.outlet = ? AND e.story_id IS NOT NULL LIMIT 1", copy_outlet).fetchone()
        st, d = get_json(base, '/api/v1/stories/%d' % sid2[0])
        check('a story of a syndicated report lists the copy among its sources',
              st == 200 and any(src['outlet'] == copy_outlet[0] for x in d['documents'] for src in x['sources']), d)
    check('stories/999999: 404', get(base, '/api/v1/stories/999999')[0] == 404)
    check('stories/x: 400', get(base, '/api/v1/stories/x')[0] == 400)
    st, d = get_json(base, '/api/v1/stories?min_sources=0')
    check('stories?min_sources=0: 400 naming min_sources', st == 400 and 'min_sources' in d['error'], d)


def wal_check(base, want):
    st, d = get_json(base, '/api/v1/events?src=NOR')
    return st == 200 and d['count'] == want and (want == 0 or d['events'][0]['tgt'] == 'SWE')


def post_checks(base, token, store):
    db = sqlite3.connect('file:' + store + '?mode=ro', uri=True)
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_events'").fetchone():
        st, d = get_json(base, '/api/v1/stories')
        check('stories in a store without them: 404 saying so', st == 404 and 'no stories' in d.get('error', ''), d)
        st, d = get_json(base, '/api/v1/events?min_sources=2')
        check('min_sources in a store without stories: 400 naming it', st == 400 and 'min_sources' in d['error'], d)
    docs = (b'{"id":"p1","text":"Germany praised Poland on Tuesday.","date":"2024-05-07"}\n'
            b'{"id":"p2","text":\n')
    _, before = get_json(base, '/api/v1/events?q=praised')
    st, _, body = get(base, '/api/v1/documents', 'POST', docs)
    check('POST without a token: 401', st == 401, (st, body))
    st, _, body = get(base, '/api/v1/documents', 'POST', docs, {'Authorization': 'Bearer wrong-token-0123456789'})
    check('POST with a wrong token: 401', st == 401, (st, body))
    st, _, body = get(base, '/api/v1/documents', 'POST', docs, {'Authorization': 'Bearer ' + token})
    d = json.loads(body) if st == 200 else {}
    check('POST with the token: 200, the events coded, the bad line rejected with its line',
          st == 200 and d['added'] == 1 and d['events'] and d['events'][0]['src'] == 'DEU'
          and d['rejected'] and d['rejected'][0]['line'] == 2, (st, body))
    st, d = get_json(base, '/api/v1/events?src=DEU&tgt=POL')
    check('the POSTed document is in the store', st == 200 and d['count'] == 1, d)
    st, d = get_json(base, '/api/v1/events?q=praised')
    check('and in the full-text index', st == 200 and d['count'] == before['count'] + 1, d)
    st, _, body = get(base, '/api/v1/documents', 'POST', docs, {'Authorization': 'Bearer ' + token})
    d = json.loads(body) if st == 200 else {}
    check('POST again: nothing added', st == 200 and d['added'] == 0 and d['already_stored'] == 1, body)
    st, _, body = get(base, '/api/v1/documents', 'POST', b'{"id":"big","text":"' + b'x' * 5000 + b'"}\n',
                      {'Authorization': 'Bearer ' + token})
    check('POST over --max-body: 413', st == 413, (st, body))


def raw_get(port, path):
    """GET path on a new connection: (status, headers as a lower-cased dict, seconds taken)."""
    t = time.monotonic()
    c = socket.create_connection(('127.0.0.1', port), timeout=10)
    c.sendall(('GET %s HTTP/1.1\r\nHost: x\r\n\r\n' % path).encode())
    data = b''
    while b'\r\n\r\n' not in data:
        more = c.recv(4096)
        if not more:
            break
        data += more
    c.close()
    head = data.split(b'\r\n\r\n')[0].decode('latin-1').split('\r\n')
    status = int(head[0].split()[1]) if head and len(head[0].split()) > 1 else 0
    hdrs = {k.strip().lower(): v.strip() for k, v in (h.split(':', 1) for h in head[1:] if ':' in h)}
    return status, hdrs, time.monotonic() - t


def busy_checks(port, limit):
    """With limit connections open and idle, a request on one more gets 503 at once."""
    idle = [socket.create_connection(('127.0.0.1', port), timeout=10) for _ in range(limit - 1)]
    time.sleep(0.5)
    st, _, _ = raw_get(port, '/api/v1/actors')
    check('%d connections open (the limit): 200' % limit, st == 200, st)
    idle.append(socket.create_connection(('127.0.0.1', port), timeout=10))
    time.sleep(0.5)
    st, hdrs, secs = raw_get(port, '/api/v1/actors')
    check('%d connections open: 503 with Retry-After, in under a second' % (limit + 1),
          st == 503 and hdrs.get('retry-after') == '1' and secs < 1, (st, hdrs, secs))
    for c in idle:
        c.close()
    time.sleep(0.5)
    st, _, _ = raw_get(port, '/api/v1/actors')
    check('the idle connections closed: 200 again', st == 200, st)


mode = sys.argv[1]
if mode == 'fixture':
    apply_fixture(sys.argv[2], sys.argv[3])
elif mode == 'read':
    read_checks(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
elif mode == 'busy':
    busy_checks(int(sys.argv[2]), int(sys.argv[3]))
elif mode == 'wal':
    sys.exit(0 if wal_check(sys.argv[2], int(sys.argv[3])) else 1)
else:
    post_checks(sys.argv[2], sys.argv[3], sys.argv[4])
sys.exit(1 if fails else 0)
