/* SPDX-License-Identifier: MIT
** bench/bench_compat.c -- load time and peak memory of the Phoenix dictionaries.
**
** Loads "petrarch:DIR" (default ../shared/dictionaries/phoenix) N times and
** reports the best wall time, then the process's peak resident memory
** (getrusage), then codes a PETRARCH XML file's <Parse> trees and <Text>
** (default GigaWord.sample.PETR.xml) and reports sentences, events, errors.
** usage: bench_compat [DIR] [XML] [N] [-v: every warning] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "annals/compat.h"
#include "annals/error.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t n_warn, show_warn = 5;
static void count_warn(void *arg, const char *msg)
{
    (void)arg;
    if (n_warn++ < show_warn) fprintf(stderr, "warning: %s\n", msg);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ANNALS_DATA_DIR "/../../shared/dictionaries/phoenix";
    const char *xml = argc > 2 ? argv[2] : ANNALS_DATA_DIR "/../../shared/eval/petrarch/GigaWord.sample.PETR.xml";
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (argc > 4 && !strcmp(argv[4], "-v")) show_warn = (size_t)-1;
    if (reps < 1) reps = 1;
    char spec[4200];
    snprintf(spec, sizeof spec, "petrarch:%s", dir);
    annals_ctx *ctx = annals_ctx_new();
    double best = 1e9;
    annals_compat *c = NULL;
    for (int i = 0; i < reps; i++) {
        n_warn = 0;
        double t0 = now();
        if (annals_compat_open(&c, spec, count_warn, NULL, ctx) < 0) {
            fprintf(stderr, "bench_compat: %s\n", annals_errmsg(ctx));
            return 2;
        }
        double t = now() - t0;
        if (t < best) best = t;
        if (i + 1 < reps) { annals_compat_free(c); c = NULL; }
    }
    annals_compat_stats st;
    annals_compat_stats_get(c, &st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("load: %.3f s (best of %d)  peak RSS: %.1f MB  warnings: %zu\n", best, reps, (double)ru.ru_maxrss / 1024.0,
           n_warn);
    printf("verbs %zu, patterns %zu, synsets %zu, actors %zu, agents %zu, discards %zu, issues %zu, transformations %zu\n",
           st.verbs, st.patterns, st.synsets, st.actors, st.agents, st.discards, st.issues, st.transforms);
    xmlDoc *doc = xmlReadFile(xml, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (doc) {
        size_t sents = 0, events_p = 0, events_t = 0, errors = 0;
        annals_buf out = { 0 };
        double t0 = now();
        xmlNode *root = xmlDocGetRootElement(doc);
        for (xmlNode *s = root ? root->children : NULL; s; s = s->next) {
            if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "Sentence")) continue;
            xmlChar *date = xmlGetProp(s, (const xmlChar *)"date");
            for (xmlNode *e = s->children; e; e = e->next) {
                if (e->type != XML_ELEMENT_NODE) continue;
                bool parse = !strcmp((const char *)e->name, "Parse"), text = !strcmp((const char *)e->name, "Text");
                if (!parse && !text) continue;
                xmlChar *v = xmlNodeGetContent(e);
                annals_buf_clear(&out);
                int k = parse ? annals_compat_code_parse(c, (const char *)v, (const char *)date, &out, ctx)
                              : annals_compat_code_text(c, (const char *)v, (const char *)date, &out, ctx);
                if (k < 0) { errors++; fprintf(stderr, "error: %s\n", annals_errmsg(ctx)); }
                else if (parse) events_p += (size_t)k;
                else events_t += (size_t)k;
                xmlFree(v);
            }
            xmlFree(date);
            sents++;
        }
        printf("coded %zu sentences of %s in %.3f s: %zu events from parses, %zu from text, %zu errors\n", sents, xml,
               now() - t0, events_p, events_t, errors);
        annals_buf_free(&out);
        xmlFreeDoc(doc);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS at the end: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    annals_compat_free(c);
    annals_ctx_free(ctx);
    return 0;
}
