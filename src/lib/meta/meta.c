/* SPDX-License-Identifier: MIT
** meta/meta.c -- publication date and outlet from a document's first lines.
**
** Looks only at the head of doc->text (12 lines, lines starting in the first
** 600 bytes) and only at forms news pages use:
**   "date 2024-09-07 (MENAFN- Khaama Press) ..."   header line from a feed
**   "date 2023-07-28 ASTANA. KAZINFORM - ..."      header, then CITY. OUTLET -
**   "September 7, 2024" / "Published: Sat, 7 Sep 2024"   a line that is a date
**   "KABUL, Sept. 7, 2024 (AP) - ..."             dateline with year
**   "LONDON, Oct 3 (Reuters) - ..."                dateline: outlet only (no year)
**   "Zan News" then "Zan News: Karen ..."          outlet line confirmed by the
**                                                  next paragraph's prefix
** An all-caps outlet name longer than four letters is title-cased
** ("KAZINFORM" -> "Kazinform"; "AFP" stays). Nothing found: pub_date stays ""
** and outlet NULL; today's date is never used. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "annals/meta.h"

#define HEAD_LINES 12
#define HEAD_BYTES 600

static bool is_sp(char c) { return c == ' ' || c == '\t'; }

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n && is_sp(s[i])) i++;
    return i;
}

static bool iprefix(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && strncasecmp(s, w, k) == 0;
}

/* A dash that ends a dateline: "-", "--", en dash, em dash; returns bytes or 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '-') return (i + 1 < n && s[i + 1] == '-') ? 2 : 1;
    if (i + 3 <= n && (!memcmp(s + i, "\xE2\x80\x93", 3) || !memcmp(s + i, "\xE2\x80\x94", 3)))
        return 3;
    return 0;
}

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Copies an outlet name into the arena, title-casing all-caps names. */
static const char *make_outlet(annals_doc *doc, const char *s, size_t n)
{
    while (n > 0 && is_sp(*s)) { s++; n--; }
    while (n > 0 && (is_sp(s[n - 1]) || s[n - 1] == ',' || s[n - 1] == '.')) n--;
    if (n == 0 || n > 60) return NULL;
    size_t letters = 0, lower = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        if (isalpha((unsigned char)s[i])) letters++;
        if (islower((unsigned char)s[i])) lower++;
        if (!is_sp(s[i]) && (i == 0 || is_sp(s[i - 1]))) words++;
    }
    if (letters == 0) return NULL;
    char *o = annals_arena_strndup(doc->arena, s, n);
    if (!o) return NULL;
    if (lower > 0 || (words == 1 && letters <= 4)) return o;
    static const char *const small[] = { "THE", "OF", "AND", "NEW", "FOR", "ON", "IN", "AT",
                                         "NEWS", NULL };
    size_t i = 0;
    while (i < n) {
        while (i < n && is_sp(o[i])) i++;
        size_t b = i;
        while (i < n && !is_sp(o[i])) i++;
        size_t len = i - b;
        bool keep_caps = words > 1 && len <= 3;
        for (int k = 0; small[k]; k++)
            if (word_is(o + b, len, small[k])) keep_caps = false;
        if (words == 1 || !keep_caps)
            for (size_t j = b + 1; j < i; j++) o[j] = (char)tolower((unsigned char)o[j]);
    }
    return o;
}

static void set_outlet(annals_doc *doc, const char *s, size_t n)
{
    if (doc->outlet) return;
    const char *o = make_outlet(doc, s, n);
    if (o) doc->outlet = o;
}

static void set_date(annals_doc *doc, int64_t days)
{
    if (!doc->pub_date[0]) annals_date_format(days, doc->pub_date);
}

/* "(Outlet)" or "(AGGREGATOR- Outlet)" at s[i]; returns bytes consumed, 0 if none. */
static size_t paren_outlet(annals_doc *doc, const char *s, size_t n, size_t i, bool set)
{
    if (i >= n || s[i] != '(') return 0;
    size_t b = i + 1, e = b;
    while (e < n && s[e] != ')' && e - b <= 60) e++;
    if (e >= n || s[e] != ')' || e == b) return 0;
    /* Outlet names: letters, digits, spaces, '.', '&', '-', '\''. */
    for (size_t k = b; k < e; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!(isalnum(c) || c == ' ' || c == '.' || c == '&' || c == '-' || c == '\'' || c >= 0x80))
            return 0;
    }
    if (!isupper((unsigned char)s[b])) return 0;
    if (set) {
        /* "MENAFN- Khaama Press": the outlet is after the aggregator. */
        size_t k = b;
        while (k < e && s[k] != '-') k++;
        if (k < e && k + 1 < e && is_sp(s[k + 1])) set_outlet(doc, s + k + 1, e - k - 1);
        else set_outlet(doc, s + b, e - b);
    }
    return e + 1 - i;
}

/* Words in capitals at s[i] ("KAZINFORM", "NEW DELHI", "AL-JAZEERA"), single
** spaces between them; stops before any other word. Returns the length. */
static size_t caps_run(const char *s, size_t n, size_t i)
{
    size_t b = i, end = i, letters = 0;
    while (i < n) {
        size_t w = i, wl = 0;
        while (w < n && s[w] != ' ' && s[w] != '.' && s[w] != ',') {
            unsigned char c = (unsigned char)s[w];
            if (isupper(c) || c == '&') wl++;
            else if (!(c == '-' && w > i && w + 1 < n && isupper((unsigned char)s[w + 1])))
                return letters >= 2 ? end - b : 0;
            w++;
        }
        if (w == i) break;
        letters += wl;
        end = w;
        if (w + 1 < n && s[w] == ' ' && s[w + 1] != ' ') i = w + 1;
        else break;
    }
    return letters >= 2 ? end - b : 0;
}

/* Datelines at the start of s. Sets the outlet and, with a year, the date. */
static bool dateline(annals_doc *doc, const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !isupper((unsigned char)s[0])) return false;
    /* CITY. OUTLET - (both in capitals): "ASTANA. KAZINFORM -". */
    size_t c = caps_run(s, n, 0);
    if (c && c < 40 && c + 1 < n && s[c] == '.' && is_sp(s[c + 1])) {
        size_t ob = skip_sp(s, n, c + 1);
        size_t ol = caps_run(s, n, ob);
        if (ol && ol <= 40) {
            size_t j = skip_sp(s, n, ob + ol);
            if (dash_at(s, n, j)) {
                set_outlet(doc, s + ob, ol);
                return true;
            }
        }
    }
    /* City: letters, spaces, '.', '-', '\'' up to ',' or '('. */
    while (i < n && i < 40) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ',' || ch == '(') break;
        if (!(isalpha(ch) || ch == ' ' || ch == '.' || ch == '-' || ch == '\'' || ch >= 0x80))
            return false;
        i++;
    }
    if (i >= n || i == 0 || i >= 40) return false;
    size_t j = i;
    int64_t days = 0;
    bool have_date = false;
    if (s[j] == ',') {
        j = skip_sp(s, n, j + 1);
        size_t k = annals_date_scan(s + j, n - j, &days);
        if (k) {
            have_date = true;
            j += k;
        } else {
            /* "Month D" without a year: skip it, the date stays unknown. */
            size_t w = j;
            while (w < n && isalpha((unsigned char)s[w])) w++;
            if (w < n && s[w] == '.') w++;
            if (!annals_month_from_name(s + j, w - j)) return false;
            w = skip_sp(s, n, w);
            size_t d = w;
            while (d < n && isdigit((unsigned char)s[d])) d++;
            if (d == w || d - w > 2) return false;
            j = d;
        }
        j = skip_sp(s, n, j);
    } else if (i > 0 && is_sp(s[i - 1])) {
        /* "CITY (Outlet) -" */
    } else {
        return false;
    }
    size_t po = paren_outlet(doc, s, n, j, false);
    size_t after = skip_sp(s, n, j + po);
    if (!dash_at(s, n, after)) return false;
    if (po) paren_outlet(doc, s, n, j, true);
    if (have_date) set_date(doc, days);
    return have_date || po;
}

/* A line that is only a date, maybe with a label, weekday and time. */
static bool date_only_line(const char *s, size_t n, int64_t *days)
{
    static const char *const labels[] = { "published on", "published", "posted on", "posted",
                                          "first published", "updated on", "updated", "date",
                                          NULL };
    size_t i = 0;
    for (int k = 0; labels[k]; k++) {
        size_t L = strlen(labels[k]);
        if (iprefix(s, n, labels[k]) && L < n && (s[L] == ':' || is_sp(s[L]))) {
            i = L;
            if (s[i] == ':') i++;
            i = skip_sp(s, n, i);
            break;
        }
    }
    size_t w = i;
    while (w < n && isalpha((unsigned char)s[w])) w++;
    if (w > i && annals_weekday_from_name(s + i, w - i) >= 0) {
        if (w < n && s[w] == '.') w++;
        if (w < n && s[w] == ',') w++;
        i = skip_sp(s, n, w);
    }
    size_t k = annals_date_scan(s + i, n - i, days);
    if (!k) return false;
    i += k;
    if (n - i > 30) return false;
    for (; i < n; i++)
        if (!strchr("0123456789:.,|-/ apmAPMGTUC+()", s[i])) return false;
    return true;
}

/* A short name line: at most 5 words, no sentence punctuation, not a date. */
static bool name_line(const char *s, size_t n)
{
    if (n == 0 || n > 50 || !isupper((unsigned char)s[0])) return false;
    size_t words = 1;
    for (size_t i = 0; i < n; i++) {
        if (strchr(".!?:;,\"", s[i])) return false;
        if (is_sp(s[i]) && i + 1 < n && !is_sp(s[i + 1])) words++;
    }
    return words <= 5;
}

typedef struct { const char *s; size_t n; } line;

int annals_meta_run(annals_doc *doc, annals_ctx *ctx)
{
    (void)ctx;
    int64_t days;
    if (!doc->pub_date[0] && doc->given_date) {
        size_t gl = strlen(doc->given_date);
        if (gl >= 10 && annals_date_parse_iso(doc->given_date, 10, &days))
            set_date(doc, days);
    }
    if (!doc->text || doc->text_len == 0) return 0;

    /* The head: non-blank lines, trimmed. */
    line L[HEAD_LINES + 1];
    size_t nl = 0, pos = 0;
    const char *t = doc->text;
    size_t tn = doc->text_len;
    while (pos < tn && pos < HEAD_BYTES && nl <= HEAD_LINES) {
        size_t e = pos;
        while (e < tn && t[e] != '\n') e++;
        size_t b = skip_sp(t, e, pos), f = e;
        while (f > b && is_sp(t[f - 1])) f--;
        if (f > b) L[nl++] = (line){ t + b, f - b };
        pos = e + 1;
    }

    for (size_t li = 0; li < nl && li < HEAD_LINES; li++) {
        const char *s = L[li].s;
        size_t n = L[li].n;
        /* Feed header: "date YYYY-MM-DD ..." */
        if (iprefix(s, n, "date") && n > 5 && (is_sp(s[4]) || s[4] == ':')) {
            size_t i = skip_sp(s, n, s[4] == ':' ? 5 : 4);
            size_t k = annals_date_scan(s + i, n - i, &days);
            if (k) {
                set_date(doc, days);
                i = skip_sp(s, n, i + k);
                size_t po = paren_outlet(doc, s, n, i, true);
                if (!po) dateline(doc, s + i, n - i);
                continue;
            }
        }
        if (date_only_line(s, n, &days)) {
            set_date(doc, days);
            continue;
        }
        if (dateline(doc, s, n)) continue;
        /* "Zan News" followed by "Zan News: ..." */
        if (!doc->outlet && li + 1 < nl && name_line(s, n) && L[li + 1].n > n + 1 &&
            memcmp(L[li + 1].s, s, n) == 0 && L[li + 1].s[n] == ':')
            set_outlet(doc, s, n);
    }
    return 0;
}
