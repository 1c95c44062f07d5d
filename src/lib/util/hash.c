/* SPDX-License-Identifier: MIT
** util/hash.c -- FNV-1a hashing and string-view comparison. */
#include <string.h>
#include "annals/util.h"

uint64_t annals_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ull; }
    return h;
}

uint64_t annals_hash_lower(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= annals_ascii_lower(p[i]);
        h *= 1099511628211ull;
    }
    return h;
}

bool annals_str_eq(annals_str a, annals_str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

bool annals_str_ieq(annals_str a, annals_str b)
{
    if (a.n != b.n) return false;
    for (size_t i = 0; i < a.n; i++) {
        if (annals_ascii_lower((unsigned char)a.p[i]) != annals_ascii_lower((unsigned char)b.p[i])) return false;
    }
    return true;
}
