/* figure_draw.c -- drawing the page that layout.c laid out: texts, map
** panels with their furniture and event markers, legend, event table and
** sources. The drawing order is the page's (it decides the files' bytes):
** title, subtitle, maps, legend, table, sources. See figure_internal.h. */
#include "print/figure_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/lang.h"
#include "map/legend.h"
#include "map/render.h"
#include "print/furniture.h"
#include "print/layout.h"

/* ---- text on the page ------------------------------------------------------ */

int figure_page_keep(figure_page *pg, const char *text, double x, double y, double size)
{
    fm_output_text *t = fm_grow(pg->texts, &pg->cap_texts, pg->n + 1, sizeof *t, NULL);
    if (!t) return -1;
    pg->texts = t;
    char **o = fm_grow(pg->owned, &pg->cap_owned, pg->n + 1, sizeof *o, NULL);
    if (!o) return -1;
    pg->owned = o;
    char *copy = strdup(text);
    if (!copy) return -1;
    /* output.c places the layer in its pixels. */
    pg->owned[pg->n] = copy;
    pg->texts[pg->n] = (fm_output_text){ copy, x / PT_PER_PX, y / PT_PER_PX, size / PT_PER_PX };
    pg->n++;
    return 0;
}

void figure_page_free(figure_page *pg)
{
    for (int i = 0; i < pg->n; i++) free(pg->owned[i]);
    free(pg->owned);
    free(pg->texts);
}

/* Every text the page shows goes through here: it is measured, drawn (not
** with draw 0) and kept for the SVG's searchable text layer. Wrapped in
** `width`; its height in *h. */
static int page_text(figure_page *pg, const char *text, const char *font, double size,
                     fm_color color, double x, double y, double width, int draw, double *h,
                     fm_error *err)
{
    fm_text_style ts = { font, size, color, { 1, 1, 1, 0 }, 0, 0, width / size };
    fm_text *t = text_new_left(pg->cr, text, &ts, err);
    if (!t) return -1;
    double tw, th;
    text_size(t, &tw, &th);
    if (draw) {
        text_draw(pg->cr, t, x, y);
        if (figure_page_keep(pg, text, x, y, size)) {
            text_free(t);
            return fm_error_set(err, "out of memory");
        }
    }
    text_free(t);
    if (h) *h = th;
    return 0;
}

static const fm_color ink = { 0.08, 0.08, 0.08, 1 }, grey = { 0.35, 0.35, 0.35, 1 };

/* ---- one map panel ----------------------------------------------------------- */

typedef struct panel {
    double x, y, w, h; /* the frame on the page, points */
    fm_day date;
    int sides;           /* graticule labels */
    int furniture;       /* inset, scale bar, north arrow here */
    const char *caption; /* above the frame, or NULL */
} panel;

/* The map, the frame's top-left at the cairo origin, in two passes, so
** the graticule lies over the land but under borders, front lines, dots
** and names, as in an atlas: the background and fills up to the first
** other layer, the grid, then the rest. */
static int panel_render(cairo_t *cr, const figure *f, const fm_scene *s, const panel *p,
                        fm_box *reserved, int nres, fm_render_result *res, fm_error *err)
{
    int split = 0;
    while (split < s->style->nlayers && (s->style->layers[split].type == FM_LAYER_BACKGROUND ||
                                         s->style->layers[split].type == FM_LAYER_FILL))
        split++;
    fm_render_options ro = { .date = p->date,
                             .reserved = reserved,
                             .nreserved = nres,
                             .lang2 = f->lang2[0] ? f->lang2 : NULL,
                             .drop_unlabelled_points = 1 };
    fm_render_result under;
    ro.layer_to = split;
    int bad = split > 0 && render_map(cr, s, &ro, &under, err);
    if (split == 0) memset(&under, 0, sizeof under);
    if (bad || graticule_draw(cr, s, 0, p->sides, 5.5, err)) {
        render_result_free(&under);
        return -1;
    }
    ro.layer_from = split;
    ro.layer_to = 0;
    bad = render_map(cr, s, &ro, res, err);
    /* The legend reads both passes' counts. */
    for (int i = 0; !bad && under.layer_features && i < s->style->nlayers; i++)
        res->layer_features[i] += under.layer_features[i];
    render_result_free(&under);
    return bad ? -1 : 0;
}

/* Inset, scale bar and north arrow, and the frame's outline. */
static int panel_furniture_draw(cairo_t *cr, const figure *f, const fm_scene *s, const panel *p,
                                const figure_furniture *fu, const fm_inset *inset,
                                const fm_scale_bar *sb, double angle, fm_error *err)
{
    if (p->furniture) {
        if (inset && inset_draw(cr, inset, s, fu->inset.x, fu->inset.y, f->lang, err)) return -1;
        if (scale_bar_draw(cr, sb, fu->scale_x, fu->scale_y, 6,
                           figure_word(s->style, "km", f->lang, "km"), NULL, err) ||
            north_arrow_draw(cr, fu->north_x, fu->north_y, fu->north_h, angle, err))
            return -1;
    }
    cairo_new_path(cr);
    cairo_rectangle(cr, 0, 0, fu->frame_w, fu->frame_h);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    return 0;
}

/* The date above a small multiple, clear of the top graticule labels. */
static int panel_caption_draw(figure_page *pg, const fm_scene *s, const panel *p, fm_error *err)
{
    double h, tw;
    fm_text_style ts = {
        style_font(s->style, FM_FONT_ROLE_BOLD), 9, { 0.1, 0.1, 0.1, 1 }, { 1, 1, 1, 0 }, 0, 0, 0
    };
    fm_text *t = text_new(pg->cr, p->caption, &ts, err);
    if (!t) return -1;
    text_size(t, &tw, &h);
    text_draw(pg->cr, t, p->x, p->y - h - 12);
    text_free(t);
    if (figure_page_keep(pg, p->caption, p->x, p->y - h - 12, 9))
        return fm_error_set(err, "out of memory");
    return 0;
}

static int draw_panel(figure_page *pg, const figure *f, const fm_scene *s, const panel *p,
                      fm_inset *inset, fm_render_result *res, fm_figure_report *rep, fm_error *err)
{
    cairo_t *cr = pg->cr;
    figure_furniture fu;
    figure_furniture_compute(s->view.width, s->view.height, &fu);
    fm_box reserved[1024];
    int nres = 0;
    fm_scale_bar sb;
    double angle = 0;
    if (p->furniture) {
        if (inset) reserved[nres++] = fu.inset_room;
        if (scale_bar_compute(s, fu.scale_max, &sb, err)) return -1;
        angle = north_angle(s, err);
        /* Scale bar bottom-left, north arrow above it: claimed before the
        ** labels are placed. */
        reserved[nres++] = figure_furniture_scale_room(&fu, sb.length);
        reserved[nres++] = fu.north_room;
        rep->scale_km = sb.km;
        rep->scale_length = sb.length;
    }
    if (f->callouts) {
        if (callouts_place(f->callouts, s, reserved, nres, err)) return -1;
        nres += callouts_boxes(f->callouts, reserved + nres, 1024 - nres);
    }
    cairo_save(cr);
    cairo_translate(cr, p->x, p->y);
    int bad = panel_render(cr, f, s, p, reserved, nres, res, err);
    for (int i = 0; !bad && i < res->nlabels; i++)
        if (figure_page_keep(pg, res->labels[i].text, p->x + res->labels[i].x,
                             p->y + res->labels[i].y, res->labels[i].size))
            bad = fm_error_set(err, "out of memory");
    if (!bad) rep->nlabels += res->nlabels;
    bad = bad || (f->callouts && callouts_draw(cr, f->callouts, err)) ||
          panel_furniture_draw(cr, f, s, p, &fu, inset, &sb, angle, err);
    cairo_restore(cr);
    if (bad) return -1;
    return p->caption ? panel_caption_draw(pg, s, p, err) : 0;
}

/* ---- the page ------------------------------------------------------------------ */

/* One page being drawn: its texts, what the layout measured, and the
** scene, inset, legend and map results it owns until figure_draw ends. */
typedef struct drawing {
    figure *f;
    figure_page *pg;
    const fm_style *st;
    fm_table_words tw;
    char title[1024], subtitle[1024];
    fm_str sources, sources_line;
    int *used_seeds; /* seeds the table cites; NULL without seeds */
    fm_scene *scene; /* loaded once the frames' size is known */
    fm_inset *inset;
    fm_legend *legend;
    fm_render_result results[FM_FIGURE_MAX_DATES];
    int nresults;
    figure_layout layout;
} drawing;

static void drawing_free(drawing *d)
{
    for (int i = 0; i < d->nresults; i++) render_result_free(&d->results[i]);
    legend_free(d->legend);
    inset_free(d->inset);
    scene_free(d->scene);
    free(d->used_seeds);
    fm_str_free(&d->sources);
    fm_str_free(&d->sources_line);
}

/* Title, subtitle (the dates and the event window) and the table's words. */
static void drawing_words(drawing *d)
{
    const figure *f = d->f;
    const fm_style *st = d->st;
    const char *lang = f->lang;
    char date[96];
    json_t *ft = json_object_get(style_meta(st, "furniture"), "title");
    const char *style_title =
        json_is_string(json_object_get(ft, lang))   ? json_string_value(json_object_get(ft, lang))
        : json_is_string(json_object_get(ft, "en")) ? json_string_value(json_object_get(ft, "en"))
        : st->name                                  ? st->name
                                                    : "frontmap";
    snprintf(d->title, sizeof d->title, "%s",
             f->o->title                 ? f->o->title
             : f->focus && f->nmaps == 1 ? f->focus->title
                                         : style_title);
    if (f->nmaps == 1) {
        fm_lang_format_date(f->dates[0], lang, date, sizeof date);
        snprintf(d->subtitle, sizeof d->subtitle, "%s %s",
                 figure_word(st, "control_on", lang, "Territorial control on"), date);
    } else {
        snprintf(d->subtitle, sizeof d->subtitle, "%s",
                 figure_word(st, "control_on_dates", lang, "Territorial control on"));
        for (int i = 0; i < f->nmaps; i++) {
            fm_lang_format_date(f->dates[i], lang, date, sizeof date);
            size_t len = strlen(d->subtitle);
            snprintf(d->subtitle + len, sizeof d->subtitle - len, "%s%s", i == 0 ? " " : " / ",
                     date);
        }
    }
    if (f->callouts) {
        char win[256];
        figure_format_window(f, win, sizeof win);
        size_t len = strlen(d->subtitle);
        snprintf(d->subtitle + len, sizeof d->subtitle - len, " · %s %s%s%s%s",
                 figure_word(st, "events_window", lang, "Events"), win, f->phase[0] ? " (" : "",
                 f->phase, f->phase[0] ? ")" : "");
    }
    d->tw = (fm_table_words){
        figure_word(st, "events", lang, "Events"),
        figure_word(st, "no_events", lang, "No events in this window."),
        figure_word(st, "off_map", lang, "off the map"),
        figure_word(st, "no_place", lang, "no single place"),
        figure_word(st, "more", lang, "more events"),
        figure_word(st, "circa", lang, "c."),
        { figure_word(st, "line", lang, "line"), figure_word(st, "lines", lang, "lines") },
    };
}

/* The sources line, naming the seeds that a table of max_rows rows (at
** `width`, `columns`, `size`) cites. */
static int drawing_sources(drawing *d, double width, int columns, double size, int max_rows,
                           fm_error *err)
{
    figure *f = d->f;
    if (f->callouts) {
        double th;
        if (d->used_seeds) memset(d->used_seeds, 0, sizeof *d->used_seeds * f->seeds->count);
        if (callouts_table(d->pg->cr, f->callouts, f->seeds, &d->tw, f->lang, 0, 0, width, columns,
                           size, max_rows, 0, &th, d->used_seeds, err))
            return -1;
    }
    fm_str_clear(&d->sources);
    fm_str_clear(&d->sources_line);
    if (figure_sources_text(f, d->used_seeds, &d->sources) ||
        fm_str_printf(&d->sources_line, "%s. %s", figure_word(d->st, "sources", f->lang, "Sources"),
                      fm_str_cstr(&d->sources)))
        return fm_error_set(err, "out of memory");
    return 0;
}

/* The scene in frames of frame_w x frame_h, and the inset when the style
** has one. Once: later calls keep the first. */
static int drawing_scene_load(drawing *d, int frame_w, int frame_h, fm_error *err)
{
    if (d->scene) return 0;
    fm_scene_options so = d->f->o->scene;
    so.scene_path = d->st->path;
    so.width = frame_w;
    so.height = frame_h;
    so.lang = d->f->lang;
    d->scene = scene_load(&so, err);
    if (!d->scene) return -1;
    if (json_object_get(style_meta(d->st, "furniture"), "inset")) {
        figure_furniture fu;
        figure_furniture_compute(so.width, so.height, &fu);
        d->inset = inset_new(d->scene, fu.inset.w, fu.inset.h, err);
        if (!d->inset) return -1;
    }
    return 0;
}

/* ---- what the layout measures --------------------------------------------------- */

static int measure_text(void *ctx, figure_text which, double width, double *h, fm_error *err)
{
    drawing *d = ctx;
    const char *lang = d->f->lang;
    fm_font_role bold = FM_FONT_ROLE_BOLD, regular = FM_FONT_ROLE_REGULAR;
    switch (which) {
    case FIGURE_TEXT_TITLE:
        return page_text(d->pg, d->title, style_font(d->st, bold), 15, ink, 0, 0, width, 0, h, err);
    case FIGURE_TEXT_SUBTITLE:
        return page_text(d->pg, d->subtitle, style_font(d->st, regular), 8.5, grey, 0, 0, width, 0,
                         h, err);
    case FIGURE_TEXT_SOURCES:
        /* The sources block's seeds are those the table cites: at first
        ** all its rows, in one column across the page. */
        if (drawing_sources(d, width, 1, 7, -1, err)) return -1;
        return page_text(d->pg, fm_str_cstr(&d->sources_line), style_font(d->st, regular), 6, grey,
                         0, 0, width, 0, h, err);
    case FIGURE_TEXT_LEGEND_HEAD:
        return page_text(d->pg, figure_word(d->st, "legend", lang, "Legend"),
                         style_font(d->st, bold), 8, ink, 0, 0, width, 0, h, err);
    case FIGURE_TEXT_TABLE_HEAD:
        return page_text(d->pg, d->tw.title, style_font(d->st, bold), 8, ink, 0, 0, width, 0, h,
                         err);
    }
    return fm_error_set(err, "figure: no text %d to measure", (int)which);
}

static int measure_table(void *ctx, double width, int columns, double size, int max_rows, double *h,
                         fm_error *err)
{
    drawing *d = ctx;
    return callouts_table(d->pg->cr, d->f->callouts, d->f->seeds, &d->tw, d->f->lang, 0, 0, width,
                          columns, size, max_rows, 0, h, NULL, err);
}

/* The longest legend the maps could give: every layer that has features on
** their dates, and the markers. */
static int measure_legend(void *ctx, int frame_w, int frame_h, double width, int columns, double *h,
                          fm_error *err)
{
    drawing *d = ctx;
    figure *f = d->f;
    if (drawing_scene_load(d, frame_w, frame_h, err)) return -1;
    int *all = calloc(d->scene->style->nlayers + 1, sizeof *all);
    const int *all_counts[FM_FIGURE_MAX_DATES];
    if (!all) return fm_error_set(err, "out of memory");
    for (int i = 0; i < d->scene->style->nlayers; i++) all[i] = 1;
    for (int i = 0; i < f->nmaps; i++) all_counts[i] = all;
    fm_legend *most = legend_new(d->scene, f->dates, all_counts, f->nmaps, f->lang, err);
    free(all);
    if (!most) return -1;
    fm_color white = { 1, 1, 1, 1 };
    int bad = (f->callouts && (legend_add_marker(most, "marker", f->callouts->fill, white, 1) ||
                               legend_add_marker(most, "highlight", white, white, 1))) ||
              legend_measure(d->pg->cr, most, width, columns, 7, h, err);
    legend_free(most);
    return bad ? -1 : 0;
}

/* ---- drawing what was laid out ------------------------------------------------- */

/* Every map panel, in reading order; their feature counts for the legend
** in counts[]. */
static int drawing_maps(drawing *d, fm_figure_report *rep, const int **counts, fm_error *err)
{
    const figure_layout *L = &d->layout;
    for (int i = 0; i < d->f->nmaps; i++) {
        panel p;
        memset(&p, 0, sizeof p);
        p.x = L->panels[i].x;
        p.y = L->panels[i].y;
        p.w = L->frame_w;
        p.h = L->frame_h;
        p.date = d->f->dates[i];
        p.furniture = i == 0;
        p.sides = L->panel_sides[i];
        char cap[96];
        if (!L->single) {
            fm_lang_format_date(p.date, d->f->lang, cap, sizeof cap);
            p.caption = cap;
        }
        d->nresults = i + 1;
        if (draw_panel(d->pg, d->f, d->scene, &p, d->inset, &d->results[i], rep, err)) return -1;
        counts[i] = d->results[i].layer_features;
    }
    rep->nmaps = d->f->nmaps;
    return 0;
}

/* The legend: what the maps drew, plus the markers. */
static int drawing_legend(drawing *d, const int **counts, fm_figure_report *rep, fm_error *err)
{
    const figure *f = d->f;
    const fm_callouts *c = f->callouts;
    const figure_layout *L = &d->layout;
    fm_color white = { 1, 1, 1, 1 };
    d->legend = legend_new(d->scene, f->dates, counts, f->nmaps, f->lang, err);
    if (!d->legend) return -1;
    if (c && c->count) {
        int any_marker = 0, focus_marker = 0;
        for (int i = 0; i < c->count; i++) {
            any_marker |= c->items[i].has_marker && !c->items[i].highlight;
            focus_marker |= c->items[i].has_marker && c->items[i].highlight;
        }
        if ((any_marker && legend_add_marker(d->legend,
                                             figure_word(d->st, "marker", f->lang,
                                                         "Event, numbered as in the table"),
                                             c->fill, white, c->radius)) ||
            (focus_marker &&
             legend_add_marker(d->legend,
                               figure_word(d->st, "highlight", f->lang, "The event of this figure"),
                               c->highlight_fill, white, c->radius * 1.3)))
            return fm_error_set(err, "out of memory");
    }
    rep->nlegend = legend_count(d->legend);
    double head_h;
    return page_text(d->pg, figure_word(d->st, "legend", f->lang, "Legend"),
                     style_font(d->st, FM_FONT_ROLE_BOLD), 8, ink, L->legend.x, L->legend.y,
                     L->legend.w, 1, &head_h, err) ||
                   legend_draw(d->pg->cr, d->legend, L->legend.x, L->legend.y + head_h + 4,
                               L->legend.w, L->legend_columns, 7, err)
               ? -1
               : 0;
}

/* The event table under its heading. */
static int drawing_table(drawing *d, fm_figure_report *rep, fm_error *err)
{
    figure *f = d->f;
    const figure_layout *L = &d->layout;
    double th, head_h;
    if (page_text(d->pg, d->tw.title, style_font(d->st, FM_FONT_ROLE_BOLD), 8, ink, L->table.x,
                  L->table.y, L->table.w, 1, &head_h, err) ||
        callouts_table(d->pg->cr, f->callouts, f->seeds, &d->tw, f->lang, L->table.x,
                       L->table.y + head_h + 4, L->table.w, L->table_columns, L->table_size,
                       L->table_max_rows, 1, &th, NULL, err))
        return -1;
    rep->nevents = f->callouts->count;
    return 0;
}

/* Measure, lay out, then draw in the page's order. */
static int drawing_run(drawing *d, fm_figure_report *rep, fm_error *err)
{
    figure *f = d->f;
    figure_layout *L = &d->layout;
    cairo_set_source_rgb(d->pg->cr, 1, 1, 1);
    cairo_paint(d->pg->cr);
    drawing_words(d);
    figure_spec spec = {
        f->page_w,
        f->page_h,
        f->o->landscape,
        f->nmaps,
        f->callouts != NULL,
        f->callouts ? f->callouts->count : 0,
        figure_bbox_aspect(d->st, &f->o->scene),
        { d, measure_text, measure_table, measure_legend },
    };
    if (figure_layout_compute(&spec, L, err) || drawing_scene_load(d, L->frame_w, L->frame_h, err))
        return -1;
    fm_font_role bold = FM_FONT_ROLE_BOLD, regular = FM_FONT_ROLE_REGULAR;
    if (page_text(d->pg, d->title, style_font(d->st, bold), 15, ink, L->title.x, L->title.y,
                  L->title.w, 1, NULL, err) ||
        page_text(d->pg, d->subtitle, style_font(d->st, regular), 8.5, grey, L->subtitle.x,
                  L->subtitle.y, L->subtitle.w, 1, NULL, err))
        return -1;
    if (f->callouts) {
        /* Rows the table has no room for get no marker on the map, and
        ** the sources block names only the seeds of the rows shown. */
        f->callouts->nshown = L->table_max_rows >= 0 ? L->table_max_rows : f->callouts->count;
        if (L->table_max_rows >= 0 && d->used_seeds &&
            drawing_sources(d, L->table.w, L->table_columns, L->table_size, L->table_max_rows, err))
            return -1;
    }
    const int *counts[FM_FIGURE_MAX_DATES];
    if (drawing_maps(d, rep, counts, err) || drawing_legend(d, counts, rep, err) ||
        (f->callouts && drawing_table(d, rep, err)))
        return -1;
    return page_text(d->pg, fm_str_cstr(&d->sources_line), style_font(d->st, regular), 6, grey,
                     L->sources.x, L->sources.y, L->sources.w, 1, NULL, err);
}

int figure_draw(figure *f, figure_page *pg, fm_figure_report *rep, fm_error *err)
{
    drawing *d = calloc(1, sizeof *d);
    if (!d) return fm_error_set(err, "out of memory");
    d->f = f;
    d->pg = pg;
    d->st = f->style;
    int rc = -1;
    if (f->seeds && !(d->used_seeds = calloc(f->seeds->count + 1, sizeof *d->used_seeds)))
        fm_error_set(err, "out of memory");
    else rc = drawing_run(d, rep, err);
    drawing_free(d);
    free(d);
    return rc;
}
