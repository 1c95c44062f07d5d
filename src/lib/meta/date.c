/* SPDX-License-Identifier: MIT
** meta/date.c -- dates in text: ISO dates, month and weekday names.
**
** The calendar arithmetic (dates <-> day numbers) is util/calendar.c. Here:
** "YYYY-MM-DD" parsing and formatting, names of months and weekdays, and annals_date_scan(),
** which reads the absolute date forms news text uses ("September 7, 2024",
** "7 Sept. 2024", "2024-09-07", "2024/09/07"). */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "annals/meta.h"

static int digits(const char *s, size_t n, size_t max, int *val)
{
    size_t i = 0;
    int v = 0;
    while (i < n && i < max && isdigit((unsigned char)s[i])) v = v * 10 + (s[i++] - '0');
    *val = v;
    return (int)i;
}

bool annals_date_parse_iso(const char *s, size_t n, int64_t *days_out)
{
    int y, m, d;
    if (!s || n != 10 || s[4] != '-' || s[7] != '-') return false;
    if (digits(s, 4, 4, &y) != 4 || digits(s + 5, 2, 2, &m) != 2 || digits(s + 8, 2, 2, &d) != 2)
        return false;
    if (!annals_date_valid(y, m, d)) return false;
    if (days_out) *days_out = annals_date_to_days(y, m, d);
    return true;
}

void annals_date_format(int64_t days, char out[11])
{
    int y, m, d;
    annals_days_to_date(days, &y, &m, &d);
    if (y < 0 || y > 9999) { out[0] = '\0'; return; }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

static bool word_ieq(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (k != n) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != w[i]) return false;
    return true;
}

int annals_month_from_name(const char *s, size_t n)
{
    static const char *full[12] = { "january", "february", "march", "april", "may", "june",
                                    "july", "august", "september", "october", "november",
                                    "december" };
    if (!s) return 0;
    if (n > 0 && s[n - 1] == '.') n--;
    if (n < 3 || n > 9 || !strchr("jfmasondJFMASOND", s[0])) return 0;   /* most words: at once */
    for (int i = 0; i < 12; i++) {
        if (word_ieq(s, n, full[i])) return i + 1;
        if (n == 3 && strncasecmp(s, full[i], 3) == 0) return i + 1;
    }
    if (word_ieq(s, n, "sept")) return 9;
    return 0;
}

int annals_weekday_from_name(const char *s, size_t n)
{
    static const char *full[7] = { "monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday" };
    if (!s) return -1;
    if (n > 0 && s[n - 1] == '.') n--;
    if (n < 3) return -1;
    for (int i = 0; i < 7; i++) {
        if (word_ieq(s, n, full[i])) return i;
        if (n == 3 && strncasecmp(s, full[i], 3) == 0) return i;
    }
    if (word_ieq(s, n, "tues")) return 1;
    if (word_ieq(s, n, "thur") || word_ieq(s, n, "thurs")) return 3;
    return -1;
}

/* Letters of a word at s; returns its length. */
static size_t alpha_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && isalpha((unsigned char)s[i])) i++;
    return i;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

/* "st", "nd", "rd", "th" after a day number. */
static size_t ordinal_suffix(const char *s, size_t n, size_t i)
{
    if (i + 2 <= n) {
        char a = (char)tolower((unsigned char)s[i]), b = (char)tolower((unsigned char)s[i + 1]);
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
            (a == 't' && b == 'h'))
            if (i + 2 == n || !isalpha((unsigned char)s[i + 2])) return i + 2;
    }
    return i;
}

/* Month name at s[i]; returns the month and moves *i past it (and a '.'). */
static int month_at(const char *s, size_t n, size_t *i)
{
    size_t k = alpha_run(s + *i, n - *i);
    if (k < 3) return 0;
    size_t len = k;
    if (*i + k < n && s[*i + k] == '.') len++;
    int m = annals_month_from_name(s + *i, len);
    if (!m) return 0;
    *i += len;
    return m;
}

static bool ends_word(const char *s, size_t n, size_t i)
{
    return i >= n || !isalnum((unsigned char)s[i]);
}

/* The ", YYYY" that closes a written date at s[i]; the bytes consumed up to its end,
** 0 when there is no four-digit year or the date is invalid. */
static size_t year_after(const char *s, size_t n, size_t i, int m, int d, int64_t *days_out)
{
    int y;
    if (i < n && s[i] == ',') i++;
    i = skip_spaces(s, n, i);
    int ky = digits(s + i, n - i, 5, &y);
    if (ky != 4 || !ends_word(s, n, i + 4) || !annals_date_valid(y, m, d)) return 0;
    if (days_out) *days_out = annals_date_to_days(y, m, d);
    return i + 4;
}

size_t annals_date_scan(const char *s, size_t n, int64_t *days_out)
{
    int y, m, d;
    if (!s || n == 0) return 0;
    if (isdigit((unsigned char)s[0])) {
        /* ISO: YYYY-MM-DD or YYYY/MM/DD. */
        if (digits(s, n, 5, &y) == 4 && n > 4 && (s[4] == '-' || s[4] == '/')) {
            char sep = s[4];
            int k1 = digits(s + 5, n - 5, 3, &m);
            if (k1 >= 1 && k1 <= 2 && 5 + (size_t)k1 < n && s[5 + k1] == sep) {
                size_t p = 6 + (size_t)k1;
                int k2 = digits(s + p, n - p, 3, &d);
                size_t q = p + (size_t)k2;   /* "2024-09-07T10:00" is a date too */
                bool iso_t = q + 1 < n && s[q] == 'T' && isdigit((unsigned char)s[q + 1]);
                if (q + 1 < n && s[q] == sep && isdigit((unsigned char)s[q + 1])) return 0;
                if (k2 >= 1 && k2 <= 2 && (ends_word(s, n, q) || iso_t) &&
                    annals_date_valid(y, m, d)) {
                    if (days_out) *days_out = annals_date_to_days(y, m, d);
                    return p + (size_t)k2;
                }
            }
            return 0;
        }
        /* D Month YYYY ("7 September 2024", "7th of Sept. 2024", "7 Sep, 2024"). */
        int k = digits(s, n, 3, &d);
        if (k < 1 || k > 2) return 0;
        size_t i = ordinal_suffix(s, n, (size_t)k);
        if (i < n && s[i] != ' ') return 0;
        i = skip_spaces(s, n, i);
        if (i + 3 <= n && strncasecmp(s + i, "of ", 3) == 0) i = skip_spaces(s, n, i + 3);
        m = month_at(s, n, &i);
        if (!m) return 0;
        return year_after(s, n, i, m, d, days_out);
    }
    /* Month D, YYYY ("September 7, 2024", "Sept. 7, 2024", "Oct 15 2024"). */
    size_t i = 0;
    m = month_at(s, n, &i);
    if (!m) return 0;
    i = skip_spaces(s, n, i);
    int k = digits(s + i, n - i, 3, &d);
    if (k < 1 || k > 2) return 0;
    i = ordinal_suffix(s, n, i + (size_t)k);
    return year_after(s, n, i, m, d, days_out);
}
