# SPDX-License-Identifier: MIT
"""annals.Coder against the annals command line: same events, errors as exceptions."""
import datetime
import glob
import json
import os
import threading

import pytest

import annals
from conftest import events_of, run_annals

SENTENCE = "Russian troops attacked the village near Kyiv on Monday, the Ukrainian defence ministry said."


def test_code_gives_the_events_of_annals_code(coder, annals_bin, corpus, tmp_path):
    records = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.txt")))[:6]:
        with open(path, encoding="utf-8") as f:
            records.append({"id": os.path.basename(path), "text": f.read(), "date": "2022-01-06"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    want = events_of(run_annals(annals_bin, "code", str(feed)))
    got = []
    for r in records:
        got += coder.code(r["text"], date=r["date"], doc_id=r["id"])
    assert len(want) > 20
    assert got == want


def test_code_many_streams_the_same_events(coder, corpus, annals_bin):
    feed = os.path.join(corpus, "feed.jsonl")
    with open(feed, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    want = events_of(run_annals(annals_bin, "code", feed))
    results = list(coder.code_many(docs))
    assert [r.doc for r in results] == [d["id"] for d in docs]
    assert all(r.error is None for r in results)
    got = [e for r in results for e in r.events]
    assert got and [(e["doc"], e["code"], e["src"], e["tgt"]) for e in got] == \
        [(e["doc"], e["code"], e["src"], e["tgt"]) for e in want]
    assert got == want


def test_code_file_is_annals_code_on_the_file(coder, annals_bin, corpus):
    for name in ("02_massimov_arrest.txt", "13_sco_astana_summit.html"):
        path = os.path.join(corpus, name)
        want = events_of(run_annals(annals_bin, "code", path))
        assert want and events_of(coder.code_file(path)) == want


def test_word_order_only_is_annals_code_no_parse(annals_bin, corpus):
    path = os.path.join(corpus, "07_kyrgyz_tajik_border_clash.txt")
    want = events_of(run_annals(annals_bin, "code", "--no-parse", path))
    parsed = events_of(run_annals(annals_bin, "code", path))
    assert want != parsed    # else this test could not tell the modes apart
    with annals.Coder(parse=False) as c:
        assert events_of(c.code_file(path)) == want


def test_date_resolves_weekdays_and_is_checked(coder):
    ev = coder.code(SENTENCE, date=datetime.date(2022, 3, 1), doc_id="a1")
    assert [(e["doc"], e["code"], e["date"]) for e in ev] == [("a1", "180", "2022-02-28")]
    assert coder.code(SENTENCE, date="2022-03-08")[0]["date"] == "2022-03-07"
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        coder.code(SENTENCE, date="1 March 2022")


def test_html_and_fields(coder):
    ev = coder.code(html="<html><body><p>" + SENTENCE + "</p></body></html>", date="2022-03-01",
                    doc_id=7, url="https://example.org/a")
    assert ev and ev[0]["doc"] == "7" and ev[0]["url"] == "https://example.org/a"


def test_c_errors_become_exceptions_with_the_c_message(tmp_path):
    with pytest.raises(annals.AnnalsError) as e:
        annals.Coder(data_dir=str(tmp_path / "nowhere"))
    assert "nowhere" in str(e.value) and e.value.code < 0
    with annals.Coder(parse=False) as c:
        with pytest.raises(annals.DocumentError, match='empty "text" field'):
            c.code("   \n ")
        with pytest.raises(annals.DocumentError, match=r"feed\.jsonl:3: not JSON"):
            c.code_jsonl(b'{"text": "unfinished', "feed.jsonl", 3)
        with pytest.raises(annals.DocumentError, match=r"big\.jsonl:2: line longer than 16 MiB"):
            c.code_jsonl(b" " * (16 * 1024 * 1024 + 1), "big.jsonl", 2)
        with pytest.raises(annals.DocumentError, match="binary data"):
            (tmp_path / "x.txt").write_bytes(b"\0\1\2\3" * 100)
            c.code_file(str(tmp_path / "x.txt"))
    with pytest.raises(ValueError, match="closed"):
        c.code(SENTENCE)


def test_bytes_that_are_not_utf8_are_a_clear_error(coder):
    with pytest.raises(annals.DocumentError, match=r"'b1': text is not valid UTF-8 .* at byte 8"):
        coder.code(b"Russian \xff troops attacked Kyiv.", doc_id="b1")
    with pytest.raises(annals.DocumentError, match="not valid Unicode"):
        coder.code(b"Russian \xff troops".decode("utf-8", "surrogateescape"))
    assert coder.code(SENTENCE.encode("utf-8"), date="2022-03-01")[0]["code"] == "180"


def test_code_many_records_or_raises_bad_documents(coder):
    docs = [SENTENCE, {"text": "", "id": "empty"}, b"\xfe\xff", {"html": "<p>" + SENTENCE + "</p>", "id": "h"}]
    out = list(coder.code_many(docs, errors="record"))
    assert [r.doc for r in out] == [1, "empty", 3, "h"]
    assert [bool(r.events) for r in out] == [True, False, False, True]
    assert out[0].error is None and 'empty "text" field' in out[1].error and "UTF-8" in out[2].error
    it = coder.code_many(docs)
    assert next(it).events
    with pytest.raises(annals.DocumentError, match="empty"):
        next(it)


def test_threads_share_one_coder(coder, corpus):
    texts = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.txt")))[:8]:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    want = [coder.code(t, doc_id=str(i)) for i, t in enumerate(texts)]
    got = [None] * len(texts)
    errors = []

    def work(k):
        try:
            for _ in range(3):
                for i in range(k, len(texts), 2):
                    got[i] = coder.code(texts[i], doc_id=str(i))
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and got == want


def test_to_dataframe(coder, corpus):
    with open(os.path.join(corpus, "feed.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    results = list(coder.code_many(docs))
    events = [e for r in results for e in r.events]
    df = annals.to_dataframe(results)
    assert list(df.columns) == annals.COLUMNS and len(df) == len(events) > 0
    assert str(df["quad_class"].dtype) == "Int64" and str(df["goldstein"].dtype) == "float64"
    first = events[0]
    assert df.loc[0, "code"] == first["code"] and df.loc[0, "span_start"] == first["span"][0]
    assert df.loc[0, "span_end"] == first["span"][1] and df.loc[0, "evidence"] == first["evidence"]
    assert annals.to_dataframe([]).empty
