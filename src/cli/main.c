/* SPDX-License-Identifier: MIT
** cli/main.c -- `annals` command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: annals COMMAND [ARGS]\n"
        "  code PATH... [--format jsonl|tsv|csv] [--db FILE]   code articles, print events\n"
        "  ingest PATH... --db FILE                            store documents and events\n"
        "  stories --db FILE [--from D] [--to D] [--actor C]   story events, their reports and disagreements\n"
        "  mentions PATH...                                    show actors, places, dates, events per sentence\n"
        "  parse [FILE|-] | --eval FILE.conllu [--json]        tag and parse; evaluate against gold\n"
        "  train --tagger|--parser --train F --dev F --out M   train a model from CoNLL-U\n"
        "  validate --petrarch FILE.xml | --tabari FILE.project  run a PETRARCH or TABARI suite\n"
        "  export --db FILE --format F [OUT]                   story events as GDELT, POLECAT, PLOVER, JSONL, CSV\n"
        "  import --db FILE IN.jsonl                           add a JSONL export to a store\n"
        "  query --db FILE [ANSWER] [--FILTER VALUE]...        events, timeline, network, geo, actors\n"
        "  serve --db FILE [--port N] [--token-file F]         the HTTP API and web page\n"
        "run 'annals COMMAND --help' for a command's options\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) { usage(stdout); return 0; }
    for (const annals_cli_command *c = annals_cli_commands; c->name; c++)
        if (!strcmp(c->name, cmd)) return c->run(argc - 1, argv + 1);
    fprintf(stderr, "annals: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
