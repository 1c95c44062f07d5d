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

#endif
