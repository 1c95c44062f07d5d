/* SPDX-License-Identifier: MIT
** clean/clean.c -- the clean stage: raw bytes to doc->text.
**
** Order: binary check, UTF-8 repair (sanitize), HTML to text when the document
** is HTML (format given, or sniffed for AUTO), NFC, boilerplate removal, trim.
** Every step is one or two linear passes over the text, so a huge single line
** costs the same per byte as a normal article. All output is in doc->arena. */
#include <string.h>
#include <strings.h>
#include "annals/clean.h"

/* Case-insensitive search for needle in the first n bytes of s. */
static bool has_tag(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == '<' && strncasecmp(s + i, needle, k) == 0) return true;
    return false;
}

/* Starts with '<' after white space (and a UTF-8 BOM) and has an HTML tag. */
static bool sniff_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    if (i >= n || s[i] != '<') return false;
    /* Tags that matter are near the top; bound the search to keep it cheap. */
    size_t lim = n < 65536 ? n : 65536;
    return has_tag(s, lim, "<html") || has_tag(s, lim, "<body") || has_tag(s, lim, "<p>") ||
           has_tag(s, lim, "<p ") || has_tag(s, lim, "<div") || has_tag(s, lim, "<!doctype html");
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' &&
            s[i] != '\v')
            return false;
    return true;
}

int annals_clean_run(annals_doc *doc, annals_ctx *ctx)
{
    const char *path = doc->path && doc->path[0] ? doc->path : "-";
    const char *raw = doc->raw ? doc->raw : "";
    size_t raw_len = doc->raw ? doc->raw_len : 0;
    int rc;

    if (annals_looks_binary(raw, raw_len))
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: binary data, not text", path);
    if (all_space(raw, raw_len))
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: empty document", path);
    if (doc->format != ANNALS_FMT_TEXT && doc->format != ANNALS_FMT_HTML)
        doc->format = sniff_html(raw, raw_len) ? ANNALS_FMT_HTML : ANNALS_FMT_TEXT;

    char *s;
    size_t n, invalid = 0;
    if ((rc = annals_utf8_sanitize(doc->arena, raw, raw_len, &s, &n, &invalid)) < 0)
        return annals_error_set(ctx, rc, "%s: out of memory", path);
    /* A byte-order mark is not text. */
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
    doc->invalid_bytes = invalid;

    if (doc->format == ANNALS_FMT_HTML) {
        char *t;
        size_t tn;
        if ((rc = annals_html_to_text(doc, s, n, &t, &tn, ctx)) < 0) return rc;
        s = t;
        n = tn;
    }
    char *nfc;
    size_t nfc_len;
    if ((rc = annals_utf8_nfc(doc->arena, s, n, &nfc, &nfc_len)) < 0)
        return annals_error_set(ctx, rc, "%s: Unicode normalization failed", path);

    char *text;
    size_t text_len;
    doc->dropped_lines = annals_boilerplate_strip(doc->arena, nfc, nfc_len, &text, &text_len);
    if (!text) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);

    /* Trim (boilerplate output has no blank edges; spaces may remain). */
    size_t b = 0, e = text_len;
    while (b < e && (text[b] == ' ' || text[b] == '\n' || text[b] == '\t')) b++;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == '\t')) e--;
    if (e == b)
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: no text left after cleaning", path);
    text[e] = '\0';
    doc->text = text + b;
    doc->text_len = e - b;
    return 0;
}
