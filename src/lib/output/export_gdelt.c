/* SPDX-License-Identifier: MIT
** output/export_gdelt.c -- GDELT 2.0 Events (61 columns) and Mentions (16 columns) rows.
**
** Column meanings: the GDELT Event Codebook V2.0 (as listed in
** shared/reference/gdelt-events-columns.tsv) and the GDELT 2.0 Mentions table. Tab-
** separated, no header line, no quoting: GDELT readers (gdeltPyR reads the files with
** pandas, tab delimiter, no header, and names the 61 columns itself) take the file
** unchanged, so a field never holds a tab, newline or double quote (quotes become
** apostrophes). What annals does not know is an empty field: tone, ethnic codes, ADM2,
** feature ids; docs/export.md says why for each column. */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "export_internal.h"

/* Upper-cases ASCII letters of s into out (GDELT writes actor names in capitals). */
static const char *upper(const char *s, char *out, size_t cap)
{
    if (!s) return NULL;
    size_t k = 0;
    for (; s[k] && k + 1 < cap; k++) out[k] = (char)toupper((unsigned char)s[k]);
    out[k] = '\0';
    return out;
}

static void actor(ex_row *r, const annals_export_tables *t, const char *code, const char *text)
{
    annals_actor_parts a;
    annals_export_actor_parts(t, code, &a);
    const annals_country_info *c = a.country_is_state ? annals_export_country(t, a.country) : NULL;
    char name[256];
    annals_output_row_str(r, "Code", code);
    /* a state's actor is named by the state (GDELT: KAZGOV -> KAZAKHSTAN); others by their words */
    annals_output_row_str(r, "Name", upper(c && c->name ? c->name : code ? text : NULL, name, sizeof name));
    annals_output_row_str(r, "CountryCode", a.country[0] ? a.country : NULL);
    annals_output_row_str(r, "KnownGroupCode", a.known_group[0] ? a.known_group : NULL);
    annals_output_row_str(r, "EthnicCode", NULL);                       /* the dictionaries code no ethnicity */
    annals_output_row_str(r, "Religion1Code", a.religion[0][0] ? a.religion[0] : NULL);
    annals_output_row_str(r, "Religion2Code", a.religion[1][0] ? a.religion[1] : NULL);
    for (int i = 0; i < 3; i++) annals_output_row_str(r, "TypeCode", a.type[i][0] ? a.type[i] : NULL);
}

/* A geography block: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID. */
static void geo(ex_row *r, int type, const char *full, const char *fips, double lat, double lon,
                const char *feature)
{
    annals_output_row_int(r, "Geo_Type", type, type > 0);
    annals_output_row_str(r, "Geo_FullName", full);
    annals_output_row_str(r, "Geo_CountryCode", fips);
    annals_output_row_str(r, "Geo_ADM1Code", fips);                     /* country level: ADM1 is the country */
    annals_output_row_str(r, "Geo_ADM2Code", NULL);
    annals_output_row_real(r, "Geo_Lat", lat, "%.4f");
    annals_output_row_real(r, "Geo_Long", lon, "%.4f");
    annals_output_row_str(r, "Geo_FeatureID", feature);
}

/* Actor geography: the actor's state, at country level (GDELT type 1). */
static void actor_geo(ex_row *r, const annals_export_tables *t, const char *code)
{
    annals_actor_parts a;
    annals_export_actor_parts(t, code, &a);
    const annals_country_info *c = a.country_is_state ? annals_export_country(t, a.country) : NULL;
    if (c && c->fips) geo(r, 1, c->name, c->fips, NAN, NAN, c->fips);
    else geo(r, 0, NULL, NULL, NAN, NAN, NULL);
}

/* Action geography: the story's place, from data/places.txt when it is there. */
static void action_geo(ex_row *r, const annals_export_tables *t, const char *place)
{
    const annals_place_info *p = annals_export_place(t, place);
    const annals_country_info *c = p ? annals_export_country(t, p->iso3) : NULL;
    if (!p || !c) {
        geo(r, 0, place, NULL, NAN, NAN, NULL);         /* a place the table does not know */
        return;
    }
    bool us = !strcmp(p->iso3, "USA");
    int type = !strcmp(p->kind, "region") ? (us ? 2 : 5) : (us ? 3 : 4);
    char full[512];
    snprintf(full, sizeof full, "%s, %s", place, c->name ? c->name : p->iso3);
    geo(r, type, full, c->fips, p->lat, p->lon, NULL);
}

int annals_output_gdelt_event(ex_row *r, const annals_export_tables *t, const annals_export_story *s)
{
    char day[9], stamp[15];
    bool has_day = annals_output_digits(s->day, 8, day, sizeof day);
    annals_output_row_int(r, "GLOBALEVENTID", s->id, true);
    annals_output_row_str(r, "Day", has_day ? day : NULL);
    annals_output_row_strn(r, "MonthYear", has_day ? day : NULL, 6);
    annals_output_row_strn(r, "Year", has_day ? day : NULL, 4);
    double frac = NAN;
    if (has_day) {   /* the codebook's YYYY.FFFF: year + (month * 30 + day) / 365 */
        int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
        int m = (day[4] - '0') * 10 + (day[5] - '0'), d = (day[6] - '0') * 10 + (day[7] - '0');
        frac = y + (m * 30 + d) / 365.0;
    }
    annals_output_row_real(r, "FractionDate", frac, "%.4f");
    actor(r, t, s->src, s->src_text);
    actor(r, t, s->tgt, s->tgt_text);
    /* root event: the first report states it in its first two sentences (its lead) */
    bool root = s->n_mention && s->mention[0].sentence >= 0 && s->mention[0].sentence < 2;
    annals_output_row_int(r, "IsRootEvent", root, true);
    annals_output_row_str(r, "EventCode", s->code);
    annals_output_row_strn(r, "EventBaseCode", s->code, s->code ? strnlen(s->code, 3) : 0);
    annals_output_row_str(r, "EventRootCode", s->root);
    annals_output_row_int(r, "QuadClass", s->quad_class, s->quad_class > 0);
    annals_output_row_real(r, "GoldsteinScale", s->goldstein, "%.1f");
    annals_output_row_int(r, "NumMentions", s->n_mentions, true);
    annals_output_row_int(r, "NumSources", s->n_sources, true);
    annals_output_row_int(r, "NumArticles", s->n_articles, true);
    annals_output_row_real(r, "AvgTone", NAN, "%.4f");                 /* annals measures no tone */
    actor_geo(r, t, s->src);
    actor_geo(r, t, s->tgt);
    action_geo(r, t, s->place);
    annals_output_digits(s->added_at, 14, stamp, sizeof stamp);
    annals_output_row_str(r, "DATEADDED", stamp[0] ? stamp : NULL);
    const char *url = NULL;
    for (size_t i = 0; i < s->n_doc && !url; i++) url = s->doc[i].url;
    annals_output_row_str(r, "SOURCEURL", url);
    return annals_output_row_end(r);
}

/* The host of a URL, for MentionSourceName when the document names no outlet. */
static void url_host(const char *url, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p) return;
    p += 3;
    size_t n = strcspn(p, "/:?#");
    if (n >= cap) n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

int annals_output_gdelt_mentions(annals_buf *b, const annals_export_story *s)
{
    char added[15], seen[15], host[256];
    annals_output_digits(s->added_at, 14, added, sizeof added);
    for (size_t i = 0; i < s->n_mention; i++) {
        const annals_export_mention *m = &s->mention[i];
        const annals_export_doc *d = m->doc;
        ex_row r;
        annals_output_row_begin(&r, b, EX_TSV, "");
        r.no_quotes = true;
        annals_output_digits(d ? d->ingested_at : NULL, 14, seen, sizeof seen);
        url_host(d ? d->url : NULL, host, sizeof host);
        annals_output_row_int(&r, "GLOBALEVENTID", s->id, true);
        annals_output_row_str(&r, "EventTimeDate", added[0] ? added : NULL);
        annals_output_row_str(&r, "MentionTimeDate", seen[0] ? seen : NULL);
        annals_output_row_int(&r, "MentionType", d && d->url ? 1 : 2, true);    /* 1 WEB, 2 CITATIONONLY */
        annals_output_row_str(&r, "MentionSourceName", d && d->outlet ? d->outlet : host[0] ? host : NULL);
        annals_output_row_str(&r, "MentionIdentifier", d ? (d->url ? d->url : d->name) : NULL);
        annals_output_row_int(&r, "SentenceID", m->sentence + 1, m->sentence >= 0);
        annals_output_row_int(&r, "Actor1CharOffset", m->src_char, true);        /* -1: not found, as GDELT */
        annals_output_row_int(&r, "Actor2CharOffset", m->tgt_char, true);
        annals_output_row_int(&r, "ActionCharOffset", m->verb_char, true);
        /* in raw text: every actor stands in the sentence (not brought in from elsewhere) */
        bool raw = true;
        const int64_t offs[2] = { m->src_off, m->tgt_off };
        for (int k = 0; k < 2; k++)
            if (offs[k] >= 0 && m->sent_start >= 0 && (offs[k] < m->sent_start || offs[k] >= m->sent_end))
                raw = false;
        annals_output_row_int(&r, "InRawText", raw, true);
        annals_output_row_int(&r, "Confidence", (int64_t)lround(m->confidence * 100), !isnan(m->confidence));
        annals_output_row_int(&r, "MentionDocLen", d ? d->text_chars : 0, d && d->text_chars >= 0);
        annals_output_row_real(&r, "MentionDocTone", NAN, "%.4f");
        annals_output_row_str(&r, "MentionDocTranslationInfo", NULL);
        annals_output_row_str(&r, "Extras", NULL);
        int rc = annals_output_row_end(&r);
        if (rc < 0) return rc;
    }
    return 0;
}
