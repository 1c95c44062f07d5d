/* SPDX-License-Identifier: MIT
** annals/clean.h -- from raw bytes to clean article text.
**
** UTF-8 validation (invalid bytes become U+FFFD and are counted, NUL bytes are
** dropped), Unicode NFC (utf8proc), HTML to text (libxml2's HTML parser: block
** elements become paragraph breaks; script, style, nav, header, footer, aside,
** form and similar are dropped), and boilerplate removal that works on HTML and
** on text already flattened from a web page: navigation lines ("top of page",
** "Follow us", share links), "Latest"/"Related" headline lists, video-length
** lines ("01:17"), and blocks in another script than the article's. */
#ifndef ANNALS_CLEAN_H
#define ANNALS_CLEAN_H

#include "annals/doc.h"

/* Fills doc->text/text_len, doc->invalid_bytes, doc->dropped_lines from doc->raw
** according to doc->format (TEXT or HTML). HTML metadata found on the way
** (<time datetime>, article:published_time, og:site_name) goes to doc->pub_date
** and doc->outlet when those are still empty. Returns 0, or ANNALS_EFORMAT with a
** message naming doc->path when there is no text to code (binary data, HTML
** without a body, nothing left after cleaning). Never crashes on any bytes. */
int annals_clean_run(annals_doc *doc, annals_ctx *ctx);

/* Building blocks, exposed for tests and for other callers. All output is
** arena memory, NUL-terminated.
** annals_utf8_sanitize: each maximal ill-formed subsequence becomes one U+FFFD
** and counts once in *invalid_out; NUL dropped; CRLF/CR -> LF; other C0 controls
** and DEL -> space. annals_utf8_nfc: input must be valid UTF-8.
** annals_html_to_text: doc gives the arena, the path for messages, and receives
** pub_date/outlet from the page's metadata when they are unset. */
int annals_utf8_sanitize(annals_arena *a, const char *in, size_t len,
                         char **out, size_t *out_len, size_t *invalid_out);
int annals_utf8_nfc(annals_arena *a, const char *in, size_t len, char **out, size_t *out_len);
int annals_html_to_text(annals_doc *doc, const char *html, size_t len,
                        char **out, size_t *out_len, annals_ctx *ctx);
/* Drops boilerplate lines from plain text; returns the number of lines dropped. */
size_t annals_boilerplate_strip(annals_arena *a, const char *in, size_t len,
                                char **out, size_t *out_len);
/* True when the bytes look binary (NUL bytes or many control bytes in the head). */
bool annals_looks_binary(const char *data, size_t len);

#endif
