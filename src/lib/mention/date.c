/* SPDX-License-Identifier: MIT
** mention/date.c -- date expressions in sentences, resolved to YYYY-MM-DD.
**
** Absolute dates ("September 6, 2024", "6 September") use the calendar code of
** the meta stage; a day and month without a year take the publication year,
** or the year before when that would put the date more than a week after
** publication. Weekdays ("on Friday") are the latest such day on or before the
** publication date ("since Friday" stays unresolved); "today", "yesterday",
** "tomorrow", "this week" (publication date). Times that name no day ("last
** week", "in January", "in 2006", "earlier this year", "recently", "years ago",
** "for several days") are unresolved mentions, and so are all dates but those
** with a year when the publication date is unknown. */
#include <stdio.h>
#include "annals/meta.h"
#include "mention_internal.h"

void annals_mention_date_context_init(date_context *c, const annals_doc *doc)
{
    memset(c, 0, sizeof *c);
    if (doc->pub_date[0] && annals_date_parse_iso(doc->pub_date, 10, &c->pub)) {
        c->have_pub = true;
        int y, m, d;
        annals_days_to_date(c->pub, &y, &m, &d);
        c->pub_year = y;
    }
}

int annals_mention_push(grow_mentions *g, const annals_mention *m)
{
    void *v = g->v;
    annals_mention *slot = annals_arena_push(g->arena, &v, &g->n, &g->cap, sizeof *slot);
    g->v = v;
    if (!slot) return ANNALS_ENOMEM;
    *slot = *m;
    return 0;
}


static bool small_number(const annals_doc *d, size_t i, int *out)
{
    annals_str t = annals_tok_str(d, i);
    size_t n = t.n;
    /* "6th", "1st" */
    if (n > 2) {
        const char *sfx[] = { "st", "nd", "rd", "th" };
        for (int k = 0; k < 4; k++)
            if (n > 2 && annals_str_ieq((annals_str){ t.p + n - 2, 2 }, (annals_str){ sfx[k], 2 })) { n -= 2; break; }
    }
    if (n == 0 || n > 2) return false;
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        if (t.p[k] < '0' || t.p[k] > '9') return false;
        v = v * 10 + (t.p[k] - '0');
    }
    *out = v;
    return v >= 1 && v <= 31;
}

static bool year_number(const annals_doc *d, size_t i, int *out)
{
    annals_str t = annals_tok_str(d, i);
    if (t.n != 4) return false;
    int v = 0;
    for (size_t k = 0; k < 4; k++) {
        if (t.p[k] < '0' || t.p[k] > '9') return false;
        v = v * 10 + (t.p[k] - '0');
    }
    *out = v;
    return v >= 1900 && v <= 2100;
}

static int emit(const annals_doc *doc, size_t s, size_t b, size_t e, bool ok, int64_t days, grow_mentions *out)
{
    annals_mention m = { .kind = ANNALS_MENTION_DATE, .sent = (uint32_t)s, .tok_begin = (uint32_t)b,
                         .tok_end = (uint32_t)e, .ref = -1 };
    if (ok) annals_date_format(days, m.date);
    (void)doc;
    return annals_mention_push(out, &m);
}

/* Tokens of a time expression at i that places an event at a time the text does not resolve
** to a day ("last month", "earlier this week", "in 2006", "recently", "years ago"): 0 if none.
** The coding guide gives such events no date rather than the story's. */
static size_t vague_time(const annals_doc *d, size_t i, size_t e)
{
    static const char *const UNIT[] = { "week", "weeks", "month", "months", "year", "years", "weekend",
        "decade", "decades", NULL };
    static const char *const NEAR[] = { "last", "past", "previous", "next", "coming", "recent", NULL };
    static const char *const EDGE[] = { "earlier", "later", NULL };
    int year;
    if (annals_tok_is(d, i, "recently")) return 1;
    if (i + 1 < e && annals_tok_in(d, i, NEAR) && annals_tok_in(d, i + 1, UNIT)) return 2;
    if (i + 2 < e && annals_tok_in(d, i, EDGE) && annals_tok_is(d, i + 1, "this") && annals_tok_in(d, i + 2, UNIT))
        return 3;
    if (i + 2 < e && annals_tok_is(d, i, "in") && annals_tok_is(d, i + 1, "recent") && annals_tok_in(d, i + 2, UNIT))
        return 3;
    if (i + 1 < e && (annals_tok_is(d, i, "in") || annals_tok_is(d, i, "since")) && year_number(d, i + 1, &year))
        return 2;
    if (i + 1 < e && annals_tok_in(d, i, UNIT) && annals_tok_is(d, i + 1, "ago")) return 2;
    /* "for several days", "for weeks", "for the past two months": a stretch, no day */
    static const char *const SPAN[] = { "several", "many", "a", "few", "the", "past", "last", "two", "three",
        "four", "five", "six", NULL };
    static const char *const UNITS[] = { "days", "weeks", "months", "years", NULL };
    if (annals_tok_is(d, i, "for")) {
        size_t j = i + 1;
        while (j < e && j < i + 4 && annals_tok_in(d, j, SPAN)) j++;
        if (j < e && annals_tok_in(d, j, UNITS)) return j + 1 - i;
    }
    return 0;
}

int annals_mention_find_dates(const date_context *c, const annals_doc *doc, size_t s, grow_mentions *out)
{
    size_t b = doc->sent[s].tok_begin, e = doc->sent[s].tok_end;
    for (size_t i = b; i < e; i++) {
        annals_str t = annals_tok_str(doc, i);
        int month = annals_month_from_name(t.p, t.n);
        int day, year;
        /* "May" as a verb: require a day number next to it */
        if (month) {
            size_t j = i + 1, end;
            bool have_day = false, have_year = false;
            if (j < e && small_number(doc, j, &day)) {
                have_day = true;
                end = j + 1;
                if (end + 1 < e && annals_tok_is(doc, end, ",") && year_number(doc, end + 1, &year)) { have_year = true; end += 2; }
                else if (end < e && year_number(doc, end, &year)) { have_year = true; end++; }
            } else if (i > b && small_number(doc, i - 1, &day)) {
                have_day = true;
                end = i + 1;
                if (end < e && year_number(doc, end, &year)) { have_year = true; end++; }
            } else {
                /* a month without a day ("in January", "since March 2023", "late May"): a time the
                   text does not resolve to a day */
                static const char *const BEFORE[] = { "in", "since", "until", "early", "late", "mid",
                    "last", "next", "by", "through", "between", "from", NULL };
                bool year_after = j < e && year_number(doc, j, &year);
                if (!year_after && !(i > b && annals_tok_in(doc, i - 1, BEFORE))) continue;
                int rc = emit(doc, s, i > b && annals_tok_in(doc, i - 1, BEFORE) ? i - 1 : i,
                              year_after ? j + 1 : i + 1, false, 0, out);
                if (rc < 0) return rc;
                if (year_after) i = j;
                continue;
            }
            if (!have_day) continue;
            bool ok = false;
            int64_t days = 0;
            if (have_year && annals_date_valid(year, month, day)) {
                days = annals_date_to_days(year, month, day);
                ok = true;
            } else if (!have_year && c->have_pub && annals_date_valid(c->pub_year, month, day)) {
                days = annals_date_to_days(c->pub_year, month, day);
                if (days > c->pub + 7 && annals_date_valid(c->pub_year - 1, month, day))
                    days = annals_date_to_days(c->pub_year - 1, month, day);
                ok = true;
            }
            /* a weekday just before ("Friday, September 6") belongs to the same date */
            size_t begin = i;
            if (begin > b && small_number(doc, begin - 1, &day)) begin--;
            if (begin > b + 1 && annals_tok_is(doc, begin - 1, ",") && annals_weekday_from_name(
                    doc->text + doc->tok[begin - 2].off, doc->tok[begin - 2].len) >= 0)
                begin -= 2;
            int rc = emit(doc, s, begin, end, ok, days, out);
            if (rc < 0) return rc;
            i = end - 1;
            continue;
        }
        int wd = annals_weekday_from_name(t.p, t.n);
        if (wd >= 0 && (doc->tok[i].flags & ANNALS_TOKF_UPPER_INIT)) {
            /* skip when a month date follows ("Friday, September 6": handled above) */
            size_t j = i + 1;
            if (j < e && annals_tok_is(doc, j, ",")) j++;
            if (j < e && annals_month_from_name(doc->text + doc->tok[j].off, doc->tok[j].len)) continue;
            if (j < e && annals_tok_is(doc, j, "(")) continue;
            bool ok = false;
            int64_t days = 0;
            bool last = i > b && annals_tok_is(doc, i - 1, "last");
            bool since = i > b && annals_tok_is(doc, i - 1, "since");
            if (c->have_pub && !since) {
                int back = (annals_weekday(c->pub) - wd + 7) % 7;
                if (last && back == 0) back = 7;          /* "last Thursday" on a Thursday */
                days = c->pub - back;
                ok = true;
            }
            int rc = emit(doc, s, last ? i - 1 : i, i + 1, ok, days, out);
            if (rc < 0) return rc;
            continue;
        }
        size_t vague = vague_time(doc, i, e);
        if (vague) {
            int rc = emit(doc, s, i, i + vague, false, 0, out);
            if (rc < 0) return rc;
            i += vague - 1;
            continue;
        }
        int delta = 99;
        size_t end = i + 1;
        if (annals_tok_is(doc, i, "today") || annals_tok_is(doc, i, "tonight")) delta = 0;
        else if (annals_tok_is(doc, i, "yesterday")) delta = -1;
        else if (annals_tok_is(doc, i, "tomorrow")) delta = 1;
        else if (i + 1 < e && annals_tok_is(doc, i, "this") && annals_tok_is(doc, i + 1, "week")) { delta = 0; end = i + 2; }
        if (delta != 99) {
            int rc = emit(doc, s, i, end, c->have_pub, c->pub + delta, out);
            if (rc < 0) return rc;
            i = end - 1;
        }
    }
    return 0;
}
