/* SPDX-License-Identifier: MIT
** compat/dict.c -- readers for PETRARCH and TABARI dictionaries.
**
** Verbs: synonym sets (&LABEL then +phrase lines; plurals made unless the label
** or phrase ends in '_'), verb blocks ("--- NAME [CODE] ---" in PETRARCH, one
** block per verb line in TABARI), verb lines (WORD {IRREGULAR FORMS} [CODE],
** +MULTI_WORD with '+' on the verb word) and patterns ("- words * words [CODE]"
** with $ source, + target, % both, ^ skip, &SYNSET, '_' for adjacent words,
** (PREP NOUN) and {NOUN PHRASE} groups, TABARI { A | B } alternatives).
** Actors: a phrase line, +synonyms, [CODE], [CODE <date], [CODE >date],
** [CODE date-date] (first restriction that holds wins, else the plain code).
** Agents: PHRASE {PLURAL} [~CODE] or [CODE~], !MARK! = A, B substitutions.
** Discards (+ = whole story), issues, TABARI .options. Every line that cannot
** be read is reported as file:line and skipped. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat_int.h"
#include "annals/error.h"

#define GROW(arr, n, cap, extra)                                                \
    do {                                                                        \
        if ((n) + (extra) > (cap)) {                                            \
            uint32_t nc_ = (cap) ? (cap) * 2 : 256;                             \
            while (nc_ < (n) + (extra)) nc_ *= 2;                               \
            void *np_ = realloc((arr), (size_t)nc_ * sizeof *(arr));            \
            if (!np_) return ANNALS_ENOMEM;                                     \
            (arr) = np_;                                                        \
            (cap) = nc_;                                                        \
        }                                                                       \
    } while (0)

compat_dict *cd_new(bool tabari)
{
    compat_dict *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->arena = annals_arena_new(256 * 1024);
    if (!d->arena) { free(d); return NULL; }
    d->words.arena = d->arena;
    d->tabari = tabari;
    d->n_nodes = 2;   /* 0 unused, 1 root */
    d->cap_nodes = 1024;
    d->nodes = calloc(d->cap_nodes, sizeof *d->nodes);
    d->n_disc_nodes = 2;
    d->cap_disc_nodes = 256;
    d->disc_kind = calloc(d->cap_disc_nodes, 1);
    if (!d->nodes || !d->disc_kind) { cd_free(d); return NULL; }
    d->opt_time_shift = true;
    d->require_dyad = true;
    /* TABARI's COMMA: defaults (initial clauses never deleted) */
    /* TABARI leaves very short sentences uncoded unless SET: MINIMUM WORDS lowers the limit
    ** (the validation suite: 4 words are not coded by default, and are after "= 4") */
    d->min_words = tabari ? 5 : 0;
    /* comma-delimited clauses: TABARI's COMMA: defaults (initial clauses never deleted);
    ** PETRARCH2's comma_* <Config> defaults (2-8, 2-8, 0-0) */
    d->comma_on = true;
    d->comma_min = 2; d->comma_max = tabari ? 10 : 8;
    d->comma_emin = 2; d->comma_emax = tabari ? 10 : 8;
    d->comma_bmin = tabari ? 255 : 0; d->comma_bmax = 0;
    return d;
}

void cd_free(compat_dict *d)
{
    if (!d) return;
    cmap_free(&d->words.map);
    free(d->words.w);
    free(d->words.len);
    free(d->els);
    free(d->syn);
    cmap_free(&d->syn_by_name);
    free(d->syn_phr);
    free(d->pat);
    free(d->blk);
    free(d->vb);
    free(d->vf);
    cmap_free(&d->form_map);
    cmap_free(&d->stem_form_map);
    cmap_free(&d->edges);
    free(d->nodes);
    free(d->act);
    free(d->dc);
    cmap_free(&d->disc_edges);
    cmap_free(&d->pos_words);
    free(d->disc_kind);
    annals_arena_free(d->arena);
    free(d);
}

uint32_t cd_word(compat_dict *d, const char *s, size_t n)
{
    return wtab_add(&d->words, s, n);
}

uint32_t cd_synset(compat_dict *d, const char *name, size_t n, bool create)
{
    uint32_t w = create ? cd_word(d, name, n) : wtab_find(&d->words, name, n);
    if (!w) return 0;
    uint32_t idx = cmap_get(&d->syn_by_name, w);
    if (idx || !create) return idx;
    if (d->n_syn + 1 > d->cap_syn) {
        uint32_t nc = d->cap_syn ? d->cap_syn * 2 : 64;
        synset *ns = realloc(d->syn, nc * sizeof *ns);
        if (!ns) return 0;
        d->syn = ns;
        d->cap_syn = nc;
    }
    d->syn[d->n_syn] = (synset){ .name = w };
    idx = ++d->n_syn;
    if (cmap_put(&d->syn_by_name, w, idx) < 0) return 0;
    return idx;
}

/* ---- inflection ---- */

static bool is_vowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

/* Regular plural of an upper-case noun into out (cap >= n + 3). */
static size_t plural(const char *w, size_t n, char *out)
{
    memcpy(out, w, n);
    if (n >= 2 && w[n - 1] == 'Y' && !is_vowel(w[n - 2])) {
        memcpy(out + n - 1, "IES", 3);
        return n + 2;
    }
    if ((n >= 1 && (w[n - 1] == 'S' || w[n - 1] == 'X' || w[n - 1] == 'Z'))
        || (n >= 2 && w[n - 1] == 'H' && (w[n - 2] == 'C' || w[n - 2] == 'S'))) {
        memcpy(out + n, "ES", 2);
        return n + 2;
    }
    out[n] = 'S';
    return n + 1;
}

/* Regular verb forms: -S/-ES, -ED/-D/-IED, -ING (and doubled final consonant). */
static int verb_forms(const char *w, size_t n, char forms[][64], int max)
{
    int k = 0;
    if (n == 0 || n > 56) return 0;
    memcpy(forms[k], w, n); forms[k][n] = 0; k++;
    char tmp[64];
    size_t m = plural(w, n, tmp);
    memcpy(forms[k], tmp, m); forms[k][m] = 0; k++;
    char last = w[n - 1];
    if (last == 'E') {
        snprintf(forms[k++], 64, "%.*sD", (int)n, w);
        if (n >= 2 && w[n - 2] == 'E') snprintf(forms[k++], 64, "%.*sING", (int)n, w);
        else snprintf(forms[k++], 64, "%.*sING", (int)(n - 1), w);
    } else if (last == 'Y' && n >= 2 && !is_vowel(w[n - 2])) {
        snprintf(forms[k++], 64, "%.*sIED", (int)(n - 1), w);
        snprintf(forms[k++], 64, "%.*sING", (int)n, w);
    } else {
        snprintf(forms[k++], 64, "%.*sED", (int)n, w);
        snprintf(forms[k++], 64, "%.*sING", (int)n, w);
        if (n >= 3 && !is_vowel(last) && last != 'W' && last != 'X' && last != 'Y' && is_vowel(w[n - 2])
            && !is_vowel(w[n - 3]) && k + 2 <= max) {
            snprintf(forms[k++], 64, "%.*s%cED", (int)n, w, last);
            snprintf(forms[k++], 64, "%.*s%cING", (int)n, w, last);
        }
    }
    return k;
}

/* ---- elements ---- */

static int push_el(compat_dict *d, pel e)
{
    GROW(d->els, d->n_els, d->cap_els, 1);
    d->els[d->n_els++] = e;
    return 0;
}

static int add_syn_phrase(compat_dict *d, uint32_t syn, uint32_t el, uint32_t n_el);

/* Parses pattern text into elements appended to d->els. Returns the number of
** elements, or < 0: -2 undefined synset (named in *bad), -3 syntax. */
static int parse_elems(compat_dict *d, const char *text, bool all_consec, char *bad, size_t badlen)
{
    char buf[1024];
    size_t n = strlen(text);
    if (n >= sizeof buf) return -3;
    /* braces: {A B} -> A_B; { A | B } -> anonymous synset \x01N */
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '{') {
            const char *close = strchr(text + i, '}');
            if (!close) return -3;
            size_t len = (size_t)(close - (text + i)) - 1;
            const char *in = text + i + 1;
            if (memchr(in, '|', len)) {
                char nm[32];
                snprintf(nm, sizeof nm, "{ALT%u}", d->n_syn + 1);
                uint32_t s = cd_synset(d, nm, strlen(nm), true);
                if (!s) return ANNALS_ENOMEM;
                d->syn[s - 1].defined = true;
                const char *a = in, *end = in + len;
                while (a < end) {
                    const char *bar = memchr(a, '|', (size_t)(end - a));
                    if (!bar) bar = end;
                    char alt[256];
                    size_t al = (size_t)(bar - a);
                    if (al >= sizeof alt) return -3;
                    memcpy(alt, a, al);
                    alt[al] = 0;
                    uint32_t start = d->n_els;
                    int k = parse_elems(d, alt, true, bad, badlen);
                    if (k < 0) return k;
                    if (k > 0 && add_syn_phrase(d, s, start, (uint32_t)k) < 0) return ANNALS_ENOMEM;
                    a = bar + 1;
                }
                /* "WORD_{ A | B }": the alternatives must follow WORD directly */
                bool glued = o > 0 && buf[o - 1] == '_';
                int w = snprintf(buf + o, sizeof buf - o, glued ? "\x01%u" : " \x01%u", s);
                if (w < 0 || (size_t)w >= sizeof buf - o) return -3;
                o += (size_t)w;
                /* a following '_' keeps its meaning */
            } else {
                for (size_t j = 0; j < len && o + 1 < sizeof buf; j++) {
                    char c = in[j];
                    if (c == ' ' && j > 0 && j + 1 < len && in[j + 1] != ' ' && in[j - 1] != ' ') c = '_';
                    else if (c == ' ') continue;
                    buf[o++] = c;
                }
            }
            i = (size_t)(close - text);
            continue;
        }
        char c = text[i];
        if (c == '(' || c == ')') c = ' ';
        if (o + 1 >= sizeof buf) return -3;
        buf[o++] = c;
    }
    buf[o] = 0;
    /* undo the temporary element area: elements of this pattern start here */
    int count = 0;
    char *save = NULL;
    for (char *chunk = strtok_r(buf, " ", &save); chunk; chunk = strtok_r(NULL, " ", &save)) {
        bool first = true;
        char *p = chunk;
        while (*p) {
            char *u = p;
            /* a part ends at '_' except inside a \x01N reference */
            while (*u && *u != '_') u++;
            size_t len = (size_t)(u - p);
            bool trailing_us = *u == '_';
            pel e = { 0 };
            e.consec = (!first || (all_consec && count > 0)) ? 1 : 0;
            if (len == 0) { p = trailing_us ? u + 1 : u; first = false; continue; }
            if ((len == 1 && p[0] == '*') || (len == 2 && p[0] == '*' && p[1] == '*')) e.kind = EL_VERB;
            else if (len == 1 && p[0] == '$') e.kind = EL_SRC;
            else if (len == 1 && p[0] == '+') e.kind = EL_TGT;
            else if (len == 1 && p[0] == '%') e.kind = EL_CMP;
            else if (len == 1 && p[0] == '^') e.kind = EL_SKIP;
            else if (p[0] == '\x01') {
                e.kind = EL_SYN;
                e.id = (uint32_t)strtoul(p + 1, NULL, 10);
            } else if (p[0] == '&') {
                size_t l = len - 1;
                const char *nm = p + 1;
                if (l > 0 && nm[l - 1] == '_') l--;
                uint32_t s = cd_synset(d, nm, l, false);
                if (!s) {   /* also try with the trailing '_' some labels keep */
                    s = cd_synset(d, nm, len - 1, false);
                }
                if (!s || !d->syn[s - 1].defined) {
                    snprintf(bad, badlen, "&%.*s", (int)l, nm);
                    return -2;
                }
                e.kind = EL_SYN;
                e.id = s;
            } else {
                e.kind = EL_WORD;
                e.id = cd_word(d, p, len);
                if (!e.id) return ANNALS_ENOMEM;
                e.stem = d->tabari && !trailing_us;
            }
            if (push_el(d, e) < 0) return ANNALS_ENOMEM;
            count++;
            first = false;
            p = trailing_us ? u + 1 : u;
            /* "WORD_ *": a trailing underscore at the end of a chunk only marks an exact word */
        }
    }
    return count;
}

static int add_syn_phrase(compat_dict *d, uint32_t syn, uint32_t el, uint32_t n_el)
{
    synset *s = &d->syn[syn - 1];
    /* phrases of one synset must be contiguous: copy if another synset came between */
    if (s->n && s->first + s->n != d->n_syn_phr) {
        GROW(d->syn_phr, d->n_syn_phr, d->cap_syn_phr, s->n + 1);
        memmove(d->syn_phr + d->n_syn_phr, d->syn_phr + s->first, s->n * sizeof *d->syn_phr);
        s->first = d->n_syn_phr;
        d->n_syn_phr += s->n;
    }
    GROW(d->syn_phr, d->n_syn_phr, d->cap_syn_phr, 1);
    if (!s->n) s->first = d->n_syn_phr;
    d->syn_phr[d->n_syn_phr++] = (syn_phrase){ el, n_el };
    s->n++;
    return 0;
}

static int add_form(compat_dict *d, const char *w, size_t n, uint32_t verb, bool stem)
{
    uint32_t id = cd_word(d, w, n);
    if (!id) return ANNALS_ENOMEM;
    cmap *m = stem ? &d->stem_form_map : &d->form_map;
    uint32_t head = cmap_get(m, id);
    for (uint32_t f = head; f; f = d->vf[f - 1].next)
        if (d->vf[f - 1].verb == verb) return 0;
    GROW(d->vf, d->n_vf, d->cap_vf, 1);
    d->vf[d->n_vf++] = (vform){ verb, head };
    return cmap_put(m, id, d->n_vf);
}

/* "[CODE]" or "[A:B]" at *p; returns false when there is none. */
static bool parse_code(const char *s, char code[COMPAT_CODE], char code2[COMPAT_CODE])
{
    code[0] = code2[0] = 0;
    const char *b = strchr(s, '[');
    if (!b) return false;
    const char *e = strchr(b, ']');
    if (!e) return false;
    b++;
    while (b < e && *b == ' ') b++;
    const char *colon = NULL;
    for (const char *q = b; q < e; q++) if (*q == ':') { colon = q; break; }
    const char *ce = colon ? colon : e;
    while (ce > b && ce[-1] == ' ') ce--;
    size_t n = (size_t)(ce - b);
    if (n >= COMPAT_CODE) n = COMPAT_CODE - 1;
    memcpy(code, b, n);
    code[n] = 0;
    if (colon) {
        const char *c2 = colon + 1;
        while (c2 < e && *c2 == ' ') c2++;
        const char *c2e = e;
        while (c2e > c2 && c2e[-1] == ' ') c2e--;
        n = (size_t)(c2e - c2);
        if (n >= COMPAT_CODE) n = COMPAT_CODE - 1;
        memcpy(code2, c2, n);
        code2[n] = 0;
    }
    return true;
}

static int new_block(compat_dict *d, const char *name, size_t n, const char *code, const char *code2)
{
    GROW(d->blk, d->n_blk, d->cap_blk, 1);
    vblock *b = &d->blk[d->n_blk++];
    memset(b, 0, sizeof *b);
    snprintf(b->code, sizeof b->code, "%s", code);
    snprintf(b->code2, sizeof b->code2, "%s", code2);
    b->pat_first = d->n_pat;
    b->name = name ? cd_word(d, name, n) : 0;
    return 0;
}

/* A verb line: WORD [{FORMS}] [CODE], +MULTI_WORD, KLM_+RST. */
static int verb_line(compat_dict *d, lreader *r, const char *line)
{
    char code[COMPAT_CODE], code2[COMPAT_CODE];
    parse_code(line, code, code2);
    char head[256];
    size_t hn = strcspn(line, " {[");
    if (hn == 0 || hn >= sizeof head) { lr_warn(r, "cannot read the verb"); return 0; }
    memcpy(head, line, hn);
    head[hn] = 0;
    /* TABARI: "WORD=" is the word alone, "WORD_" the word with its regular endings */
    bool only = d->tabari && head[hn - 1] == '=';
    if (only) head[--hn] = 0;
    if (!hn) { lr_warn(r, "cannot read the verb"); return 0; }
    bool exact = d->tabari && (only || head[hn - 1] == '_');
    bool multi_plus = head[0] == '+';
    char *h = multi_plus ? head + 1 : head;
    /* split on '_' ; the verb word is the one marked '+', else the first */
    char *parts[16];
    int np = 0, vi = -1;
    char *save = NULL;
    for (char *t = strtok_r(h, "_", &save); t && np < 16; t = strtok_r(NULL, "_", &save)) {
        if (t[0] == '+') { t++; vi = np; }
        if (!*t) continue;
        parts[np++] = t;
    }
    if (np == 0) { lr_warn(r, "cannot read the verb"); return 0; }
    if (vi < 0 || vi >= np) vi = 0;
    GROW(d->vb, d->n_vb, d->cap_vb, 1);
    verb *v = &d->vb[d->n_vb];
    memset(v, 0, sizeof *v);
    v->block = d->n_blk;
    snprintf(v->code, sizeof v->code, "%s", code);
    snprintf(v->code2, sizeof v->code2, "%s", code2);
    v->word = cd_word(d, parts[vi], strlen(parts[vi]));
    v->pre_el = d->n_els;
    for (int i = 0; i < vi; i++) {
        if (push_el(d, (pel){ .kind = EL_WORD, .consec = 1, .id = cd_word(d, parts[i], strlen(parts[i])) }) < 0)
            return ANNALS_ENOMEM;
    }
    v->n_pre = (uint32_t)vi;
    v->post_el = d->n_els;
    for (int i = vi + 1; i < np; i++) {
        if (push_el(d, (pel){ .kind = EL_WORD, .consec = 1, .id = cd_word(d, parts[i], strlen(parts[i])) }) < 0)
            return ANNALS_ENOMEM;
    }
    v->n_post = (uint32_t)(np - vi - 1);
    uint32_t vid = ++d->n_vb;
    d->n_verbs++;
    const char *w = parts[vi];
    size_t wn = strlen(w);
    if (d->tabari) {
        if (add_form(d, w, wn, vid, !exact) < 0) return ANNALS_ENOMEM;
        if (exact && !only && wn < 56) {
            /* the regular endings TABARI adds to an exact verb: -S -ED -ES -EN -ING (-D after E) */
            static const char *const END[] = { "S", "ED", "ES", "EN", "ING" };
            char f[64];
            for (int i = 0; i < 5; i++) {
                snprintf(f, sizeof f, "%s%s", w, END[i]);
                if (add_form(d, f, strlen(f), vid, false) < 0) return ANNALS_ENOMEM;
            }
            if (w[wn - 1] == 'E') {
                snprintf(f, sizeof f, "%sD", w);
                if (add_form(d, f, strlen(f), vid, false) < 0) return ANNALS_ENOMEM;
                snprintf(f, sizeof f, "%.*sING", (int)(wn - 1), w);
                if (add_form(d, f, strlen(f), vid, false) < 0) return ANNALS_ENOMEM;
            }
        }
    } else {
        char forms[8][64];
        int k = verb_forms(w, wn, forms, 8);
        for (int i = 0; i < k; i++)
            if (add_form(d, forms[i], strlen(forms[i]), vid, false) < 0) return ANNALS_ENOMEM;
    }
    /* irregular forms in {...}: each may be +MULTI_WORD; only the verb word matters */
    const char *br = strchr(line, '{');
    if (br) {
        const char *e = strchr(br, '}');
        if (!e) { lr_warn(r, "'{' without '}'"); return 0; }
        char tmp[512];
        size_t n = (size_t)(e - br - 1);
        if (n >= sizeof tmp) n = sizeof tmp - 1;
        memcpy(tmp, br + 1, n);
        tmp[n] = 0;
        char *s2 = NULL;
        for (char *f = strtok_r(tmp, " ", &s2); f; f = strtok_r(NULL, " ", &s2)) {
            if (f[0] == '+') f++;
            char *fp[16];
            int fn = 0, fv = -1;
            char *s3 = NULL;
            for (char *t = strtok_r(f, "_", &s3); t && fn < 16; t = strtok_r(NULL, "_", &s3)) {
                if (t[0] == '+') { t++; fv = fn; }
                if (*t) fp[fn++] = t;
            }
            if (!fn) continue;
            if (fv < 0 || fv >= fn) fv = vi < fn ? vi : 0;
            if (add_form(d, fp[fv], strlen(fp[fv]), vid, false) < 0) return ANNALS_ENOMEM;
        }
    }
    return 0;
}

static int pattern_line(compat_dict *d, lreader *r, const char *line)
{
    if (!d->n_blk) { lr_warn(r, "pattern before any verb"); return 0; }
    char code[COMPAT_CODE], code2[COMPAT_CODE];
    if (!parse_code(line, code, code2)) { lr_warn(r, "pattern without [CODE]"); return 0; }
    char text[1024];
    const char *b = line + 1;
    const char *e = strchr(line, '[');
    size_t n = (size_t)(e - b);
    if (n >= sizeof text) { lr_warn(r, "pattern too long"); return 0; }
    memcpy(text, b, n);
    text[n] = 0;
    /* "*WORD" (a missing blank) reads as "* WORD" */
    for (size_t i = 0; i + 1 < n; i++) {
        if (text[i] == '*' && isalpha((unsigned char)text[i + 1]) && n + 1 < sizeof text) {
            memmove(text + i + 2, text + i + 1, n - i);
            text[i + 1] = ' ';
            n++;
        }
    }
    uint32_t start = d->n_els;
    char bad[64] = "";
    int k = parse_elems(d, text, false, bad, sizeof bad);
    if (k == ANNALS_ENOMEM) return k;
    if (k == -2) { d->n_els = start; lr_warn(r, "undefined synonym set %s: pattern skipped", bad); return 0; }
    if (k < 0) { d->n_els = start; lr_warn(r, "cannot read the pattern"); return 0; }
    /* { A | B } alternatives were stored first: the pattern's own elements are the last k */
    start = d->n_els - (uint32_t)k;
    int verb_at = -1, weight = 0;
    for (int i = 0; i < k; i++) {
        pel *el = &d->els[start + (uint32_t)i];
        if (el->kind == EL_VERB) { if (verb_at < 0) verb_at = i; }
        else if (el->kind == EL_WORD || el->kind == EL_SYN) weight++;
    }
    if (verb_at < 0) { d->n_els = start; lr_warn(r, "pattern without '*'"); return 0; }
    /* patterns of a block must be contiguous */
    vblock *blk = &d->blk[d->n_blk - 1];
    if (blk->pat_first + blk->pat_n != d->n_pat) {
        lr_warn(r, "pattern outside its verb block");
        return 0;
    }
    GROW(d->pat, d->n_pat, d->cap_pat, 1);
    pattern *p = &d->pat[d->n_pat++];
    memset(p, 0, sizeof *p);
    p->el = start;
    p->n_el = (uint32_t)k;
    p->verb_at = (uint32_t)verb_at;
    p->weight = (uint32_t)weight;
    snprintf(p->code, sizeof p->code, "%s", code);
    snprintf(p->code2, sizeof p->code2, "%s", code2);
    p->line = (uint32_t)r->line;
    blk->pat_n++;
    d->n_patterns++;
    return 0;
}

static int synset_member(compat_dict *d, lreader *r, uint32_t syn, const char *line, bool no_plural)
{
    const char *ph = line + 1;
    size_t n = strlen(ph);
    bool ph_noplural = n > 0 && ph[n - 1] == '_';
    uint32_t start = d->n_els;
    char bad[64] = "";
    int k = parse_elems(d, ph, true, bad, sizeof bad);
    if (k == ANNALS_ENOMEM) return k;
    if (k <= 0) { d->n_els = start; lr_warn(r, k == -2 ? "undefined synonym set in a synonym set" : "cannot read the synonym"); return 0; }
    start = d->n_els - (uint32_t)k;   /* alternatives inside the member were stored first */
    if (add_syn_phrase(d, syn, start, (uint32_t)k) < 0) return ANNALS_ENOMEM;
    pel last = d->els[start + (uint32_t)k - 1];
    if (!d->tabari && !no_plural && !ph_noplural && last.kind == EL_WORD) {
        char pl[80];
        const char *w = d->words.w[last.id];
        size_t wn = d->words.len[last.id];
        if (wn < 64) {
            size_t m = plural(w, wn, pl);
            uint32_t start2 = d->n_els;
            for (int i = 0; i < k - 1; i++) {
                pel e = d->els[start + (uint32_t)i];
                if (push_el(d, e) < 0) return ANNALS_ENOMEM;
            }
            pel pe = last;
            pe.id = cd_word(d, pl, m);
            if (push_el(d, pe) < 0) return ANNALS_ENOMEM;
            if (add_syn_phrase(d, syn, start2, (uint32_t)k) < 0) return ANNALS_ENOMEM;
        }
    }
    return 0;
}

int cd_read_verbs(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    uint32_t cur_syn = 0;
    bool syn_noplural = false, in_time = false, in_synsets = false;
    int rc = 0;
    while ((line = lr_next(&r, NULL)) != NULL) {
        if (!*line) continue;
        if (line[0] == '<') {
            if (!strncmp(line, "<TIME>", 6)) in_time = true;
            else if (!strncmp(line, "</TIME>", 7)) in_time = false;
            else if (!strncmp(line, "<SYNSETS>", 9)) in_synsets = true;
            else if (!strncmp(line, "</SYNSETS>", 10)) { in_synsets = false; cur_syn = 0; }
            continue;
        }
        if (in_time) continue;
        if (!strncmp(line, "~~", 2)) continue;   /* TABARI end marker */
        if (line[0] == '&') {
            size_t n = strcspn(line + 1, " ");
            syn_noplural = n > 0 && line[n] == '_';
            size_t nn = syn_noplural ? n - 1 : n;
            cur_syn = cd_synset(d, line + 1, nn, true);
            if (!cur_syn) { rc = ANNALS_ENOMEM; break; }
            if (!d->syn[cur_syn - 1].defined) d->n_synsets++;
            d->syn[cur_syn - 1].defined = true;
            continue;
        }
        if (line[0] == '+' && cur_syn) {
            if ((rc = synset_member(d, &r, cur_syn, line, syn_noplural)) < 0) break;
            continue;
        }
        if (!in_synsets) cur_syn = 0;
        if (line[0] == '~') { d->n_transforms++; continue; }
        if (!strncmp(line, "---", 3)) {
            /* --- NAME [CODE] --- */
            const char *p = line + 3;
            while (*p == ' ' || *p == '-') p++;
            size_t n = strcspn(p, " [");
            char code[COMPAT_CODE], code2[COMPAT_CODE];
            if (!parse_code(p, code, code2)) snprintf(code, sizeof code, "---");
            if ((rc = new_block(d, p, n, code, code2)) < 0) break;
            continue;
        }
        if (line[0] == '-') {
            if ((rc = pattern_line(d, &r, line)) < 0) break;
            continue;
        }
        if (line[0] == '{') {   /* TABARI: forms of the previous verb on their own line */
            if (!d->n_vb) { lr_warn(&r, "verb forms before any verb"); continue; }
            const char *e = strchr(line, '}');
            if (!e) { lr_warn(&r, "'{' without '}'"); continue; }
            char tmp[512];
            size_t n = (size_t)(e - line - 1);
            if (n >= sizeof tmp) n = sizeof tmp - 1;
            memcpy(tmp, line + 1, n);
            tmp[n] = 0;
            char *s2 = NULL;
            for (char *f = strtok_r(tmp, " ", &s2); f; f = strtok_r(NULL, " ", &s2)) {
                size_t fl = strlen(f);
                bool ex = fl > 0 && f[fl - 1] == '_';
                if (ex) f[--fl] = 0;
                if (fl && (rc = add_form(d, f, fl, d->n_vb, !ex)) < 0) break;
            }
            if (rc < 0) break;
            continue;
        }
        if (!isalpha((unsigned char)line[0]) && line[0] != '+') {
            lr_warn(&r, "cannot read this line");
            continue;
        }
        if (d->tabari) {
            /* "BURN DOWN [222]": a root verb with the words after it (blank-separated) is
            ** the root BURN (no code of its own) with the pattern "* DOWN [222]" */
            size_t hn = strcspn(line, " [{");
            const char *rest = line + hn;
            while (*rest == ' ') rest++;
            if (line[hn] == ' ' && *rest && *rest != '[' && *rest != '{') {
                size_t rn = strcspn(rest, "[");
                char vl[300], pl[1100];
                if (hn < 200 && rn + 8 < sizeof pl && rest[rn] == '[') {
                    snprintf(vl, sizeof vl, "%.*s [---]", (int)hn, line);
                    snprintf(pl, sizeof pl, "- * %s", rest);
                    uint32_t nv = d->n_vb;
                    if ((rc = new_block(d, line, hn, "---", "")) < 0) break;
                    if ((rc = verb_line(d, &r, vl)) < 0) break;
                    if (d->n_vb > nv) d->vb[d->n_vb - 1].code[0] = 0;   /* none when unreadable */
                    if ((rc = pattern_line(d, &r, pl)) < 0) break;
                    continue;
                }
            }
        }
        if (d->tabari || !d->n_blk) {
            char code[COMPAT_CODE], code2[COMPAT_CODE];
            if (!parse_code(line, code, code2)) snprintf(code, sizeof code, "---");
            size_t n = strcspn(line, " [{");
            uint32_t nv = d->n_vb;
            if ((rc = new_block(d, line, n, code, code2)) < 0) break;
            if ((rc = verb_line(d, &r, line)) < 0) break;
            if (d->n_vb > nv) d->vb[d->n_vb - 1].code[0] = 0;   /* the block carries it */
            continue;
        }
        if ((rc = verb_line(d, &r, line)) < 0) break;
    }
    lr_free(&r);
    return rc < 0 ? rc : (int)r.n_warn;
}

/* ---- actors and agents ---- */

static int trie_node_new(compat_dict *d)
{
    GROW(d->nodes, d->n_nodes, d->cap_nodes, 1);
    d->nodes[d->n_nodes] = (trie_node){ 0 };
    return (int)d->n_nodes++;
}

/* Adds a phrase (words split on '_' and ' ') to the trie; returns the final node or < 0. */
static int trie_add(compat_dict *d, const char *phrase, size_t n, cmap *edges, bool allow_stem)
{
    uint32_t node = 1;
    size_t i = 0;
    int words = 0;
    bool last_exact = false, only = false;
    while (i < n) {
        bool blank = false;
        while (i < n && (phrase[i] == '_' || phrase[i] == ' ')) { if (phrase[i] == ' ') blank = true; i++; }
        /* actors: a blank between two words lets other words come between them
        ** ("AL GORE" matches Al "The Weasel" Gore; "_" keeps them adjacent); PETRARCH
        ** only inside one noun phrase (the coder limits it) */
        bool gap = blank && words > 0 && edges == &d->edges;
        size_t b = i;
        while (i < n && phrase[i] != '_' && phrase[i] != ' ') i++;
        if (i == b) break;
        bool exact = i < n ? phrase[i] == '_' : (n > 0 && phrase[n - 1] == '_');
        size_t wl = i - b;
        /* TABARI "MOUSE=": the word alone, without noun endings */
        if (d->tabari && i == n && wl > 1 && phrase[i - 1] == '=') { wl--; exact = true; only = true; }
        last_exact = exact;
        bool stem = allow_stem && d->tabari && !exact && i == n;   /* TABARI: a stem at the end */
        uint32_t w = cd_word(d, phrase + b, wl);
        if (!w) return ANNALS_ENOMEM;
        if (stem && i - b > d->max_stem) d->max_stem = (uint32_t)(i - b);
        if (stem) d->has_stems = true;
        uint64_t k = compat_edge_key(node, w, gap, stem);
        if (gap) d->nodes[node].gap_kids = true;
        uint32_t child = cmap_get(edges, k);
        if (!child) {
            int nn;
            if (edges == &d->edges) nn = trie_node_new(d);
            else {
                GROW(d->disc_kind, d->n_disc_nodes, d->cap_disc_nodes, 1);
                d->disc_kind[d->n_disc_nodes] = 0;
                nn = (int)d->n_disc_nodes++;
            }
            if (nn < 0) return nn;
            child = (uint32_t)nn;
            if (cmap_put(edges, k, child) < 0) return ANNALS_ENOMEM;
        }
        node = child;
        words++;
    }
    if (!words) return -3;
    if (edges == &d->edges) d->nodes[node].ntok = (uint32_t)words;
    if (edges == &d->edges && d->tabari && allow_stem && last_exact && !only) d->nodes[node].noun_end = true;
    return (int)node;
}

static int new_actor(compat_dict *d, uint32_t line)
{
    GROW(d->act, d->n_act, d->cap_act, 1);
    actor_entry *e = &d->act[d->n_act++];
    memset(e, 0, sizeof *e);
    e->first_dc = d->n_dc;
    e->line = line;
    return (int)d->n_act;
}

/* One "[...]" code block of an actor: CODE, CODE <D, CODE >D, CODE D-D, CODE D - D. */
static int actor_code(compat_dict *d, lreader *r, uint32_t ent, const char *b, size_t n)
{
    char tmp[128];
    if (n >= sizeof tmp) { lr_warn(r, "code block too long"); return 0; }
    memcpy(tmp, b, n);
    tmp[n] = 0;
    char *p = tmp;
    while (*p == ' ') p++;
    char *code = p;
    while (*p && *p != ' ' && *p != '<' && *p != '>') p++;
    size_t cn = (size_t)(p - code);
    while (*p == ' ') p++;
    if (cn == 0) { lr_warn(r, "empty code block"); return 0; }
    bool digits_only = false;
    for (size_t i = 0; i < cn; i++) if (isdigit((unsigned char)code[i])) digits_only = true;
    for (size_t i = 0; i < cn; i++) if (!isdigit((unsigned char)code[i]) && code[i] != '-') digits_only = false;
    if (digits_only) { lr_warn(r, "code block without a code: '[%s]'", tmp); return 0; }
    uint32_t cid = cd_word(d, code, cn);
    if (!cid) return ANNALS_ENOMEM;
    actor_entry *e = &d->act[ent - 1];
    if (!*p) {
        if (!e->has_dflt) { e->dflt = cid; e->has_dflt = true; }
        return 0;
    }
    int32_t from = INT32_MIN, to = INT32_MAX;
    bool ok1 = false, ok2 = false;
    char *q = p;
    while (*q == ' ') q++;
    if (*q == '<' || *q == '>') {
        char op = *q++;
        while (*q == ' ') q++;
        size_t dn = strspn(q, "0123456789");
        int32_t dt = cd_parse_date(q, dn, &ok1);
        if (!ok1 || (q[dn] && q[dn] != ' ')) { lr_warn(r, "bad date in '[%s]'", tmp); return 0; }
        if (op == '<') to = dt; else from = dt;
    } else {
        size_t dn = strspn(q, "0123456789");
        from = cd_parse_date(q, dn, &ok1);
        char *s = q + dn;
        while (*s == ' ') s++;
        if (*s != '-') { lr_warn(r, "bad date range in '[%s]'", tmp); return 0; }
        s++;
        while (*s == ' ') s++;
        size_t dn2 = strspn(s, "0123456789");
        to = cd_parse_date(s, dn2, &ok2);
        if (!ok1 || !ok2 || (s[dn2] && s[dn2] != ' ')) { lr_warn(r, "bad date range in '[%s]'", tmp); return 0; }
    }
    GROW(d->dc, d->n_dc, d->cap_dc, 1);
    d->dc[d->n_dc++] = (datecode){ cid, from, to };
    e->n_dc++;
    return 0;
}

static int actor_codes_in(compat_dict *d, lreader *r, uint32_t ent, const char *line)
{
    const char *p = line;
    while ((p = strchr(p, '[')) != NULL) {
        const char *e = strchr(p, ']');
        if (!e) { lr_warn(r, "'[' without ']'"); return 0; }
        /* date codes of one entry must be contiguous */
        actor_entry *a = &d->act[ent - 1];
        if (a->n_dc && a->first_dc + a->n_dc != d->n_dc) { lr_warn(r, "code block out of its record"); return 0; }
        if (!a->n_dc) a->first_dc = d->n_dc;
        int rc = actor_code(d, r, ent, p + 1, (size_t)(e - p - 1));
        if (rc < 0) return rc;
        p = e + 1;
    }
    return 0;
}

static int attach_phrase(compat_dict *d, lreader *r, uint32_t ent, const char *ph, size_t n, bool agent)
{
    while (n > 0 && ph[n - 1] == ' ') n--;
    if (!n) return 0;
    int node = trie_add(d, ph, n, &d->edges, true);
    if (node == ANNALS_ENOMEM) return node;
    if (node < 0) { lr_warn(r, "empty phrase"); return 0; }
    trie_node *tn = &d->nodes[node];
    if (agent) {
        /* agents and actors share nodes: keep the actor, store agents by a flag */
        if (!tn->entry) tn->entry = ent;
        else if (!d->act[tn->entry - 1].is_agent && d->act[ent - 1].is_agent) {
            /* phrase known as actor: keep the actor */
        }
    } else if (!tn->entry || d->act[tn->entry - 1].is_agent) {
        tn->entry = ent;
    }
    if (!d->act[ent - 1].root) d->act[ent - 1].root = cd_word(d, ph, n);
    return 0;
}

int cd_read_actors(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    bool tab;
    uint32_t ent = 0;
    int rc = 0;
    bool in_list = false, list_adj = false;
    while ((line = lr_next(&r, &tab)) != NULL) {
        if (!*line) continue;
        if (line[0] == '<') {
            if (!strncmp(line, "<NOUN>", 6) || !strncmp(line, "<ADJECTIVE>", 11)) { in_list = true; list_adj = line[1] == 'A'; }
            else if (!strncmp(line, "</NOUN>", 7) || !strncmp(line, "</ADJECTIVE>", 12)) in_list = false;
            continue;
        }
        if (in_list) {
            /* "FORCES_" (the word, exact) or "LEADER" (a stem) */
            size_t wn = strcspn(line, " \t[");
            bool exact = wn > 0 && line[wn - 1] == '_';
            size_t l = exact ? wn - 1 : wn;
            if (l) {
                uint32_t wid = cd_word(d, line, l);
                if (!wid) { rc = ANNALS_ENOMEM; break; }
                uint32_t kind = (list_adj ? 2u : 1u) + (exact ? 0u : 2u);
                if (cmap_put(&d->pos_words, wid, kind) < 0) { rc = ANNALS_ENOMEM; break; }
                if (!exact && l > d->max_pos_stem) d->max_pos_stem = (uint32_t)l;
            }
            continue;
        }
        if (!strncmp(line, "~~", 2)) continue;
        if (line[0] == '[') {
            if (!ent) { lr_warn(&r, "code block before any actor"); continue; }
            if ((rc = actor_codes_in(d, &r, ent, line)) < 0) break;
            continue;
        }
        if (line[0] == '+') {
            if (!ent) { lr_warn(&r, "synonym before any actor"); continue; }
            size_t n = strcspn(line + 1, "[");
            if ((rc = attach_phrase(d, &r, ent, line + 1, n, false)) < 0) break;
            if (strchr(line, '[') && (rc = actor_codes_in(d, &r, ent, line)) < 0) break;
            continue;
        }
        if (!isalnum((unsigned char)line[0]) && line[0] != '\'' && line[0] != '.' && line[0] != '-') {
            lr_warn(&r, "cannot read this line");
            continue;
        }
        int e = new_actor(d, (uint32_t)r.line);
        if (e < 0) { rc = e; break; }
        ent = (uint32_t)e;
        d->n_actors++;
        size_t n = strcspn(line, "[");
        if ((rc = attach_phrase(d, &r, ent, line, n, false)) < 0) break;
        if ((rc = actor_codes_in(d, &r, ent, line)) < 0) break;
    }
    lr_free(&r);
    return rc < 0 ? rc : (int)r.n_warn;
}

typedef struct { char mark[32]; char *items[16]; int n; } subst;

static int agent_phrase(compat_dict *d, lreader *r, uint32_t ent, const char *ph, size_t n, const char *plural_s,
                        bool plural_given, bool no_plural)
{
    int rc = attach_phrase(d, r, ent, ph, n, true);
    if (rc < 0) return rc;
    if (plural_given) {
        if (*plural_s) rc = attach_phrase(d, r, ent, plural_s, strlen(plural_s), true);
        return rc;
    }
    if (no_plural) return 0;
    char tmp[300];
    if (n + 4 > sizeof tmp) return 0;
    while (n > 0 && (ph[n - 1] == '_' || ph[n - 1] == ' ')) n--;
    char up[300];
    for (size_t i = 0; i < n; i++) up[i] = (char)toupper((unsigned char)ph[i]);
    size_t ws = n;
    while (ws > 0 && up[ws - 1] != '_' && up[ws - 1] != ' ') ws--;
    memcpy(tmp, up, ws);
    size_t m = plural(up + ws, n - ws, tmp + ws);
    return attach_phrase(d, r, ent, tmp, ws + m, true);
}

int cd_read_agents(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    int rc = 0;
    subst subs[16];
    int n_subs = 0;
    while ((line = lr_next(&r, NULL)) != NULL) {
        if (!*line || line[0] == '<' || !strncmp(line, "~~", 2)) continue;
        if (line[0] == '!' && !strchr(line, '[')) {
            const char *e = strchr(line + 1, '!');
            const char *eq = e ? strchr(e, '=') : NULL;
            if (!e || !eq || n_subs >= 16) { lr_warn(&r, "cannot read the substitution"); continue; }
            subst *s = &subs[n_subs];
            snprintf(s->mark, sizeof s->mark, "%.*s", (int)(e - line + 1), line);
            s->n = 0;
            char *list = annals_arena_strdup(d->arena, eq + 1);
            if (!list) { rc = ANNALS_ENOMEM; break; }
            char *save = NULL;
            for (char *t = strtok_r(list, ",", &save); t && s->n < 16; t = strtok_r(NULL, ",", &save)) {
                while (*t == ' ') t++;
                size_t tl = strlen(t);
                while (tl && t[tl - 1] == ' ') t[--tl] = 0;
                if (tl) s->items[s->n++] = t;
            }
            n_subs++;
            continue;
        }
        char code[64] = "";
        const char *b = strchr(line, '[');
        const char *e = b ? strchr(b, ']') : NULL;
        if (!b || !e) { lr_warn(&r, "agent without [CODE]"); continue; }
        size_t ci = 0;
        for (const char *p = b + 1; p < e && ci + 1 < sizeof code; p++) if (*p != ' ') code[ci++] = *p;
        code[ci] = 0;
        char *tilde = strchr(code, '~');
        if (!tilde || ci < 2) { lr_warn(&r, "agent code without '~': [%s]", code); continue; }
        bool prefix = tilde != code;
        if (prefix) *tilde = 0;
        const char *cs = prefix ? code : code + 1;
        int en = new_actor(d, (uint32_t)r.line);
        if (en < 0) { rc = en; break; }
        actor_entry *ae = &d->act[en - 1];
        ae->is_agent = 1;
        ae->agent_prefix = prefix;
        ae->dflt = cd_word(d, cs, strlen(cs));
        ae->has_dflt = true;
        d->n_agents++;
        /* phrase and optional {plural} */
        char ph[256], pl[256] = "";
        bool pl_given = false;
        const char *br = strchr(line, '{');
        size_t pn = (size_t)((br && br < b ? br : b) - line);
        if (pn >= sizeof ph) { lr_warn(&r, "agent phrase too long"); continue; }
        memcpy(ph, line, pn);
        ph[pn] = 0;
        while (pn && ph[pn - 1] == ' ') ph[--pn] = 0;
        if (br && br < b) {
            const char *be = strchr(br, '}');
            if (!be) { lr_warn(&r, "'{' without '}'"); continue; }
            pl_given = true;
            size_t l = (size_t)(be - br - 1);
            if (l >= sizeof pl) l = sizeof pl - 1;
            memcpy(pl, br + 1, l);
            pl[l] = 0;
            size_t s = 0;
            while (pl[s] == ' ') s++;
            memmove(pl, pl + s, strlen(pl + s) + 1);
            size_t ln = strlen(pl);
            while (ln && pl[ln - 1] == ' ') pl[--ln] = 0;
        }
        /* substitutions */
        const char *mk = strchr(ph, '!');
        int si = -1;
        if (mk) {
            for (int i = 0; i < n_subs; i++) if (!strncmp(mk, subs[i].mark, strlen(subs[i].mark))) si = i;
            if (si < 0) { lr_warn(&r, "unknown substitution marker"); continue; }
        }
        if (si < 0) {
            if ((rc = agent_phrase(d, &r, (uint32_t)en, ph, pn, pl, pl_given, false)) < 0) break;
        } else {
            size_t ml = strlen(subs[si].mark);
            for (int k = 0; k < subs[si].n; k++) {
                char full[300];
                int fl = snprintf(full, sizeof full, "%.*s%s%s", (int)(mk - ph), ph, subs[si].items[k], mk + ml);
                if (fl <= 0 || (size_t)fl >= sizeof full) continue;
                if ((rc = agent_phrase(d, &r, (uint32_t)en, full, (size_t)fl, "", false, true)) < 0) break;
            }
            if (rc < 0) break;
        }
    }
    lr_free(&r);
    return rc < 0 ? rc : (int)r.n_warn;
}

int cd_read_discards(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    int rc = 0;
    while ((line = lr_next(&r, NULL)) != NULL) {
        if (!*line || line[0] == '<') continue;
        bool story = line[0] == '+';
        const char *ph = story ? line + 1 : line;
        int node = trie_add(d, ph, strlen(ph), &d->disc_edges, false);
        if (node == ANNALS_ENOMEM) { rc = node; break; }
        if (node < 0) { lr_warn(&r, "empty discard phrase"); continue; }
        d->disc_kind[node] = story ? 2 : 1;
        d->n_discards++;
    }
    lr_free(&r);
    return rc < 0 ? rc : (int)r.n_warn;
}

int cd_read_issues(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    bool in_issue = false;   /* inside <ISSUE CATEGORY=...>: phrases without a code take the category */
    while ((line = lr_next(&r, NULL)) != NULL) {
        if (!*line) continue;
        if (line[0] == '<') { in_issue = !strncmp(line, "<ISSUE", 6); continue; }
        if (line[0] == '~') continue;   /* excluded phrase */
        const char *b = strchr(line, '[');
        if ((!b && !in_issue) || (b && (!strchr(b, ']') || b == line))) { lr_warn(&r, "issue phrase without [CODE]"); continue; }
        d->n_issues++;
    }
    lr_free(&r);
    return (int)r.n_warn;
}

/* the bracketed code after word key in line ("SOURCE [DEFSRC]") into out */
static void option_code(const char *line, const char *key, char *out, size_t cap)
{
    out[0] = 0;
    const char *k = strstr(line, key);
    if (!k) return;
    const char *b = strchr(k, '['), *e = b ? strchr(b, ']') : NULL;
    if (!b || !e) return;
    b++;
    while (b < e && *b == ' ') b++;
    size_t n = (size_t)(e - b);
    while (n && b[n - 1] == ' ') n--;
    if (n >= cap) n = cap - 1;
    memcpy(out, b, n);
    out[n] = 0;
}

bool cd_option_line(compat_dict *d, const char *line)
{
    while (*line == ' ' || *line == '\t') line++;
    if (!strncmp(line, "SET:", 4)) {
        if (strstr(line, "TIME SHIFT")) d->opt_time_shift = !strstr(line, "FALSE");
        else if (strstr(line, "CODE BY SENTENCE")) d->code_by = 1;
        else if (strstr(line, "CODE BY CLAUSE")) d->code_by = 0;
        else if (strstr(line, "CODE ALL")) d->code_by = 2;
        else if (strstr(line, "CONVERT AGENT")) d->convert_agent = !strstr(line, "FALSE");
        else if (strstr(line, "MINIMUM WORDS")) {
            const char *eq = strchr(line, '=');
            d->min_words = eq ? atoi(eq + 1) : 0;
        }
        return true;
    }
    if (!strncmp(line, "FORWARD:", 8)) { d->forward = !strstr(line + 8, "OFF"); return true; }
    if (!strncmp(line, "COMMA:", 6)) {
        /* COMMA: OFF | MIN = n MAX = n EMIN = n EMAX = n BMIN = n BMAX = n (any subset) */
        const char *a = line + 6;
        while (*a == ' ') a++;
        if (!strncmp(a, "OFF", 3)) { d->comma_on = false; return true; }
        d->comma_on = true;
        static const char *const KEY[] = { "BMIN", "BMAX", "EMIN", "EMAX", "MIN", "MAX" };
        int *val[] = { &d->comma_bmin, &d->comma_bmax, &d->comma_emin, &d->comma_emax, &d->comma_min, &d->comma_max };
        const char *p = a;
        while (*p) {
            while (*p && !isalpha((unsigned char)*p)) p++;
            size_t wl = 0;
            while (isalpha((unsigned char)p[wl])) wl++;
            if (!wl) break;
            for (int i = 0; i < 6; i++) {
                if (strlen(KEY[i]) != wl || strncmp(p, KEY[i], wl)) continue;
                const char *q = p + wl;
                while (*q == ' ' || *q == '=') q++;
                if (isdigit((unsigned char)*q)) *val[i] = atoi(q);
            }
            p += wl;
        }
        return true;
    }
    if (!strncmp(line, "DEFAULT:", 8)) {
        const char *a = line + 8;
        while (*a == ' ') a++;
        if (!strncmp(a, "OFF", 3)) { d->def_src[0] = d->def_tgt[0] = 0; d->def_prior = d->def_after = false; return true; }
        option_code(line, "SOURCE", d->def_src, sizeof d->def_src);
        option_code(line, "TARGET", d->def_tgt, sizeof d->def_tgt);
        d->def_prior = strstr(line, "PRIOR") != NULL;
        d->def_after = strstr(line, "AFTER") != NULL;
        return true;
    }
    return false;
}

int cd_read_options(compat_dict *d, const char *path, const char *data, size_t len, annals_warn_fn w, void *a)
{
    lreader r;
    lr_init(&r, path, data, len, w, a);
    const char *line;
    while ((line = lr_next(&r, NULL)) != NULL) {
        if (!*line || !strncmp(line, "//", 2) || !strncmp(line, "~~", 2)) continue;
        const char *colon = strchr(line, ':');
        if (!colon) { lr_warn(&r, "option without ':'"); continue; }
        size_t kn = (size_t)(colon - line);
        static const char *const KNOWN[] = { "SET", "COMPLEX", "LABEL", "OUTPUT", "FORWARD", "DELETE", "COMMA",
                                             "ISSUES", "MODIFY", "DEFAULT", NULL };
        bool known = false;
        for (int i = 0; KNOWN[i]; i++) if (strlen(KNOWN[i]) == kn && !strncmp(line, KNOWN[i], kn)) known = true;
        if (!known) { lr_warn(&r, "unknown option command '%.*s'", (int)kn, line); continue; }
        cd_option_line(d, line);
    }
    lr_free(&r);
    return (int)r.n_warn;
}
