#!/usr/bin/env python3
"""bench/make_corpus.py -- builds a JSON Lines benchmark corpus for bench_code.

usage: python3 bench/make_corpus.py OUT.jsonl [--examples DIR] [--sentences N] [--seed S]

Reads the sample articles under examples/ (.txt and .html files, and the
records of every .jsonl file except gold.jsonl) and writes them again and again
under new ids, each copy varied deterministically so that documents differ
(and so hash differently in the store): the body paragraphs after the headline
and the dateline are shuffled, and country names (with their demonyms and
capitals) are swapped for others from a fixed list. Stops once the corpus
holds at least N sentences (default 20,000; counted conservatively, see
sentence_count) and prints what it wrote. The same arguments give the same file.
"""
import argparse
import json
import os
import random
import re
import sys

# name, demonym, capital: a copy swaps whole rows, so a sentence stays coherent.
COUNTRIES = [
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Uzbekistan", "Uzbek", "Tashkent"),
    ("Kyrgyzstan", "Kyrgyz", "Bishkek"),
    ("Tajikistan", "Tajik", "Dushanbe"),
    ("Turkmenistan", "Turkmen", "Ashgabat"),
    ("Russia", "Russian", "Moscow"),
    ("China", "Chinese", "Beijing"),
    ("Afghanistan", "Afghan", "Kabul"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Belarus", "Belarusian", "Minsk"),
    ("Armenia", "Armenian", "Yerevan"),
    ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Georgia", "Georgian", "Tbilisi"),
    ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"),
    ("India", "Indian", "New Delhi"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"),
    ("Japan", "Japanese", "Tokyo"),
    ("Germany", "German", "Berlin"),
    ("France", "French", "Paris"),
    ("Poland", "Polish", "Warsaw"),
]


def sentence_count(text):
    """Conservative count: sentences of prose paragraphs only (those ending in
    sentence-final punctuation), so headlines, menus and page furniture do not
    count; annals' segmenter finds a few more than this."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?i)</?(p|div|li|h[1-6]|br|article|section|aside|nav|footer|header)\b[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    n = 0
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if not re.search(r"[.!?][\"')\u201d]*$", para):
            continue
        n += len(re.findall(r"[.!?][\"')\u201d]*(?=\s+[A-Z\"\u201c]|$)", para))
    return n


def load_articles(root):
    """[(name, field, text, extra)] with field 'text' or 'html', sorted by path."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            base, ext = os.path.splitext(fn)
            ext = ext.lower()
            if ext == ".txt":
                with open(path, encoding="utf-8", errors="replace") as f:
                    out.append((base, "text", f.read(), {}))
            elif ext in (".html", ".htm"):
                with open(path, encoding="utf-8", errors="replace") as f:
                    out.append((base, "html", f.read(), {}))
            elif ext in (".jsonl", ".ndjson") and fn != "gold.jsonl":
                with open(path, encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        line = line.strip()
                        if not line:
                            continue
                        rec = json.loads(line)
                        field = "html" if "html" in rec else "text"
                        if field not in rec:
                            continue
                        extra = {k: rec[k] for k in ("date", "url", "outlet") if k in rec}
                        out.append((str(rec.get("id", f"{base}:{n}")), field, rec[field], extra))
    return out


def country_swapper(rng):
    """A function that replaces every listed country (name, demonym, capital) by its partner."""
    order = list(range(len(COUNTRIES)))
    rng.shuffle(order)
    partner = {}
    for i in range(0, len(order) - 1, 2):  # swap in pairs: a <-> b
        partner[order[i]], partner[order[i + 1]] = order[i + 1], order[i]
    table = {}
    for i, j in partner.items():
        for k in range(3):
            table[COUNTRIES[i][k]] = COUNTRIES[j][k]
    words = sorted(table, key=len, reverse=True)
    rx = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
    return lambda s: rx.sub(lambda m: table[m.group(1)], s)


def shuffle_paragraphs(text, rng):
    """Keeps the headline and the dateline paragraph in place, shuffles the rest."""
    paras = re.split(r"\n\s*\n", text.strip())
    head, body = paras[:3], paras[3:]
    rng.shuffle(body)
    return "\n\n".join(head + body) + "\n"


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Build a JSON Lines benchmark corpus from examples/.")
    ap.add_argument("out", help="path of the JSONL file to write")
    ap.add_argument("--examples", default=os.path.join(here, "..", "examples"),
                    help="folder of sample articles (default: examples/ of this tree)")
    ap.add_argument("--sentences", type=int, default=20000, help="minimum sentences (default 20000)")
    ap.add_argument("--seed", type=int, default=1, help="variation seed (default 1)")
    a = ap.parse_args(argv[1:])

    arts = load_articles(a.examples)
    if not arts:
        sys.exit(f"make_corpus: no .txt, .html or .jsonl articles under {a.examples}")
    docs = sents = nbytes = 0
    copy = 0
    with open(a.out, "w", encoding="utf-8") as f:
        while sents < a.sentences:
            copy += 1
            for name, field, text, extra in arts:
                rng = random.Random(f"{a.seed}/{copy}/{name}")
                swap = country_swapper(rng)
                body = text if field == "html" else shuffle_paragraphs(text, rng)
                body = swap(body)
                rec = {"id": f"{name}-v{copy:05d}", field: body}
                rec.update(extra)
                line = json.dumps(rec, ensure_ascii=False)
                f.write(line + "\n")
                docs += 1
                sents += sentence_count(body)
                nbytes += len(line.encode("utf-8")) + 1
                if sents >= a.sentences:
                    break
    print(f"make_corpus: {a.out}: {docs} documents, about {sents} sentences, "
          f"{nbytes / 1e6:.1f} MB, from {len(arts)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
