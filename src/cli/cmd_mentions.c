/* SPDX-License-Identifier: MIT
** cli/cmd_mentions.c -- `annals mentions`: show what the mention stage found.
**
** For dictionary work: prints each sentence, then its actor phrases (code and
** words, with the flags that steer the coder), places and dates. */
#include <stdio.h>
#include <string.h>
#include "annals/ingest.h"
#include "annals/pipeline.h"
#include "cli.h"

static void print_flags(uint16_t f)
{
    static const struct { uint16_t bit; const char *name; } F[] = {
        { ANNALS_MENTF_PERSON, "person" }, { ANNALS_MENTF_TITLE, "title" }, { ANNALS_MENTF_BODY, "body" },
        { ANNALS_MENTF_GROUP, "group" }, { ANNALS_MENTF_CAPITAL, "capital" }, { ANNALS_MENTF_LOCATIVE, "locative" },
        { ANNALS_MENTF_PRONOUN, "pronoun" }, { ANNALS_MENTF_POSSESSIVE, "possessive" },
        { ANNALS_MENTF_PREP, "prep" }, { ANNALS_MENTF_AGENTIVE, "agentive" },
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (f & F[i].bit) printf(" %s", F[i].name);
}

int annals_cmd_mentions(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout, "usage: annals mentions PATH...\n"
                "  prints each sentence with the actors, places and dates found in it and the\n"
                "  events coded from it\n");
        return argc < 2 ? 2 : 0;
    }
    annals_ctx *ctx = annals_ctx_new();
    annals_pipeline *pipe = NULL;
    annals_source *src = NULL;
    int status = 0;
    if (annals_pipeline_open(&pipe, NULL, ctx) < 0
        || annals_source_open(&src, (const char *const *)argv + 1, (size_t)argc - 1, ANNALS_FMT_AUTO, ctx) < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        status = 2;
        goto done;
    }
    for (;;) {
        annals_doc *doc = NULL;
        int rc = annals_source_next(src, &doc, ctx);
        if (rc == 0) break;
        if (rc < 0 || annals_pipeline_run(pipe, doc, ctx) < 0) {
            fprintf(stderr, "annals: rejected: %s\n", annals_errmsg(ctx));
            status = 1;
            annals_doc_free(doc);
            continue;
        }
        printf("# %s  pub_date=%s outlet=%s\n", doc->name, doc->pub_date[0] ? doc->pub_date : "-",
               doc->outlet ? doc->outlet : "-");
        size_t mi = 0;
        for (size_t s = 0; s < doc->n_sent; s++) {
            printf("[%zu] %.*s\n", s, (int)doc->sent[s].len, doc->text + doc->sent[s].off);
            for (; mi < doc->n_mention && doc->mention[mi].sent == s; mi++) {
                const annals_mention *m = &doc->mention[mi];
                const annals_token *a = &doc->tok[m->tok_begin], *b = &doc->tok[m->tok_end - 1];
                const char *kind = m->kind == ANNALS_MENTION_ACTOR ? "actor" : m->kind == ANNALS_MENTION_PLACE
                                   ? "place" : m->kind == ANNALS_MENTION_DATE ? "date" : "agent";
                printf("    %-6s %-10s \"%.*s\"", kind, m->kind == ANNALS_MENTION_DATE ? (m->date[0] ? m->date : "?") : m->code,
                       (int)(b->off + b->len - a->off), doc->text + a->off);
                print_flags(m->flags);
                putchar('\n');
            }
            for (size_t e = 0; e < doc->n_event; e++)
                if (doc->event[e].sent == s)
                    printf("    EVENT  %s -> %s  %s  \"%.*s\"\n", doc->event[e].src, doc->event[e].tgt,
                           doc->event[e].code, (int)doc->event[e].verb_len, doc->text + doc->event[e].verb_off);
        }
        annals_doc_free(doc);
    }
done:
    annals_source_free(src);
    annals_pipeline_free(pipe);
    annals_ctx_free(ctx);
    return status;
}
