/* SPDX-License-Identifier: MIT
** output/summary.c -- the counts printed at the end of a run.
**
** Totals of documents, sentences and events, events per CAMEO root, the most
** frequent dyads (source -> target, both known) and every rejected input with
** its reason. Dyads are counted in a hash table (annals_htab) keyed by
** "SRC\tTGT"; the top ten are picked when printing. Allocation failures only lose dyad detail:
** the totals stay right. */
#include <stdlib.h>
#include <string.h>
#include "annals/output.h"

typedef struct {
    uint64_t hash;      /* first: annals_htab's slot hash */
    char *key;          /* "SRC\tTGT" */
    size_t count;
} dyad_slot;

typedef struct {
    char *path;
    size_t line;
    char *reason;
} rej;

struct annals_summary {
    size_t n_docs, n_sent, n_events;
    size_t by_root[ANNALS_CAMEO_N_ROOTS + 1];   /* [0]: code without a known root */
    annals_htab dyad;   /* of dyad_slot */
    rej *rej;
    size_t n_rej, cap_rej;
};

static void free_dyad(void *slot) { free(((dyad_slot *)slot)->key); }

annals_summary *annals_summary_new(void)
{
    annals_summary *s = calloc(1, sizeof(annals_summary));
    if (s) annals_htab_init(&s->dyad, sizeof(dyad_slot), 64);
    return s;
}

void annals_summary_free(annals_summary *s)
{
    if (!s) return;
    annals_htab_free_each(&s->dyad, free_dyad);
    for (size_t i = 0; i < s->n_rej; i++) { free(s->rej[i].path); free(s->rej[i].reason); }
    free(s->rej);
    free(s);
}

static bool dyad_eq(const void *slot, const void *key)
{
    return strcmp(((const dyad_slot *)slot)->key, key) == 0;
}

static void dyad_add(annals_summary *s, const char *src, const char *tgt)
{
    char key[40];
    snprintf(key, sizeof key, "%.16s\t%.16s", src, tgt);
    if (annals_htab_reserve(&s->dyad, 1) < 0) return;
    uint64_t h = annals_hash(key, strlen(key));
    dyad_slot *slot = annals_htab_find(&s->dyad, h, dyad_eq, key);
    if (!slot) {
        char *k = strdup(key);
        if (!k) return;
        if (!(slot = annals_htab_add(&s->dyad, h))) { free(k); return; }
        slot->key = k;
    }
    slot->count++;
}

void annals_summary_add_doc(annals_summary *s, const annals_doc *doc)
{
    if (!s || !doc) return;
    s->n_docs++;
    s->n_sent += doc->n_sent;
    s->n_events += doc->n_event;
    for (size_t i = 0; i < doc->n_event; i++) {
        const annals_event *e = &doc->event[i];
        char root[3] = { e->root[0], e->root[0] ? e->root[1] : '\0', '\0' };
        if (!root[0]) { root[0] = e->code[0]; root[1] = e->code[0] ? e->code[1] : '\0'; }
        int r = annals_cameo_root_name(root) ? (root[0] - '0') * 10 + (root[1] - '0') : 0;
        s->by_root[r]++;
        if (e->src[0] && e->tgt[0]) dyad_add(s, e->src, e->tgt);
    }
}

void annals_summary_add_reject(annals_summary *s, const char *path, size_t line, const char *reason)
{
    if (!s) return;
    rej *nr = annals_grow(s->rej, &s->cap_rej, s->n_rej + 1, sizeof *nr, 16);
    if (!nr) return;
    s->rej = nr;
    rej *r = &s->rej[s->n_rej];
    r->path = strdup(path ? path : "");
    r->reason = strdup(reason ? reason : "");
    r->line = line;
    if (r->path && r->reason) s->n_rej++;
    else { free(r->path); free(r->reason); }
}

size_t annals_summary_n_rejects(const annals_summary *s) { return s ? s->n_rej : 0; }

static int cmp_dyad(const void *a, const void *b)
{
    const dyad_slot *x = *(const dyad_slot *const *)a, *y = *(const dyad_slot *const *)b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

void annals_summary_print(const annals_summary *s, FILE *f)
{
    if (!s) return;
    fprintf(f, "documents coded: %zu\n", s->n_docs);
    fprintf(f, "sentences: %zu\n", s->n_sent);
    fprintf(f, "events: %zu\n", s->n_events);
    if (s->n_events) {
        fprintf(f, "events by root:\n");
        for (int r = 1; r <= ANNALS_CAMEO_N_ROOTS; r++) {
            if (!s->by_root[r]) continue;
            char code[3] = { (char)('0' + r / 10), (char)('0' + r % 10), '\0' };
            fprintf(f, "  %s %-34s %zu\n", code, annals_cameo_root_name(code), s->by_root[r]);
        }
        if (s->by_root[0]) fprintf(f, "  ?? %-34s %zu\n", "(no CAMEO root)", s->by_root[0]);
    }
    if (s->dyad.n) {
        const dyad_slot **v = malloc(s->dyad.n * sizeof *v);
        if (v) {
            size_t n = 0;
            for (size_t i = 0; i < s->dyad.cap; i++) {
                const dyad_slot *d = annals_htab_slot(&s->dyad, i);
                if (d) v[n++] = d;
            }
            qsort(v, n, sizeof *v, cmp_dyad);
            fprintf(f, "top dyads:\n");
            for (size_t i = 0; i < n && i < 10; i++) {
                const char *tab = strchr(v[i]->key, '\t');
                fprintf(f, "  %.*s -> %-16s %zu\n", (int)(tab - v[i]->key), v[i]->key, tab + 1,
                        v[i]->count);
            }
            free(v);
        }
    }
    if (s->n_rej) fprintf(f, "rejected inputs: %zu\n", s->n_rej);
    for (size_t i = 0; i < s->n_rej; i++) {
        if (s->rej[i].line)
            fprintf(f, "rejected: %s:%zu: %s\n", s->rej[i].path, s->rej[i].line, s->rej[i].reason);
        else
            fprintf(f, "rejected: %s: %s\n", s->rej[i].path, s->rej[i].reason);
    }
}
