/* SPDX-License-Identifier: MIT
** cli/commands.c -- the subcommand table (add a line here for a new cmd_*.c),
** and option parsing shared by the subcommands. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include "cli.h"

int annals_cli_number(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    double m = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end || !(m >= lo && m <= hi)) return -1;
    *out = m;
    return 0;
}

int annals_cli_whole(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end || errno == ERANGE || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int annals_cli_margin(const char *s, double *out) { return annals_cli_number(s, 0, 1000, out); }

const annals_cli_command annals_cli_commands[] = {
    { "code", annals_cmd_code },
    { "ingest", annals_cmd_ingest },
    { "mentions", annals_cmd_mentions },
    { "train", annals_cmd_train },
    { "parse", annals_cmd_parse },
    { "validate", annals_cmd_validate },
    { "stories", annals_cmd_stories },
    { "export", annals_cmd_export },
    { "import", annals_cmd_import },
    { "query", annals_cmd_query },
    { "serve", annals_cmd_serve },
    { NULL, NULL },
};
