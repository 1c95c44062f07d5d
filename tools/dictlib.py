"""dictlib.py -- shared helpers for the tools/gen_*.py dictionary generators.

Finds the installed source packages (iso-codes, world-countries), folds
diacritics, and writes annals-dict files: header line, '#' source comments,
then tab-separated rows, de-duplicated and sorted so reruns are byte-identical.
"""
import json, os, sys, unicodedata

ISO_DIR = os.environ.get("ISO_CODES_JSON", "/usr/share/iso-codes/json")
WC_CANDIDATES = [
    os.environ.get("WORLD_COUNTRIES_JSON", ""),
    "/tmp/wc/node_modules/world-countries/countries.json",
    os.path.join(os.getcwd(), "node_modules/world-countries/countries.json"),
]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg):
    sys.stderr.write("%s: %s\n" % (os.path.basename(sys.argv[0]), msg))
    sys.exit(1)


def load_iso(part):
    """part: '3166-1' or '3166-2'; needs Debian package iso-codes."""
    path = os.path.join(ISO_DIR, "iso_%s.json" % part)
    if not os.path.exists(path):
        die("%s missing: apt-get install iso-codes" % path)
    with open(path, encoding="utf-8") as f:
        return json.load(f)[part]


def load_wc():
    """world-countries (npm, ODbL) countries.json as a list of dicts."""
    for p in WC_CANDIDATES:
        if p and os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                return json.load(f)
    die("world-countries not found: (mkdir -p /tmp/wc && cd /tmp/wc && "
        "npm install world-countries) or set WORLD_COUNTRIES_JSON")


def wc_version():
    for p in WC_CANDIDATES:
        pkg = os.path.join(os.path.dirname(p), "package.json") if p else ""
        if pkg and os.path.exists(pkg):
            with open(pkg, encoding="utf-8") as f:
                return json.load(f).get("version", "?")
    return "?"


def fold(s):
    """ASCII-fold: 'Bogotá' -> 'Bogota', 'Chișinău' -> 'Chisinau'."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("ʻ", "'").replace("‘", "'").replace("’", "'")


def write_dict(relpath, kind, comments, rows):
    """Write rows (tuples of str) under data/; sorted, duplicates dropped."""
    path = os.path.join(ROOT, "data", relpath)
    rows = sorted(set(tuple(r) for r in rows),
                  key=lambda r: (r[0].casefold(), r))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# annals-dict 1 %s\n" % kind)
        for c in comments:
            f.write("# %s\n" % c if c else "#\n")
        for r in rows:
            assert all(r) and not any("\t" in x or "\n" in x for x in r), r
            f.write("\t".join(r) + "\n")
    sys.stderr.write("wrote %s: %d lines\n" % (path, len(rows)))
