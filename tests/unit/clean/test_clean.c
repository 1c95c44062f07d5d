/* SPDX-License-Identifier: MIT
** tests/unit/clean/test_clean.c -- the clean stage: UTF-8 repair, NFC, binary
** rejection, HTML to text, boilerplate removal, large inputs, real seed pages
** (read from ANNALS_SHARED_DIR when present; those cases skip otherwise). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "annals/clean.h"
#include "annals/meta.h"

static annals_doc *make_doc(const char *raw, size_t len, annals_format fmt)
{
    annals_doc *d = NULL;
    assert_int_equal(annals_doc_new(&d, "t", "t.txt", raw, len, NULL), 0);
    d->format = fmt;
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    if (annals_read_file(&buf, len, path, 64u << 20, NULL) < 0) return NULL;
    return buf;
}

/* ---- UTF-8 ---- */

static void test_clean__invalid_utf8_replaced(void **st)
{
    (void)st;
    annals_arena *a = annals_arena_new(0);
    /* FF; C0 80 (overlong: two bad bytes); ED A0 80 (surrogate: three);
    ** F4 90 80 80 (past U+10FFFF: four); E2 82 at the end (truncated: one). */
    const char in[] = "a\xFF" "b\xC0\x80" "c\xED\xA0\x80" "d\xF4\x90\x80\x80" "e\xE2\x82";
    char *out;
    size_t n, bad;
    assert_int_equal(annals_utf8_sanitize(a, in, sizeof in - 1, &out, &n, &bad), 0);
    assert_int_equal(bad, 1 + 2 + 3 + 4 + 1);
    assert_int_equal(n, strlen(out));
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                             "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                             "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                             "e\xEF\xBF\xBD");
    /* Valid multi-byte text passes unchanged. */
    const char ok[] = "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80 \xD8\xA7";
    assert_int_equal(annals_utf8_sanitize(a, ok, sizeof ok - 1, &out, &n, &bad), 0);
    assert_int_equal(bad, 0);
    assert_string_equal(out, ok);
    annals_arena_free(a);
}

static void test_clean__controls_and_newlines(void **st)
{
    (void)st;
    annals_arena *a = annals_arena_new(0);
    const char in[] = "one\r\ntwo\rthree\0" "four\x07" "five\tsix\n";
    char *out;
    size_t n, bad;
    assert_int_equal(annals_utf8_sanitize(a, in, sizeof in - 1, &out, &n, &bad), 0);
    assert_int_equal(bad, 0);
    assert_string_equal(out, "one\ntwo\nthreefour five\tsix\n");
    annals_arena_free(a);
}

static void test_clean__nfc_composes(void **st)
{
    (void)st;
    annals_arena *a = annals_arena_new(0);
    char *out;
    size_t n;
    assert_int_equal(annals_utf8_nfc(a, "charge\xCC\x81", 8, &out, &n), 0);
    assert_string_equal(out, "charg\xC3\xA9");
    assert_int_equal(n, 7);
    /* Already NFC and ASCII stay as they are. */
    assert_int_equal(annals_utf8_nfc(a, "plain", 5, &out, &n), 0);
    assert_string_equal(out, "plain");
    /* A long run of combining marks stays linear (stream-safe CGJ) and valid. */
    size_t len = 2 + 200000 * 2;
    char *big = malloc(len + 1);
    assert_non_null(big);
    big[0] = 'a';
    for (size_t i = 0; i < 200000; i++) memcpy(big + 1 + 2 * i, (i & 1) ? "\xCC\x81" : "\xCC\xA3", 2);
    big[len - 1] = 'b';
    big[len] = 0;
    assert_int_equal(annals_utf8_nfc(a, big, len, &out, &n), 0);
    assert_true(n > 0);
    free(big);
    annals_arena_free(a);
}

static void test_clean__binary_rejected(void **st)
{
    (void)st;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    assert_true(annals_looks_binary(png, sizeof png - 1));
    char junk[512];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)(i * 37 % 256);
    assert_true(annals_looks_binary(junk, sizeof junk));
    assert_false(annals_looks_binary("Just words.\n", 12));

    annals_ctx *ctx = annals_ctx_new();
    annals_doc *d = make_doc(junk, sizeof junk, ANNALS_FMT_AUTO);
    assert_int_equal(annals_clean_run(d, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "t.txt: binary data"));
    annals_doc_free(d);
    annals_ctx_free(ctx);
}

static void test_clean__empty_rejected(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    annals_doc *d = make_doc(" \n\t\n", 4, ANNALS_FMT_TEXT);
    assert_int_equal(annals_clean_run(d, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "t.txt: empty document"));
    annals_doc_free(d);
    /* Only boilerplate: nothing left. */
    d = make_doc("top of page\n\nFollow us\n01:17\n", 29, ANNALS_FMT_TEXT);
    assert_int_equal(annals_clean_run(d, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "no text left"));
    annals_doc_free(d);
    annals_ctx_free(ctx);
}

static void test_clean__text_invalid_counted(void **st)
{
    (void)st;
    const char raw[] = "  Officials met in Astana.\xFF\r\n\r\nThey talked.  \n";
    annals_doc *d = make_doc(raw, sizeof raw - 1, ANNALS_FMT_AUTO);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_int_equal(d->format, ANNALS_FMT_TEXT);
    assert_int_equal(d->invalid_bytes, 1);
    assert_string_equal(d->text, "Officials met in Astana.\xEF\xBF\xBD\n\nThey talked.");
    assert_int_equal(d->text_len, strlen(d->text));
    annals_doc_free(d);
}

/* ---- HTML ---- */

static void test_clean__html_keeps_only_article(void **st)
{
    (void)st;
    size_t len;
    char *html = slurp(ANNALS_TEST_RESOURCES "/clean/article_page.html", &len);
    assert_non_null(html);
    annals_doc *d = make_doc(html, len, ANNALS_FMT_AUTO);
    free(html);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_int_equal(d->format, ANNALS_FMT_HTML);
    const char *t = d->text;
    /* Title first, then the article's paragraphs, separated by blank lines. */
    assert_true(strncmp(t, "Envoys Meet in Tbilisi to Discuss River Treaty\n\nDelegations", 59) == 0);
    assert_non_null(strstr(t, "sharing the waters of the Debed river.\n\nThe Georgian"));
    assert_non_null(strstr(t, "were \"frank and useful\" and that a second round"));
    assert_non_null(strstr(t, "the proposal & said farmers on both banks\nhad suffered"));
    const char *gone[] = { "tracking", "color", "World", "Politics", "Home", "Share", "Tweet",
                           "JavaScript", "Latest", "Port Workers", "Related", "Storm",
                           "comment", "rights reserved", "Harbor Daily" };
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++) {
        if (strstr(t, gone[i])) fail_msg("kept \"%s\" in:\n%s", gone[i], t);
    }
    assert_string_equal(d->pub_date, "2023-03-03");
    assert_non_null(d->outlet);
    assert_string_equal(d->outlet, "Harbor Daily");
    annals_doc_free(d);
}

static void test_clean__html_main_and_time(void **st)
{
    (void)st;
    const char html[] =
        "<html><body><div class=\"menu\">Home</div>"
        "<main><p>First   paragraph\n with   spaces.</p><div>Second <b>bold</b> one."
        "<time datetime=\"2022-02-28T10:00\">Feb 28</time></div></main>"
        "<div class=\"sidebar\"><p>Sidebar text.</p></div></body></html>";
    annals_doc *d = make_doc(html, sizeof html - 1, ANNALS_FMT_HTML);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_string_equal(d->text, "First paragraph with spaces.\n\nSecond bold one.Feb 28");
    assert_string_equal(d->pub_date, "2022-02-28");
    assert_null(d->outlet);
    annals_doc_free(d);
}

static void test_clean__html_without_body_rejected(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    const char *cases[] = {
        "<html><head><title>Only a title</title></head></html>",
        "<html><body><script>x = 1;</script><nav>Home</nav></body></html>",
        "<html><body>   </body></html>",
    };
    for (size_t i = 0; i < 3; i++) {
        annals_doc *d = make_doc(cases[i], strlen(cases[i]), ANNALS_FMT_HTML);
        assert_int_equal(annals_clean_run(d, ctx), ANNALS_EFORMAT);
        assert_string_equal(annals_errmsg(ctx), "t.txt: HTML has no body text");
        annals_doc_free(d);
    }
    annals_ctx_free(ctx);
}

static void test_clean__html_class_fallback(void **st)
{
    (void)st;
    /* Every element carries a boilerplate-looking class: the text is kept anyway. */
    const char html[] = "<html><body><div class=\"content-with-sidebar\"><p>The minister spoke.</p>"
                        "</div></body></html>";
    annals_doc *d = make_doc(html, sizeof html - 1, ANNALS_FMT_AUTO);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_string_equal(d->text, "The minister spoke.");
    annals_doc_free(d);
}

static void test_clean__html_garbage_never_crashes(void **st)
{
    (void)st;
    const char *cases[] = {
        "<div><p><b><i>unclosed <a href='x'>link</div></p>",
        "<html><body><p>x</p><p>\xFF\xFE</p>&#0;&#xD800;&bogus; <<<>>></body>",
        "<!doctype html><div>" "<div><div><div><div><div><div><div><div>deep</div>",
    };
    for (size_t i = 0; i < 3; i++) {
        annals_doc *d = make_doc(cases[i], strlen(cases[i]), ANNALS_FMT_HTML);
        int rc = annals_clean_run(d, NULL);
        assert_true(rc == 0 || rc == ANNALS_EFORMAT);
        annals_doc_free(d);
    }
    /* Very deep nesting: the walk is iterative. */
    annals_buf b = { 0 };
    annals_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 20000; i++) annals_buf_puts(&b, "<div>");
    annals_buf_puts(&b, "<p>Deep text.</p>");
    annals_doc *d = make_doc(b.p, b.len, ANNALS_FMT_HTML);
    int rc = annals_clean_run(d, NULL);
    assert_true(rc == 0 || rc == ANNALS_EFORMAT);
    annals_doc_free(d);
    annals_buf_free(&b);
}

/* ---- boilerplate ---- */

static void test_clean__drops_sidebar(void **st)
{
    (void)st;
    size_t len;
    char *raw = slurp(ANNALS_TEST_RESOURCES "/clean/flattened_page.txt", &len);
    assert_non_null(raw);
    annals_doc *d = make_doc(raw, len, ANNALS_FMT_AUTO);
    free(raw);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    const char *want =
        "Envoys Meet in Tbilisi to Discuss River Treaty\n\n"
        "March 3, 2023\n\n"
        "Harbor Daily\n\n"
        "Harbor Daily: Delegations from Georgia and Armenia met in Tbilisi on Thursday to discuss "
        "a draft treaty on sharing the waters of the Debed river.\n\n"
        "The Georgian foreign minister said the talks were \"frank and useful\" and that a second "
        "round would take place in Yerevan next month.\n\n"
        "Armenian officials welcomed the proposal. They said farmers on both banks had suffered "
        "from two dry summers in a row.";
    if (strcmp(d->text, want) != 0) fail_msg("got:\n%s", d->text);
    assert_true(d->dropped_lines >= 20);
    annals_doc_free(d);
}

static void test_clean__other_script_lines_dropped(void **st)
{
    (void)st;
    annals_arena *a = annals_arena_new(0);
    const char in[] =
        "The talks lasted three hours and ended with a joint statement.\n"
        "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD8\xAF\xD9\x86\xDB\x8C\xD8\xA7\n"
        "Both sides agreed to meet again in the spring, officials said.\n"
        "The envoy quoted the phrase \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 in his remarks to reporters.\n";
    char *out;
    size_t n;
    size_t dropped = annals_boilerplate_strip(a, in, sizeof in - 1, &out, &n);
    assert_int_equal(dropped, 1);
    assert_null(strstr(out, "\xD8\xAF\xD9\x86"));
    assert_non_null(strstr(out, "phrase \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 in his"));
    assert_non_null(strstr(out, "spring, officials said."));
    annals_arena_free(a);
}

static void test_clean__section_ends_at_prose(void **st)
{
    (void)st;
    annals_arena *a = annals_arena_new(0);
    const char in[] =
        "Read more\n"
        "Short headline about something\n"
        "Another short headline\n"
        "\n"
        "The delegation arrived on Monday and held talks with the prime minister. "
        "They discussed trade.\n"
        "\n"
        "A later paragraph stays too.\n";
    char *out;
    size_t n;
    size_t dropped = annals_boilerplate_strip(a, in, sizeof in - 1, &out, &n);
    assert_int_equal(dropped, 3);
    assert_string_equal(out, "The delegation arrived on Monday and held talks with the prime "
                             "minister. They discussed trade.\n\nA later paragraph stays too.");
    annals_arena_free(a);
}

/* ---- large inputs ---- */

static void test_clean__huge_single_line_linear(void **st)
{
    (void)st;
    size_t len = 20u << 20;
    char *raw = malloc(len);
    assert_non_null(raw);
    static const char w[] = "officials met and talked. ";
    for (size_t i = 0; i < len; i++) raw[i] = w[i % (sizeof w - 1)];
    raw[12345] = '\xC3';   /* one truncated sequence */
    annals_doc *d = make_doc(raw, len, ANNALS_FMT_AUTO);
    free(raw);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_int_equal(d->invalid_bytes, 1);
    assert_true(d->text_len > len - 8);
    annals_doc_free(d);

    /* The same as one HTML paragraph. */
    size_t hl = 4u << 20;
    char *html = malloc(hl);
    assert_non_null(html);
    memcpy(html, "<html><body><p>", 15);
    for (size_t i = 15; i < hl - 4; i++) html[i] = w[i % (sizeof w - 1)];
    memcpy(html + hl - 4, "</p>", 4);
    d = make_doc(html, hl, ANNALS_FMT_AUTO);
    free(html);
    assert_int_equal(annals_clean_run(d, NULL), 0);
    assert_int_equal(d->format, ANNALS_FMT_HTML);
    assert_true(d->text_len > hl / 2);
    annals_doc_free(d);

    /* Many short lines. */
    size_t ml = 16u << 20;
    char *lines = malloc(ml);
    assert_non_null(lines);
    for (size_t i = 0; i < ml; i++) lines[i] = (i % 7 == 6) ? '\n' : "Latest"[i % 7 % 6];
    d = make_doc(lines, ml, ANNALS_FMT_TEXT);
    free(lines);
    annals_clean_run(d, NULL);   /* all boilerplate or not: it must just finish */
    annals_doc_free(d);
}

/* ---- seeds (real pages, shared folder) ---- */

/* Path of the seed file whose name starts with prefix, or NULL. */
static char *seed_path(const char *prefix)
{
    static char path[1400];
    char dir[900];
    snprintf(dir, sizeof dir, "%s/seeds", ANNALS_SHARED_DIR);
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char *found = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && n > 4 &&
            !strcmp(e->d_name + n - 4, ".txt")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            found = path;
            break;
        }
    }
    closedir(d);
    return found;
}

/* NFC of a trimmed line, in a for comparison with the cleaned text. */
static char *norm_line(annals_arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    char *out;
    size_t on;
    assert_int_equal(annals_utf8_nfc(a, s, n, &out, &on), 0);
    return out;
}

static void test_clean__seeds_keep_article(void **st)
{
    (void)st;
    static const char *seeds[] = { "000", "001", "002", "003", "004" };
    if (!seed_path("000")) skip();
    for (size_t si = 0; si < 5; si++) {
        const char *path = seed_path(seeds[si]);
        assert_non_null(path);
        size_t len;
        char *raw = slurp(path, &len);
        assert_non_null(raw);
        annals_doc *d = make_doc(raw, len, ANNALS_FMT_AUTO);
        assert_int_equal(annals_clean_run(d, NULL), 0);
        /* Body lines: all non-blank lines; for 001 those between the outlet line
        ** and "Latest", and everything after "Latest" must go. */
        bool page = si == 1, in_body = !page, after_latest = false;
        size_t body = 0, side = 0;
        for (char *l = raw; *l; ) {
            char *e = strchr(l, '\n');
            size_t n = e ? (size_t)(e - l) : strlen(l);
            char *t = norm_line(d->arena, l, n);
            if (*t) {
                if (page && !strcmp(t, "Latest")) { after_latest = true; in_body = false; }
                else if (after_latest) {
                    side++;
                    if (strstr(d->text, t)) fail_msg("%s: sidebar kept: %s", path, t);
                } else if (in_body) {
                    body++;
                    if (!strstr(d->text, t)) fail_msg("%s: body lost: %s", path, t);
                }
                if (page && !in_body && !after_latest && !strncmp(t, "Zan News", 8)) in_body = true;
            }
            l = e ? e + 1 : l + n;
        }
        assert_true(body >= 5);
        if (page) {
            assert_true(side >= 15);
            assert_null(strstr(d->text, "top of page"));
            assert_null(strstr(d->text, "Social Media"));
            assert_null(strstr(d->text, "Instagram"));
            /* The Persian lines start with Arabic-script letters: none must remain. */
            assert_null(strstr(d->text, "\xD8"));
        }
        annals_doc_free(d);
        free(raw);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean__invalid_utf8_replaced),
        cmocka_unit_test(test_clean__controls_and_newlines),
        cmocka_unit_test(test_clean__nfc_composes),
        cmocka_unit_test(test_clean__binary_rejected),
        cmocka_unit_test(test_clean__empty_rejected),
        cmocka_unit_test(test_clean__text_invalid_counted),
        cmocka_unit_test(test_clean__html_keeps_only_article),
        cmocka_unit_test(test_clean__html_main_and_time),
        cmocka_unit_test(test_clean__html_without_body_rejected),
        cmocka_unit_test(test_clean__html_class_fallback),
        cmocka_unit_test(test_clean__html_garbage_never_crashes),
        cmocka_unit_test(test_clean__drops_sidebar),
        cmocka_unit_test(test_clean__other_script_lines_dropped),
        cmocka_unit_test(test_clean__section_ends_at_prose),
        cmocka_unit_test(test_clean__huge_single_line_linear),
        cmocka_unit_test(test_clean__seeds_keep_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
