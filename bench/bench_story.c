/* SPDX-License-Identifier: MIT
** bench/bench_story.c -- story merging of N synthetic mentions.
**
** usage: bench_story [N...] [--seed S]     (default N: 100000 300000 1000000)
** A generator makes N mentions of synthetic real-world events (deterministic
** xorshift64*, Vigna 2016): events draw a dyad from 60 country codes with a
** role, a CAMEO code, a day in three years and a place; each event is reported
** 1-4 times by reports of its own, with sentences of the event's name words,
** its number and filler words, 80 % dated on the day (a day late in 10 %), the
** rest dated by the publication window only, 2 % with no date at all. Then it
** times annals_story_merger_add over all mentions (key extraction included,
** generation not) and prints N, seconds, microseconds per mention, pairs
** compared, stories, and peak RSS. Near-linear time is the aim: the seconds
** per mention should stay about flat from 100k to 1M. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "annals/story.h"

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const roles[] = { "GOV", "MIL", "COP", "CVL", "REB", "" };
static const char *const codes[] = { "040", "042", "043", "036", "057", "111", "112", "120", "130",
                                     "163", "173", "180", "183", "190", "193", "195", "145", "051" };
static const char *const filler[] = { "officials", "said", "statement", "ministry", "reported", "according",
                                      "sources", "talks", "agreement", "forces", "capital", "region" };

static void date_of(int64_t day, char out[11])
{
    int y, m, d;
    annals_days_to_date(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int run(size_t n, annals_ctx *ctx)
{
    annals_story_merger *m = NULL;
    if (annals_story_merger_new(&m, ctx) < 0) return -1;
    annals_story_keys *k = malloc(sizeof *k), *dk = malloc(sizeof *dk);
    if (!k || !dk) { free(k); free(dk); annals_story_merger_free(m); return -1; }
    double keys_s = 0, add_s = 0;
    size_t made = 0;
    int64_t report = 0, base = annals_date_to_days(2022, 1, 1);
    char sentence[256], doc[512], place[16];
    while (made < n) {
        /* one synthetic event */
        char src[16], tgt[16];
        unsigned a = pick(60), b = pick(60);
        snprintf(src, sizeof src, "C%02u%s", a, roles[pick(6)]);
        snprintf(tgt, sizeof tgt, "C%02u%s", b, roles[pick(6)]);
        const char *code = codes[pick(sizeof codes / sizeof *codes)];
        int64_t day = base + pick(3 * 365);
        unsigned name1 = pick(5000), name2 = pick(5000), number = pick(1000);
        snprintf(place, sizeof place, "Town%u", pick(400));
        unsigned reports = 1 + pick(4);
        for (unsigned r = 0; r < reports && made < n; r++, made++) {
            annals_story_mention mm = { 0 };
            mm.report = report++;
            snprintf(mm.src, sizeof mm.src, "%s", src);
            snprintf(mm.tgt, sizeof mm.tgt, "%s", tgt);
            snprintf(mm.code, sizeof mm.code, "%s", code);
            memcpy(mm.root, code, 2);
            unsigned dv = pick(100);
            int64_t pub = day + pick(2);
            date_of(pub, mm.pub_date);
            if (dv < 80) date_of(day + (pick(10) == 0), mm.date);
            else if (dv >= 98) mm.pub_date[0] = '\0';
            mm.place = pick(2) ? place : NULL;
            snprintf(sentence, sizeof sentence, "Name%u Person%u %s %u %s %s Place%u", name1, name2,
                     filler[pick(12)], number, filler[pick(12)], filler[pick(12)], name1 % 97);
            snprintf(doc, sizeof doc, "%s. Name%u Person%u in %s. %u %s Extra%u", sentence, name1, name2,
                     place, number, filler[pick(12)], pick(100000));
            double t0 = now_seconds();
            annals_story_sentence_keys(sentence, strlen(sentence), k);
            annals_story_doc_keys(doc, strlen(doc), dk);
            double t1 = now_seconds();
            mm.keys = k;
            mm.doc_keys = dk;
            if (annals_story_merger_add(m, &mm, NULL, ctx) < 0) {
                fprintf(stderr, "bench_story: %s\n", annals_errmsg(ctx));
                free(k); free(dk); annals_story_merger_free(m);
                return -1;
            }
            keys_s += t1 - t0;
            add_s += now_seconds() - t1;
        }
    }
    size_t stories = 0;
    for (size_t i = 0; i < annals_story_merger_count(m); i++)
        if (annals_story_merger_story(m, i) == i) stories++;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double total = keys_s + add_s;
    printf("%9zu mentions  %7.2f s (keys %.2f, merge %.2f)  %5.2f us/mention  %11llu pairs compared  %9zu stories  peak RSS %ld MiB\n",
           n, total, keys_s, add_s, total * 1e6 / (double)n,
           (unsigned long long)annals_story_merger_comparisons(m), stories, ru.ru_maxrss / 1024);
    free(k);
    free(dk);
    annals_story_merger_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    size_t sizes[16];
    size_t n_sizes = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            rng_state = strtoull(argv[++i], NULL, 10) | 1;
        } else if (argv[i][0] >= '0' && argv[i][0] <= '9' && n_sizes < 16) {
            sizes[n_sizes++] = strtoull(argv[i], NULL, 10);
        } else {
            fprintf(stderr, "usage: bench_story [N...] [--seed S]\n");
            return 2;
        }
    }
    if (!n_sizes) { sizes[0] = 100000; sizes[1] = 300000; sizes[2] = 1000000; n_sizes = 3; }
    annals_ctx *ctx = annals_ctx_new();
    uint64_t seed = rng_state;
    for (size_t i = 0; i < n_sizes; i++) {
        rng_state = seed;
        if (run(sizes[i], ctx) < 0) { annals_ctx_free(ctx); return 1; }
    }
    annals_ctx_free(ctx);
    return 0;
}
