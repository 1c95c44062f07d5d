"""tests/cli/lib/pg_corpus.py -- writes the corpus of the concurrent-writers test (pg_store.sh).

usage: python3 pg_corpus.py SOURCE_DIR OUT_DIR
OUT_DIR/all.jsonl: every document of examples/corpus (files and feed.jsonl records) as a
JSONL record, then one record per pair of texts next to each other in length order, so
that stories gather mentions from several documents and no document is a near-duplicate
of another (the halves are of like size); OUT_DIR/part0..3.jsonl: four
overlapping windows of all.jsonl (half of it each, starting a quarter apart), which
together cover it.
"""
import json
import os
import sys

src, out = sys.argv[1], sys.argv[2]
corpus = os.path.join(src, "examples", "corpus")
docs = []
for name in sorted(os.listdir(corpus)):
    path = os.path.join(corpus, name)
    if name.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            docs += [json.loads(line) for line in f if line.strip()]
    else:
        with open(path, encoding="utf-8") as f:
            doc = {"id": name.rsplit(".", 1)[0], "text": f.read()}
        if name.endswith(".html"):
            doc = {"id": doc["id"], "html": doc["text"]}
        docs.append(doc)
# neighbours by length: halves of like size, so that a pair's SimHash is far from both
texts = sorted((d for d in docs if d.get("text")), key=lambda d: len(d["text"]))
for i in range(len(texts) - 1):
    a, b = texts[i], texts[i + 1]
    docs.append({"id": "pair-%02d" % i, "text": a["text"] + "\n\n" + b["text"]})
lines = [json.dumps(d, ensure_ascii=False) + "\n" for d in docs]
with open(os.path.join(out, "all.jsonl"), "w", encoding="utf-8") as f:
    f.writelines(lines)
n = len(lines)
for k in range(4):
    with open(os.path.join(out, "part%d.jsonl" % k), "w", encoding="utf-8") as f:
        f.writelines(lines[(k * n // 4 + j) % n] for j in range(n // 2))
print(n)
