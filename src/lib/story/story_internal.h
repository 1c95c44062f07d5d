/* SPDX-License-Identifier: MIT
** story/story_internal.h -- what the files of the story stage share: a view of
** a key set held elsewhere (the merger keeps keys packed, not in
** annals_story_keys), and the decision on views. */
#ifndef ANNALS_STORY_INTERNAL_H
#define ANNALS_STORY_INTERNAL_H

#include "annals/story.h"

typedef struct { const uint64_t *h; const uint8_t *w; uint32_t n; } annals_story_kview;

double annals_story_kview_overlap(annals_story_kview a, annals_story_kview b);
/* annals_story_same() with the keys given as views (doc views may be empty). */
bool annals_story_same_kviews(const annals_story_mention *a, annals_story_kview ka, annals_story_kview da,
                        const annals_story_mention *b, annals_story_kview kb, annals_story_kview db);

#endif
