#!/usr/bin/env python3
# tests/cli/lib/pg_query_check.py -- the checks of tests/cli/pg_store.sh that `annals query`
# and `annals serve` answer from a PostgreSQL store as from an SQLite store made from the
# same input.
#
# usage: pg_query_check.py query ANNALS_BINARY SQLITE_STORE PG_URI   every answer, both stores
#        pg_query_check.py serve URL_SQLITE URL_PG                   every GET endpoint, both servers
#        pg_query_check.py post URL TOKEN                            POST /api/v1/documents (PostgreSQL)
#        pg_query_check.py status URL PATH [TOKEN BODY]              prints the HTTP status of GET PATH
#                                                                    (POST BODY with the token)
#        pg_query_check.py timeline URL PATH                         prints the status, a digest of the
#                                                                    body, the events counted and the
#                                                                    store's event count (data_range)
# Answers are compared as parsed JSON (CSV as rows), with the clock (stories' added_at,
# updated_at) taken out and mean Goldstein scores within 0.0011 (PostgreSQL rounds the
# exact numeric mean, SQLite the double). Full-text answers (q=) are compared as sets
# of event ids over every page: PostgreSQL's full-text search is not FTS5 (docs/serve.md).
# Prints "ok"/"FAIL" lines; exit status 1 when any check failed.
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

TIME = re.compile(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z')

# (answer, query string): every answer, with filters of every kind and each format
ASKED = [
    ('events', ''), ('events', 'actor=KAZ&limit=3'), ('events', 'src=KAZ&tgt=RUS'), ('events', 'country=KAZ'),
    ('events', 'place=ALMATY'), ('events', 'outlet=Reuters'), ('events', 'sort=-goldstein&limit=5'),
    ('events', 'sort=goldstein&format=csv'), ('events', 'min_confidence=0.5'), ('events', 'min_sources=2'),
    ('events', 'root=14&quad=3,4'), ('events', 'code=04,19'), ('events', 'dyad=KAZ,RUS&directed=1'),
    ('events', 'from=2022-01&to=2022-01-10'), ('events', 'format=csv'), ('events', 'sort=-date&limit=4'),
    ('stories', ''), ('stories', 'outlet=reuters'), ('stories', 'actor=KAZ'), ('stories', 'min_sources=2'),
    ('stories', 'sort=-goldstein&format=csv'),
    ('timeline', ''), ('timeline', 'interval=week'), ('timeline', 'interval=day&by=quad'),
    ('timeline', 'from=2022&to=2022&format=csv'), ('timeline', 'actor=KAZ&interval=week'),
    ('network', ''), ('network', 'quad=4'), ('network', 'limit=3&format=csv'), ('network', 'country=KAZ'),
    ('geo', ''), ('geo', 'format=geojson'), ('geo', 'format=csv'), ('geo', 'country=KAZ'), ('geo', 'root=14'),
    ('actors', ''), ('actors', 'root=14'), ('actors', 'limit=5&format=csv'), ('actors', 'from=2022'),
]
FULL_TEXT = ['protesters', 'police OR troops', '"security forces"', 'almaty protesters']
PAGED = ['', 'sort=-goldstein', 'actor=KAZ&sort=-date', 'country=KAZ&sort=goldstein']


class Tally:
    """check(what, cond, detail): prints an ok/FAIL line and counts the failures."""
    failed = 0

    def __call__(self, what, cond, detail=''):
        self.failed += 0 if cond else 1
        print(('ok   ' if cond else 'FAIL ') + what + ('' if cond or not detail else ': ' + str(detail)[:600]))


check = Tally()


def parse(body, fmt):
    """The answer as data: JSON, or CSV as a list of rows."""
    text = TIME.sub('TIME', body.decode('utf-8', 'replace'))
    if fmt == 'csv':
        return list(csv.reader(io.StringIO(text)))
    try:
        return json.loads(text)
    except ValueError:
        return {'_not_json': text[:300]}


def differs(a, b, key=''):
    """Where a and b differ (a path), or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return '%s: keys %s / %s' % (key, sorted(a.keys() ^ b.keys()), '')
        for k in a:
            d = differs(a[k], b[k], key + '.' + k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return '%s: %d / %d items' % (key, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = differs(x, y, '%s[%d]' % (key, i))
            if d:
                return d
        return None
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= (0.0011 if 'mean' in key else 1e-9):
            return None
    elif a == b:
        return None
    if isinstance(a, str) and isinstance(b, str) and 'mean' in key:   # a CSV field
        try:
            if abs(float(a) - float(b)) <= 0.0011:
                return None
        except ValueError:
            pass
    return '%s: %r / %r' % (key, a, b)


def count_same(asked, compare, who):
    """(how many agree, how many asked): compare(*item) for each item asked (None when
    both stores answer alike); a difference is printed as it is found."""
    same = 0
    for item in asked:
        d = compare(*item)
        if d:
            check('%s %s: the same on both' % (who, ' '.join(map(str, item))), False, d)
        same += not d
    return same, len(asked)


BY_ID = [(kind, i) for kind in ('document', 'story') for i in list(range(1, 9)) + [99999]]


def query_args(answer, qs):
    args = [answer]
    for k, v in urllib.parse.parse_qsl(qs, keep_blank_values=True):
        args += ['--' + k.replace('_', '-'), v]
    return args


def run_query(binary, store, args):
    p = subprocess.run([binary, 'query', '--db', store] + args, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace').replace(store, 'STORE')


def fmt_of(qs):
    return 'csv' if 'format=csv' in qs else 'json'


def query_checks(binary, lite, pg):
    def answer_of(answer, qs):
        a, b = run_query(binary, lite, query_args(answer, qs)), run_query(binary, pg, query_args(answer, qs))
        if a[0] != 0 or b[0] != 0:
            return 'status %d / %d: %s %s' % (a[0], b[0], a[2], b[2])
        return differs(parse(a[1], fmt_of(qs)), parse(b[1], fmt_of(qs)))
    same, _ = count_same(ASKED, answer_of, 'annals query')
    check('annals query: %d of %d answers (every answer, filter and format) the same on SQLite and PostgreSQL'
          % (same, len(ASKED)), same == len(ASKED))
    def by_id(what, i):
        a, b = run_query(binary, lite, [what, str(i)]), run_query(binary, pg, [what, str(i)])
        if a[0] != b[0] or (a[0] == 1 and a[2] != b[2]):
            return 'status %d / %d: %r / %r' % (a[0], b[0], a[2], b[2])
        return differs(parse(a[1], 'json'), parse(b[1], 'json'))
    same, n = count_same(BY_ID, by_id, 'annals query')
    check('annals query document/story 1..8 and a missing one: %d of %d the same on both' % (same, n), same == n)
    for q in FULL_TEXT:
        ids = []
        for store in (lite, pg):
            st, out, _ = run_query(binary, store, ['events', '--q', q, '--limit', '1000', '--format', 'csv'])
            rows = list(csv.reader(io.StringIO(out.decode())))
            ids.append(sorted(r[0] for r in rows[1:]) if st == 0 and rows else None)
        check('annals query --q %r: the same events on both (%d)' % (q, len(ids[0] or [])),
              ids[0] is not None and ids[0] == ids[1] and ids[0], ids)


def get(base, path, body=None, token=None):
    """(status, content type, body) of GET path, or of POST body with the token."""
    headers = {'Authorization': 'Bearer ' + token} if token else {}
    req = urllib.request.Request(base + path, data=body, headers=headers)
    try:
        r = urllib.request.urlopen(req, timeout=60)
    except urllib.error.HTTPError as e:
        r = e
    with r:
        return r.status, r.headers.get('Content-Type', ''), r.read()


def walk(base, answer, qs, limit=7):
    """Every page of answer?qs (limit a page), following next_cursor: the pages as data."""
    pages, cursor = [], None
    while len(pages) < 100:
        path = '/api/v1/%s?%s%slimit=%d' % (answer, qs, '&' if qs else '', limit)
        if cursor:
            path += '&cursor=' + urllib.parse.quote(cursor)
        st, _, body = get(base, path)
        d = parse(body, 'json')
        pages.append((st, d))
        cursor = d.get('next_cursor') if st == 200 and isinstance(d, dict) else None
        if not cursor:
            break
    return pages


def serve_checks(lite, pg):
    def answer_of(answer, qs):
        a, b = get(lite, '/api/v1/%s?%s' % (answer, qs)), get(pg, '/api/v1/%s?%s' % (answer, qs))
        if a[0] != 200 or b[0] != 200:
            return 'status %d / %d' % (a[0], b[0])
        return differs(parse(a[2], fmt_of(qs)), parse(b[2], fmt_of(qs))) or (a[1] != b[1] and 'types %s / %s' % (a[1], b[1]))
    same, _ = count_same(ASKED, answer_of, 'GET')
    check('serve: %d of %d GET answers (every endpoint, filter and format) the same on SQLite and PostgreSQL'
          % (same, len(ASKED)), same == len(ASKED))
    def by_id(what, i):
        what = {'document': 'documents', 'story': 'stories'}[what]
        a, b = get(lite, '/api/v1/%s/%d' % (what, i)), get(pg, '/api/v1/%s/%d' % (what, i))
        return differs(parse(a[2], 'json'), parse(b[2], 'json')) if a[0] == b[0] else 'status %d / %d' % (a[0], b[0])
    same, n = count_same(BY_ID, by_id, 'GET')
    check('serve: documents/ID and stories/ID (1..8 and a missing one, 404): %d of %d the same on both' % (same, n),
          same == n)
    for answer in ('events', 'stories'):
        for qs in PAGED:
            a, b = walk(lite, answer, qs), walk(pg, answer, qs)
            d = differs(a, b) if len(a) > 1 else 'one page only'
            check('serve: %s?%s walked page by page (cursor), %d pages: the same on both' % (answer, qs, len(a)),
                  not d, d)
    for q in FULL_TEXT:
        ids = []
        for base in (lite, pg):
            pages = walk(base, 'events', 'q=' + urllib.parse.quote(q), limit=5)
            ok = all(st == 200 for st, _ in pages)
            ids.append(sorted(e['id'] for _, d in pages for e in d.get('events', [])) if ok else None)
        check('serve: events?q=%s: the same events on both (%d)' % (q, len(ids[0] or [])),
              ids[0] is not None and ids[0] == ids[1] and ids[0], ids)
    a, b = get(lite, '/api/v1/events?limit=0'), get(pg, '/api/v1/events?limit=0')
    check('serve: a bad parameter: 400 naming it, on both', a[0] == b[0] == 400 and a[2] == b[2] and b'limit' in b[2],
          (a, b))


def post_checks(base, token):
    docs = (b'{"id":"p1","text":"Germany praised Poland on Tuesday.","date":"2024-05-07"}\n'
            b'{"id":"p2","text":\n')
    _, _, body = get(base, '/api/v1/events?q=praised')
    before = json.loads(body)['count']
    st, _, body = get(base, '/api/v1/documents', docs)
    check('PostgreSQL: POST without a token: 401', st == 401, (st, body))
    st, _, body = get(base, '/api/v1/documents', docs, token)
    d = json.loads(body) if st == 200 else {}
    check('PostgreSQL: POST with the token: 200, the events coded, the bad line rejected',
          st == 200 and d['added'] == 1 and d['events'] and d['events'][0]['src'] == 'DEU'
          and d['rejected'] and d['rejected'][0]['line'] == 2, (st, body))
    st, _, body = get(base, '/api/v1/events?src=DEU&tgt=POL')
    d = json.loads(body)
    check('PostgreSQL: the POSTed document is in the store, and its events answered at once',
          st == 200 and d['count'] == 1, d)
    doc = d['events'][0]['doc_id'] if d.get('events') else 0
    st, _, body = get(base, '/api/v1/documents/%d' % doc)
    check('PostgreSQL: GET documents/%d: the POSTed text' % doc, st == 200 and b'Germany praised Poland' in body, body)
    st, _, body = get(base, '/api/v1/events?q=praised')
    check('PostgreSQL: and q=praised finds it (asked before the POST: its cached answer dropped)', st == 200 and json.loads(body)['count'] == before + 1, body)
    st, _, body = get(base, '/api/v1/documents', docs, token)
    d = json.loads(body) if st == 200 else {}
    check('PostgreSQL: POST again: nothing added', st == 200 and d['added'] == 0 and d['already_stored'] == 1, body)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == 'query':
        query_checks(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == 'serve':
        serve_checks(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == 'post':
        post_checks(*sys.argv[2:])
    elif len(sys.argv) in (4, 6) and sys.argv[1] == 'status':
        if len(sys.argv) == 6:   # POST BODY with the TOKEN
            st, _, body = get(sys.argv[2], sys.argv[3], sys.argv[5].encode(), sys.argv[4])
        else:
            st, _, body = get(sys.argv[2], sys.argv[3])
        print(st, body.decode('utf-8', 'replace').strip()[:300])
        return 0
    elif len(sys.argv) == 4 and sys.argv[1] == 'timeline':
        st, _, body = get(sys.argv[2], sys.argv[3])
        if st != 200:
            print(st, '-', '-', '-')
            return 0
        d = json.loads(body)
        print(st, hashlib.sha256(body).hexdigest()[:16], sum(r['n'] for r in d['timeline']),
              d['data_range']['events'])
        return 0
    else:
        print(__doc__ or 'usage: see the header of pg_query_check.py', file=sys.stderr)
        return 2
    return 1 if check.failed else 0


if __name__ == '__main__':
    sys.exit(main())
