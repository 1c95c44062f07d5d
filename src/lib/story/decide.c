/* SPDX-License-Identifier: MIT
** story/decide.c -- are two mentions the same real-world event?
**
** First the hard conditions (annals_story_compatible): CAMEO root, countries
** (first three letters of the actor codes) in the same order or, when both
** codes are symmetric acts, reversed; roles of one family where both give a
** role; days within one of each other; the same place where both give one.
** Then the evidence: within one report, mentions of different three-digit
** CAMEO codes are different events (a meeting and the visit it was part of;
** two codes of one sentence are two actions); of one code, mentions from one
** sentence are one event, others need a sentence overlap of STORY_SAME_REPORT.
** Across reports the mean of the sentence overlap and the overlap of the two
** documents' names and numbers must reach STORY_CROSS, or STORY_CROSS_UNDATED
** when a mention has no day at all (neither its own date nor a publication
** date), since the date then rules nothing out, unless its sentence names the
** weekday of the other's date. The figures were set on the kinds of evidence
** of eval/stories (docs/stories.md gives the measured effect). */
#include <string.h>
#include <strings.h>
#include "annals/story.h"
#include "story_internal.h"

#define STORY_SAME_REPORT   0.075
#define STORY_CROSS         0.15
#define STORY_CROSS_UNDATED 0.30
#define STORY_PUB_WINDOW    3       /* an undated mention: the days [pub - 3, pub] */

bool annals_story_symmetric_code(const char *code)
{
    /* consult, meet, negotiate, cooperate, sign, ceasefire, intent to meet/cooperate
       (CAMEO 1.1b3: 036, 040, 044, 046, 050, 057, 0871, 038, 039) */
    static const char *const sym[] = { "036", "038", "039", "040", "044", "046", "050", "057", "087", NULL };
    for (size_t i = 0; sym[i]; i++)
        if (!strncmp(code, sym[i], 3)) return true;
    return false;
}

static bool parse_date(const char *s, int64_t *days)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 4; i++) { if (s[i] < '0' || s[i] > '9') return false; y = y * 10 + s[i] - '0'; }
    for (int i = 5; i < 7; i++) { if (s[i] < '0' || s[i] > '9') return false; m = m * 10 + s[i] - '0'; }
    for (int i = 8; i < 10; i++) { if (s[i] < '0' || s[i] > '9') return false; d = d * 10 + s[i] - '0'; }
    if (!annals_date_valid(y, m, d)) return false;
    *days = annals_date_to_days(y, m, d);
    return true;
}

bool annals_story_days(const annals_story_mention *m, int64_t *lo, int64_t *hi)
{
    int64_t d;
    if (parse_date(m->date, &d)) { *lo = *hi = d; return true; }
    if (parse_date(m->pub_date, &d)) { *lo = d - STORY_PUB_WINDOW; *hi = d; return true; }
    return false;
}

int annals_story_past_year(const char *s, size_t n, const char *pub_date)
{
    int pub_year = 0;
    for (int i = 0; i < 4 && pub_date && pub_date[i] >= '0' && pub_date[i] <= '9'; i++)
        pub_year = pub_year * 10 + pub_date[i] - '0';
    if (!pub_date || strlen(pub_date) < 4) return 0;
    int best = 0;
    for (size_t i = 0; i + 4 <= n; i++) {
        bool start = i == 0 || !((s[i - 1] >= '0' && s[i - 1] <= '9') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
                                 (s[i - 1] >= 'a' && s[i - 1] <= 'z'));
        bool end = i + 4 == n || !((s[i + 4] >= '0' && s[i + 4] <= '9') || (s[i + 4] >= 'A' && s[i + 4] <= 'Z') ||
                                   (s[i + 4] >= 'a' && s[i + 4] <= 'z'));
        if (!start || !end) continue;
        int y = 0;
        bool digits = true;
        for (int k = 0; k < 4 && digits; k++) {
            if (s[i + k] < '0' || s[i + k] > '9') digits = false;
            else y = y * 10 + s[i + k] - '0';
        }
        if (digits && y >= 1900 && y <= 2099 && y < pub_year && (!best || y < best)) best = y;
    }
    return best;
}

/* An undated mention whose evidence names a past year: the other's days must fall in it. */
static bool year_ok(const annals_story_mention *a, const annals_story_mention *b)
{
    if (!a->year || a->date[0]) return true;
    if (b->year && !b->date[0]) return b->year == a->year;
    int64_t lo, hi;
    if (!annals_story_days(b, &lo, &hi)) return true;
    return hi >= annals_date_to_days(a->year, 1, 1) && lo <= annals_date_to_days(a->year, 12, 31);
}

/* Role families: state, armed non-state, society. 0: none or unknown. */
static int role_family(const char *code)
{
    if (strlen(code) < 6) return 0;
    static const char *const state[] = { "GOV", "MIL", "SPY", "COP", "JUD", "LEG", "PTY", "ELI", NULL };
    static const char *const armed[] = { "REB", "INS", "UAF", "SEP", "OPP", NULL };
    static const char *const society[] = { "CVL", "EDU", "MED", "BUS", "LAB", "REL", "HLH", "NGO", "AGR", "CRM", "REF", NULL };
    const char *const *fam[3] = { state, armed, society };
    for (int f = 0; f < 3; f++)
        for (size_t i = 0; fam[f][i]; i++)
            if (!strncmp(code + 3, fam[f][i], 3)) return f + 1;
    return 0;
}

static bool roles_ok(const char *a, const char *b)
{
    int x = role_family(a), y = role_family(b);
    return !x || !y || x == y;
}

static bool country_eq(const char *a, const char *b)
{
    return strlen(a) >= 3 && strlen(b) >= 3 && !strncmp(a, b, 3);
}

uint64_t annals_story_block(const annals_story_mention *m)
{
    char k[3 + 1 + 3 + 1 + 2];
    char a[3] = { 0 }, b[3] = { 0 };
    memcpy(a, m->src, strnlen(m->src, 3));
    memcpy(b, m->tgt, strnlen(m->tgt, 3));
    bool swap = memcmp(a, b, 3) > 0;
    memcpy(k, swap ? b : a, 3);
    k[3] = '|';
    memcpy(k + 4, swap ? a : b, 3);
    k[7] = '|';
    memcpy(k + 8, m->root, 2);
    return annals_hash(k, sizeof k);
}

bool annals_story_compatible(const annals_story_mention *a, const annals_story_mention *b)
{
    if (strncmp(a->root, b->root, 2) || !a->root[0]) return false;
    /* a mention with no actor at all is its own story */
    if (!a->src[0] && !a->tgt[0]) return false;
    if (!b->src[0] && !b->tgt[0]) return false;
    bool same = !strncmp(a->src, b->src, 3) && !strncmp(a->tgt, b->tgt, 3);
    bool rev = !same && annals_story_symmetric_code(a->code) && annals_story_symmetric_code(b->code) &&
               country_eq(a->src, b->tgt) && country_eq(a->tgt, b->src);
    if (!same && !rev) return false;
    if (same && (!roles_ok(a->src, b->src) || !roles_ok(a->tgt, b->tgt))) return false;
    if (rev && (!roles_ok(a->src, b->tgt) || !roles_ok(a->tgt, b->src))) return false;
    int64_t alo, ahi, blo, bhi;
    if (annals_story_days(a, &alo, &ahi) && annals_story_days(b, &blo, &bhi) &&
        (alo - bhi > 1 || blo - ahi > 1))
        return false;
    if (!year_ok(a, b) || !year_ok(b, a)) return false;
    if (a->place && b->place && *a->place && *b->place && strcasecmp(a->place, b->place)) return false;
    return true;
}

/* a has no day at all, but its sentence names one weekday ("stormed the embassy
** on Tuesday"), the weekday of b's own date: the day rules out six days of seven,
** so the pair counts as dated. Found through the sentence keys: a weekday's key is
** its first six letters, as keys.c makes it. */
static bool weekday_agrees(const annals_story_mention *a, annals_story_kview ka, const annals_story_mention *b)
{
    int64_t lo, hi, day;
    if (annals_story_days(a, &lo, &hi) || !parse_date(b->date, &day)) return false;
    static const char stems[7][7] = { "monday", "tuesda", "wednes", "thursd", "friday", "saturd", "sunday" };
    int wd = -1;
    for (int d = 0; d < 7; d++) {
        uint64_t h = annals_hash(stems[d], 6);
        for (uint32_t i = 0; i < ka.n; i++) {
            if (ka.h[i] != h) continue;
            if (wd >= 0) return false;   /* two weekdays: which is the event's? */
            wd = d;
        }
    }
    return wd >= 0 && annals_weekday(day) == wd;
}

bool annals_story_same_kviews(const annals_story_mention *a, annals_story_kview ka, annals_story_kview da,
                        const annals_story_mention *b, annals_story_kview kb, annals_story_kview db)
{
    if (!annals_story_compatible(a, b)) return false;
    double s = annals_story_kview_overlap(ka, kb);
    if (a->report == b->report) {
        /* one report words one action once: another CAMEO action in it is another event */
        if (strncmp(a->code, b->code, 3)) return false;
        return a->sentence == b->sentence || s >= STORY_SAME_REPORT;
    }
    double score = 0.5 * s + 0.5 * annals_story_kview_overlap(da, db);
    int64_t lo, hi;
    bool dated = (annals_story_days(a, &lo, &hi) && annals_story_days(b, &lo, &hi)) ||
                 weekday_agrees(a, ka, b) || weekday_agrees(b, kb, a);
    return score >= (dated ? STORY_CROSS : STORY_CROSS_UNDATED);
}

static annals_story_kview view(const annals_story_keys *k)
{
    annals_story_kview v = { NULL, NULL, 0 };
    if (k) { v.h = k->hash; v.w = k->weight; v.n = k->n; }
    return v;
}

bool annals_story_same(const annals_story_mention *a, const annals_story_mention *b)
{
    return annals_story_same_kviews(a, view(a->keys), view(a->doc_keys), b, view(b->keys), view(b->doc_keys));
}
