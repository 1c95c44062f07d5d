# SPDX-License-Identifier: MIT
"""python3 -m annals.cluster on a LocalCluster of 2 worker processes: the store it
fills is the one annals ingest fills; reruns code only missing shards; broken
lines are named and the rest is coded; a killed worker leaves no shard file."""
import glob
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import SRC

PY = os.path.join(SRC, "python")

# the store's content, without row ids and times
QUERIES = [
    "SELECT hash FROM documents ORDER BY id",   # stored in the order of the inputs
    "SELECT hash, name, path, url, outlet, pub_date, format, text, invalid_bytes, dropped_lines,"
    " n_sentences, n_events FROM documents ORDER BY hash",
    "SELECT d.hash, s.idx, s.start, s.\"end\", s.text FROM sentences s JOIN documents d ON d.id = s.doc_id"
    " ORDER BY 1, 2",
    "SELECT d.hash, e.sentence_idx, code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, verb_text,"
    " date, place, evidence, confidence FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY d.hash, e.id",
    "SELECT * FROM actors ORDER BY code",
    # the stories stage (docs/stories.md): near-copies, sources, story events and their mentions
    "SELECT d.hash, d.simhash, c.hash FROM documents d LEFT JOIN documents c ON c.id = d.copy_of ORDER BY d.id",
    "SELECT d.hash, s.url, s.outlet, s.name, s.hash FROM document_sources s JOIN documents d ON d.id = s.doc_id"
    " ORDER BY 1, 2, 3, 4, 5",
    "SELECT id, code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date, place, n_mentions,"
    " n_sources, n_articles, disagreements FROM story_events ORDER BY id",
    "SELECT d.hash, e.id, e.story_id, e.src_off, e.src_len, e.tgt_off, e.tgt_len, e.verb_off, e.verb_len"
    " FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.id",
]


def store_rows(db):
    con = sqlite3.connect(db)
    try:
        return [con.execute(q).fetchall() for q in QUERIES]
    finally:
        con.close()


def cluster(*args):
    env = dict(os.environ, PYTHONPATH=PY)
    return subprocess.run([sys.executable, "-m", "annals.cluster", *args], capture_output=True, text=True,
                          env=env, check=False, timeout=300)


def make_inputs(tmp_path, corpus, copies=1):
    """A JSONL file of the sample articles (a broken line 5, an empty text at line 9) and a
    folder of two whole files."""
    lines = []
    for k in range(copies):
        for path in sorted(glob.glob(os.path.join(corpus, "*.txt"))):
            with open(path, encoding="utf-8") as f:
                lines.append(json.dumps({"id": f"{k}-{os.path.basename(path)}", "text": f.read(),
                                         "date": "2022-06-01", "url": f"https://example.org/{k}/{len(lines)}"}))
    if copies == 1:
        lines.insert(4, '{"id": "broken", "text": "no end')
        lines.insert(8, '{"id": "blank", "text": ""}')
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = tmp_path / "in" / "pages"
    pages.mkdir()
    for name in ("02_massimov_arrest.txt", "13_sco_astana_summit.html"):
        (pages / name).write_bytes(open(os.path.join(corpus, name), "rb").read())
    return feed, pages


def test_cluster_run_fills_the_store_as_ingest_does(tmp_path, corpus, annals_bin):
    feed, pages = make_inputs(tmp_path, corpus)
    out, db = tmp_path / "out", tmp_path / "out" / "annals.db"
    ing = tmp_path / "ingest.db"
    p = subprocess.run([annals_bin, "ingest", str(feed), str(pages), "--db", str(ing), "--no-progress"],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 1 and "not JSON" in p.stdout
    want = store_rows(str(ing))
    assert len(want[1]) == 14 and len(want[3]) > 50   # 02_massimov_arrest twice: stored once
    assert len(want[7]) > 20 and all(row[2] is not None for row in want[8])   # story events, every event in one

    r = cluster("--scheduler", "local:2", "--shard-docs", "4", str(feed), str(pages), "--out", str(out))
    assert r.returncode == 1, r.stderr
    assert f"rejected: {feed}:5: not JSON" in r.stdout          # named by file and line
    assert f'rejected: {feed}:9: empty "text" field' in r.stdout
    assert "coded 15 documents in 5 shards" in r.stdout and "14 documents added, 1 already stored" in r.stdout
    assert store_rows(str(db)) == want
    shards = sorted(glob.glob(str(out / "*.records.jsonl")))
    assert len(shards) == 5 and not glob.glob(str(out / ".*.tmp"))

    # a rerun codes nothing and adds nothing
    r = cluster("--scheduler", "local:2", "--shard-docs", "4", str(feed), str(pages), "--out", str(out))
    assert "5 shards, 5 already coded, 0 to code" in r.stderr
    assert "coded 0 documents" in r.stdout and "0 documents added, 15 already stored" in r.stdout

    # a lost shard file: only that shard is coded again, same shard name, same store
    mtimes = {s: os.stat(s).st_mtime_ns for s in shards}
    os.unlink(shards[1])
    r = cluster("--scheduler", "local:2", "--shard-docs", "4", str(feed), str(pages), "--out", str(out))
    assert "1 to code" in r.stderr and "coded 4 documents in 1 shards" in r.stdout, r.stdout + r.stderr
    assert sorted(glob.glob(str(out / "*.records.jsonl"))) == shards
    assert all(os.stat(s).st_mtime_ns == m for s, m in mtimes.items() if s != shards[1])
    assert store_rows(str(db)) == want


def test_code_now_store_later(tmp_path, corpus, annals_bin):
    """--no-store only codes; the same command with --db later stores every shard, coding none."""
    feed, pages = make_inputs(tmp_path, corpus)
    out, db = tmp_path / "out", tmp_path / "later.db"
    ing = tmp_path / "ingest.db"
    subprocess.run([annals_bin, "ingest", str(feed), str(pages), "--db", str(ing), "--no-progress"],
                   capture_output=True, text=True, check=False)
    r = cluster("--scheduler", "local:2", "--shard-docs", "4", str(feed), str(pages), "--out", str(out), "--no-store")
    assert r.returncode == 1, r.stderr   # the broken and the empty line
    assert "coded 15 documents in 5 shards; not stored (--no-store)" in r.stdout, r.stdout
    assert f"rejected: {feed}:5: not JSON" in r.stdout
    assert len(glob.glob(str(out / "*.records.jsonl"))) == 5 and not glob.glob(str(out / "*.db"))
    r = cluster("--scheduler", "local:2", "--shard-docs", "4", str(feed), str(pages), "--out", str(out),
                "--db", str(db))
    assert "5 shards, 5 already coded, 0 to code" in r.stderr
    assert "coded 0 documents" in r.stdout and "14 documents added, 1 already stored" in r.stdout, r.stdout
    assert store_rows(str(db)) == store_rows(str(ing))
    r = cluster("--scheduler", "local:2", str(feed), "--out", str(out), "--no-store", "--db", str(db))
    assert r.returncode == 2 and "--no-store and --db" in r.stderr


def test_a_killed_worker_leaves_no_shard(tmp_path, corpus):
    feed, _ = make_inputs(tmp_path, corpus, copies=20)   # 260 documents: about a second to code
    out = tmp_path / "out"
    out.mkdir()
    code = ("import sys; from annals import shards; "
            "s = shards.plan([sys.argv[1]], 100000)[0]; shards.code_shard(s, sys.argv[2])")
    p = subprocess.Popen([sys.executable, "-c", code, str(feed), str(out)], env=dict(os.environ, PYTHONPATH=PY))
    deadline = time.monotonic() + 60
    while not any(os.path.getsize(t) > 0 for t in glob.glob(str(out / ".*.tmp"))):
        assert p.poll() is None and time.monotonic() < deadline, "the shard was done before it could be killed"
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert glob.glob(str(out / ".*.tmp")) and not glob.glob(str(out / "*.records.jsonl"))

    r = cluster("--scheduler", "local:2", "--shard-docs", "100000", str(feed), "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "coded 260 documents in 1 shards" in r.stdout and "13 documents added, 247 already stored" in r.stdout
    assert not glob.glob(str(out / ".*.tmp")) and len(glob.glob(str(out / "*.records.jsonl"))) == 1


def test_shards_cover_every_line_once_and_a_huge_line_is_rejected(tmp_path, monkeypatch):
    from annals import shards
    feed = tmp_path / "feed.jsonl"
    lines = [b'{"id": "%d", "text": "Russian troops attacked Kyiv."}' % i for i in range(7)]
    lines[3] = b'{"id": "big", "text": "' + b"x" * 300 + b'"}'
    feed.write_bytes(b"\n".join(lines))             # no newline after the last line
    monkeypatch.setattr(shards, "MAX_LINE", 200)    # the limit, made small
    plan = shards.plan([str(feed)], 3)
    assert [(s.first_line, s.start, s.end) for s in plan] == [
        (1, 0, sum(len(x) + 1 for x in lines[:3])),
        (4, sum(len(x) + 1 for x in lines[:3]), sum(len(x) + 1 for x in lines[:6])),
        (7, sum(len(x) + 1 for x in lines[:6]), feed.stat().st_size)]
    assert [s.name for s in plan] == [s.name for s in shards.plan([str(feed)], 3)]   # the same names again
    got = [(n, line if line is shards.TOO_LONG else line[:9]) for s in plan for _, n, line in shards._documents(s)]
    assert got == [(1, b'{"id": "0'), (2, b'{"id": "1'), (3, b'{"id": "2'), (4, shards.TOO_LONG),
                   (5, b'{"id": "4'), (6, b'{"id": "5'), (7, b'{"id": "6')]
    out = tmp_path / "out"
    out.mkdir()
    r = shards.code_shard(plan[1], str(out))
    assert r["docs"] == 2 and r["rejects"] == [f"{feed}:4: line longer than 0 MiB"]


def test_a_file_gone_since_the_plan_is_a_reject(tmp_path, corpus):
    from annals import shards
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("02_massimov_arrest.txt", "07_kyrgyz_tajik_border_clash.txt"):
        (pages / name).write_bytes(open(os.path.join(corpus, name), "rb").read())
    plan = shards.plan([str(pages)], 10)
    (pages / "02_massimov_arrest.txt").unlink()
    out = tmp_path / "out"
    out.mkdir()
    r = shards.code_shard(plan[0], str(out))
    assert r["docs"] == 1 and len(r["rejects"]) == 1
    assert r["rejects"][0] == f"{pages}/02_massimov_arrest.txt: does not exist: No such file or directory"


def test_a_worker_killed_in_a_run_loses_and_doubles_nothing(tmp_path, corpus, annals_bin):
    import psutil
    feed, _ = make_inputs(tmp_path, corpus, copies=40)   # 520 documents, 13 distinct
    out, db, ing = tmp_path / "out", tmp_path / "out" / "annals.db", tmp_path / "ingest.db"
    subprocess.run([annals_bin, "ingest", str(feed), "--db", str(ing), "--no-progress"], capture_output=True,
                   check=False)
    p = subprocess.Popen([sys.executable, "-m", "annals.cluster", "--scheduler", "local:2", "--shard-docs", "130",
                          str(feed), "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, PYTHONPATH=PY))
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and p.poll() is None and time.monotonic() < deadline:
        # a worker process (a LocalCluster's are the client's children) writing a shard's temporary file
        for proc in psutil.Process(p.pid).children(recursive=True):
            try:
                if any(f.path.startswith(str(out / ".")) and f.path.endswith(".tmp") for f in proc.open_files()):
                    proc.kill()
                    killed = proc.pid
                    break
            except psutil.Error:
                continue
        time.sleep(0.005)
    stdout, stderr = p.communicate(timeout=300)
    assert killed, "no worker was caught coding a shard"
    assert p.returncode == 0, stdout + stderr
    assert "coded 520 documents in 4 shards" in stdout and "13 documents added, 507 already stored" in stdout
    assert store_rows(str(db)) == store_rows(str(ing))
    assert len(glob.glob(str(out / "*.records.jsonl"))) == 4 and not glob.glob(str(out / ".*.tmp"))


def test_a_store_uri_is_printed_without_its_password():
    sys.path.insert(0, PY)
    from annals.cluster import _shown
    assert _shown("postgresql://ann:s3cret@db.example:5432/ev") == "postgresql://ann:***@db.example:5432/ev"
    assert _shown("postgresql:///ev?host=/tmp&user=ann") == "postgresql:///ev?host=/tmp&user=ann"
    assert _shown("postgresql:///ev?user=ann&password=s3cret&host=/tmp") == \
        "postgresql:///ev?user=ann&password=***&host=/tmp"
    assert _shown("/data/annals.db") == "/data/annals.db"
