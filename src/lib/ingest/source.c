/* SPDX-License-Identifier: MIT
** ingest/source.c -- turning paths (files, folders, "-") into documents.
**
** annals_source_open() expands the paths once into a flat, ordered list of
** inputs: folders are walked depth-first with entries sorted by name (bytewise)
** so runs are reproducible; dot-files and dot-folders are skipped; a folder
** already visited (same device and inode, e.g. through a symlink loop) is not
** walked again. Paths that cannot be used are kept in the list as pending
** rejects, so they are reported in order by annals_source_next().
**
** annals_source_next() reads one input at a time through a small buffered
** reader (works for stdin, which cannot seek): the first 4 KiB decide binary vs
** text and, for unknown extensions, the format. Whole-file documents are read
** up to ANNALS_MAX_DOC_BYTES and no further; JSONL is streamed line by line,
** each line bounded by the same limit (a longer line is skipped up to its
** newline without being kept in memory). */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include "annals/ingest.h"
#include "annals/util.h"
#include "ingest_internal.h"

#define HEAD_BYTES 4096u
#define READ_CHUNK (64u * 1024u)

typedef enum {
    ENT_FILE,      /* regular file */
    ENT_STREAM,    /* stdin, or a pipe/device named on the command line */
    ENT_REJECT     /* reason already known (missing path, unreadable folder) */
} ent_kind;

typedef struct {
    char *path;
    ent_kind kind;
    int code;            /* ENT_REJECT: the annals error code */
    char *reason;        /* ENT_REJECT */
    uint64_t size;       /* ENT_FILE: st_size at open */
} entry;

typedef struct {
    char *path;
    size_t line;
    char *reason;
} reject_rec;

typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id;

/* Buffered reader over a FILE*: peek at the head, then read lines or the rest. */
typedef struct {
    FILE *f;
    unsigned char *buf;
    size_t pos, len, cap;
    bool eof;
    int err;             /* errno of a read error, 0 if none */
    uint64_t consumed;   /* bytes taken from the FILE so far */
} reader;

struct annals_source {
    entry *ent;
    size_t n_ent, cap_ent, next_ent;
    annals_format force;

    dir_id *dirs;
    size_t n_dirs, cap_dirs;

    reject_rec *rej;
    size_t n_rej, cap_rej;

    /* the JSONL input being streamed, if any */
    bool in_jsonl;
    const entry *cur;
    reader rd;
    size_t line_no;
    annals_buf line;
    char *base;          /* base name of the current JSONL file, for doc names */

    uint64_t done_prev;  /* bytes of inputs finished */
    uint64_t total;
};

/* ---- list building ------------------------------------------------------ */

static int push_entry(annals_source *s, const char *path, ent_kind kind, uint64_t size,
                      int code, const char *reason)
{
    entry *ne = annals_grow(s->ent, &s->cap_ent, s->n_ent + 1, sizeof *ne, 32);
    if (!ne) return ANNALS_ENOMEM;
    s->ent = ne;
    entry *e = &s->ent[s->n_ent];
    memset(e, 0, sizeof *e);
    e->path = strdup(path);
    e->reason = reason ? strdup(reason) : NULL;
    if (!e->path || (reason && !e->reason)) {
        free(e->path);
        free(e->reason);
        return ANNALS_ENOMEM;
    }
    e->kind = kind;
    e->size = size;
    e->code = code;
    s->n_ent++;
    if (kind == ENT_FILE) s->total += size;
    return 0;
}

static int push_errno_reject(annals_source *s, const char *path, const char *what, int e)
{
    char reason[256];
    snprintf(reason, sizeof reason, "%s: %s", what, strerror(e));
    return push_entry(s, path, ENT_REJECT, 0, e == ENOENT ? ANNALS_ENOTFOUND : ANNALS_EIO, reason);
}

/* true if the folder was seen before; otherwise remembers it */
static int dir_seen(annals_source *s, const struct stat *st, bool *seen)
{
    for (size_t i = 0; i < s->n_dirs; i++)
        if (s->dirs[i].dev == st->st_dev && s->dirs[i].ino == st->st_ino) { *seen = true; return 0; }
    *seen = false;
    dir_id *nd = annals_grow(s->dirs, &s->cap_dirs, s->n_dirs + 1, sizeof *nd, 16);
    if (!nd) return ANNALS_ENOMEM;
    s->dirs = nd;
    s->dirs[s->n_dirs++] = (dir_id){ st->st_dev, st->st_ino };
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dl > 0 && dir[dl - 1] != '/';
    char *p = malloc(dl + slash + nl + 1);
    if (!p) return NULL;
    memcpy(p, dir, dl);
    if (slash) p[dl] = '/';
    memcpy(p + dl + slash, name, nl + 1);
    return p;
}

static int add_path(annals_source *s, const char *path, bool explicit_path, int depth);

static int add_dir(annals_source *s, const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) return push_errno_reject(s, path, "cannot read folder", errno);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;   /* ., .., dot-files, dot-folders */
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) { rc = ANNALS_ENOMEM; break; }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name))) { rc = ANNALS_ENOMEM; break; }
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 1) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            char *p = join_path(path, names[i]);
            rc = p ? add_path(s, p, false, depth + 1) : ANNALS_ENOMEM;
            free(p);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static int add_path(annals_source *s, const char *path, bool explicit_path, int depth)
{
    if (explicit_path && strcmp(path, "-") == 0) return push_entry(s, "-", ENT_STREAM, 0, 0, NULL);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        struct stat lst;
        if (!explicit_path && e == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            return push_entry(s, path, ENT_REJECT, 0, ANNALS_ENOTFOUND, "broken symbolic link");
        return push_errno_reject(s, path, e == ENOENT ? "does not exist" : "cannot access", e);
    }
    if (S_ISDIR(st.st_mode)) {
        bool seen;
        int rc = dir_seen(s, &st, &seen);
        if (rc < 0 || seen) return rc;   /* a folder reached twice (symlink loop): walk it once */
        if (depth > 256)
            return push_entry(s, path, ENT_REJECT, 0, ANNALS_ETOOBIG, "folders nested too deep");
        return add_dir(s, path, depth);
    }
    if (S_ISREG(st.st_mode)) return push_entry(s, path, ENT_FILE, (uint64_t)st.st_size, 0, NULL);
    /* a pipe or device named by the user (e.g. <(zcat x.gz)) is read as a stream;
    ** one found inside a folder is not opened: reading it could block forever */
    if (explicit_path && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))
        return push_entry(s, path, ENT_STREAM, 0, 0, NULL);
    return push_entry(s, path, ENT_REJECT, 0, ANNALS_EFORMAT, "not a regular file");
}

int annals_source_open(annals_source **out, const char *const *paths, size_t n_paths,
                       annals_format force, annals_ctx *ctx)
{
    *out = NULL;
    annals_source *s = calloc(1, sizeof *s);
    if (!s) return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory");
    s->force = force;
    for (size_t i = 0; i < n_paths; i++) {
        if (!paths[i] || !paths[i][0]) continue;
        if (add_path(s, paths[i], true, 0) < 0) {
            annals_source_free(s);
            return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory while listing %s", paths[i]);
        }
    }
    *out = s;
    return 0;
}

static void reader_close(reader *r)
{
    if (r->f && r->f != stdin) fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

void annals_source_free(annals_source *s)
{
    if (!s) return;
    reader_close(&s->rd);
    for (size_t i = 0; i < s->n_ent; i++) { free(s->ent[i].path); free(s->ent[i].reason); }
    free(s->ent);
    free(s->dirs);
    for (size_t i = 0; i < s->n_rej; i++) { free(s->rej[i].path); free(s->rej[i].reason); }
    free(s->rej);
    annals_buf_free(&s->line);
    free(s->base);
    free(s);
}

/* ---- rejects ------------------------------------------------------------ */

/* Records the reject and sets "PATH: reason" / "PATH:LINE: reason" on ctx. */
static int reject(annals_source *s, annals_ctx *ctx, int code, const char *path, size_t line,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static int reject(annals_source *s, annals_ctx *ctx, int code, const char *path, size_t line,
                  const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (s->n_rej == s->cap_rej) {
        size_t nc = s->cap_rej ? s->cap_rej * 2 : 16;
        reject_rec *nr = realloc(s->rej, nc * sizeof *nr);
        if (nr) { s->rej = nr; s->cap_rej = nc; }
    }
    if (s->n_rej < s->cap_rej) {
        reject_rec *r = &s->rej[s->n_rej];
        r->path = strdup(path);
        r->reason = strdup(reason);
        r->line = line;
        if (r->path && r->reason) s->n_rej++;
        else { free(r->path); free(r->reason); }
    }
    if (line) return annals_error_set(ctx, code, "%s:%zu: %s", path, line, reason);
    return annals_error_set(ctx, code, "%s: %s", path, reason);
}

size_t annals_source_n_rejects(const annals_source *s) { return s ? s->n_rej : 0; }

annals_reject annals_source_reject(const annals_source *s, size_t i)
{
    if (!s || i >= s->n_rej) return (annals_reject){ NULL, 0, NULL };
    return (annals_reject){ s->rej[i].path, s->rej[i].line, s->rej[i].reason };
}

void annals_source_progress(const annals_source *s, uint64_t *done, uint64_t *total)
{
    uint64_t d = s ? s->done_prev + s->rd.consumed : 0, t = s ? s->total : 0;
    if (d > t) t = d;   /* stdin, or a file that grew */
    if (done) *done = d;
    if (total) *total = t;
}

/* ---- the reader --------------------------------------------------------- */

/* Makes at least `want` unread bytes available, or all that is left. */
static int reader_fill(reader *r, size_t want)
{
    while (r->len - r->pos < want && !r->eof) {
        if (r->pos > 0) {
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        if (r->cap - r->len < READ_CHUNK) {
            size_t nc = r->cap ? r->cap * 2 : READ_CHUNK * 2;
            while (nc - r->len < READ_CHUNK) nc *= 2;
            unsigned char *nb = realloc(r->buf, nc);
            if (!nb) return ANNALS_ENOMEM;
            r->buf = nb;
            r->cap = nc;
        }
        size_t got = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
        r->len += got;
        r->consumed += got;
        if (got == 0) {
            if (ferror(r->f)) r->err = errno ? errno : EIO;
            r->eof = true;
        }
    }
    return 0;
}

/* Reads one line (without its '\n', and without a trailing '\r') into out, keeping at
** most max bytes; a longer line is consumed to its end and *too_long set.
** Returns 1 for a line, 0 at end of input, < 0 on OOM. */
static int reader_line(reader *r, annals_buf *out, size_t max, bool *too_long)
{
    annals_buf_clear(out);
    *too_long = false;
    bool any = false;
    for (;;) {
        if (r->pos == r->len) {
            int rc = reader_fill(r, 1);
            if (rc < 0) return rc;
            if (r->pos == r->len) break;   /* end of input */
        }
        any = true;
        unsigned char *start = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!*too_long) {
            if (out->len + take > max) {
                *too_long = true;
                annals_buf_clear(out);
            } else if (annals_buf_append(out, start, take) < 0) {
                return ANNALS_ENOMEM;
            }
        }
        r->pos += take;
        if (nl) { r->pos++; break; }
    }
    if (!any) return 0;
    if (out->len > 0 && out->p[out->len - 1] == '\r') out->p[--out->len] = '\0';
    return 1;
}

/* ---- format detection --------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *extension(const char *path)
{
    const char *b = base_name(path);
    const char *dot = strrchr(b, '.');
    return dot && dot != b ? dot + 1 : "";
}

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (annals_ascii_lower((unsigned char)*a) != annals_ascii_lower((unsigned char)*b)) return false;
    }
    return *a == *b;
}

annals_format annals_ingest__format_from_ext(const char *path)
{
    const char *e = extension(path);
    if (ieq(e, "txt") || ieq(e, "text")) return ANNALS_FMT_TEXT;
    if (ieq(e, "html") || ieq(e, "htm") || ieq(e, "xhtml")) return ANNALS_FMT_HTML;
    if (ieq(e, "jsonl") || ieq(e, "ndjson") || ieq(e, "json")) return ANNALS_FMT_JSONL;
    return ANNALS_FMT_AUTO;
}

static size_t skip_bom_space(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\f'))
        i++;
    return i;
}

static bool has_html_tag(const unsigned char *p, size_t n)
{
    static const char *const tags[] = {
        "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<p>", "<p ",
        "<article", "<section", "<h1", "<h2", "<br", "<span", "<a ", "<table", "<ul", "<script",
        "<link", "<!--"
    };
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '<') continue;
        for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
            size_t tl = strlen(tags[t]), k;
            if (tl > n - i) continue;
            for (k = 0; k < tl; k++) {
                if (annals_ascii_lower((unsigned char)p[i + k]) != (unsigned char)tags[t][k]) break;
            }
            if (k == tl) return true;
        }
    }
    return false;
}

annals_format annals_ingest__sniff(const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = skip_bom_space(p, n);
    if (i < n && p[i] == '{') return ANNALS_FMT_JSONL;
    if (i < n && p[i] == '<' && has_html_tag(p + i, n - i)) return ANNALS_FMT_HTML;
    return ANNALS_FMT_TEXT;
}

bool annals_ingest__binary(const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == 0) return true;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F)
            ctl++;
    }
    return ctl * 10 > n;
}

/* "YYYY-MM-DD", alone or as the date of an ISO timestamp ("2024-09-07T10:00:00Z"). */
bool annals_ingest__iso_date(const char *s, size_t n, char out[11])
{
    if (n < 10) return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return false; }
        else if (s[i] < '0' || s[i] > '9') return false;
    }
    if (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || !annals_date_valid(y, m, d)) return false;
    memcpy(out, s, 10);
    out[10] = '\0';
    return true;
}

/* ---- one input ---------------------------------------------------------- */

static void finish_input(annals_source *s)
{
    uint64_t used = s->rd.consumed;
    if (s->cur && s->cur->kind == ENT_FILE && s->cur->size > used) used = s->cur->size;
    s->done_prev += used;
    reader_close(&s->rd);
    s->in_jsonl = false;
    s->cur = NULL;
}

static char *name_sans_ext(const char *path)
{
    if (strcmp(path, "-") == 0) return strdup("stdin");
    const char *b = base_name(path);
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, b, n);
    r[n] = '\0';
    return r;
}

static bool all_space(const char *p, size_t n)
{
    size_t i = skip_bom_space((const unsigned char *)p, n);
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\v'))
        i++;
    return i == n;
}

/* Copies an optional JSON string field into the doc's arena; NULL if absent or empty. */
static const char *opt_string(annals_doc *d, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || json_string_length(v) == 0) return NULL;
    return annals_arena_strndup(d->arena, json_string_value(v), json_string_length(v));
}

int annals_ingest_jsonl_line(const char *p, size_t n, const char *path, const char *base, size_t ln,
                             annals_doc **out, char *reason, size_t reason_cap, annals_ctx *ctx)
{
    *out = NULL;
    if (reason_cap) reason[0] = '\0';
    if (ln == 1 && n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) { p += 3; n -= 3; }
    if (all_space(p, n)) return 0;

    json_error_t jerr;
    json_t *root = json_loadb(p, n, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        snprintf(reason, reason_cap, "not JSON: %s", jerr.text);
        return ANNALS_EFORMAT;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        snprintf(reason, reason_cap, "not a JSON object");
        return ANNALS_EFORMAT;
    }
    json_t *body = json_object_get(root, "text");
    annals_format fmt = ANNALS_FMT_TEXT;
    if (!json_is_string(body)) {
        body = json_object_get(root, "html");
        fmt = ANNALS_FMT_HTML;
    }
    if (!json_is_string(body)) {
        json_decref(root);
        snprintf(reason, reason_cap, "no \"text\" or \"html\" field");
        return ANNALS_EFORMAT;
    }
    const char *raw = json_string_value(body);
    size_t raw_len = json_string_length(body);
    if (all_space(raw, raw_len)) {
        json_decref(root);
        snprintf(reason, reason_cap, "empty \"%s\" field", fmt == ANNALS_FMT_HTML ? "html" : "text");
        return ANNALS_EFORMAT;
    }

    char name[512];
    json_t *id = json_object_get(root, "id");
    if (json_is_string(id) && json_string_length(id) > 0)
        snprintf(name, sizeof name, "%s", json_string_value(id));
    else if (json_is_integer(id))
        snprintf(name, sizeof name, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
    else if (json_is_real(id))
        snprintf(name, sizeof name, "%.15g", json_real_value(id));
    else
        snprintf(name, sizeof name, "%s:%zu", base, ln);

    annals_doc *d = NULL;
    int rc = annals_doc_new(&d, name, path, raw, raw_len, ctx);
    if (rc < 0) {
        json_decref(root);
        snprintf(reason, reason_cap, "out of memory");
        return rc;
    }
    d->format = fmt;
    d->line = ln;
    d->url = opt_string(d, root, "url");
    d->outlet = opt_string(d, root, "outlet");
    json_t *date = json_object_get(root, "date");
    char ymd[11];
    if (json_is_string(date) && annals_ingest__iso_date(json_string_value(date),
                                                        json_string_length(date), ymd))
        d->given_date = annals_arena_strdup(d->arena, ymd);
    json_decref(root);
    *out = d;
    return 1;
}

/* One JSONL line of the input being streamed: 1 with *out, 0 for a blank line (skip),
** < 0 for a reject (recorded). */
static int jsonl_doc(annals_source *s, annals_doc **out, annals_ctx *ctx)
{
    char reason[512];
    int rc = annals_ingest_jsonl_line(s->line.p, s->line.len, s->cur->path, s->base, s->line_no,
                                      out, reason, sizeof reason, ctx);
    if (rc == ANNALS_ENOMEM) return annals_error_set(ctx, rc, "%s: out of memory", s->cur->path);
    if (rc < 0) return reject(s, ctx, rc, s->cur->path, s->line_no, "%s", reason);
    return rc;
}

/* Next document of the JSONL input being streamed: 1, 0 (input finished), < 0 reject. */
static int jsonl_next(annals_source *s, annals_doc **out, annals_ctx *ctx)
{
    for (;;) {
        bool too_long;
        int rc = reader_line(&s->rd, &s->line, ANNALS_MAX_DOC_BYTES, &too_long);
        if (rc < 0) return annals_error_set(ctx, rc, "%s: out of memory", s->cur->path);
        if (rc == 0) {
            int err = s->rd.err;
            const char *path = s->cur->path;
            size_t ln = s->line_no;
            if (err) {
                rc = reject(s, ctx, ANNALS_EIO, path, ln + 1, "read error: %s", strerror(err));
                finish_input(s);
                return rc;
            }
            finish_input(s);
            return 0;
        }
        s->line_no++;
        if (too_long)
            return reject(s, ctx, ANNALS_ETOOBIG, s->cur->path, s->line_no,
                          "line longer than %u MiB", ANNALS_MAX_DOC_BYTES >> 20);
        rc = jsonl_doc(s, out, ctx);
        if (rc != 0) return rc;
    }
}

/* Starts the next input of the list: 1 with *out (whole-file document), 0 when the
** input turned out to be JSONL (s->in_jsonl set) or yielded nothing, < 0 reject. */
static int start_input(annals_source *s, const entry *e, annals_doc **out, annals_ctx *ctx)
{
    if (e->kind == ENT_REJECT) return reject(s, ctx, e->code, e->path, 0, "%s", e->reason);

    bool is_stdin = e->kind == ENT_STREAM && strcmp(e->path, "-") == 0;
    if (e->kind == ENT_FILE && e->size > ANNALS_MAX_DOC_BYTES) {
        annals_format f = s->force != ANNALS_FMT_AUTO ? s->force : annals_ingest__format_from_ext(e->path);
        if (f == ANNALS_FMT_TEXT || f == ANNALS_FMT_HTML) {
            /* known whole-file format: no need to read a byte */
            s->done_prev += e->size;
            return reject(s, ctx, ANNALS_ETOOBIG, e->path, 0, "document larger than %u MiB",
                          ANNALS_MAX_DOC_BYTES >> 20);
        }
    }
    FILE *f = is_stdin ? stdin : fopen(e->path, "rb");
    if (!f) {
        int err = errno;
        return reject(s, ctx, err == ENOENT ? ANNALS_ENOTFOUND : ANNALS_EIO, e->path, 0,
                      "cannot open: %s", strerror(err));
    }
    memset(&s->rd, 0, sizeof s->rd);
    s->rd.f = f;
    s->cur = e;
    int rc = reader_fill(&s->rd, HEAD_BYTES);
    if (rc < 0) { finish_input(s); return annals_error_set(ctx, rc, "%s: out of memory", e->path); }
    const char *head = (const char *)s->rd.buf;
    size_t head_len = s->rd.len < HEAD_BYTES ? s->rd.len : HEAD_BYTES;
    if (s->rd.len == 0) {
        int err = s->rd.err;
        finish_input(s);
        if (err) return reject(s, ctx, ANNALS_EIO, e->path, 0, "read error: %s", strerror(err));
        return reject(s, ctx, ANNALS_EFORMAT, e->path, 0, "empty file");
    }
    if (annals_ingest__binary(head, head_len)) {
        finish_input(s);
        return reject(s, ctx, ANNALS_EFORMAT, e->path, 0, "binary data, not text");
    }
    annals_format fmt = s->force;
    if (fmt == ANNALS_FMT_AUTO && !is_stdin) fmt = annals_ingest__format_from_ext(e->path);
    if (fmt == ANNALS_FMT_AUTO) fmt = annals_ingest__sniff(head, head_len);

    if (fmt == ANNALS_FMT_JSONL) {
        free(s->base);
        s->base = strdup(is_stdin ? "stdin" : base_name(e->path));
        if (!s->base) { finish_input(s); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
        s->in_jsonl = true;
        s->line_no = 0;
        return 0;
    }

    if (e->kind == ENT_FILE && e->size > ANNALS_MAX_DOC_BYTES) {
        finish_input(s);
        return reject(s, ctx, ANNALS_ETOOBIG, e->path, 0, "document larger than %u MiB",
                      ANNALS_MAX_DOC_BYTES >> 20);
    }
    /* whole-file document: read at most the limit + 1 byte (stdin, or a file that grew) */
    rc = reader_fill(&s->rd, (size_t)ANNALS_MAX_DOC_BYTES + 1);
    if (rc < 0) { finish_input(s); return annals_error_set(ctx, rc, "%s: out of memory", e->path); }
    if (s->rd.err) {
        int err = s->rd.err;
        finish_input(s);
        return reject(s, ctx, ANNALS_EIO, e->path, 0, "read error: %s", strerror(err));
    }
    if (s->rd.len > ANNALS_MAX_DOC_BYTES) {
        finish_input(s);
        return reject(s, ctx, ANNALS_ETOOBIG, e->path, 0, "document larger than %u MiB",
                      ANNALS_MAX_DOC_BYTES >> 20);
    }
    if (all_space((const char *)s->rd.buf, s->rd.len)) {
        finish_input(s);
        return reject(s, ctx, ANNALS_EFORMAT, e->path, 0, "empty file (only white space)");
    }
    char *name = name_sans_ext(e->path);
    if (!name) { finish_input(s); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
    annals_doc *d = NULL;
    rc = annals_doc_new(&d, name, e->path, (const char *)s->rd.buf, s->rd.len, ctx);
    free(name);
    finish_input(s);
    if (rc < 0) return rc;
    d->format = fmt;
    d->line = 0;
    *out = d;
    return 1;
}

int annals_source_next(annals_source *s, annals_doc **out, annals_ctx *ctx)
{
    *out = NULL;
    for (;;) {
        if (s->in_jsonl) {
            int rc = jsonl_next(s, out, ctx);
            if (rc != 0) return rc;
            continue;   /* that file is done */
        }
        if (s->next_ent >= s->n_ent) return 0;
        const entry *e = &s->ent[s->next_ent++];
        int rc = start_input(s, e, out, ctx);
        if (rc != 0) return rc;
    }
}
