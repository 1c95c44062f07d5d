#!/usr/bin/env python3
"""calibrate_confidence.py -- fits data/confidence.tsv on a gold set and reports thresholds.

usage: python3 tools/calibrate_confidence.py [--annals build/annals] [--gold GOLD.jsonl ...]
           [--check GOLD2.jsonl ...] [--write data/confidence.tsv] [--no-parse]

Codes the gold set's texts with `annals code --trace`, reads each event's evidence features
from its trace line ("basis a,b,c"), labels it right when it matches a required gold event
of its own sentence (same source and target country, same CAMEO root: the anchored rule of
eval/score-events) and wrong when it matches no gold event of the sentence (events that
match only optional gold events are left out, as the scorer leaves them), and fits a
logistic regression with an L2 penalty (Newton's method) so that confidence estimates the
probability that an event is right. The script then recodes every gold set with the new
weights (in a copy of data/) and prints anchored precision and recall at several
thresholds of --min-confidence, measured with eval/score-events itself; --write stores
the weights. The default gold sets are ../shared/eval/news-dev and ../shared/eval/stories
(the development material); --check adds sets to report but not fit on. To see how the
weights carry to unseen articles, fit on one set and check on the other.
"""
import argparse, json, math, os, re, subprocess, sys, tempfile

from gold_docs import gold_docs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "eval")
FEATURES = ["parse", "passive", "multiword", "noun", "target_slot", "quoted", "src_pronoun",
            "tgt_pronoun", "src_guessed", "implied", "same_country", "announced", "intended",
            "src_person", "tgt_person", "quad2", "quad3", "quad4", "long", "crowded", "headline",
            "coordinated", "src_igo", "tgt_igo"]
WORD = re.compile(r"\w+")
TRACE_EVENT = re.compile(r"^trace: (.*?) s(\d+):   event (\S*) -> (\S*) (\S+) .*basis (\S+)\)$")


def words(t):
    return set(WORD.findall((t or "").lower()))


def same_sentence(a, b):
    wa, wb = words(a), words(b)
    return bool(wa and wb and len(wa & wb) >= 0.6 * min(len(wa), len(wb)))


def code(annals, docs, data, extra, trace):
    cmd = [annals, "code", docs, "--format", "jsonl", "--no-summary"] + extra
    if data:
        cmd += ["--data", data]
    if trace:
        cmd.append("--trace")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"calibrate_confidence: {' '.join(cmd)} failed: {p.stderr[-500:]}")
    events = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    bases = [m.group(6) for m in map(TRACE_EVENT.match, p.stderr.splitlines()) if m]
    return events, bases


def labels(gold_path, events):
    gold = {}
    for line in open(gold_path, encoding="utf-8"):
        r = json.loads(line)
        gold[r["id"]] = r["events"]
    out = []
    for e in events:
        key = ((e.get("src") or "")[:3], (e.get("tgt") or "")[:3], e["code"][:2])
        hits = [g for g in gold.get(e["doc"], []) if same_sentence(g.get("evidence"), e.get("evidence"))
                and (g["src"], g["tgt"]) == key[:2]
                and key[2] in {c[:2] for c in [g["code"]] + g.get("alt", [])}]
        if not hits:
            out.append(0)
        elif any(not g.get("optional") for g in hits):
            out.append(1)
        else:
            out.append(None)
    return out


def solve(a, b):
    """Solves a x = b (Gauss-Jordan with partial pivoting)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(xs, ys, l2=1.0, rounds=25):
    """L2-penalised logistic regression (the bias is not penalised) by Newton's method."""
    n = len(FEATURES) + 1
    w = [0.0] * n
    for _ in range(rounds):
        g = [0.0] * n
        h = [[0.0] * n for _ in range(n)]
        for x, y in zip(xs, ys):
            z = w[0] + sum(w[i + 1] for i in x)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            idx = [0] + [i + 1 for i in x]
            for i in idx:
                g[i] += p - y
                for j in idx:
                    h[i][j] += p * (1 - p)
        for i in range(1, n):
            g[i] += l2 * w[i]
            h[i][i] += l2
        h[0][0] += 1e-6
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def score(gold, pred_events, path):
    with open(path, "w", encoding="utf-8") as o:
        for e in pred_events:
            o.write(json.dumps(e) + "\n")
    p = subprocess.run([os.path.join(SHARED, "score-events"), gold, path, "--json"], capture_output=True, text=True)
    return json.loads(p.stdout)["anchored"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--annals", default=os.path.join(ROOT, "build", "annals"))
    ap.add_argument("--gold", nargs="+", default=[os.path.join(SHARED, "news-dev", "gold.jsonl"),
                                                  os.path.join(SHARED, "stories", "gold.jsonl")])
    ap.add_argument("--check", nargs="*", default=[])
    ap.add_argument("--write", help="write the fitted weights to this file (data/confidence.tsv)")
    ap.add_argument("--no-parse", action="store_true", help="calibrate the word-order coder")
    ap.add_argument("--l2", type=float, default=1.0)
    a = ap.parse_args()
    extra = ["--no-parse"] if a.no_parse else []
    tmp = tempfile.mkdtemp(prefix="annals-calib-")
    xs, yy = [], []
    for gold in a.gold:
        docs = os.path.join(tmp, "docs.jsonl")
        gold_docs(gold, docs)
        events, bases = code(a.annals, docs, None, extra, True)
        if len(events) != len(bases):
            sys.exit(f"calibrate_confidence: {len(events)} events but {len(bases)} traced")
        for b, y in zip(bases, labels(gold, events)):
            if y is not None:
                xs.append([FEATURES.index(f) for f in b.split(",") if f in FEATURES])
                yy.append(y)
    w = fit(xs, yy, a.l2)
    names = " and ".join("eval/" + os.path.basename(os.path.dirname(g)) for g in a.gold)
    print(f"fitted on {len(yy)} events of {names} ({sum(yy)} right)")
    data = os.path.join(tmp, "data")
    os.mkdir(data)
    for f in os.listdir(os.path.join(ROOT, "data")):
        if f != "confidence.tsv":
            os.symlink(os.path.join(ROOT, "data", f), os.path.join(data, f))
    weights = os.path.join(data, "confidence.tsv")
    with open(weights, "w", encoding="utf-8") as o:
        o.write("# annals-dict 1 confidence\n")
        o.write("# Weights of the event confidence: 1 / (1 + exp(-(bias + the weights of the event's\n")
        o.write("# features))); features in include/annals/doc.h (ANNALS_EVB_*). Fitted by\n")
        o.write(f"# tools/calibrate_confidence.py{' --no-parse' if a.no_parse else ''} on {len(yy)} events "
                f"of {names} ({sum(yy)} right):\n")
        o.write("# L2-penalised logistic regression; a feature never seen there has weight 0.\n")
        o.write(f"bias\t{w[0]:.4f}\n")
        for f, wi in zip(FEATURES, w[1:]):
            o.write(f"{f}\t{wi:.4f}\n")
    if a.write:
        with open(weights, encoding="utf-8") as i, open(a.write, "w", encoding="utf-8") as o:
            o.write(i.read())
        print(f"wrote {a.write}")
    print("| set | min confidence | events | anchored P | anchored R | anchored F1 |")
    print("|---|---|---|---|---|---|")
    for gold in a.gold + a.check:
        gdocs = os.path.join(tmp, "g.jsonl")
        gold_docs(gold, gdocs)
        evs, _ = code(a.annals, gdocs, data, extra, False)
        name = os.path.basename(os.path.dirname(gold))
        for t in (0, 0.3, 0.4, 0.5, 0.6, 0.7):
            kept = [e for e in evs if e.get("confidence") is None or e["confidence"] >= t]
            s = score(gold, kept, os.path.join(tmp, "p.jsonl"))
            name_t = name + ("" if gold in a.gold else " (held out)")
            print(f"| {name_t} | {t} | {len(kept)} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")


if __name__ == "__main__":
    main()
