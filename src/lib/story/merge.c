/* SPDX-License-Identifier: MIT
** story/merge.c -- the merger: union-find over mentions, candidates by block.
**
** Each mention is compared with the earlier mentions that could be the same
** event: those of its block (unordered country pair and CAMEO root) whose days
** come within one day of its own, plus the block's mentions without a day; a
** mention without a day is compared with its whole block. Every pair that
** annals_story_same() accepts is joined in a union-find forest (path halving;
** the root of a set is its smallest index), so the stories are the connected
** components of the pairwise decision, the same partition whatever the order
** of arrival, and adding a mention touches only its candidates. Keys are kept
** packed in two growing arrays; a report's document keys are kept once. */
#include <stdlib.h>
#include <string.h>
#include "annals/story.h"
#include "story_internal.h"

#define NO_DAY INT64_MIN     /* the list of a block's mentions without a day */
#define ALL_DAYS (INT64_MIN + 1)  /* the list of all a block's mentions */

typedef struct {
    annals_story_mention m;   /* keys, doc_keys, place not used: see below */
    size_t key_off;           /* into hash/weight */
    uint32_t n_keys;
    size_t report_slot;       /* index into reports */
} stored;

typedef struct { size_t key_off; uint32_t n_keys; int64_t report; } report_keys;

typedef struct { uint64_t hash; uint64_t block; int64_t day; size_t *v, n, cap; } bucket;
typedef struct { uint64_t hash; int64_t report; size_t idx; } report_slot;

struct annals_story_merger {
    stored *m; size_t n, cap;
    size_t *parent;  size_t parent_cap;
    uint32_t *stamp; size_t stamp_cap;
    uint32_t epoch;
    uint64_t *hash; uint8_t *weight; size_t n_keys, keys_cap, weight_cap;
    report_keys *reports; size_t n_reports, reports_cap;
    annals_htab buckets, report_index;
    char **places; size_t n_places, places_cap;
    uint64_t comparisons;
};

int annals_story_merger_new(annals_story_merger **out, annals_ctx *ctx)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return annals_error_set(ctx, ANNALS_ENOMEM, "story merger: out of memory");
    annals_htab_init(&(*out)->buckets, sizeof(bucket), 256);
    annals_htab_init(&(*out)->report_index, sizeof(report_slot), 256);
    return 0;
}

static void drop_bucket(void *slot) { free(((bucket *)slot)->v); }

void annals_story_merger_free(annals_story_merger *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n_places; i++) free(m->places[i]);
    free(m->places);
    annals_htab_free_each(&m->buckets, drop_bucket);
    annals_htab_free(&m->report_index);
    free(m->m); free(m->parent); free(m->stamp); free(m->hash); free(m->weight); free(m->reports);
    free(m);
}

static size_t find(annals_story_merger *m, size_t i)
{
    while (m->parent[i] != i) {
        m->parent[i] = m->parent[m->parent[i]];
        i = m->parent[i];
    }
    return i;
}

static void unite(annals_story_merger *m, size_t a, size_t b)
{
    a = find(m, a);
    b = find(m, b);
    if (a < b) m->parent[b] = a;
    else if (b < a) m->parent[a] = b;
}

size_t annals_story_merger_story(annals_story_merger *m, size_t i) { return find(m, i); }
size_t annals_story_merger_count(const annals_story_merger *m) { return m->n; }
uint64_t annals_story_merger_comparisons(const annals_story_merger *m) { return m->comparisons; }

static uint64_t bucket_hash(uint64_t block, int64_t day)
{
    uint64_t k[2] = { block, (uint64_t)day };
    return annals_hash(k, sizeof k);
}

static bool bucket_eq(const void *slot, const void *arg)
{
    const bucket *b = slot, *want = arg;
    return b->block == want->block && b->day == want->day;
}

static bucket *get_bucket(annals_story_merger *m, uint64_t block, int64_t day, bool create)
{
    bucket want = { .block = block, .day = day };
    uint64_t h = bucket_hash(block, day);
    bucket *b = annals_htab_find(&m->buckets, h, bucket_eq, &want);
    if (b || !create) return b;
    if (annals_htab_reserve(&m->buckets, 1) < 0) return NULL;
    if (!(b = annals_htab_add(&m->buckets, h))) return NULL;
    b->block = block;
    b->day = day;
    return b;
}

static int bucket_push(annals_story_merger *m, uint64_t block, int64_t day, size_t idx)
{
    bucket *b = get_bucket(m, block, day, true);
    if (!b) return ANNALS_ENOMEM;
    size_t *nv = annals_grow(b->v, &b->cap, b->n + 1, sizeof *nv, 4);
    if (!nv) return ANNALS_ENOMEM;
    b->v = nv;
    b->v[b->n++] = idx;
    return 0;
}

static int push_keys(annals_story_merger *m, const annals_story_keys *k, size_t *off)
{
    size_t n = k ? k->n : 0;
    *off = m->n_keys;
    if (!n) return 0;
    size_t hc = m->keys_cap, wc = m->weight_cap;
    uint64_t *nh = annals_grow(m->hash, &hc, m->n_keys + n, sizeof *nh, 1024);
    if (!nh) return ANNALS_ENOMEM;
    m->hash = nh; m->keys_cap = hc;
    uint8_t *nw = annals_grow(m->weight, &wc, m->n_keys + n, sizeof *nw, 1024);
    if (!nw) return ANNALS_ENOMEM;
    m->weight = nw; m->weight_cap = wc;
    memcpy(m->hash + m->n_keys, k->hash, n * sizeof *nh);
    memcpy(m->weight + m->n_keys, k->weight, n);
    m->n_keys += n;
    return 0;
}

static bool report_eq(const void *slot, const void *arg)
{
    return ((const report_slot *)slot)->report == *(const int64_t *)arg;
}

/* The report's document keys, stored the first time the report is seen. */
static int report_of(annals_story_merger *m, const annals_story_mention *mm, size_t *out)
{
    uint64_t h = annals_hash(&mm->report, sizeof mm->report);
    report_slot *rs = annals_htab_find(&m->report_index, h, report_eq, &mm->report);
    if (rs) { *out = rs->idx; return 0; }
    report_keys *nr = annals_grow(m->reports, &m->reports_cap, m->n_reports + 1, sizeof *nr, 64);
    if (!nr) return ANNALS_ENOMEM;
    m->reports = nr;
    report_keys *r = &m->reports[m->n_reports];
    if (push_keys(m, mm->doc_keys, &r->key_off) < 0) return ANNALS_ENOMEM;
    r->n_keys = mm->doc_keys ? mm->doc_keys->n : 0;
    r->report = mm->report;
    if (annals_htab_reserve(&m->report_index, 1) < 0 || !(rs = annals_htab_add(&m->report_index, h)))
        return ANNALS_ENOMEM;
    rs->report = mm->report;
    rs->idx = m->n_reports;
    *out = m->n_reports++;
    return 0;
}

static int keep_place(annals_story_merger *m, const char *place, const char **out)
{
    *out = NULL;
    if (!place || !*place) return 0;
    /* consecutive mentions of one report often share the place: reuse the last copy */
    if (m->n_places && !strcmp(m->places[m->n_places - 1], place)) { *out = m->places[m->n_places - 1]; return 0; }
    char **np = annals_grow(m->places, &m->places_cap, m->n_places + 1, sizeof *np, 64);
    if (!np) return ANNALS_ENOMEM;
    m->places = np;
    if (!(m->places[m->n_places] = strdup(place))) return ANNALS_ENOMEM;
    *out = m->places[m->n_places++];
    return 0;
}

static annals_story_kview kv(const annals_story_merger *m, size_t off, uint32_t n)
{
    annals_story_kview v = { m->hash + off, m->weight + off, n };
    if (!n) v.h = NULL, v.w = NULL;
    return v;
}

static void compare_bucket(annals_story_merger *m, const bucket *b, size_t idx)
{
    const stored *x = &m->m[idx];
    const report_keys *xr = &m->reports[x->report_slot];
    for (size_t i = 0; i < b->n; i++) {
        size_t j = b->v[i];
        if (j == idx || m->stamp[j] == m->epoch) continue;
        m->stamp[j] = m->epoch;
        if (find(m, j) == find(m, idx)) continue;
        const stored *y = &m->m[j];
        const report_keys *yr = &m->reports[y->report_slot];
        m->comparisons++;
        if (annals_story_same_kviews(&x->m, kv(m, x->key_off, x->n_keys), kv(m, xr->key_off, xr->n_keys),
                               &y->m, kv(m, y->key_off, y->n_keys), kv(m, yr->key_off, yr->n_keys)))
            unite(m, idx, j);
    }
}

int annals_story_merger_add(annals_story_merger *m, const annals_story_mention *mm,
                            size_t *index, annals_ctx *ctx)
{
    size_t idx = m->n;
    stored *nm = annals_grow(m->m, &m->cap, idx + 1, sizeof *nm, 256);
    if (!nm) goto oom;
    m->m = nm;
    size_t pc = m->parent_cap, sc = m->stamp_cap;
    size_t *np = annals_grow(m->parent, &pc, idx + 1, sizeof *np, 256);
    if (!np) goto oom;
    m->parent = np; m->parent_cap = pc;
    uint32_t *ns = annals_grow(m->stamp, &sc, idx + 1, sizeof *ns, 256);
    if (!ns) goto oom;
    if (sc > m->stamp_cap) memset(ns + m->stamp_cap, 0, (sc - m->stamp_cap) * sizeof *ns);
    m->stamp = ns; m->stamp_cap = sc;

    stored *s = &m->m[idx];
    memset(s, 0, sizeof *s);
    s->m = *mm;
    s->m.keys = s->m.doc_keys = NULL;
    if (keep_place(m, mm->place, &s->m.place) < 0 || push_keys(m, mm->keys, &s->key_off) < 0 ||
        report_of(m, mm, &s->report_slot) < 0)
        goto oom;
    s->n_keys = mm->keys ? mm->keys->n : 0;
    m->parent[idx] = idx;
    m->n++;
    if (index) *index = idx;

    uint64_t block = annals_story_block(&s->m);
    int64_t lo, hi;
    bool dated = annals_story_days(&s->m, &lo, &hi);
    if (++m->epoch == 0) {                       /* wrapped: clear the stamps */
        memset(m->stamp, 0, m->stamp_cap * sizeof *m->stamp);
        m->epoch = 1;
    }
    m->stamp[idx] = m->epoch;
    if (dated) {
        for (int64_t d = lo - 1; d <= hi + 1; d++) {
            const bucket *b = get_bucket(m, block, d, false);
            if (b) compare_bucket(m, b, idx);
        }
        const bucket *b = get_bucket(m, block, NO_DAY, false);
        if (b) compare_bucket(m, b, idx);
    } else {
        const bucket *b = get_bucket(m, block, ALL_DAYS, false);
        if (b) compare_bucket(m, b, idx);
    }
    if (dated) {
        for (int64_t d = lo; d <= hi; d++)
            if (bucket_push(m, block, d, idx) < 0) goto oom;
    } else if (bucket_push(m, block, NO_DAY, idx) < 0) goto oom;
    if (bucket_push(m, block, ALL_DAYS, idx) < 0) goto oom;
    return 0;
oom:
    return annals_error_set(ctx, ANNALS_ENOMEM, "story merger: out of memory");
}

void annals_story_mention_of(const annals_doc *doc, size_t i, int64_t report, annals_story_mention *out)
{
    const annals_event *e = &doc->event[i];
    memset(out, 0, sizeof *out);
    out->report = report;
    memcpy(out->src, e->src, sizeof out->src);
    memcpy(out->tgt, e->tgt, sizeof out->tgt);
    out->src[sizeof out->src - 1] = out->tgt[sizeof out->tgt - 1] = '\0';
    memcpy(out->code, e->code, sizeof out->code);
    out->code[sizeof out->code - 1] = '\0';
    if (e->root[0]) memcpy(out->root, e->root, 2);
    else memcpy(out->root, e->code, strnlen(e->code, 2));
    memcpy(out->date, e->date, sizeof out->date);
    out->date[sizeof out->date - 1] = '\0';
    memcpy(out->pub_date, doc->pub_date, sizeof out->pub_date);
    out->pub_date[sizeof out->pub_date - 1] = '\0';
    out->place = e->place;
    out->sentence = e->sent;
}

int annals_story_add_doc(annals_story_merger *m, const annals_doc *doc, int64_t report,
                         size_t *first, annals_ctx *ctx)
{
    *first = m->n;
    if (!doc->n_event) return 0;
    annals_story_keys *dk = malloc(sizeof *dk), *sk = malloc(sizeof *sk);
    if (!dk || !sk) {
        free(dk);
        free(sk);
        return annals_error_set(ctx, ANNALS_ENOMEM, "story merger: out of memory");
    }
    annals_story_doc_keys(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, dk);
    int rc = 0;
    for (size_t i = 0; i < doc->n_event && rc == 0; i++) {
        annals_story_mention mm;
        annals_story_mention_of(doc, i, report, &mm);
        const annals_event *e = &doc->event[i];
        if (e->sent < doc->n_sent && doc->text) {
            const annals_sentence *s = &doc->sent[e->sent];
            annals_story_sentence_keys(doc->text + s->off, s->len, sk);
            mm.year = annals_story_past_year(doc->text + s->off, s->len, mm.pub_date);
        } else sk->n = 0;
        mm.keys = sk;
        mm.doc_keys = dk;
        rc = annals_story_merger_add(m, &mm, NULL, ctx);
    }
    free(dk);
    free(sk);
    return rc;
}
