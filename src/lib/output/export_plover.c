/* SPDX-License-Identifier: MIT
** output/export_plover.c -- POLECAT rows (40 tab-separated columns, "None" when missing)
** and PLOVER JSON objects, one per story event.
**
** CAMEO becomes PLOVER by data/plover.tsv (the PLOVER manual's CAMEO translation and
** CAMEO2PLOVER-2021). POLECAT's column list: its data files' header line (Event ID ...
** Version), as POLECAT's readers name it; PLOVER's field names: the PLOVER gold-standard
** records (openeventdata/PLOVER PLOVER_GSR_CAMEO.txt: id, date, source, target, event,
** eventText, context, mode, text, language, publication, version). Event Intensity is the
** CAMEO Goldstein value of the story's code (PLOVER's own intensity scale is not
** published as a table); sectors are the PLOVER sectors of the actor's CAMEO roles. */
#include <math.h>
#include <string.h>
#include "export_internal.h"

static const char *const quad_names[5] = {
    NULL, "VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT",
};

/* PLOVER's version of the CAMEO translation in data/plover.tsv (CAMEO2PLOVER-2021, draft 0.8). */
#define PLOVER_VERSION "0.8"

/* Joins the sectors of an actor with "; " into out; NULL when it has none. */
static const char *sectors(const annals_actor_parts *a, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (!a->sector[i][0]) continue;
        int w = snprintf(out + k, cap - k, "%s%s", k ? "; " : "", a->sector[i]);
        if (w < 0 || (size_t)w >= cap - k) break;
        k += (size_t)w;
    }
    return k ? out : NULL;
}

static void polecat_actor(ex_row *r, const annals_export_tables *t, const char *code, const char *text)
{
    annals_actor_parts a;
    annals_export_actor_parts(t, code, &a);
    const annals_country_info *c = a.country_is_state ? annals_export_country(t, a.country) : NULL;
    char buf[64];
    bool state_only = c && !a.type[0][0] && !a.known_group[0];
    annals_output_row_str(r, "Name", state_only && c->name ? c->name : code ? text : NULL);
    annals_output_row_str(r, "Country", a.country_is_state ? a.country : NULL);
    annals_output_row_str(r, "COW", c ? c->cow : NULL);
    annals_output_row_str(r, "Primary Sector", a.sector[0][0] ? a.sector[0] : NULL);
    annals_output_row_str(r, "Sectors", sectors(&a, buf, sizeof buf));
    annals_output_row_str(r, "Title", NULL);
    annals_output_row_str(r, "Name Raw", code ? text : NULL);
    annals_output_row_str(r, "Wikipedia ID", NULL);
}

/* Adds s[0..n) to the "; "-separated list in out unless it is there already. */
static void list_add(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s), k = strlen(out);
    for (const char *p = out; (p = strstr(p, s)); p++)
        if ((p == out || p[-1] == ' ') && (p[n] == ';' || p[n] == '\0')) return;
    if (k + n + 3 < cap) snprintf(out + k, cap - k, "%s%s", k ? "; " : "", s);
}

/* The distinct places of a story's mentions, "; " between them; NULL if none. */
static const char *story_places(const annals_export_story *s, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < s->n_mention; i++)
        if (s->mention[i].place) list_add(out, cap, s->mention[i].place);
    return out[0] ? out : NULL;
}

int annals_output_polecat_row(ex_row *r, const annals_export_tables *t, const annals_export_story *s,
                              const annals_plover_info *p)
{
    annals_output_row_int(r, "Event ID", s->id, true);
    annals_output_row_str(r, "Event Date", s->day);
    annals_output_row_str(r, "Event Type", p->event);
    annals_output_row_str(r, "Event Mode", p->mode);
    annals_output_row_real(r, "Event Intensity", s->goldstein, "%.1f");
    annals_output_row_str(r, "Quad Code", p->quad >= 1 && p->quad <= 4 ? quad_names[p->quad] : NULL);
    char ctx[128] = "";
    if (p->context) {   /* the table separates contexts with commas, POLECAT with "; " */
        size_t k = 0;
        for (const char *c = p->context; *c && k + 3 < sizeof ctx; c++) {
            if (*c == ',') { ctx[k++] = ';'; ctx[k++] = ' '; }
            else ctx[k++] = *c;
        }
        ctx[k] = '\0';
    }
    annals_output_row_str(r, "Contexts", ctx[0] ? ctx : NULL);
    polecat_actor(r, t, s->src, s->src_text);
    polecat_actor(r, t, s->tgt, s->tgt_text);
    const annals_place_info *pl = annals_export_place(t, s->place);
    bool region = pl && !strcmp(pl->kind, "region");
    annals_output_row_str(r, "Placename", s->place);
    annals_output_row_str(r, "City", pl && !region ? s->place : NULL);
    annals_output_row_str(r, "District", NULL);
    annals_output_row_str(r, "Province", region ? s->place : NULL);
    annals_output_row_str(r, "Country", pl ? pl->iso3 : NULL);
    annals_output_row_real(r, "Latitude", pl ? pl->lat : NAN, "%.4f");
    annals_output_row_real(r, "Longitude", pl ? pl->lon : NAN, "%.4f");
    annals_output_row_str(r, "GeoNames ID", NULL);
    annals_output_row_str(r, "Raw Placename", s->place);
    /* GeoNames feature codes: PPLC capital, PPL populated place, ADM1 first-order division */
    annals_output_row_str(r, "Feature Type", !pl ? NULL : region ? "ADM1" : !strcmp(pl->kind, "capital") ? "PPLC" : "PPL");
    const annals_export_doc *first = s->n_doc ? &s->doc[0] : NULL;
    annals_output_row_str(r, "Source", first ? (first->outlet ? first->outlet : first->name) : NULL);
    annals_output_row_str(r, "Publication Date", first ? first->pub_date : NULL);
    char places[1024];
    annals_output_row_str(r, "Story People", NULL);
    annals_output_row_str(r, "Story Organizations", NULL);
    annals_output_row_str(r, "Story Locations", story_places(s, places, sizeof places));
    annals_output_row_str(r, "Language", "en");
    annals_output_row_str(r, "Version", "annals-" PLOVER_VERSION);
    return annals_output_row_end(r);
}

static void plover_actor(ex_row *r, const annals_export_tables *t, const char *name, const char *code,
                         const char *text)
{
    if (!code) { annals_output_row_raw(r, name, "[]"); return; }
    annals_actor_parts a;
    annals_export_actor_parts(t, code, &a);
    /* "source": [{"actorText": ..., "code": ..., "sector": ...}] as in the PLOVER records */
    annals_buf *b = r->b;
    if (annals_buf_printf(b, "%s\"%s\":[{\"actorText\":", r->n ? "," : "", name) < 0) { r->err = ANNALS_ENOMEM; return; }
    r->n++;
    if (text) {
        annals_buf_putc(b, '"');
        if (annals_output_text(b, ANNALS_OUT_JSONL, text, strlen(text)) < 0) r->err = ANNALS_ENOMEM;
        annals_buf_putc(b, '"');
    } else {
        annals_buf_puts(b, "null");
    }
    annals_buf_puts(b, ",\"code\":\"");
    annals_output_text(b, ANNALS_OUT_JSONL, code, strlen(code));
    annals_buf_putc(b, '"');
    if (a.sector[0][0] && annals_buf_printf(b, ",\"sector\":\"%s\"", a.sector[0]) < 0) r->err = ANNALS_ENOMEM;
    if (annals_buf_puts(b, "}]") < 0) r->err = ANNALS_ENOMEM;
}

int annals_output_plover_row(ex_row *r, const annals_export_tables *t, const annals_export_story *s,
                             const annals_plover_info *p)
{
    char id[32];
    snprintf(id, sizeof id, "annals-%lld", (long long)s->id);
    const annals_export_mention *m = s->n_mention ? &s->mention[0] : NULL;
    const annals_export_doc *first = s->n_doc ? &s->doc[0] : NULL;
    annals_output_row_str(r, "id", id);
    annals_output_row_str(r, "date", s->day);
    plover_actor(r, t, "source", s->src, s->src_text);
    plover_actor(r, t, "target", s->tgt, s->tgt_text);
    annals_output_row_str(r, "event", p->event);
    annals_output_row_str(r, "eventText", m ? m->verb_text : NULL);
    annals_output_row_str(r, "context", p->context ? p->context : "");
    annals_output_row_str(r, "mode", p->mode ? p->mode : "");
    annals_output_row_str(r, "text", m ? m->evidence : NULL);
    annals_output_row_str(r, "language", "en");
    annals_output_row_str(r, "publication", first ? (first->outlet ? first->outlet : first->name) : NULL);
    annals_output_row_str(r, "version", PLOVER_VERSION);
    /* annals' own fields, not in the PLOVER records: */
    annals_output_row_real(r, "intensity", s->goldstein, "%.1f");
    annals_output_row_str(r, "cameo", s->code);
    annals_output_row_str(r, "place", s->place);
    annals_output_row_int(r, "mentions", s->n_mentions, true);
    annals_output_row_int(r, "sources", s->n_sources, true);
    annals_output_row_int(r, "articles", s->n_articles, true);
    return annals_output_row_end(r);
}
