/* figure.c -- see figure.h. */
#include "core/lang.h"
#include "print/figure.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "print/callout.h"
#include "record/citation.h"
#include "print/furniture.h"
#include "map/legend.h"
#include "map/output.h"
#include "map/render.h"
#include "record/timeline.h"

#define PT_PER_PX 0.75          /* output.c's unit: 1 px = 1/96 in */

/* ---- pages ------------------------------------------------------------- */

static const struct { const char *name; double w, h; } pages[] = {
    { "A4", 595.276, 841.890 },         /* 210 x 297 mm */
    { "A3", 841.890, 1190.551 },        /* 297 x 420 mm */
    { "letter", 612, 792 },             /* 8.5 x 11 in */
};

int figure_page_size(const char *name, int landscape, double *w, double *h, fm_error *err)
{
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        if (strcasecmp(name, pages[i].name) == 0) {
            *w = landscape ? pages[i].h : pages[i].w;
            *h = landscape ? pages[i].w : pages[i].h;
            return 0;
        }
    fm_error_usage(err, "unknown page size \"%s\"; use A4, A3 or letter", name);
    return FM_FIGURE_BAD_ARGS;
}

/* ---- words --------------------------------------------------------------- */

/* A page word from "frontmap:furniture".text.KEY.LANG, else English. */
static const char *word(const fm_style *st, const char *key, const char *lang,
                        const char *fallback)
{
    json_t *t = json_object_get(json_object_get(style_meta(st, "furniture"), "text"), key);
    json_t *v = json_object_get(t, lang);
    if (!json_is_string(v)) v = json_object_get(t, "en");
    return json_is_string(v) ? json_string_value(v) : fallback;
}

/* ---- text on the page ------------------------------------------------------ */

/* Every text the page shows goes through here: it is measured, drawn, and
** kept for the SVG's searchable text layer. */
typedef struct page {
    cairo_t *cr;
    int n, cap;
    fm_output_text *texts;
    char **owned;
} page;

static int page_keep(page *pg, const char *text, double x, double y, double size)
{
    if (pg->n == pg->cap) {
        int cap = pg->cap ? pg->cap * 2 : 64;
        fm_output_text *t = realloc(pg->texts, sizeof *t * cap);
        if (!t) return -1;
        pg->texts = t;
        char **o = realloc(pg->owned, sizeof *o * cap);
        if (!o) return -1;
        pg->owned = o;
        pg->cap = cap;
    }
    char *copy = strdup(text);
    if (!copy) return -1;
    /* output.c places the layer in its pixels. */
    pg->owned[pg->n] = copy;
    pg->texts[pg->n] = (fm_output_text){ copy, x / PT_PER_PX, y / PT_PER_PX, size / PT_PER_PX };
    pg->n++;
    return 0;
}

static void page_free(page *pg)
{
    for (int i = 0; i < pg->n; i++) free(pg->owned[i]);
    free(pg->owned);
    free(pg->texts);
}

/* Draw (or only measure, with draw 0) wrapped text in `width`; returns its
** height in *h. */
static int page_text(page *pg, const char *text, const char *font, double size, fm_color color,
                     double x, double y, double width, int draw, double *h, fm_error *err)
{
    fm_text_style ts = { font, size, color, { 1, 1, 1, 0 }, 0, 0, width / size };
    fm_text *t = text_new_left(pg->cr, text, &ts, err);
    if (!t) return -1;
    double tw, th;
    text_size(t, &tw, &th);
    if (draw) {
        text_draw(pg->cr, t, x, y);
        if (page_keep(pg, text, x, y, size)) { text_free(t); return fm_error_set(err, "out of memory"); }
    }
    text_free(t);
    if (h) *h = th;
    return 0;
}

/* ---- what the figure shows ---------------------------------------------------- */

typedef struct figure {
    const fm_figure_options *o;
    fm_style *style;            /* for words and paths before the scene loads */
    fm_timeline *tl;
    fm_seeds *seeds;
    const fm_event *focus;
    char lang[16];
    char lang2[16];
    int nmaps;
    fm_day dates[FM_FIGURE_MAX_DATES];
    int has_window;
    fm_day from, to;            /* event window [from, to) */
    char phase[256];
    fm_callouts *callouts;
    double page_w, page_h;
} figure;

/* A path from "frontmap:events".KEY, resolved against the style's folder. */
static int events_path(const fm_style *st, const char *key, char *buf, size_t size)
{
    json_t *v = json_object_get(style_meta(st, "events"), key);
    if (!json_is_string(v)) return -1;
    style_path(st, json_string_value(v), buf, size);
    return 0;
}

static int parse_day(const char *text, const char *what, fm_day *out, fm_error *err)
{
    fm_date d;
    if (fm_date_parse(text, &d, err)) {
        fm_error_prefix(err, "%s", what);
        return FM_FIGURE_BAD_ARGS;
    }
    *out = d.first;
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
        if (!f->tl)
            return fm_error_set(err, "%s: --event needs a timeline; set metadata "
                                "\"frontmap:timeline\"", f->style->path), FM_FIGURE_FAILED;
        f->focus = timeline_find(f->tl, o->event_id);
        if (!f->focus) {
            const char *near[4];
            int n = timeline_suggest(f->tl, o->event_id, near, 4);
            char list[512] = "";
            for (int i = 0; i < n; i++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", near[i]);
            }
            fm_error_usage(err, "no event \"%s\" in %s%s%s; 'frontmap events' lists them all",
                         o->event_id, f->tl->path, n ? "; did you mean: " : "", list);
            return FM_FIGURE_BAD_ARGS;
        }
    }
    if (o->dates) {
        const char *p = o->dates;
        while (*p) {
            if (f->nmaps == FM_FIGURE_MAX_DATES) {
                fm_error_usage(err, "--dates: at most %d dates on one page", FM_FIGURE_MAX_DATES);
                return FM_FIGURE_BAD_ARGS;
            }
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            char one[64];
            snprintf(one, sizeof one, "%.*s", (int)n, p);
            int rc = parse_day(one, "--dates", &f->dates[f->nmaps], err);
            if (rc) return rc;
            f->nmaps++;
            p += n;
            if (comma) p++;
        }
        if (f->nmaps == 0) return fm_error_usage(err, "--dates needs at least one date"), FM_FIGURE_BAD_ARGS;
    } else if (o->date) {
        int rc = parse_day(o->date, "--date", &f->dates[0], err);
        if (rc) return rc;
        f->nmaps = 1;
    } else if (f->focus) {
        f->dates[0] = f->focus->date.first;
        f->nmaps = 1;
    } else {
        fm_error_usage(err, "figure needs --event ID, --date DATE or --dates D1,D2,...");
        return FM_FIGURE_BAD_ARGS;
    }

    /* The event window: given; else the focus event's campaign; else, for
    ** one date, the 30 days up to it (what the map calls recent). */
    json_t *ev = style_meta(f->style, "events");
    if (o->events_from || o->events_to) {
        f->from = FM_DAY_MIN;
        f->to = FM_DAY_MAX;
        int rc = 0;
        if (o->events_from) rc = parse_day(o->events_from, "--events-from", &f->from, err);
        if (!rc && o->events_to) rc = parse_day(o->events_to, "--events-to", &f->to, err);
        if (rc) return rc;
        if (f->to <= f->from) {
            fm_error_usage(err, "--events-to must be after --events-from");
            return FM_FIGURE_BAD_ARGS;
        }
        f->has_window = 1;
    } else if (f->focus) {
        json_t *d = json_object_get(ev, "campaign_days");
        int days = json_is_integer(d) ? (int)json_integer_value(d) : 30;
        char phases[4096];
        if (callout_campaign(f->focus, events_path(f->style, "phases", phases, sizeof phases) ? NULL : phases,
                             days, f->lang, &f->from, &f->to, f->phase, sizeof f->phase, err))
            return FM_FIGURE_FAILED;
        f->has_window = 1;
    } else if (f->nmaps == 1) {
        f->from = f->dates[0] - 30;
        f->to = f->dates[0] + 1;
        f->has_window = 1;
    }
    if (f->has_window && f->tl) {
        f->callouts = callouts_new(f->tl, f->from, f->to, json_object_get(ev, "campaign_kinds"),
                                   f->focus, json_object_get(ev, "marker"), err);
        if (!f->callouts) return FM_FIGURE_FAILED;
    }
    char seeds[4096];
    if (events_path(f->style, "seeds", seeds, sizeof seeds) == 0 &&
        !(f->seeds = seeds_load(seeds, err)))
        return FM_FIGURE_FAILED;
    return 0;
}

/* "Lambert conformal conic, standard parallels 39° and 41° N, central
** meridian 46.6° E" from a PROJ string; other CRSs as written. */
static void describe_crs(const char *crs, char *buf, size_t size)
{
    double lat1, lat2, lon0;
    const char *p1 = strstr(crs, "+lat_1="), *p2 = strstr(crs, "+lat_2="), *l0 = strstr(crs, "+lon_0=");
    if (strstr(crs, "+proj=lcc") && p1 && p2 && l0 &&
        sscanf(p1, "+lat_1=%lf", &lat1) == 1 && sscanf(p2, "+lat_2=%lf", &lat2) == 1 &&
        sscanf(l0, "+lon_0=%lf", &lon0) == 1)
        snprintf(buf, size, "Lambert conformal conic, standard parallels %g° and %g° N, "
                 "central meridian %g° E, WGS84", lat1, lat2, lon0);
    else
        snprintf(buf, size, "%s", crs);
}

static void append(char *buf, size_t size, const char *fmt, const char *a)
{
    size_t len = strlen(buf);
    if (len + 1 < size) snprintf(buf + len, size - len, fmt, a);
}

/* The sources block: the data's attributions, the seeds cited by the
** table in full, the timeline, and the projection. */
static void sources_text(const figure *f, const int *used_seeds, char *buf, size_t size)
{
    const fm_style *st = f->style;
    const char *lang = f->lang;
    buf[0] = 0;
    append(buf, size, "%s: ", word(st, "map_data", lang, "Map data"));
    int any = 0;
    for (int i = 0; i < st->nsources; i++) {
        const char *a = st->sources[i].attribution;
        if (!a || strstr(buf, a)) continue;
        int used = 0;
        for (int j = 0; j < st->nlayers && !used; j++)
            used = st->layers[j].source && strcmp(st->layers[j].source, st->sources[i].id) == 0;
        if (!used) continue;
        append(buf, size, any ? "; %s" : "%s", a);
        any = 1;
    }
    append(buf, size, "%s", ". ");
    if (f->callouts && f->callouts->count) {
        append(buf, size, "%s: frontmap timeline (timeline/events.csv)", word(st, "event_sources", lang, "Event sources"));
        int first = 1;
        for (int i = 0; f->seeds && used_seeds && i < f->seeds->count; i++) {
            if (!used_seeds[i]) continue;
            append(buf, size, first ? ", citing %s" : "; %s", f->seeds->items[i].title);
            first = 0;
        }
        append(buf, size, "%s", ". ");
    }
    char crs[512];
    const char *crs_text = NULL;
    json_t *view = style_meta(st, "view");
    if (json_is_string(json_object_get(view, "crs"))) crs_text = json_string_value(json_object_get(view, "crs"));
    if (f->o->scene.crs) crs_text = f->o->scene.crs;
    if (crs_text) {
        describe_crs(crs_text, crs, sizeof crs);
        append(buf, size, "%s: ", word(st, "projection", lang, "Projection"));
        append(buf, size, "%s. ", crs);
    }
    append(buf, size, "Made with frontmap %s.", FRONTMAP_VERSION);
}

/* Height over width of the area the view asks for, as projected; 0 when
** it cannot be told (the frame then keeps the page's proportions). */
static double bbox_aspect(const fm_style *st, const fm_scene_options *so)
{
    json_t *view = style_meta(st, "view");
    const char *crs = so->crs;
    if (!crs && json_is_string(json_object_get(view, "crs"))) crs = json_string_value(json_object_get(view, "crs"));
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

/* ---- one map panel ----------------------------------------------------------- */

/* The locator inset: big enough to read on a small multiple, never more
** than two fifths of the frame. */
static double inset_width(double frame_w)
{
    return fmin(fmin(fmax(frame_w * 0.27, 92), frame_w * 0.4), 150);
}

typedef struct panel {
    double x, y, w, h;          /* the frame on the page, points */
    fm_day date;
    int sides;                  /* graticule labels */
    int furniture;              /* inset, scale bar, north arrow here */
    const char *caption;        /* above the frame, or NULL */
} panel;

static int draw_panel(page *pg, const figure *f, const fm_scene *s, const panel *p,
                      fm_inset *inset, fm_render_result *res, fm_figure_report *rep,
                      fm_error *err)
{
    cairo_t *cr = pg->cr;
    double W = s->view.width, H = s->view.height, m = 6;
    fm_box reserved[1024];
    int nres = 0;
    double inset_w = inset_width(W), inset_h = inset_w * 0.72;
    double ix = W - inset_w - m, iy = m;
    fm_scale_bar sb;
    double angle = 0;
    if (p->furniture) {
        if (inset) reserved[nres++] = (fm_box){ ix - 2, iy - 2, ix + inset_w + 2, iy + inset_h + 2 };
        if (scale_bar_compute(s, W * 0.3, &sb, err)) return -1;
        angle = north_angle(s, err);
        /* Scale bar bottom-left, north arrow above it: claimed before the
        ** labels are placed. */
        reserved[nres++] = (fm_box){ m, H - m - 22, m + sb.length + 30, H };
        reserved[nres++] = (fm_box){ m, H - m - 58, m + 24, H - m - 22 };
        rep->scale_km = sb.km;
        rep->scale_length = sb.length;
    }
    if (f->callouts) {
        if (callouts_place(f->callouts, s, reserved, nres, err)) return -1;
        nres += callouts_boxes(f->callouts, reserved + nres, 1024 - nres);
    }
    cairo_save(cr);
    cairo_translate(cr, p->x, p->y);
    /* Two passes, so the graticule lies over the land but under borders,
    ** front lines, dots and names, as in an atlas: the background and
    ** fills up to the first other layer, the grid, then the rest. */
    int split = 0;
    while (split < s->style->nlayers && (s->style->layers[split].type == FM_LAYER_BACKGROUND ||
                                         s->style->layers[split].type == FM_LAYER_FILL))
        split++;
    fm_render_options ro = { .date = p->date, .reserved = reserved, .nreserved = nres,
                             .lang2 = f->lang2[0] ? f->lang2 : NULL, .drop_unlabelled_points = 1 };
    fm_render_result under;
    ro.layer_to = split;
    int bad = split > 0 && render_map(cr, s, &ro, &under, err);
    if (split == 0) memset(&under, 0, sizeof under);
    if (bad || graticule_draw(cr, s, 0, p->sides, 5.5, err)) {
        render_result_free(&under);
        cairo_restore(cr);
        return -1;
    }
    ro.layer_from = split;
    ro.layer_to = 0;
    bad = render_map(cr, s, &ro, res, err);
    /* The legend reads both passes' counts. */
    for (int i = 0; !bad && under.layer_features && i < s->style->nlayers; i++)
        res->layer_features[i] += under.layer_features[i];
    render_result_free(&under);
    if (bad) { cairo_restore(cr); return -1; }
    for (int i = 0; i < res->nlabels; i++)
        if (page_keep(pg, res->labels[i].text, p->x + res->labels[i].x, p->y + res->labels[i].y,
                      res->labels[i].size)) { cairo_restore(cr); return fm_error_set(err, "out of memory"); }
    rep->nlabels += res->nlabels;
    if (f->callouts && callouts_draw(cr, f->callouts, err)) { cairo_restore(cr); return -1; }
    if (p->furniture) {
        if (inset && inset_draw(cr, inset, s, ix, iy, f->lang, err)) { cairo_restore(cr); return -1; }
        if (scale_bar_draw(cr, &sb, m + 6, H - m - 4, 6, word(s->style, "km", f->lang, "km"), NULL, err) ||
            north_arrow_draw(cr, m + 12, H - m - 40, 30, angle, err)) {
            cairo_restore(cr);
            return -1;
        }
    }
    cairo_new_path(cr);
    cairo_rectangle(cr, 0, 0, W, H);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    cairo_restore(cr);
    if (p->caption) {
        double h;
        fm_text_style ts = { "Noto Sans Bold", 9, { 0.1, 0.1, 0.1, 1 }, { 1, 1, 1, 0 }, 0, 0, 0 };
        fm_text *t = text_new(cr, p->caption, &ts, err);
        if (!t) return -1;
        double tw;
        text_size(t, &tw, &h);
        /* Above the frame, clear of the top graticule labels. */
        text_draw(cr, t, p->x, p->y - h - 12);
        text_free(t);
        if (page_keep(pg, p->caption, p->x, p->y - h - 12, 9)) return fm_error_set(err, "out of memory");
    }
    return 0;
}

/* ---- the page ------------------------------------------------------------------ */

static void format_window(const figure *f, char *buf, size_t size)
{
    char a[96] = "…", b[96] = "…";
    /* An open end (only --events-from or --events-to) prints as "…". */
    if (f->from != FM_DAY_MIN) fm_lang_format_date(f->from, f->lang, a, sizeof a);
    if (f->to != FM_DAY_MAX) fm_lang_format_date(f->to - 1, f->lang, b, sizeof b);
    snprintf(buf, size, "%s – %s", a, b);
}

static int figure_draw(figure *f, page *pg, fm_figure_report *rep, fm_error *err);

int figure_make(const fm_figure_options *o, fm_figure_report *rep, fm_error *err)
{
    figure f;
    memset(&f, 0, sizeof f);
    f.o = o;
    fm_figure_report dummy;
    if (!rep) rep = &dummy;
    memset(rep, 0, sizeof *rep);
    int rc = figure_page_size(o->page ? o->page : "A4", o->landscape, &f.page_w, &f.page_h, err);
    if (rc) return rc;
    fm_output_kind kind;
    if (!o->output) return fm_error_usage(err, "figure needs -o OUT.pdf, .svg or .png"), FM_FIGURE_BAD_ARGS;
    if (output_kind_for(o->output, &kind, err)) return FM_FIGURE_BAD_ARGS;
    double dpi = o->dpi > 0 ? o->dpi : 200;
    if (o->dpi && (o->dpi < 36 || o->dpi > 1200))
        return fm_error_usage(err, "--dpi %g is out of range: 36 to 1200", o->dpi), FM_FIGURE_BAD_ARGS;
    if (o->names && scene_parse_names(o->names, o->scene.lang, f.lang, f.lang2, err))
        return FM_FIGURE_BAD_ARGS;

    char style_path[4096];
    if (o->scene.scene_path) {
        snprintf(style_path, sizeof style_path, "%s", o->scene.scene_path);
    } else {
        char dir[2048];
        if (scene_data_dir(o->scene.program, dir, sizeof dir, err)) return FM_FIGURE_FAILED;
        snprintf(style_path, sizeof style_path, "%s/styles/print.json", dir);
    }
    f.style = style_load(style_path, err);
    if (!f.style) return FM_FIGURE_FAILED;
    if (!f.lang[0]) {
        /* The page's language: --lang, else the style's default. */
        const char *l = o->scene.lang;
        json_t *d = json_object_get(json_object_get(f.style->state, "lang"), "default");
        if (!l && json_is_string(d)) l = json_string_value(d);
        snprintf(f.lang, sizeof f.lang, "%s", l ? l : "en");
    }
    rc = figure_choose(&f, err);
    if (rc) goto done;

    /* The output: vector pages in points, PNG at the DPI. */
    fm_output out;
    int wpx, hpx;
    if (kind == FM_OUT_PNG) {
        wpx = (int)lround(f.page_w * dpi / 72);
        hpx = (int)lround(f.page_h * dpi / 72);
    } else {
        wpx = (int)ceil(f.page_w / PT_PER_PX);
        hpx = (int)ceil(f.page_h / PT_PER_PX);
    }
    if (wpx > 20000 || hpx > 20000) {
        fm_error_usage(err, "--dpi %g makes a %dx%d image; use a lower DPI", dpi, wpx, hpx);
        rc = FM_FIGURE_BAD_ARGS;
        goto done;
    }
    rc = FM_FIGURE_FAILED;
    if (output_open(&out, o->output, wpx, hpx, err)) goto done;
    if (kind == FM_OUT_PDF) {
        cairo_pdf_surface_set_size(out.surface, f.page_w, f.page_h);
        cairo_pdf_surface_set_metadata(out.surface, CAIRO_PDF_METADATA_CREATOR, "frontmap " FRONTMAP_VERSION);
        const char *t = o->title ? o->title : f.focus ? f.focus->title : NULL;
        if (t) cairo_pdf_surface_set_metadata(out.surface, CAIRO_PDF_METADATA_TITLE, t);
    }
    /* From here on one unit is one point. */
    if (kind == FM_OUT_PNG) cairo_scale(out.cr, dpi / 72, dpi / 72);
    else cairo_scale(out.cr, 1 / PT_PER_PX, 1 / PT_PER_PX);
    page pg;
    memset(&pg, 0, sizeof pg);
    pg.cr = out.cr;
    rep->page_w = f.page_w;
    rep->page_h = f.page_h;
    if (figure_draw(&f, &pg, rep, err)) {
        output_abort(&out);
        page_free(&pg);
        goto done;
    }
    if (output_commit(&out, pg.texts, pg.n, err)) { page_free(&pg); goto done; }
    page_free(&pg);
    rc = 0;
done:
    callouts_free(f.callouts);
    seeds_free(f.seeds);
    timeline_free(f.tl);
    style_free(f.style);
    return rc;
}

/* Lay out and draw everything. The page's parts are measured first (title,
** sources), the maps take what is left above the legend and table band. */
static int figure_draw(figure *f, page *pg, fm_figure_report *rep, fm_error *err)
{
    cairo_t *cr = pg->cr;
    const fm_figure_options *o = f->o;
    const fm_style *st = f->style;
    const char *lang = f->lang;
    double W = f->page_w, H = f->page_h;
    double margin = fmin(W, H) * 0.06;
    double cx = margin, cw = W - 2 * margin;
    double y = margin;
    fm_color ink = { 0.08, 0.08, 0.08, 1 }, grey = { 0.35, 0.35, 0.35, 1 };
    int rc = -1;
    fm_scene *scene = NULL;
    fm_inset *inset = NULL;
    fm_legend *legend = NULL;
    fm_render_result results[FM_FIGURE_MAX_DATES];
    memset(results, 0, sizeof results);
    int nresults = 0;
    int *used_seeds = f->seeds ? calloc(f->seeds->count + 1, sizeof *used_seeds) : NULL;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* Title and subtitle. */
    char title[1024], subtitle[1024], date[96];
    json_t *ft = json_object_get(style_meta(st, "furniture"), "title");
    const char *style_title = json_is_string(json_object_get(ft, lang)) ? json_string_value(json_object_get(ft, lang))
                              : json_is_string(json_object_get(ft, "en")) ? json_string_value(json_object_get(ft, "en"))
                              : st->name ? st->name : "frontmap";
    snprintf(title, sizeof title, "%s", o->title ? o->title : f->focus && f->nmaps == 1 ? f->focus->title : style_title);
    subtitle[0] = 0;
    if (f->nmaps == 1) {
        fm_lang_format_date(f->dates[0], lang, date, sizeof date);
        snprintf(subtitle, sizeof subtitle, "%s %s", word(st, "control_on", lang, "Territorial control on"), date);
    } else {
        snprintf(subtitle, sizeof subtitle, "%s", word(st, "control_on_dates", lang, "Territorial control on"));
        for (int i = 0; i < f->nmaps; i++) {
            fm_lang_format_date(f->dates[i], lang, date, sizeof date);
            size_t len = strlen(subtitle);
            snprintf(subtitle + len, sizeof subtitle - len, "%s%s", i == 0 ? " " : " / ", date);
        }
    }
    if (f->callouts) {
        char win[256];
        format_window(f, win, sizeof win);
        size_t len = strlen(subtitle);
        snprintf(subtitle + len, sizeof subtitle - len, " · %s %s%s%s%s",
                 word(st, "events_window", lang, "Events"), win,
                 f->phase[0] ? " (" : "", f->phase, f->phase[0] ? ")" : "");
    }
    double h;
    if (page_text(pg, title, "Noto Sans Bold", 15, ink, cx, y, cw, 1, &h, err)) goto done;
    y += h + 2;
    if (page_text(pg, subtitle, "Noto Sans Regular", 8.5, grey, cx, y, cw, 1, &h, err)) goto done;
    y += h + 18;   /* room for the top graticule labels */

    /* The sources block at the foot of the page: its seeds are those the
    ** table cites, so measure the table first. */
    fm_table_words tw = {
        word(st, "events", lang, "Events"), word(st, "no_events", lang, "No events in this window."),
        word(st, "off_map", lang, "off the map"), word(st, "no_place", lang, "no single place"),
        word(st, "more", lang, "more events"), word(st, "circa", lang, "c."),
        { word(st, "line", lang, "line"), word(st, "lines", lang, "lines") },
    };
    if (f->callouts) {
        double th;
        if (callouts_table(cr, f->callouts, f->seeds, &tw, lang, 0, 0, cw, 1, 7, -1, 0, &th, used_seeds, err))
            goto done;
    }
    char sources[8192];
    sources_text(f, used_seeds, sources, sizeof sources);
    char sources_line[8400];
    snprintf(sources_line, sizeof sources_line, "%s. %s", word(st, "sources", lang, "Sources"), sources);
    double src_h;
    if (page_text(pg, sources_line, "Noto Sans Regular", 6, grey, cx, 0, cw, 0, &src_h, err)) goto done;
    double bottom = H - margin - src_h;

    /* Maps. Landscape single map: map left, legend and table right.
    ** Otherwise the maps on top, the legend and table in a band below. */
    int single = f->nmaps == 1, side = single && o->landscape;
    int cols = f->nmaps <= 1 ? 1 : f->nmaps <= 4 ? 2 : 3;
    int rows = (f->nmaps + cols - 1) / cols;
    /* Small multiples carry a date caption above each frame. */
    double cap_h = single ? 0 : 14, gutter = single ? 0 : 20;
    double band_min = single ? (side ? 0 : (bottom - y) * 0.3) : f->callouts ? (bottom - y) * 0.22 : 80;
    if (f->callouts && !side) {
        /* The band below the map must hold the table at a readable size:
        ** a long campaign takes room from the map, down to half the page. */
        double twd = single ? cw - cw * 0.34 - 18 : cw - cw * 0.5 - 18, th;
        if (callouts_table(cr, f->callouts, f->seeds, &tw, lang, 0, 0, twd, twd > 330 ? 2 : 1, 6.5,
                           -1, 0, &th, NULL, err))
            goto done;
        band_min = fmin(fmax(band_min, th + 40), (bottom - y) * 0.5);
    }
    double maps_w = side ? cw * 0.63 : cw;
    double maps_h = bottom - y - band_min - 14;
    if (!single) y += cap_h;
    double pw = (maps_w - 12 - gutter * (cols - 1)) / cols;
    double ph = (maps_h - cap_h - (rows - 1) * (gutter + cap_h + 10)) / rows;
    /* The frame takes the shape of the area asked for where the page
    ** allows: a frame much wider than the area only adds margins. */
    double aspect = bbox_aspect(st, &o->scene);
    if (aspect > 0) ph = fmin(ph, pw * aspect);
    /* Small multiples short of height narrow instead, centred: each panel
    ** shows the area asked for, not a strip of its neighbours. */
    double grid_x = 0;
    if (!single && aspect > 0 && ph < pw * aspect * 0.9) {
        double narrow = fmax(ph / aspect, pw * 0.6);
        grid_x = (pw - narrow) * cols / 2;
        pw = narrow;
    }
    fm_scene_options so = o->scene;
    so.scene_path = st->path;
    so.width = (int)floor(pw);
    so.height = (int)floor(ph);
    so.lang = lang;
    scene = scene_load(&so, err);
    if (!scene) goto done;
    json_t *insetcfg = json_object_get(style_meta(st, "furniture"), "inset");
    if (insetcfg) {
        double iw = inset_width(so.width);
        inset = inset_new(scene, iw, iw * 0.72, err);
        if (!inset) goto done;
    }
    double maps_bottom = y + rows * ph + (rows - 1) * (gutter + cap_h + 10) + 16;

    /* Legend and table: beside the map (landscape) or in the band below. */
    double lx, ly, lw, tx, ty = 0, twd, tbottom = bottom - 8;
    int lcols = 1;
    if (side) {
        lx = tx = cx + maps_w + 18;
        lw = twd = W - margin - lx;
        ly = y - 14;
    } else if (single) {
        lx = cx;
        lw = cw * 0.34;
        tx = cx + lw + 18;
        twd = cw - lw - 18;
        ly = ty = maps_bottom;
    } else {
        lx = cx;
        lw = cw;
        lcols = f->callouts ? 2 : 3;
        if (f->callouts) { lw = cw * 0.5; tx = cx + lw + 18; twd = cw - lw - 18; }
        else { tx = cx; twd = cw; }
        ly = ty = maps_bottom;
    }
    double head_h, lh;
    if (page_text(pg, word(st, "legend", lang, "Legend"), "Noto Sans Bold", 8, ink, lx, 0, lw, 0, &head_h, err))
        goto done;
    fm_color white = { 1, 1, 1, 1 };
    if (side) {
        /* Beside the map the table starts under the legend, and the table
        ** must be fitted before the map is drawn (its markers are only
        ** those the table lists): lay it out under the longest legend the
        ** maps could give, every layer that has features on their dates. */
        int *all = calloc(scene->style->nlayers + 1, sizeof *all);
        const int *all_counts[FM_FIGURE_MAX_DATES];
        if (!all) goto oom;
        for (int i = 0; i < scene->style->nlayers; i++) all[i] = 1;
        for (int i = 0; i < f->nmaps; i++) all_counts[i] = all;
        fm_legend *most = legend_new(scene, f->dates, all_counts, f->nmaps, lang, err);
        free(all);
        if (!most) goto done;
        int bad = (f->callouts && (legend_add_marker(most, "marker", f->callouts->fill, white, 1) ||
                                   legend_add_marker(most, "highlight", white, white, 1))) ||
                  legend_measure(cr, most, lw, lcols, 7, &lh, err);
        legend_free(most);
        if (bad) goto done;
        ty = ly + head_h + 4 + lh + 14;
    }
    double tsize = 7;
    int tcols = twd > 330 ? 2 : 1, max_rows = -1;
    double th_head = 0;
    if (f->callouts) {
        if (page_text(pg, tw.title, "Noto Sans Bold", 8, ink, tx, ty, twd, 0, &th_head, err)) goto done;
        /* Shrink the table's text to fit, down to 5.5 pt; past that, show
        ** as many rows as fit, say how many more there are, and leave the
        ** markers of those off the map. */
        double th = 0, avail = tbottom - ty - th_head - 4;
        for (;;) {
            if (callouts_table(cr, f->callouts, f->seeds, &tw, lang, tx, ty, twd, tcols, tsize, max_rows, 0, &th, NULL, err))
                goto done;
            if (th <= avail) break;
            if (tsize > 5.5) { tsize -= 0.25; continue; }
            if (max_rows < 0) max_rows = f->callouts->count;
            if (--max_rows <= 0) break;
        }
        f->callouts->nshown = max_rows >= 0 ? max_rows : f->callouts->count;
        if (max_rows >= 0 && used_seeds) {
            /* The sources block names only the seeds of the rows shown. */
            memset(used_seeds, 0, sizeof *used_seeds * f->seeds->count);
            if (callouts_table(cr, f->callouts, f->seeds, &tw, lang, 0, 0, twd, tcols, tsize, max_rows,
                               0, &th, used_seeds, err))
                goto done;
            sources_text(f, used_seeds, sources, sizeof sources);
            snprintf(sources_line, sizeof sources_line, "%s. %s", word(st, "sources", lang, "Sources"), sources);
        }
    }

    const int *counts[FM_FIGURE_MAX_DATES];
    for (int i = 0; i < f->nmaps; i++) {
        panel p;
        memset(&p, 0, sizeof p);
        int r = i / cols, c = i % cols;
        p.x = cx + 6 + grid_x + c * (pw + gutter);
        p.y = y + r * (ph + gutter + cap_h + 10);
        p.w = so.width;
        p.h = so.height;
        p.date = f->dates[i];
        p.furniture = i == 0;
        /* Degree labels on the page's outer edges only. */
        p.sides = (r == 0 ? FM_SIDE_TOP : 0) | (c == 0 ? FM_SIDE_LEFT : 0) |
                  (r == rows - 1 || i + cols >= f->nmaps ? FM_SIDE_BOTTOM : 0) |
                  (c == cols - 1 || i == f->nmaps - 1 ? FM_SIDE_RIGHT : 0);
        char cap[96];
        if (!single) {
            fm_lang_format_date(p.date, lang, cap, sizeof cap);
            p.caption = cap;
        }
        if (draw_panel(pg, f, scene, &p, inset, &results[i], rep, err)) { nresults = i + 1; goto done; }
        nresults = i + 1;
        counts[i] = results[i].layer_features;
    }
    rep->nmaps = f->nmaps;

    /* The legend: what the maps drew, plus the markers. */
    legend = legend_new(scene, f->dates, counts, f->nmaps, lang, err);
    if (!legend) goto done;
    if (f->callouts && f->callouts->count) {
        int any_marker = 0, focus_marker = 0;
        for (int i = 0; i < f->callouts->count; i++) {
            any_marker |= f->callouts->items[i].has_marker && !f->callouts->items[i].highlight;
            focus_marker |= f->callouts->items[i].has_marker && f->callouts->items[i].highlight;
        }
        if (any_marker && legend_add_marker(legend, word(st, "marker", lang, "Event, numbered as in the table"),
                                            f->callouts->fill, white, f->callouts->radius))
            goto oom;
        if (focus_marker && legend_add_marker(legend, word(st, "highlight", lang, "The event of this figure"),
                                          f->callouts->highlight_fill, white, f->callouts->radius * 1.3))
            goto oom;
    }
    rep->nlegend = legend_count(legend);
    if (page_text(pg, word(st, "legend", lang, "Legend"), "Noto Sans Bold", 8, ink, lx, ly, lw, 1, &head_h, err) ||
        legend_draw(cr, legend, lx, ly + head_h + 4, lw, lcols, 7, err))
        goto done;
    if (f->callouts) {
        double th;
        if (page_text(pg, tw.title, "Noto Sans Bold", 8, ink, tx, ty, twd, 1, &th_head, err) ||
            callouts_table(cr, f->callouts, f->seeds, &tw, lang, tx, ty + th_head + 4, twd, tcols, tsize,
                           max_rows, 1, &th, NULL, err))
            goto done;
        rep->nevents = f->callouts->count;
    }
    if (page_text(pg, sources_line, "Noto Sans Regular", 6, grey, cx, bottom, cw, 1, NULL, err)) goto done;
    rc = 0;
    goto done;
oom:
    fm_error_set(err, "out of memory");
done:
    for (int i = 0; i < nresults; i++) render_result_free(&results[i]);
    legend_free(legend);
    inset_free(inset);
    scene_free(scene);
    free(used_seeds);
    return rc;
}
