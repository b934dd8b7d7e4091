/* figure.c -- see figure.h: choosing the dates, the focus event and the
** event window, the page's words and sources, and writing the file. The
** page itself is laid out by layout.c and drawn by figure_draw.c. */
#include "print/figure_internal.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/defaults.h"
#include "core/lang.h"
#include "core/str.h"

const char *figure_word(const fm_style *st, const char *key, const char *lang, const char *fallback)
{
    json_t *t = json_object_get(json_object_get(style_meta(st, "furniture"), "text"), key);
    json_t *v = json_object_get(t, lang);
    if (!json_is_string(v)) v = json_object_get(t, "en");
    return json_is_string(v) ? json_string_value(v) : fallback;
}

/* ---- what the figure shows ---------------------------------------------------- */

/* A path from "frontmap:events".KEY, resolved against the style's folder. */
static int events_path(const fm_style *st, const char *key, char *buf, size_t size)
{
    json_t *v = json_object_get(style_meta(st, "events"), key);
    if (!json_is_string(v)) return -1;
    style_path(st, json_string_value(v), buf, size);
    return 0;
}

/* The focus event of --event; a USAGE error naming the nearest ids when
** the timeline has no such event. */
static int figure_find_focus(figure *f, fm_error *err)
{
    const fm_figure_options *o = f->o;
    if (!f->tl)
        return fm_error_set(err,
                            "%s: --event needs a timeline; set metadata "
                            "\"frontmap:timeline\"",
                            f->style->path),
               FM_FIGURE_FAILED;
    f->focus = timeline_find(f->tl, o->event_id);
    if (f->focus) return 0;
    const char *near[4];
    int n = timeline_suggest(f->tl, o->event_id, near, 4);
    char list[512] = "";
    for (int i = 0; i < n; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", near[i]);
    }
    fm_error_usage(err, "no event \"%s\" in %s%s%s; 'frontmap events' lists them all", o->event_id,
                   f->tl->path, n ? "; did you mean: " : "", list);
    return FM_FIGURE_BAD_ARGS;
}

/* The event window: given; else the focus event's campaign; else, for one
** date, the FM_RECENT_DAYS up to it (what the map calls recent). Then the
** callouts of the window's events. */
static int figure_choose_window(figure *f, fm_error *err)
{
    const fm_figure_options *o = f->o;
    json_t *ev = style_meta(f->style, "events");
    int given = figure_window_parse(o, &f->from, &f->to, err);
    if (given < 0) return FM_FIGURE_BAD_ARGS;
    if (given) {
        f->has_window = 1;
    } else if (f->focus) {
        json_t *d = json_object_get(ev, "campaign_days");
        int days = json_is_integer(d) ? (int)json_integer_value(d) : FM_RECENT_DAYS;
        char phases[4096];
        if (callout_campaign(f->focus,
                             events_path(f->style, "phases", phases, sizeof phases) ? NULL : phases,
                             days, f->lang, &f->from, &f->to, f->phase, sizeof f->phase, err))
            return FM_FIGURE_FAILED;
        f->has_window = 1;
    } else if (f->nmaps == 1) {
        f->from = f->dates[0] - FM_RECENT_DAYS;
        f->to = f->dates[0] + 1;
        f->has_window = 1;
    }
    if (f->has_window && f->tl) {
        f->callouts = callouts_new(f->tl, f->from, f->to, json_object_get(ev, "campaign_kinds"),
                                   f->focus, json_object_get(ev, "marker"), err);
        if (!f->callouts) return FM_FIGURE_FAILED;
        f->callouts->font_regular = style_font(f->style, FM_FONT_ROLE_REGULAR);
        f->callouts->font_bold = style_font(f->style, FM_FONT_ROLE_BOLD);
    }
    return 0;
}

/* Dates, the focus event and the event window, from the options. */
static int figure_choose(figure *f, fm_error *err)
{
    const fm_figure_options *o = f->o;
    char path[4096];
    if (style_meta_path(f->style, "timeline", path, sizeof path) == 0 &&
        !(f->tl = timeline_load(path, NULL, err)))
        return FM_FIGURE_FAILED;
    if (o->event_id) {
        int rc = figure_find_focus(f, err);
        if (rc) return rc;
    }
    if (figure_dates_parse(o, f->dates, &f->nmaps, err)) return FM_FIGURE_BAD_ARGS;
    if (f->nmaps == 0 && f->focus) {
        f->dates[0] = f->focus->date.first;
        f->nmaps = 1;
    } else if (f->nmaps == 0) {
        fm_error_usage(err, "figure needs --event ID, --date DATE or --dates D1,D2,...");
        return FM_FIGURE_BAD_ARGS;
    }
    int rc = figure_choose_window(f, err);
    if (rc) return rc;
    char seeds[4096];
    if (events_path(f->style, "seeds", seeds, sizeof seeds) == 0 &&
        !(f->seeds = seeds_load(seeds, err)))
        return FM_FIGURE_FAILED;
    return 0;
}

/* ---- the words on the page ------------------------------------------------------ */

/* "Lambert conformal conic, standard parallels 39° and 41° N, central
** meridian 46.6° E" from a PROJ string; other CRSs as written. */
static void describe_crs(const char *crs, char *buf, size_t size)
{
    double lat1, lat2, lon0;
    const char *p1 = strstr(crs, "+lat_1="), *p2 = strstr(crs, "+lat_2="),
               *l0 = strstr(crs, "+lon_0=");
    if (strstr(crs, "+proj=lcc") && p1 && p2 && l0 && sscanf(p1, "+lat_1=%lf", &lat1) == 1 &&
        sscanf(p2, "+lat_2=%lf", &lat2) == 1 && sscanf(l0, "+lon_0=%lf", &lon0) == 1)
        snprintf(buf, size,
                 "Lambert conformal conic, standard parallels %g° and %g° N, "
                 "central meridian %g° E, WGS84",
                 lat1, lat2, lon0);
    else snprintf(buf, size, "%s", crs);
}

/* The sources block: the data's attributions, the seeds cited by the
** table in full, the timeline, and the projection. */
int figure_sources_text(const figure *f, const int *used_seeds, fm_str *out)
{
    const fm_style *st = f->style;
    const char *lang = f->lang;
    size_t start = out->len; /* attributions are named once */
    int bad = fm_str_printf(out, "%s: ", figure_word(st, "map_data", lang, "Map data"));
    int any = 0;
    for (int i = 0; i < st->nsources; i++) {
        const char *a = st->sources[i].attribution;
        if (!a || strstr(fm_str_cstr(out) + start, a)) continue;
        int used = 0;
        for (int j = 0; j < st->nlayers && !used; j++)
            used = st->layers[j].source && strcmp(st->layers[j].source, st->sources[i].id) == 0;
        if (!used) continue;
        bad |= fm_str_printf(out, any ? "; %s" : "%s", a);
        any = 1;
    }
    bad |= fm_str_cat(out, ". ");
    if (f->callouts && f->callouts->count) {
        bad |= fm_str_printf(out, "%s: frontmap timeline (timeline/events.csv)",
                             figure_word(st, "event_sources", lang, "Event sources"));
        int first = 1;
        for (int i = 0; f->seeds && used_seeds && i < f->seeds->count; i++) {
            if (!used_seeds[i]) continue;
            bad |= fm_str_printf(out, first ? ", citing %s" : "; %s", f->seeds->items[i].title);
            first = 0;
        }
        bad |= fm_str_cat(out, ". ");
    }
    const char *crs_text = NULL;
    json_t *view = style_meta(st, "view");
    if (json_is_string(json_object_get(view, "crs")))
        crs_text = json_string_value(json_object_get(view, "crs"));
    if (f->o->scene.crs) crs_text = f->o->scene.crs;
    if (crs_text) {
        char crs[512];
        describe_crs(crs_text, crs, sizeof crs);
        bad |=
            fm_str_printf(out, "%s: %s. ", figure_word(st, "projection", lang, "Projection"), crs);
    }
    bad |= fm_str_printf(out, "Made with frontmap %s.", FRONTMAP_VERSION);
    return bad ? -1 : 0;
}

double figure_bbox_aspect(const fm_style *st, const fm_scene_options *so)
{
    json_t *view = style_meta(st, "view");
    const char *crs = so->crs;
    if (!crs && json_is_string(json_object_get(view, "crs")))
        crs = json_string_value(json_object_get(view, "crs"));
    double b[4];
    json_t *bb = json_object_get(view, "bbox");
    if (so->has_bbox) memcpy(b, so->bbox, sizeof b);
    else if (json_is_array(bb) && json_array_size(bb) == 4)
        for (int i = 0; i < 4; i++) b[i] = json_number_value(json_array_get(bb, i));
    else return 0;
    if (!crs) return 0;
    fm_projection *proj = projection_new(crs, NULL);
    fm_transform *t = proj ? projection_transform_from(proj, NULL, NULL) : NULL;
    double aspect = 0;
    double e[4];
    if (t && projection_bbox_extent(t, b, 16, e) == 0 && e[2] > e[0])
        aspect = (e[3] - e[1]) / (e[2] - e[0]);
    transform_free(t);
    projection_free(proj);
    return aspect;
}

void figure_format_window(const figure *f, char *buf, size_t size)
{
    char a[96] = "…", b[96] = "…";
    /* An open end (only --events-from or --events-to) prints as "…". */
    if (f->from != FM_DAY_MIN) fm_lang_format_date(f->from, f->lang, a, sizeof a);
    if (f->to != FM_DAY_MAX) fm_lang_format_date(f->to - 1, f->lang, b, sizeof b);
    snprintf(buf, size, "%s – %s", a, b);
}

/* ---- the file ---------------------------------------------------------------------- */

/* The style: --scene, else the bundled styles/print.json. */
static int figure_style_load(figure *f, fm_error *err)
{
    const fm_figure_options *o = f->o;
    if (o->scene.scene_path) {
        f->style = style_load(o->scene.scene_path, err);
    } else {
        char dir[2048];
        fm_str print_style = FM_STR_INIT;
        if (scene_data_dir(o->scene.program, dir, sizeof dir, err)) return -1;
        if (fm_str_printf(&print_style, "%s/styles/print.json", dir))
            return fm_error_set(err, "out of memory");
        f->style = style_load(print_style.s, err);
        fm_str_free(&print_style);
    }
    if (!f->style) return -1;
    if (!f->lang[0]) {
        /* The page's language: --lang, else the style's default. */
        const char *l = o->scene.lang;
        json_t *d = json_object_get(json_object_get(f->style->state, "lang"), "default");
        if (!l && json_is_string(d)) l = json_string_value(d);
        snprintf(f->lang, sizeof f->lang, "%s", l ? l : "en");
    }
    return 0;
}

/* Open the output (vector pages in points, PNG at the DPI), draw the page
** and commit it; nothing is left at the output on failure. */
static int figure_write(figure *f, fm_output_kind kind, fm_figure_report *rep, fm_error *err)
{
    const fm_figure_options *o = f->o;
    double dpi = o->dpi > 0 ? o->dpi : 200;
    int wpx, hpx;
    if (kind == FM_OUT_PNG) {
        wpx = (int)lround(f->page_w * dpi / 72);
        hpx = (int)lround(f->page_h * dpi / 72);
    } else {
        wpx = (int)ceil(f->page_w / PT_PER_PX);
        hpx = (int)ceil(f->page_h / PT_PER_PX);
    }
    fm_output out;
    if (output_open(&out, o->output, wpx, hpx, err)) return FM_FIGURE_FAILED;
    if (kind == FM_OUT_PDF) {
        cairo_pdf_surface_set_size(out.surface, f->page_w, f->page_h);
        cairo_pdf_surface_set_metadata(out.surface, CAIRO_PDF_METADATA_CREATOR,
                                       "frontmap " FRONTMAP_VERSION);
        const char *t = o->title ? o->title : f->focus ? f->focus->title : NULL;
        if (t) cairo_pdf_surface_set_metadata(out.surface, CAIRO_PDF_METADATA_TITLE, t);
    }
    /* From here on one unit is one point. */
    if (kind == FM_OUT_PNG) cairo_scale(out.cr, dpi / 72, dpi / 72);
    else cairo_scale(out.cr, 1 / PT_PER_PX, 1 / PT_PER_PX);
    figure_page pg;
    memset(&pg, 0, sizeof pg);
    pg.cr = out.cr;
    rep->page_w = f->page_w;
    rep->page_h = f->page_h;
    int rc = FM_FIGURE_FAILED;
    if (figure_draw(f, &pg, rep, err)) output_abort(&out);
    else if (output_commit(&out, pg.texts, pg.n, err) == 0) rc = 0;
    figure_page_free(&pg);
    return rc;
}

int figure_make(const fm_figure_options *o, fm_figure_report *rep, fm_error *err)
{
    figure f;
    memset(&f, 0, sizeof f);
    f.o = o;
    fm_figure_report dummy;
    if (!rep) rep = &dummy;
    memset(rep, 0, sizeof *rep);
    fm_output_kind kind;
    if (figure_options_check(o, err) ||
        figure_page_size(o->page ? o->page : "A4", o->landscape, &f.page_w, &f.page_h, err) ||
        output_kind_for(o->output, &kind, err) ||
        (o->names && scene_parse_names(o->names, o->scene.lang, f.lang, f.lang2, err))) {
        if (err) err->kind = FM_ERR_USAGE;
        return FM_FIGURE_BAD_ARGS;
    }
    int rc = figure_style_load(&f, err) ? FM_FIGURE_FAILED : figure_choose(&f, err);
    if (rc == 0) rc = figure_write(&f, kind, rep, err);
    callouts_free(f.callouts);
    seeds_free(f.seeds);
    timeline_free(f.tl);
    style_free(f.style);
    return rc;
}
