#!/usr/bin/env python3
"""mine_verbs.py -- mines the PETRARCH CAMEO verb dictionary into data/verbs.txt.

Source: CAMEO.2.0.txt, the verb pattern dictionary of PETRARCH (Open Event Data
Alliance, MIT licence; itself derived from the TABARI CAMEO dictionaries), found at
../shared/dictionaries/phoenix/CAMEO.2.0.txt or the path given as argument.

The raw dictionary is not loaded by annals: its patterns are written for PETRARCH's
parse trees, many are synonym expansions (WordNet sets) that misfire in news, and its
codes do not always follow the project's coding guide. This script keeps a reviewed
subset, rewritten in annals' own pattern language, and replaces the part of
data/verbs.txt after the MARK line (the hand-written part above it is kept as is).

What is kept: a pattern line `- * WORDS [CODE] # VERB`, as `CODE<TAB>verb .. WORDS<TAB>v`:
  - the head is the verb the pattern was written for (the `# VERB` comment), not the
    synonyms of its block, which are WordNet sets that do not share the pattern's sense;
  - {A B} (a noun compound) becomes `a b`; (P W) (a prepositional phrase) `p .. w`;
    groups are joined by `..` (up to four tokens between them); `+` (PETRARCH's target)
    becomes `$`; `^` (skip a phrase) becomes `..`; a synonym set `&SET` is expanded into
    one line per member of the reviewed subset in SETS (other sets are not expanded);
  - the first code of `[CODE:PASSIVE]`.
What is dropped, and why:
  - words before the verb (`- &MILITARY * ...`): annals patterns start at the verb;
  - null codes ([---], [:173]) and codes missing from data/cameo-codes.tsv;
  - `$` or `%` after the verb (source or compound actor in object position);
  - patterns with no content word after the verb (`- * (TO)`): a bare verb with a
    preposition is as ambiguous as the bare verb; bare verbs and their block default
    codes are not mined at all;
  - verbs in DROP_VERBS and patterns in DROP_PATTERNS: reviewed on news-dev and stories
    (../shared/eval), they fire in the wrong sense in news or code against the coding
    guide (the reason is noted with each);
  - a pattern the hand-written part already has (the hand line wins).
Codes in RECODE are changed to the coding guide's convention (eval/CODING-GUIDE.md).

Rerun: python3 tools/mine_verbs.py [CAMEO.2.0.txt]
"""
import itertools, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SRC = os.path.join(ROOT, "..", "shared", "dictionaries", "phoenix", "CAMEO.2.0.txt")
VERBS = os.path.join(ROOT, "data", "verbs.txt")
CODES = os.path.join(ROOT, "data", "cameo-codes.tsv")
MARK = "# ---- mined from PETRARCH CAMEO.2.0.txt by tools/mine_verbs.py: do not edit below ----"
MAX_ELEMENTS = 12     # MAX_PATTERN_ELEMENTS in src/lib/code/code_internal.h

# Prepositions and particles: a pattern needs at least one word that is none of these.
FUNCTION = set("""to in on at by for from with of into onto over under up down out off back
away about against through across along around toward towards upon after before between
among amid within without the a an and or its his her their as""".split())

# The synonym sets (&NAME) that are expanded, cut to the members that keep the set's sense
# in news (reviewed): the dictionary's sets are WordNet synonym sets whose rare members
# drift ("&SOLUTION" holds "answer" and "result", "&FIGHT" "feud" and "strife"). A pattern
# using a set not listed here is dropped.
SETS = {
    "&MILITARY": "military army troops soldiers navy marines special_forces",
    "&WEAPON": "weapons arms missiles rockets guns ammunition",
    "&TREATY": "treaty pact accord agreement",
    "&FIGHT": "fighting hostilities war battle",
    "&CEASEFIRE": "truce armistice cease-fire ceasefire",
    "&SOLUTION": "solution resolution",
    "&NEGOTIATION": "negotiations dialogue",
    "&SECURITY": "security",
    "&DETENTION": "detention jail prison custody",
    "&PROPOSAL": "proposal",
    "&INVESTIGATION": "investigation inquiry probe",
    "&AIRCRAFT": "aircraft plane helicopter warplane jet drone",
    "&PKO": "peacekeeping peacekeepers peacekeeping_force",
    "&TOWN": "town city village",
    "&FOOD": "food",
    "&INFORMATION": "information intelligence",
    "&DISPUTE": "dispute conflict",
    "&REFUGEE": "refugees",
    "&CRIME": "crime crimes",
    "&DEFENSE": "defense defence",
    "&PROGRAM": "program programme",
    "&ASYLUM": "asylum",
    "&OPPOSITION": "opposition",
    "&HOSTAGE": "hostages prisoners captives",
    "&EVIDENCE": "evidence proof",
    "&CAR": "car vehicle truck",
    "&MEDIATION": "mediation",
    "&SUSPECT": "suspect",
    "&STRONGHOLD": "stronghold headquarters outpost",
    "&NEGOTIATOR": "negotiator mediator",
}

# Particles of phrasal verbs: they stand right after the verb ("call off", "set up").
PARTICLES = {"off", "up", "out", "down", "back", "away", "over", "on", "in", "forward"}

# Verbs whose mined patterns misfire in news (reviewed on news-dev and stories).
DROP_VERBS = {
    # reporting and cognition verbs: their object is a clause, so "said China supports ..."
    # matched "say .. support" (051) for what is someone else's act
    "say", "tell", "add", "note", "report", "write", "think", "believe", "know", "feel",
    "seem", "appear", "look", "hear", "see",
    # a noun far more often than a verb in news ("Flintlock exercises in an army base")
    "exercise",
}

# Codes not mined. 01x public statements (comment, pessimism, optimism, policy option,
# empathy, support) mostly have no target, and the coding guide does not code statements
# without one (rule 1) -- except 015 (claim responsibility) and 016 (deny, "rejects the
# allegations"), which the guide codes; 030 (general goodwill) and 013 (hopes) are
# optional in the guide (rule 3), so a mined pattern for them can only add false events.
DROP_CODES = {"010", "011", "012", "013", "014", "017", "018", "019", "030"}

# Single mined patterns dropped after review: "pattern" -> reason.
DROP_PATTERNS = {
    "consider .. deployment": "'considered the deployment of X to be a risk': an opinion",
    "plan .. trip": "'a planned trip': adjective, and scrapped plans",
    "heighten .. tensions": "'amid heightened tensions': a state, not an act",
    "heighten .. tension": "as above",
    "launch .. initiative": "an initiative on a topic (014) has no target in news",
    "underline .. need": "a statement, not a demand (100)",
    "send .. message": "'a visit that sent a message': figurative",
    "give .. access": "'expects Moscow will give access': consular routine, not 030",
    "set .. on .. fire": "crowds setting a building on fire riot (145), militants attack (180): ambiguous",
    "repeat .. offer": "'repeated his offer to meet': the offer is an intent (036), not an appeal",
    "attend .. summit": "attending a multilateral summit is not an event between two parties",
    "set .. conditions": "'had set conditions for ...': background, not a demand",
    "deny .. right": "'denied the UN the right to': deny is mostly 016 (denial) in news",
    "call .. for .. fighting": "'called for a halt in fighting' is an appeal, not a threat (138)",
    "call .. for .. hostilities": "as above",
    "call .. visit": "'called his visit historic': a description",
    "maintain .. ties": "'has maintained close ties': a state, not an event",
    "intercept .. missiles": "intercepting missiles is air defence, not seizing a shipment (1711)",
    "intercept .. rockets": "as above",
    "hold .. detention": "'died while being held in detention': a state, not an arrest",
    "hold .. for .. day": "'held for 444 days': a duration, not an arrest",
    "join .. treaty": "matches inside 'joined the North Atlantic Treaty Organization'",
    "admit .. as .. member": "admission to a bloc is not 054 (recognition); the coding guide does not code it",
    "prevent .. from .. entering": "crowds keeping MPs from a building obstruct (144), a state barring entry is 172: ambiguous",
    "end .. fight": "'end exploitation and fight discrimination': the gap crosses a coordination",
}

# Code changes to the coding guide's conventions (eval/CODING-GUIDE.md, rule 6):
# (code, verb, first word after the verb) -> code.
RECODE = {
    # rule 6: meeting / held talks 040; negotiations 046
    ("046", "hold", "talks"): "040", ("046", "hold", "talk"): "040", ("046", "hold", "discussion"): "040",
    ("046", "hold", "discussions"): "040",
    # rule 6: visit 042
    ("046", "visit", "for"): "042",
    # rule 6: storming or rioting 145 -- stones, rocks and petrol bombs thrown by crowds
    ("180", "throw", "rocks"): "145", ("182", "throw", "stones"): "145", ("182", "pelt", "with"): "145",
    ("182", "pelt", "cars"): "145", ("180", "throw", "firecrackers"): "145",
    ("183", "throw", "firebomb"): "145", ("183", "throw", "firebombs"): "145",
}


def die(msg):
    sys.stderr.write("mine_verbs.py: %s\n" % msg)
    sys.exit(1)


def load_codes():
    codes = set()
    with open(CODES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("code\t"):
                continue
            codes.add(line.split("\t", 1)[0])
    return codes


def word(w):
    """A dictionary word as annals matches it: lower case, PETRARCH's exact-match '_' dropped,
    an inner '_' (a multi-word member) split into words."""
    return w.strip("_").lower().replace("_", " ")


def parse(path):
    """Returns (synonym sets, [(verb, after-verb text, code text)])."""
    sets, pats, base_of = {}, [], {}
    cur_set = None
    in_verbs = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if "VERB PATTERNS" in line:
                in_verbs = True
                cur_set = None
                continue
            if not in_verbs:
                if line.startswith("&"):
                    cur_set = line.split()[0]
                    sets[cur_set] = []
                elif line.startswith("+") and cur_set:
                    sets[cur_set].append(word(line[1:].split()[0]))
                elif not line.strip():
                    cur_set = None
                continue
            if not line.startswith("-"):
                # a verb line: BASE {FORM FORM ...}: remember the forms, the comments
                # sometimes name a verb by its past tense ("# THREW")
                m = re.match(r"^([A-Z][A-Z'-]*)\s*\{([^}]*)\}", line)
                if m:
                    for form in m.group(2).split():
                        base_of.setdefault(form.strip("+_"), m.group(1))
                continue
            body, _, comment = line[1:].partition("#")
            m = re.search(r"\[([^\]]*)\]\s*$", body.strip())
            if not m or "*" not in body:
                continue
            verb = comment.strip().split()[0] if comment.strip() else ""
            verb = base_of.get(verb, verb)
            pre, _, post = body[:body.rindex("[")].partition("*")
            pats.append((verb, pre.strip(), post.strip(), m.group(1)))
    return sets, pats


def groups(post):
    """Splits the text after '*' into groups: ('w', [words]) for a word or compound,
    ('p', [words]) for a prepositional phrase, ('$',) target, ('^',) skip, ('?',) unusable."""
    out, i = [], 0
    toks = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", post)
    for t in toks:
        if t.startswith("{"):
            out.append(("w", t[1:-1].split()))
        elif t.startswith("("):
            out.append(("p", t[1:-1].split()))
        elif t == "+":
            out.append(("$",))
        elif t == "^":
            out.append(("^",))
        elif t in ("$", "%") or t.startswith("$") or t.startswith("%"):
            out.append(("?",))
        else:
            out.append(("w", [t]))
        i += 1
    return out


def expand(words, sets):
    """A list of PETRARCH words -> list of word lists, synonym sets expanded."""
    choices = []
    for w in words:
        w = w.strip("{}")
        if w.startswith("&"):
            if w not in SETS or w not in sets:
                return []
            choices.append([word(m) for m in SETS[w].split()])
        elif w in ("+", "^", "$", "%"):
            return []
        else:
            choices.append([word(w)])
    return [list(c) for c in itertools.product(*choices)]


def convert(verb, post, sets):
    """Returns the annals patterns (strings, after the head) for one PETRARCH pattern."""
    gs = groups(post)
    if any(g[0] == "?" for g in gs):
        return []
    parts = []   # list of alternatives per group
    for g in gs:
        if g[0] == "$":
            parts.append(["$"])
        elif g[0] == "^":
            parts.append([".."])
        elif g[0] == "w":
            parts.append([" ".join(x) for x in expand(g[1], sets)])
        else:
            if not g[1]:
                return []
            ws = [w.strip("{}") for w in g[1] if w.strip("{}")]
            prep, rest = ws[0], ws[1:]
            if prep.startswith("&") or prep in ("+", "$", "%", "^"):
                return []
            prep = word(prep)
            if not rest:
                parts.append([prep])
                continue
            alts = []
            for x in expand(rest, sets):
                alts.append(prep + " .. " + " ".join(x))
            if rest[0] == "+":   # "(TO +)": the target right after the preposition
                alts = [prep + " $"]
            parts.append(alts)
        if not parts[-1]:
            return []
    out = []
    for combo in itertools.product(*parts):
        toks = []
        for c in combo:
            if c == "..":
                if toks and toks[-1] != "..":
                    toks.append("..")
                continue
            if c != "$" and toks and toks[-1] not in ("..",):
                toks.append("..")
            if c == "$" and toks and toks[-1] == "..":
                pass
            toks.extend(c.split())
        # the object phrase may have a determiner or modifiers before its word ("revised
        # the peace deal"): a gap after the verb, except before a particle ("set off")
        # or the target itself
        if toks and toks[0] == "..":
            toks = toks[1:]
        if toks and toks[0] != "$" and not (gs[0][0] == "w" and toks[0] in PARTICLES):
            toks.insert(0, "..")
        text = " ".join([word(verb)] + [".." if t == ".." else t for t in toks])
        text = re.sub(r"(\.\. )+\.\.", "..", text).strip()
        if text.endswith(" .."):
            text = text[:-3]
        out.append(text)
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SRC
    if not os.path.exists(src):
        die("%s missing" % src)
    codes = load_codes()
    sets, pats = parse(src)
    with open(VERBS, encoding="utf-8") as f:
        text = f.read()
    hand = text.split("\n" + MARK + "\n")[0].rstrip("\n") + "\n"
    have = set()
    for line in hand.splitlines():
        if line and not line.startswith("#"):
            f = line.split("\t")
            if len(f) == 3:
                have.add(f[1])
    kept, why = {}, {"pre-verb words": 0, "null or unknown code": 0, "no verb comment": 0,
                     "source or compound after the verb": 0, "no content word": 0,
                     "dropped verb": 0, "dropped pattern": 0, "hand line exists": 0,
                     "too long": 0, "dropped code": 0}
    for verb, pre, post, code in pats:
        code = code.split(":")[0].strip()
        if pre:
            why["pre-verb words"] += 1
            continue
        if not code or code not in codes:
            why["null or unknown code"] += 1
            continue
        if not verb or not re.match(r"^[A-Z][A-Z'-]*$", verb):
            why["no verb comment"] += 1
            continue
        v = word(verb)
        if v in DROP_VERBS:
            why["dropped verb"] += 1
            continue
        conv = convert(verb, post, sets)
        if not conv:
            why["source or compound after the verb"] += 1
            continue
        for p in conv:
            ws = [t for t in p.split()[1:] if t not in ("..", "$")]
            if not any(t not in FUNCTION for t in ws):
                why["no content word"] += 1
                continue
            if len(p.split()) > MAX_ELEMENTS or any(len(t) >= 32 for t in p.split()):
                why["too long"] += 1
                continue
            if p in DROP_PATTERNS:
                why["dropped pattern"] += 1
                continue
            if p in have:
                why["hand line exists"] += 1
                continue
            c = RECODE.get((code, v, ws[0]), code)
            if c in DROP_CODES:
                why["dropped code"] += 1
                continue
            kept.setdefault(p, c)
    lines = sorted("%s\t%s\tv" % (c, p) for p, c in kept.items())
    with open(VERBS, "w", encoding="utf-8") as f:
        f.write(hand)
        f.write("\n" + MARK + "\n")
        f.write("# %d patterns; what is kept and dropped: tools/mine_verbs.py, data/SOURCES.md\n" % len(lines))
        for line in lines:
            f.write(line + "\n")
    sys.stderr.write("mine_verbs.py: %d patterns written; skipped: %s\n"
                     % (len(lines), ", ".join("%s %d" % kv for kv in why.items())))


if __name__ == "__main__":
    main()
