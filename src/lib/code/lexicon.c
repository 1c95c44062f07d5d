/* SPDX-License-Identifier: MIT
** code/lexicon.c -- loading the verb lexicon and the CAMEO code table.
**
** data/verbs.txt lines are `CODE<TAB>PATTERN<TAB>v|n`. A pattern is words
** separated by spaces; the first is the head. `..` allows a gap of up to
** four tokens, `$` marks where the target must stand, and a word matches the
** token itself or its plural ("agreement" matches "agreements"; the -ies plural of a
** word in -y is a second pattern, "treaty" also "treaties"). A verb head
** (v) is expanded at load time into its inflected forms (base, -s, -ed, -ing,
** and irregular forms from a table), a noun head (n) into singular and plural
** (whichever of the two the line is written in);
** every form goes into one hash table, form -> list of patterns. The code `---` marks a
** construction that is no event ("released a statement" is no release, 084): as the
** longest match it wins over the head's shorter patterns, and no CAMEO code is found
** for it, so nothing is coded there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annals/util.h"
#include "code_internal.h"

/* Irregular verbs: base, past, past participle (facts of English grammar). */
static const char *const IRREGULAR[][3] = {
    { "meet", "met", "met" }, { "hold", "held", "held" }, { "give", "gave", "given" },
    { "take", "took", "taken" }, { "send", "sent", "sent" }, { "make", "made", "made" },
    { "pay", "paid", "paid" }, { "say", "said", "said" }, { "speak", "spoke", "spoken" },
    { "seek", "sought", "sought" }, { "bring", "brought", "brought" }, { "buy", "bought", "bought" },
    { "fight", "fought", "fought" }, { "shoot", "shot", "shot" }, { "lead", "led", "led" },
    { "leave", "left", "left" }, { "tell", "told", "told" }, { "withdraw", "withdrew", "withdrawn" },
    { "begin", "began", "begun" }, { "break", "broke", "broken" }, { "draw", "drew", "drawn" },
    { "drive", "drove", "driven" }, { "fall", "fell", "fallen" }, { "feel", "felt", "felt" },
    { "find", "found", "found" }, { "forbid", "forbade", "forbidden" }, { "freeze", "froze", "frozen" },
    { "get", "got", "gotten" }, { "go", "went", "gone" }, { "hit", "hit", "hit" },
    { "hurt", "hurt", "hurt" }, { "keep", "kept", "kept" }, { "lay", "laid", "laid" },
    { "lend", "lent", "lent" }, { "lose", "lost", "lost" }, { "put", "put", "put" },
    { "see", "saw", "seen" }, { "sell", "sold", "sold" }, { "set", "set", "set" },
    { "shut", "shut", "shut" }, { "spend", "spent", "spent" }, { "stand", "stood", "stood" },
    { "steal", "stole", "stolen" }, { "strike", "struck", "struck" }, { "swear", "swore", "sworn" },
    { "teach", "taught", "taught" }, { "throw", "threw", "thrown" }, { "uphold", "upheld", "upheld" },
    { "win", "won", "won" }, { "write", "wrote", "written" }, { "bind", "bound", "bound" },
    { "build", "built", "built" }, { "catch", "caught", "caught" }, { "come", "came", "come" },
    { "cut", "cut", "cut" }, { "deal", "dealt", "dealt" }, { "do", "did", "done" },
    { "have", "had", "had" }, { "hide", "hid", "hidden" }, { "overthrow", "overthrew", "overthrown" },
    { "undertake", "undertook", "undertaken" }, { "forgive", "forgave", "forgiven" },
    { "shake", "shook", "shaken" }, { "blow", "blew", "blown" }, { "beat", "beat", "beaten" },
    { "slay", "slew", "slain" }, { "arise", "arose", "arisen" }, { "foresee", "foresaw", "foreseen" },
    { "oversee", "oversaw", "overseen" }, { "rebuild", "rebuilt", "rebuilt" }, { "sink", "sank", "sunk" },
    { "bid", "bid", "bid" }, { "quit", "quit", "quit" }, { "split", "split", "split" },
    { "spread", "spread", "spread" }, { "let", "let", "let" }, { "mislead", "misled", "misled" },
    { "overtake", "overtook", "overtaken" }, { "ride", "rode", "ridden" }, { "rise", "rose", "risen" },
    { "run", "ran", "run" }, { "seize", "seized", "seized" }, { "shed", "shed", "shed" },
    { "tear", "tore", "torn" }, { "wage", "waged", "waged" }, { "wind", "wound", "wound" },
    { "grant", "granted", "granted" }, { "hang", "hanged", "hanged" }, { "flee", "fled", "fled" },
    { "stick", "stuck", "stuck" }, { "sting", "stung", "stung" }, { "fly", "flew", "flown" },
    { "choose", "chose", "chosen" }, { "eat", "ate", "eaten" }, { "mean", "meant", "meant" },
    { "read", "read", "read" }, { "welcome", "welcomed", "welcomed" },
    { "retake", "retook", "retaken" }, { "withhold", "withheld", "withheld" }, { "overrun", "overran", "overrun" },
    { "sit", "sat", "sat" },
    { "sweep", "swept", "swept" }, { "show", "showed", "shown" }, { "cast", "cast", "cast" },
    { "broadcast", "broadcast", "broadcast" }, { "thrust", "thrust", "thrust" }, { "overfly", "overflew", "overflown" },
    /* British spelling doubles the l ("cancelled"); the regular forms are made as well */
    { "cancel", "cancelled", "cancelled" }, { "signal", "signalled", "signalled" },
    { "travel", "travelled", "travelled" }, { "label", "labelled", "labelled" }, { "fuel", "fuelled", "fuelled" },
};

/* Verbs whose final consonant doubles before -ed/-ing (stress on the last syllable). */
static const char *const DOUBLING[] = {
    "ban", "bar", "rob", "stop", "drop", "plan", "grab", "ship", "trap", "snub", "stab", "spur",
    "shun", "slam", "trim", "slip", "jail", "admit", "commit", "permit", "submit", "regret",
    "expel", "compel", "control", "patrol", "refer", "prefer", "transfer", "confer", "deter",
    "occur", "rebel", "propel", "equip", "acquit", "embed", "abet", "upset", "kidnap", "jab", "nab",
    "jam", "rig", "tap", "gun", "bomb", "veto", "net", "pin", "dip", "scrap", "sap", "clap",
    "ram", "shrug", "slap", "step", "strip", "swap", NULL
};

static bool in_doubling(const char *w)
{
    for (size_t i = 0; DOUBLING[i]; i++) if (!strcmp(DOUBLING[i], w)) return strcmp(w, "bomb") && strcmp(w, "veto") && strcmp(w, "jail");
    return false;
}

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* Writes the inflected forms of a verb into forms[], returns how many. */
size_t annals_verb_forms(const char *base, char forms[][64], size_t max)
{
    size_t n = 0, len = strlen(base);
    if (len == 0 || len > 40 || max < 6) return 0;
#define ADD(...) do { if (n < max) { snprintf(forms[n], 64, __VA_ARGS__); n++; } } while (0)
    ADD("%s", base);
    for (size_t i = 0; i < sizeof IRREGULAR / sizeof IRREGULAR[0]; i++) {
        if (!strcmp(IRREGULAR[i][0], base)) {
            ADD("%s", IRREGULAR[i][1]);
            if (strcmp(IRREGULAR[i][1], IRREGULAR[i][2])) ADD("%s", IRREGULAR[i][2]);
            break;
        }
    }
    char last = base[len - 1], prev = len > 1 ? base[len - 2] : 0;
    /* 3rd person singular */
    if (n < max && annals_en_s_form(base, len, forms[n], 64, ANNALS_EN_VERB)) n++;
    /* past (regular) and -ing */
    bool dbl = in_doubling(base);
    if (last == 'e') {
        ADD("%sd", base);
        if (prev == 'e' || prev == 'o' || prev == 'y') ADD("%sing", base);   /* agree -> agreeing */
        else if (prev == 'i') ADD("%.*sying", (int)(len - 2), base);        /* die -> dying */
        else ADD("%.*sing", (int)(len - 1), base);
    } else if (last == 'y' && !is_vowel(prev)) {
        ADD("%.*sied", (int)(len - 1), base);
        ADD("%sing", base);
    } else if (dbl) {
        ADD("%s%ced", base, last);
        ADD("%s%cing", base, last);
    } else {
        ADD("%sed", base);
        ADD("%sing", base);
    }
#undef ADD
    return n;
}

size_t annals_noun_forms(const char *base, char forms[][64], size_t max)
{
    size_t n = 0, len = strlen(base);
    if (len == 0 || len > 40 || max < 2) return 0;
    snprintf(forms[n++], 64, "%s", base);
    char last = base[len - 1], prev = len > 1 ? base[len - 2] : 0;
    if (last == 's') {
        /* a head written in the plural ("clashes with") also matches its singular ("clash
           with"): -ies -> -y, -ches/-shes/-sses/-xes/-zes -> drop -es, else drop -s; "-ss",
           "-us" and "-is" words are singular ("process", "status", "crisis") */
        if (len < 4 || prev == 's' || prev == 'u' || prev == 'i') return n;
        if (len > 4 && !strcmp(base + len - 3, "ies")) snprintf(forms[n++], 64, "%.*sy", (int)(len - 3), base);
        else if (len > 4 && (!strcmp(base + len - 4, "ches") || !strcmp(base + len - 4, "shes")
                             || !strcmp(base + len - 4, "sses") || !strcmp(base + len - 3, "xes")
                             || !strcmp(base + len - 3, "zes")))
            snprintf(forms[n++], 64, "%.*s", (int)(len - 2), base);
        else snprintf(forms[n++], 64, "%.*s", (int)(len - 1), base);
        return n;
    }
    if (annals_en_s_form(base, len, forms[n], 64, 0)) n++;
    return n;
}

/* ---- form table ---- */

static bool form_eq(const void *slot, const void *form)
{
    return !strcmp(((const form_slot *)slot)->form, form);
}

static int form_add(annals_coder *c, const char *form, uint32_t pattern)
{
    uint64_t h = annals_hash(form, strlen(form));
    if (!c->forms.elem) annals_htab_init(&c->forms, sizeof(form_slot), 4096);
    if (annals_htab_reserve(&c->forms, 1) < 0) return ANNALS_ENOMEM;
    form_slot *s = annals_htab_find(&c->forms, h, form_eq, form);
    if (!s) {
        if (!(s = annals_htab_add(&c->forms, h))) return ANNALS_ENOMEM;
        snprintf(s->form, sizeof s->form, "%s", form);
    }
    uint32_t *np = annals_grow(s->pats, &s->cap_pat, s->n_pat + 1, sizeof *np, 4);
    if (!np) return ANNALS_ENOMEM;
    s->pats = np;
    for (size_t k = 0; k < s->n_pat; k++) if (s->pats[k] == pattern) return 0;
    s->pats[s->n_pat++] = pattern;
    return 0;
}

const form_slot *annals_coder_form(const annals_coder *c, const char *s, size_t n)
{
    if (!c->forms.cap || n == 0 || n >= 64) return NULL;
    char low[64];
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        low[i] = (char)annals_ascii_lower((unsigned char)ch);
    }
    low[n] = '\0';
    return annals_htab_find(&c->forms, annals_hash(low, n), form_eq, low);
}

/* ---- verbs.txt ---- */

static bool valid_event_code(const char *s)
{
    size_t n = strlen(s);
    if (!strcmp(s, "---")) return true;   /* a construction that is no event (see the header) */
    if (n < 2 || n > 4) return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') continue;
        if (s[i] == 'x' && i == n - 1 && n >= 3) continue;
        return false;
    }
    return true;
}

static int add_pattern(annals_coder *c, const char *code, const char *pat, char kind, char *why, size_t whylen)
{
    pattern p;
    memset(&p, 0, sizeof p);
    snprintf(p.code, sizeof p.code, "%.5s", code);
    p.noun = kind == 'n';
    p.target_at = -1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", pat);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        if (p.n_el >= ANNALS_MAX_PATTERN_ELEMENTS) { snprintf(why, whylen, "pattern has more than %d elements", ANNALS_MAX_PATTERN_ELEMENTS); return ANNALS_EFORMAT; }
        pattern_el *el = &p.el[p.n_el];
        if (!strcmp(tok, "..")) el->kind = EL_GAP;
        else if (!strcmp(tok, "$")) {
            if (p.target_at >= 0) { snprintf(why, whylen, "two '$' in one pattern"); return ANNALS_EFORMAT; }
            el->kind = EL_TARGET;
            p.target_at = (int)p.n_el;
        } else {
            if (strlen(tok) >= sizeof el->word) { snprintf(why, whylen, "word too long"); return ANNALS_EFORMAT; }
            el->kind = EL_WORD;
            for (char *q = tok; *q; q++) *q = (char)annals_ascii_lower((unsigned char)*q);
            snprintf(el->word, sizeof el->word, "%s", tok);
        }
        p.n_el++;
    }
    if (p.n_el == 0 || p.el[0].kind != EL_WORD) { snprintf(why, whylen, "a pattern starts with a word"); return ANNALS_EFORMAT; }
    for (size_t i = 0; i < p.n_el; i++) if (p.el[i].kind == EL_WORD) p.n_words++;
    for (size_t i = 1; i < p.n_el; i++)
        if (p.el[i].kind == EL_WORD) p.need_bit[p.n_need++] = annals_word_bit(p.el[i].word, strlen(p.el[i].word));
    pattern *np = annals_grow(c->patterns, &c->pattern_cap, c->n_patterns + 1, sizeof *np, 512);
    if (!np) return ANNALS_ENOMEM;
    c->patterns = np;
    c->patterns[c->n_patterns++] = p;
    uint32_t idx = (uint32_t)c->n_patterns;
    char forms[16][64];
    size_t nf = p.noun ? annals_noun_forms(p.el[0].word, forms, 16) : annals_verb_forms(p.el[0].word, forms, 16);
    for (size_t i = 0; i < nf; i++) if (form_add(c, forms[i], idx) < 0) return ANNALS_ENOMEM;
    return 0;
}

/* A word of a pattern matches its plural, and the matcher knows the -s and -es plurals; a
** word in consonant + y ("treaty", "apology", "inquiry") has its -ies plural added here as a
** second pattern ("sign .. treaties", "express .. apologies"). The words after the head are
** scanned from byte `from`; adverbs in -ly have no plural. */
static int add_pattern_plurals(annals_coder *c, const char *code, const char *pat, size_t from, char kind,
                               char *why, size_t whylen)
{
    size_t n = strlen(pat);
    size_t i = from;
    if (i == 0) {                     /* skip the head: its forms come from its kind */
        while (i < n && pat[i] != ' ') i++;
    }
    while (i < n) {
        while (i < n && pat[i] == ' ') i++;
        size_t b = i;
        while (i < n && pat[i] != ' ') i++;
        size_t len = i - b;
        const char *w = pat + b;
        if (len >= 4 && w[len - 1] == 'y' && !strchr("aeiouyAEIOUY", w[len - 2]) && w[len - 2] != 'l') {
            char alt[512];
            if (n + 3 >= sizeof alt) break;
            snprintf(alt, sizeof alt, "%.*sies%s", (int)(b + len - 1), pat, pat + i);
            int r = add_pattern_plurals(c, code, pat, i, kind, why, whylen);
            if (r < 0) return r;
            return add_pattern_plurals(c, code, alt, i + 3, kind, why, whylen);
        }
    }
    return add_pattern(c, code, pat, kind, why, whylen);
}

int annals_lexicon_load(annals_coder *c, const char *path, annals_warn_fn warn, void *warn_arg, annals_ctx *ctx)
{
    char *buf;
    size_t len;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_VERBS_FILE, ctx);
    if (rc < 0) return rc;
    size_t line_no = 0;
    int added = 0;
    for (char *p = buf, *line; (line = annals_next_line(&p, buf + len));) {
        line_no++;
        if (line_no == 1) {
            int ver = 0;
            char kw[32] = "";
            if (sscanf(line, "# annals-dict %d %31s", &ver, kw) != 2 || strcmp(kw, "verbs")) {
                free(buf);
                return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: missing header '# annals-dict 1 verbs'", path);
            }
            if (ver != 1) {
                free(buf);
                return annals_error_set(ctx, ANNALS_EVERSION, "%s:1: verbs format %d, this build reads 1", path, ver);
            }
            continue;
        }
        if (!line[0] || line[0] == '#') continue;
        char *f1 = strchr(line, '\t');
        char *f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
        char why[128] = "expected CODE<TAB>PATTERN<TAB>v|n";
        bool ok = f1 && f2;
        if (ok) {
            *f1 = '\0';
            *f2 = '\0';
            char kind = f2[1];
            ok = valid_event_code(line) && (kind == 'v' || kind == 'n') && f2[2] == '\0';
            if (!ok) snprintf(why, sizeof why, "bad code '%s' or kind", line);
            else {
                int r = add_pattern_plurals(c, line, f1 + 1, 0, kind, why, sizeof why);
                if (r == ANNALS_ENOMEM) { free(buf); return annals_error_set(ctx, r, "%s: out of memory", path); }
                ok = r == 0;
            }
        }
        if (!ok) {
            if (warn) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s:%zu: %s; line skipped", path, line_no, why);
                warn(warn_arg, msg);
            }
            continue;
        }
        added++;
    }
    free(buf);
    return added;
}

/* ---- cameo-codes.tsv: code root quad_class goldstein name ---- */

int annals_cameo_load(annals_coder *c, const char *path, annals_ctx *ctx)
{
    char *buf;
    size_t len;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_CAMEO_FILE, ctx);
    if (rc < 0) return rc;
    size_t line_no = 0;
    if (strncmp(buf, "# annals-dict 1 cameo-codes", 27)) {
        free(buf);
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: expected the header '# annals-dict 1 cameo-codes'", path);
    }
    for (char *p = buf, *line; (line = annals_next_line(&p, buf + len));) {
        line_no++;
        if (line[0] == '#' || line[0] == '\0' || !strncmp(line, "code\t", 5)) continue;
        char code[6], root[4], name[200] = "";
        int quad;
        double gs;
        if (sscanf(line, "%5[0-9]\t%3[0-9]\t%d\t%lf\t%199[^\n]", code, root, &quad, &gs, name) < 4
            || quad < 1 || quad > 4 || !(gs >= -10.0 && gs <= 10.0)) {
            free(buf);
            return annals_error_set(ctx, ANNALS_EFORMAT,
                                    "%s:%zu: expected CODE<TAB>ROOT<TAB>QUAD (1-4)<TAB>GOLDSTEIN (-10 to 10)<TAB>NAME",
                                    path, line_no);
        }
        cameo_code *nv = annals_grow(c->cameo, &c->cameo_cap, c->n_cameo + 1, sizeof *nv, 512);
        if (!nv) { free(buf); return annals_error_set(ctx, ANNALS_ENOMEM, "out of memory"); }
        c->cameo = nv;
        cameo_code *cc = &c->cameo[c->n_cameo++];
        snprintf(cc->code, sizeof cc->code, "%s", code);
        cc->quad = quad;
        cc->goldstein = gs;
        snprintf(cc->name, sizeof cc->name, "%.*s", (int)sizeof cc->name - 1, name);   /* long names are cut */
    }
    free(buf);
    if (c->n_cameo < 20) return annals_error_set(ctx, ANNALS_EFORMAT, "%s: fewer than 20 CAMEO codes", path);
    return 0;
}

bool annals_cameo_lookup(const annals_coder *c, const char *code, double *goldstein, int *quad_class,
                         const char **name)
{
    for (size_t i = 0; i < c->n_cameo; i++) {
        if (strcmp(c->cameo[i].code, code)) continue;
        if (goldstein) *goldstein = c->cameo[i].goldstein;
        if (quad_class) *quad_class = c->cameo[i].quad;
        if (name) *name = c->cameo[i].name;
        return true;
    }
    return false;
}
