/* SPDX-License-Identifier: MIT
** compat/validate.c -- the PETRARCH and TABARI validation suites.
**
** PETRARCH: the unit-test XML (libxml2) names its dictionaries in
** <Environment>; each <Sentence> is coded from its <Parse> or its <Text> and its
** events compared, as a set of "SRC TGT CODE", with its <EventCoding> elements
** (noevents="True" or no codes: no event expected). TABARI: the .project names
** the dictionaries and the text file; a record is "YYMMDD  ID", the sentence,
** and a slash-star comment holding the expected events "{ SRC / TGT / CODE }"
** ({---} and {###}: none; "-{...}": not required; { OPTION: ... } records set
** options). Records after FINAL-01 are debugging records and are not run. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "compat_internal.h"
#include "annals/error.h"

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and de-duplicates "a\nb\n" lines into "a; b". Caller frees. */
static char *canon(const char *lines)
{
    char *copy = strdup(lines ? lines : "");
    if (!copy) return NULL;
    char *v[512];
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, "\n", &save); t && n < 512; t = strtok_r(NULL, "\n", &save)) if (*t) v[n++] = t;
    qsort(v, (size_t)n, sizeof *v, cmp_line);
    annals_buf b = { 0 };
    annals_buf_puts(&b, "");
    for (int i = 0; i < n; i++) {
        if (i && !strcmp(v[i], v[i - 1])) continue;
        if (b.len) annals_buf_puts(&b, "; ");
        annals_buf_puts(&b, v[i]);
    }
    free(copy);
    return b.p;
}

static int add_record(annals_compat_report *r, const char *id, const char *expected_lines, const char *produced_lines)
{
    annals_compat_record *nr = realloc(r->rec, (r->n_rec + 1) * sizeof *nr);
    if (!nr) return ANNALS_ENOMEM;
    r->rec = nr;
    annals_compat_record *x = &r->rec[r->n_rec++];
    memset(x, 0, sizeof *x);
    snprintf(x->id, sizeof x->id, "%s", id);
    x->expected = canon(expected_lines);
    x->produced = canon(produced_lines);
    if (!x->expected || !x->produced) return ANNALS_ENOMEM;
    x->passed = !strcmp(x->expected, x->produced);
    r->records++;
    if (x->passed) r->passed++;
    return 0;
}

void annals_compat_report_free(annals_compat_report *r)
{
    for (size_t i = 0; i < r->n_rec; i++) { free(r->rec[i].expected); free(r->rec[i].produced); }
    free(r->rec);
    memset(r, 0, sizeof *r);
}

/* ---- PETRARCH ---- */

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) return c;
    return NULL;
}

static char *text_of(xmlNode *n)
{
    if (!n) return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t) return NULL;
    char *s = strdup((const char *)t);
    xmlFree(t);
    return s;
}

static void env_path(char *out, size_t cap, const char *dir, xmlNode *env, const char *name)
{
    out[0] = 0;
    char *v = text_of(child(env, name));
    if (!v) return;
    char *b = v;
    while (isspace((unsigned char)*b)) b++;
    size_t l = strlen(b);
    while (l && isspace((unsigned char)b[l - 1])) b[--l] = 0;
    if (l) snprintf(out, cap, "%s%s", b[0] == '/' ? "" : dir, b);
    free(v);
}

static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

int annals_compat_validate_petrarch(const char *xml_path, bool use_parse, annals_compat_report *out,
                                    annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    xmlDoc *doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (!doc) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: not well-formed XML", xml_path);
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *env = child(root, "Environment");
    xmlNode *sents = child(root, "Sentences");
    if (!env || !sents) {
        xmlFreeDoc(doc);
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s: no <Environment> or <Sentences>", xml_path);
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", xml_path);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = 0; else dir[0] = 0;
    char verbs[4096], actors[4096], agents[4096], discards[4096], issues[4096];
    env_path(verbs, sizeof verbs, dir, env, "Verbfile");
    env_path(actors, sizeof actors, dir, env, "Actorfile");
    env_path(agents, sizeof agents, dir, env, "Agentfile");
    env_path(discards, sizeof discards, dir, env, "Discardfile");
    env_path(issues, sizeof issues, dir, env, "Issuefile");
    const char *alist[2] = { actors[0] ? actors : NULL, NULL };
    annals_compat *c = NULL;
    int rc = annals_compat_open_files(&c, verbs[0] ? verbs : NULL, alist, agents[0] ? agents : NULL,
                                      discards[0] ? discards : NULL, issues[0] ? issues : NULL, warn, warn_arg, ctx);
    if (rc < 0) { xmlFreeDoc(doc); return rc; }
    annals_buf exp = { 0 }, got = { 0 };
    for (xmlNode *s = sents->children; s && rc >= 0; s = s->next) {
        if (s->type == XML_ELEMENT_NODE && !strcmp((const char *)s->name, "Config")) {
            char *on = attr(s, "option"), *ov = attr(s, "value");
            int k = on && ov ? annals_compat_set_option(c, on, ov) : 0;
            if (k == 2 && warn) {
                char msg[600];
                snprintf(msg, sizeof msg, "%s:%ld: <Config option=\"%.64s\">: value '%.64s' out of range: ignored",
                         xml_path, xmlGetLineNo(s), on, ov);
                warn(warn_arg, msg);
            }
            free(on); free(ov);
            continue;
        }
        if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "Sentence")) continue;
        char *id = attr(s, "id"), *date = attr(s, "date");
        annals_buf_clear(&exp);
        annals_buf_clear(&got);
        annals_buf_puts(&exp, "");
        annals_buf_puts(&got, "");
        for (xmlNode *e = s->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE || strcmp((const char *)e->name, "EventCoding")) continue;
            char *sc = attr(e, "sourcecode"), *tc = attr(e, "targetcode"), *ec = attr(e, "eventcode");
            if (ec) annals_buf_printf(&exp, "%s %s %s\n", sc ? sc : "", tc ? tc : "", ec);
            free(sc); free(tc); free(ec);
        }
        char *txt = text_of(use_parse ? child(s, "Parse") : child(s, "Text"));
        if (txt) {
            int k;
            if (use_parse) k = annals_compat_code_parse(c, txt, date, &got, ctx);
            else {
                /* the <Text> is one sentence wrapped over lines: line breaks are blanks, not
                ** paragraph ends for the segmenter */
                size_t w = 0;
                for (size_t r = 0; txt[r]; r++) {
                    char ch = txt[r] == '\n' || txt[r] == '\r' || txt[r] == '\t' ? ' ' : txt[r];
                    if (ch == ' ' && (w == 0 || txt[w - 1] == ' ')) continue;
                    txt[w++] = ch;
                }
                txt[w] = 0;
                k = annals_compat_code_text(c, txt, date, &got, ctx);
            }
            if (k == ANNALS_ENOMEM) rc = k;
            else if (k < 0 && warn) {
                char msg[600];
                snprintf(msg, sizeof msg, "%s: record %s: %s", xml_path, id ? id : "?", annals_errmsg(ctx));
                warn(warn_arg, msg);
            }
        }
        if (rc >= 0 && add_record(out, id ? id : "?", exp.p, got.p) < 0) rc = ANNALS_ENOMEM;
        free(txt); free(id); free(date);
    }
    annals_buf_free(&exp);
    annals_buf_free(&got);
    annals_compat_free(c);
    xmlFreeDoc(doc);
    if (rc < 0) { annals_compat_report_free(out); return annals_error_set(ctx, rc, "out of memory"); }
    return 0;
}

/* ---- TABARI ---- */

static bool record_header(const char *line, char *date, char *id, size_t idcap)
{
    for (int i = 0; i < 6; i++) if (!isdigit((unsigned char)line[i])) return false;
    if (line[6] != ' ' && line[6] != '\t') return false;
    const char *p = line + 6;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) return false;
    memcpy(date, line, 6);
    date[6] = 0;
    size_t n = strcspn(p, " \t\r");
    snprintf(id, idcap, "%.*s", (int)n, p);
    return true;
}

/* Parses "{ A / B / C }" occurrences of a record comment into lines "A B C". */
static int expected_of(const char *comment, annals_buf *exp, bool *counted)
{
    *counted = false;
    const char *p = comment;
    while ((p = strchr(p, '{')) != NULL) {
        const char *e = strchr(p, '}');
        if (!e) break;
        bool optional = p > comment && p[-1] == '-';
        char in[256];
        size_t n = (size_t)(e - p - 1);
        if (n >= sizeof in) n = sizeof in - 1;
        memcpy(in, p + 1, n);
        in[n] = 0;
        p = e + 1;
        char *s = in;
        while (isspace((unsigned char)*s)) s++;
        size_t l = strlen(s);
        while (l && isspace((unsigned char)s[l - 1])) s[--l] = 0;
        if (!strcmp(s, "---") || !strcmp(s, "###")) { *counted = true; continue; }
        if (optional || !strchr(s, '/')) continue;
        char f[3][64];
        int k = 0;
        char *save = NULL;
        for (char *t = strtok_r(s, "/", &save); t && k < 3; t = strtok_r(NULL, "/", &save)) {
            while (isspace((unsigned char)*t)) t++;
            size_t tl = strlen(t);
            while (tl && isspace((unsigned char)t[tl - 1])) t[--tl] = 0;
            snprintf(f[k++], sizeof f[0], "%s", t);
        }
        if (k != 3) continue;
        annals_buf_printf(exp, "%s %s %s\n", f[0], f[1], f[2]);
        *counted = true;
    }
    return 0;
}

int annals_compat_validate_tabari(const char *project_path, annals_compat_report *out, annals_warn_fn warn,
                                  void *warn_arg, annals_ctx *ctx)
{
    memset(out, 0, sizeof *out);
    char files[6][4096];
    int rc = annals_compat_tabari_project(project_path, files, ctx);
    if (rc < 0) return rc;
    if (!files[4][0]) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: no <textfile> line", project_path);
    char spec[4200];
    snprintf(spec, sizeof spec, "tabari:%s", project_path);
    annals_compat *c = NULL;
    if ((rc = annals_compat_open(&c, spec, warn, warn_arg, ctx)) < 0) return rc;
    char *text = NULL;
    size_t len = 0;
    if ((rc = annals_read_file(&text, &len, files[4], ANNALS_MAX_TABARI_TEXT_FILE, ctx)) < 0) { annals_compat_free(c); return rc; }
    annals_buf sent = { 0 }, exp = { 0 }, got = { 0 };
    char date[8] = "", id[64] = "";
    bool in_rec = false, in_comment = false, stop = false;
    char fwd[64] = "";   /* FORWARD: the first actor of the previous record */
    annals_buf comment = { 0 };
    char *line = text;
    size_t ln = 0;
    while (line && !stop && rc >= 0) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        ln++;
        char nd[8], nid[64];
        if (!in_comment && record_header(line, nd, nid, sizeof nid)) {
            /* FINAL-01 ends the standard validation records (it has no comment) */
            if (!strcmp(nid, "FINAL-01")) break;
            memcpy(date, nd, sizeof date);
            snprintf(id, sizeof id, "%s", nid);
            in_rec = true;
            annals_buf_clear(&sent);
            annals_buf_clear(&comment);
            annals_buf_puts(&sent, "");
            annals_buf_puts(&comment, "");
        } else if (in_rec) {
            char *cs = in_comment ? line : strstr(line, "/*");
            if (!in_comment && cs) {
                annals_buf_append(&sent, line, (size_t)(cs - line));
                in_comment = true;
                cs += 2;
            } else if (!in_comment) {
                annals_buf_puts(&sent, line);
                annals_buf_putc(&sent, ' ');
            }
            if (in_comment) {
                char *ce = strstr(cs, "*/");
                if (ce) *ce = 0;
                annals_buf_puts(&comment, cs);
                annals_buf_putc(&comment, '\n');
                if (ce) {
                    in_comment = false;
                    in_rec = false;
                    if (!strcmp(id, "FINAL-01")) { stop = true; break; }
                    /* "{ OPTION: SET: ... }" commands in the comment apply from this record on */
                    for (const char *o = strstr(comment.p, "OPTION:"); o; o = strstr(o + 7, "OPTION:")) {
                        char cmd[256];
                        size_t ol = strcspn(o + 7, "}\n");
                        if (ol >= sizeof cmd) ol = sizeof cmd - 1;
                        memcpy(cmd, o + 7, ol);
                        cmd[ol] = 0;
                        if (annals_compat_set_option(c, "tabari", cmd) == 2 && warn) {
                            char msg[4600];
                            snprintf(msg, sizeof msg, "%s:%zu: record %s: OPTION:%.200s: value out of range: ignored",
                                     files[4], ln, id, cmd);
                            warn(warn_arg, msg);
                        }
                    }
                    bool counted;
                    annals_buf_clear(&exp);
                    annals_buf_puts(&exp, "");
                    expected_of(comment.p, &exp, &counted);
                    if (counted) {
                        annals_buf_clear(&got);
                        annals_buf_puts(&got, "");
                        char full[16];
                        snprintf(full, sizeof full, "%s%s", atoi(date) / 10000 < 30 ? "20" : "19", date);
                        int k = annals_compat_code_text_fwd(c, sent.p, full, &got, ctx, fwd);
                        if (k == ANNALS_ENOMEM) rc = k;
                        if (rc >= 0 && add_record(out, id, exp.p, got.p) < 0) rc = ANNALS_ENOMEM;
                    }
                }
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    annals_buf_free(&sent);
    annals_buf_free(&exp);
    annals_buf_free(&got);
    annals_buf_free(&comment);
    free(text);
    annals_compat_free(c);
    if (rc < 0) { annals_compat_report_free(out); return annals_error_set(ctx, rc, "out of memory"); }
    return 0;
}
