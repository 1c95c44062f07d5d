#!/usr/bin/env python3
"""Generates data/people-phoenix.txt: office holders with dated offices, mined from the Phoenix
country actor dictionary (Open Event Data Alliance, MIT; built from CountryInfo.txt).

Phoenix lists each person as a block: a name line (upper case, words joined by '_'), '+' lines
with other spellings, and '[CODE FROM-TO]' lines giving the actor code held between two dates
(YYMMDD or YYYYMMDD; '>D' from D on, '<D' until D, no date = the default). This script keeps:
  - people of the country file (blocks marked "# CountryInfo.txt") and dated blocks of the
    international file (IGO heads), whose code starts with an ISO3 country (or IGO) followed by
    a role; a code is cut to country + first role (ALBGOVMED -> ALBGOV);
  - only people who held a dated office that was still open or ended on or after 2010-01-01,
    since the dictionary serves news from then on (the Phoenix data end in early 2014);
  - spellings that are names only: a spelling with a title word (PRESIDENT, MINISTER...), a
    digit or a bracket is left out, as are one-word spellings (surnames are made by
    gen_people_aliases.py's rules only for data/people.txt) and names borne by people of
    different countries;
  - the default code (usually ELI, a former official) for the dates outside the offices, so
    that a person is still known by country before and after office.
Dates are written FROM..TO; a two-digit year above 30 is 19YY, else 20YY.
Rerun: python3 tools/gen_people_phoenix.py [PHOENIX_DIR] (default ../shared/dictionaries/phoenix).
"""
import datetime
import os
import re
import sys

import dictlib
import gen_people_aliases
from gen_people_aliases import CALENDAR, FAMILY_FIRST

SINCE = datetime.date(2010, 1, 1)
MAX_SPELLINGS = 2      # the first spellings in alphabetical order, to keep the file small
TITLE_WORDS = set("""PRESIDENT PRESIDENTIAL MINISTER MINISTERS PREMIER SECRETARY SECRETARY-GENERAL AMBASSADOR
ENVOY GENERAL GEN LT COL COLONEL MAJOR CAPTAIN ADMIRAL KING QUEEN PRINCE PRINCESS EMIR AMIR SHEIKH SHEIK
SULTAN CROWN CHAIRMAN CHAIRWOMAN CHAIR LEADER CHIEF HEAD SPEAKER GOVERNOR MAYOR JUDGE JUSTICE SENATOR
DEPUTY VICE FOREIGN DEFENSE DEFENCE INTERIOR FINANCE PRIME MR MRS MS DR SIR LORD POPE AYATOLLAH
GRAND CARDINAL BISHOP ARCHBISHOP REV REVEREND IMAM MULLAH COMMANDER SPOKESMAN SPOKESWOMAN FORMER
ACTING INTERIM OF THE AND FOR TO AT IN DIRECTOR SECRETARY OFFICIAL OFFICIALS GOVERNMENT PARTY
ARMY FORCES POLICE MINISTRY REPRESENTATIVE DELEGATE CONSUL ATTACHE NEGOTIATOR MONARCH EMPEROR
""".split())
LOWER_PARTICLES = {"bin", "bint", "ibn", "de", "da", "del", "della", "der", "van", "von", "di", "du", "la",
                   "le", "el", "al", "ul", "ud", "dos", "das", "y", "e"}
CODE_RE = re.compile(r"\[([A-Z]+)((?:\s*[<>]?\s*\d{6,8})?(?:\s*-\s*\d{6,8})?)\s*\]")


def parse_day(s):
    s = s.strip()
    if len(s) == 6:
        yy = int(s[:2])
        s = ("19" if yy > 30 else "20") + s
    if len(s) != 8:
        return None
    try:
        return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def parse_range(spec):
    """'' -> (None, None, default=True); '>D', '<D', 'A-B' -> (from, to, False); bad -> None."""
    spec = spec.strip().replace(" ", "")
    if not spec:
        return (None, None, True)
    if spec[0] == ">":
        d = parse_day(spec[1:])
        return (d, None, False) if d else None
    if spec[0] == "<":
        d = parse_day(spec[1:])
        return (None, d, False) if d else None
    a, _, b = spec.partition("-")
    da, db = parse_day(a), parse_day(b) if b else None
    if not da or (b and not db) or (db and db < da):
        return None
    return (da, db if b else da, False)


ROLES = set("GOV MIL COP JUD LEG BUS EDU MED HLH REL CVL OPP REB INS SEP NGO REF LAB ELI SPY CRM AGR "
            "DEV ENV HRI UAF".split())


def code_ok(code, countries):
    if code.startswith("IGO"):
        return len(code) >= 6
    return len(code) >= 6 and code[:3] in countries and code[3:6] in ROLES


def cut(code):
    """Country + first role; IGO codes keep their organisation (IGOUNO, IGOEUREEC)."""
    return code if code.startswith("IGO") else code[:6]


def nice_name(raw):
    """'SERGEY_VIKTOROVICH_LAVROV_' -> 'Sergey Viktorovich Lavrov'; None when not a plain name."""
    words = [w for w in raw.strip("_ ").split("_") if w]
    if len(words) < 2 or len(words) > 6:
        return None
    if any(re.search(r"[^A-Z.'\-]", w) for w in words):
        return None
    if any(w.strip(".") in TITLE_WORDS for w in words):
        return None
    out = []
    for i, w in enumerate(words):
        parts = [p.capitalize() for p in w.split("-")]
        low = w.lower()
        if i > 0 and low in LOWER_PARTICLES:
            out.append(low)
        else:
            out.append("-".join(parts))
    return " ".join(out)


def blocks(path):
    """Yields (header comment, [raw names], [(code, range spec)]) for each block of the file."""
    names, codes, comment = [], [], ""

    def flush():
        if names:
            yield (comment, list(names), list(codes))

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            body = line.split("#", 1)[0]
            if not line.strip() or line.startswith("#"):
                continue
            if line[0] in "\t " and body.strip().startswith("["):
                codes.extend(CODE_RE.findall(body))
                continue
            if line.startswith("+"):
                names.append(body[1:].split("[", 1)[0].strip())
                codes.extend(CODE_RE.findall(body))
                continue
            if line[0] in "\t ":
                continue
            yield from flush()
            comment = line.split("#", 1)[1] if "#" in line else ""
            names = [body.split("[", 1)[0].strip()]
            codes = CODE_RE.findall(body)
    yield from flush()


def merge(lines):
    """Joins ranges of one code that touch or overlap: (code, from, to) with ISO strings, '' = open."""
    out = []
    key = lambda r: (r[0], r[1] or "0000")
    for c, a, b in sorted(lines, key=key):
        if out and out[-1][0] == c:
            pa, pb = out[-1][1], out[-1][2]
            nxt = (datetime.date.fromisoformat(pb) + datetime.timedelta(days=1)).isoformat() if pb else None
            if pb == "" or (a or "0000") <= nxt:
                out[-1] = (c, pa, "" if (pb == "" or b == "") else max(pb, b))
                continue
        out.append((c, a, b))
    return out


def family_name(name, code):
    words = name.split()
    return words[0] if code[:3] in FAMILY_FIRST else words[-1]


def surname_table(people):
    """id(spellings) -> surnames that name that person alone: for people Phoenix also spells with
    a title or by surname (prominent ones), a surname borne by one person of the table, of four letters or more, not a common English word (gen_people_aliases's
    WordNet test), not anyone's given name, not a phrase of another dictionary."""
    common = gen_people_aliases.wordnet_words() if os.path.isdir(gen_people_aliases.WORDNET) else None
    if common is None:
        dictlib.die("needs WordNet for the surname test: apt-get install wordnet-base")
    other = set()
    for rel in ("actors/countries.txt", "actors/capitals.txt", "actors/igos.txt", "actors/groups.txt",
                "agents.txt", "places.txt", "people.txt", "people-aliases.txt"):
        with open(os.path.join(dictlib.ROOT, "data", rel), encoding="utf-8") as f:
            other.update(l.split("\t", 1)[0].lower() for l in f if not l.startswith("#"))
    owners, given = {}, set()
    for spelled, offices, _, _ in people:
        code = offices[0][0]
        for n in spelled:
            fam = family_name(n, code)
            owners.setdefault(fam.lower(), set()).add(id(spelled))
            words = n.split()
            given.add((words[-1] if code[:3] in FAMILY_FIRST else words[0]).lower())
    out = {}
    for spelled, offices, _, prominent in people:
        if not prominent:
            continue
        for n in spelled:
            fam = family_name(n, offices[0][0])
            low = fam.lower()
            if (len(fam) >= 4 and fam[0].isupper() and len(owners[low]) == 1 and low not in given
                    and low not in common and low.replace("-", "_") not in common and low not in other
                    and low not in CALENDAR):
                out.setdefault(id(spelled), set()).add(fam)
    return out


def fmt(d):
    return d.isoformat() if d else ""


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(dictlib.ROOT, "..", "shared", "dictionaries", "phoenix")
    files = [("Phoenix.Countries.actors.txt", True), ("Phoenix.International.actors.txt", False)]
    countries = set()
    with open(os.path.join(dictlib.ROOT, "data", "actors", "countries.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and "\t" in line:
                countries.add(line.split("\t")[1][:3])
    people = []   # (names, [(code, from, to)], default code)
    for fname, person_file in files:
        path = os.path.join(src, fname)
        if not os.path.exists(path):
            dictlib.die("%s missing" % path)
        for comment, names, codes in blocks(path):
            if person_file and "CountryInfo" not in comment:
                continue
            offices, default = [], None
            for code, spec in codes:
                r = parse_range(spec)
                if r is None or not code_ok(code, countries):
                    continue
                if r[2]:
                    default = default or cut(code)
                else:
                    offices.append((cut(code), r[0], r[1]))
            if not person_file and not offices:
                continue   # the international file: only dated office holders
            if not any(c[3:6] != "ELI" and (t is None or t >= SINCE) for c, _, t in offices):
                continue
            if not default and not offices[0][0].startswith("IGO"):
                default = offices[0][0][:3] + "ELI"   # before and after office: a former official
            spelled = {n for n in (nice_name(x) for x in names) if n}
            # prominence: Phoenix spells the person with a title too ("PRESIDENT_PUTIN_") or by
            # surname alone; only such people get a surname entry
            prominent = any(("_" not in x.strip("_ ")) or any(w in TITLE_WORDS for w in x.strip("_ ").split("_"))
                            for x in names)
            if spelled:
                people.append((spelled, offices, default, prominent))
    # a name borne by people of different countries names nobody
    countries_of = {}
    for spelled, offices, default, _ in people:
        for n in spelled:
            countries_of.setdefault(n.lower(), set()).update(c[:3] for c, _, _ in offices)
    surnames = surname_table(people)
    rows = []
    for spelled, offices, default, _ in people:
        offices = sorted(set(offices), key=lambda o: (o[1] or datetime.date.min, o[0]))
        lines = [(c, fmt(a), fmt(b)) for c, a, b in offices]
        if default:
            # the default code only outside every office
            spans = sorted((a or datetime.date.min, b or datetime.date.max) for _, a, b in offices)
            cur = datetime.date.min
            for a, b in spans:
                if a > cur:
                    lines.append((default, fmt(cur if cur != datetime.date.min else None),
                                  fmt(a - datetime.timedelta(days=1))))
                if b == datetime.date.max:
                    cur = None
                    break
                cur = max(cur, b + datetime.timedelta(days=1))
            if cur is not None:
                lines.append((default, fmt(cur), ""))
        # news from 2010 on; a default that the source's overlapping ranges merged into "always" says nothing
        lines = [r for r in merge(lines) if (not r[2] or r[2] >= SINCE.isoformat()) and (r[1] or r[2])]
        names = [n for n in sorted(spelled) if len(countries_of[n.lower()]) == 1][:MAX_SPELLINGS]
        names += sorted(surnames.get(id(spelled), ()))
        for n in names:
            for c, a, b in lines:
                rows.append((n, c, "%s..%s" % (a, b), "P" if " " in n else "P surname"))
    dictlib.write_dict("people-phoenix.txt", "people", [
        "Generated by tools/gen_people_phoenix.py from the Phoenix country and international actor",
        "dictionaries (Open Event Data Alliance, MIT; shared/dictionaries/phoenix): office holders",
        "whose office was open in or after 2010, names only. Do not edit by hand; see data/SOURCES.md.",
    ], rows)
    print("%d lines, %d people" % (len(rows), len(people)), file=sys.stderr)


if __name__ == "__main__":
    main()
