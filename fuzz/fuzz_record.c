/* SPDX-License-Identifier: MIT
** fuzz/fuzz_record.c -- libFuzzer target: arbitrary bytes as one store record line
** (annals/embed.h: what python3 -m annals.cluster writes in a shard file and loads
** with annals_embed_store_put) into an in-memory SQLite store. A record that is
** stored must be found the second time (0); any failure must come with a message
** naming the shard path and line. Commands: fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "annals/embed.h"

static annals_embed_store *store_;
static unsigned runs_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    if (++runs_ % 1024 == 0) {   /* a new store now and then: its memory stays bounded */
        annals_embed_store_close(store_);
        store_ = NULL;
    }
    if (!store_ && annals_embed_store_open(&store_, ":memory:", &err) < 0) abort();
    int rc = annals_embed_store_put(store_, (const char *)data, size, "shard.jsonl", 7, &err);
    if (rc < 0) {
        if (!err || strncmp(err, "shard.jsonl:7: ", 15) != 0) abort();
        annals_embed_free(err);
        return 0;
    }
    if (err) abort();
    if (rc == 1 && annals_embed_store_put(store_, (const char *)data, size, "shard.jsonl", 7, &err) != 0) abort();
    if (annals_embed_store_commit(store_, &err) < 0) abort();
    return 0;
}
