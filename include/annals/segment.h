/* SPDX-License-Identifier: MIT
** annals/segment.h -- sentences and tokens with byte offsets.
**
** Tokenization follows the Penn/UD conventions the parser is trained on:
** punctuation is split off, clitics are split ("country's" -> "country" "'s",
** "don't" -> "do" "n't"), hyphenated words stay whole ("Ali-Bek",
** "people-to-people"), abbreviations keep their period ("U.S.", "Mr.", "Gen.",
** "Jan."), numbers keep their separators ("2,000,000", "3.5"). Sentences end
** at . ! ? (with closing quotes and brackets kept inside), at paragraph breaks,
** and at a line break unless the next line continues the sentence in lower
** case. A sentence is cut after ANNALS_MAX_SENT_TOKENS tokens so that no input
** can make a sentence unbounded. */
#ifndef ANNALS_SEGMENT_H
#define ANNALS_SEGMENT_H

#include "annals/doc.h"

/* Fills doc->tok/n_tok and doc->sent/n_sent (arena memory) from doc->text.
** Returns 0 or ANNALS_ENOMEM. Linear in the text length. */
int annals_segment_run(annals_doc *doc, annals_ctx *ctx);

/* True when the word (with its final period) is a known abbreviation. */
bool annals_is_abbreviation(const char *s, size_t n);

#endif
