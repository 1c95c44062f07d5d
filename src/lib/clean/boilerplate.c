/* SPDX-License-Identifier: MIT
** clean/boilerplate.c -- dropping page furniture from plain text, line by line.
**
** Works on text flattened from a web page as well as on HTML output. Each line
** is classified once (linear time) and dropped when it is:
**   - a navigation or social line: "top of page", "Skip to content", "Follow us",
**     "Share on Facebook", "Sign in", cookie notices, "Copyright"/"(c)" lines;
**   - a video length or clock time alone ("01:17", "3:05");
**   - part of a menu: three or more consecutive short lines of one to three
**     capitalised words without sentence punctuation ("Instagram", "Facebook");
**   - a section marker ("Latest", "Related", "Read more", "More news", "Most
**     read", "News Reports", "Trending") or a line after one, until a prose
**     paragraph (ends like a sentence; 12+ words, or 2+ sentences and 8+ words);
**   - written mostly in another script than the document's dominant one
**     (letters counted per script: Latin, Cyrillic, Greek, Arabic, Hebrew, ...).
** Date-only lines stay: meta reads them. Blank-line runs are squeezed to one. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include "annals/clean.h"

enum {
    SCRIPT_NONE = 0, SCRIPT_LATIN, SCRIPT_GREEK, SCRIPT_CYRILLIC, SCRIPT_ARMENIAN,
    SCRIPT_HEBREW, SCRIPT_ARABIC, SCRIPT_INDIC, SCRIPT_THAI, SCRIPT_GEORGIAN,
    SCRIPT_HANGUL, SCRIPT_CJK, SCRIPT_ETHIOPIC, SCRIPT_OTHER, SCRIPT_COUNT
};

/* Script of a letter by code point range. */
static int script_of(utf8proc_int32_t c)
{
    if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
        (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xFF21 && c <= 0xFF5A))
        return SCRIPT_LATIN;
    if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF)) return SCRIPT_GREEK;
    if ((c >= 0x400 && c <= 0x52F) || (c >= 0x2DE0 && c <= 0x2DFF) ||
        (c >= 0xA640 && c <= 0xA69F) || (c >= 0x1C80 && c <= 0x1C8F))
        return SCRIPT_CYRILLIC;
    if (c >= 0x530 && c <= 0x58F) return SCRIPT_ARMENIAN;
    if ((c >= 0x590 && c <= 0x5FF) || (c >= 0xFB1D && c <= 0xFB4F)) return SCRIPT_HEBREW;
    if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return SCRIPT_ARABIC;
    if (c >= 0x900 && c <= 0xDFF) return SCRIPT_INDIC;
    if (c >= 0xE00 && c <= 0xEFF) return SCRIPT_THAI;
    if ((c >= 0x10A0 && c <= 0x10FF) || (c >= 0x1C90 && c <= 0x1CBF)) return SCRIPT_GEORGIAN;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xAC00 && c <= 0xD7AF))
        return SCRIPT_HANGUL;
    if ((c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3040 && c <= 0x30FF) ||
        (c >= 0x3100 && c <= 0x312F) || (c >= 0x31A0 && c <= 0x31FF) ||
        (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) || c >= 0x20000)
        return SCRIPT_CJK;
    if (c >= 0x1200 && c <= 0x139F) return SCRIPT_ETHIOPIC;
    return SCRIPT_OTHER;
}

static bool is_letter(utf8proc_int32_t c)
{
    if (c < 0x80) return isalpha(c);
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* Adds the letters of s[0..n) per script into counts; returns the letter count. */
static size_t count_scripts(const char *s, size_t n, size_t counts[SCRIPT_COUNT])
{
    size_t i = 0, total = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (isalpha(b)) { counts[SCRIPT_LATIN]++; total++; }
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { i++; continue; }
        if (is_letter(c)) { counts[script_of(c)]++; total++; }
        i += (size_t)k;
    }
    return total;
}

typedef struct {
    size_t off, len;      /* the line without its newline, trimmed */
    size_t raw_off;       /* start of the untrimmed line */
    bool blank;
    bool drop;
    bool menu;            /* 1-3 capitalised words, no sentence punctuation */
} line_info;

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

/* Strips list bullets ("•", "-", "*", "|", "·", "»", "›") from the start of a line. */
static void strip_bullets(const char **s, size_t *n)
{
    for (;;) {
        const char *p = *s;
        size_t k = *n;
        if (k >= 3 && (!memcmp(p, "\xE2\x80\xA2", 3) || !memcmp(p, "\xE2\x80\xBA", 3) ||
                       !memcmp(p, "\xE2\x96\xBA", 3) || !memcmp(p, "\xE2\x96\xB6", 3))) {
            p += 3; k -= 3;
        } else if (k >= 2 && (!memcmp(p, "\xC2\xB7", 2) || !memcmp(p, "\xC2\xBB", 2))) {
            p += 2; k -= 2;
        } else if (k >= 1 && (*p == '-' || *p == '*' || *p == '|' || *p == '>') &&
                   (k == 1 || is_space((unsigned char)p[1]))) {
            p += 1; k -= 1;
        } else {
            return;
        }
        while (k > 0 && is_space((unsigned char)*p)) { p++; k--; }
        *s = p;
        *n = k;
    }
}

static bool ieq(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static bool iprefix(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && strncasecmp(s, w, k) == 0;
}

static bool icontains(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, w, k) == 0) return true;
    return false;
}

/* Lines that are navigation, sharing, sign-in, cookie or copyright furniture. */
static bool is_nav_line(const char *s, size_t n)
{
    static const char *const exact[] = {
        "top of page", "bottom of page", "back to top", "skip to content",
        "skip to main content", "skip to navigation", "jump to content", "follow us",
        "follow", "share", "share this", "share this article", "share this story", "tweet",
        "social media", "subscribe", "subscribe now", "sign in", "sign up", "log in",
        "login", "log out", "register", "menu", "main menu", "search", "home", "print",
        "email", "e-mail", "advertisement", "sponsored", "close", "toggle navigation",
        "open menu", "close menu", "accept", "accept all", "reject all",
        "click here", "leave a comment", "comments", "print this page", NULL
    };
    static const char *const prefix[] = {
        "share on ", "share via ", "share to ", "follow us", "follow on ", "subscribe to ",
        "subscribe for ", "sign up for ", "sign in to ", "log in to ", "copyright",
        "\xC2\xA9", "(c) ", "all rights reserved", "download our app", "get the app", NULL
    };
    /* Drop a trailing ':' so "Follow us:" matches "follow us". */
    while (n > 0 && (s[n - 1] == ':' || is_space((unsigned char)s[n - 1]))) n--;
    if (n == 0 || n > 160) return false;
    for (int i = 0; exact[i]; i++)
        if (ieq(s, n, exact[i])) return true;
    for (int i = 0; prefix[i]; i++)
        if (iprefix(s, n, prefix[i])) return true;
    if (icontains(s, n, "all rights reserved")) return true;
    if (icontains(s, n, "cookie") &&
        (icontains(s, n, "we use") || icontains(s, n, "accept") || icontains(s, n, "policy") ||
         icontains(s, n, "this site uses") || icontains(s, n, "this website uses") || n < 40))
        return true;
    return false;
}

/* "01:17", "3:05", "1:02:33", optionally "(01:17)". */
static bool is_time_only(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') { s++; n -= 2; }
    size_t i = 0, groups = 0;
    while (i < n) {
        size_t d = 0;
        while (i < n && isdigit((unsigned char)s[i])) { i++; d++; }
        if (d < 1 || d > 2) return false;
        groups++;
        if (i == n) break;
        if (s[i] != ':') return false;
        i++;
        if (i == n) return false;
    }
    return groups >= 2 && groups <= 3;
}

/* Section markers after which a list of headlines follows. */
static bool is_section_marker(const char *s, size_t n)
{
    static const char *const markers[] = {
        "latest", "latest news", "latest stories", "latest articles", "latest posts",
        "related", "related articles", "related news", "related stories", "related posts",
        "related content", "related topics", "read more", "read also", "also read",
        "see also", "more news", "more stories", "more from", "more on this",
        "more on this story", "most read", "most popular", "most viewed", "news reports",
        "trending", "trending now", "trending news", "you may also like", "you might also like",
        "recommended", "recommended for you", "popular", "popular posts", "top stories",
        "editor's picks", "editors' picks", "in other news", "other news", "more headlines",
        "related coverage", "further reading", NULL
    };
    while (n > 0 && (s[n - 1] == ':' || is_space((unsigned char)s[n - 1]))) n--;
    if (n == 0 || n > 40) return false;
    for (int i = 0; markers[i]; i++)
        if (ieq(s, n, markers[i])) return true;
    /* "More from Outlet" */
    if (iprefix(s, n, "more from ") && n < 40) return true;
    return false;
}

/* One to three words, each starting with an upper-case letter (or '&'), without
** sentence punctuation: a menu or link-list entry. */
static bool is_menu_like(const char *s, size_t n)
{
    if (n == 0 || n > 40) return false;
    size_t words = 0, i = 0;
    while (i < n) {
        while (i < n && is_space((unsigned char)s[i])) i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && !is_space((unsigned char)s[i])) i++;
        words++;
        unsigned char c = (unsigned char)s[b];
        if (c == '&' && i - b == 1) continue;
        if (c < 0x80) {
            if (!isupper(c)) return false;
        } else {
            utf8proc_int32_t cp;
            if (utf8proc_iterate((const utf8proc_uint8_t *)s + b, (utf8proc_ssize_t)(i - b), &cp) <= 0)
                return false;
            utf8proc_category_t k = utf8proc_category(cp);
            if (k != UTF8PROC_CATEGORY_LU && k != UTF8PROC_CATEGORY_LT) return false;
        }
        for (size_t j = b; j < i; j++)
            if (strchr(".!?,;:\"()", s[j]) || isdigit((unsigned char)s[j])) return false;
    }
    return words >= 1 && words <= 3;
}

/* A paragraph that reads as prose: ends like a sentence and has 12+ words, or
** at least two sentences and 8+ words. Ends a headline list. */
static bool is_prose(const char *s, size_t n)
{
    if (n < 40) return false;
    size_t e = n;
    /* Closing quotes and brackets after the final punctuation. */
    while (e > 0) {
        if (s[e - 1] == '"' || s[e - 1] == '\'' || s[e - 1] == ')') { e--; continue; }
        if (e >= 3 && (!memcmp(s + e - 3, "\xE2\x80\x9D", 3) || !memcmp(s + e - 3, "\xE2\x80\x99", 3) ||
                       !memcmp(s + e - 3, "\xC2\xBB", 2))) {
            e -= 3;
            continue;
        }
        break;
    }
    if (e == 0) return false;
    char last = s[e - 1];
    bool ellipsis = e >= 3 && !memcmp(s + e - 3, "\xE2\x80\xA6", 3);
    if (last != '.' && last != '!' && last != '?' && !ellipsis) return false;
    size_t words = 0, sentences = 0;
    bool in_word = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_space((unsigned char)s[i]);
        if (!sp && !in_word) words++;
        in_word = !sp;
        if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && i + 1 < n && s[i + 1] == ' ')
            sentences++;
    }
    return words >= 12 || (sentences >= 1 && words >= 8);
}

size_t annals_boilerplate_strip(annals_arena *a, const char *in, size_t len,
                                char **out, size_t *out_len)
{
    *out = NULL;
    if (out_len) *out_len = 0;
    if (!in) { in = ""; len = 0; }
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++)
        if (in[i] == '\n') n_lines++;
    line_info *L = calloc(n_lines, sizeof *L);
    char *o = annals_arena_alloc(a, len + 1);
    if (!L || !o) { free(L); return 0; }

    /* Split and trim; count letters per script over the whole document. */
    size_t doc_counts[SCRIPT_COUNT] = { 0 };
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && in[i] != '\n') continue;
        size_t b = start, e = i;
        while (b < e && is_space((unsigned char)in[b])) b++;
        while (e > b && is_space((unsigned char)in[e - 1])) e--;
        L[k].raw_off = start;
        L[k].off = b;
        L[k].len = e - b;
        L[k].blank = e == b;
        k++;
        start = i + 1;
    }
    count_scripts(in, len, doc_counts);
    int dominant = SCRIPT_NONE;
    for (int s = 1; s < SCRIPT_COUNT; s++)
        if (doc_counts[s] > doc_counts[dominant] || (dominant == SCRIPT_NONE && doc_counts[s]))
            dominant = s;

    /* Per-line rules. */
    bool in_section = false;
    for (size_t i = 0; i < n_lines; i++) {
        line_info *l = &L[i];
        if (l->blank) continue;
        const char *s = in + l->off;
        size_t n = l->len;
        strip_bullets(&s, &n);
        if (n == 0) { l->drop = true; continue; }   /* a bullet alone */
        l->menu = is_menu_like(s, n);
        if (is_section_marker(s, n)) {
            l->drop = true;
            in_section = true;
            continue;
        }
        /* "Read more: headline" on one line. */
        if ((iprefix(s, n, "read more:") || iprefix(s, n, "read also:") ||
             iprefix(s, n, "also read:") || iprefix(s, n, "related:") ||
             iprefix(s, n, "see also:")) && n < 200) {
            l->drop = true;
            continue;
        }
        if (in_section) {
            if (is_prose(s, n)) in_section = false;
            else { l->drop = true; continue; }
        }
        if (is_nav_line(s, n) || is_time_only(s, n)) { l->drop = true; continue; }
        if (dominant != SCRIPT_NONE) {
            size_t c[SCRIPT_COUNT] = { 0 };
            size_t letters = count_scripts(s, n, c);
            if (letters > 0 && c[dominant] * 2 < letters) { l->drop = true; continue; }
        }
    }
    /* Menus: three or more consecutive (no blank line between) menu-like lines. */
    for (size_t i = 0; i < n_lines; ) {
        if (L[i].blank || !L[i].menu) { i++; continue; }
        size_t j = i;
        while (j < n_lines && !L[j].blank && (L[j].menu || L[j].drop)) j++;
        size_t menus = 0;
        for (size_t t = i; t < j; t++) menus += L[t].menu;
        if (menus >= 3)
            for (size_t t = i; t < j; t++) L[t].drop = true;
        i = j;
    }

    /* Write the kept lines; squeeze blank runs; no leading/trailing blanks. */
    size_t w = 0, dropped = 0;
    bool pending_blank = false;
    for (size_t i = 0; i < n_lines; i++) {
        line_info *l = &L[i];
        if (l->drop) { dropped++; continue; }
        if (l->blank) { if (w > 0) pending_blank = true; continue; }
        if (w > 0) {
            o[w++] = '\n';
            if (pending_blank) o[w++] = '\n';
        }
        pending_blank = false;
        memcpy(o + w, in + l->off, l->len);
        w += l->len;
    }
    o[w] = '\0';
    free(L);
    *out = o;
    if (out_len) *out_len = w;
    return dropped;
}
