/* SPDX-License-Identifier: MIT
** util/inflect.c -- English inflection shared by the stages: the -s form.
**
** The plural of a noun and the third person singular of a verb take the same
** regular suffix: a consonant + y becomes -ies ("army" -> "armies"), a word in
** -s, -x, -z, -ch or -sh takes -es ("clash" -> "clashes"), and with
** ANNALS_EN_VERB so does one in -o ("veto" -> "vetoes", "go" -> "goes");
** anything else takes -s. The verb lexicon, the actor dictionaries' agent
** plurals and the PETRARCH/TABARI readers (whose words are upper case:
** ANNALS_EN_UPPER) all make it here. */
#include <string.h>
#include "annals/util.h"

static bool vowel(char c, bool up)
{
    return c == (up ? 'A' : 'a') || c == (up ? 'E' : 'e') || c == (up ? 'I' : 'i')
        || c == (up ? 'O' : 'o') || c == (up ? 'U' : 'u');
}

size_t annals_en_s_form(const char *w, size_t n, char *out, size_t cap, unsigned flags)
{
    const bool up = flags & ANNALS_EN_UPPER;
    const char A = up ? 'A' - 'a' : 0;   /* added to a lower-case letter: the word's case */
    char last = n ? w[n - 1] : 0, prev = n > 1 ? w[n - 2] : 0;
    size_t keep = n;
    const char *suffix;
    if (n >= 2 && last == 'y' + A && !vowel(prev, up)) { keep--; suffix = up ? "IES" : "ies"; }
    else if (last == 's' + A || last == 'x' + A || last == 'z' + A
             || ((flags & ANNALS_EN_VERB) && last == 'o' + A)
             || (last == 'h' + A && (prev == 'c' + A || prev == 's' + A)))
        suffix = up ? "ES" : "es";
    else suffix = up ? "S" : "s";
    size_t sn = strlen(suffix);
    if (keep + sn >= cap) return 0;
    memmove(out, w, keep);
    memcpy(out + keep, suffix, sn + 1);
    return keep + sn;
}
