/* SPDX-License-Identifier: MIT
** util/datadir.c -- where the data files are when no --data DIR is given.
**
** One resolver for every stage (the pipeline's dictionaries and the analyzer's
** models and lemma tables): $ANNALS_DATA, else the source tree's data/ folder
** compiled in as ANNALS_DATA_DIR, else the installed /usr/local/share/annals,
** else "data" relative to the working directory. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "annals/util.h"

static bool has_verbs(const char *dir)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/verbs.txt", dir);
    return stat(path, &st) == 0;
}

const char *annals_default_data_dir(void)
{
    const char *env = getenv("ANNALS_DATA");
    if (env && *env) return env;
#ifdef ANNALS_DATA_DIR
    if (has_verbs(ANNALS_DATA_DIR)) return ANNALS_DATA_DIR;
#endif
    if (has_verbs(ANNALS_INSTALLED_DATA_DIR)) return ANNALS_INSTALLED_DATA_DIR;
    return "data";
}
