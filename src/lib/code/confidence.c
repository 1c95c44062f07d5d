/* SPDX-License-Identifier: MIT
** code/confidence.c -- how sure the coder is of an event, from what its coding rests on.
**
** Each event carries a set of evidence features (ANNALS_EVB_*: roles from the parse or from
** word order, a multi-word pattern, a pronoun source, a quotation, ...). Its confidence is a
** logistic model over them: 1 / (1 + exp(-(bias + sum of the weights of its features))),
** with the weights of data/confidence.tsv, fitted on the news-dev gold set by
** tools/calibrate_confidence.py so that events of confidence p are right about p of the
** time (docs/output.md shows precision and recall at several thresholds). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "code_internal.h"

/* Feature names as written in data/confidence.tsv, in ANNALS_EVB_* bit order. */
static const char *const FEATURE[ANNALS_EVB_COUNT] = {
    "parse", "passive", "multiword", "noun", "target_slot", "quoted", "src_pronoun", "tgt_pronoun",
    "src_guessed", "implied", "same_country", "announced", "intended", "src_person", "tgt_person",
    "quad2", "quad3", "quad4", "long", "crowded", "headline", "coordinated", "src_igo", "tgt_igo"
};

const char *annals_confidence_feature_name(unsigned bit)
{
    return bit < ANNALS_EVB_COUNT ? FEATURE[bit] : NULL;
}

int annals_confidence_load(annals_coder *c, const char *path, annals_ctx *ctx)
{
    char *buf;
    size_t len;
    int rc = annals_read_file(&buf, &len, path, ANNALS_MAX_CONFIDENCE_FILE, ctx);
    if (rc < 0) return rc;
    bool have_bias = false;
    size_t line_no = 0;
    if (strncmp(buf, "# annals-dict 1 confidence", 26)) {
        free(buf);
        return annals_error_set(ctx, ANNALS_EFORMAT, "%s:1: expected the header '# annals-dict 1 confidence'", path);
    }
    for (char *p = buf, *line; (line = annals_next_line(&p, buf + len));) {
        line_no++;
        if (line[0] == '#' || line[0] == '\0') continue;
        char name[32];
        double w;
        char extra;
        if (sscanf(line, "%31[a-z0-9_]\t%lf %c", name, &w, &extra) != 2 || !isfinite(w) || fabs(w) > 50) {
            rc = annals_error_set(ctx, ANNALS_EFORMAT,
                                  "%s:%zu: expected FEATURE<TAB>WEIGHT (a number from -50 to 50)", path, line_no);
            break;
        }
        if (!strcmp(name, "bias")) { c->conf_bias = w; have_bias = true; continue; }
        unsigned k = 0;
        while (k < ANNALS_EVB_COUNT && strcmp(FEATURE[k], name)) k++;
        if (k == ANNALS_EVB_COUNT) {
            rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s:%zu: unknown feature '%s'", path, line_no, name);
            break;
        }
        c->conf_weight[k] = w;
    }
    free(buf);
    if (rc == 0 && !have_bias) rc = annals_error_set(ctx, ANNALS_EFORMAT, "%s: no 'bias' line", path);
    return rc;
}

float annals_confidence(const annals_coder *c, uint32_t basis)
{
    double z = c->conf_bias;
    for (unsigned k = 0; k < ANNALS_EVB_COUNT; k++)
        if (basis & (1u << k)) z += c->conf_weight[k];
    return (float)(1.0 / (1.0 + exp(-z)));
}
