/* chart.c -- see chart.h. */
#include "print/chart.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>

#include "map/label.h"
#include "map/output.h"

/* The chart's frame, in pixels: size and margins. */
enum { CHART_W = 1200, CHART_H = 600 };
static const double CHART_L = 90, CHART_R = 30, CHART_T = 60, CHART_B = 60;

typedef struct chart_axes {
    fm_day d0, d1;    /* the x range */
    double top, step; /* the y range 0..top, ticks every step */
} chart_axes;

static double chart_x(const chart_axes *a, fm_day d)
{
    return CHART_L + (double)(d - a->d0) / (a->d1 - a->d0) * (CHART_W - CHART_L - CHART_R);
}

static double chart_y(const chart_axes *a, double v)
{
    return CHART_H - CHART_B - v / a->top * (CHART_H - CHART_T - CHART_B);
}

/* One tick label: its box placed by (x, y) minus (ax, ay) times its size. */
static int chart_label(cairo_t *cr, const char *text, const fm_text_style *ts, double x, double y,
                       double ax, double ay, fm_error *err)
{
    fm_text *t = text_new(cr, text, ts, err);
    if (!t) return -1;
    double w, h;
    text_size(t, &w, &h);
    text_draw(cr, t, x - ax * w, y - ay * h);
    text_free(t);
    return 0;
}

/* Horizontal grid lines with their values, and year ticks below. */
static int chart_draw_axes(cairo_t *cr, const chart_axes *a, const fm_text_style *ts, fm_error *err)
{
    cairo_set_line_width(cr, 1);
    for (double v = 0; v <= a->top + a->step / 2; v += a->step) {
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, CHART_L, chart_y(a, v));
        cairo_line_to(cr, CHART_W - CHART_R, chart_y(a, v));
        cairo_stroke(cr);
        char lab[32];
        snprintf(lab, sizeof lab, "%.0f", v);
        /* Right-aligned 8 px left of the axis, centred on the line. */
        if (chart_label(cr, lab, ts, CHART_L - 8, chart_y(a, v), 1, 0.5, err)) return -1;
    }
    int y0, m0, dd0, y1, m1, dd1;
    fm_day_to_ymd(a->d0, &y0, &m0, &dd0);
    fm_day_to_ymd(a->d1, &y1, &m1, &dd1);
    int every = (y1 - y0) > 20 ? 5 : (y1 - y0) > 8 ? 2 : 1;
    for (int y = y0 + 1; y <= y1; y++) {
        if (y % every) continue;
        fm_day d = fm_day_from_ymd(y, 1, 1);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_move_to(cr, chart_x(a, d), CHART_H - CHART_B);
        cairo_line_to(cr, chart_x(a, d), CHART_H - CHART_B + 6);
        cairo_stroke(cr);
        char lab[16];
        snprintf(lab, sizeof lab, "%d", y);
        if (chart_label(cr, lab, ts, chart_x(a, d), CHART_H - CHART_B + 10, 0.5, 0, err)) return -1;
    }
    return 0;
}

/* The series as a step function: filled, then its line. */
static void chart_draw_steps(cairo_t *cr, const chart_axes *a, const fm_chart_point *p, int n)
{
    cairo_move_to(cr, chart_x(a, p[0].day), chart_y(a, 0));
    for (int i = 0; i < n; i++) {
        if (i > 0) cairo_line_to(cr, chart_x(a, p[i].day), chart_y(a, p[i - 1].value));
        cairo_line_to(cr, chart_x(a, p[i].day), chart_y(a, p[i].value));
    }
    cairo_line_to(cr, chart_x(a, p[n - 1].day), chart_y(a, 0));
    cairo_close_path(cr);
    cairo_set_source_rgba(cr, 0.80, 0.33, 0.25, 0.35);
    cairo_fill_preserve(cr);
    cairo_new_path(cr);
    for (int i = 0; i < n; i++) {
        if (i == 0) {
            cairo_move_to(cr, chart_x(a, p[0].day), chart_y(a, p[0].value));
        } else {
            cairo_line_to(cr, chart_x(a, p[i].day), chart_y(a, p[i - 1].value));
            cairo_line_to(cr, chart_x(a, p[i].day), chart_y(a, p[i].value));
        }
    }
    cairo_set_source_rgb(cr, 0.70, 0.22, 0.15);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
}

int chart_steps_draw(const fm_chart_point *pts, int n, const char *title, const fm_style *style,
                     const char *path, fm_error *err)
{
    if (n < 1) return fm_error_set(err, "%s: a chart needs at least one point", path);
    fm_output out;
    if (output_open(&out, path, CHART_W, CHART_H, err)) return -1;
    cairo_t *cr = out.cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double ymax = 0;
    for (int i = 0; i < n; i++) ymax = fmax(ymax, pts[i].value);
    chart_axes a;
    /* A round axis top: 1, 2 or 5 times a power of ten. */
    a.step = pow(10, floor(log10(fmax(ymax, 1) / 4)));
    if (ymax / a.step > 20) a.step *= 5;
    else if (ymax / a.step > 8) a.step *= 2;
    a.top = ceil(fmax(ymax, 1) / a.step) * a.step;
    a.d0 = pts[0].day;
    a.d1 = pts[n - 1].day > a.d0 ? pts[n - 1].day : a.d0 + 1;
    fm_text_style ts = { style_font(style, FM_FONT_ROLE_REGULAR),
                         13,
                         { 0.25, 0.25, 0.25, 1 },
                         { 1, 1, 1, 0 },
                         0,
                         0,
                         0 };
    fm_text_style tt = {
        style_font(style, FM_FONT_ROLE_BOLD), 18, { 0.1, 0.1, 0.1, 1 }, { 1, 1, 1, 0 }, 0, 0, 0
    };
    if (chart_draw_axes(cr, &a, &ts, err)) {
        output_abort(&out);
        return -1;
    }
    chart_draw_steps(cr, &a, pts, n);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, CHART_L, CHART_T - 10);
    cairo_line_to(cr, CHART_L, CHART_H - CHART_B);
    cairo_line_to(cr, CHART_W - CHART_R, CHART_H - CHART_B);
    cairo_stroke(cr);
    if (chart_label(cr, title, &tt, CHART_L, 18, 0, 0, err)) {
        output_abort(&out);
        return -1;
    }
    return output_commit(&out, NULL, 0, err);
}
