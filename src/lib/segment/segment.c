/* SPDX-License-Identifier: MIT
** segment/segment.c -- tokenizer and sentence splitter.
**
** One pass over the cleaned text. Each code point is classed (space, word,
** punctuation) from a byte table for ASCII and utf8proc categories beyond it.
** A word runs over letters, digits, marks, and the joiners that stay inside a
** word: a hyphen or an apostrophe between letters, a period or a comma between
** digits, periods of an initialism (U.S.). Clitics ('s, n't, 're...) are split
** off afterwards. Sentence boundaries are decided when a terminator is seen,
** looking at the token before (abbreviation?) and the text after (capital?).
** Works on offsets only; tokens and sentences go into the document's arena. */
#include <string.h>
#include <utf8proc.h>
#include "annals/segment.h"

typedef enum { CL_SPACE, CL_WORD, CL_PUNCT } char_class;

/* Decodes one code point at s[i] (text is valid UTF-8 after clean; be safe anyway). */
static size_t decode(const char *s, size_t n, size_t i, int32_t *cp)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), cp);
    if (k <= 0) { *cp = 0xFFFD; return 1; }
    return (size_t)k;
}

static char_class classify(int32_t cp)
{
    if (cp < 0x80) {
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return CL_SPACE;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_')
            return CL_WORD;
        if (cp < 0x20 || cp == 0x7f) return CL_SPACE;
        return CL_PUNCT;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return CL_SPACE;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return CL_WORD;
    default:
        return cp == 0xFFFD ? CL_WORD : CL_PUNCT;
    }
}

static bool is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }
static bool is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
static bool is_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB || cp == 0x00BB
        || cp == 0x2018 || cp == 0x2019 || cp == '\'';
}
static bool is_closer(int32_t cp) { return is_quote(cp) || cp == ')' || cp == ']' || cp == '}'; }
static bool is_alpha_cp(int32_t cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}
static bool is_digit_cp(int32_t cp) { return cp >= '0' && cp <= '9'; }
static bool is_upper_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}
static bool is_lower_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Abbreviations that keep their period (compared case-insensitively, period included). */
static const char *const ABBREVIATIONS[] = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.", "cpt.", "sgt.",
    "adm.", "cmdr.", "gov.", "sen.", "rep.", "rev.", "hon.", "pres.", "amb.", "st.", "mt.", "ft.",
    "jr.", "sr.", "inc.", "corp.", "co.", "ltd.", "no.", "nos.", "vs.", "etc.", "approx.", "dept.",
    "est.", "fig.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
    "nov.", "dec.", "mon.", "tue.", "tues.", "wed.", "thu.", "thur.", "thurs.", "fri.", "sat.", "sun.",
    "e.g.", "i.e.", "a.m.", "p.m.", "al.", "cf.", "op.", "min.", "max.", "ave.", "blvd.", "univ.",
    "excl.", "incl.", "govt.", "intl.", "natl.", "assn.", "bros.", "ph.d.", "u.s.", "u.n.", "u.k.",
    "e.u.", "u.s.a.", "u.s.s.r.", "d.c.", NULL
};
/* Titles: never end a sentence (the name follows). */
static const char *const TITLE_ABBREVIATIONS[] = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "maj.", "capt.", "cpt.", "sgt.",
    "adm.", "cmdr.", "gov.", "sen.", "rep.", "rev.", "hon.", "pres.", "amb.", "st.", "mt.", "no.",
    "vs.", "e.g.", "i.e.", "cf.", NULL
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && annals_str_ieq((annals_str){ s, n }, (annals_str){ list[i], n })) return true;
    return false;
}

bool annals_is_abbreviation(const char *s, size_t n)
{
    if (n < 2 || s[n - 1] != '.') return false;
    if (in_list(ABBREVIATIONS, s, n)) return true;
    /* initialisms: letter '.' letter '.' ... ("U.S.", "A.B.") */
    if (n >= 4) {
        for (size_t i = 0; i < n; i += 2)
            if (!(i + 1 < n && is_alpha_cp((unsigned char)s[i]) && s[i + 1] == '.')) return false;
        return true;
    }
    /* a single capital letter and a period: a middle initial ("John F. Kennedy") */
    return n == 2 && s[0] >= 'A' && s[0] <= 'Z';
}

/* ---- growing arrays in the document arena ---- */
typedef struct {
    annals_arena *a;
    void *p;
    size_t n, cap, elem;
} grow_array;

static void *ga_push(grow_array *g) { return annals_arena_push(g->a, &g->p, &g->n, &g->cap, g->elem); }

/* Clitics split from the end of a word: longest first. */
static size_t clitic_len(const char *s, size_t n)
{
    static const char *const CLITICS[] = { "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", NULL };
    for (size_t i = 0; CLITICS[i]; i++) {
        size_t k = strlen(CLITICS[i]);
        if (n > k && annals_str_ieq((annals_str){ s + n - k, k }, (annals_str){ CLITICS[i], k })) {
            /* "can't" -> "ca" "n't" is the Penn way; keep it */
            return k;
        }
        /* the same with a curly apostrophe (3 bytes instead of 1) */
        if (CLITICS[i][0] == '\'' || CLITICS[i][1] == '\'') {
            char buf[8];
            size_t bl = 0;
            for (size_t j = 0; j < k; j++) {
                if (CLITICS[i][j] == '\'') { buf[bl++] = '\xE2'; buf[bl++] = '\x80'; buf[bl++] = '\x99'; }
                else buf[bl++] = CLITICS[i][j];
            }
            if (n > bl && annals_str_ieq((annals_str){ s + n - bl, bl }, (annals_str){ buf, bl })) return bl;
        }
    }
    /* plural possessive: "countries'" */
    if (n > 2 && s[n - 1] == '\'' && (s[n - 2] == 's' || s[n - 2] == 'S')) return 1;
    return 0;
}

static uint16_t word_flags(const char *s, size_t n)
{
    uint16_t f = 0;
    bool letters = false, all_upper = true;
    size_t i = 0;
    bool first = true;
    while (i < n) {
        int32_t cp;
        size_t k = decode(s, n, i, &cp);
        if (is_digit_cp(cp)) f |= ANNALS_TOKF_DIGIT;
        if (is_alpha_cp(cp)) {
            if (first && is_upper_cp(cp)) f |= ANNALS_TOKF_UPPER_INIT;
            first = false;
            letters = true;
            if (is_lower_cp(cp)) all_upper = false;
        }
        i += k;
    }
    if (letters && all_upper) f |= ANNALS_TOKF_ALL_UPPER;
    return f;
}

typedef struct {
    annals_doc *doc;
    grow_array toks, sents;
    size_t sent_begin;      /* first token of the open sentence */
    bool in_quote;
} seg_state;

static int add_token(seg_state *st, size_t off, size_t len, uint16_t flags)
{
    annals_token *t = ga_push(&st->toks);
    if (!t) return ANNALS_ENOMEM;
    t->off = (uint32_t)off;
    t->len = (uint32_t)len;
    t->flags = flags | (st->in_quote ? ANNALS_TOKF_IN_QUOTE : 0);
    t->head = -2;
    return 0;
}

static int close_sentence(seg_state *st)
{
    if (st->toks.n == st->sent_begin) return 0;
    annals_sentence *s = ga_push(&st->sents);
    if (!s) return ANNALS_ENOMEM;
    const annals_token *tk = st->toks.p;
    s->tok_begin = (uint32_t)st->sent_begin;
    s->tok_end = (uint32_t)st->toks.n;
    s->off = tk[st->sent_begin].off;
    s->len = tk[st->toks.n - 1].off + tk[st->toks.n - 1].len - s->off;
    s->parsed = false;
    st->sent_begin = st->toks.n;
    return 0;
}

/* Words that start a new sentence after an initialism such as "U.S." */
static bool is_sentence_starter(const char *s, size_t n)
{
    static const char *const W[] = { "The", "He", "She", "It", "They", "We", "I", "This", "That",
        "These", "In", "On", "At", "But", "And", "A", "An", "His", "Her", "Their", "Its", "According",
        "After", "As", "Both", "During", "Meanwhile", "However", "There", NULL };
    for (size_t i = 0; W[i]; i++)
        if (strlen(W[i]) == n && memcmp(W[i], s, n) == 0) return true;
    return false;
}

/* Scans a word starting at i; returns its end. */
static size_t scan_word(const char *s, size_t n, size_t i)
{
    size_t j = i;
    int32_t prev = 0;
    while (j < n) {
        int32_t cp;
        size_t k = decode(s, n, j, &cp);
        if (classify(cp) == CL_WORD) { prev = cp; j += k; continue; }
        /* joiners stay inside a word when a word character follows */
        if (j + k < n) {
            int32_t next;
            decode(s, n, j + k, &next);
            bool next_word = classify(next) == CL_WORD;
            if (next_word && (is_hyphen(cp) || is_apostrophe(cp)) && (is_alpha_cp(prev) || is_digit_cp(prev))) {
                prev = cp; j += k; continue;
            }
            if (next_word && (cp == '.' || cp == ',') && is_digit_cp(prev) && is_digit_cp(next)) {
                prev = cp; j += k; continue;
            }
            /* initialism: single letters separated by periods: U.S. / U.S.A. */
            if (cp == '.' && is_alpha_cp(prev) && is_alpha_cp(next) && j + k + 1 <= n) {
                size_t after = j + k;
                int32_t c2;
                size_t k2 = decode(s, n, after, &c2);
                /* previous char must be a lone letter (start of word or after '.') */
                bool lone_prev = (j - 1 == i) || (j >= 2 && s[j - 2] == '.');
                if (lone_prev && after + k2 < n && s[after + k2] == '.') { prev = cp; j += k; continue; }
            }
        }
        break;
    }
    /* a trailing period belongs to the word when word+period is an abbreviation */
    if (j < n && s[j] == '.' && annals_is_abbreviation(s + i, j - i + 1)) j++;
    return j;
}

int annals_segment_run(annals_doc *doc, annals_ctx *ctx)
{
    seg_state st = { .doc = doc };
    st.toks = (grow_array){ .a = doc->arena, .elem = sizeof(annals_token) };
    st.sents = (grow_array){ .a = doc->arena, .elem = sizeof(annals_sentence) };
    const char *s = doc->text;
    size_t n = doc->text_len, i = 0;
    bool newline_pending = false;
    size_t newlines = 0;

    while (i < n) {
        int32_t cp;
        size_t k = decode(s, n, i, &cp);
        char_class cl = classify(cp);
        if (cl == CL_SPACE) {
            if (cp == '\n') newlines++;
            if (st.toks.n) ((annals_token *)st.toks.p)[st.toks.n - 1].flags |= ANNALS_TOKF_SPACE_AFTER;
            i += k;
            newline_pending = newline_pending || cp == '\n';
            continue;
        }
        if (newline_pending) {
            /* a line break ends the sentence unless the next line continues it in lower case
               after a line that did not end in punctuation */
            bool cont = false;
            if (newlines == 1 && st.toks.n > st.sent_begin) {
                const annals_token *last = &((annals_token *)st.toks.p)[st.toks.n - 1];
                bool last_word = !(last->flags & ANNALS_TOKF_PUNCT) || s[last->off] == ',';
                cont = last_word && is_lower_cp(cp);
            }
            if (!cont && close_sentence(&st) < 0) goto oom;
        }
        uint16_t nl_flag = newline_pending ? ANNALS_TOKF_NEWLINE_BEFORE : 0;
        newline_pending = false;
        newlines = 0;

        if (cl == CL_WORD) {
            size_t j = scan_word(s, n, i);
            size_t wlen = j - i;
            size_t cl_len = 0;
            if (!(s[j - 1] == '.')) cl_len = clitic_len(s + i, wlen);
            /* "n't" splits as "do" + "n't"; a bare apostrophe-s stays a word */
            if (cl_len && cl_len < wlen) {
                uint16_t f = word_flags(s + i, wlen - cl_len) | nl_flag;
                if (add_token(&st, i, wlen - cl_len, f) < 0) goto oom;
                if (add_token(&st, j - cl_len, cl_len, word_flags(s + j - cl_len, cl_len)) < 0) goto oom;
            } else {
                uint16_t f = word_flags(s + i, wlen) | nl_flag;
                if (s[j - 1] == '.' && wlen > 1) f |= ANNALS_TOKF_ABBREV;
                if (add_token(&st, i, wlen, f) < 0) goto oom;
            }
            i = j;
        } else {
            /* punctuation: "..." and "--" as one token, else one code point */
            size_t j = i + k;
            if (cp == '.' || cp == '-') while (j < n && s[j] == (char)cp) j++;
            uint16_t f = ANNALS_TOKF_PUNCT | nl_flag;
            if (is_quote(cp)) {
                f |= ANNALS_TOKF_QUOTE;
                if (cp == 0x201C || cp == 0x00AB || cp == 0x201E) st.in_quote = true;
                else if (cp == 0x201D || cp == 0x00BB) { /* closes below */ }
                else if (cp == '"') st.in_quote = !st.in_quote;
            }
            if (add_token(&st, i, j - i, f) < 0) goto oom;
            if (cp == 0x201D || cp == 0x00BB || (cp == '"' && !st.in_quote)) {
                ((annals_token *)st.toks.p)[st.toks.n - 1].flags |= ANNALS_TOKF_IN_QUOTE;
                st.in_quote = false;
            }
            i = j;
            bool terminal = cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
            if (terminal) {
                /* keep closing quotes and brackets in this sentence */
                while (i < n) {
                    int32_t c2;
                    size_t k2 = decode(s, n, i, &c2);
                    if (!is_closer(c2)) break;
                    if (c2 == '\'' && i + k2 < n && classify((unsigned char)s[i + k2]) == CL_WORD) break;
                    uint16_t qf = ANNALS_TOKF_PUNCT | (is_quote(c2) ? ANNALS_TOKF_QUOTE | ANNALS_TOKF_IN_QUOTE : 0);
                    if (add_token(&st, i, k2, qf) < 0) goto oom;
                    if (is_quote(c2)) st.in_quote = false;
                    i += k2;
                }
                /* boundary when followed by space + capital/quote/digit, or end of text */
                size_t p = i;
                while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
                bool boundary = p >= n || s[p] == '\n';
                if (!boundary && p > i) {
                    int32_t c3;
                    decode(s, n, p, &c3);
                    boundary = is_upper_cp(c3) || is_quote(c3) || is_digit_cp(c3) || c3 == '(' || c3 == '['
                        || (classify(c3) == CL_WORD && !is_lower_cp(c3) && !is_digit_cp(c3));
                }
                if (boundary && close_sentence(&st) < 0) goto oom;
            }
        }
        /* an abbreviation at a sentence end: "... in the U.S. The talks" */
        if (st.toks.n) {
            annals_token *last = &((annals_token *)st.toks.p)[st.toks.n - 1];
            if ((last->flags & ANNALS_TOKF_ABBREV) && !in_list(TITLE_ABBREVIATIONS, s + last->off, last->len)) {
                size_t p = i;
                while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
                if (p < n && s[p] != '\n' && p > i) {
                    size_t e = p;
                    while (e < n && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'))) e++;
                    if (is_sentence_starter(s + p, e - p) && close_sentence(&st) < 0) goto oom;
                }
            }
        }
        if (st.toks.n - st.sent_begin >= ANNALS_MAX_SENT_TOKENS && close_sentence(&st) < 0) goto oom;
    }
    if (close_sentence(&st) < 0) goto oom;
    doc->tok = st.toks.p;
    doc->n_tok = st.toks.n;
    doc->sent = st.sents.p;
    doc->n_sent = st.sents.n;
    return 0;
oom:
    return annals_error_set(ctx, ANNALS_ENOMEM, "%s: out of memory while segmenting", doc->path);
}
