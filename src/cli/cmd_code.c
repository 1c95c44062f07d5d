/* SPDX-License-Identifier: MIT
** cli/cmd_code.c -- `annals code` and `annals ingest` (placeholder until the pipeline lands). */
#include <stdio.h>
#include "cli.h"
int annals_cmd_code(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "annals code: not built yet\n"); return 1; }
int annals_cmd_ingest(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "annals ingest: not built yet\n"); return 1; }
