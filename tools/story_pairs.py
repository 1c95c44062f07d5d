#!/usr/bin/env python3
"""story_pairs.py -- the pairs behind the story scores, for looking at errors by kind.

usage: python3 tools/story_pairs.py SCORER GOLD.jsonl PRED.jsonl [--missed]

SCORER is eval/score-stories; its own alignment of predicted to gold events is used.
Prints every wrongly merged pair (the two mentions, their gold stories, codes, dates and
evidence), with --missed also every gold pair left apart, then the scores again with the
aligned items left out whose prediction neither shares the gold event's evidence nor comes
within a day of its date: there the scorer aligned a mention of another event (an extra
mention of the same dyad and root) to a gold event the coder did not find.
"""
import datetime
import importlib.machinery
import importlib.util
import itertools
import sys


def load_scorer(path):
    loader = importlib.machinery.SourceFileLoader("score_stories", path)
    spec = importlib.util.spec_from_loader("score_stories", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def show(item):
    did, g, p = item
    print("   %s gold %s%s %s %s | sentence %s %s %s/%s %s\n      %s" % (
        did, g["story"], " (optional)" if g.get("optional") else "", g["code"], g.get("date"),
        p.get("sentence"), p.get("code"), p.get("src"), p.get("tgt"), p.get("date"), (p.get("evidence") or "")[:160]))


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    ss = load_scorer(args[0])
    gold, preds = ss.load_jsonl(args[1]), ss.load_jsonl(args[2])
    aligned = ss.align(gold, preds)[0]
    items = [(d["id"], g, aligned[(d["id"], gi)]) for d in gold for gi, g in enumerate(d["events"])
             if g.get("story") and (d["id"], gi) in aligned]
    for a, b in itertools.combinations(items, 2):
        merged = a[2].get("story") not in (None, "") and a[2].get("story") == b[2].get("story")
        same = a[1]["story"] == b[1]["story"]
        if merged != same and (merged or "--missed" in argv):
            print("WRONG" if merged else "MISSED", a[0], b[0])
            show(a)
            show(b)

    def day(s):
        return datetime.date.fromisoformat(s)

    by_id = {d["id"]: d for d in gold}
    align = ss.align

    def plausible_align(g, p):
        out, unmatched, unknown = align(g, p)
        for (did, gi), pr in list(out.items()):
            ge = by_id[did]["events"][gi]
            if (ge.get("date") and pr.get("date") and abs((day(ge["date"]) - day(pr["date"])).days) > 1
                    and not ss.ev_match(pr.get("evidence"), ge.get("evidence"))):
                print("left out: %s gold %s (%s) aligned to the mention of sentence %s dated %s"
                      % (did, ge.get("story"), ge["date"], pr.get("sentence"), pr["date"]))
                del out[(did, gi)]
        return out, unmatched, unknown

    ss.align = plausible_align
    r = ss.score(gold, preds)
    pw, px = r["pairwise"], r["pairwise_cross_article"]
    print("without those items: pairwise P %.3f R %.3f (correct %d, predicted %d pairs); "
          "cross-article P %.3f R %.3f; B-cubed F1 %.3f"
          % (pw["precision"], pw["recall"], pw["correct_pairs"], pw["predicted_pairs"],
             px["precision"], px["recall"], r["bcubed"]["f1"]))


if __name__ == "__main__":
    main(sys.argv)
