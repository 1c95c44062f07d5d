#!/usr/bin/env python3
"""gen_institutions.py -- writes data/actors/institutions.txt: national institutions known by
their own name ("the State Department", "the Knesset", "Scotland Yard", "the FSB") -> CAMEO code.

News names a state's institutions without the state: "the State Department said", "the
Bundestag voted". Such names are mined from the Phoenix country actor dictionary (Open Event
Data Alliance, MIT; ../shared/dictionaries/phoenix/Phoenix.Countries.actors.txt): its blocks
with one undated code that is a country followed by a role (USAGOVLEG, ISRSPY). Kept:
  - the code cut to country + role: the second role when it is LEG or JUD (USAGOVLEG ->
    USALEG, as CAMEO codes legislatures and courts), else the first (USAGOVDEV -> USAGOV);
  - spellings that name the institution itself: not a title ("Kosovar Prime Minister",
    "White House spokesman": the mention stage composes titles with their country), not a
    person (a spelling of several words needs a word like Department, Council, Court), not a
    bare word other countries use too ("Senate", "Intelligence Community"), not a place
    ("Iraqi Kurdistan") -- the SKIP list below -- and not a phrase another actor file or
    data/agents.txt already has (Kremlin, FSB);
  - Phoenix's words upper case, written here in title case ("DEPARTMENT OF STATE" ->
    "Department of State"); acronyms of up to five letters stay upper case, so that they match
    only in capitals ("FBI", "DGSE").
A short hand list (EXTRA, general knowledge) adds the spellings news uses that Phoenix lacks:
"State Department" without "U.S.".
Rerun: python3 tools/gen_institutions.py [PHOENIX_DIR] (default ../shared/dictionaries/phoenix).
"""
import os
import re
import sys

from dictlib import ROOT, write_dict

ROLES = {"GOV", "MIL", "LEG", "JUD", "SPY", "COP"}
TITLE_WORDS = {"MINISTER", "SPOKESMAN", "SPOKESWOMAN", "SPOKESPERSON", "SECRETARY", "OFFICIAL",
               "CHAIRMAN", "CHANCELLOR", "BUNDESKANZLER", "JUSTICES", "SOLDIERS", "STAFF", "MR",
               "MR.", "PRESIDENT", "VICE-PRESIDENT", "U.S.-VICE", "AMBASSADOR", "COMMANDER",
               "COMMANDER-IN-CHIEF", "ATTORNEY", "DIRECTOR", "LEADER", "POTUS", "SECDEF", "GOVERNMENT"}
# a spelling of two words or more names an institution only with one of these words (else it
# is a person's name: "Masoud Barzani", "John Kirby")
INSTITUTION_WORDS = {"DEPARTMENT", "MINISTRY", "COUNCIL", "CONGRESS", "SENATE", "ASSEMBLY",
                     "COURT", "AGENCY", "BUREAU", "SERVICE", "FORCE", "FORCES", "ARMY", "NAVY",
                     "MARINES", "GUARD", "GUARDS", "CORPS", "COMMAND", "PARTY", "COMMITTEE",
                     "HOUSE", "PALACE", "OFFICE", "DIRECTORATE", "INTELLIGENCE", "POLICE", "RIFLES",
                     "ADMINISTRATION", "COMMISSION", "BOARD", "RESERVE", "BANK", "CORPORATION",
                     "HEADQUARTERS", "INSTITUTE", "FOUNDATION", "SURVEY", "PATROL", "ENFORCEMENT",
                     "PROTECTION", "MILITARY", "TEAM", "CELL", "INITIATIVES", "ASSISTANCE", "UNIT",
                     "REPRESENTATIVES", "REPRESENTATIVE", "STREET", "YARD", "SABHA", "BET", "MERGA",
                     "PESHMERGA", "DEVELOPMENT", "STATE", "SECURITY", "DUMA"}
# upper-case words of Phoenix that are words, not acronyms
NOT_ACRONYMS = {"DUMA", "STASI", "BASIJ", "BASIJI", "ASSAD"}
# spellings left out: persons, places, buildings of the past, words other countries use too
SKIP = {"SENATE", "INTELLIGENCE COMMUNITY", "FEDERAL LAW ENFORCEMENT", "WEST WING", "REICHSTAG",
        "IRAQI KURDISTAN", "SEMI AUTONOMOUS KURDISTAN", "AUTONOMOUS KURDISH REGION", "KURDISTAN PUK",
        "ASSAD", "BASHAR AL-ASSAD", "MOHAMMED ALI ALLAHDADI", "ASSAD FORCES", "ASSAD GOVERNMENT",
        "ASSAD REGIME", "CENTRAL COMMAND", "PACIFIC COMMAND", "STATE SECURITY",
        "SUPREME COUNCIL OF IRAN", "WESTMINSTER PALACE", "COUNCIL OF EXPERTS", "WEST POINT",
        "UNITED STATES MILITARY", "THE UNITED STATES MILITARY", "US MILITARY", "U.S. MILITARY",
        "U.S. ARMY"}
# name -> code; general knowledge (see data/SOURCES.md): English news calls only the United
# States' foreign ministry "the State Department" (data/agents.txt keeps the generic
# "department of state", "defense department" for any country)
EXTRA = [("State Department", "USAGOV"), ("Justice Department", "USAGOV"),
         ("Treasury Department", "USAGOV")]
KEEP_UPPER = re.compile(r"^(?:[A-Z0-9]{2,5}|(?:[A-Z]\.)+)$")
COUNTRY_ACRONYMS = {"US", "UN", "UK", "USA"}
SMALL = {"OF", "THE", "FOR", "AND", "ON"}


def title_case(phrase, acronyms):
    out = []
    for i, w in enumerate(phrase.split()):
        if KEEP_UPPER.match(w) and w not in NOT_ACRONYMS and (w in acronyms or "." in w or w in COUNTRY_ACRONYMS):
            out.append(w)
        elif i and w in SMALL:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(out).replace("'S ", "'s ").replace("Peoples ", "People's ")


def blocks(path):
    """Phoenix blocks: (spellings, codes); '#' starts a comment."""
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            text = line.split("#")[0].strip()
            if not text:
                continue
            if text.startswith("["):
                if cur:
                    cur[1].append(text)
            elif text.startswith("+"):
                if cur:
                    cur[0].append(text[1:].strip())
            else:
                m = re.match(r"(\S+)\s*(\[.*\])?", text)
                if cur:
                    yield cur
                cur = ([m.group(1)], [m.group(2)] if m.group(2) else [])
    if cur:
        yield cur


def code_of(bracket):
    body = bracket.strip("[]").split()
    if len(body) != 1 or not re.fullmatch(r"[A-Z]{6,12}", body[0]):
        return None   # dated, or not one code
    c = body[0]
    roles = [c[i:i + 3] for i in range(3, len(c), 3)]
    if roles[0] not in ROLES:
        return None
    if len(roles) > 1 and roles[1] in ("LEG", "JUD"):
        return c[:3] + roles[1]
    return c[:3] + roles[0]


def main():
    phoenix = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "..", "shared", "dictionaries", "phoenix")
    src = os.path.join(phoenix, "Phoenix.Countries.actors.txt")
    if not os.path.exists(src):
        sys.exit("gen_institutions: %s not found" % src)
    known = set()   # phrases another actor file already has (capitals: Kremlin; groups: FSB)
    for f in ("actors/capitals.txt", "actors/groups.txt", "actors/igos.txt", "actors/media.txt",
              "actors/countries.txt", "agents.txt"):
        with open(os.path.join(ROOT, "data", f), encoding="utf-8") as fh:
            known.update(line.split("\t")[0].casefold() for line in fh if not line.startswith("#"))
    rows = set()
    for names, codes in blocks(src):
        if len(codes) != 1:
            continue
        code = code_of(codes[0])
        if not code:
            continue
        spellings = [n.strip("_").replace("_", " ") for n in names]
        acronyms = {s for s in spellings if KEEP_UPPER.match(s)}
        for s in spellings:
            words = s.split()
            if (s in SKIP or any(w in TITLE_WORDS for w in words) or not re.search(r"[A-Z]", s)
                    or (len(words) > 1 and not any(w in INSTITUTION_WORDS for w in words))):
                continue
            name = title_case(s, acronyms)
            if name.casefold() not in known:
                rows.add((name, code))
    rows.update(EXTRA)
    # a phrase with two codes (Phoenix lists "Department of State" twice) keeps one
    by_name = {}
    for name, code in sorted(rows):
        by_name.setdefault(name.casefold(), (name, code))
    write_dict("actors/institutions.txt", "actors", [
        "National institutions known by their own name -> CAMEO code (country + role).",
        "Generated by tools/gen_institutions.py; do not edit by hand.",
        "Source: Phoenix.Countries.actors.txt (Open Event Data Alliance, MIT): undated blocks",
        "whose code is a country and a role; a few spellings added by hand (general knowledge).",
    ], by_name.values())


if __name__ == "__main__":
    main()
