/* SPDX-License-Identifier: MIT
** mention/dict.c -- phrase dictionaries in a token trie.
**
** Nodes are numbered from 1 (the root). An edge is a slot of one hash table
** (annals_htab) keyed by (parent node, token hash). Entries hang off their
** final node as a singly linked list (several codes for one phrase, e.g. the
** Taliban before and after 2021-08-15). Phrases are tokenized with the segment
** stage so that they split exactly as text does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/dict.h"
#include "annals/meta.h"
#include "annals/segment.h"

typedef struct {
    uint64_t key;      /* first: annals_htab's slot hash, of (parent, token hash) */
    uint32_t parent;
    uint32_t child;
    uint64_t tok;
} edge;

typedef struct {
    uint32_t first_entry;   /* 1-based, 0 = none */
    uint8_t case_mode;      /* of the first entry's phrase */
} node;

enum { CASE_ANY = 0, CASE_UPPER_INIT = 1, CASE_EXACT = 2 };

struct annals_dict {
    annals_htab edges;       /* of edge */
    node *nodes;
    size_t n_nodes, node_cap;
    annals_dict_entry *entries;
    size_t n_entries, entry_cap;
    char **exact;            /* per node with CASE_EXACT: the phrase bytes (tokens joined by \x1f) */
};

static uint64_t edge_key(uint32_t parent, uint64_t tok)
{
    uint64_t k = tok ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
    k ^= k >> 29;
    return k ? k : 1;
}

annals_dict *annals_dict_new(void)
{
    annals_dict *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    annals_htab_init(&d->edges, sizeof(edge), 1024);
    d->node_cap = 512;
    d->nodes = calloc(d->node_cap, sizeof(node));
    d->exact = calloc(d->node_cap, sizeof(char *));
    if (annals_htab_reserve(&d->edges, 1) < 0 || !d->nodes || !d->exact) { annals_dict_free(d); return NULL; }
    d->n_nodes = 2;   /* 0 unused, 1 = root */
    return d;
}

void annals_dict_free(annals_dict *d)
{
    if (!d) return;
    if (d->exact) for (size_t i = 0; i < d->n_nodes; i++) free(d->exact[i]);
    free(d->exact);
    annals_htab_free(&d->edges);
    free(d->nodes);
    free(d->entries);
    free(d);
}

size_t annals_dict_size(const annals_dict *d) { return d ? d->n_entries : 0; }

const annals_dict_entry *annals_dict_entry_at(const annals_dict *d, uint32_t idx)
{
    return idx >= 1 && idx <= d->n_entries ? &d->entries[idx - 1] : NULL;
}

static bool edge_eq(const void *slot, const void *want)
{
    const edge *e = slot, *w = want;
    return e->parent == w->parent && e->tok == w->tok;
}

static uint32_t child_of(const annals_dict *d, uint32_t parent, uint64_t tok)
{
    const edge want = { .parent = parent, .tok = tok };
    const edge *e = annals_htab_find(&d->edges, edge_key(parent, tok), edge_eq, &want);
    return e ? e->child : 0;
}

static uint32_t add_child(annals_dict *d, uint32_t parent, uint64_t tok)
{
    uint32_t c = child_of(d, parent, tok);
    if (c) return c;
    if (annals_htab_reserve(&d->edges, 1) < 0) return 0;
    if (d->n_nodes == d->node_cap) {
        size_t ncap = d->node_cap * 2;
        node *nn = realloc(d->nodes, ncap * sizeof(node));
        if (!nn) return 0;
        d->nodes = nn;
        char **nx = realloc(d->exact, ncap * sizeof(char *));
        if (!nx) return 0;
        d->exact = nx;
        memset(d->nodes + d->node_cap, 0, (ncap - d->node_cap) * sizeof(node));
        memset(d->exact + d->node_cap, 0, (ncap - d->node_cap) * sizeof(char *));
        d->node_cap = ncap;
    }
    c = (uint32_t)d->n_nodes++;
    edge *e = annals_htab_add(&d->edges, edge_key(parent, tok));
    *e = (edge){ .key = e->key, .parent = parent, .child = c, .tok = tok };
    return c;
}

/* Letters in the phrase, and whether all are capitals. */
static int phrase_case(const char *p)
{
    size_t letters = 0, upper = 0;
    for (const char *s = p; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') { letters++; upper++; }
        else if (*s >= 'a' && *s <= 'z') letters++;
    }
    if (letters && letters == upper && letters <= 4) return CASE_EXACT;
    unsigned char c = (unsigned char)p[0];
    if ((c >= 'A' && c <= 'Z') || c >= 0xC3) return (c >= 'A' && c <= 'Z') ? CASE_UPPER_INIT : CASE_ANY;
    return CASE_ANY;
}

/* A token's key: its lower-case hash, with the curly apostrophe of news text read as the
** straight one of the dictionaries ("Peopleâs Liberation Army", "Lordâs Resistance Army"). */
static uint64_t token_key(const char *p, size_t n)
{
    if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99) {
        char buf[16];
        if (n - 2 > sizeof buf) return annals_hash_lower(p, n);
        buf[0] = '\'';
        memcpy(buf + 1, p + 3, n - 3);
        return annals_hash_lower(buf, n - 2);
    }
    return annals_hash_lower(p, n);
}

/* Splits a phrase of plain words (ASCII letters, one space between words, a hyphen only
** between letters) at its spaces, which is how the segment stage cuts such text; false for
** anything else (apostrophes, periods, digits, other scripts), which the segmenter must cut. */
static bool plain_words(const char *p, annals_str *toks, size_t cap, size_t *n)
{
    *n = 0;
    const char *w = p;
    for (const char *s = p;; s++) {
        char c = *s;
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (letter) continue;
        if (c == '-' && s > w && s[1] && ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))) continue;
        if ((c != ' ' && c != '\0') || s == w || *n == cap) return false;
        toks[(*n)++] = (annals_str){ w, (size_t)(s - w) };
        if (!c) return true;
        w = s + 1;
    }
}

int annals_dict_add(annals_dict *d, const char *phrase, annals_dict_kind kind, const char *code,
                    int32_t from, int32_t to, uint16_t flags)
{
    size_t plen = strlen(phrase);
    if (plen == 0 || plen > 512 || strlen(code) >= sizeof(((annals_dict_entry *)0)->code)) return ANNALS_EFORMAT;
    annals_str toks[32];
    size_t nt = 0;
    annals_doc *tmp = NULL;
    int rc = 0;
    if (!plain_words(phrase, toks, 32, &nt)) {
        /* the segmenter's cut, so that phrases split exactly as text does */
        if (annals_doc_new(&tmp, "", "", phrase, plen, NULL) < 0) return ANNALS_ENOMEM;
        tmp->text = (char *)tmp->raw;
        tmp->text_len = tmp->raw_len;
        rc = annals_segment_run(tmp, NULL);
        if (rc < 0 && rc != ANNALS_ENOMEM) rc = ANNALS_EFORMAT;   /* out of memory is no bad line */
        if (rc == 0 && (tmp->n_tok == 0 || tmp->n_tok > 32)) rc = ANNALS_EFORMAT;
        if (rc < 0) goto out;
        nt = tmp->n_tok;
        for (size_t i = 0; i < nt; i++) toks[i] = annals_tok_str(tmp, i);
    }
    uint32_t nd = 1;
    for (size_t i = 0; i < nt; i++) {
        nd = add_child(d, nd, token_key(toks[i].p, toks[i].n));
        if (!nd) { rc = ANNALS_ENOMEM; goto out; }
    }
    annals_dict_entry *ne = annals_grow(d->entries, &d->entry_cap, d->n_entries + 1, sizeof *ne, 1024);
    if (!ne) { rc = ANNALS_ENOMEM; goto out; }
    d->entries = ne;
    annals_dict_entry *e = &d->entries[d->n_entries++];
    memset(e, 0, sizeof *e);
    snprintf(e->code, sizeof e->code, "%s", code);
    e->from = from;
    e->to = to;
    e->kind = (uint8_t)kind;
    e->ntok = (uint8_t)nt;
    e->flags = flags;
    /* append to the node's list, keeping file order */
    uint32_t idx = (uint32_t)d->n_entries;
    if (!d->nodes[nd].first_entry) {
        d->nodes[nd].first_entry = idx;
        d->nodes[nd].case_mode = (uint8_t)phrase_case(phrase);
        if (d->nodes[nd].case_mode == CASE_EXACT) {
            /* exact spelling, tokens joined by \x1f */
            size_t cap = plen + nt + 1, o = 0;
            char *x = malloc(cap);
            if (!x) { rc = ANNALS_ENOMEM; goto out; }
            for (size_t i = 0; i < nt; i++) {
                memcpy(x + o, toks[i].p, toks[i].n);
                o += toks[i].n;
                x[o++] = '\x1f';
            }
            x[o] = '\0';
            d->exact[nd] = x;
        }
    } else {
        uint32_t j = d->nodes[nd].first_entry;
        while (d->entries[j - 1].next) j = d->entries[j - 1].next;
        d->entries[j - 1].next = idx;
    }
out:
    annals_doc_free(tmp);
    return rc;
}

uint64_t *annals_dict_token_keys(const annals_doc *doc)
{
    uint64_t *k = annals_arena_alloc(doc->arena, (doc->n_tok ? doc->n_tok : 1) * sizeof *k);
    if (!k) return NULL;
    for (size_t i = 0; i < doc->n_tok; i++) {
        annals_str t = annals_tok_str(doc, i);
        k[i] = token_key(t.p, t.n);
    }
    return k;
}

static bool case_ok(const annals_dict *d, uint32_t nd, const annals_doc *doc, size_t start, size_t len)
{
    switch (d->nodes[nd].case_mode) {
    case CASE_UPPER_INIT:
        return (doc->tok[start].flags & ANNALS_TOKF_UPPER_INIT) != 0;
    case CASE_EXACT: {
        const char *x = d->exact[nd];
        if (!x) return true;
        for (size_t i = 0; i < len; i++) {
            annals_str t = annals_tok_str(doc, start + i);
            if (strncmp(x, t.p, t.n) != 0 || x[t.n] != '\x1f') return false;
            x += t.n + 1;
        }
        return true;
    }
    default:
        return true;
    }
}

size_t annals_dict_longest(const annals_dict *d, const annals_doc *doc, const uint64_t *keys,
                           size_t start, size_t end, uint32_t *entry_out)
{
    size_t best = 0;
    uint32_t nd = 1;
    for (size_t i = start; i < end && i - start < 32; i++) {
        nd = child_of(d, nd, keys[i]);
        if (!nd) break;
        if (d->nodes[nd].first_entry && case_ok(d, nd, doc, start, i - start + 1)) {
            best = i - start + 1;
            *entry_out = d->nodes[nd].first_entry;
        }
    }
    return best;
}

/* ---- file loading ---- */

static bool parse_dates(const char *s, int32_t *from, int32_t *to)
{
    *from = ANNALS_DATE_OPEN_FROM;
    *to = ANNALS_DATE_OPEN_TO;
    if (!*s) return true;
    const char *dots = strstr(s, "..");
    if (!dots) return false;
    int64_t days;
    if (dots > s) {
        if (!annals_date_parse_iso(s, (size_t)(dots - s), &days)) return false;
        *from = (int32_t)days;
    }
    if (dots[2]) {
        if (!annals_date_parse_iso(dots + 2, strlen(dots + 2), &days)) return false;
        *to = (int32_t)days;
    }
    return *from <= *to;
}

/* The plural of an agent phrase: its last word, or the head before "of" ("minister of
** defense" -> "ministers of defense"). False when it already ends in s or has no letters. */
static bool agent_plural(const char *phrase, char *out, size_t cap)
{
    size_t n = strlen(phrase);
    if (n == 0 || n + 3 >= cap) return false;
    const char *of = strstr(phrase, " of ");
    size_t head_end = of ? (size_t)(of - phrase) : n;
    char last = phrase[head_end - 1];
    if (!((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z'))) return false;
    if (last == 's' || last == 'S') return false;
    if (head_end >= 3 && !strncmp(phrase + head_end - 3, "man", 3)) {   /* chairman -> chairmen */
        snprintf(out, cap, "%.*sen%s", (int)(head_end - 2), phrase, phrase + head_end);
        return true;
    }
    size_t m = annals_en_s_form(phrase, head_end, out, cap, 0);
    if (!m) return false;
    snprintf(out + m, cap - m, "%s", phrase + head_end);
    return true;
}

static void warnf(void (*warn)(void *, const char *), void *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static void warnf(void (*warn)(void *, const char *), void *arg, const char *fmt, ...)
{
    if (!warn) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warn(arg, msg);
}

static bool valid_code(const char *c, size_t min, size_t max)
{
    size_t n = strlen(c);
    if (n < min || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9'))) return false;
    return true;
}

int annals_dict_load_mem(annals_dict *d, const char *name, const char *data, size_t len,
                         void (*warn)(void *, const char *), void *warn_arg, annals_ctx *ctx)
{
    const char *p = data, *end = data + len;
    size_t line_no = 0;
    annals_dict_kind kind = 0;
    int added = 0;
    char line[ANNALS_MAX_DICT_LINE];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line_no++;
        const char *cur = p;
        p = nl ? nl + 1 : end;
        if (n && cur[n - 1] == '\r') n--;
        if (n >= sizeof line) { warnf(warn, warn_arg, "%s:%zu: line too long, skipped", name, line_no); continue; }
        memcpy(line, cur, n);
        line[n] = '\0';
        if (line_no == 1) {
            char kw[32] = "";
            int ver = 0;
            if (sscanf(line, "# annals-dict %d %31s", &ver, kw) != 2)
                return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: missing header '# annals-dict 1 KIND'", name);
            if (ver != 1)
                return annals_error_set(ctx, ANNALS_EVERSION, "%s:1: dictionary format %d, this build reads 1", name, ver);
            if (!strcmp(kw, "actors")) kind = ANNALS_DICT_ACTORS;
            else if (!strcmp(kw, "agents")) kind = ANNALS_DICT_AGENTS;
            else if (!strcmp(kw, "people")) kind = ANNALS_DICT_PEOPLE;
            else if (!strcmp(kw, "places")) kind = ANNALS_DICT_PLACES;
            else return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: unknown dictionary kind '%s'", name, kw);
            continue;
        }
        if (line[0] == '#' || line[0] == '\0') continue;
        char *f[6] = { 0 };
        int nf = 0;
        char *s = line;
        while (nf < 6) {
            f[nf++] = s;
            char *t = strchr(s, '\t');
            if (!t) break;
            *t = '\0';
            s = t + 1;
        }
        for (int i = 0; i < nf; i++) {             /* trim spaces around fields */
            while (*f[i] == ' ') f[i]++;
            size_t l = strlen(f[i]);
            while (l && f[i][l - 1] == ' ') f[i][--l] = '\0';
        }
        int32_t from = ANNALS_DATE_OPEN_FROM, to = ANNALS_DATE_OPEN_TO;
        uint16_t flags = 0;
        const char *code = nf > 1 ? f[1] : "";
        bool ok = nf >= 2 && f[0][0];
        switch (kind) {
        case ANNALS_DICT_ACTORS:
            ok = ok && valid_code(code, 3, 15) && (nf < 3 || parse_dates(f[2], &from, &to));
            break;
        case ANNALS_DICT_PEOPLE:
            ok = ok && valid_code(code, 3, 15) && (nf < 3 || parse_dates(f[2], &from, &to));
            flags = ANNALS_MENTF_PERSON;
            break;
        case ANNALS_DICT_AGENTS:
            ok = ok && nf >= 3 && valid_code(code, 3, 3);
            if (ok) {
                if (!strcmp(f[2], "title")) flags = ANNALS_MENTF_TITLE;
                else if (!strcmp(f[2], "body")) flags = ANNALS_MENTF_BODY;
                else if (!strcmp(f[2], "group")) flags = ANNALS_MENTF_GROUP;
                else ok = false;
            }
            break;
        case ANNALS_DICT_PLACES:
            ok = ok && valid_code(code, 3, 3);
            if (ok && nf >= 3 && !strcmp(f[2], "capital")) flags = ANNALS_MENTF_CAPITAL;
            break;
        }
        if (!ok) {
            warnf(warn, warn_arg, "%s:%zu: malformed %s line, skipped", name, line_no,
                  kind == ANNALS_DICT_ACTORS ? "actor" : kind == ANNALS_DICT_AGENTS ? "agent"
                  : kind == ANNALS_DICT_PEOPLE ? "person" : "place");
            continue;
        }
        int rc = annals_dict_add(d, f[0], kind, code, from, to, flags);
        if (rc == ANNALS_ENOMEM) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name);
        if (rc < 0) { warnf(warn, warn_arg, "%s:%zu: phrase cannot be used, skipped", name, line_no); continue; }
        added++;
        /* agents: the plural too ("crowd" -> "crowds"); a plural of a title names a group */
        char plural[600];
        if (kind == ANNALS_DICT_AGENTS && agent_plural(f[0], plural, sizeof plural)) {
            uint16_t pf = (flags & ANNALS_MENTF_TITLE) ? ANNALS_MENTF_GROUP : flags;
            if (annals_dict_add(d, plural, kind, code, from, to, pf) == ANNALS_ENOMEM)
                return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", name);
        }
    }
    if (!kind) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: empty dictionary file", name);
    return added;
}

int annals_dict_load_file(annals_dict *d, const char *path,
                          void (*warn)(void *, const char *), void *warn_arg, annals_ctx *ctx)
{
    char *buf;
    size_t len;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_ACTOR_FILE, ctx);
    if (rc < 0) return rc;
    rc = annals_dict_load_mem(d, path, buf, len, warn, warn_arg, ctx);
    free(buf);
    return rc;
}

bool annals_actor_code_is_state(const char *code)
{
    static const char *const NOT_STATE[] = { "IGO", "NGO", "IMG", "NGM", "MNC", "UIS", "AFR", "ASA",
        "EUR", "MEA", "WST", "SAM", "CAS", "SAS", "SEA", "BLK", "CRB", "CAU", "SCN", "DEV", NULL };
    if (strlen(code) < 3) return false;
    for (size_t i = 0; NOT_STATE[i]; i++) if (!strncmp(code, NOT_STATE[i], 3)) return false;
    return true;
}
