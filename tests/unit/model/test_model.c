/* SPDX-License-Identifier: MIT
** tests/unit/model/test_model.c -- the model container and weight tables:
** CRC-32, round trip, and every way a file can be wrong (magic, version, kind,
** truncation, flipped byte, section out of bounds, bad weight rows), each an
** error naming the file, never a crash; inline weight tables (codes in the
** slots) score like row tables and are refused for more than 4 classes;
** packed tables (pairs in the slots, hot rows as int16 vectors on a scaled
** LUT) score every kind of row as the plain table does, on the scaled LUT. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "annals/model.h"

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

/* Recomputes the header CRC after a deliberate edit. */
static void fix_crc(unsigned char *buf, size_t size)
{
    static const unsigned char zero[4];
    uint32_t c = annals_crc32(0, buf, 28);
    c = annals_crc32(c, zero, 4);
    c = annals_crc32(c, buf + 32, size - 32);
    wr32(buf + 28, c);
}

/* A small valid table: 16 slots, two features. Row 0 (sparse): 2 entries,
** classes {0, 2}, codes {129, 126}; row 7 (dense, 3 classes): codes {129, 130, 131}.
** LUT: code 128 + k is worth 10 * k. */
static uint8_t rows[] = { 2, 0, 2, 129, 126, 255, 129, 130, 131 };
static annals_wtab_slot slots[16];
static int32_t lut[256];

static unsigned char *make(size_t *size, uint32_t kind)
{
    memset(slots, 0, sizeof slots);
    slots[3] = (annals_wtab_slot){ 0xABCDu | 1u, 0, 0 };
    slots[7] = (annals_wtab_slot){ 0x1235u, 5, 0 };
    for (int i = 0; i < 256; i++) lut[i] = 10 * (i - 128);
    const char meta[16] = "hello, model!!!";
    annals_model_section sec[] = {
        { "META", 0, meta, sizeof meta },
        { "WKEY", 0, slots, sizeof slots },
        { "WROW", 0, rows, sizeof rows },
        { "WLUT", 0, lut, sizeof lut },
    };
    void *img;
    assert_int_equal(annals_model_build(&img, size, kind, sec, 4, NULL), 0);
    return img;
}

/* A model image of the three sections of one weight table (KEY, ROW, LUT),
** parsed into m under name; free() the returned image after m's last use. */
static void *table_image(annals_model *m, const annals_model_section sec[3], uint32_t kind, const char *name,
                         annals_ctx *ctx)
{
    void *img;
    size_t size;
    assert_int_equal(annals_model_build(&img, &size, kind, sec, 3, NULL), 0);
    assert_int_equal(annals_model_parse(m, img, size, kind, name, ctx), 0);
    return img;
}

static void test_model__crc32_check_value(void **st)
{
    (void)st;
    assert_int_equal(annals_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(annals_crc32(annals_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

static void test_model__round_trip(void **st)
{
    (void)st;
    size_t size;
    unsigned char *img = make(&size, ANNALS_MODEL_TAGGER);
    annals_model m;
    annals_ctx *ctx = annals_ctx_new();
    assert_int_equal(annals_model_parse(&m, img, size, ANNALS_MODEL_TAGGER, "t.bin", ctx), 0);
    const annals_model_section *s = annals_model_find(&m, "META");
    assert_non_null(s);
    assert_int_equal(s->size, 16);
    assert_memory_equal(s->data, "hello, model!!!", 16);
    assert_null(annals_model_find(&m, "NONE"));
    annals_wtab w;
    assert_int_equal(annals_wtab_bind(&w, &m, 'W', 3, ctx), 0);
    uint64_t f[3] = { ((uint64_t)0xABCDu << 48) | 3u, ((uint64_t)0x1234u << 48) | 7u, 12345 };
    int32_t sc[3] = { 0, 0, 0 };
    annals_wtab_score(&w, f, 3, sc);
    assert_int_equal(sc[0], 10 + 10);
    assert_int_equal(sc[1], 20);
    assert_int_equal(sc[2], -20 + 30);
    annals_wtab_release(&w);
    /* written to disk and read back */
    const char *path = "test_model_roundtrip.bin";
    annals_model_section sec[] = { { "META", 0, "x", 1 } };
    assert_int_equal(annals_model_write(path, ANNALS_MODEL_PARSER, sec, 1, ctx), 0);
    void *buf;
    size_t n;
    assert_int_equal(annals_model_read_file(&buf, &n, path, ctx), 0);
    assert_int_equal(annals_model_parse(&m, buf, n, ANNALS_MODEL_PARSER, path, ctx), 0);
    free(buf);
    remove(path);
    free(img);
    annals_ctx_free(ctx);
}

static void expect(const unsigned char *img, size_t size, uint32_t kind, int code, const char *what)
{
    annals_ctx *ctx = annals_ctx_new();
    annals_model m;
    /* copy to an exact-size aligned buffer so ASan sees any overread */
    unsigned char *copy = aligned_alloc(64, (size + 64) & ~(size_t)63);
    if (size) memcpy(copy, img, size);
    int rc = annals_model_parse(&m, copy, size, kind, "bad.bin", ctx);
    if (rc == 0) {
        annals_wtab w;
        rc = annals_wtab_bind(&w, &m, 'W', 3, ctx);
        annals_wtab_release(&w);
    }
    assert_int_equal(rc, code);
    assert_non_null(strstr(annals_errmsg(ctx), "bad.bin"));
    assert_non_null(strstr(annals_errmsg(ctx), what));
    free(copy);
    annals_ctx_free(ctx);
}

static void test_model__bad_files_fail_cleanly(void **st)
{
    (void)st;
    size_t size;
    unsigned char *img = make(&size, ANNALS_MODEL_TAGGER);
    unsigned char *b = malloc(size);

    memcpy(b, img, size); b[0] = 'X';
    expect(b, size, 0, ANNALS_EFORMAT, "magic");
    memcpy(b, img, size); wr32(b + 8, 99); fix_crc(b, size);
    expect(b, size, 0, ANNALS_EVERSION, "version 99");
    expect(img, size, ANNALS_MODEL_PARSER, ANNALS_EFORMAT, "expected a parser");
    for (size_t cut = 0; cut < size; cut += 7) expect(img, cut, 0, ANNALS_EFORMAT, "bad.bin");
    memcpy(b, img, size); b[size - 20] ^= 0x40;
    expect(b, size, 0, ANNALS_EFORMAT, "CRC");
    /* section offset beyond the end, CRC made valid again */
    memcpy(b, img, size); wr32(b + 64 + 24 + 8, (uint32_t)size + 16); fix_crc(b, size);
    expect(b, size, 0, ANNALS_EFORMAT, "out of bounds");
    /* the ROW section at the KEY section's offset (overlapping it), CRC made valid */
    memcpy(b, img, size); memcpy(b + 64 + 2 * 24 + 8, b + 64 + 24 + 8, 8); fix_crc(b, size);
    expect(b, size, 0, ANNALS_EFORMAT, "overlaps");
    /* section count too large */
    memcpy(b, img, size); wr32(b + 24, 1000); fix_crc(b, size);
    expect(b, size, 0, ANNALS_EFORMAT, "section count");
    free(b);
    free(img);

    /* a class out of range, a row outside the section, a full table, a bad code value */
    {
        uint8_t bad_rows[] = { 2, 0, 7, 129, 129 };           /* class 7 >= 3 classes */
        annals_wtab_slot s2[4] = { { 5u, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } };
        annals_model_section sec[] = { { "WKEY", 0, s2, sizeof s2 }, { "WROW", 0, bad_rows, sizeof bad_rows },
                                       { "WLUT", 0, lut, sizeof lut } };
        void *im; size_t sz;
        assert_int_equal(annals_model_build(&im, &sz, 1, sec, 3, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "out of bounds");
        free(im);
        bad_rows[2] = 1;
        s2[0].off_hi = 1;                                     /* offset 65536 */
        assert_int_equal(annals_model_build(&im, &sz, 1, sec, 3, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "out of bounds");
        free(im);
        s2[0].off_hi = 0;
        bad_rows[0] = 3;                                      /* runs past the end */
        assert_int_equal(annals_model_build(&im, &sz, 1, sec, 3, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "out of bounds");
        free(im);
        bad_rows[0] = 2;
        annals_wtab_slot full[2] = { { 5u, 0, 0 }, { 7u, 0, 0 } };   /* no empty slot */
        annals_model_section sec2[] = { { "WKEY", 0, full, sizeof full }, { "WROW", 0, bad_rows, sizeof bad_rows },
                                        { "WLUT", 0, lut, sizeof lut } };
        assert_int_equal(annals_model_build(&im, &sz, 1, sec2, 3, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "no empty slot");
        free(im);
        lut[5] = ANNALS_WTAB_LUT_MAX + 1;
        assert_int_equal(annals_model_build(&im, &sz, 1, sec, 3, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "bad code value");
        free(im);
        annals_model_section sec3[] = { { "WKEY", 0, s2, sizeof s2 }, { "WROW", 0, bad_rows, sizeof bad_rows } };
        assert_int_equal(annals_model_build(&im, &sz, 1, sec3, 2, NULL), 0);
        expect(im, sz, 0, ANNALS_EFORMAT, "section 'WLUT' missing");
        free(im);
    }
}

static void test_model__missing_file(void **st)
{
    (void)st;
    annals_ctx *ctx = annals_ctx_new();
    void *buf;
    size_t n;
    assert_int_equal(annals_model_read_file(&buf, &n, "/nonexistent/model.bin", ctx), ANNALS_ENOTFOUND);
    assert_non_null(strstr(annals_errmsg(ctx), "/nonexistent/model.bin"));
    annals_ctx_free(ctx);
}

static void test_model__inline_table(void **st)
{
    (void)st;
    annals_wtab_slot slots[8];
    int32_t lut[256];
    memset(slots, 0, sizeof slots);
    const uint8_t c1[4] = { 129, 127, 128, 200 }, c2[4] = { 128, 140, 100, 128 };
    slots[3].check = 0xABCDu | 1u;
    memcpy(&slots[3].off_lo, c1, 2);
    memcpy(&slots[3].off_hi, c1 + 2, 2);
    slots[4].check = 0x1234u | 1u;               /* probed on from slot 3 */
    memcpy(&slots[4].off_lo, c2, 2);
    memcpy(&slots[4].off_hi, c2 + 2, 2);
    for (int i = 0; i < 256; i++) lut[i] = 10 * (i - 128);
    annals_model_section sec[] = {
        { "TKEY", ANNALS_WTAB_INLINE, slots, sizeof slots },
        { "TROW", 0, NULL, 0 },
        { "TLUT", 0, lut, sizeof lut },
    };
    annals_ctx *ctx = annals_ctx_new();
    annals_model m;
    void *img = table_image(&m, sec, ANNALS_MODEL_PARSER, "i.bin", ctx);
    annals_wtab w;
    assert_int_equal(annals_wtab_bind(&w, &m, 'T', 5, ctx), ANNALS_EFORMAT);
    assert_non_null(strstr(annals_errmsg(ctx), "i.bin"));
    assert_int_equal(annals_wtab_bind(&w, &m, 'T', 3, ctx), 0);
    uint64_t f[3] = { ((uint64_t)0xABCDu << 48) | 3u, ((uint64_t)0x1234u << 48) | 3u, 12345 };
    int32_t sc[3] = { 0, 0, 0 };
    annals_wtab_score(&w, f, 3, sc);
    assert_int_equal(sc[0], 10);
    assert_int_equal(sc[1], -10 + 120);
    assert_int_equal(sc[2], -280);
    free(img);
    annals_ctx_free(ctx);
}

/* 40 classes: rows of 1, 2 and 3 classes, a sparse row of 6 classes and a
** dense row (both hot: 6 >= 40 / 8), a LUT of up to 2^22 so that packing must
** scale it. Each feature alone, and all together with absent ones, score as
** the sums of the scaled codes. */
static void test_model__packed_table(void **st)
{
    (void)st;
    enum { NC = 40 };
    static uint8_t prow[256];
    size_t n = 0, off[5];
    static const uint8_t cls[5][6] = { { 7 }, { 3, 39 }, { 0, 20, 21 }, { 1, 5, 9, 30, 31, 38 }, { 0 } };
    static const unsigned hs[5] = { 1, 2, 3, 6, 255 };
    for (int r = 0; r < 5; r++) {
        off[r] = n;
        prow[n++] = (uint8_t)hs[r];
        if (hs[r] == 255) {
            for (int c = 0; c < NC; c++) prow[n++] = (uint8_t)(c * 5 + 20);
        } else {
            for (unsigned j = 0; j < hs[r]; j++) prow[n++] = cls[r][j];
            for (unsigned j = 0; j < hs[r]; j++) prow[n++] = (uint8_t)(128 + (r % 2 ? -1 : 1) * (int)(10 * j + r + 1));
        }
    }
    annals_wtab_slot ps[64];
    memset(ps, 0, sizeof ps);
    uint64_t feat[5];
    for (int r = 0; r < 5; r++) {
        feat[r] = (uint64_t)(0x1000u + 77u * (unsigned)r) << 48 | (uint64_t)(9 * r + 2);
        ps[9 * r + 2] = (annals_wtab_slot){ (uint16_t)((feat[r] >> 48) | 1u), (uint16_t)off[r], (uint16_t)(off[r] >> 16) };
    }
    int32_t plut[256];
    for (int i = 0; i < 256; i++) plut[i] = (i - 128) * (ANNALS_WTAB_LUT_MAX / 128);
    annals_model_section sec[] = {
        { "WKEY", 0, ps, sizeof ps },
        { "WROW", 0, prow, n },
        { "WLUT", 0, plut, sizeof plut },
    };
    annals_ctx *ctx = annals_ctx_new();
    annals_model m;
    void *img = table_image(&m, sec, ANNALS_MODEL_TAGGER, "p.bin", ctx);
    annals_wtab w;
    assert_int_equal(annals_wtab_bind(&w, &m, 'W', NC, ctx), 0);
    assert_true(w.packed);
    assert_int_equal(w.n_hot, 2);
    static const unsigned kind[5] = { 2, 3, 0, 1, 1 };   /* one pair, two pairs, row, hot, hot */
    for (int r = 0; r < 5; r++) assert_int_equal(w.slot[9 * r + 2].off_hi >> 14, kind[r]);
    assert_true(w.hot_scale < 1.0);
    int32_t scaled[256];
    for (int i = 0; i < 256; i++) {
        double v = plut[i] * ((double)ANNALS_WTAB_HOT_MAX / ANNALS_WTAB_LUT_MAX);
        scaled[i] = (int32_t)(v < 0 ? v - 0.5 : v + 0.5);
        assert_int_equal(w.lut[i], scaled[i]);
    }
    assert_int_equal(annals_wtab_max_weight(&w), ANNALS_WTAB_HOT_MAX);
    int32_t want_all[NC] = { 0 }, got_all[NC] = { 0 };
    for (int r = 0; r < 5; r++) {
        int32_t want[NC] = { 0 }, got[NC] = { 0 };
        const uint8_t *row = prow + off[r];
        if (row[0] == 255)
            for (int c = 0; c < NC; c++) want[c] += scaled[row[1 + c]];
        else
            for (unsigned j = 0; j < row[0]; j++) want[row[1 + j]] += scaled[row[1 + row[0] + j]];
        annals_wtab_score(&w, &feat[r], 1, got);
        assert_memory_equal(got, want, sizeof want);
        for (int c = 0; c < NC; c++) want_all[c] += want[c];
    }
    uint64_t all[9] = { feat[0], 12345, feat[1], feat[2], (uint64_t)0x7777u << 48 | 2, feat[3], feat[4], 99, feat[4] };
    annals_wtab_score(&w, all, 9, got_all);
    for (int c = 0; c < NC; c++) want_all[c] += scaled[prow[off[4] + 1 + c]];   /* feat[4] twice */
    assert_memory_equal(got_all, want_all, sizeof want_all);
    annals_wtab_release(&w);
    assert_false(w.packed);
    free(img);
    annals_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model__crc32_check_value),
        cmocka_unit_test(test_model__round_trip),
        cmocka_unit_test(test_model__inline_table),
        cmocka_unit_test(test_model__packed_table),
        cmocka_unit_test(test_model__bad_files_fail_cleanly),
        cmocka_unit_test(test_model__missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
