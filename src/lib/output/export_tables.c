/* SPDX-License-Identifier: MIT
** output/export_tables.c -- the lookup tables of `annals export`, loaded once.
**
** data/country-codes.tsv (ISO3 -> FIPS 10-4, COW number, name), data/plover.tsv (CAMEO
** event code -> PLOVER event, mode, context, quad), data/actor-codes.tsv (3-letter actor
** groups -> kind, PLOVER sector) and data/places.txt (place -> ISO3, kind, coordinates);
** sources in data/SOURCES.md. Each file is read whole and cut in place: its fields are
** pointers into the buffer, found through one hash table per file. Also cuts a CAMEO
** actor code into the parts GDELT and PLOVER name (annals_export_actor_parts). */
#include <stdlib.h>
#include <string.h>
#include "annals/export.h"

typedef struct { uint64_t h; const char *key; char **f; } row_slot;

typedef struct {
    char *buf;
    char **fields;              /* nf per row */
    size_t n_rows, nf;
    annals_htab index;          /* field 0 -> row (places: case-folded) */
    bool fold;
} table;

struct annals_export_tables {
    table country, plover, actor, place;
    annals_country_info *countries;
    annals_place_info *places;
};

static uint64_t key_hash(const char *k, bool fold)
{
    return fold ? annals_hash_lower(k, strlen(k)) : annals_hash(k, strlen(k));
}

static bool key_eq(const void *slot, const void *arg)
{
    return !strcmp(((const row_slot *)slot)->key, (const char *)arg);
}

static bool key_ieq(const void *slot, const void *arg)
{
    const char *a = ((const row_slot *)slot)->key, *b = arg;
    size_t n = strlen(a);
    return n == strlen(b) && annals_str_ieq((annals_str){ a, n }, (annals_str){ b, n });
}

/* Reads data_dir/name: '#' lines skipped, nf tab-separated fields a line, "-" read as NULL. */
static int load_table(table *t, const char *data_dir, const char *name, size_t nf, bool fold, annals_ctx *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    size_t len;
    int rc = annals_read_file(&t->buf, &len, path, ANNALS_MAX_EXPORT_TABLE, ctx);
    if (rc < 0) return rc;
    t->nf = nf;
    t->fold = fold;
    annals_htab_init(&t->index, sizeof(row_slot), 256);
    size_t cap = 0, lineno = 0;
    char *line;
    for (char *p = t->buf; (line = annals_next_line(&p, t->buf + len));) {
        lineno++;
        if (!*line || *line == '#') continue;
        char **nfl = annals_grow(t->fields, &cap, (t->n_rows + 1) * nf, sizeof *nfl, 256 * nf);
        if (!nfl) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
        t->fields = nfl;
        char **f = &t->fields[t->n_rows * nf];
        size_t k = 0;
        for (char *s = line;;) {
            if (k == nf) return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: more than %zu fields",
                                                 path, lineno, nf);
            f[k++] = s;
            char *tab = strchr(s, '\t');
            if (!tab) break;
            *tab = '\0';
            s = tab + 1;
        }
        if (k != nf) return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: expected %zu tab-separated"
                                             " fields", path, lineno, nf);
        for (size_t i = 1; i < nf; i++)
            if (!strcmp(f[i], "-")) f[i] = NULL;
        uint64_t h = key_hash(f[0], fold);
        if (annals_htab_find(&t->index, h, fold ? key_ieq : key_eq, f[0])) { t->n_rows++; continue; }
        row_slot *sl = annals_htab_add(&t->index, h);
        if (!sl) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
        sl->key = f[0];
        sl->f = NULL;            /* set below: the fields array may still move */
        t->n_rows++;
    }
    /* the rows are in place now: point each slot at its row (first row of a key wins) */
    for (size_t r = 0; r < t->n_rows; r++) {
        char **f = &t->fields[r * nf];
        row_slot *sl = annals_htab_find(&t->index, key_hash(f[0], fold), fold ? key_ieq : key_eq, f[0]);
        if (sl && !sl->f) sl->f = f;
    }
    return 0;
}

static char **lookup(const table *t, const char *key)
{
    if (!key || !t->index.slot) return NULL;
    const row_slot *sl = annals_htab_find(&t->index, key_hash(key, t->fold), t->fold ? key_ieq : key_eq, key);
    return sl ? sl->f : NULL;
}

static void free_table(table *t)
{
    annals_htab_free(&t->index);
    free(t->fields);
    free(t->buf);
}

void annals_export_tables_free(annals_export_tables *t)
{
    if (!t) return;
    free_table(&t->country);
    free_table(&t->plover);
    free_table(&t->actor);
    free_table(&t->place);
    free(t->countries);
    free(t->places);
    free(t);
}

int annals_export_tables_load(annals_export_tables **out, const char *data_dir, annals_ctx *ctx)
{
    *out = NULL;
    annals_export_tables *t = calloc(1, sizeof *t);
    if (!t) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    int rc;
    if ((rc = load_table(&t->country, data_dir, "country-codes.tsv", 4, false, ctx)) < 0 ||
        (rc = load_table(&t->plover, data_dir, "plover.tsv", 5, false, ctx)) < 0 ||
        (rc = load_table(&t->actor, data_dir, "actor-codes.tsv", 4, false, ctx)) < 0 ||
        (rc = load_table(&t->place, data_dir, "places.txt", 5, true, ctx)) < 0) {
        annals_export_tables_free(t);
        return rc;
    }
    /* typed rows for the callers: the same order as the table rows */
    t->countries = calloc(t->country.n_rows + 1, sizeof *t->countries);
    t->places = calloc(t->place.n_rows + 1, sizeof *t->places);
    if (!t->countries || !t->places) {
        annals_export_tables_free(t);
        return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    }
    for (size_t r = 0; r < t->country.n_rows; r++) {
        char **f = &t->country.fields[r * 4];
        t->countries[r] = (annals_country_info){ f[1], f[2], f[3] };
    }
    for (size_t r = 0; r < t->place.n_rows; r++) {
        char **f = &t->place.fields[r * 5];
        t->places[r] = (annals_place_info){ f[1], f[2], f[3] ? atof(f[3]) : 0, f[4] ? atof(f[4]) : 0 };
    }
    *out = t;
    return 0;
}

const annals_country_info *annals_export_country(const annals_export_tables *t, const char *iso3)
{
    char **f = t ? lookup(&t->country, iso3) : NULL;
    return f ? &t->countries[(size_t)(f - t->country.fields) / 4] : NULL;
}

const annals_place_info *annals_export_place(const annals_export_tables *t, const char *name)
{
    char **f = t ? lookup(&t->place, name) : NULL;
    return f && f[1] ? &t->places[(size_t)(f - t->place.fields) / 5] : NULL;
}

bool annals_export_plover(const annals_export_tables *t, const char *code, annals_plover_info *out)
{
    memset(out, 0, sizeof *out);
    if (!t || !code) return false;
    char key[5];
    size_t n = strnlen(code, 4);
    for (; n >= 2; n--) {                    /* 0841, then 084, then 08 */
        memcpy(key, code, n);
        key[n] = '\0';
        char **f = lookup(&t->plover, key);
        if (!f) continue;
        if (f[1] && strcmp(f[1], "dropped")) {
            out->event = f[1];
            out->mode = f[2];
            out->context = f[3];
            out->quad = f[4] ? atoi(f[4]) : 0;
        }
        return true;
    }
    return false;
}

void annals_export_actor_parts(const annals_export_tables *t, const char *code, annals_actor_parts *out)
{
    memset(out, 0, sizeof *out);
    size_t n = code ? strlen(code) : 0;
    int n_type = 0, n_rel = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        char g[4] = { code[i], code[i + 1], code[i + 2], '\0' };
        char **f = t ? lookup(&t->actor, g) : NULL;
        const char *kind = f ? f[1] : NULL;
        if (i == 0 && annals_export_country(t, g)) {
            memcpy(out->country, g, 4);
            out->country_is_state = true;
        } else if (i == 0 && kind && !strcmp(kind, "region")) {
            memcpy(out->country, g, 4);
        } else if (kind && (!strcmp(kind, "role") || !strcmp(kind, "international"))) {
            if (n_type < 3) {
                memcpy(out->type[n_type], g, 4);
                if (f[2]) memcpy(out->sector[n_type], f[2], strnlen(f[2], 3));
                n_type++;
            }
        } else if (kind && !strcmp(kind, "religion")) {
            if (n_rel < 2) memcpy(out->religion[n_rel++], g, 4);
        } else if (!kind && !annals_export_country(t, g) && !out->known_group[0]) {
            memcpy(out->known_group, g, 4);
        }
    }
}
