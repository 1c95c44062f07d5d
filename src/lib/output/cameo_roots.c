/* SPDX-License-Identifier: MIT
** output/cameo_roots.c -- the names of the 20 CAMEO event roots.
**
** The one copy of the table: the run summary and the store's summary and its
** cameo_roots table all read it through annals_cameo_root_name(). */
#include "annals/output.h"

static const char *const root_names[ANNALS_CAMEO_N_ROOTS] = {
    "MAKE PUBLIC STATEMENT",              /* 01 */
    "APPEAL",                             /* 02 */
    "EXPRESS INTENT TO COOPERATE",        /* 03 */
    "CONSULT",                            /* 04 */
    "ENGAGE IN DIPLOMATIC COOPERATION",   /* 05 */
    "ENGAGE IN MATERIAL COOPERATION",     /* 06 */
    "PROVIDE AID",                        /* 07 */
    "YIELD",                              /* 08 */
    "INVESTIGATE",                        /* 09 */
    "DEMAND",                             /* 10 */
    "DISAPPROVE",                         /* 11 */
    "REJECT",                             /* 12 */
    "THREATEN",                           /* 13 */
    "PROTEST",                            /* 14 */
    "EXHIBIT FORCE POSTURE",              /* 15 */
    "REDUCE RELATIONS",                   /* 16 */
    "COERCE",                             /* 17 */
    "ASSAULT",                            /* 18 */
    "FIGHT",                              /* 19 */
    "USE UNCONVENTIONAL MASS VIOLENCE"    /* 20 */
};

const char *annals_cameo_root_name(const char *root)
{
    if (!root || root[0] < '0' || root[0] > '9' || root[1] < '0' || root[1] > '9') return NULL;
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    return r >= 1 && r <= ANNALS_CAMEO_N_ROOTS ? root_names[r - 1] : NULL;
}
