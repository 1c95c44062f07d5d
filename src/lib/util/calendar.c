/* SPDX-License-Identifier: MIT
** util/calendar.c -- proleptic Gregorian calendar: dates <-> day numbers.
**
** Day 0 is 1970-01-01. Conversion both ways uses the era-based civil calendar
** arithmetic (400-year eras of 146097 days, years starting in March so the
** leap day is last; Howard Hinnant, "chrono-Compatible Low-Level Date
** Algorithms", days_from_civil / civil_from_days), which is exact for any int
** year and needs no tables but the month lengths. The one copy for meta,
** mention, ingest and compat. */
#include "annals/util.h"

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int64_t y, int m)
{
    static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

bool annals_date_valid(int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1) return false;
    return d <= month_days(y, m);
}

int64_t annals_date_to_days(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;                                  /* [0, 399] */
    int64_t mp = (m + 9) % 12;                                     /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;                      /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void annals_days_to_date(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    int64_t yy = yoe + era * 400 + (mm <= 2);
    if (y) *y = (int)yy;
    if (m) *m = (int)mm;
    if (d) *d = (int)dd;
}

int annals_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t w = (days % 7 + 7 + 3) % 7;
    return (int)w;
}
