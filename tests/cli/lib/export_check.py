#!/usr/bin/env python3
"""export_check.py -- the checks of tests/cli/export.sh (read that file first).

usage: export_check.py ANNALS_BINARY SOURCE_DIR TMPDIR   (TMPDIR/store.db: the test store)

Each format is checked against its column list: GDELT 2.0 Events against
../shared/reference/gdelt-events-columns.tsv (count and order; 61 columns when ../shared
is absent), Mentions against the 16 columns of the GDELT 2.0 Mentions table, POLECAT
against the header line of POLECAT's data files; and the values against the store
(ids, codes, counts, dates, character offsets, URLs). Prints one line per failure and
exits 1 if there was any.
"""
import csv, io, json, os, sqlite3, subprocess, sys

BIN, SRC, TMP = sys.argv[1:4]
DB = os.path.join(TMP, "store.db")
SHARED = os.path.join(os.path.dirname(os.path.abspath(SRC)), "shared", "reference")
failures = 0

# GDELT 2.0 Mentions table columns (GDELT Event Codebook V2.0, Mentions section).
MENTIONS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
            "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
            "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
            "MentionDocTranslationInfo", "Extras"]
# POLECAT data files' header line (POLECAT weekly files on Harvard Dataverse, doi:10.7910/DVN/AJGVIT).
POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
           "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
           "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
           "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
           "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
           "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
           "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
           "Story Locations", "Language", "Version"]


def check(ok, msg):
    global failures
    if not ok:
        failures += 1
        print("FAIL: " + msg)
    return ok


def run(*args, stdin=None):
    p = subprocess.run([BIN] + list(args), input=stdin, capture_output=True, text=True)
    if "runtime error" in p.stderr or "AddressSanitizer" in p.stderr:
        check(False, "%s: sanitizer report:\n%s" % (" ".join(args), p.stderr))
    return p


def export(fmt, *extra, db=DB):
    p = run("export", "--db", db, "--format", fmt, *extra)
    check(p.returncode == 0, "export %s %s: exit %d: %s" % (fmt, " ".join(extra), p.returncode, p.stderr))
    return p


def gdelt_columns():
    path = os.path.join(SHARED, "gdelt-events-columns.tsv")
    if not os.path.exists(path):
        print("note: %s absent: GDELT column names not checked, only their count" % path)
        return None
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l[:1].isdigit()]
    return [r[1] for r in rows]


def plover_codes():
    path = os.path.join(SHARED, "plover-categories.tsv")
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for l in f:
            r = l.rstrip("\n").split("\t")
            if r[0] == "cameo_code" and r[2] not in out:
                out[r[2]] = r[1]
    return out


db = sqlite3.connect(DB)
db.row_factory = sqlite3.Row
stories = {r["id"]: r for r in db.execute("SELECT * FROM story_events")}
mentions = list(db.execute("SELECT e.*, d.text AS doc_text, d.url AS doc_url, d.name AS doc_name"
                           " FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id IS NOT NULL"))
dropped = {i for i, s in stories.items() if s["root"] in ("01", "02")}
check(len(stories) >= 5 and dropped and any(s["src"] is None for s in stories.values()),
      "the test store lacks the cases it should have (stories %d)" % len(stories))


def digits(s):
    return "".join(c for c in (s or "") if c.isdigit())


# ---- GDELT 2.0 Events ----
names = gdelt_columns()
ncol = len(names) if names else 61
check(ncol == 61, "reference lists %d GDELT event columns, not 61" % ncol)
names = names or ["c%d" % i for i in range(61)]
out = export("gdelt-events").stdout
rows = [l.split("\t") for l in out.splitlines()]
check(len(rows) == len(stories), "gdelt-events: %d rows for %d story events" % (len(rows), len(stories)))
for r in rows:
    if not check(len(r) == ncol, "gdelt-events: %d columns, want %d: %r" % (len(r), ncol, r[:3])):
        continue
    row = dict(zip(names, r))
    sid = int(r[0])
    s = stories.get(sid)
    if not check(s is not None, "gdelt-events: unknown GLOBALEVENTID %d" % sid):
        continue
    check('"' not in "".join(r), "gdelt-events %d: a double quote would break GDELT readers" % sid)
    if "EventCode" in row:
        check(row["EventCode"] == s["code"] and row["EventRootCode"] == s["root"]
              and row["EventBaseCode"] == s["code"][:3], "gdelt-events %d: event codes %r" % (sid, r[26:29]))
        check(row["QuadClass"] == str(s["quad_class"]), "gdelt-events %d: QuadClass" % sid)
        check([row["NumMentions"], row["NumSources"], row["NumArticles"]] ==
              [str(s["n_mentions"]), str(s["n_sources"]), str(s["n_articles"])], "gdelt-events %d: counts" % sid)
        check(row["DATEADDED"] == digits(s["added_at"]), "gdelt-events %d: DATEADDED %r" % (sid, row["DATEADDED"]))
        check(row["Actor1Code"] == (s["src"] or "") and row["Actor2Code"] == (s["tgt"] or ""),
              "gdelt-events %d: actor codes" % sid)
        if s["date"]:
            check(row["Day"] == digits(s["date"]) and row["MonthYear"] == digits(s["date"])[:6]
                  and row["Year"] == s["date"][:4], "gdelt-events %d: Day %r" % (sid, row["Day"]))
        if s["src"] is None:
            check(all(row[k] == "" for k in names if k.startswith("Actor1")),
                  "gdelt-events %d: no source actor, yet Actor1 columns are filled" % sid)
        if s["src"] == "KAZGOV":
            check((row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) ==
                  ("KAZAKHSTAN", "KAZ", "GOV"), "gdelt-events %d: KAZGOV parts %r" % (sid, r[5:15]))
            check(row["Actor1Geo_CountryCode"] == "KZ", "gdelt-events %d: FIPS of Kazakhstan" % sid)
        if s["place"] == "Astana":
            check(row["ActionGeo_Type"] == "4" and row["ActionGeo_CountryCode"] == "KZ"
                  and abs(float(row["ActionGeo_Lat"]) - 51.18) < 0.1, "gdelt-events %d: Astana %r" % (sid, r[51:59]))
        first = next((m for m in sorted(mentions, key=lambda m: m["doc_id"]) if m["story_id"] == sid), None)
        if first is not None and first["doc_url"]:
            check(row["SOURCEURL"] == first["doc_url"], "gdelt-events %d: SOURCEURL %r" % (sid, row["SOURCEURL"]))

# As gdeltPyR reads GDELT's files (gdelt/extractors.py: pandas, tab delimiter, no header):
try:
    import pandas
except ImportError:
    pandas = None
    print("note: pandas absent: the files are not read the way gdeltPyR reads them")
if pandas is not None:
    df = pandas.read_csv(io.StringIO(out), delimiter="\t", header=None)
    check(df.shape == (len(stories), ncol), "pandas reads gdelt-events as %r" % (df.shape,))
    pc_df = pandas.read_csv(io.StringIO(export("polecat").stdout), sep="\t")
    check(list(pc_df.columns) == POLECAT and len(pc_df) == len(stories) - len(dropped),
          "pandas reads polecat as %r" % (pc_df.shape,))

# ---- GDELT 2.0 Mentions ----
out = export("gdelt-mentions").stdout
rows = [l.split("\t") for l in out.splitlines()]
check(len(rows) == len(mentions), "gdelt-mentions: %d rows for %d mentions" % (len(rows), len(mentions)))
if pandas is not None:
    df = pandas.read_csv(io.StringIO(out), delimiter="\t", header=None)
    check(df.shape == (len(mentions), len(MENTIONS)), "pandas reads gdelt-mentions as %r" % (df.shape,))
for r in rows:
    if not check(len(r) == len(MENTIONS), "gdelt-mentions: %d columns, want %d" % (len(r), len(MENTIONS))):
        continue
    row = dict(zip(MENTIONS, r))
    mine = [m for m in mentions if m["story_id"] == int(r[0]) and (m["doc_url"] or m["doc_name"]) ==
            row["MentionIdentifier"] and m["sentence_idx"] == int(row["SentenceID"]) - 1]
    if not check(len(mine) >= 1, "gdelt-mentions: no mention in the store for %r" % r[:7]):
        continue
    m = mine[0]
    check(row["MentionType"] == ("1" if m["doc_url"] else "2"), "gdelt-mentions: MentionType %r" % row["MentionType"])
    for col, text in (("Actor1CharOffset", m["src_text"]), ("Actor2CharOffset", m["tgt_text"]),
                      ("ActionCharOffset", m["verb_text"])):
        off = int(row[col])
        if text is None or off < 0:
            continue
        check(m["doc_text"][off:off + len(text)] == text,   # Python indexes characters
              "gdelt-mentions: %s %d does not point at %r" % (col, off, text))
    check(row["MentionDocLen"] == str(len(m["doc_text"])), "gdelt-mentions: MentionDocLen %r" % row["MentionDocLen"])
    if m["confidence"] is not None:
        check(row["Confidence"] == str(round(m["confidence"] * 100)), "gdelt-mentions: Confidence %r" % row["Confidence"])

# ---- POLECAT ----
lines = export("polecat").stdout.splitlines()
check(lines[:1] == ["\t".join(POLECAT)], "polecat: header line %r" % lines[:1])
rows = [l.split("\t") for l in lines[1:]]
check(len(rows) == len(stories) - len(dropped), "polecat: %d rows, want %d (CAMEO 01-02 left out)"
      % (len(rows), len(stories) - len(dropped)))
pc = plover_codes()
for r in rows:
    if not check(len(r) == len(POLECAT), "polecat: %d columns, want %d" % (len(r), len(POLECAT))):
        continue
    row = dict(zip(POLECAT, r))
    s = stories[int(r[0])]
    check(all(v != "" for v in r), "polecat %s: an empty field (missing values are None)" % r[0])
    check(int(r[0]) not in dropped, "polecat: story %s of CAMEO root 01/02 written" % r[0])
    if s["code"] in pc:
        check(row["Event Type"] == pc[s["code"]], "polecat %s: %s is %s, want %s"
              % (r[0], s["code"], row["Event Type"], pc[s["code"]]))
    check(row["Quad Code"] in ("VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT",
                               "MATERIAL CONFLICT"), "polecat %s: Quad Code %r" % (r[0], row["Quad Code"]))
    check(row["Event Date"] == (s["date"] or row["Event Date"]), "polecat %s: Event Date" % r[0])
    if s["src"] is None:
        check(row["Actor Name"] == "None" and row["Actor Country"] == "None", "polecat %s: actor of no actor" % r[0])
    if s["src"] == "KAZGOV":
        check((row["Actor Country"], row["Actor COW"], row["Primary Actor Sector"]) == ("KAZ", "705", "GOV"),
              "polecat %s: KAZGOV %r" % (r[0], r[7:15]))
    if s["place"] == "Astana":
        check((row["Country"], row["Feature Type"]) == ("KAZ", "PPLC"), "polecat %s: place block" % r[0])

# ---- PLOVER JSON ----
objs = [json.loads(l) for l in export("plover-json").stdout.splitlines()]
check(len(objs) == len(stories) - len(dropped), "plover-json: %d objects" % len(objs))
for o in objs:
    for k in ("id", "date", "source", "target", "event", "eventText", "context", "mode", "text",
              "language", "publication", "version"):
        check(k in o, "plover-json %s: no field %s" % (o.get("id"), k))
    check(isinstance(o.get("source"), list), "plover-json %s: source is not a list" % o.get("id"))

# ---- JSONL, the round trip and CSV ----
jl = export("jsonl").stdout
objs = [json.loads(l) for l in jl.splitlines()]
check(len(objs) == len(mentions), "jsonl: %d lines for %d mentions" % (len(objs), len(mentions)))
check(all(isinstance(o.get("story"), int) and isinstance(o.get("story_event"), dict) for o in objs),
      "jsonl: a line without story id or story_event")
check(any(o["story_event"]["disagreements"] for o in objs if o["story"] in stories),
      "jsonl: the disagreements array is lost")
code = run("code", os.path.join(SRC, "tests", "resources", "export", "corpus"), "--format", "jsonl",
           "--no-summary").stdout.splitlines()
if check(code, "annals code wrote no events for the test corpus"):
    missing = set(json.loads(code[0])) - set(objs[0])
    check(not missing, "jsonl: fields of `annals code --format jsonl` missing: %s" % sorted(missing))
empty = os.path.join(TMP, "empty")
os.mkdir(empty)
copy = os.path.join(TMP, "copy.db")
subprocess.run([BIN, "ingest", empty, "--db", copy, "--quiet", "--no-progress", "--no-summary"],
               capture_output=True)
jfile = os.path.join(TMP, "export.jsonl")
with open(jfile, "w") as f:
    f.write(jl)
p = run("import", "--db", copy, jfile)
check(p.returncode == 0 and "imported %d mentions" % len(mentions) in p.stdout, "import: %d %s %s"
      % (p.returncode, p.stdout, p.stderr))
check(export("jsonl", db=copy).stdout == jl, "jsonl round trip: the re-imported store exports differently")
check(export("gdelt-events", db=copy).stdout == export("gdelt-events").stdout,
      "round trip: gdelt-events differ after import")
p = run("import", "--db", copy, jfile)
check(p.returncode == 0 and "imported 0 mentions, %d already" % len(mentions) in p.stdout,
      "import twice: %s" % p.stdout)
badfile = os.path.join(TMP, "bad.jsonl")
with open(badfile, "w") as f:
    f.write(jl.splitlines()[0] + "\nnot json\n{\"story\": 1}\n")
p = run("import", "--db", copy, badfile)
check(p.returncode == 1 and "bad.jsonl:2:" in p.stderr and "bad.jsonl:3:" in p.stderr,
      "import of bad lines: exit %d, %s" % (p.returncode, p.stderr))
with open(badfile, "w") as f:
    f.write("[" * (5 << 20) + "\n" + jl.splitlines()[0] + "\n")   # over ANNALS_MAX_IMPORT_LINE
p = run("import", "--db", copy, badfile)
check(p.returncode == 1 and "bad.jsonl:1: line longer than" in p.stderr and "1 already" in p.stdout,
      "import of a long line: exit %d, %s %s" % (p.returncode, p.stdout, p.stderr[:200]))
cs = list(csv.reader(io.StringIO(export("csv").stdout)))
check(len(cs) == len(mentions) + 1 and cs[0][:2] == ["story", "id"], "csv: %d rows" % len(cs))
check(all(len(r) == len(cs[0]) for r in cs), "csv: rows of different lengths")

# ---- ranges ----
for fmt in ("gdelt-events", "gdelt-mentions", "polecat", "plover-json", "jsonl", "csv"):
    p = export(fmt, "--from", "1990-01-01", "--to", "1990-12-31")
    want = {"polecat": "\t".join(POLECAT) + "\n", "csv": ",".join(cs[0]) + "\n"}.get(fmt, "")
    check(p.stdout == want, "empty range, %s: %r" % (fmt, p.stdout[:80]))
    check("no story events from 1990-01-01 to 1990-12-31" in p.stderr, "empty range, %s: %s" % (fmt, p.stderr))
day = [s for s in stories.values() if s["date"] == "2024-09-06"]
rows = export("gdelt-events", "--from", "2024-09-06", "--to", "2024-09-06").stdout.splitlines()
check(len(rows) == len(day) and all(r.split("\t")[1] == "20240906" for r in rows),
      "range of one day: %d rows, want %d" % (len(rows), len(day)))

# ---- bad input ----
nostory = os.path.join(TMP, "nostory.db")     # a store of schema v2, from before stories
c = sqlite3.connect(nostory)
c.executescript("CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT UNIQUE NOT NULL, text TEXT);"
                "CREATE TABLE events(id INTEGER PRIMARY KEY, doc_id INTEGER, code TEXT); PRAGMA user_version=2;")
c.close()
for args, what in ((["--db", nostory, "--format", "jsonl"], "no story events in this store"),
                   (["--db", os.path.join(TMP, "missing.db"), "--format", "jsonl"], "cannot open"),
                   (["--db", DB, "--format", "jsonl", "--from", "2024-13-01"], "a real day"),
                   (["--db", DB, "--format", "jsonl", "--from", "2024-02-02", "--to", "2024-01-01"], "after"),
                   (["--db", DB, "--format", "xml"], "unknown format"),
                   (["--db", DB, "--format", "csv", DB], "is the store itself")):
    p = run("export", *args)
    check(p.returncode == 2 and what in p.stderr, "export %s: exit %d, %s" % (" ".join(args), p.returncode, p.stderr))

print("%d failures" % failures)
sys.exit(1 if failures else 0)
