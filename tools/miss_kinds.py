#!/usr/bin/env python3
"""miss_kinds.py -- what the coder's misses on a gold set of ../shared/eval are made of.

usage: python3 tools/miss_kinds.py [--annals build/annals] SET...   (SET: news-dev, stories)

Codes the set's articles, scores them with eval/score-events --explain, and for each gold
event missed at the anchored level (from the sentence that states it) reads what
`annals code --trace` says about that sentence: the first reason a matched pattern was
dropped ("no target actor", "a verb read as a noun by the tagger", ...), "no pattern" when no
pattern matched, "wrong actors, code or date" when the sentence yielded an event that was not
this one, "no actor in the sentence" when the mention stage found none. Prints the counts
per kind, then with --list every miss and its kind. The first reason is not always the
cause, so the split is approximate (docs/notes/accuracy.md).
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval")
sys.path.insert(0, os.path.join(ROOT, "tools"))
from gold_docs import gold_docs  # noqa: E402


def sentences(annals, docs):
    """{doc id: {sentence index: text}} from `annals mentions`."""
    out, cur = collections.defaultdict(dict), None
    text = subprocess.run([annals, "mentions", docs], capture_output=True, text=True, check=True).stdout
    for line in text.splitlines():
        m = re.match(r"# (\S+)", line)
        if m:
            cur = m.group(1)
            continue
        m = re.match(r"\[(\d+)\] (.*)", line)
        if m and cur:
            out[cur][int(m.group(1))] = m.group(2)
    return out


def kind_of(lines):
    if not lines:
        return "no actor in the sentence"
    if any(x.startswith("skipped:") for x in lines):
        return re.sub(r"^skipped: ", "", next(x for x in lines if x.startswith("skipped:")))
    if not any(x.startswith("pattern ") for x in lines):
        return "no pattern"
    if any(x.lstrip().startswith("event ") for x in lines):
        return "wrong actors, code or date"
    dropped = [x for x in lines if "dropped:" in x]
    if dropped:
        return re.sub(r".*dropped: ", "", dropped[0]).split(" other than")[0]
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--annals", default=os.path.join(ROOT, "build", "annals"))
    ap.add_argument("--list", action="store_true", help="print every miss and its kind")
    ap.add_argument("sets", nargs="+")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="annals-misses-")
    for name in a.sets:
        gold = os.path.join(EVAL, name, "gold.jsonl")
        if not os.path.exists(gold):
            sys.exit(f"miss_kinds: {gold} not found")
        docs, pred = os.path.join(tmp, "docs.jsonl"), os.path.join(tmp, "pred.jsonl")
        gold_docs(gold, docs)
        run = subprocess.run([a.annals, "code", docs, "--trace", "--quiet", "--no-summary"],
                             capture_output=True, text=True, check=True)
        with open(pred, "w", encoding="utf-8") as f:
            f.write(run.stdout)
        trace = collections.defaultdict(list)
        for line in run.stderr.splitlines():
            m = re.match(r"trace: (\S+) s(\d+): (.*)", line)
            if m:
                trace[(m.group(1), int(m.group(2)))].append(m.group(3).strip())
        sents = sentences(a.annals, docs)
        explain = subprocess.run([os.path.join(EVAL, "score-events"), gold, pred, "--explain"],
                                 capture_output=True, text=True, check=True).stdout
        kinds, doc, listed = collections.Counter(), None, []
        for line in explain.splitlines():
            m = re.match(r"(\S+): found", line)
            if m:
                doc = m.group(1)
                continue
            m = re.match(r"\s+missed\s+(\S+ \S+): (.*)", line)
            if not m:
                continue
            head = m.group(2)[:40]
            idx = next((i for i, t in sents[doc].items() if head in t), None)
            k = kind_of(trace.get((doc, idx), []))
            kinds[k] += 1
            listed.append(f"  {doc} {m.group(1)} [{k}] {m.group(2)[:100]}")
        print(f"{name}: {sum(kinds.values())} anchored misses")
        for k, n in kinds.most_common():
            print(f"{n:5d}  {k}")
        if a.list:
            print("\n".join(listed))


if __name__ == "__main__":
    main()
