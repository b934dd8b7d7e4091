/* symbolize.c -- see symbolize.h. */
#include "map/symbolize.h"

#include <math.h>
#include <string.h>

static void set_source(cairo_t *cr, fm_color c, double opacity)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

/* Trace the feature's parts in pixels (`close` for polygon rings),
** shifted sideways by `offset` pixels (MapLibre line-offset: positive is to
** the right of the line's direction). With an offset each vertex moves
** along the mean of its two segments' normals, lengthened so the parallel
** segments stay `offset` apart at corners (capped at sharp turns). */
static void trace_path(cairo_t *cr, const fm_view *v, const fm_path *p, int close, double offset)
{
    const double *xy = p->xy;
    cairo_new_path(cr);
    for (int i = 0; i < p->nparts; i++) {
        int n = p->counts[i];
        for (int j = 0; j < n; j++) {
            double x = view_px_x(v, xy[2 * j]), y = view_px_y(v, xy[2 * j + 1]);
            if (offset != 0) {
                double nx = 0, ny = 0;
                int segments = 0;
                for (int side = -1; side <= 1; side += 2) {
                    int a = side < 0 ? j - 1 : j, b = side < 0 ? j : j + 1;
                    if (close && a < 0) a = n - 2;
                    if (close && b >= n) b = 1;
                    if (a < 0 || b >= n) continue;
                    double dx = view_px_x(v, xy[2 * b]) - view_px_x(v, xy[2 * a]);
                    double dy = view_px_y(v, xy[2 * b + 1]) - view_px_y(v, xy[2 * a + 1]);
                    double len = hypot(dx, dy);
                    if (len > 0) {
                        nx += -dy / len;
                        ny += dx / len;
                        segments++;
                    }
                }
                /* Two unit normals sum to m with |m| = 2 cos(turn/2); moving
                ** by 2 offset m / |m|^2 keeps both segments `offset` away. */
                double m2 = nx * nx + ny * ny;
                double scale = segments == 2   ? 2 * offset / (m2 > 0.5 ? m2 : 0.5)
                               : segments == 1 ? offset
                                               : 0;
                x += nx * scale;
                y += ny * scale;
            }
            if (j == 0) cairo_move_to(cr, x, y);
            else cairo_line_to(cr, x, y);
        }
        if (close) cairo_close_path(cr);
        xy += 2 * n;
    }
}

void symbolize_background(cairo_t *cr, const fm_style_layer *sl, fm_eval_ctx *ctx)
{
    set_source(cr, style_eval_color(sl, FM_P_BACKGROUND_COLOR, ctx),
               style_eval_number(sl, FM_P_BACKGROUND_OPACITY, ctx));
    cairo_paint(cr);
}

void symbolize_fill(cairo_t *cr, const fm_view *v, const fm_style_layer *sl, fm_eval_ctx *ctx,
                    fm_geom_kind kind, const fm_path *path, double opacity)
{
    if (kind != FM_GEOM_POLYGON) return;
    opacity *= style_eval_number(sl, FM_P_FILL_OPACITY, ctx);
    trace_path(cr, v, path, 1, 0);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    set_source(cr, style_eval_color(sl, FM_P_FILL_COLOR, ctx), opacity);
    if (style_prop_is_set(sl, FM_P_FILL_OUTLINE_COLOR)) {
        cairo_fill_preserve(cr);
        set_source(cr, style_eval_color(sl, FM_P_FILL_OUTLINE_COLOR, ctx), opacity);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

static cairo_line_cap_t line_cap(const char *s)
{
    if (s && strcmp(s, "round") == 0) return CAIRO_LINE_CAP_ROUND;
    if (s && strcmp(s, "square") == 0) return CAIRO_LINE_CAP_SQUARE;
    return CAIRO_LINE_CAP_BUTT;
}

static cairo_line_join_t line_join(const char *s)
{
    if (s && strcmp(s, "round") == 0) return CAIRO_LINE_JOIN_ROUND;
    if (s && strcmp(s, "bevel") == 0) return CAIRO_LINE_JOIN_BEVEL;
    return CAIRO_LINE_JOIN_MITER;
}

void symbolize_line(cairo_t *cr, const fm_view *v, const fm_style_layer *sl, fm_eval_ctx *ctx,
                    fm_geom_kind kind, const fm_path *path, double opacity)
{
    if (kind == FM_GEOM_POINT) return;
    double width = style_eval_number(sl, FM_P_LINE_WIDTH, ctx);
    if (width <= 0) return;
    trace_path(cr, v, path, kind == FM_GEOM_POLYGON, style_eval_number(sl, FM_P_LINE_OFFSET, ctx));
    set_source(cr, style_eval_color(sl, FM_P_LINE_COLOR, ctx),
               style_eval_number(sl, FM_P_LINE_OPACITY, ctx) * opacity);
    cairo_set_line_width(cr, width);
    fm_value cap = style_eval(sl, FM_P_LINE_CAP, ctx);
    fm_value join = style_eval(sl, FM_P_LINE_JOIN, ctx);
    cairo_set_line_cap(cr, line_cap(cap.string));
    cairo_set_line_join(cr, line_join(join.string));
    fm_value dash = style_eval(sl, FM_P_LINE_DASHARRAY, ctx);
    if (dash.type == FM_VAL_NUMBERS && dash.count > 0) {
        /* MapLibre dashes are in line widths; cairo wants pixels. */
        double d[FM_VALUE_MAX_ITEMS];
        for (int i = 0; i < dash.count; i++) d[i] = dash.numbers[i] * width;
        cairo_set_dash(cr, d, dash.count, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

fm_dot symbolize_dot_paint(const fm_style_layer *sl, fm_eval_ctx *ctx, double opacity)
{
    fm_dot d;
    memset(&d, 0, sizeof d);
    d.r = style_eval_number(sl, FM_P_CIRCLE_RADIUS, ctx);
    d.opacity = style_eval_number(sl, FM_P_CIRCLE_OPACITY, ctx) * opacity;
    d.sw = style_eval_number(sl, FM_P_CIRCLE_STROKE_WIDTH, ctx);
    d.fill = style_eval_color(sl, FM_P_CIRCLE_COLOR, ctx);
    d.stroke = style_eval_color(sl, FM_P_CIRCLE_STROKE_COLOR, ctx);
    d.stroke_opacity = style_eval_number(sl, FM_P_CIRCLE_STROKE_OPACITY, ctx) * opacity;
    return d;
}

void symbolize_dot(cairo_t *cr, const fm_dot *d)
{
    cairo_new_path(cr);
    cairo_arc(cr, d->x, d->y, d->r, 0, 2 * FM_PI);
    set_source(cr, d->fill, d->opacity);
    if (d->sw > 0) {
        cairo_fill_preserve(cr);
        set_source(cr, d->stroke, d->stroke_opacity);
        cairo_set_line_width(cr, d->sw);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

fm_box symbolize_dot_box(const fm_dot *d)
{
    double e = (d->r + d->sw / 2) * 0.71;
    fm_box box = { d->x - e, d->y - e, d->x + e, d->y + e };
    return box;
}
