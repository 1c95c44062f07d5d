/* SPDX-License-Identifier: MIT
** cli/commands.c -- the subcommand table. Add a line here for a new cmd_*.c. */
#include <stddef.h>
#include "cli.h"

const annals_cli_command annals_cli_commands[] = {
    { "code", annals_cmd_code },
    { "ingest", annals_cmd_ingest },
    { "mentions", annals_cmd_mentions },
    { "train", annals_cmd_train },
    { "parse", annals_cmd_parse },
    { "validate", annals_cmd_validate },
    { NULL, NULL },
};
