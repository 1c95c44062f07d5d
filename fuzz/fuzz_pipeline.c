/* SPDX-License-Identifier: MIT
** fuzz/fuzz_pipeline.c -- libFuzzer target: arbitrary bytes as one document
** through the whole pipeline (clean, meta, segment, mention, code) and the
** JSONL writer, checking the documented invariants of annals/doc.h.
**
** The first input byte picks the format (0 sniff, 1 text, 2 HTML); the rest is
** the document. The pipeline (dictionaries, verbs) is opened once. Build and
** run commands: fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/output.h"
#include "annals/pipeline.h"
#include "annals/story.h"
#include <jansson.h>
#include "fuzz_util.h"

static annals_pipeline *pipe_;
static annals_ctx *ctx_;
static FILE *devnull_;
static annals_buf scratch_;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "fuzz_pipeline: invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
    abort(); } } while (0)


static void setup(void)
{
    if (pipe_) return;
    ctx_ = annals_ctx_new();
    annals_pipeline_options po = { .warn = fuzz_quiet };
    if (!ctx_ || annals_pipeline_open(&pipe_, &po, ctx_) < 0) {
        fprintf(stderr, "fuzz_pipeline: cannot open the pipeline: %s (set ANNALS_DATA?)\n",
                ctx_ ? annals_errmsg(ctx_) : "out of memory");
        exit(1);
    }
    devnull_ = fopen("/dev/null", "w");
    if (!devnull_) exit(1);
}

/* The story stage on the document's events: the document as two reports through a
** merger (every story id a mention index no later than its own), then the story
** fields of all its events together, whose disagreements must be a JSON array. */
static void check_stories(const annals_doc *doc)
{
    annals_story_merger *m = NULL;
    size_t first;
    CHECK(annals_story_merger_new(&m, ctx_) == 0);
    CHECK(annals_story_add_doc(m, doc, 1, &first, ctx_) == 0);
    CHECK(annals_story_add_doc(m, doc, 2, &first, ctx_) == 0);
    CHECK(annals_story_merger_count(m) == 2 * doc->n_event);
    for (size_t i = 0; i < annals_story_merger_count(m); i++) CHECK(annals_story_merger_story(m, i) <= i);
    annals_story_merger_free(m);
    if (!doc->n_event) return;
    annals_story_input *in = calloc(doc->n_event, sizeof *in);
    char **texts = calloc(2 * doc->n_event, sizeof *texts);
    CHECK(in && texts);
    for (size_t i = 0; i < doc->n_event; i++) {
        const annals_event *e = &doc->event[i];
        texts[2 * i] = fuzz_strndup(doc->text + e->src_off, e->src_len);
        texts[2 * i + 1] = fuzz_strndup(doc->text + e->tgt_off, e->tgt_len);
        in[i] = (annals_story_input){ .doc = (int64_t)(i % 3), .src = e->src, .tgt = e->tgt, .src_text = texts[2 * i],
                                      .tgt_text = texts[2 * i + 1], .code = e->code, .date = e->date, .place = e->place,
                                      .goldstein = e->goldstein, .quad_class = e->quad_class };
    }
    annals_story_event ev;
    CHECK(annals_story_fields(in, doc->n_event, &ev, ctx_) == 0);
    json_t *j = json_loads(ev.disagreements, 0, NULL);
    CHECK(json_is_array(j));
    json_decref(j);
    annals_story_event_clear(&ev);
    for (size_t i = 0; i < 2 * doc->n_event; i++) free(texts[i]);
    free(texts);
    free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    if (size == 0) return 0;
    annals_format fmt = data[0] % 3 == 1 ? ANNALS_FMT_TEXT : data[0] % 3 == 2 ? ANNALS_FMT_HTML : ANNALS_FMT_AUTO;
    annals_doc *doc = NULL;
    if (annals_doc_new(&doc, "fuzz", "fuzz", (const char *)data + 1, size - 1, ctx_) < 0) return 0;
    doc->format = fmt;
    int rc = annals_pipeline_run(pipe_, doc, ctx_);
    if (rc == 0) {
        CHECK(doc->text != NULL);
        CHECK(doc->text[doc->text_len] == '\0');
        CHECK(fuzz_utf8_valid((const unsigned char *)doc->text, doc->text_len));
        for (size_t i = 0; i < doc->n_tok; i++)
            CHECK((uint64_t)doc->tok[i].off + doc->tok[i].len <= doc->text_len);
        for (size_t i = 0; i < doc->n_sent; i++) {
            const annals_sentence *s = &doc->sent[i];
            CHECK((uint64_t)s->off + s->len <= doc->text_len);
            CHECK(s->tok_begin <= s->tok_end && s->tok_end <= doc->n_tok);
        }
        for (size_t i = 0; i < doc->n_mention; i++) {
            const annals_mention *m = &doc->mention[i];
            CHECK(m->sent < doc->n_sent);
            CHECK(m->tok_begin <= m->tok_end && m->tok_end <= doc->n_tok);
            CHECK(memchr(m->code, '\0', sizeof m->code) != NULL);
        }
        for (size_t i = 0; i < doc->n_event; i++) {
            const annals_event *e = &doc->event[i];
            CHECK(e->sent < doc->n_sent);
            CHECK((uint64_t)e->src_off + e->src_len <= doc->text_len);
            CHECK((uint64_t)e->tgt_off + e->tgt_len <= doc->text_len);
            CHECK((uint64_t)e->verb_off + e->verb_len <= doc->text_len);
            CHECK(memchr(e->code, '\0', sizeof e->code) != NULL);
        }
        CHECK(annals_output_doc(devnull_, ANNALS_OUT_JSONL, doc, &scratch_) == 0);
        CHECK(annals_output_doc(devnull_, ANNALS_OUT_CSV, doc, &scratch_) == 0);
        check_stories(doc);
    }
    annals_doc_free(doc);
    return 0;
}
