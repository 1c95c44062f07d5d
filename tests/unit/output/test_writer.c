/* SPDX-License-Identifier: MIT
** tests/unit/output/test_writer.c -- JSONL/TSV/CSV event lines and the run summary.
**
** JSONL lines are parsed back with jansson and checked field by field; CSV
** quoting and TSV tab replacement are checked on a place name and a sentence
** that hold commas, quotes and a tab. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "annals/output.h"
#include "output/fixture_doc.h"

/* Runs the writer into a memory buffer; caller frees. */
static char *write_doc(annals_out_format fmt, const annals_doc *d)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    assert_int_equal(annals_output_begin(f, fmt), 0);
    annals_buf scratch = { 0 };
    assert_int_equal(annals_output_doc(f, fmt, d, &scratch), 0);
    annals_buf_free(&scratch);
    fclose(f);
    return mem;
}

static char *line_n(const char *text, int n)
{
    for (int i = 0; i < n && text; i++) {
        text = strchr(text, '\n');
        if (text) text++;
    }
    assert_non_null(text);
    const char *end = strchr(text, '\n');
    assert_non_null(end);
    return strndup(text, (size_t)(end - text));
}

static void test_output__format_names(void **state)
{
    (void)state;
    annals_out_format f;
    assert_true(annals_out_format_parse("jsonl", &f));
    assert_int_equal(f, ANNALS_OUT_JSONL);
    assert_true(annals_out_format_parse("json", &f));
    assert_int_equal(f, ANNALS_OUT_JSONL);
    assert_true(annals_out_format_parse("TSV", &f));
    assert_int_equal(f, ANNALS_OUT_TSV);
    assert_true(annals_out_format_parse("csv", &f));
    assert_int_equal(f, ANNALS_OUT_CSV);
    assert_false(annals_out_format_parse("xml", &f));
    assert_false(annals_out_format_parse("", &f));
    assert_false(annals_out_format_parse(NULL, &f));
}

static void test_output__jsonl_fields_and_values(void **state)
{
    (void)state;
    annals_doc *d = fixture_doc("raw bytes one");
    char *out = write_doc(ANNALS_OUT_JSONL, d);
    /* exactly one line per event */
    size_t lines = 0;
    for (const char *p = out; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 2);

    char *l0 = line_n(out, 0);
    json_error_t err;
    json_t *o = json_loads(l0, 0, &err);
    assert_non_null(o);
    static const char *const order[] = {
        "doc", "doc_hash", "sentence", "src", "tgt", "src_text", "tgt_text", "verb_text", "code",
        "root", "quad_class", "goldstein", "confidence", "date", "place", "evidence", "span", "url"
    };
    assert_int_equal(json_object_size(o), sizeof order / sizeof *order);
    const char *prev = l0;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        char key[32];
        snprintf(key, sizeof key, "\"%s\":", order[i]);
        const char *at = strstr(l0, key);
        assert_non_null(at);
        assert_true(at >= prev);   /* fields in the documented order */
        prev = at;
    }
    assert_string_equal(json_string_value(json_object_get(o, "doc")), "westland-report");
    assert_string_equal(json_string_value(json_object_get(o, "doc_hash")), d->hash);
    assert_int_equal(json_integer_value(json_object_get(o, "sentence")), 0);
    assert_string_equal(json_string_value(json_object_get(o, "src")), "WSTGOV");
    assert_string_equal(json_string_value(json_object_get(o, "tgt")), "EST");
    assert_string_equal(json_string_value(json_object_get(o, "src_text")), "Westland");
    assert_string_equal(json_string_value(json_object_get(o, "tgt_text")), "Eastland");
    assert_string_equal(json_string_value(json_object_get(o, "verb_text")), "criticised");
    assert_string_equal(json_string_value(json_object_get(o, "code")), "111");
    assert_string_equal(json_string_value(json_object_get(o, "root")), "11");
    assert_float_equal(json_real_value(json_object_get(o, "confidence")), 0.45, 1e-9);
    assert_int_equal(json_integer_value(json_object_get(o, "quad_class")), 3);
    assert_true(json_is_real(json_object_get(o, "goldstein")));
    assert_true(json_real_value(json_object_get(o, "goldstein")) == -2.0);
    assert_non_null(strstr(l0, "\"goldstein\":-2.0,"));
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2024-03-04");
    assert_true(json_is_null(json_object_get(o, "place")));
    assert_string_equal(json_string_value(json_object_get(o, "evidence")),
                        "Westland criticised Eastland on Monday.");
    json_t *span = json_object_get(o, "span");
    assert_int_equal(json_array_size(span), 2);
    assert_int_equal(json_integer_value(json_array_get(span, 0)), 0);
    assert_int_equal(json_integer_value(json_array_get(span, 1)), 39);
    assert_string_equal(json_string_value(json_object_get(o, "url")), "https://example.org/westland");
    json_decref(o);
    free(l0);

    char *l1 = line_n(out, 1);
    o = json_loads(l1, 0, &err);
    assert_non_null(o);
    assert_true(json_is_null(json_object_get(o, "tgt")));
    assert_true(json_is_null(json_object_get(o, "tgt_text")));
    assert_true(json_is_null(json_object_get(o, "date")));
    assert_string_equal(json_string_value(json_object_get(o, "place")), "Lakeport, \"Old\" Town");
    assert_string_equal(json_string_value(json_object_get(o, "evidence")),
                        "Eastland's envoy met Westland officials for \"a long, frank\ttalk\".");
    assert_non_null(strstr(l1, "\"goldstein\":1.0,"));
    assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "span"), 0)), 40);
    json_decref(o);
    free(l1);
    free(out);
    annals_doc_free(d);
}

static void test_output__jsonl_valid_for_any_bytes(void **state)
{
    (void)state;
    annals_doc *d = fixture_doc("raw bytes two");
    /* invalid UTF-8, a control byte, U+FFFD and U+2028 in the evidence sentence */
    static const char bad[] = "Bad \xff\xfe bytes \x01 and \xEF\xBF\xBD and \xE2\x80\xA8 end \xC3";
    d->text = annals_arena_strdup(d->arena, bad);
    d->text_len = sizeof bad - 1;
    d->sent[0].off = 0;
    d->sent[0].len = (uint32_t)d->text_len;
    d->n_event = 1;
    d->event[0].src_off = 0;
    d->event[0].src_len = (uint32_t)d->text_len;
    d->event[0].tgt_off = 1000;   /* out of range: null, never a read past the text */
    d->event[0].tgt_len = 5;
    d->event[0].verb_len = 0;
    d->url = NULL;
    d->name = "bad\xc0name";
    char *out = write_doc(ANNALS_OUT_JSONL, d);
    json_error_t err;
    json_t *o = json_loads(out, 0, &err);
    if (!o) fail_msg("not valid JSON: %s in %s", err.text, out);
    assert_string_equal(json_string_value(json_object_get(o, "evidence")),
                        "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \x01 and \xEF\xBF\xBD and \xE2\x80\xA8 end \xEF\xBF\xBD");
    assert_string_equal(json_string_value(json_object_get(o, "doc")), "bad\xEF\xBF\xBDname");
    assert_true(json_is_null(json_object_get(o, "tgt_text")));
    assert_true(json_is_null(json_object_get(o, "verb_text")));
    assert_true(json_is_null(json_object_get(o, "url")));
    json_decref(o);
    free(out);
    annals_doc_free(d);
}

static void test_output__csv_quotes_comma_and_quote(void **state)
{
    (void)state;
    annals_doc *d = fixture_doc("raw bytes three");
    char *out = write_doc(ANNALS_OUT_CSV, d);
    char *hdr = line_n(out, 0);
    assert_string_equal(hdr, "doc,doc_hash,sentence,src,tgt,src_text,tgt_text,verb_text,code,root,"
                             "quad_class,goldstein,confidence,date,place,evidence,span_start,span_end,url");
    char *l2 = line_n(out, 2);
    char want[1024];
    snprintf(want, sizeof want,
             "westland-report,%s,1,ESTGOV,,Eastland's envoy,,met,040,04,1,1.0,,,"
             "\"Lakeport, \"\"Old\"\" Town\","
             "\"Eastland's envoy met Westland officials for \"\"a long, frank\ttalk\"\".\","
             "40,105,https://example.org/westland", d->hash);
    assert_string_equal(l2, want);
    free(hdr);
    free(l2);
    free(out);
    annals_doc_free(d);
}

static void test_output__tsv_replaces_tabs(void **state)
{
    (void)state;
    annals_doc *d = fixture_doc("raw bytes four");
    char *out = write_doc(ANNALS_OUT_TSV, d);
    char *hdr = line_n(out, 0);
    assert_non_null(strstr(hdr, "doc\tdoc_hash\tsentence\t"));
    char *l2 = line_n(out, 2);
    size_t tabs = 0, cols = 19;
    for (const char *p = l2; *p; p++) tabs += *p == '\t';
    assert_int_equal(tabs, cols - 1);   /* the tab inside the sentence is gone */
    assert_non_null(strstr(l2, "\tLakeport, \"Old\" Town\t"));
    assert_non_null(strstr(l2, "\"a long, frank talk\".\t40\t105\t"));
    free(hdr);
    free(l2);
    free(out);
    annals_doc_free(d);
}

static void test_output__root_names(void **state)
{
    (void)state;
    assert_string_equal(annals_cameo_root_name("01"), "MAKE PUBLIC STATEMENT");
    assert_string_equal(annals_cameo_root_name("042"), "CONSULT");
    assert_string_equal(annals_cameo_root_name("20"), "USE UNCONVENTIONAL MASS VIOLENCE");
    assert_null(annals_cameo_root_name("00"));
    assert_null(annals_cameo_root_name("21"));
    assert_null(annals_cameo_root_name("1"));
    assert_null(annals_cameo_root_name(NULL));
}

static void test_output__summary_counts_roots_dyads_rejects(void **state)
{
    (void)state;
    annals_summary *s = annals_summary_new();
    annals_doc *a = fixture_doc("raw a"), *b = fixture_doc("raw b");
    annals_summary_add_doc(s, a);
    annals_summary_add_doc(s, b);
    annals_summary_add_reject(s, "feed.jsonl", 7, "not JSON: unexpected end");
    annals_summary_add_reject(s, "photo.jpg", 0, "binary data, not text");
    assert_int_equal(annals_summary_n_rejects(s), 2);
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    annals_summary_print(s, f);
    fclose(f);
    assert_non_null(strstr(mem, "documents coded: 2\n"));
    assert_non_null(strstr(mem, "sentences: 4\n"));
    assert_non_null(strstr(mem, "events: 4\n"));
    assert_non_null(strstr(mem, "  04 CONSULT"));
    assert_non_null(strstr(mem, "  11 DISAPPROVE"));
    assert_non_null(strstr(mem, "WSTGOV -> EST"));
    assert_null(strstr(mem, "ESTGOV ->"));   /* no target: not a dyad */
    assert_non_null(strstr(mem, "rejected: feed.jsonl:7: not JSON: unexpected end\n"));
    assert_non_null(strstr(mem, "rejected: photo.jpg: binary data, not text\n"));
    free(mem);
    annals_doc_free(a);
    annals_doc_free(b);
    annals_summary_free(s);
    annals_summary_free(NULL);
}

static void test_output__summary_top_ten_dyads(void **state)
{
    (void)state;
    annals_summary *s = annals_summary_new();
    annals_doc *d = fixture_doc("raw many");
    /* 12 distinct dyads, dyad k seen k times */
    annals_event ev[78];
    size_t n = 0;
    for (int k = 1; k <= 12; k++)
        for (int j = 0; j < k; j++) {
            ev[n] = d->event[0];
            snprintf(ev[n].src, sizeof ev[n].src, "A%02d", k);
            n++;
        }
    d->event = ev;
    d->n_event = n;
    annals_summary_add_doc(s, d);
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    annals_summary_print(s, f);
    fclose(f);
    const char *top = strstr(mem, "top dyads:\n");
    assert_non_null(top);
    assert_true(strstr(top, "A12 -> EST") < strstr(top, "A11 -> EST"));
    assert_non_null(strstr(top, "A03 -> EST"));
    assert_null(strstr(top, "A02 -> EST"));
    assert_null(strstr(top, "A01 -> EST"));
    free(mem);
    annals_doc_free(d);
    annals_summary_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output__format_names),
        cmocka_unit_test(test_output__jsonl_fields_and_values),
        cmocka_unit_test(test_output__jsonl_valid_for_any_bytes),
        cmocka_unit_test(test_output__csv_quotes_comma_and_quote),
        cmocka_unit_test(test_output__tsv_replaces_tabs),
        cmocka_unit_test(test_output__root_names),
        cmocka_unit_test(test_output__summary_counts_roots_dyads_rejects),
        cmocka_unit_test(test_output__summary_top_ten_dyads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
