/* SPDX-License-Identifier: MIT
** cli/cli.h -- the table of subcommands; each lives in its own cmd_*.c. */
#ifndef ANNALS_CLI_H
#define ANNALS_CLI_H

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);   /* argv[0] is the command name */
} annals_cli_command;

extern const annals_cli_command annals_cli_commands[];   /* ends with { NULL, NULL } */

int annals_cmd_code(int argc, char **argv);
int annals_cmd_ingest(int argc, char **argv);
int annals_cmd_mentions(int argc, char **argv);
int annals_cmd_train(int argc, char **argv);
int annals_cmd_parse(int argc, char **argv);
int annals_cmd_validate(int argc, char **argv);
int annals_cmd_stories(int argc, char **argv);
int annals_cmd_export(int argc, char **argv);
int annals_cmd_import(int argc, char **argv);
int annals_cmd_query(int argc, char **argv);
int annals_cmd_serve(int argc, char **argv);

/* A decoding margin given on the command line (--beam-margin, --tag-margin):
** a whole number or decimal from 0 to 1000. Returns 0 and sets *out, or -1
** (s NULL, not a number, out of range). */
int annals_cli_margin(const char *s, double *out);
/* A number on the command line, all of s, within [lo, hi]: a decimal
** (annals_cli_number) or a whole number (annals_cli_whole). Returns 0 and sets
** *out, or -1 (s NULL, not such a number, out of range). */
int annals_cli_number(const char *s, double lo, double hi, double *out);
int annals_cli_whole(const char *s, long lo, long hi, long *out);

#endif
