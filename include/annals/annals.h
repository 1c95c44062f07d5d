/* SPDX-License-Identifier: MIT
** annals/annals.h -- the whole public API in one include.
**
** Typical use: annals_pipeline_open() once, then per document annals_doc_new(),
** annals_pipeline_run(), read doc->event, annals_doc_free(); or walk inputs
** with annals_source_* (ingest.h) and write events with annals_output_doc(). */
#ifndef ANNALS_ANNALS_H
#define ANNALS_ANNALS_H

#include "annals/error.h"
#include "annals/util.h"
#include "annals/doc.h"
#include "annals/ingest.h"
#include "annals/clean.h"
#include "annals/meta.h"
#include "annals/segment.h"
#include "annals/tag.h"
#include "annals/parse.h"
#include "annals/analyze.h"
#include "annals/dict.h"
#include "annals/mention.h"
#include "annals/code.h"
#include "annals/compat.h"
#include "annals/pipeline.h"
#include "annals/store.h"
#include "annals/story.h"
#include "annals/output.h"
#include "annals/export.h"
#include "annals/query.h"
#include "annals/serve.h"

#endif
