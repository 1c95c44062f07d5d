/* SPDX-License-Identifier: MIT
** cli/commands.c -- the subcommand table (add a line here for a new cmd_*.c),
** and option parsing shared by the subcommands. */
#include <stddef.h>
#include <stdlib.h>
#include "cli.h"

int annals_cli_margin(const char *s, double *out)
{
    char *end = NULL;
    double m = s ? strtod(s, &end) : -1;
    if (!s || end == s || *end || !(m >= 0 && m <= 1000)) return -1;
    *out = m;
    return 0;
}

const annals_cli_command annals_cli_commands[] = {
    { "code", annals_cmd_code },
    { "ingest", annals_cmd_ingest },
    { "mentions", annals_cmd_mentions },
    { "train", annals_cmd_train },
    { "parse", annals_cmd_parse },
    { "validate", annals_cmd_validate },
    { NULL, NULL },
};
