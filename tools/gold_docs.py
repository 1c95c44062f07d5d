#!/usr/bin/env python3
"""gold_docs.py -- turns a gold set of ../shared/eval into the JSON lines annals reads.

usage: python3 tools/gold_docs.py GOLD.jsonl OUT.jsonl

Each gold article becomes one line {"id", "date", "text"}: its id, its pub_date as the
date and its text, the way eval/news-dev/README.md says to give articles to a coder.
Used by tools/score_dev.sh, tools/calibrate_confidence.py and tests/cli/devsets.sh.
"""
import json, sys


def gold_docs(gold_path, out_path):
    with open(out_path, "w", encoding="utf-8") as o:
        for line in open(gold_path, encoding="utf-8"):
            r = json.loads(line)
            o.write(json.dumps({"id": r["id"], "date": r.get("pub_date"), "text": r["text"]}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    gold_docs(sys.argv[1], sys.argv[2])
