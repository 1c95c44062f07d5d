/* SPDX-License-Identifier: MIT
** clean/html.c -- HTML to plain article text with libxml2's HTML parser.
**
** The page is parsed leniently (HTML_PARSE_RECOVER, no network, no error
** output) and the tree walked iteratively, so deep nesting cannot overflow the
** stack. Dropped with their whole subtree: script, style, nav, aside, forms,
** frames and the like, page-level <header>/<footer>, and elements whose class,
** id or role names mark boilerplate ("sidebar", "related-posts", "share-bar",
** "ad-slot", role="navigation"). When the page has <article> elements the
** largest one is the text (with the page's <h1> before it), else <main>, else
** <body>. Block elements end a paragraph (blank line), <br>/<li>/<tr> end a
** line; runs of white space become one space. Entities are decoded by libxml2.
** Page metadata (article:published_time, <meta name="date">, <time datetime>,
** og:site_name, publisher) fills doc->pub_date and doc->outlet when unset. */
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "annals/clean.h"
#include "annals/meta.h"

static pthread_once_t parser_once = PTHREAD_ONCE_INIT;
static void parser_init(void) { xmlInitParser(); }

static bool name_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *list)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return false;
    for (; *list; list++)
        if (strcasecmp((const char *)n->name, *list) == 0) return true;
    return false;
}

static const char *const drop_tags[] = {
    "script", "style", "noscript", "nav", "aside", "form", "button", "svg", "iframe",
    "template", "select", "object", "embed", "canvas", "dialog", "menu", "head", "title",
    "link", "meta", "input", "textarea", "audio", "video", "map", NULL
};

/* Words in class/id values that mark page furniture. Matched against the
** parts of a name split at '-', '_' and spaces, so "ad" does not hit "shadow". */
static const char *const boiler_words[] = {
    "nav", "navbar", "navigation", "menu", "sidebar", "related", "latest", "share",
    "sharing", "social", "cookie", "cookies", "banner", "footer", "breadcrumb",
    "breadcrumbs", "comment", "comments", "newsletter", "subscribe", "subscription",
    "advert", "advertisement", "ad", "ads", "adsense", "promo", "popup", "modal",
    "sponsored", "outbrain", "taboola", "trending", "recommended", "masthead", NULL
};

static const char *const boiler_roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "dialog", NULL
};

static bool word_listed(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(w, *list, n) == 0) return true;
    return false;
}

/* True when one of the words of the attribute value is a boilerplate word. */
static bool attr_marks_boiler(const xmlChar *v, const char *const *list)
{
    const char *s = (const char *)v;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '-' || *s == '_') s++;
        const char *b = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '-' && *s != '_') s++;
        if (s > b && word_listed(b, (size_t)(s - b), list)) return true;
    }
    return false;
}

static bool inside_content(const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p; p = p->parent)
        if (name_is(p, "article") || name_is(p, "main")) return true;
    return false;
}

/* Whether the element and its subtree are left out of the text. */
static bool dropped(const xmlNode *n, bool use_class)
{
    if (n->type != XML_ELEMENT_NODE) return false;
    if (name_in(n, drop_tags)) return true;
    if ((name_is(n, "header") || name_is(n, "footer")) && !inside_content(n)) return true;
    if (name_is(n, "html") || name_is(n, "body") || name_is(n, "main") ||
        name_is(n, "article"))
        return false;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"hidden");
    if (v) { xmlFree(v); return true; }
    v = xmlGetProp(n, (const xmlChar *)"aria-hidden");
    if (v) {
        bool hid = strcasecmp((const char *)v, "true") == 0;
        xmlFree(v);
        if (hid) return true;
    }
    if (!use_class) return false;
    static const char *const attrs[] = { "class", "id", NULL };
    for (int i = 0; attrs[i]; i++) {
        v = xmlGetProp(n, (const xmlChar *)attrs[i]);
        if (v) {
            bool b = attr_marks_boiler(v, boiler_words);
            xmlFree(v);
            if (b) return true;
        }
    }
    v = xmlGetProp(n, (const xmlChar *)"role");
    if (v) {
        bool b = attr_marks_boiler(v, boiler_roles);
        xmlFree(v);
        if (b) return true;
    }
    return false;
}

/* 2: paragraph break, 1: line break, 0: inline. */
static int block_level(const xmlNode *n)
{
    static const char *const para[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
        "main", "ul", "ol", "dl", "table", "pre", "figure", "address", "hr", "center",
        "fieldset", "header", "footer", "body", "details", "summary", NULL
    };
    static const char *const line[] = { "br", "li", "tr", "dt", "dd", "option", "caption",
                                        "figcaption", NULL };
    if (name_in(n, para)) return 2;
    if (name_in(n, line)) return 1;
    return 0;
}

typedef struct {
    annals_buf b;
    int brk;          /* pending line breaks before the next text */
    bool space;       /* pending space */
    int err;
} emitter;

static void emit_break(emitter *e, int level)
{
    if (level > e->brk) e->brk = level;
}

static void emit_text(emitter *e, const unsigned char *s)
{
    if (!s || e->err) return;
    while (*s) {
        size_t run = 0;
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v') {
            e->space = true;
            s++;
            continue;
        }
        if (s[0] == 0xC2 && s[1] == 0xA0) {   /* no-break space */
            e->space = true;
            s += 2;
            continue;
        }
        if (e->b.len > 0) {
            if (e->brk) {
                while (e->b.len > 0 && e->b.p[e->b.len - 1] == ' ') e->b.len--;
                size_t have = 0;
                while (have < e->b.len && e->b.p[e->b.len - 1 - have] == '\n') have++;
                for (size_t k = have; k < (size_t)e->brk; k++)
                    if (annals_buf_putc(&e->b, '\n') < 0) { e->err = ANNALS_ENOMEM; return; }
            } else if (e->space) {
                char last = e->b.p[e->b.len - 1];
                if (last != ' ' && last != '\n' && annals_buf_putc(&e->b, ' ') < 0) {
                    e->err = ANNALS_ENOMEM;
                    return;
                }
            }
        }
        e->brk = 0;
        e->space = false;
        /* Copy the run up to the next white space in one append. */
        while (s[run] && s[run] != ' ' && s[run] != '\t' && s[run] != '\n' && s[run] != '\r' &&
               s[run] != '\f' && s[run] != '\v' && !(s[run] == 0xC2 && s[run + 1] == 0xA0))
            run++;
        if (annals_buf_append(&e->b, s, run) < 0) { e->err = ANNALS_ENOMEM; return; }
        s += run;
    }
}

static void enter(emitter *e, const xmlNode *n)
{
    int lvl = block_level(n);
    if (lvl) emit_break(e, lvl);
    else if (name_is(n, "td") || name_is(n, "th")) e->space = true;
}

static void leave(emitter *e, const xmlNode *n)
{
    int lvl = block_level(n);
    if (lvl && !name_is(n, "br")) emit_break(e, lvl);
    else if (name_is(n, "td") || name_is(n, "th")) e->space = true;
}

/* Emits the text of root's subtree, skipping `skip` and dropped elements. */
static void walk_emit(emitter *e, xmlNode *root, const xmlNode *skip, bool use_class)
{
    xmlNode *cur = root;
    for (;;) {
        bool descend = false;
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            emit_text(e, cur->content);
        } else if (cur->type == XML_ELEMENT_NODE && cur != skip && !dropped(cur, use_class)) {
            enter(e, cur);
            if (cur->children) descend = true;
            else leave(e, cur);
        }
        if (e->err) return;
        if (descend) { cur = cur->children; continue; }
        for (;;) {
            if (cur == root) return;
            if (cur->next) { cur = cur->next; break; }
            cur = cur->parent;
            if (!cur) return;
            if (cur->type == XML_ELEMENT_NODE) leave(e, cur);
        }
    }
}

/* Pre-order successor of cur within root; skip_children: do not descend. */
static xmlNode *next_node(xmlNode *cur, const xmlNode *root, bool skip_children)
{
    if (!skip_children && cur->children) return cur->children;
    while (cur && cur != root) {
        if (cur->next) return cur->next;
        cur = cur->parent;
    }
    return NULL;
}

/* Non-space text bytes in a subtree (used to pick the largest <article>). */
static size_t text_weight(xmlNode *root, bool use_class)
{
    size_t w = 0;
    for (xmlNode *n = root; n; ) {
        bool skip = n != root && dropped(n, use_class);
        if (!skip && n->type == XML_TEXT_NODE && n->content)
            for (const xmlChar *c = n->content; *c; c++)
                if (*c > ' ') w++;
        n = next_node(n, root, skip);
    }
    return w;
}

/* Finds the content root: largest top-level <article>, else first <main>, else body.
** *title gets the first <h1> outside the root (not in dropped parts), or NULL. */
static xmlNode *content_root(xmlNode *body, bool use_class, xmlNode **title)
{
    xmlNode *best = NULL, *main_el = NULL, *h1 = NULL;
    size_t best_w = 0;
    *title = NULL;
    for (xmlNode *n = body; n; ) {
        bool skip = false;
        if (n != body && dropped(n, use_class)) {
            skip = true;
        } else if (name_is(n, "article")) {
            size_t w = text_weight(n, use_class);
            if (!best || w > best_w) { best = n; best_w = w; }
            skip = true;   /* nested articles belong to this one */
        } else if (name_is(n, "main") && !main_el) {
            main_el = n;
        } else if (name_is(n, "h1") && !h1) {
            h1 = n;
        }
        n = next_node(n, body, skip);
    }
    xmlNode *root = best && best_w > 0 ? best : main_el ? main_el : body;
    if (root != body && h1) {
        bool inside = false;
        for (xmlNode *p = h1; p; p = p->parent)
            if (p == root) { inside = true; break; }
        if (!inside) *title = h1;
    }
    return root;
}

static void set_date(annals_doc *doc, const xmlChar *v)
{
    if (!v || doc->pub_date[0]) return;
    const char *s = (const char *)v;
    while (*s == ' ' || *s == '\t' || *s == '\n') s++;
    size_t n = strlen(s);
    int64_t days;
    if (n >= 10 && annals_date_parse_iso(s, 10, &days) &&
        (n == 10 || s[10] == 'T' || s[10] == ' ' || s[10] == 't')) {
        annals_date_format(days, doc->pub_date);
        return;
    }
    if (annals_date_scan(s, n, &days) > 0) annals_date_format(days, doc->pub_date);
}

static void set_outlet(annals_doc *doc, const xmlChar *v)
{
    if (!v || doc->outlet) return;
    const char *s = (const char *)v;
    while (*s == ' ' || *s == '\t' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n')) n--;
    if (n == 0 || n > 80) return;
    doc->outlet = annals_arena_strndup(doc->arena, s, n);
}

/* Reads <meta> and <time> metadata into doc (only fields still unset). */
static void read_metadata(annals_doc *doc, xmlNode *top)
{
    xmlChar *pub = NULL, *date = NULL, *time_dt = NULL, *site = NULL, *publisher = NULL;
    for (xmlNode *n = top; n; ) {
        bool skip = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (name_is(n, "script") || name_is(n, "style") || name_is(n, "aside") ||
                name_is(n, "nav") || (n != top && name_is(n, "footer"))) {
                skip = true;
            } else if (name_is(n, "meta")) {
                xmlChar *key = xmlGetProp(n, (const xmlChar *)"property");
                if (!key) key = xmlGetProp(n, (const xmlChar *)"name");
                if (!key) key = xmlGetProp(n, (const xmlChar *)"itemprop");
                xmlChar *content = key ? xmlGetProp(n, (const xmlChar *)"content") : NULL;
                const char *k = (const char *)key;
                xmlChar **slot = NULL;
                if (content) {
                    if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "datePublished") ||
                        !strcasecmp(k, "og:published_time"))
                        slot = &pub;
                    else if (!strcasecmp(k, "date") || !strcasecmp(k, "pubdate") ||
                             !strcasecmp(k, "publish-date") || !strcasecmp(k, "dc.date") ||
                             !strcasecmp(k, "dc.date.issued") || !strcasecmp(k, "dcterms.date"))
                        slot = &date;
                    else if (!strcasecmp(k, "og:site_name"))
                        slot = &site;
                    else if (!strcasecmp(k, "publisher") || !strcasecmp(k, "article:publisher") ||
                             !strcasecmp(k, "dc.publisher"))
                        slot = &publisher;
                }
                if (slot && !*slot) { *slot = content; content = NULL; }
                xmlFree(content);
                xmlFree(key);
            } else if (name_is(n, "time") && !time_dt) {
                time_dt = xmlGetProp(n, (const xmlChar *)"datetime");
            }
        }
        n = next_node(n, top, skip);
    }
    set_date(doc, pub);
    set_date(doc, date);
    set_date(doc, time_dt);
    /* "publisher" is sometimes a URL (article:publisher): skip those. */
    set_outlet(doc, site);
    if (publisher && !strstr((const char *)publisher, "://")) set_outlet(doc, publisher);
    xmlFree(pub);
    xmlFree(date);
    xmlFree(time_dt);
    xmlFree(site);
    xmlFree(publisher);
}

static xmlNode *find_body(xmlNode *top)
{
    for (xmlNode *n = top; n; ) {
        if (name_is(n, "body")) return n;
        n = next_node(n, top, name_is(n, "head"));
    }
    return NULL;
}

/* Text of body (content root chosen as above) into e; false when empty. */
static bool extract(emitter *e, xmlNode *body, bool use_class)
{
    xmlNode *title = NULL;
    xmlNode *root = content_root(body, use_class, &title);
    if (title) {
        walk_emit(e, title, NULL, use_class);
        emit_break(e, 2);
    }
    walk_emit(e, root, NULL, use_class);
    return e->b.len > 0;
}

int annals_html_to_text(annals_doc *doc, const char *html, size_t len,
                        char **out, size_t *out_len, annals_ctx *ctx)
{
    const char *path = doc && doc->path ? doc->path : "-";
    *out = NULL;
    if (out_len) *out_len = 0;
    if (len > INT_MAX)
        return annals_error_set(ctx, ANNALS_ETOOBIG, "%s: HTML document too large", path);
    pthread_once(&parser_once, parser_init);
    htmlDocPtr tree = htmlReadMemory(html ? html : "", (int)len, NULL, "UTF-8",
                                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!tree) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: HTML has no body text", path);
    xmlNode *top = xmlDocGetRootElement(tree);
    xmlNode *body = top ? find_body(top) : NULL;
    emitter e = { 0 };
    int rc = 0;
    if (body) {
        if (doc) read_metadata(doc, top);
        if (!extract(&e, body, true) && !e.err) {
            /* Class names hid everything: try again with element names only. */
            annals_buf_clear(&e.b);
            e.brk = 0;
            e.space = false;
            extract(&e, body, false);
        }
    }
    xmlFreeDoc(tree);
    if (e.err) {
        rc = annals_error_set(ctx, e.err, "%s: out of memory", path);
    } else if (e.b.len == 0) {
        rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: HTML has no body text", path);
    } else {
        while (e.b.len > 0 && (e.b.p[e.b.len - 1] == ' ' || e.b.p[e.b.len - 1] == '\n')) e.b.len--;
        annals_arena *a = doc ? doc->arena : NULL;
        char *p = a ? annals_arena_strndup(a, e.b.p, e.b.len) : NULL;
        if (!p) {
            rc = annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory", path);
        } else {
            *out = p;
            if (out_len) *out_len = e.b.len;
        }
    }
    annals_buf_free(&e.b);
    return rc;
}
