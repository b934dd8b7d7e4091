/* furniture.c -- see furniture.h. */
#include "print/furniture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_rgb(cairo_t *cr, fm_color c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* Frame units -> longitude/latitude through the scene's projection. */
static int frame_to_lonlat(const fm_scene *s, fm_transform *t, double px, double py, double *lon,
                           double *lat)
{
    double x = s->view.minx + px / s->view.scale;
    double y = s->view.maxy - py / s->view.scale;
    if (transform_points_inverse(t, &x, &y, 1)) return -1;
    *lon = x;
    *lat = y;
    return 0;
}

static int lonlat_to_frame(const fm_scene *s, fm_transform *t, double lon, double lat, double *px,
                           double *py)
{
    double x = lon, y = lat;
    if (transform_points(t, &x, &y, 1)) return -1;
    *px = view_px_x(&s->view, x);
    *py = view_px_y(&s->view, y);
    return 0;
}

/* ---- scale bar ---------------------------------------------------------- */

int scale_bar_compute(const fm_scene *s, double max_length, fm_scale_bar *out, fm_error *err)
{
    fm_transform *t = projection_transform_from(s->proj, NULL, err);
    if (!t) return -1;
    /* Measure a short east-west span through the centre on the ellipsoid:
    ** the map's scale varies across a conic projection, and the bar is
    ** promised true at the centre. */
    double w = s->view.width, h = s->view.height, d = w / 20;
    double lon1, lat1, lon2, lat2;
    int bad = frame_to_lonlat(s, t, w / 2 - d, h / 2, &lon1, &lat1) ||
              frame_to_lonlat(s, t, w / 2 + d, h / 2, &lon2, &lat2);
    transform_free(t);
    if (bad)
        return fm_error_set(err, "the map centre cannot be projected back to longitude/latitude");
    double mpu = geodesic_distance(lon1, lat1, lon2, lat2) / (2 * d);
    if (!(mpu > 0)) return fm_error_set(err, "cannot measure the map scale at its centre");
    double max_km = max_length * mpu / 1000, km = 0;
    for (double p = 1e-3; p <= 1e5; p *= 10)
        for (int k = 0; k < 3; k++) {
            static const double steps[3] = { 1, 2, 5 };
            if (steps[k] * p <= max_km) km = steps[k] * p;
        }
    if (km <= 0) return fm_error_set(err, "the frame is too small for a scale bar");
    out->km = km;
    out->metres_per_unit = mpu;
    out->length = km * 1000 / mpu;
    /* Four blocks when a quarter of the distance is still a round number
    ** (20 -> 5), two otherwise (2 -> 1, 50 -> 25 is not written). */
    double q = km / 4;
    out->segments = fabs(q - round(q)) < 1e-9 && q >= 1 ? 4 : 2;
    return 0;
}

static void format_km(double v, char *buf, size_t size)
{
    if (fabs(v - round(v)) < 1e-9) snprintf(buf, size, "%.0f", v);
    else snprintf(buf, size, "%g", v);
}

int scale_bar_draw(cairo_t *cr, const fm_scale_bar *sb, double x, double y, double font_size,
                   const char *unit, fm_box *box, fm_error *err)
{
    fm_text_style ts = { FM_FONT_REGULAR,
                         font_size,
                         { 0.15, 0.15, 0.15, 1 },
                         { 1, 1, 1, 0.9 },
                         font_size * 0.12,
                         0,
                         0 };
    double bar_h = font_size * 0.45, gap = font_size * 0.25;
    /* Labels at 0, the middle and the end, the last with the unit. */
    const double at[3] = { 0, 0.5, 1 };
    fm_text *texts[3] = { NULL, NULL, NULL };
    double tw[3], th = 0, right;
    for (int i = 0; i < 3; i++) {
        char num[32], label[64];
        format_km(sb->km * at[i], num, sizeof num);
        if (i == 2) snprintf(label, sizeof label, "%s %s", num, unit);
        else snprintf(label, sizeof label, "%s", num);
        texts[i] = text_new(cr, label, &ts, err);
        if (!texts[i]) {
            for (int k = 0; k < i; k++) text_free(texts[k]);
            return -1;
        }
        double hh;
        text_size(texts[i], &tw[i], &hh);
        th = fmax(th, hh);
    }
    double unit_w = 0;
    {
        /* The unit hangs past the end of the bar: its number stays centred
        ** on the last tick. */
        char num[32];
        format_km(sb->km, num, sizeof num);
        fm_text *n = text_new(cr, num, &ts, err);
        if (!n) {
            for (int k = 0; k < 3; k++) text_free(texts[k]);
            return -1;
        }
        double nw, nh;
        text_size(n, &nw, &nh);
        text_free(n);
        unit_w = tw[2] - nw;
        right = x + sb->length + tw[2] / 2 + unit_w / 2;
    }
    double pad = font_size * 0.4;
    fm_box b = { x - tw[0] / 2 - pad, y - bar_h - gap - th - pad, right + pad, y + pad };
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.82);
    cairo_fill(cr);
    double seg = sb->length / sb->segments;
    for (int i = 0; i < sb->segments; i++) {
        cairo_rectangle(cr, x + i * seg, y - bar_h, seg, bar_h);
        if (i % 2 == 0) cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        else cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
    }
    cairo_rectangle(cr, x, y - bar_h, sb->length, bar_h);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, font_size * 0.06);
    cairo_stroke(cr);
    for (int i = 0; i < 3; i++) {
        double cx = x + at[i] * sb->length;
        double lx = cx - (i == 2 ? (tw[2] - unit_w) / 2 : tw[i] / 2);
        text_draw(cr, texts[i], lx, y - bar_h - gap - th);
        text_free(texts[i]);
    }
    cairo_restore(cr);
    if (box) *box = b;
    return 0;
}

/* ---- north arrow --------------------------------------------------------- */

double north_angle(const fm_scene *s, fm_error *err)
{
    fm_transform *t = projection_transform_from(s->proj, NULL, err);
    if (!t) return 0;
    double lon, lat, x1, y1, x2, y2, a = 0;
    double w = s->view.width, h = s->view.height;
    /* Step north along the centre's meridian and see which way the frame
    ** moves: in a conic projection away from the central meridian the
    ** meridians lean. */
    if (frame_to_lonlat(s, t, w / 2, h / 2, &lon, &lat) == 0 &&
        lonlat_to_frame(s, t, lon, lat, &x1, &y1) == 0 &&
        lonlat_to_frame(s, t, lon, lat + 0.05, &x2, &y2) == 0)
        a = atan2(x2 - x1, -(y2 - y1));
    transform_free(t);
    return a;
}

int north_arrow_draw(cairo_t *cr, double cx, double cy, double height, double angle, fm_error *err)
{
    double w = height * 0.36;
    fm_text_style ts = {
        FM_FONT_BOLD, height * 0.36, { 0.12, 0.12, 0.12, 1 }, { 1, 1, 1, 0.9 }, height * 0.04, 0, 0
    };
    fm_text *n = text_new(cr, "N", &ts, err);
    if (!n) return -1;
    double tw, th;
    text_size(n, &tw, &th);
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, angle);
    /* Half dark, half light: readable on any background. */
    double top = -height / 2 + th * 0.9, bottom = height / 2, notch = height * 0.28;
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_set_line_width(cr, height * 0.025);
    cairo_new_path(cr);
    cairo_move_to(cr, 0, top);
    cairo_line_to(cr, -w / 2, bottom);
    cairo_line_to(cr, 0, bottom - notch);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, 0, top);
    cairo_line_to(cr, w / 2, bottom);
    cairo_line_to(cr, 0, bottom - notch);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_stroke(cr);
    text_draw(cr, n, -tw / 2, top - th * 1.02);
    cairo_restore(cr);
    text_free(n);
    return 0;
}

/* ---- graticule ------------------------------------------------------------- */

static void format_degrees(double v, int is_lon, char *buf, size_t size)
{
    const char *hemi = is_lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N");
    double a = fabs(v);
    int deg = (int)floor(a + 1e-9);
    int min = (int)round((a - deg) * 60);
    if (min == 60) {
        deg++;
        min = 0;
    }
    if (min) snprintf(buf, size, "%d°%02d′%s", deg, min, hemi);
    else snprintf(buf, size, "%d°%s", deg, hemi);
}

/* A degree label just outside the frame edge `side` at frame position p
** (x for top/bottom, y for left/right), with its tick. */
static int tick_label(cairo_t *cr, const fm_scene *s, int side, double p, const char *text,
                      const fm_text_style *ts, fm_color color, double width)
{
    double W = s->view.width, H = s->view.height, tick = ts->size * 0.45;
    fm_text *t = text_new(cr, text, ts, NULL);
    if (!t) return -1;
    double tw, th;
    text_size(t, &tw, &th);
    cairo_save(cr);
    set_rgb(cr, color);
    cairo_set_line_width(cr, width * 1.5);
    cairo_new_path(cr);
    switch (side) {
    case FM_SIDE_TOP:
        cairo_move_to(cr, p, 0);
        cairo_line_to(cr, p, -tick);
        cairo_stroke(cr);
        text_draw(cr, t, p - tw / 2, -tick - th);
        break;
    case FM_SIDE_BOTTOM:
        cairo_move_to(cr, p, H);
        cairo_line_to(cr, p, H + tick);
        cairo_stroke(cr);
        text_draw(cr, t, p - tw / 2, H + tick);
        break;
    case FM_SIDE_LEFT:
        /* Rotated, reading upwards: the margin needs only a line's height. */
        cairo_move_to(cr, 0, p);
        cairo_line_to(cr, -tick, p);
        cairo_stroke(cr);
        cairo_translate(cr, -tick, p);
        cairo_rotate(cr, -FM_PI / 2);
        text_draw(cr, t, -tw / 2, -th);
        break;
    case FM_SIDE_RIGHT:
        cairo_move_to(cr, W, p);
        cairo_line_to(cr, W + tick, p);
        cairo_stroke(cr);
        cairo_translate(cr, W + tick, p);
        cairo_rotate(cr, FM_PI / 2);
        text_draw(cr, t, -tw / 2, -th);
        break;
    }
    cairo_restore(cr);
    text_free(t);
    return 0;
}

int graticule_draw(cairo_t *cr, const fm_scene *s, double step, int sides, double font_size,
                   fm_error *err)
{
    json_t *g = json_object_get(style_meta(s->style, "furniture"), "graticule");
    fm_color color = { 0.45, 0.5, 0.55, 1 };
    double width = 0.3;
    if (json_is_string(json_object_get(g, "color")))
        fm_color_parse(json_string_value(json_object_get(g, "color")), &color, NULL);
    if (json_is_number(json_object_get(g, "width")))
        width = json_number_value(json_object_get(g, "width"));

    fm_transform *t = projection_transform_from(s->proj, NULL, err);
    if (!t) return -1;
    double W = s->view.width, H = s->view.height;
    /* The lon/lat range the frame covers: walk its edges. */
    double minlon = 1e9, maxlon = -1e9, minlat = 1e9, maxlat = -1e9;
    for (int i = 0; i <= 40; i++) {
        double f = i / 40.0, pts[4][2] = { { f * W, 0 }, { f * W, H }, { 0, f * H }, { W, f * H } };
        for (int k = 0; k < 4; k++) {
            double lon, lat;
            if (frame_to_lonlat(s, t, pts[k][0], pts[k][1], &lon, &lat)) continue;
            minlon = fmin(minlon, lon);
            maxlon = fmax(maxlon, lon);
            minlat = fmin(minlat, lat);
            maxlat = fmax(maxlat, lat);
        }
    }
    if (minlon > maxlon) {
        transform_free(t);
        return fm_error_set(err, "the frame cannot be projected back to degrees");
    }
    if (step <= 0) {
        static const double steps[] = { 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30 };
        double span = fmax(maxlon - minlon, maxlat - minlat);
        step = 30;
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
            if (span / steps[i] <= 6) {
                step = steps[i];
                break;
            }
    }
    fm_text_style ts = {
        style_font(s->style, FM_FONT_ROLE_REGULAR), font_size, color, { 1, 1, 1, 0 }, 0, 0, 0
    };
    ts.color.r *= 0.6;
    ts.color.g *= 0.6;
    ts.color.b *= 0.6;
    enum { N = 64 };
    int rc = 0;
    for (int is_lon = 1; is_lon >= 0 && rc == 0; is_lon--) {
        double lo = is_lon ? minlon : minlat, hi = is_lon ? maxlon : maxlat;
        double olo = is_lon ? minlat : minlon, ohi = is_lon ? maxlat : maxlon;
        for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 && rc == 0; v += step) {
            double px[N + 1], py[N + 1];
            int ok[N + 1];
            for (int i = 0; i <= N; i++) {
                double o = olo + (ohi - olo) * i / N;
                ok[i] = lonlat_to_frame(s, t, is_lon ? v : o, is_lon ? o : v, &px[i], &py[i]) == 0;
            }
            cairo_save(cr);
            cairo_rectangle(cr, 0, 0, W, H);
            cairo_clip(cr);
            cairo_new_path(cr);
            for (int i = 0; i <= N; i++) {
                if (!ok[i]) continue;
                if (i == 0 || !ok[i - 1]) cairo_move_to(cr, px[i], py[i]);
                else cairo_line_to(cr, px[i], py[i]);
            }
            set_rgb(cr, color);
            cairo_set_line_width(cr, width);
            cairo_stroke(cr);
            cairo_restore(cr);
            char label[32];
            format_degrees(v, is_lon, label, sizeof label);
            /* Where the line crosses the frame's edges: meridians label the
            ** top and bottom, parallels the left and right. */
            for (int i = 0; i < N && rc == 0; i++) {
                if (!ok[i] || !ok[i + 1]) continue;
                for (int e = 0; e < 2; e++) {
                    int side = is_lon ? (e ? FM_SIDE_BOTTOM : FM_SIDE_TOP)
                                      : (e ? FM_SIDE_RIGHT : FM_SIDE_LEFT);
                    if (!(sides & side)) continue;
                    double edge = is_lon ? (e ? H : 0) : (e ? W : 0);
                    double a0 = is_lon ? py[i] : px[i], a1 = is_lon ? py[i + 1] : px[i + 1];
                    double b0 = is_lon ? px[i] : py[i], b1 = is_lon ? px[i + 1] : py[i + 1];
                    if ((a0 - edge) * (a1 - edge) > 0 || a0 == a1) continue;
                    double p = b0 + (edge - a0) / (a1 - a0) * (b1 - b0);
                    double limit = is_lon ? W : H;
                    /* Keep labels off the corners, where they would meet
                    ** their neighbours on the other edge. */
                    if (p < font_size * 2 || p > limit - font_size * 2) continue;
                    if (tick_label(cr, s, side, p, label, &ts, color, width))
                        rc = fm_error_set(err, "graticule label \"%s\": no font has its glyphs",
                                          label);
                }
            }
        }
    }
    transform_free(t);
    return rc;
}

/* ---- locator inset ---------------------------------------------------------- */

struct fm_inset {
    fm_projection *proj;
    fm_geos *gc;
    fm_layer *layer;
    fm_view view;
    double width, height;
    char highlight[16][8];
    int nhighlight;
};

void inset_free(fm_inset *in)
{
    if (!in) return;
    if (in->layer) layer_free(in->layer, in->gc);
    geom_context_free(in->gc);
    projection_free(in->proj);
    free(in);
}

fm_inset *inset_new(const fm_scene *s, double width, double height, fm_error *err)
{
    json_t *cfg = json_object_get(style_meta(s->style, "furniture"), "inset");
    if (!json_is_object(cfg)) {
        fm_error_set(err, "no inset in the style");
        return NULL;
    }
    json_t *src_id = json_object_get(cfg, "source"), *bbox = json_object_get(cfg, "bbox");
    const fm_style_source *src =
        json_is_string(src_id) ? style_source(s->style, json_string_value(src_id)) : NULL;
    double b[4];
    if (!src || !json_is_array(bbox) || json_array_size(bbox) != 4) {
        fm_error_set(err,
                     "%s: metadata.frontmap:furniture.inset needs \"source\" (a source "
                     "id) and \"bbox\" [minlon, minlat, maxlon, maxlat]",
                     s->style->path);
        return NULL;
    }
    for (int i = 0; i < 4; i++) b[i] = json_number_value(json_array_get(bbox, i));
    fm_inset *in = calloc(1, sizeof *in);
    if (!in) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    in->width = width;
    in->height = height;
    json_t *hl = json_object_get(cfg, "highlight");
    for (size_t i = 0; json_is_array(hl) && i < json_array_size(hl) && in->nhighlight < 16; i++)
        if (json_is_string(json_array_get(hl, i)))
            snprintf(in->highlight[in->nhighlight++], 8, "%s",
                     json_string_value(json_array_get(hl, i)));
    /* Its own projection object: the scene's must stay untouched (PROJ
    ** contexts are per object), the CRS is the same so the frame outline
    ** is a straight copy of the frame. */
    in->proj = projection_new(projection_crs(s->proj), err);
    in->gc = geom_context_new();
    if (!in->proj || !in->gc) {
        if (in->proj && !in->gc) fm_error_set(err, "out of memory");
        inset_free(in);
        return NULL;
    }
    fm_transform *t = projection_transform_from(in->proj, NULL, err);
    if (!t) {
        inset_free(in);
        return NULL;
    }
    int rc = view_fit(&in->view, t, b, (int)ceil(width), (int)ceil(height), err);
    transform_free(t);
    if (rc) {
        inset_free(in);
        return NULL;
    }
    in->layer = layer_load(src, in->proj, &in->view, in->gc, err);
    if (!in->layer) {
        fm_error_prefix(err, "inset source \"%s\"", src->id);
        inset_free(in);
        return NULL;
    }
    return in;
}

static int inset_highlighted(const fm_inset *in, const fm_feature *f, int field)
{
    if (field < 0 || f->values[field].type != FM_VAL_STRING) return 0;
    for (int i = 0; i < in->nhighlight; i++)
        if (strcmp(f->values[field].string, in->highlight[i]) == 0) return 1;
    return 0;
}

int inset_draw(cairo_t *cr, const fm_inset *in, const fm_scene *main_scene, double x, double y,
               const char *lang, fm_error *err)
{
    const fm_view *v = &in->view;
    int iso = layer_field_index(in->layer, "iso_a3");
    char name_field[16];
    snprintf(name_field, sizeof name_field, "name_%s", lang);
    int name = layer_field_index(in->layer, name_field);
    if (name < 0) name = layer_field_index(in->layer, "name_en");
    if (name < 0) name = layer_field_index(in->layer, "name");
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_new_path(cr);
    cairo_rectangle(cr, 0, 0, in->width, in->height);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.84, 0.9, 0.94); /* sea */
    cairo_paint(cr);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < in->layer->nfeatures; i++) {
            const fm_feature *f = &in->layer->features[i];
            if (f->kind != FM_GEOM_POLYGON) continue;
            const double *xy = f->path.xy;
            cairo_new_path(cr);
            for (int p = 0; p < f->path.nparts; p++) {
                for (int k = 0; k < f->path.counts[p]; k++) {
                    double px = view_px_x(v, xy[2 * k]), py = view_px_y(v, xy[2 * k + 1]);
                    if (k == 0) cairo_move_to(cr, px, py);
                    else cairo_line_to(cr, px, py);
                }
                cairo_close_path(cr);
                xy += 2 * f->path.counts[p];
            }
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
            if (pass == 0) {
                if (inset_highlighted(in, f, iso)) cairo_set_source_rgb(cr, 0.93, 0.88, 0.8);
                else cairo_set_source_rgb(cr, 0.97, 0.96, 0.94);
                cairo_fill(cr);
            } else {
                cairo_set_source_rgb(cr, 0.45, 0.42, 0.38);
                cairo_set_line_width(cr, 0.35);
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
                cairo_stroke(cr);
            }
        }
    }
    /* The main frame, traced through its edges (the same CRS, so map
    ** coordinates carry over unchanged). */
    const fm_view *mv = &main_scene->view;
    double fx0 = view_px_x(v, mv->minx), fx1 = view_px_x(v, mv->maxx);
    double fy0 = view_px_y(v, mv->maxy), fy1 = view_px_y(v, mv->miny);
    fm_placer *placer = placer_new(in->width, in->height);
    if (!placer) {
        cairo_restore(cr);
        return fm_error_set(err, "out of memory");
    }
    fm_box frame_box = { fx0 - 1, fy0 - 1, fx1 + 1, fy1 + 1 };
    placer_add(placer, frame_box);
    /* Country names where they fit, biggest countries first is not
    ** needed: there are few, and those that collide are dropped. */
    int rc = 0;
    for (int i = 0; i < in->layer->nfeatures && name >= 0 && rc == 0; i++) {
        const fm_feature *f = &in->layer->features[i];
        if (f->values[name].type != FM_VAL_STRING || !isfinite(f->label_x)) continue;
        int hl = inset_highlighted(in, f, iso);
        fm_text_style ts = { style_font(main_scene->style,
                                        hl ? FM_FONT_ROLE_BOLD : FM_FONT_ROLE_REGULAR),
                             5.2,
                             { 0.35, 0.32, 0.28, 1 },
                             { 1, 1, 1, 0.8 },
                             0.6,
                             0.03,
                             0 };
        fm_text *t = text_new(cr, f->values[name].string, &ts, err);
        if (!t) {
            rc = -1;
            break;
        }
        double tw, th, cx = view_px_x(v, f->label_x), cy = view_px_y(v, f->label_y);
        text_size(t, &tw, &th);
        fm_box b = { cx - tw / 2, cy - th / 2, cx + tw / 2, cy + th / 2 };
        if (placer_fits(placer, b)) {
            placer_add(placer, b);
            text_draw(cr, t, b.x0, b.y0);
        }
        text_free(t);
    }
    placer_free(placer);
    cairo_new_path(cr);
    cairo_rectangle(cr, fx0, fy0, fx1 - fx0, fy1 - fy0);
    cairo_set_source_rgba(cr, 0.75, 0.08, 0.05, 0.12);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.75, 0.08, 0.05);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    cairo_restore(cr);
    /* The inset's own border. */
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, in->width, in->height);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    cairo_restore(cr);
    return rc;
}
