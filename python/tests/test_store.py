# SPDX-License-Identifier: MIT
"""Store records (annals/embed.h): stored once, and a damaged record is refused with path:line."""
import json

import pytest

import annals
from annals.shards import Store

SENTENCE = "Russian troops attacked the village near Kyiv on Monday, the Ukrainian defence ministry said."


def record(coder):
    line = json.dumps({"id": "r1", "text": SENTENCE + "\n\nKazakhstan hosted talks.", "date": "2022-03-01"})
    return json.loads(coder.code_jsonl(line.encode(), record=True))


def put(db, rec, line_no=1):
    with Store(str(db)) as s:
        rc = s.put(json.dumps(rec).encode(), "shard.jsonl", line_no)
        s.commit()
        return rc


def test_a_record_is_stored_once(coder, tmp_path):
    rec = record(coder)
    assert rec["n_sentences"] == 2 and rec["events"][0]["code"] == "180"
    assert put(tmp_path / "s.db", rec) == 1
    assert put(tmp_path / "s.db", rec) == 0


@pytest.mark.parametrize("change, message", [
    (lambda r: r["events"][0].update(sentence=2), '"sentence" is not a whole number from 0 to 1'),
    (lambda r: r["events"][0].update(src_span=[0, 10_000]), '"src_span" is not \\[offset, length\\] within'),
    (lambda r: r.update(doc_hash="abc"), '"doc_hash" is not 64 hex digits'),
    (lambda r: r.update(n_sentences=3), "its text segments into another number of sentences"),
    (lambda r: r["events"][0].update(code="123456"), '"code" is not a string of at most 5 bytes'),
    (lambda r: r.pop("text"), 'no "text"'),
])
def test_a_damaged_record_is_refused(coder, tmp_path, change, message):
    rec = record(coder)
    change(rec)
    with pytest.raises(annals.DocumentError, match="shard.jsonl:7: not an annals store record: " + message):
        put(tmp_path / "s.db", rec, 7)
    with Store(str(tmp_path / "s.db")) as s:
        with pytest.raises(annals.DocumentError, match="shard.jsonl:8: not an annals store record: "):
            s.put(b'{"doc": "x", "text": "unfinished', "shard.jsonl", 8)
