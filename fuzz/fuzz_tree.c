/* SPDX-License-Identifier: MIT
** fuzz/fuzz_tree.c -- libFuzzer target: arbitrary bytes as a Penn treebank
** bracketing (the compat stage's tree reader, src/lib/compat/tree.c), coded
** with a small fixed PETRARCH dictionary set (annals_compat_code_parse).
**
** The first input byte picks the date the sentence is coded for (a few dates
** around the actors' date restrictions, or none). The dictionary set is
** written to a temporary folder and opened once. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/compat.h"
#include "fuzz_util.h"

static annals_ctx *ctx_;
static annals_compat *c_;

static const char VERBS[] =
    "&CURRENCY\n+DOLLAR\n+SWISS FRANC\n\n"
    "--- ABANDON  [345]  ---\nABANDON\n- * DIPLOMATIC TIES [901]\n\n"
    "--- CONTRIBUTE [070] ---\nCONTRIBUTE\nGIVE {GAVE GIVEN}\n- * &CURRENCY [903]\n- * (TO +) AID [073]\n\n"
    "--- MEET [040] ---\nMEET {MET}\n- * + AGAIN [041]\n- * WITH % [036]\n- $ ^ * + [042]\n";
static const char ACTORS[] =
    "ARNOR [ARN]\n+ARNORIAN\nGONDOR [GON]\n+MINAS_TIRITH\nGOLLUM\n+SMEAGOL\n"
    "\t[HOB < 19950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 19990816]\n";
static const char AGENTS[] = "!PERSON! = MAN, MEN, WOMAN\nGOVERNMENT [~GOV]\nPOLICE {} [ ~COP]\nMSF {} [NGO~]\n";

static void setup(void)
{
    if (c_) return;
    if (!(ctx_ = annals_ctx_new())) abort();
    const char *verbs = fuzz_write("verbs.txt", VERBS, sizeof VERBS - 1);
    const char *actors[2] = { fuzz_write("actors.txt", ACTORS, sizeof ACTORS - 1), NULL };
    const char *agents = fuzz_write("agents.txt", AGENTS, sizeof AGENTS - 1);
    if (annals_compat_open_files(&c_, verbs, actors, agents, NULL, NULL, fuzz_quiet, NULL, ctx_) < 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const DATES[4] = { NULL, "19950101", "19970101", "20100101" };
    setup();
    if (size == 0) return 0;
    char *tree = fuzz_strndup((const char *)data + 1, size - 1);
    annals_buf out = { 0 };
    int rc = annals_compat_code_parse(c_, tree, DATES[data[0] & 3], &out, ctx_);
    if (rc > 0 && (!out.p || !memchr(out.p, '\n', out.len))) abort();   /* n events: n lines */
    annals_buf_free(&out);
    free(tree);
    return 0;
}
