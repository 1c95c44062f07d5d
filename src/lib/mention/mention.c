/* SPDX-License-Identifier: MIT
** mention/mention.c -- actor phrases, places and dates in a document.
**
** Three passes per sentence:
**  1. atoms: the longest dictionary phrase at each token (country, capital,
**     organisation, group, person, agent), unknown capitalised names, pronouns;
**  2. composition: neighbouring atoms join into one actor phrase -- a country
**     before an agent ("Kazakh officials"), "of"/"at" after one ("Minister of
**     Defense of Kazakhstan", "chargé d'affaires at the U.S. Embassy"), a name
**     beside a title, with or without a comma (apposition). The phrase's code is
**     its country (or organisation) followed by the role of its head agent;
**  3. reference: a phrase with a role but no country takes the code last seen
**     for the same title in the document ("the Chief Executive"); a surname
**     takes its full name's code; he/his/she/her the last person's ("In his statement,
**     Borrell said": the subject's).
** Places come from the gazetteer; dates from date.c (mention/date.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/mention.h"
#include "annals/meta.h"
#include "annals/util.h"
#include "mention_internal.h"

struct annals_mentioner {
    annals_dict *actors;    /* countries, capitals, IGOs, groups, people, agents */
    annals_dict *places;
};

static const char *const ACTOR_FILES[] = {
    "actors/countries.txt", "actors/capitals.txt", "actors/igos.txt", "actors/groups.txt",
    "actors/media.txt", "actors/institutions.txt", "people.txt", "people-aliases.txt", "people-phoenix.txt", "agents.txt", NULL
};

int annals_mentioner_open(annals_mentioner **out, const char *data_dir,
                          annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    *out = NULL;
    annals_mentioner *m = calloc(1, sizeof *m);
    if (!m || !(m->actors = annals_dict_new()) || !(m->places = annals_dict_new())) {
        annals_mentioner_free(m);
        return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory loading dictionaries");
    }
    char path[4096];
    for (size_t i = 0; ACTOR_FILES[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, ACTOR_FILES[i]);
        int rc = annals_dict_load_file(m->actors, path, warn, warn_arg, ctx);
        if (rc < 0) { annals_mentioner_free(m); return rc; }
    }
    snprintf(path, sizeof path, "%s/places.txt", data_dir);
    int rc = annals_dict_load_file(m->places, path, warn, warn_arg, ctx);
    if (rc < 0) { annals_mentioner_free(m); return rc; }
    *out = m;
    return 0;
}

int annals_mentioner_add_file(annals_mentioner *m, const char *path,
                              annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    int rc = annals_dict_load_file(m->actors, path, warn, warn_arg, ctx);
    return rc < 0 ? rc : 0;
}

void annals_mentioner_free(annals_mentioner *m)
{
    if (!m) return;
    annals_dict_free(m->actors);
    annals_dict_free(m->places);
    free(m);
}

size_t annals_mentioner_size(const annals_mentioner *m)
{
    return m ? annals_dict_size(m->actors) + annals_dict_size(m->places) : 0;
}

/* ---- helpers over tokens ---- */


static const char *const FUNCTION_CAPS[] = {
    "The", "A", "An", "In", "On", "At", "By", "For", "From", "To", "Of", "And", "But", "Or", "He",
    "She", "It", "They", "We", "I", "His", "Her", "Its", "Their", "Our", "This", "That", "These",
    "Those", "According", "During", "After", "Before", "While", "As", "With", "Within", "Both",
    "There", "Here", "If", "When", "Since", "Speaking", "Given", "Also", "However", "Meanwhile",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Excellency", "His Excellency", "Mr.", "Mrs.", "Ms.", "Dr.", "Today",
    "Yesterday", "Latest", "Read", "More", "News", "Follow", "Share", "Twitter", "Facebook", "X",
    "Telegram", "Instagram", "YouTube", "Islamic", "Republic", "Special", "Deputy", "First",
    "Government", "Ministry", "Minister", "Former", "New", "Top", "Senior", "Chief", "Head",
    /* sentence openers that are no names ("Then the foreign minister met ...") */
    "Then", "Later", "Earlier", "Now", "Still", "Yet", "Thus", "Instead", "Separately", "Previously",
    "Furthermore", "Moreover", "Additionally", "Nevertheless", "Although", "Despite", "Amid", "Under",
    "Following", "Through", "Without", "Among", "Against", "Between", "Around", "About", "Some", "Many",
    "Most", "Several", "Other", "Another", "Each", "Every", "All", "No", "Not", "Only", "Even", "Such",
    "What", "Which", "Who", "Whose", "Where", "How", "Why", NULL
};

static bool is_name_token(const annals_doc *d, size_t i)
{
    const annals_token *t = &d->tok[i];
    if (!(t->flags & ANNALS_TOKF_UPPER_INIT) || (t->flags & (ANNALS_TOKF_PUNCT | ANNALS_TOKF_DIGIT)))
        return false;
    if (t->len < 2) return false;
    return !annals_tok_in(d, i, FUNCTION_CAPS);
}

/* ---- pass 1: atoms ---- */

static int32_t doc_day(const annals_doc *d)
{
    int64_t days;
    if (d->pub_date[0] && annals_date_parse_iso(d->pub_date, 10, &days)) return (int32_t)days;
    return ANNALS_DATE_OPEN_TO;   /* unknown: take the entry valid now (open-ended) */
}

/* First entry of the list valid on `day` (or the open-ended one when unknown). */
static const annals_dict_entry *pick_entry(const annals_dict *dict, uint32_t idx, int32_t day)
{
    const annals_dict_entry *best = NULL;
    for (const annals_dict_entry *e = annals_dict_entry_at(dict, idx); e;
         e = e->next ? annals_dict_entry_at(dict, e->next) : NULL) {
        if (day >= e->from && day <= e->to) return e;
        if (!best || e->to > best->to) best = e;   /* fallback: the latest */
    }
    return day == ANNALS_DATE_OPEN_TO ? best : NULL;
}

/* True when the word at i is a noun that an agent word before it modifies: "military aid",
** "police custody", "security situation". The list holds nouns that news text puts after
** "military", "police", "security", "army", "government" and that are not themselves actors. */
static bool modifier_use(const annals_doc *d, size_t i, size_t e)
{
    static const char *const MODIFIED[] = { "aid", "assistance", "operation", "operations", "exercise",
        "exercises", "drill", "drills", "vehicle", "vehicles", "van", "vans", "truck", "trucks", "custody",
        "traffic", "equipment", "hardware", "facility", "facilities", "installation", "installations",
        "support", "cooperation", "ties", "escalation", "presence", "spending", "budget", "budgets",
        "infrastructure", "situation", "case", "cases", "investigation", "investigations", "buildup",
        "build-up", "campaign", "pressure", "capabilities", "capability", "power", "might", "strength",
        "posture", "sector", "industry", "purposes", "action", "activity", "activities", "deal",
        "deals", "pact", "agreement", "program", "programme", "doctrine", "reform", "reforms", "matters",
        "issues", "concerns", "measures", "barricades",
        "cordon", "tape", "checks", "zone", "zones", "area", "areas", "district", "districts", "region",
        "regions", "dialogue", NULL };
    return i < e && !(d->tok[i].flags & ANNALS_TOKF_UPPER_INIT) && annals_tok_in(d, i, MODIFIED);
}

/* True when the group at [i, i+len) is counted in a toll ("left 25 people dead", "hundreds
** of people were killed"): the victims a toll counts, which the coding guide does not code
** (rule 1), not a party. */
static bool toll(const annals_doc *d, size_t b, size_t i, size_t len, size_t e)
{
    static const char *const HURT[] = { "dead", "killed", "injured", "wounded", "died", "dying", NULL };
    static const char *const BE[] = { "were", "have", "had", "been", "was", "are", "reported", "confirmed", "already",
        "being", NULL };
    size_t n = i > b + 1 && annals_tok_is(d, i - 1, "of") ? i - 1 : i;   /* "hundreds of people" */
    if (n == b || !((d->tok[n - 1].flags & ANNALS_TOKF_DIGIT) || annals_tok_is(d, n - 1, "hundreds")
                    || annals_tok_is(d, n - 1, "dozens") || annals_tok_is(d, n - 1, "thousands")))
        return false;
    size_t j = i + len;
    while (j < e && j < i + len + 3 && annals_tok_in(d, j, BE)) j++;
    return j < e && annals_tok_in(d, j, HURT);
}

/* True when the one-word person name at i (a surname alias) is someone's given name here: a
** capitalised unknown word follows ("Abbas Kiarostami"), or a name particle and one ("Abdullah
** bin Zayed"). Not in headlines, where every word is capitalised. */
static bool given_name(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t b,
                       size_t i, size_t e, bool title_case)
{
    static const char *const PARTICLE[] = { "bin", "ibn", "bint", "al", "el", "ben", "abu", "de", "van", "von", "da", NULL };
    size_t j = i + 1;
    (void)b;
    if (title_case || j >= e) return false;
    if (annals_tok_in(doc, j, PARTICLE) && !(doc->tok[j].flags & ANNALS_TOKF_UPPER_INIT) && j + 1 < e) j++;
    if (!is_name_token(doc, j)) return false;
    uint32_t idx;
    size_t l = annals_dict_longest(m->actors, doc, keys, j, e, &idx);
    const annals_dict_entry *en = l ? annals_dict_entry_at(m->actors, idx) : NULL;
    return !en || en->kind == ANNALS_DICT_PEOPLE;
}

/* True when tokens [i, i+len) lie inside a longer place name ("Dera Ismail Khan"). */
static bool inside_place(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t b,
                         size_t i, size_t len, size_t e)
{
    for (size_t j = i > b + 3 ? i - 3 : b; j <= i; j++) {
        uint32_t idx;
        size_t l = annals_dict_longest(m->places, doc, keys, j, e, &idx);
        if (l && j + l >= i + len && l > len) return true;
    }
    return false;
}

/* True when the news organisation at [i, i+len) is a party of what the sentence tells, not its
** reporter: one of its journalists ("Wall Street Journal reporter Evan Gershkovich"), or the
** subject of the sentence other than as a reporter ("The Wall Street Journal rejected"). News
** text names outlets mostly as sources ("told AFP", "Reuters reported", bylines, photo
** credits), which are no actors. */
static bool outlet_as_party(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t b,
                            size_t i, size_t len, size_t e)
{
    static const char *const REPORTS[] = { "reported", "reports", "report", "said", "says", "quoted", "cited",
        "added", "news", "photo", "photos", "reporting", "learned", "has", "had", "was", "is", NULL };
    size_t j = i + len;
    if (j >= e) return false;
    uint32_t idx;
    size_t l = annals_dict_longest(m->actors, doc, keys, j, e, &idx);
    const annals_dict_entry *en = l ? annals_dict_entry_at(m->actors, idx) : NULL;
    if (en && en->kind == ANNALS_DICT_AGENTS && !strcmp(en->code, "MED") && !(en->flags & ANNALS_MENTF_BODY))
        return true;   /* "Al Jazeera journalist", "Wall Street Journal correspondent" */
    size_t f = b;
    while (f < i && ((doc->tok[f].flags & ANNALS_TOKF_QUOTE) || annals_tok_is(doc, f, "The"))) f++;
    return f == i && !(doc->tok[j].flags & ANNALS_TOKF_PUNCT) && !annals_tok_in(doc, j, REPORTS);
}

/* True when the sentence [b, e) is a headline: at least 7 in 10 of its words capitalised. */
static bool headline(const annals_doc *doc, size_t b, size_t e)
{
    size_t words = 0, caps = 0;
    for (size_t i = b; i < e; i++)
        if (!(doc->tok[i].flags & (ANNALS_TOKF_PUNCT | ANNALS_TOKF_DIGIT))) {
            words++;
            caps += (doc->tok[i].flags & ANNALS_TOKF_UPPER_INIT) != 0;
        }
    return words >= 4 && caps * 10 >= words * 7;
}

/* The length of a phrase at i that stands for the two parties last named ("the two leaders",
** "both sides", "the heads of state", "Both agreed"); 0 when there is none. */
static size_t pair_length(const annals_doc *doc, size_t b, size_t i, size_t e)
{
    static const char *const PAIR_NOUNS[] = { "leaders", "sides", "countries", "nations", "presidents",
        "governments", "ministers", "delegations", "parties", "states", "neighbours", "neighbors", NULL };
    static const char *const BOTH_VERB[] = { "agreed", "said", "say", "says", "have", "had", "are", "were", "will",
        "would", "also", "signed", "called", "pledged", "vowed", "expressed", "stressed", "reaffirmed",
        "discussed", "accused", "emphasized", "emphasised", "noted", "welcomed", "underlined", "underscored",
        "exchanged", "held", "met", "condemned", "urged", "claimed", NULL };
    size_t pl = 0;
    if (i + 2 < e && annals_tok_is(doc, i, "the") && annals_tok_is(doc, i + 1, "two") && annals_tok_in(doc, i + 2, PAIR_NOUNS)) pl = 3;
    else if (i + 1 < e && annals_tok_is(doc, i, "both") && annals_tok_in(doc, i + 1, PAIR_NOUNS)) pl = 2;
    else if (i + 3 < e && (annals_tok_is(doc, i, "the") || annals_tok_is(doc, i, "both")) && annals_tok_is(doc, i + 1, "heads")
             && annals_tok_is(doc, i + 2, "of"))   /* "the heads of (the) state(s)" */
        pl = annals_tok_is(doc, i + 3, "state") || annals_tok_is(doc, i + 3, "states") ? 4
           : i + 4 < e && annals_tok_is(doc, i + 3, "the") && annals_tok_is(doc, i + 4, "states") ? 5 : 0;
    else if (i + 1 < e && annals_tok_is(doc, i, "both") && annals_tok_in(doc, i + 1, BOTH_VERB)
             && (i == b || !(doc->tok[i - 1].flags & ANNALS_TOKF_UPPER_INIT) || annals_tok_is(doc, i - 1, "\"")))
        pl = 1;   /* "Both agreed", "both said": the two parties as subject */
    return pl;
}

/* Tokens [i, i+len) spell a name in capitals longer than an abbreviation: "ASTANA", "ABU
** DHABI", not "US" or "U.S." (which lead a headline as an actor: "U.S., Britain agree"). */
static bool all_caps_name(const annals_doc *doc, size_t i, size_t len)
{
    const annals_token *first = &doc->tok[i], *last = &doc->tok[i + len - 1];
    if (last->off + last->len - first->off <= 3) return false;
    for (size_t k = i; k < i + len; k++) {
        if (!(doc->tok[k].flags & ANNALS_TOKF_ALL_UPPER)) return false;
        if (memchr(doc->text + doc->tok[k].off, '.', doc->tok[k].len)) return false;
    }
    return true;
}

/* Adds the atom of the dictionary entry en found at tokens [i, i+len) of the sentence [b, e):
** a country, organisation, agent or person, or nothing where the words are a dateline, a news
** outlet that only reports, a toll's victims or a modifier. Returns 0 or ANNALS_ENOMEM. */
static int entry_atom(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t b,
                      size_t i, size_t len, size_t e, const annals_dict_entry *en, atom_list *out)
{
    static const char *const DATELINE_NEXT[] = { ",", "(", "-", "\xE2\x80\x94", "\xE2\x80\x93", ":", NULL };
    atom a = { .begin = i, .end = i + len };
    snprintf(a.code, sizeof a.code, "%s", en->code);
    if (en->kind != ANNALS_DICT_AGENTS && en->kind != ANNALS_DICT_PEOPLE && i + len < e
        && (i == b || (doc->tok[i - 1].flags & ANNALS_TOKF_DIGIT))   /* "2018-07-08 LONDON (Reuters)" */
        && (doc->tok[i].flags & ANNALS_TOKF_ALL_UPPER) && all_caps_name(doc, i, len) && annals_tok_in(doc, i + len, DATELINE_NEXT))
        return 0;   /* dateline "ASTANA, March 3 -", "ABU DHABI (Reuters) -": a place */
    if (en->kind != ANNALS_DICT_AGENTS && en->kind != ANNALS_DICT_PEOPLE && i + len < e && i >= b + 2
        && annals_tok_is(doc, i - 1, ",") && all_caps_name(doc, b, i - 1 - b) && annals_tok_in(doc, i + len, DATELINE_NEXT))
        return 0;   /* the country of a dateline: "SEOUL, South Korea, Aug. 22 (UPI) --" */
    if (en->kind == ANNALS_DICT_ACTORS && i == b && i + len + 1 < e && strlen(en->code) == 6
        && !strcmp(en->code + 3, "GOV") && (doc->tok[i].flags & ANNALS_TOKF_UPPER_INIT) && annals_tok_is(doc, i + len, ",")
        && ((doc->tok[i + len + 1].flags & ANNALS_TOKF_DIGIT)
            || ((doc->tok[i + len + 1].flags & ANNALS_TOKF_UPPER_INIT)
                && annals_month_from_name(doc->text + doc->tok[i + len + 1].off, doc->tok[i + len + 1].len) > 0)))
        return 0;   /* a dateline in capitals and small letters: "Moscow, 30 January 2023 (TDI): ..." */
    if (en->kind == ANNALS_DICT_ACTORS && strlen(en->code) == 6 && !strcmp(en->code + 3, "MED")
        && !outlet_as_party(m, doc, keys, b, i, len, e)) {
        /* "told AFP", "Reuters reported", "(Xinhua)": who reports, not who acts; a name
           like any other there ("the official IRNA news agency") */
        atom name = { .begin = i, .end = i + len, .type = ATOM_NAME };
        return atom_push(out, &name) < 0 ? ANNALS_ENOMEM : 0;
    }
    if (en->kind == ANNALS_DICT_AGENTS && !strcmp(en->code, "CVL") && toll(doc, b, i, len, e))
        return 0;   /* "left 25 people dead": the toll's victims */
    if (en->kind == ANNALS_DICT_AGENTS && len == 1 && modifier_use(doc, i + 1, e))
        return 0;   /* "military aid", "police custody": a modifier, not an actor */
    if (en->kind == ANNALS_DICT_AGENTS) {
        a.type = ATOM_AGENT;
        a.flags = en->flags;
    } else if (en->kind == ANNALS_DICT_PEOPLE) {
        a.type = ATOM_PERSON;
    } else {
        a.type = ATOM_COUNTRY;
        size_t cl = strlen(en->code);
        if (cl == 6 && !strncmp(en->code + 3, "GOV", 3)) a.flags |= ANNALS_MENTF_CAPITAL;
    }
    return atom_push(out, &a) < 0 ? ANNALS_ENOMEM : 0;
}

/* The end of the unknown name that starts at the name word i: up to four name words, stopping
** at a dictionary phrase. */
static size_t name_end(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t i, size_t e)
{
    size_t j = i;
    while (j < e && j - i < 4 && is_name_token(doc, j)) {
        uint32_t tmp;
        size_t l = j > i ? annals_dict_longest(m->actors, doc, keys, j, e, &tmp) : 0;
        if (l) {
            /* an unknown name word before a known person's full name makes another name
               ("Dera Ismail Khan" is not Ismail Khan), and so does one before a one-word
               group ("Therese Kayikwamba Wagner" is not the Wagner group) */
            const annals_dict_entry *pe = annals_dict_entry_at(m->actors, tmp);
            if (pe && ((pe->kind == ANNALS_DICT_PEOPLE && l > 1)
                       || (pe->kind == ANNALS_DICT_ACTORS && l == 1 && strlen(pe->code) > 3)))
                j += l;
            break;
        }
        j++;
    }
    return j;
}

/* True when the word at i of the sentence [b, e) is a pronoun that refers to an actor: he, his,
** their..., a subject "it", a quoted "I" or "we". */
static bool pronoun_at(const annals_doc *doc, size_t b, size_t i, size_t e)
{
    static const char *const PRON[] = { "he", "she", "his", "her", "him", "its", "their", NULL };
    static const char *const EXPLETIVE_NEXT[] = { "is", "was", "'s", "has", "had", "would", "will",
        "seems", "seemed", "appears", "appeared", "remains", "remained", "may", "might", "could", "be", "takes", NULL };
    /* "it" refers to an actor as a subject ("It also imposed sanctions"), not as an expletive
       ("it is important") nor as an object ("set it on fire") */
    static const char *const BEFORE_SUBJECT[] = { ",", "and", "but", "that", "said", "says", "because",
        "after", "when", "as", "while", "since", "if", "though", NULL };
    /* "it has refused", "it had detained": a perfect tense is the referent's act, unlike
       "it has been", "it has emerged that" */
    static const char *const NOT_PERFECT[] = { "been", "become", "emerged", "seemed", "appeared", "happened",
        "to", NULL };
    bool perfect = i + 2 < e && (annals_tok_is(doc, i + 1, "has") || annals_tok_is(doc, i + 1, "had"))
        && !annals_tok_in(doc, i + 2, NOT_PERFECT) && !(doc->tok[i + 2].flags & ANNALS_TOKF_PUNCT);
    bool referring_it = annals_tok_is(doc, i, "it") && i + 1 < e && (!annals_tok_in(doc, i + 1, EXPLETIVE_NEXT) || perfect)
        && !(doc->tok[i + 1].flags & ANNALS_TOKF_PUNCT) && (i == b || annals_tok_in(doc, i - 1, BEFORE_SUBJECT));
    static const char *const FIRST[] = { "I", "we", "our", "us", "my", NULL };
    bool first_person = (doc->tok[i].flags & ANNALS_TOKF_IN_QUOTE) && annals_tok_in(doc, i, FIRST)
        && !(annals_tok_is(doc, i, "us") && (doc->tok[i].flags & ANNALS_TOKF_ALL_UPPER));
    return annals_tok_in(doc, i, PRON) || referring_it || first_person;
}

/* Pass 1 over the sentence [b, e): the atoms, left to right. */
static int find_atoms(const annals_mentioner *m, annals_doc *doc, const uint64_t *keys, size_t b,
                      size_t e, atom_list *out)
{
    int32_t day = doc_day(doc);
    bool title_case = headline(doc, b, e);   /* a headline: every word capitalised */
    for (size_t i = b; i < e;) {
        /* "the two leaders", "both sides": the two parties last named */
        size_t pl = pair_length(doc, b, i, e);
        if (pl) {
            atom a = { .begin = i, .end = i + pl, .type = ATOM_PAIR };
            if (atom_push(out, &a) < 0) return ANNALS_ENOMEM;
            i += pl;
            continue;
        }
        uint32_t idx = 0;
        size_t len = annals_dict_longest(m->actors, doc, keys, i, e, &idx);
        const annals_dict_entry *en = len ? pick_entry(m->actors, idx, day) : NULL;
        if (en && en->kind == ANNALS_DICT_PEOPLE && len == 1 && given_name(m, doc, keys, b, i, e, title_case))
            en = NULL, len = 0;   /* "Abdullah bin Zayed": a given name, not Abdullah Abdullah */
        if (en && en->kind == ANNALS_DICT_PEOPLE && inside_place(m, doc, keys, b, i, len, e)) {
            i += len;   /* "Ismail Khan" in the city of "Dera Ismail Khan" */
            continue;
        }
        if (en) {
            if (entry_atom(m, doc, keys, b, i, len, e, en, out) < 0) return ANNALS_ENOMEM;
            i += len;
            continue;
        }
        if (len && !en) {
            /* a dated entry not valid on this date: a person is still a name ("EU foreign policy
               chief Josep Borrell" long after the office the dictionary knows) */
            const annals_dict_entry *first = annals_dict_entry_at(m->actors, idx);
            if (first && first->kind == ANNALS_DICT_PEOPLE) {
                atom a = { .begin = i, .end = i + len, .type = ATOM_NAME };
                if (atom_push(out, &a) < 0) return ANNALS_ENOMEM;
            }
            i += len;
            continue;
        }
        if (is_name_token(doc, i)) {
            size_t j = name_end(m, doc, keys, i, e);
            atom a = { .begin = i, .end = j, .type = ATOM_NAME };
            if (atom_push(out, &a) < 0) return ANNALS_ENOMEM;
            i = j;
            continue;
        }
        if (pronoun_at(doc, b, i, e)) {
            atom a = { .begin = i, .end = i + 1, .type = ATOM_PRONOUN };
            if (atom_push(out, &a) < 0) return ANNALS_ENOMEM;
        }
        i++;
    }
    return 0;
}

/* ---- pass 2: composition ---- */

static bool is_country_code(const char *c) { return strlen(c) == 3; }

/* Sets np->country / np->role from an atom; returns false when it adds nothing. */
static void np_take_atom(actor_np *np, const atom *a, const annals_doc *doc)
{
    if (a->type == ATOM_COUNTRY) {
        if (!np->country[0]) {
            if (!strncmp(a->code, "IGO", 3) || !is_country_code(a->code)) {
                snprintf(np->country, sizeof np->country, "%s", a->code);
            } else {
                snprintf(np->country, sizeof np->country, "%.3s", a->code);
            }
            if (strlen(a->code) == 6 && !np->role[0] && strncmp(a->code, "IGO", 3))
                snprintf(np->role, sizeof np->role, "%.3s", a->code + 3);
        }
        if (a->flags & ANNALS_MENTF_CAPITAL) np->flags |= ANNALS_MENTF_CAPITAL;
    } else if (a->type == ATOM_AGENT) {
        snprintf(np->tail_role, sizeof np->tail_role, "%.3s", a->code);
        if (!np->head_set) {
            snprintf(np->role, sizeof np->role, "%.3s", a->code);
            np->head_begin = a->begin;
            np->head_end = a->end;
            np->head_set = true;
            np->flags |= a->flags & (ANNALS_MENTF_TITLE | ANNALS_MENTF_BODY | ANNALS_MENTF_GROUP);
        }
    } else if (a->type == ATOM_PERSON) {
        snprintf(np->person_code, sizeof np->person_code, "%s", a->code);
        np->flags |= ANNALS_MENTF_PERSON;
        np->name_begin = a->begin;
        np->name_end = a->end;
    } else if (a->type == ATOM_NAME) {
        np->flags |= ANNALS_MENTF_PERSON;
        np->name_begin = a->begin;
        np->name_end = a->end;
        np->unknown_name = true;
    }
    (void)doc;
}

/* Tokens that may stand between two atoms of one phrase. */
static bool is_glue(const annals_doc *d, size_t i)
{
    static const char *const G[] = { "'s", "\xE2\x80\x99s", "'", "the", NULL };
    return annals_tok_in(d, i, G) || (d->tok[i].flags & ANNALS_TOKF_QUOTE);   /* Iran's "morality police" */
}

static bool starts_np(const atom *a)
{
    return a->type == ATOM_COUNTRY || a->type == ATOM_AGENT || a->type == ATOM_PERSON
        || a->type == ATOM_NAME;
}

/* Skips "the", "Republic of", "Islamic Republic of" etc. between "of" and a country. */
static size_t skip_of_filler(const annals_doc *d, size_t i, size_t e)
{
    while (i < e && (annals_tok_is(d, i, "the") || annals_tok_is(d, i, "Republic") || annals_tok_is(d, i, "Islamic")
                     || annals_tok_is(d, i, "Democratic") || annals_tok_is(d, i, "People's") || annals_tok_is(d, i, "Federal")))
        i++;
    if (i < e && annals_tok_is(d, i, "of") && i > 0 && annals_tok_is(d, i - 1, "Republic")) i++;
    return i;
}

/* The phrase of the pronoun atoms->v[k]: "his country", "its deputy minister" take in the
** next word or agent atom. Returns how many atoms it used (1 or 2), or ANNALS_ENOMEM. */
static int push_pronoun(const annals_doc *doc, size_t se, const atom_list *atoms, size_t k, np_list *nps)
{
    const atom *a = &atoms->v[k];
    int used = 1;
    actor_np np = { .begin = a->begin, .end = a->end, .pronoun = true };
    np.flags |= ANNALS_MENTF_PRONOUN;
    annals_str t = annals_tok_str(doc, a->begin);
    np.pron_person = !annals_str_ieq(t, ANNALS_STR("its")) && !annals_str_ieq(t, ANNALS_STR("their"))
                     && !annals_str_ieq(t, ANNALS_STR("it"));
    np.first_person = (doc->tok[a->begin].flags & ANNALS_TOKF_IN_QUOTE)
        && (annals_str_eq(t, ANNALS_STR("I")) || annals_str_ieq(t, ANNALS_STR("we"))
            || annals_str_ieq(t, ANNALS_STR("our")) || annals_str_ieq(t, ANNALS_STR("us"))
            || annals_str_ieq(t, ANNALS_STR("my")));
    /* "his country" = the person's country */
    if (a->end < se && (annals_tok_is(doc, a->end, "country") || annals_tok_is(doc, a->end, "nation"))) {
        np.end = a->end + 1;
        np.pron_country = true;
    } else if (k + 1 < atoms->n && atoms->v[k + 1].begin == a->end && atoms->v[k + 1].type == ATOM_AGENT
               && !annals_str_ieq(t, ANNALS_STR("he")) && !annals_str_ieq(t, ANNALS_STR("she"))
               && !annals_str_ieq(t, ANNALS_STR("him"))
               && !annals_tok_is(doc, a->end, "counterpart") && !annals_tok_is(doc, a->end, "counterparts")) {
        /* (but "his counterpart" is of the other country) */
        /* "its deputy minister": the referent's country with the agent's role */
        np.end = atoms->v[k + 1].end;
        np.pron_country = true;
        snprintf(np.role, sizeof np.role, "%.3s", atoms->v[k + 1].code);
        np.flags |= atoms->v[k + 1].flags & (ANNALS_MENTF_TITLE | ANNALS_MENTF_BODY | ANNALS_MENTF_GROUP);
        used = 2;
    }
    if (np_push(nps, &np) < 0) return ANNALS_ENOMEM;
    return used;
}

/* Each join_* below tries one way for the atoms from atoms->v[kk] on to extend the phrase
** np; on success it takes them into np and returns the index of the first atom after them,
** else it returns 0 and leaves np as it was (kk is never 0: np began with an atom). */

/* Takes the atom nx into np and ends np at it. */
static size_t join_atom(const annals_doc *doc, actor_np *np, const atom *nx, size_t next)
{
    np_take_atom(np, nx, doc);
    np->end = nx->end;
    return next;
}

/* A country's possessive, up to two lower-case words, then the agent: "Mali's transitional
** military government", "Russia's main security agency". `gap` is np's end past any glue. */
static size_t join_possessive(const annals_doc *doc, const atom_list *atoms, size_t kk, size_t gap, actor_np *np)
{
    static const char *const FUNCTION_WORD[] = { "and", "or", "of", "for", "to", "in", "on", "at",
        "with", "by", "from", "a", "an", "as", "than", "that", NULL };
    const atom *nx = &atoms->v[kk];
    if (!(nx->type == ATOM_AGENT && !np->head_set && np->country[0] && !np->name_end && gap < nx->begin
          && gap > np->end && nx->begin - gap <= 2))
        return 0;
    size_t w = gap;
    while (w < nx->begin && (!(doc->tok[w].flags & (ANNALS_TOKF_UPPER_INIT | ANNALS_TOKF_PUNCT | ANNALS_TOKF_DIGIT))
                             || (doc->tok[w].flags & ANNALS_TOKF_QUOTE))
           && !annals_tok_in(doc, w, FUNCTION_WORD))   /* not "the UN's list of terrorist groups" */
        w++;
    return w == nx->begin ? join_atom(doc, np, nx, kk + 1) : 0;
}

/* "from" + country after a role with none: "his counterparts from Russia", "officials from
** Iran", "forces from the NATO-led international peacekeeping force Kfor". */
static size_t join_from(const annals_doc *doc, size_t se, const atom_list *atoms, size_t kk, actor_np *np)
{
    const atom *nx = &atoms->v[kk];
    size_t p = np->end;
    if (!(np->head_set && !np->country[0] && p + 1 < se && annals_tok_is(doc, p, "from"))) return 0;
    size_t r = skip_of_filler(doc, p + 1, se);
    /* "forces from the NATO-led international peacekeeping force Kfor": a description
       of a few words may stand before an organisation */
    size_t j = kk;
    while (j < atoms->n && atoms->v[j].begin < r + 6 && atoms->v[j].type != ATOM_COUNTRY) j++;
    if (j < atoms->n && atoms->v[j].type == ATOM_COUNTRY && !annals_actor_code_is_state(atoms->v[j].code)
        && atoms->v[j].begin < r + 6) {
        size_t w = r;
        while (w < atoms->v[j].begin && !(doc->tok[w].flags & (ANNALS_TOKF_PUNCT | ANNALS_TOKF_DIGIT))
               && !annals_tok_is(doc, w, "of") && !annals_tok_is(doc, w, "and") && !annals_tok_is(doc, w, "or"))
            w++;
        if (w == atoms->v[j].begin) return join_atom(doc, np, &atoms->v[j], j + 1);
    }
    if (nx->begin == r && nx->type == ATOM_COUNTRY && annals_actor_code_is_state(nx->code))
        return join_atom(doc, np, nx, kk + 1);
    return 0;
}

/* "of" / "at" + [filler] + country or agent phrase after a title: "Minister of Defense of
** Kazakhstan", "chargé d'affaires at the U.S. Embassy". */
static size_t join_of_at(const annals_doc *doc, size_t se, const atom_list *atoms, size_t kk, actor_np *np)
{
    const atom *nx = &atoms->v[kk];
    size_t p = np->end;
    /* allow capitalised words of a long title: "Minister of Defense and Aerospace Industry of ..." */
    size_t q = p;
    while (q < se && q - p < 6 && (annals_tok_is(doc, q, "and") || (doc->tok[q].flags & ANNALS_TOKF_UPPER_INIT))
           && !(doc->tok[q].flags & ANNALS_TOKF_PUNCT) && q < nx->begin)
        q++;
    if (!(np->head_set && q < se && (annals_tok_is(doc, q, "of") || annals_tok_is(doc, q, "at")))) return 0;
    size_t r = skip_of_filler(doc, q + 1, se);
    if (!(nx->begin >= q + 1 && nx->begin <= r && (nx->type == ATOM_COUNTRY || nx->type == ATOM_AGENT))) return 0;
    actor_np sub = { 0 };
    np_take_atom(&sub, nx, doc);
    size_t sub_end = nx->end;
    size_t k3 = kk + 1;
    /* the sub-phrase may itself be country + agent ("the U.S. Embassy") */
    while (k3 < atoms->n) {
        size_t g = sub_end;
        while (g < atoms->v[k3].begin && is_glue(doc, g)) g++;
        if (g != atoms->v[k3].begin || atoms->v[k3].type != ATOM_AGENT) break;
        np_take_atom(&sub, &atoms->v[k3], doc);
        sub_end = atoms->v[k3].end;
        k3++;
    }
    /* "of Kazakhstan" after an agent: the country; "Ministry of Defense" is one agent phrase,
       and "Minister of the Interior" keeps the first role */
    if (!np->country[0] && sub.country[0]) snprintf(np->country, sizeof np->country, "%s", sub.country);
    np->end = sub_end;
    return k3;
}

/* "for Afghanistan" after a title: the country it deals with, not its own ("Special
** Representative for (Reconciliation in) Afghanistan"); np ends there and keeps its country.
** But "for" an institution is whom the title serves: "spokesman for Iran's foreign ministry",
** "a spokeswoman for the Iranian army", "spokesman for the State Department" take the
** institution's country and role. */
static size_t join_for(const annals_doc *doc, size_t se, const atom_list *atoms, size_t kk, actor_np *np)
{
    const atom *nx = &atoms->v[kk];
    size_t p = np->end;
    if (!(np->head_set && p < se && annals_tok_is(doc, p, "for"))) return 0;
    if (!np->country[0] && (np->flags & ANNALS_MENTF_TITLE) && nx->type == ATOM_COUNTRY
        && annals_actor_code_is_state(nx->code) && nx->begin <= p + 2
        && (nx->begin == p + 1 || annals_tok_is(doc, p + 1, "the"))) {
        const atom *body = kk + 1 < atoms->n ? &atoms->v[kk + 1] : NULL;
        size_t g = nx->end;
        while (body && g < body->begin && is_glue(doc, g)) g++;
        if (body && g == body->begin && body->type == ATOM_AGENT && (body->flags & ANNALS_MENTF_BODY)) {
            snprintf(np->country, sizeof np->country, "%.3s", nx->code);
            snprintf(np->role, sizeof np->role, "%.3s", body->code);
            np->end = body->end;
            return kk + 2;
        }
        if (strlen(nx->code) == 6) {   /* an institution by its own name: "the State Department" */
            snprintf(np->country, sizeof np->country, "%.3s", nx->code);
            snprintf(np->role, sizeof np->role, "%.3s", nx->code + 3);
            np->end = nx->end;
            return kk + 1;
        }
    }
    size_t r = p + 1;
    while (r < nx->begin && r - p <= 5
           && ((doc->tok[r].flags & ANNALS_TOKF_UPPER_INIT) || annals_tok_is(doc, r, "in") || annals_tok_is(doc, r, "the")
               || annals_tok_is(doc, r, "of") || annals_tok_is(doc, r, "and")))
        r++;
    if (!(nx->begin >= p + 1 && nx->begin <= r && nx->type == ATOM_COUNTRY)) return 0;
    np->end = nx->end;
    return kk + 1;
}

/* Apposition: "Karen Decker, the chargé d'affaires ...", "Mr. X, Minister of ...", "Ali-Bek
** Bakayev, the deputy foreign of Kazakhstan". */
static size_t join_apposition(const annals_doc *doc, size_t se, const atom_list *atoms, size_t kk, actor_np *np)
{
    const atom *nx = &atoms->v[kk];
    size_t p = np->end;
    if (!(p < se && annals_tok_is(doc, p, ",") && (np->flags & ANNALS_MENTF_PERSON) && !np->head_set)) return 0;
    size_t r = p + 1;
    bool article = r < se && (annals_tok_is(doc, r, "the") || annals_tok_is(doc, r, "a") || annals_tok_is(doc, r, "an"));
    if (article) r++;
    if (r == nx->begin && nx->type == ATOM_AGENT && (nx->flags & ANNALS_MENTF_TITLE))
        return join_atom(doc, np, nx, kk + 1);   /* "Ned Price, a spokesman (for ...)" */
    /* "Ali-Bek Bakayev, the deputy foreign of Kazakhstan": a role phrase with a country */
    size_t s2 = r;
    while (s2 < se && s2 - r < 4 && !(doc->tok[s2].flags & ANNALS_TOKF_PUNCT) && !annals_tok_is(doc, s2, "of"))
        s2++;
    if (r < se && s2 < se && s2 > r && annals_tok_is(doc, s2, "of") && (annals_tok_is(doc, r - 1, "the"))) {
        size_t r2 = skip_of_filler(doc, s2 + 1, se);
        if (nx->begin >= s2 + 1 && nx->begin <= r2 && nx->type == ATOM_COUNTRY && is_country_code(nx->code)) {
            np_take_atom(np, nx, doc);
            if (!np->role[0]) snprintf(np->role, sizeof np->role, "GOV");
            np->end = nx->end;
            return kk + 1;
        }
    }
    return 0;
}

/* The index after the atoms from atoms->v[kk] on that join the phrase np, trying each way
** in turn; 0 when none does, which ends the phrase. */
static size_t join_next(const annals_doc *doc, size_t se, const atom_list *atoms, size_t kk, actor_np *np)
{
    const atom *nx = &atoms->v[kk];
    size_t gap = np->end;
    while (gap < nx->begin && is_glue(doc, gap)) gap++;
    if (gap == nx->begin && starts_np(nx)) {
        /* adjacent: "Kazakh officials", "U.S. Embassy", "Minister ... Kairat Umarov" */
        if (nx->type == ATOM_NAME && np->name_end) return 0;           /* two names: stop */
        if (nx->type == ATOM_COUNTRY && np->country[0] && !np->head_set) return 0; /* "Kazakhstan, Kyrgyzstan" */
        return join_atom(doc, np, nx, kk + 1);
    }
    size_t next;
    if ((next = join_possessive(doc, atoms, kk, gap, np))) return next;
    if ((next = join_from(doc, se, atoms, kk, np))) return next;
    if ((next = join_of_at(doc, se, atoms, kk, np))) return next;
    if ((next = join_for(doc, se, atoms, kk, np))) return next;
    return join_apposition(doc, se, atoms, kk, np);
}

/* Joins the sentence's atoms (tokens [sb, se)) into actor phrases, in nps. */
static int compose(const annals_doc *doc, size_t sb, size_t se, atom_list *atoms, np_list *nps)
{
    size_t k = 0;
    while (k < atoms->n) {
        atom *a = &atoms->v[k];
        if (!starts_np(a)) {
            if (a->type == ATOM_PAIR) {
                actor_np np = { .begin = a->begin, .end = a->end, .pair = true };
                if (np_push(nps, &np) < 0) return ANNALS_ENOMEM;
            } else if (a->type == ATOM_PRONOUN) {
                int used = push_pronoun(doc, se, atoms, k, nps);
                if (used < 0) return used;
                k += (size_t)used - 1;
            }
            k++;
            continue;
        }
        actor_np np = { .begin = a->begin, .end = a->end };
        np_take_atom(&np, a, doc);
        size_t kk = k + 1, next;
        while (kk < atoms->n && (next = join_next(doc, se, atoms, kk, &np))) kk = next;
        /* "former President Jacob Zuma", "Russia's former defence minister", "a retired
           general": no longer in office, an elite (CAMEO ELI) */
        static const char *const FORMER[] = { "former", "Former", "retired", "Retired", NULL };
        np.former = np.head_set && ((np.head_begin > sb && annals_tok_in(doc, np.head_begin - 1, FORMER))
                                    || (np.begin > sb && annals_tok_in(doc, np.begin - 1, FORMER)));
        if (np_push(nps, &np) < 0) return ANNALS_ENOMEM;
        k = kk;
    }
    return 0;
}

/* ---- pass 3: codes and references ---- */

static void np_code(actor_np *np)
{
    /* the role the text gives ("X, Minister of Defense of Kazakhstan", "NATO Secretary General
       X") beats the dictionary's */
    bool text_role = np->head_set && np->country[0];
    if (np->person_code[0] && !text_role && np->head_set && np->head_begin >= np->name_end
        && (np->flags & (ANNALS_MENTF_GROUP | ANNALS_MENTF_BODY)) && annals_actor_code_is_state(np->person_code)) {
        /* "Jacob Zuma supporters", "the Biden administration": the person's people */
        snprintf(np->code, sizeof np->code, "%.3s%s", np->person_code, np->role);
        return;
    }
    if (np->person_code[0] && !text_role) { snprintf(np->code, sizeof np->code, "%s", np->person_code); return; }
    if (!np->country[0]) { np->code[0] = '\0'; return; }
    if (!strncmp(np->country, "IGO", 3) || strlen(np->country) > 3) {
        snprintf(np->code, sizeof np->code, "%s", np->country);
        return;
    }
    snprintf(np->code, sizeof np->code, "%.3s%.3s", np->country, np->role);   /* country: 3 letters here */
}

static void lower_key(const annals_doc *d, size_t b, size_t e, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = b; i < e && o + 1 < cap; i++) {
        annals_str t = annals_tok_str(d, i);
        for (size_t j = 0; j < t.n && o + 2 < cap; j++) {
            char c = t.p[j];
            out[o++] = (char)annals_ascii_lower((unsigned char)c);
        }
        if (o + 1 < cap) out[o++] = ' ';
    }
    out[o] = '\0';
}

/* Document memory: title/surname -> code, last person. */
typedef struct {
    char key[64];
    char code[16];
} memo;

typedef struct {
    memo v[256];
    size_t n, next;
    char last_person[16];
    uint32_t last_person_off, last_person_len;
    char last_thing[16];       /* the latest actor not a person: "their" */
    char last_single[16];      /* the same, not a plural group: "it", "its" */
    char last_subject[16];     /* the first person-like actor of the latest sentence that had one */
    char last_state[4];        /* the first country acting in the latest sentence that had one */
    char here[4];              /* country of the latest place named as a location (dateline, "in Nukus") */
    char home[4];              /* the first country or place named in the document: where the story is
                                  when no place is named as a location */
    char story[4];             /* before anything is named: the country the whole story names most */
    char recent[2][16];        /* the last two actors of different countries, newest first */
    char sides[2][16];         /* the last two of different codes, not after a preposition: the
                                  sides of a conflict within one country (police, protesters) */
} doc_memory;

static const char *memo_get(const doc_memory *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++) if (!strcmp(m->v[i].key, key)) return m->v[i].code;
    return NULL;
}

static void memo_put(doc_memory *m, const char *key, const char *code)
{
    if (!key[0] || !code[0]) return;
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->v[i].key, key)) { snprintf(m->v[i].code, sizeof m->v[i].code, "%s", code); return; }
    memo *slot = m->n < 256 ? &m->v[m->n++] : &m->v[m->next++ % 256];
    snprintf(slot->key, sizeof slot->key, "%s", key);
    snprintf(slot->code, sizeof slot->code, "%s", code);
}

/* A transnational armed group's code: IMG... (Islamic State, al-Qaeda) or a region's REB
** (AFRREB, al-Qaeda in the Islamic Maghreb). */
static bool transnational(const char *code)
{
    return !strncmp(code, "IMG", 3) || (strlen(code) >= 6 && !strncmp(code + 3, "REB", 3) && !annals_actor_code_is_state(code)
                                        && strncmp(code, "IGO", 3) && strncmp(code, "NGO", 3));
}

/* People who act where they are (CODING-GUIDE rule 2: unclaimed bombers and gunmen,
** protesters, police and soldiers take the country of the place), not office holders:
** a defence minister or a police chief is MIL or COP but belongs to a government. */
static bool local_actor(const annals_doc *doc, const actor_np *np)
{
    static const char *const LOCAL[] = { "UAF", "REB", "INS", "CVL", "OPP", "CRM", NULL };
    static const char *const FORCES[] = { "COP", "MIL", NULL };
    static const char *const OFFICE[] = { "minister", "ministers", "ministry", "secretary", "chief", "chiefs",
        "commander", "commanders", "general", "generals", "head", "spokesman", "spokeswoman", "spokesperson",
        "director", "adviser", "advisor", "attaché", "chairman", "command", "headquarters", "court", NULL };
    bool local = false, force = false;
    for (size_t i = 0; LOCAL[i]; i++)   /* "student protesters": the last noun is the head */
        local = local || !strcmp(np->role, LOCAL[i]) || !strcmp(np->tail_role, LOCAL[i]);
    for (size_t i = 0; FORCES[i]; i++) force = force || !strcmp(np->role, FORCES[i]);
    if (local) return true;
    if (!force) return false;
    for (size_t i = np->head_begin; i < np->head_end; i++)
        if (annals_tok_in(doc, i, OFFICE)) return false;
    return true;
}

static void resolve(const annals_doc *doc, actor_np *np, doc_memory *mem)
{
    char key[64];
    if (np->first_person) {
        snprintf(np->code, sizeof np->code, "?");    /* the speaker: filled in by quote_speakers() */
        np->flags |= ANNALS_MENTF_SPEAKER;
        return;
    }
    if (np->pair) {
        char (*two)[16] = mem->recent;
        if (!mem->recent[1][0] && mem->sides[1][0] && (annals_tok_is(doc, np->end - 1, "sides")
                                                       || annals_tok_is(doc, np->end - 1, "parties")))
            two = mem->sides;   /* "scuffles between both sides": police and protesters */
        if (!two[0][0] || !two[1][0]) return;
        snprintf(np->code, sizeof np->code, "%s", two[1]);
        snprintf(np->pair_code, sizeof np->pair_code, "%s", two[0]);
        np->flags |= ANNALS_MENTF_PAIR;
        return;
    }
    if (np->pronoun) {
        bool plural = annals_tok_is(doc, np->begin, "their");
        const char *c = np->pron_person ? (mem->last_subject[0] ? mem->last_subject : mem->last_person)
                        : plural || !mem->last_single[0] ? mem->last_thing : mem->last_single;
        if (!c[0]) return;
        if (np->pron_country && strncmp(c, "IGO", 3))
            snprintf(np->code, sizeof np->code, "%.3s%s", c, np->role);   /* "his country", "its ministry" */
        else snprintf(np->code, sizeof np->code, "%s", c);
        return;
    }
    np_code(np);
    if (transnational(np->code)) {
        /* CODING-GUIDE rule 2: an armed group takes the country it operates in ("Islamic State"
           in a story from Nigeria is NGAREB); with no place known, the group's own code stays */
        const char *where = mem->here[0] ? mem->here : mem->home[0] ? mem->home : mem->story;
        if (where[0]) snprintf(np->code, sizeof np->code, "%sREB", where);
        return;
    }
    if (!np->code[0] && np->unknown_name && !np->head_set) {
        /* a bare name: a surname or full name seen before with a role */
        lower_key(doc, np->name_end - 1, np->name_end, key, sizeof key);
        const char *c = memo_get(mem, key);
        if (c) snprintf(np->code, sizeof np->code, "%s", c);
        return;
    }
    if (!np->code[0] && np->head_set) {
        lower_key(doc, np->head_begin, np->head_end, key, sizeof key);
        const char *c = memo_get(mem, key);
        /* people known by what they do in a place, not by an office: "a suicide bomber",
           "the gunman", "a protester", "a police officer" belong to the country of the story */
        bool local = local_actor(doc, np);
        /* without a place named as a location, only they take the country first named */
        const char *where = mem->here[0] ? mem->here : !local ? "" : mem->home[0] ? mem->home : mem->story;
        if (c) snprintf(np->code, sizeof np->code, "%s", c);
        else if (annals_tok_is(doc, np->head_begin, "state") && !strcmp(np->role, "MED") && mem->last_state[0])
            /* "China began drills around Taiwan. State media criticized Lai": the media of the
               state that acts, not of the place */
            snprintf(np->code, sizeof np->code, "%.3sMED", mem->last_state);
        else if ((np->flags & ANNALS_MENTF_TITLE) && mem->last_person[0] && !(np->flags & ANNALS_MENTF_GROUP)
                 && !local && np->begin > 0 && annals_tok_is(doc, np->begin - 1, "the"))
            snprintf(np->code, sizeof np->code, "%s", mem->last_person);   /* "the ambassador" */
        else if (where[0] && (!(np->flags & ANNALS_MENTF_TITLE) || local) && !np->former) {
            /* "police", "protesters", "officials" with no country: the country where the story is */
            snprintf(np->code, sizeof np->code, "%s%s", where, np->role);
            np->flags |= ANNALS_MENTF_GUESSED;
            return;   /* a guess: not remembered as this title's code */
        }
    }
    if (!np->code[0]) return;
    if (np->former && strlen(np->code) == 6 && annals_actor_code_is_state(np->code) && strncmp(np->code + 3, "ELI", 3)) {
        snprintf(np->code + 3, sizeof np->code - 3, "ELI");   /* no longer in office: the country's elite (CAMEO ELI) */
    }
    if (np->head_set && !np->former && (np->country[0] || np->person_code[0])) {   /* (a former one is not
                                                                                     what "the president" means later) */
        /* the title given to a known person too: "the foreign minister" later is that person,
           not the last person named */
        lower_key(doc, np->head_begin, np->head_end, key, sizeof key);
        memo_put(mem, key, np->code);
    }
    if (np->name_end) {
        lower_key(doc, np->name_end - 1, np->name_end, key, sizeof key);
        memo_put(mem, key, np->code);
        /* "Park Geun-hye", "Moon Jae-in": a hyphenated given name last, the family name first,
           and it is the family name that comes back alone ("demanded Park to step down") */
        annals_str last = annals_tok_str(doc, np->name_end - 1);
        if (np->name_end >= np->name_begin + 2 && memchr(last.p, '-', last.n)) {
            lower_key(doc, np->name_end - 2, np->name_end - 1, key, sizeof key);
            memo_put(mem, key, np->code);
        }
    }
}

static void remember(const annals_doc *doc, const actor_np *np, uint16_t flags, doc_memory *mem)
{
    if (!np->code[0] || np->pair || np->first_person) return;
    if (flags & ANNALS_MENTF_LOCATIVE) {
        /* a place ("in Brussels") is no party of the two last named */
    } else if (strncmp(np->code, mem->recent[0], 3)) {
        memcpy(mem->recent[1], mem->recent[0], sizeof mem->recent[1]);
        snprintf(mem->recent[0], sizeof mem->recent[0], "%s", np->code);
    } else {
        snprintf(mem->recent[0], sizeof mem->recent[0], "%s", np->code);
    }
    if (!(flags & (ANNALS_MENTF_LOCATIVE | ANNALS_MENTF_PREP)) && strcmp(np->code, mem->sides[0])) {
        memcpy(mem->sides[1], mem->sides[0], sizeof mem->sides[1]);
        snprintf(mem->sides[0], sizeof mem->sides[0], "%s", np->code);
    }
    bool person = (np->flags & ANNALS_MENTF_PERSON) || ((np->flags & ANNALS_MENTF_TITLE) && !(np->flags & ANNALS_MENTF_GROUP));
    if (np->pronoun) person = np->pron_person && !np->pron_country;
    if (person) snprintf(mem->last_person, sizeof mem->last_person, "%s", np->code);
    else if (!np->pronoun) {
        snprintf(mem->last_thing, sizeof mem->last_thing, "%s", np->code);
        if (!(np->flags & ANNALS_MENTF_GROUP))   /* "it" is not "protesters" ("their" may be) */
            snprintf(mem->last_single, sizeof mem->last_single, "%s", np->code);
    }
    (void)doc;
}

/* Flags from the words around an actor phrase: after "in"/"at" (locative), "by"
** (agentive), another preposition; followed by 's (possessive). */
static uint16_t context_flags(const annals_doc *doc, size_t b, size_t e, size_t begin, size_t end)
{
    static const char *const LOC[] = { "in", "at", "across", "inside", NULL };
    static const char *const PREP[] = { "of", "for", "to", "with", "from", "on", "about", "between",
        "against", "among", "toward", "towards", "into", "over", "under", "through", "like", "than", NULL };
    static const char *const SIDE[] = { "northern", "southern", "eastern", "western", "central", "northeastern",
        "northwestern", "southeastern", "southwestern", "north", "south", "east", "west", NULL };
    uint16_t f = 0;
    if (begin > b) {
        size_t p = begin - 1;
        if (annals_tok_in(doc, p, SIDE) && !(doc->tok[p].flags & ANNALS_TOKF_UPPER_INIT) && p > b) p--;   /* "in northern Syria" */
        if (annals_tok_is(doc, p, "the") && p > b) p--;
        if (annals_tok_in(doc, p, LOC)) f |= ANNALS_MENTF_LOCATIVE;
        else if (annals_tok_is(doc, p, "by")) f |= ANNALS_MENTF_AGENTIVE;
        else if (annals_tok_in(doc, p, PREP)) f |= ANNALS_MENTF_PREP;
    }
    if (end < e && (annals_tok_is(doc, end, "'s") || annals_tok_is(doc, end, "\xE2\x80\x99s") || annals_tok_is(doc, end, "'")))
        f |= ANNALS_MENTF_POSSESSIVE;
    return f;
}

/* True when the place at `begin` is where a meeting is held ("a donor conference in Geneva",
** "talks in Moscow"): a venue, not where the story's local actors are. */
static bool venue(const annals_doc *doc, size_t b, size_t begin)
{
    static const char *const MEETING[] = { "conference", "conferences", "talks", "summit", "meeting", "meetings",
        "forum", "negotiations", "ceremony", "session", "held", NULL };
    size_t p = begin;
    if (p > b && annals_tok_is(doc, p - 1, "the")) p--;
    return p >= b + 2 && annals_tok_is(doc, p - 1, "in") && annals_tok_in(doc, p - 2, MEETING);
}

/* The index of the subject a sentence-initial possessive stands for ("In his statement,
** Borrell appealed", "On its website, the US Treasury said"): the first phrase after the
** comma that closes the opening phrase, when it is no pronoun; 0 when there is none. */
static size_t cataphora(const annals_doc *doc, size_t b, size_t e, const np_list *nps)
{
    static const char *const OPENING[] = { "in", "during", "on", "at", "after", "upon", "following", "before", NULL };
    static const char *const POSS[] = { "his", "her", "its", "their", NULL };
    if (nps->n < 2 || !nps->v[0].pronoun || nps->v[0].begin != b + 1 || !annals_tok_in(doc, b, OPENING)
        || !annals_tok_in(doc, b + 1, POSS))
        return 0;
    size_t c = b + 2;
    while (c < e && c < b + 12 && !annals_tok_is(doc, c, ",")) c++;
    if (c >= e || !annals_tok_is(doc, c, ",")) return 0;
    for (size_t i = 1; i < nps->n; i++) {
        if (nps->v[i].begin <= c) return 0;   /* an actor inside the opening phrase: unclear */
        size_t f = c + 1;
        if (f < e && annals_tok_is(doc, f, "the")) f++;
        return nps->v[i].begin == f && !nps->v[i].pronoun && !nps->v[i].pair ? i : 0;
    }
    return 0;
}

/* ---- quoted speakers ---- */

/* The actor that says sentence s: "X said", "said X", "according to X", outside the quote,
** in s itself, then in the following and the preceding sentences of its paragraph. */
static const annals_mention *speaker_of(const annals_doc *d, size_t s)
{
    static const char *const SAY[] = { "said", "says", "say", "told", "stated", "added", "noted",
        "stressed", "explained", "emphasized", "emphasised", "declared", "according", NULL };
    size_t order[24], n = 0;
    order[n++] = s;
    for (size_t t = s + 1; t < d->n_sent && n < 16; t++) {
        if (d->tok[d->sent[t].tok_begin].flags & ANNALS_TOKF_NEWLINE_BEFORE) break;
        order[n++] = t;
    }
    for (size_t t = s; t > 0 && n < 24; t--) {
        if (d->tok[d->sent[t].tok_begin].flags & ANNALS_TOKF_NEWLINE_BEFORE) break;
        order[n++] = t - 1;
    }
    for (size_t k = 0; k < n; k++) {
        size_t t = order[k], b = d->sent[t].tok_begin, e = d->sent[t].tok_end;
        for (size_t i = b; i < e; i++) {
            if ((d->tok[i].flags & ANNALS_TOKF_IN_QUOTE) || !annals_tok_in(d, i, SAY)) continue;
            const annals_mention *before = NULL, *after = NULL;
            for (size_t m = 0; m < d->n_mention; m++) {
                const annals_mention *mm = &d->mention[m];
                if (mm->sent != t || mm->kind != ANNALS_MENTION_ACTOR || (mm->flags & ANNALS_MENTF_SPEAKER)) continue;
                if (mm->tok_end <= i && i - mm->tok_end <= 1) before = mm;
                if (mm->tok_begin > i && mm->tok_begin - i <= 3 && !after) after = mm;
            }
            if (before) return before;
            if (after) return after;
        }
    }
    return NULL;
}

/* Gives "I", "we", "our" in quotations the code of the speaker; drops those with none. */
static void quote_speakers(annals_doc *d)
{
    size_t w = 0;
    for (size_t m = 0; m < d->n_mention; m++) {
        annals_mention mm = d->mention[m];
        if (mm.flags & ANNALS_MENTF_SPEAKER) {
            const annals_mention *sp = speaker_of(d, mm.sent);
            if (!sp || !sp->code[0] || sp->code[0] == '?') continue;
            snprintf(mm.code, sizeof mm.code, "%s", sp->code);
        }
        d->mention[w++] = mm;
    }
    d->n_mention = w;
}

/* The country the story is about: the one its places (cities, regions) name most often, else
** the country named most often (the earliest of equals). Unnamed local actors take it when no
** place or country is named before them ("A suicide bomber blew himself up at a police post"
** in a story from Pakistan that names Pakistan later). */
static void story_country(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, char out[4])
{
    struct { char code[4]; unsigned n; } seen[32];   /* n: place mentions * 1000 + country names */
    size_t n_seen = 0, best = SIZE_MAX;
    out[0] = '\0';
    for (size_t i = 0; i < doc->n_tok;) {
        uint32_t idx = 0;
        const char *code = NULL;
        unsigned weight = 1000;
        size_t len = annals_dict_longest(m->places, doc, keys, i, doc->n_tok, &idx);
        if (len) {
            code = annals_dict_entry_at(m->places, idx)->code;
        } else {
            weight = 1;
            len = annals_dict_longest(m->actors, doc, keys, i, doc->n_tok, &idx);
            const annals_dict_entry *en = len ? annals_dict_entry_at(m->actors, idx) : NULL;
            if (en && en->kind == ANNALS_DICT_ACTORS && strlen(en->code) == 3 && annals_actor_code_is_state(en->code))
                code = en->code;
        }
        i += len ? len : 1;
        if (!code) continue;
        size_t k = 0;
        while (k < n_seen && strncmp(seen[k].code, code, 3)) k++;
        if (k == n_seen) {
            if (n_seen == 32) continue;
            snprintf(seen[n_seen].code, sizeof seen[n_seen].code, "%.3s", code);
            seen[n_seen++].n = 0;
        }
        seen[k].n += weight;
        if (best == SIZE_MAX || seen[k].n > seen[best].n) best = k;
    }
    if (best != SIZE_MAX) snprintf(out, 4, "%s", seen[best].code);
}

/* ---- the stage ---- */

/* True when token i lies inside a country's name that is no capital: a place there ("Armenia"
** the Colombian town) is the country. */
static bool in_country_name(const atom_list *atoms, size_t i)
{
    for (size_t k = 0; k < atoms->n; k++)
        if (atoms->v[k].type == ATOM_COUNTRY && atoms->v[k].begin <= i && i < atoms->v[k].end
            && !(atoms->v[k].flags & ANNALS_MENTF_CAPITAL))
            return true;
    return false;
}

/* Adds the places of sentence s (valid on `day`) to out. Sets *here_now to the code of the
** last one the sentence happens in ("Police in Almaty", a dateline), not a venue. */
static int find_places(const annals_mentioner *m, const annals_doc *doc, const uint64_t *keys, size_t s,
                       int32_t day, const atom_list *atoms, grow_mentions *out, const char **here_now)
{
    size_t b = doc->sent[s].tok_begin, e = doc->sent[s].tok_end;
    for (size_t i = b; i < e;) {
        uint32_t idx = 0;
        size_t len = annals_dict_longest(m->places, doc, keys, i, e, &idx);
        if (!len) { i++; continue; }
        const annals_dict_entry *en = pick_entry(m->places, idx, day);
        if (en) {
            annals_mention mm = { .kind = ANNALS_MENTION_PLACE, .sent = (uint32_t)s,
                                  .tok_begin = (uint32_t)i, .tok_end = (uint32_t)(i + len),
                                  .flags = en->flags, .ref = -1 };
            snprintf(mm.code, sizeof mm.code, "%s", en->code);
            if (i > b && (annals_tok_is(doc, i - 1, "in") || annals_tok_is(doc, i - 1, "at") || annals_tok_is(doc, i - 1, "to")
                          || annals_tok_is(doc, i - 1, "from") || annals_tok_is(doc, i - 1, "visited")
                          || annals_tok_is(doc, i - 1, "visit") || annals_tok_is(doc, i - 1, "visits")))
                mm.flags |= ANNALS_MENTF_LOCATIVE;
            if (in_country_name(atoms, i)) { i += len; continue; }
            if (((mm.flags & ANNALS_MENTF_LOCATIVE) && !venue(doc, b, i)) || (i == b && (doc->tok[i].flags & ANNALS_TOKF_ALL_UPPER)))
                *here_now = en->code;
            int rc = annals_mention_push(out, &mm);
            if (rc < 0) return rc;
        }
        i += len;
    }
    return 0;
}

/* The first country the sentence [b, e) names as a location ("Police in Kenya fired"), not a
** venue; NULL when none. */
static const char *located_country(const annals_doc *doc, size_t b, size_t e, const np_list *nps)
{
    for (size_t i = 0; i < nps->n; i++) {
        const actor_np *np = &nps->v[i];
        if (!np->head_set && !np->pronoun && !np->pair && !(np->flags & ANNALS_MENTF_PERSON)
            && strlen(np->country) == 3 && annals_actor_code_is_state(np->country)
            && (context_flags(doc, b, e, np->begin, np->end) & ANNALS_MENTF_LOCATIVE) && !venue(doc, b, np->begin))
            return np->country;
    }
    return NULL;
}

/* Sets the document's home once: the first place (out->v from sent_places on), else the first
** country (in atoms), named in the document. */
static void note_home(doc_memory *mem, const grow_mentions *out, size_t sent_places, const atom_list *atoms)
{
    for (size_t i = sent_places; i < out->n && !mem->home[0]; i++)
        snprintf(mem->home, sizeof mem->home, "%.3s", out->v[i].code);
    for (size_t k = 0; k < atoms->n && !mem->home[0]; k++)
        if (atoms->v[k].type == ATOM_COUNTRY && annals_actor_code_is_state(atoms->v[k].code))
            snprintf(mem->home, sizeof mem->home, "%.3s", atoms->v[k].code);
}

/* The flags the phrase np takes from the actor before it when it is the second of "A and B":
** it stands where A stands (object of "in", "with"...). out->v from sent_first on holds the
** sentence's mentions so far. */
static uint16_t coordinated_flags(const annals_doc *doc, const grow_mentions *out, size_t sent_first,
                                  const actor_np *np)
{
    if (!(out->n > sent_first && out->v[out->n - 1].kind == ANNALS_MENTION_ACTOR)) return 0;
    const annals_mention *prev = &out->v[out->n - 1];
    size_t g = prev->tok_end;
    bool has_and = false;
    while (g < np->begin && (annals_tok_is(doc, g, "and") || annals_tok_is(doc, g, ",") || annals_tok_is(doc, g, "the"))) {
        has_and = has_and || annals_tok_is(doc, g, "and");
        g++;
    }
    if (g == np->begin && has_and)
        return prev->flags & (ANNALS_MENTF_LOCATIVE | ANNALS_MENTF_PREP | ANNALS_MENTF_AGENTIVE);
    return 0;
}

/* The mention of the resolved phrase np in sentence s, with the flags its context gives. */
static annals_mention actor_mention(const annals_doc *doc, size_t s, const actor_np *np,
                                    const grow_mentions *out, size_t sent_first)
{
    annals_mention mm = { .kind = ANNALS_MENTION_ACTOR, .sent = (uint32_t)s,
                          .tok_begin = (uint32_t)np->begin, .tok_end = (uint32_t)np->end,
                          .flags = np->flags, .ref = -1 };
    snprintf(mm.code, sizeof mm.code, "%s", np->code);
    snprintf(mm.pair, sizeof mm.pair, "%s", np->pair_code);
    mm.flags |= context_flags(doc, doc->sent[s].tok_begin, doc->sent[s].tok_end, np->begin, np->end);
    if (np->pronoun) {
        annals_str t = annals_tok_str(doc, np->begin);
        if (annals_str_ieq(t, ANNALS_STR("his")) || annals_str_ieq(t, ANNALS_STR("her"))
            || annals_str_ieq(t, ANNALS_STR("its")) || annals_str_ieq(t, ANNALS_STR("their")))
            mm.flags |= ANNALS_MENTF_POSSESSIVE;
    }
    mm.flags |= coordinated_flags(doc, out, sent_first, np);
    return mm;
}

/* Resolves the phrases of sentence s, adds those with a code to out, and keeps in mem what
** they tell later sentences: where the story is, the titles, the last subject and state. */
static int push_actors(const annals_doc *doc, size_t s, np_list *nps, doc_memory *mem, grow_mentions *out)
{
    size_t b = doc->sent[s].tok_begin, e = doc->sent[s].tok_end;
    size_t sent_first = out->n;
    bool subject_set = false, state_set = false;
    size_t cata = cataphora(doc, b, e, nps);
    for (size_t i = 0; i < nps->n; i++) {
        actor_np *np = &nps->v[i];
        if (i == 0 && cata) {
            /* "In his statement, Borrell appealed": the possessive is the subject's */
            actor_np subj = nps->v[cata];
            resolve(doc, &subj, mem);
            snprintf(np->code, sizeof np->code, "%s", subj.code);
        } else {
            resolve(doc, np, mem);
        }
        if (!np->code[0]) continue;
        annals_mention mm = actor_mention(doc, s, np, out, sent_first);
        if ((mm.flags & ANNALS_MENTF_LOCATIVE) && strlen(np->code) >= 3 && strncmp(np->code, "IGO", 3)
            && !venue(doc, b, np->begin))
            snprintf(mem->here, sizeof mem->here, "%.3s", np->code);
        remember(doc, np, mm.flags, mem);
        bool personish = (mm.flags & ANNALS_MENTF_PERSON)
            || ((mm.flags & ANNALS_MENTF_TITLE) && !(mm.flags & ANNALS_MENTF_GROUP))
            || (np->pronoun && np->pron_person && !np->pron_country);
        if (!subject_set && personish && !np->first_person
            && !(mm.flags & (ANNALS_MENTF_PREP | ANNALS_MENTF_LOCATIVE))) {
            /* (a quoted "I" is resolved later, from the speaker: not a referent for "he") */
            snprintf(mem->last_subject, sizeof mem->last_subject, "%s", np->code);
            subject_set = true;
        }
        if (!state_set && !personish && !np->pronoun && !np->pair && annals_actor_code_is_state(np->code)
            && !(mm.flags & (ANNALS_MENTF_PREP | ANNALS_MENTF_LOCATIVE | ANNALS_MENTF_POSSESSIVE))) {
            snprintf(mem->last_state, sizeof mem->last_state, "%.3s", np->code);
            state_set = true;
        }
        int rc = annals_mention_push(out, &mm);
        if (rc < 0) return rc;
    }
    return 0;
}

int annals_mention_run(const annals_mentioner *m, annals_doc *doc, annals_ctx *ctx)
{
    uint64_t *keys = annals_dict_token_keys(doc);
    if (!keys) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", doc->path);
    doc_memory *mem = calloc(1, sizeof *mem);
    atom_list atoms = { 0 };
    np_list nps = { 0 };
    grow_mentions out = { .arena = doc->arena };
    int rc = 0;
    if (!mem) { rc = ANNALS_ENOMEM; goto done; }
    date_context dctx;
    annals_mention_date_context_init(&dctx, doc);
    story_country(m, doc, keys, mem->story);
    int32_t day = doc_day(doc);

    for (size_t s = 0; s < doc->n_sent; s++) {
        size_t b = doc->sent[s].tok_begin, e = doc->sent[s].tok_end;
        atoms.n = 0;
        nps.n = 0;
        if ((rc = find_atoms(m, doc, keys, b, e, &atoms)) < 0) goto done;
        if ((rc = compose(doc, b, e, &atoms, &nps)) < 0) goto done;
        const char *here_now = NULL;
        size_t sent_places = out.n;
        if ((rc = find_places(m, doc, keys, s, day, &atoms, &out, &here_now)) < 0) goto done;
        /* a country named as a location in this sentence ("Police in Kenya fired") beats the
           story's earlier place, for the actors before it too */
        if (!here_now) here_now = located_country(doc, b, e, &nps);
        if (here_now) snprintf(mem->here, sizeof mem->here, "%.3s", here_now);
        if (!mem->home[0]) note_home(mem, &out, sent_places, &atoms);
        if ((rc = push_actors(doc, s, &nps, mem, &out)) < 0) goto done;
        /* dates */
        if ((rc = annals_mention_find_dates(&dctx, doc, s, &out)) < 0) goto done;
    }
done:
    free(mem);
    free(atoms.v);
    free(nps.v);
    if (rc < 0) return annals_error_set(ctx, rc, "%s: out of memory finding mentions", doc->path);
    doc->mention = out.v;
    doc->n_mention = out.n;
    quote_speakers(doc);
    return 0;
}
