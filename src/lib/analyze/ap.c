/* SPDX-License-Identifier: MIT
** analyze/ap.c -- averaged perceptron training store and its export.
**
** Feature hash -> row index in a hash table (annals_htab).
** Row entries live in one pool; a row's capacity is a power of two, and a row
** that outgrows it moves to a block twice as large (freed blocks are reused
** through per-size free lists). Entries are (u, w, class): 16 bytes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ap_internal.h"
#include "annals/error.h"
#include "annals/model.h"

typedef struct { double u; float w; uint32_t cls; } ap_entry;
typedef struct { uint32_t off; uint16_t n; uint8_t capl; uint8_t pad; } ap_row;
typedef struct { uint64_t key; uint32_t idx; } ap_slot;   /* key: the feature hash, never 0 */

#define AP_MAXL 12

struct ap {
    uint32_t n_classes;
    double c;                 /* instances seen + 1 */
    annals_htab tab;          /* of ap_slot */
    size_t n;                 /* features */
    ap_row *row; size_t row_cap;
    ap_entry *pool; size_t pool_n, pool_cap;
    uint32_t *freel[AP_MAXL]; size_t freel_n[AP_MAXL], freel_cap[AP_MAXL];
    size_t n_entries;
};

ap *annals_analyze_ap_new(uint32_t n_classes)
{
    ap *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_classes = n_classes;
    p->c = 1;
    annals_htab_init(&p->tab, sizeof(ap_slot), 1 << 16);
    if (annals_htab_reserve(&p->tab, 1) < 0) { annals_analyze_ap_free(p); return NULL; }
    return p;
}

void annals_analyze_ap_free(ap *p)
{
    if (!p) return;
    annals_htab_free(&p->tab); free(p->row); free(p->pool);
    for (int i = 0; i < AP_MAXL; i++) free(p->freel[i]);
    free(p);
}

static long find(const ap *p, uint64_t h)
{
    const ap_slot *s = annals_htab_find(&p->tab, h, NULL, NULL);
    return s ? (long)s->idx : -1;
}

static long pool_alloc(ap *p, int capl)
{
    if (p->freel_n[capl]) return p->freel[capl][--p->freel_n[capl]];
    size_t need = (size_t)1 << capl;
    ap_entry *np = annals_grow(p->pool, &p->pool_cap, p->pool_n + need, sizeof *np, 1 << 20);
    if (!np) return -1;
    p->pool = np;
    size_t off = p->pool_n;
    p->pool_n += need;
    return (long)off;
}

static void pool_release(ap *p, uint32_t off, int capl)
{
    uint32_t *nf = annals_grow(p->freel[capl], &p->freel_cap[capl], p->freel_n[capl] + 1, sizeof *nf, 1024);
    if (!nf) return;                          /* leak the block: harmless */
    p->freel[capl] = nf;
    p->freel[capl][p->freel_n[capl]++] = off;
}

static long add_feature(ap *p, uint64_t h)
{
    if (annals_htab_reserve(&p->tab, 1) < 0) return -1;
    ap_row *nr = annals_grow(p->row, &p->row_cap, p->n + 1, sizeof *nr, 1 << 16);
    if (!nr) return -1;
    p->row = nr;
    long off = pool_alloc(p, 1);
    if (off < 0) return -1;
    ap_slot *s = annals_htab_add(&p->tab, h);
    s->idx = (uint32_t)p->n;
    p->row[p->n] = (ap_row){ (uint32_t)off, 0, 1, 0 };
    return (long)p->n++;
}

void annals_analyze_ap_score(const ap *p, const uint64_t *f, size_t n, float *scores)
{
    for (size_t i = 0; i < n; i++) {
        long r = find(p, f[i]);
        if (r < 0) continue;
        const ap_row *row = &p->row[r];
        const ap_entry *e = p->pool + row->off;
        for (uint32_t k = 0; k < row->n; k++) scores[e[k].cls] += e[k].w;
    }
}

void annals_analyze_ap_update(ap *p, const uint64_t *f, size_t n, uint32_t cls, float delta)
{
    for (size_t i = 0; i < n; i++) {
        long r = find(p, f[i]);
        if (r < 0 && (r = add_feature(p, f[i])) < 0) continue;   /* out of memory: skip */
        ap_row *row = &p->row[r];
        ap_entry *e = p->pool + row->off;
        uint32_t k = 0;
        while (k < row->n && e[k].cls != cls) k++;
        if (k == row->n) {
            if (row->n == (1u << row->capl)) {
                long no = pool_alloc(p, row->capl + 1);
                if (no < 0) continue;
                e = p->pool + row->off;               /* pool may have moved */
                memcpy(p->pool + no, e, row->n * sizeof *e);
                pool_release(p, row->off, row->capl);
                row->off = (uint32_t)no;
                row->capl++;
                e = p->pool + row->off;
            }
            e[k] = (ap_entry){ 0, 0, cls };
            row->n++;
            p->n_entries++;
        }
        e[k].w += delta;
        e[k].u += p->c * delta;
    }
}

void annals_analyze_ap_tick(ap *p) { p->c += 1; }
size_t annals_analyze_ap_n_features(const ap *p) { return p->n; }
size_t annals_analyze_ap_n_entries(const ap *p) { return p->n_entries; }

int annals_analyze_ap_export(const ap *p, float prune, annals_buf *keys, annals_buf *rows, annals_buf *lut_out)
{
    /* pass 1: which features survive, and the range of surviving |weights| */
    double maxw = 0, minw = 0;
    size_t kept_feats = 0;
    for (size_t r = 0; r < p->n; r++) {
        const ap_entry *e = p->pool + p->row[r].off;
        int any = 0;
        for (uint32_t k = 0; k < p->row[r].n; k++) {
            double a = fabs(e[k].w - e[k].u / p->c);
            if (a < prune || a <= 0) continue;
            any = 1;
            if (a > maxw) maxw = a;
            if (minw == 0 || a < minw) minw = a;
        }
        kept_feats += any;
    }
    if (maxw <= 0) maxw = minw = 1;
    /* log-scale codes: |code| 1..127 spans [minw, maxw]; code 128 + c in the LUT */
    double lo = log(minw), step = (log(maxw) - lo) / 126.0;
    if (step <= 0) step = 1;
    double sc = (double)ANNALS_WTAB_LUT_MAX / maxw;
    int32_t lut[256];
    lut[128] = 0;
    lut[0] = 0;
    for (int k = 1; k <= 127; k++) {
        double v = exp(lo + (k - 1) * step) * sc;
        long q = lround(v);
        if (q > ANNALS_WTAB_LUT_MAX) q = ANNALS_WTAB_LUT_MAX;
        lut[128 + k] = (int32_t)q;
        lut[128 - k] = (int32_t)-q;
    }
    /* load factor <= 0.75; <= 0.5 for inline tables, whose slots are all there
    ** is to a lookup (short probe runs for absent features) */
    const int inl = p->n_classes <= ANNALS_WTAB_INLINE_MAX;
    size_t n_slots = 16;
    while (inl ? n_slots < kept_feats * 2 + 2 : n_slots * 3 < kept_feats * 4 + 4) n_slots *= 2;
    annals_wtab_slot *slot = calloc(n_slots, sizeof *slot);
    uint8_t *cls = malloc(p->n_classes + 1), *code = malloc(p->n_classes + 1), *dense = malloc(p->n_classes + 1);
    if (!slot || !cls || !code || !dense) { free(slot); free(cls); free(code); free(dense); return ANNALS_ENOMEM; }
    int rc = 0;
    annals_buf_clear(rows);
    for (size_t i = 0; i < p->tab.cap && rc == 0; i++) {
        const ap_slot *ts = annals_htab_slot(&p->tab, i);
        if (!ts) continue;
        const ap_row *row = &p->row[ts->idx];
        const ap_entry *e = p->pool + row->off;
        uint32_t nk = 0;
        for (uint32_t k = 0; k < row->n; k++) {
            double a = e[k].w - e[k].u / p->c;
            if (fabs(a) < prune || a == 0) continue;
            long q = lround((log(fabs(a)) - lo) / step) + 1;
            if (q < 1) q = 1;
            if (q > 127) q = 127;
            cls[nk] = (uint8_t)e[k].cls;
            code[nk] = (uint8_t)(a > 0 ? 128 + q : 128 - q);
            nk++;
        }
        if (!nk) continue;
        uint64_t h = ts->key;
        if (inl) {
            uint8_t in[4] = { 128, 128, 128, 128 };
            for (uint32_t k = 0; k < nk; k++) in[cls[k]] = code[k];
            size_t j = (size_t)h & (n_slots - 1);
            while (slot[j].check) j = (j + 1) & (n_slots - 1);
            slot[j].check = (uint16_t)(h >> 48) | 1u;
            memcpy(&slot[j].off_lo, in, 2);
            memcpy(&slot[j].off_hi, in + 2, 2);
            continue;
        }
        size_t off = rows->len;
        if (off > UINT32_MAX - 4096) { rc = ANNALS_ETOOBIG; break; }
        if (nk * 3 > p->n_classes * 2) {
            memset(dense, 128, p->n_classes);
            for (uint32_t k = 0; k < nk; k++) dense[cls[k]] = code[k];
            rc = annals_buf_putc(rows, (char)ANNALS_WTAB_DENSE);
            if (rc == 0) rc = annals_buf_append(rows, dense, p->n_classes);
        } else {
            rc = annals_buf_putc(rows, (char)nk);
            if (rc == 0) rc = annals_buf_append(rows, cls, nk);
            if (rc == 0) rc = annals_buf_append(rows, code, nk);
        }
        size_t j = (size_t)h & (n_slots - 1);
        while (slot[j].check) j = (j + 1) & (n_slots - 1);
        slot[j].check = (uint16_t)(h >> 48) | 1u;
        slot[j].off_lo = (uint16_t)off;
        slot[j].off_hi = (uint16_t)(off >> 16);
    }
    annals_buf_clear(keys);
    annals_buf_clear(lut_out);
    if (rc == 0) rc = annals_buf_append(keys, slot, n_slots * sizeof *slot);
    if (rc == 0) rc = annals_buf_append(lut_out, lut, sizeof lut);
    free(slot); free(cls); free(code); free(dense);
    return rc == ANNALS_ETOOBIG ? rc : rc ? ANNALS_ENOMEM : 0;
}
