/* SPDX-License-Identifier: MIT
** compat/compat.c -- the public entry of the compatibility stage.
**
** Opens a dictionary set ("petrarch:DIR": files recognised by name; or
** "tabari:FILE.project": the files the project names), and codes: a parse
** tree (annals_compat_code_parse), plain text (annals_compat_code_text) or a
** segmented annals document (annals_compat_code: doc->event; the pipeline adds
** Goldstein values and quad classes from the coder's CAMEO table). */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat_internal.h"
#include "annals/error.h"
#include "annals/segment.h"

struct annals_compat {
    compat_dict *d;
};


typedef int (*reader_fn)(compat_dict *, const char *, const char *, size_t, annals_warn_fn, void *);

static int load(compat_dict *d, const char *path, reader_fn fn, annals_warn_fn w, void *a, annals_ctx *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_COMPAT_DICT_FILE, ctx);
    if (rc < 0) return rc;
    rc = fn(d, path, buf, len, w, a);
    free(buf);
    if (rc == ANNALS_ENOMEM) return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
    return 0;
}

static annals_compat *compat_new(bool tabari)
{
    annals_compat *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->d = annals_compat_dict_new(tabari);
    if (!c->d) { free(c); return NULL; }
    return c;
}

/* A whole number 0..COMPAT_MAX_OPTION_WORDS, the whole of s (blanks around it allowed). */
static bool option_words(const char *s, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    while (end && *end == ' ') end++;
    if (end == s || !end || *end || v < 0 || v > COMPAT_MAX_OPTION_WORDS) return false;
    *out = (int)v;
    return true;
}

int annals_compat_set_option(annals_compat *c, const char *name, const char *value)
{
    if (!c || !name || !value) return 1;
    while (*value == ' ') value++;
    bool yes = strchr("tTyY1", value[0]) != NULL && value[0], no = strchr("fFnN0", value[0]) != NULL && value[0];
    if (!strcmp(name, "require_dyad")) {
        if (!yes && !no) return 2;
        c->d->require_dyad = yes;
        return 0;
    }
    if (!strcmp(name, "new_actor_length")) return option_words(value, &c->d->new_actor_length) ? 0 : 2;
    /* PETRARCH2 comma_min/max, comma_emin/emax, comma_bmin/bmax: clause lengths in words
    ** (applied to text; with a parse they are not used yet) */
    static const char *const COMMA[] = { "comma_min", "comma_max", "comma_emin", "comma_emax", "comma_bmin", "comma_bmax" };
    int *cv[] = { &c->d->comma_min, &c->d->comma_max, &c->d->comma_emin, &c->d->comma_emax, &c->d->comma_bmin,
                  &c->d->comma_bmax };
    for (int i = 0; i < 6; i++) if (!strcmp(name, COMMA[i])) return option_words(value, cv[i]) ? 0 : 2;
    char err[128];
    if (!strcmp(name, "tabari")) {
        int rc = annals_compat_option_line(c->d, value, err, sizeof err);
        return rc < 0 ? 2 : rc;
    }
    return 1;
}

void annals_compat_free(annals_compat *c)
{
    if (!c) return;
    annals_compat_dict_free(c->d);
    free(c);
}

int annals_compat_open_files(annals_compat **out, const char *verbs, const char *const *actors, const char *agents,
                             const char *discards, const char *issues, annals_warn_fn warn, void *warn_arg,
                             annals_ctx *ctx)
{
    *out = NULL;
    annals_compat *c = compat_new(false);
    if (!c) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    int rc = 0;
    if (verbs && (rc = load(c->d, verbs, annals_compat_read_verbs, warn, warn_arg, ctx)) < 0) goto fail;
    for (size_t i = 0; actors && actors[i]; i++)
        if ((rc = load(c->d, actors[i], annals_compat_read_actors, warn, warn_arg, ctx)) < 0) goto fail;
    if (agents && (rc = load(c->d, agents, annals_compat_read_agents, warn, warn_arg, ctx)) < 0) goto fail;
    if (discards && (rc = load(c->d, discards, annals_compat_read_discards, warn, warn_arg, ctx)) < 0) goto fail;
    if (issues && (rc = load(c->d, issues, annals_compat_read_issues, warn, warn_arg, ctx)) < 0) goto fail;
    *out = c;
    return 0;
fail:
    annals_compat_free(c);
    return rc;
}

static bool contains_ci(const char *s, const char *x)
{
    size_t n = strlen(x);
    for (; *s; s++) if (!strncasecmp(s, x, n)) return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int open_petrarch_dir(annals_compat **out, const char *dir, annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    DIR *dp = opendir(dir);
    if (!dp) return annals_error_set(ctx, ANNALS_ENOTFOUND, "%s: cannot open the dictionary folder", dir);
    char *names[256];
    int nn = 0;
    bool oom = false;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && nn < 256 && !oom) {
        if (de->d_name[0] == '.') continue;
        names[nn] = strdup(de->d_name);
        if (names[nn]) nn++; else oom = true;
    }
    closedir(dp);
    qsort(names, (size_t)nn, sizeof *names, cmp_str);
    char *verbs = NULL, *agents = NULL, *discards = NULL, *issues = NULL;
    char *actors[64];
    int na = 0;
    for (int i = 0; i < nn && !oom; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        const char *n = names[i];
        char **slot = NULL;
        bool actor = contains_ci(n, "actors");
        if (contains_ci(n, "LICENSE") || contains_ci(n, "README") || contains_ci(n, "preposition")) continue;
        if (actor) { if (na < 63) slot = &actors[na]; }
        else if (contains_ci(n, "agents")) slot = &agents;
        else if (contains_ci(n, "discard")) slot = &discards;
        else if (contains_ci(n, "issue")) slot = &issues;
        else if (contains_ci(n, "verb") || contains_ci(n, "CAMEO")) slot = &verbs;
        if (!slot) continue;
        if (!actor) free(*slot);   /* the last file of a kind wins */
        if (!(*slot = strdup(path))) oom = true;
        else if (actor) na++;
    }
    actors[na] = NULL;
    int rc;
    if (oom) rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", dir);
    else if (!verbs) rc = annals_error_set(ctx, ANNALS_ENOTFOUND, "%s: no verbs dictionary (a file named *verbs* or CAMEO*)", dir);
    else rc = annals_compat_open_files(out, verbs, (const char *const *)actors, agents, discards, issues, warn,
                                       warn_arg, ctx);
    for (int i = 0; i < nn; i++) free(names[i]);
    for (int i = 0; i < na; i++) free(actors[i]);
    free(verbs); free(agents); free(discards); free(issues);
    return rc;
}

/* TABARI .project: "<actorsfile> NAME" lines; paths relative to the project. */
int annals_compat_tabari_project(const char *project, char files[6][4096], annals_ctx *ctx)
{
    static const char *const KEYS[6] = { "<verbsfile>", "<actorsfile>", "<agentsfile>", "<optionsfile>", "<textfile>",
                                         "<issuesfile>" };
    char *buf = NULL;
    size_t len = 0;
    int rc = annals_read_file(&buf, &len, project, ANNALS_MAX_TABARI_PROJECT_FILE, ctx);
    if (rc < 0) return rc;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", project);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = 0; else dir[0] = 0;
    for (int k = 0; k < 6; k++) files[k][0] = 0;
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        for (int k = 0; k < 6; k++) {
            size_t kl = strlen(KEYS[k]);
            if (strncmp(line, KEYS[k], kl)) continue;
            char *v = line + kl;
            while (*v == ' ' || *v == '\t') v++;
            size_t vl = strcspn(v, " \t\r");
            v[vl] = 0;
            if (vl) snprintf(files[k], 4096, "%s%s", v[0] == '/' ? "" : dir, v);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    if (!files[0][0]) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: no <verbsfile> line", project);
    return 0;
}

static int open_tabari(annals_compat **out, const char *project, annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    char files[6][4096];
    int rc = annals_compat_tabari_project(project, files, ctx);
    if (rc < 0) return rc;
    annals_compat *c = compat_new(true);
    if (!c) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    if ((rc = load(c->d, files[0], annals_compat_read_verbs, warn, warn_arg, ctx)) < 0) goto fail;
    if (files[1][0] && (rc = load(c->d, files[1], annals_compat_read_actors, warn, warn_arg, ctx)) < 0) goto fail;
    if (files[2][0] && (rc = load(c->d, files[2], annals_compat_read_agents, warn, warn_arg, ctx)) < 0) goto fail;
    if (files[3][0] && (rc = load(c->d, files[3], annals_compat_read_options, warn, warn_arg, ctx)) < 0) goto fail;
    *out = c;
    return 0;
fail:
    annals_compat_free(c);
    return rc;
}

int annals_compat_open(annals_compat **out, const char *spec, annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    *out = NULL;
    if (!strncmp(spec, "petrarch:", 9)) return open_petrarch_dir(out, spec + 9, warn, warn_arg, ctx);
    if (!strncmp(spec, "tabari:", 7)) return open_tabari(out, spec + 7, warn, warn_arg, ctx);
    return annals_error_set(ctx, ANNALS_EFORMAT, "'%s': give petrarch:DIR or tabari:FILE.project", spec);
}

void annals_compat_stats_get(const annals_compat *c, annals_compat_stats *o)
{
    const compat_dict *d = c->d;
    o->verbs = d->n_verbs;
    o->patterns = d->n_patterns;
    o->synsets = d->n_synsets;
    o->actors = d->n_actors;
    o->agents = d->n_agents;
    o->discards = d->n_discards;
    o->issues = d->n_issues;
    o->transforms = d->n_transforms;
}

/* ---- coding ---- */

static int32_t date_of(const char *s)
{
    bool ok = false;
    int32_t d = 0;
    if (s && *s) {
        char digits[16];
        size_t n = 0;
        for (const char *p = s; *p && n < 15; p++) if (isdigit((unsigned char)*p)) digits[n++] = *p;
        digits[n] = 0;
        d = annals_compat_parse_date(digits, n, &ok);
    }
    return ok ? d : (int32_t)annals_date_to_days(2020, 1, 1);
}

#define MAX_EVENTS 256

static int write_events(const compat_event *ev, int n, annals_buf *out)
{
    for (int i = 0; i < n; i++)
        if (annals_buf_printf(out, "%s %s %s\n", ev[i].src, ev[i].tgt, ev[i].code) < 0) return ANNALS_ENOMEM;
    return n;
}

int annals_compat_code_parse(const annals_compat *c, const char *parse, const char *date, annals_buf *out,
                             annals_ctx *ctx)
{
    annals_arena *a = annals_arena_new(0);
    if (!a) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    csent s = { .arena = a, .date = date_of(date) };
    char err[128] = "";
    int rc = annals_compat_tree_read(&s, parse, a, err, sizeof err);
    if (rc < 0) {
        annals_arena_free(a);
        return annals_error_set(ctx, rc, "parse tree: %s", err[0] ? err : "out of memory");
    }
    annals_compat_prepare(c->d, &s);
    compat_event ev[MAX_EVENTS];
    int n = annals_compat_code_sentence(c->d, &s, ev, MAX_EVENTS);
    rc = n < 0 ? n : write_events(ev, n, out);
    annals_arena_free(a);
    return rc < 0 ? annals_error_set(ctx, rc, "out of memory") : rc;
}

static bool contraction(const char *w)
{
    static const char *const C[] = { "N'T", "'LL", "'VE", "'RE", "'D", "'M", "'S", NULL };
    for (int i = 0; C[i]; i++) if (!strcmp(w, C[i])) return true;
    return false;
}

/* Builds a csent for sentence si of a segmented doc. */
static int sent_from_doc(const annals_compat *c, const annals_doc *doc, size_t si, csent *s, annals_arena *a)
{
    const annals_sentence *st = &doc->sent[si];
    int n = (int)(st->tok_end - st->tok_begin);
    for (uint32_t k = st->tok_begin; k < st->tok_end; k++)   /* room for words joined by '_' */
        n += (int)(memchr(doc->text + doc->tok[k].off, '_', doc->tok[k].len) != NULL) * (int)doc->tok[k].len;
    s->t = annals_arena_calloc(a, (size_t)n + 1, sizeof *s->t);
    if (!s->t) return ANNALS_ENOMEM;
    s->n = 0;
    for (uint32_t k = st->tok_begin; k < st->tok_end; k++) {
        const annals_token *tk = &doc->tok[k];
        ctok *t = &s->t[s->n];
        char *w = annals_arena_alloc(a, tk->len + 1);
        if (!w) return ANNALS_ENOMEM;
        for (uint32_t j = 0; j < tk->len; j++) w[j] = (char)toupper((unsigned char)doc->text[tk->off + j]);
        w[tk->len] = 0;
        /* curly quotes and apostrophes as PETRARCH's ASCII */
        t->w = w;
        t->len = tk->len;
        t->src_off = tk->off;
        t->src_len = tk->len;
        t->leaf = -1;
        t->vb_tag = (tk->flags & ANNALS_TOKF_UPPER_INIT) && k > st->tok_begin ? 1 : 0;
        /* TABARI words are blank-delimited: a contraction or possessive the tokenizer
        ** split off (DID N'T, WO N'T, GONDOR 'S) is one word again (DIDN'T, WON'T,
        ** GONDOR'S), and so is a hyphen ending a word ("anti- Gondor": ANTI-) */
        bool dangling_hyphen = !strcmp(w, "-") && (k + 1 >= st->tok_end || doc->tok[k + 1].off > tk->off + tk->len);
        if (dialect_of(c->d)->blank_words && s->n > 0 && (contraction(w) || dangling_hyphen)) {
            ctok *p = &s->t[s->n - 1];
            if (p->src_off + p->src_len == t->src_off && isalpha((unsigned char)p->w[0])) {
                char *m = annals_arena_alloc(a, p->len + t->len + 1);
                if (!m) return ANNALS_ENOMEM;
                memcpy(m, p->w, p->len);
                memcpy(m + p->len, w, t->len + 1);
                p->w = m;
                p->len += t->len;
                p->src_len += t->src_len;
                memset(t, 0, sizeof *t);
                continue;
            }
        }
        /* "Dol_Amroth" in a text is the dictionaries' notation for adjacent words: DOL AMROTH */
        if (memchr(w, '_', t->len) && t->len > 2 && w[0] != '_' && w[t->len - 1] != '_') {
            ctok whole = *t;
            uint32_t b = 0;
            for (uint32_t j = 0; j <= whole.len; j++) {
                if (j < whole.len && w[j] != '_') continue;
                if (j > b) {
                    ctok *pt = &s->t[s->n++];
                    *pt = whole;
                    w[j] = 0;
                    pt->w = w + b;
                    pt->len = j - b;
                    pt->src_off = whole.src_off + b;
                    pt->src_len = j - b;
                    if (b > 0) pt->vb_tag = isupper((unsigned char)doc->text[whole.src_off + b]) ? 1 : 0;
                }
                b = j + 1;
            }
            continue;
        }
        s->n++;
    }
    s->node = NULL;
    s->arena = a;
    annals_compat_prepare(c->d, s);
    annals_compat_tag_raw(c->d, s);
    return 0;
}

static int text_doc(annals_doc **out, const char *text, annals_ctx *ctx)
{
    size_t len = strlen(text);
    annals_doc *doc = NULL;
    int rc = annals_doc_new(&doc, "compat", "-", text, len, ctx);
    if (rc < 0) return rc;
    doc->text = annals_arena_strndup(doc->arena, text, len);
    if (!doc->text) { annals_doc_free(doc); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    doc->text_len = len;
    doc->format = ANNALS_FMT_TEXT;
    rc = annals_segment_run(doc, ctx);
    if (rc < 0) { annals_doc_free(doc); return rc; }
    *out = doc;
    return 0;
}

int annals_compat_code_text(const annals_compat *c, const char *text, const char *date, annals_buf *out,
                            annals_ctx *ctx)
{
    char fwd[64] = "";
    return annals_compat_code_text_fwd(c, text, date, out, ctx, fwd);
}

int annals_compat_code_text_fwd(const annals_compat *c, const char *text, const char *date, annals_buf *out,
                                annals_ctx *ctx, char fwd[64])
{
    annals_doc *doc = NULL;
    int rc = text_doc(&doc, text, ctx);
    if (rc < 0) return rc;
    int total = 0;
    compat_event ev[MAX_EVENTS];
    for (size_t si = 0; si < doc->n_sent; si++) {
        csent s = { .date = date_of(date) };
        if ((rc = sent_from_doc(c, doc, si, &s, doc->arena)) < 0) break;
        memcpy(s.fwd_in, fwd, sizeof s.fwd_in);
        s.fwd_in[sizeof s.fwd_in - 1] = 0;
        int n = annals_compat_code_sentence(c->d, &s, ev, MAX_EVENTS);
        if ((rc = n) < 0) break;
        if (s.fwd_out[0]) memcpy(fwd, s.fwd_out, sizeof s.fwd_out);
        if ((rc = write_events(ev, n, out)) < 0) break;
        total += n;
    }
    annals_doc_free(doc);
    if (rc < 0) return annals_error_set(ctx, rc, "out of memory");
    return total;
}

int annals_compat_code(const annals_compat *c, annals_doc *doc, annals_ctx *ctx)
{
    size_t cap = 0;
    doc->event = NULL;
    doc->n_event = 0;
    compat_event ev[MAX_EVENTS];
    for (size_t si = 0; si < doc->n_sent; si++) {
        csent s = { .date = date_of(doc->pub_date[0] ? doc->pub_date : NULL) };
        if (sent_from_doc(c, doc, si, &s, doc->arena) < 0) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
        int n = annals_compat_code_sentence(c->d, &s, ev, MAX_EVENTS);
        if (n < 0) return annals_error_set(ctx, n, "out of memory");
        if (!n) continue;
        if (doc->n_event + (size_t)n > cap) {
            size_t nc = (doc->n_event + (size_t)n) * 2;
            annals_event *ne = annals_arena_calloc(doc->arena, nc, sizeof *ne);
            if (!ne) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
            if (doc->n_event) memcpy(ne, doc->event, doc->n_event * sizeof *ne);
            doc->event = ne;
            cap = nc;
        }
        for (int k = 0; k < n; k++) {
            annals_event *e = &doc->event[doc->n_event++];
            memset(e, 0, sizeof *e);
            e->confidence = -1;   /* the PETRARCH/TABARI dictionaries give no calibrated confidence */
            e->sent = (uint32_t)si;
            snprintf(e->code, sizeof e->code, "%.*s", (int)sizeof e->code - 1, ev[k].code);   /* longer codes are cut */
            snprintf(e->root, sizeof e->root, "%.2s", ev[k].code);
            snprintf(e->src, sizeof e->src, "%.*s", (int)sizeof e->src - 1, ev[k].src);   /* longer codes are cut */
            snprintf(e->tgt, sizeof e->tgt, "%.*s", (int)sizeof e->tgt - 1, ev[k].tgt);   /* longer codes are cut */
            const ctok *vt = &s.t[ev[k].verb_tok];
            e->verb_off = vt->src_off;
            e->verb_len = vt->src_len;
            if (ev[k].src_e > ev[k].src_b) {
                e->src_off = s.t[ev[k].src_b].src_off;
                e->src_len = s.t[ev[k].src_e - 1].src_off + s.t[ev[k].src_e - 1].src_len - e->src_off;
            }
            if (ev[k].tgt_e > ev[k].tgt_b) {
                e->tgt_off = s.t[ev[k].tgt_b].src_off;
                e->tgt_len = s.t[ev[k].tgt_e - 1].src_off + s.t[ev[k].tgt_e - 1].src_len - e->tgt_off;
            }
            memcpy(e->date, doc->pub_date, sizeof e->date);
        }
    }
    return 0;
}
