#!/usr/bin/env python3
"""check_dicts.py -- validates the plain-text dictionaries under data/.

Checks every data/*.txt, data/*.tsv and data/actors/*.txt: the exact first-line
header, tab field counts, code shapes (CAMEO actor and event codes, role codes, ISO3),
FROM..TO date ranges, coordinates, duplicate lines (for verbs.txt: a pattern
given twice) and verbs.txt codes missing from data/cameo-codes.tsv. Prints file:line: message
for each problem and exits 1 if there was any. Run: python3 tools/check_dicts.py
"""
import datetime, glob, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = set("GOV MIL COP JUD LEG BUS EDU MED HLH REL CVL OPP REB INS SEP NGO REF LAB ELI SPY "
            "CRM AGR ENV HRI UAF DEV MOD RAD PTY PPL".split())
CODE = re.compile(r"^(?:[A-Z]{3}){1,5}$")          # loader takes 3..15 characters
ISO3 = re.compile(r"^[A-Z]{3}$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$")
# file kind -> (allowed field counts, index of the date-range field or None)
KINDS = {"actors": ({2, 3}, 2), "agents": ({3}, None), "people": ({4}, 2),
         "places": ({5}, None), "cameo-codes": ({5}, None), "verbs": ({3}, None),
         "confidence": ({2}, None), "country-codes": ({4}, None), "plover": ({5}, None),
         "actor-codes": ({4}, None)}
errors = 0


def err(path, n, msg):
    global errors
    errors += 1
    print("%s:%d: %s" % (os.path.relpath(path, ROOT), n, msg))


def check_range(path, n, s):
    m = RANGE.match(s)
    if not m or not (m.group(1) or m.group(2)):
        return err(path, n, "bad date range %r (want YYYY-MM-DD..YYYY-MM-DD, one side may be empty)" % s)
    try:
        d = [datetime.date.fromisoformat(x) if x else None for x in m.groups()]
    except ValueError as e:
        return err(path, n, "bad date in %r: %s" % (s, e))
    if d[0] and d[1] and d[0] > d[1]:
        err(path, n, "date range %r ends before it starts" % s)


def load_cameo():
    """The event codes of data/cameo-codes.tsv (empty when it cannot be read)."""
    try:
        with open(os.path.join(ROOT, "data", "cameo-codes.tsv"), encoding="utf-8") as f:
            return {l.split("\t")[0] for l in f if l[:1].isdigit()}
    except OSError:
        return set()


CAMEO = load_cameo()


def known_code(code):
    """A verbs.txt code the coder can use: in the table, a 4-digit code whose 3-digit parent
    is (the coder falls back to it), or an 'x' code some table code fills."""
    if code.endswith("x"):
        return any(c.startswith(code[:-1]) for c in CAMEO)
    return code in CAMEO or (len(code) == 4 and code[:3] in CAMEO)


def check_fields(path, n, kind, f):
    if kind == "actors":
        if not CODE.match(f[1]):
            err(path, n, "bad CAMEO code %r" % f[1])
    elif kind == "people":
        if not CODE.match(f[1]):
            err(path, n, "bad CAMEO code %r" % f[1])
    elif kind == "agents":
        if f[1] not in ROLES:
            err(path, n, "unknown role %r" % f[1])
        if f[2] not in ("title", "body", "group"):
            err(path, n, "kind must be title, body or group, not %r" % f[2])
    elif kind == "places":
        if not ISO3.match(f[1]):
            err(path, n, "bad ISO3 %r" % f[1])
        if f[2] not in ("capital", "city", "region"):
            err(path, n, "kind must be capital, city or region, not %r" % f[2])
        try:
            lat, lon = float(f[3]), float(f[4])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                err(path, n, "coordinates out of range")
        except ValueError:
            err(path, n, "bad coordinates %r %r" % (f[3], f[4]))
    elif kind == "verbs":
        if not re.match(r"^\d{2,4}$|^\d{2,3}x$|^---$", f[0]):
            err(path, n, "bad CAMEO event code %r" % f[0])
        elif f[0] != "---" and CAMEO and not known_code(f[0]):
            err(path, n, "code %s is not in data/cameo-codes.tsv: its events would be dropped" % f[0])
        if f[2] not in ("v", "n"):
            err(path, n, "kind must be v or n, not %r" % f[2])
        if not re.match(r"^[^ .$]", f[1]) or "  " in f[1]:
            err(path, n, "a pattern starts with a word, words separated by one space")
    elif kind == "confidence":
        try:
            float(f[1])
        except ValueError:
            err(path, n, "bad weight %r" % f[1])
    elif kind == "country-codes":
        if not ISO3.match(f[0]) or not re.match(r"^([A-Z]{2}|-)$", f[1]) or not re.match(r"^(\d+|-)$", f[2]):
            err(path, n, "want ISO3, FIPS 10-4 (2 letters) or '-', COW number or '-'")
    elif kind == "plover":
        if not re.match(r"^\d{2,4}$", f[0]) or not re.match(r"^([A-Z]+|dropped)$", f[1]) or f[4] not in "1234-":
            err(path, n, "want CAMEO code, PLOVER event, mode, context, quad 1-4")
    elif kind == "actor-codes":
        if not ISO3.match(f[0]) or f[1] not in ("role", "international", "region", "religion"):
            err(path, n, "want a 3-letter group and kind role|international|region|religion")
    elif kind == "cameo-codes":
        if not re.match(r"^\d{2,4}$", f[0]) or not f[1].isdigit() or f[2] not in "1234":
            err(path, n, "bad CAMEO event code row")
        try:
            float(f[3])
        except ValueError:
            err(path, n, "bad Goldstein value %r" % f[3])


def check_file(path):
    with open(path, "rb") as fb:
        raw = fb.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return err(path, 1, "not UTF-8: %s" % e)
    lines = text.split("\n")
    m = re.match(r"^# annals-dict 1 (\S+)$", lines[0])
    if not m or m.group(1) not in KINDS:
        return err(path, 1, "first line must be '# annals-dict 1 <kind>' with kind in %s" % sorted(KINDS))
    kind = m.group(1)
    if os.path.basename(os.path.dirname(path)) == "actors" and kind != "actors":
        err(path, 1, "files under data/actors/ must have kind 'actors'")
    counts, rng = KINDS[kind]
    seen = {}
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        if "\r" in line:
            err(path, n, "carriage return in line")
        f = line.split("\t")
        if kind == "cameo-codes" and f[0] == "code":
            continue                                  # column header row
        if len(f) not in counts:
            err(path, n, "expected %s tab-separated fields, got %d" % (" or ".join(map(str, sorted(counts))), len(f)))
            continue
        if any(x != x.strip() or not x for x in f):
            err(path, n, "empty field or stray spaces around a field")
        if rng is not None and len(f) > rng:
            check_range(path, n, f[rng])
        check_fields(path, n, kind, f)
        if kind == "verbs":
            key = (f[1], f[2])                        # one code per pattern
        else:
            key = tuple(f[:3]) if rng is not None else tuple(f[:2])
        if key in seen:
            err(path, n, "duplicate of line %d" % seen[key])
        else:
            seen[key] = n
    return kind


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "data", "*.txt")) +
                   glob.glob(os.path.join(ROOT, "data", "*.tsv")) +
                   glob.glob(os.path.join(ROOT, "data", "actors", "*.txt")))
    if not files:
        print("no dictionary files under data/")
        return 1
    for p in files:
        check_file(p)
    print("%d files checked, %d problems" % (len(files), errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
