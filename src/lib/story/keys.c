/* SPDX-License-Identifier: MIT
** story/keys.c -- the evidence of a sentence or a document as weighted hashed keys.
**
** A word is a run of letters, digits, bytes of UTF-8 letters, inner apostrophes
** and hyphens; UTF-8 punctuation (U+2000..U+206F: curly quotes, dashes) splits
** words. Stop words and words of under three bytes (but numbers) are dropped; a
** word is folded to ASCII lower case and cut to six bytes, a crude stem. Keys
** are FNV-1a hashes (util/hash.c); when a text has more than
** ANNALS_STORY_MAX_KEYS distinct keys the smallest hashes are kept, a bottom-k
** sketch (Broder 1997, "On the resemblance and containment of documents"), so
** that the set never depends on word order. The overlap is the weighted
** Jaccard index: sum of min weights over sum of max weights. */
#include <string.h>
#include "annals/story.h"
#include "story_internal.h"

static const char *const stop_words[] = {
    "the", "and", "for", "from", "with", "but", "are", "was", "were", "been", "has", "have",
    "had", "that", "this", "these", "those", "its", "his", "her", "their", "they", "she",
    "said", "says", "say", "will", "would", "after", "before", "over", "about", "into",
    "than", "then", "there", "which", "who", "whom", "what", "when", "where", "while", "also",
    "not", "more", "most", "other", "some", "such", "only", "just", "out", "new", "one",
    "two", "three", "date", NULL
};

static bool is_stop(const char *w, size_t n)
{
    for (size_t i = 0; stop_words[i]; i++)
        if (stop_words[i][0] == w[0] && !strncmp(stop_words[i], w, n) && stop_words[i][n] == '\0') return true;
    return false;
}

static bool word_byte(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    if (c == 0xE2 && i + 1 < n && s[i + 1] == 0x80) return false;   /* U+2000..U+203F punctuation */
    if (c == 0x80 && i >= 1 && s[i - 1] == 0xE2) return false;
    if (c >= 0x80) {
        if (c < 0xC0 && i >= 2 && s[i - 2] == 0xE2 && s[i - 1] == 0x80) return false;
        return true;
    }
    return false;
}

static void add_key(annals_story_keys *k, uint64_t h, uint8_t w)
{
    /* insertion into the sorted array; the largest falls out when full */
    size_t lo = 0, hi = k->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (k->hash[mid] < h) lo = mid + 1; else hi = mid;
    }
    if (lo < k->n && k->hash[lo] == h) {
        if (k->weight[lo] < w) k->weight[lo] = w;
        return;
    }
    if (lo >= ANNALS_STORY_MAX_KEYS) return;
    size_t last = k->n < ANNALS_STORY_MAX_KEYS ? k->n : ANNALS_STORY_MAX_KEYS - 1;
    memmove(k->hash + lo + 1, k->hash + lo, (last - lo) * sizeof *k->hash);
    memmove(k->weight + lo + 1, k->weight + lo, (last - lo) * sizeof *k->weight);
    k->hash[lo] = h;
    k->weight[lo] = w;
    if (k->n < ANNALS_STORY_MAX_KEYS) k->n++;
}

static void keys_of(const char *text, size_t n, annals_story_keys *out, bool doc)
{
    const unsigned char *s = (const unsigned char *)text;
    out->n = 0;
    bool first = true;
    for (size_t i = 0; i < n;) {
        if (!word_byte(s, i, n)) { i++; continue; }
        size_t b = i;
        while (i < n && (word_byte(s, i, n) ||
                         ((s[i] == '\'' || s[i] == '-') && i + 1 < n && word_byte(s, i + 1, n))))
            i++;
        size_t len = i - b;
        char w[6];
        size_t wl = len < sizeof w ? len : sizeof w;
        for (size_t j = 0; j < wl; j++) w[j] = (char)annals_ascii_lower(s[b + j]);
        bool digit = s[b] >= '0' && s[b] <= '9';
        bool upper = s[b] >= 'A' && s[b] <= 'Z';
        bool all_upper = upper;
        for (size_t j = b; j < i && all_upper; j++)
            if (s[j] >= 'a' && s[j] <= 'z') all_upper = false;
        bool was_first = first;
        first = false;
        if (!digit && (len < 3 || (len <= 6 && is_stop(w, len)))) continue;
        uint8_t weight;
        if (digit) weight = 2;
        else if (upper && !was_first) weight = 3;
        else weight = 1;
        if (doc) {
            /* names and numbers only; an all-capital word is a heading or acronym */
            if (!digit && (!upper || was_first || all_upper)) continue;
            weight = 1;
        }
        add_key(out, annals_hash(w, wl), weight);
    }
}

void annals_story_sentence_keys(const char *s, size_t n, annals_story_keys *out) { keys_of(s, n, out, false); }
void annals_story_doc_keys(const char *s, size_t n, annals_story_keys *out) { keys_of(s, n, out, true); }

double annals_story_kview_overlap(annals_story_kview a, annals_story_kview b)
{
    double inter = 0, uni = 0;
    uint32_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        if (j >= b.n || (i < a.n && a.h[i] < b.h[j])) uni += a.w[i++];
        else if (i >= a.n || b.h[j] < a.h[i]) uni += b.w[j++];
        else {
            uint8_t x = a.w[i++], y = b.w[j++];
            inter += x < y ? x : y;
            uni += x > y ? x : y;
        }
    }
    return uni > 0 ? inter / uni : 0;
}

double annals_story_overlap(const annals_story_keys *a, const annals_story_keys *b)
{
    annals_story_kview x = { a->hash, a->weight, a->n }, y = { b->hash, b->weight, b->n };
    return annals_story_kview_overlap(x, y);
}
