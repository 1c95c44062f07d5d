/* SPDX-License-Identifier: MIT
** cli/cmd_validate.c -- `annals validate`: the PETRARCH and TABARI validation suites.
**
** Runs the PETRARCH unit-test records (--petrarch FILE.xml, from <Text> or with
** --use-parse from <Parse>) or TABARI's validation records (--tabari
** FILE.project) with the dictionaries they name, and prints records passed /
** total and every failure (id, expected, produced), or with --json
** {"records":N,"passed":M,"failed":[ids]}. Exit status: 0 every record passed,
** 1 some failed, 2 usage or setup error. */
#include <stdio.h>
#include <string.h>
#include "annals/compat.h"
#include "annals/error.h"
#include "annals/util.h"
#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals validate (--petrarch FILE.xml [--use-parse] | --tabari FILE.project) [--json] [--quiet]\n"
               "  Codes the suite's records with the dictionaries it names and compares with the expected events.\n"
               "exit status: 0 all records passed, 1 some failed, 2 usage/setup error\n");
}

static void print_warning(void *arg, const char *msg)
{
    if (!*(const bool *)arg) fprintf(stderr, "annals: warning: %s\n", msg);
}

int annals_cmd_validate(int argc, char **argv)
{
    const char *petr = NULL, *tab = NULL;
    bool json = false, use_parse = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--json")) json = true;
        else if (!strcmp(a, "--use-parse")) use_parse = true;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) quiet = true;
        else if ((!strcmp(a, "--petrarch") || !strcmp(a, "--tabari")) && i + 1 < argc) {
            if (a[2] == 'p') petr = argv[++i]; else tab = argv[++i];
        } else {
            fprintf(stderr, "annals validate: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!petr == !tab) { usage(stderr); return 2; }
    annals_ctx *ctx = annals_ctx_new();
    if (!ctx) { fprintf(stderr, "annals: out of memory\n"); return 2; }
    annals_compat_report r;
    int rc = petr ? annals_compat_validate_petrarch(petr, use_parse, &r, print_warning, &quiet, ctx)
                  : annals_compat_validate_tabari(tab, &r, print_warning, &quiet, ctx);
    if (rc < 0) {
        fprintf(stderr, "annals: %s\n", annals_errmsg(ctx));
        annals_ctx_free(ctx);
        return 2;
    }
    if (json) {
        annals_buf b = { 0 };
        annals_buf_printf(&b, "{\"records\":%zu,\"passed\":%zu,\"failed\":[", r.records, r.passed);
        bool first = true;
        for (size_t i = 0; i < r.n_rec; i++) {
            if (r.rec[i].passed) continue;
            annals_buf_puts(&b, first ? "\"" : ",\"");
            annals_buf_json_escape(&b, r.rec[i].id, strlen(r.rec[i].id));
            annals_buf_putc(&b, '"');
            first = false;
        }
        annals_buf_puts(&b, "]}\n");
        fputs(b.p ? b.p : "", stdout);
        annals_buf_free(&b);
    } else {
        for (size_t i = 0; i < r.n_rec; i++) {
            if (r.rec[i].passed) continue;
            printf("FAIL %s\n  expected: %s\n  produced: %s\n", r.rec[i].id,
                   r.rec[i].expected[0] ? r.rec[i].expected : "(none)",
                   r.rec[i].produced[0] ? r.rec[i].produced : "(none)");
        }
        printf("records passed: %zu / %zu (%.1f%%)\n", r.passed, r.records,
               r.records ? 100.0 * (double)r.passed / (double)r.records : 0.0);
    }
    int status = r.passed == r.records ? 0 : 1;
    annals_compat_report_free(&r);
    annals_ctx_free(ctx);
    return status;
}
