/* SPDX-License-Identifier: MIT
** cli/cmd_parse.c -- `annals parse` (placeholder). */
#include <stdio.h>
#include "cli.h"
int annals_cmd_parse(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "annals parse: not built yet\n"); return 1; }
