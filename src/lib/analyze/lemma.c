/* SPDX-License-Identifier: MIT
** analyze/lemma.c -- lemmas for verbs, nouns and adjectives: rules + exceptions.
**
** Irregular forms come from data/lemma/NAME-exc.txt (WordNet's exception lists,
** tools/gen_lemma.py); regular inflection is undone by suffix rules whose
** candidates are checked against WordNet base forms (verb-base.txt,
** noun-base.txt): "making" -> "mak"? no; "make"? yes. Auxiliaries and clitics
** ('s, 're, n't, ca, wo) are a small table here. Which rules apply depends on
** the Penn tag: VBZ/VBD/VBN/VBG, NNS/NNPS, JJR/JJS/RBR/RBS. Anything else gets
** its lower-cased form. Tables are read-only after loading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/tag.h"
#include "annals/util.h"
#include "analyze_internal.h"

typedef struct { const char *key, *val; uint32_t klen; } lent;
typedef struct { lent *e; size_t mask; } ltab;

struct an_lemmatizer {
    char *store[5];
    ltab verb_exc, noun_exc, adj_exc, verb_base, noun_base;
    int vb, vbp, vbz, nns, nnps;      /* XPOS ids, looked up once */
};

static uint64_t h_str(const char *s, size_t n) { return annals_hash(s, n); }

static const lent *ltab_find(const ltab *t, const char *s, size_t n)
{
    if (!t->e) return NULL;
    for (size_t i = h_str(s, n) & t->mask;; i = (i + 1) & t->mask) {
        if (!t->e[i].key) return NULL;
        if (t->e[i].klen == n && !memcmp(t->e[i].key, s, n)) return &t->e[i];
    }
}

/* Parses "key[ value]" lines of buf in place (comments '#'). */
static int ltab_load(ltab *t, char **store, const char *dir, const char *file, annals_ctx *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *buf;
    size_t len;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_LEMMA_FILE, ctx);
    if (rc < 0) return rc;
    if (len < 16 || memcmp(buf, "# annals-lemma 1", 16) != 0) {
        free(buf);
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: expected '# annals-lemma 1'", path);
    }
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    size_t cap = 16;
    while (cap < lines * 2 + 2) cap *= 2;
    t->e = calloc(cap, sizeof *t->e);
    if (!t->e) { free(buf); return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path); }
    t->mask = cap - 1;
    *store = buf;
    char *p = buf, *end = buf + len;
    size_t lineno = 0;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        *nl = '\0';
        lineno++;
        if (*p && *p != '#') {
            char *sp = strchr(p, ' ');
            const char *val = NULL;
            if (sp) { *sp = '\0'; val = sp + 1; }
            size_t kn = strlen(p);
            if (kn == 0 || (sp && !*val))
                return annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: expected 'form lemma' or 'lemma'", path, lineno);
            size_t i = h_str(p, kn) & t->mask;
            while (t->e[i].key && !(t->e[i].klen == kn && !memcmp(t->e[i].key, p, kn))) i = (i + 1) & t->mask;
            if (!t->e[i].key) t->e[i] = (lent){ p, val ? val : p, (uint32_t)kn };
        }
        p = nl + 1;
    }
    return 0;
}

void annals_analyze_lemma_free(an_lemmatizer *l)
{
    if (!l) return;
    for (int i = 0; i < 5; i++) free(l->store[i]);
    free(l->verb_exc.e); free(l->noun_exc.e); free(l->adj_exc.e);
    free(l->verb_base.e); free(l->noun_base.e);
    free(l);
}

int annals_analyze_lemma_open(an_lemmatizer **out, const char *dir, annals_ctx *ctx)
{
    *out = NULL;
    an_lemmatizer *l = calloc(1, sizeof *l);
    if (!l) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    l->vb = annals_xpos_id("VB");
    l->vbp = annals_xpos_id("VBP");
    l->vbz = annals_xpos_id("VBZ");
    l->nns = annals_xpos_id("NNS");
    l->nnps = annals_xpos_id("NNPS");
    int rc = 0;
    if (dir) {
        if (rc == 0) rc = ltab_load(&l->verb_exc, &l->store[0], dir, "verb-exc.txt", ctx);
        if (rc == 0) rc = ltab_load(&l->noun_exc, &l->store[1], dir, "noun-exc.txt", ctx);
        if (rc == 0) rc = ltab_load(&l->adj_exc, &l->store[2], dir, "adj-exc.txt", ctx);
        if (rc == 0) rc = ltab_load(&l->verb_base, &l->store[3], dir, "verb-base.txt", ctx);
        if (rc == 0) rc = ltab_load(&l->noun_base, &l->store[4], dir, "noun-base.txt", ctx);
    }
    if (rc < 0) { annals_analyze_lemma_free(l); return rc; }
    *out = l;
    return 0;
}

static const struct { const char *form, *lemma; } special[] = {
    { "is", "be" }, { "am", "be" }, { "are", "be" }, { "was", "be" }, { "were", "be" },
    { "been", "be" }, { "being", "be" }, { "'m", "be" }, { "'re", "be" }, { "m", "be" },
    { "has", "have" }, { "had", "have" }, { "having", "have" }, { "'ve", "have" },
    { "does", "do" }, { "did", "do" }, { "done", "do" }, { "doing", "do" },
    { "ca", "can" }, { "wo", "will" }, { "'ll", "will" }, { "'d", "would" }, { "n't", "not" },
    { "nt", "not" }, { "gon", "go" }, { "wan", "want" }, { "got", "get" }, { "gotten", "get" },
};

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* Writes stem + add into out (cap 64); returns its length or 0. */
static size_t mk(char *out, const char *w, size_t keep, const char *add)
{
    size_t a = strlen(add);
    if (keep == 0 || keep + a >= 64) return 0;
    memcpy(out, w, keep);
    memcpy(out + keep, add, a + 1);
    return keep + a;
}

static int ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && !memcmp(w + n - k, suf, k);
}

/* Regular inflection: candidates in order; the first one in base wins, else
** the fallback (index into cand) is used. */
static const char *pick(const ltab *base, char cand[][64], size_t *clen, int nc, int fallback)
{
    for (int i = 0; i < nc; i++)
        if (clen[i] && ltab_find(base, cand[i], clen[i])) return cand[i];
    return fallback >= 0 && fallback < nc && clen[fallback] ? cand[fallback] : NULL;
}

static const char *verb_rules(const an_lemmatizer *l, const char *w, size_t n, int xpos, char cand[][64])
{
    size_t c[6] = { 0 };
    const char *x = annals_xpos_name((unsigned)xpos);
    if (!strcmp(x, "VBZ")) {
        if (ends(w, n, "ies")) c[0] = mk(cand[0], w, n - 3, "y");
        if (ends(w, n, "es")) c[1] = mk(cand[1], w, n - 2, "");
        if (ends(w, n, "s")) c[2] = mk(cand[2], w, n - 1, "");
        return pick(&l->verb_base, cand, c, 3, c[0] ? 0 : (c[1] && (ends(w, n, "sses") || ends(w, n, "ches") ||
                    ends(w, n, "shes") || ends(w, n, "xes") || ends(w, n, "zes") || ends(w, n, "oes"))) ? 1 : 2);
    }
    if (!strcmp(x, "VBD") || !strcmp(x, "VBN") || !strcmp(x, "VBG")) {
        int ing = !strcmp(x, "VBG");
        const char *suf = ing ? "ing" : "ed";
        size_t k = strlen(suf);
        if (!ends(w, n, suf)) return NULL;
        size_t s = n - k;
        if (!ing && ends(w, n, "ied")) c[0] = mk(cand[0], w, n - 3, "y");
        c[1] = mk(cand[1], w, s, "");
        c[2] = mk(cand[2], w, s, "e");
        if (s >= 2 && w[s - 1] == w[s - 2] && !is_vowel(w[s - 1])) c[3] = mk(cand[3], w, s - 1, "");
        if (ing && ends(w, n, "ying")) c[4] = mk(cand[4], w, n - 4, "ie");
        int fb = c[0] ? 0 : c[3] && w[s - 1] != 'l' && w[s - 1] != 's' ? 3 : 1;
        return pick(&l->verb_base, cand, c, 5, fb);
    }
    return NULL;
}

static const char *noun_rules(const an_lemmatizer *l, const char *w, size_t n, char cand[][64])
{
    size_t c[6] = { 0 };
    if (!ends(w, n, "s") || ends(w, n, "ss") || ends(w, n, "us") || ends(w, n, "is")) return NULL;
    if (ends(w, n, "ies")) c[0] = mk(cand[0], w, n - 3, "y");
    if (ends(w, n, "ves")) { c[1] = mk(cand[1], w, n - 3, "f"); c[2] = mk(cand[2], w, n - 3, "fe"); }
    if (ends(w, n, "es")) c[3] = mk(cand[3], w, n - 2, "");
    c[4] = mk(cand[4], w, n - 1, "");
    int fb = c[0] ? 0 : (c[3] && (ends(w, n, "sses") || ends(w, n, "ches") || ends(w, n, "shes") ||
                                  ends(w, n, "xes") || ends(w, n, "zzes"))) ? 3 : 4;
    return pick(&l->noun_base, cand, c, 5, fb);
}

static const char *adj_rules(const char *w, size_t n, int xpos, char cand[][64])
{
    const char *x = annals_xpos_name((unsigned)xpos);
    int cmp = !strcmp(x, "JJR") || !strcmp(x, "RBR"), sup = !strcmp(x, "JJS") || !strcmp(x, "RBS");
    const char *suf = cmp ? "er" : sup ? "est" : NULL;
    if (!suf || !ends(w, n, suf) || n < strlen(suf) + 3) return NULL;
    size_t s = n - strlen(suf);
    if (w[s - 1] == 'i') return mk(cand[0], w, s - 1, "y") ? cand[0] : NULL;
    if (s >= 2 && w[s - 1] == w[s - 2] && !is_vowel(w[s - 1]) && w[s - 1] != 'l' && w[s - 1] != 's')
        return mk(cand[0], w, s - 1, "") ? cand[0] : NULL;
    if (w[s - 1] == 'g' || w[s - 1] == 'r' || w[s - 1] == 'v' || w[s - 1] == 'c' || w[s - 1] == 'u' ||
        (w[s - 1] == 's' && w[s - 2] != 's'))
        return mk(cand[0], w, s, "e") ? cand[0] : NULL;        /* larger, rarer, braver, nicer, truer */
    return mk(cand[0], w, s, "") ? cand[0] : NULL;
}

const char *annals_analyze_lemma(const an_lemmatizer *l, annals_arena *a, const char *s, size_t n, int upos, int xpos)
{
    char low[64], cand[6][64];
    if (n == 0 || n >= sizeof low) {
        char *r = annals_arena_strndup(a, s, n);
        if (r) for (size_t i = 0; i < n; i++) r[i] = (char)annals_ascii_lower((unsigned char)r[i]);
        return r;
    }
    for (size_t i = 0; i < n; i++) low[i] = (char)annals_ascii_lower((unsigned char)s[i]);
    low[n] = '\0';
    /* curly apostrophes as straight ones for the clitic table */
    if (n >= 3 && (unsigned char)low[0] == 0xE2 && (unsigned char)low[1] == 0x80 && (unsigned char)low[2] == 0x99) {
        low[0] = '\'';
        memmove(low + 1, low + 3, n - 2);
        n -= 2;
    }
    const char *r = NULL;
    if (upos == ANNALS_UPOS_AUX || upos == ANNALS_UPOS_VERB || upos == ANNALS_UPOS_PART) {
        for (size_t i = 0; i < sizeof special / sizeof special[0] && !r; i++)
            if (!strcmp(low, special[i].form)) r = special[i].lemma;
        if (!strcmp(low, "'s") && upos != ANNALS_UPOS_PART) r = xpos == l->vbz ? "be" : "'s";
    }
    if (!r && (upos == ANNALS_UPOS_VERB || upos == ANNALS_UPOS_AUX)) {
        if (xpos != l->vb && xpos != l->vbp) {
            const lent *e = ltab_find(&l->verb_exc, low, n);
            r = e ? e->val : verb_rules(l, low, n, xpos, cand);
        }
    } else if (!r && (upos == ANNALS_UPOS_NOUN || upos == ANNALS_UPOS_PROPN) &&
               (xpos == l->nns || xpos == l->nnps)) {
        const lent *e = ltab_find(&l->noun_exc, low, n);
        r = e ? e->val : noun_rules(l, low, n, cand);
    } else if (!r && (upos == ANNALS_UPOS_ADJ || upos == ANNALS_UPOS_ADV)) {
        const lent *e = ltab_find(&l->adj_exc, low, n);
        r = e ? e->val : adj_rules(low, n, xpos, cand);
    }
    return annals_arena_strdup(a, r ? r : low);
}
