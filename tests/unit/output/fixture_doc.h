/* SPDX-License-Identifier: MIT
** tests/unit/output/fixture_doc.h -- a coded document built by hand for tests.
**
** Two sentences and two events over a fixed text, with offsets found by strstr
** so the fixture stays right if the text is edited. Used by the output and the
** store tests (include "output/fixture_doc.h"). */
#ifndef ANNALS_TEST_FIXTURE_DOC_H
#define ANNALS_TEST_FIXTURE_DOC_H

#include <string.h>
#include "annals/doc.h"

#define FIXTURE_TEXT "Westland criticised Eastland on Monday.\n" \
                     "Eastland's envoy met Westland officials for \"a long, frank\ttalk\"."

static inline void fixture_range(const annals_doc *d, const char *what, uint32_t *off, uint32_t *len)
{
    const char *p = strstr(d->text, what);
    *off = p ? (uint32_t)(p - d->text) : 0;
    *len = p ? (uint32_t)strlen(what) : 0;
}

/* raw decides the hash: pass different raw bytes for different documents. */
static inline annals_doc *fixture_doc(const char *raw)
{
    annals_doc *d = NULL;
    if (annals_doc_new(&d, "westland-report", "/corpus/westland-report.txt", raw, strlen(raw), NULL) < 0)
        return NULL;
    d->format = ANNALS_FMT_TEXT;
    d->text = annals_arena_strdup(d->arena, FIXTURE_TEXT);
    d->text_len = strlen(FIXTURE_TEXT);
    memcpy(d->pub_date, "2024-03-04", 11);
    d->url = "https://example.org/westland";
    d->n_sent = 2;
    d->sent = annals_arena_calloc(d->arena, 2, sizeof *d->sent);
    const char *nl = strchr(d->text, '\n');
    d->sent[0].off = 0;
    d->sent[0].len = (uint32_t)(nl - d->text);
    d->sent[1].off = (uint32_t)(nl - d->text) + 1;
    d->sent[1].len = (uint32_t)d->text_len - d->sent[1].off;

    d->n_event = 2;
    d->event = annals_arena_calloc(d->arena, 2, sizeof *d->event);
    annals_event *e = &d->event[0];
    e->sent = 0;
    memcpy(e->code, "111", 4);
    memcpy(e->root, "11", 3);
    e->quad_class = 3;
    e->goldstein = -2.0;
    e->confidence = 0.45f;
    memcpy(e->src, "WSTGOV", 7);
    memcpy(e->tgt, "EST", 4);
    fixture_range(d, "Westland", &e->src_off, &e->src_len);
    fixture_range(d, "Eastland on", &e->tgt_off, &e->tgt_len);
    e->tgt_len = 8;
    fixture_range(d, "criticised", &e->verb_off, &e->verb_len);
    memcpy(e->date, "2024-03-04", 11);
    e->place = NULL;

    e = &d->event[1];
    e->sent = 1;
    memcpy(e->code, "040", 4);
    memcpy(e->root, "04", 3);
    e->quad_class = 1;
    e->goldstein = 1.0;
    e->confidence = -1;               /* none given */
    memcpy(e->src, "ESTGOV", 7);
    e->tgt[0] = '\0';                 /* unknown target */
    fixture_range(d, "Eastland's envoy", &e->src_off, &e->src_len);
    e->tgt_off = e->tgt_len = 0;
    fixture_range(d, "met", &e->verb_off, &e->verb_len);
    e->date[0] = '\0';
    e->place = "Lakeport, \"Old\" Town";
    return d;
}

#endif
