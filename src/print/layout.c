/* layout.c -- see layout.h. Every expression keeps the order of the
** arithmetic the figures were made with, so pages stay byte-identical. */
#include "print/layout.h"

#include <math.h>
#include <string.h>

#include "print/furniture.h"

/* The locator inset: big enough to read on a small multiple, never more
** than two fifths of the frame. */
static double inset_width(double frame_w)
{
    return fmin(fmin(fmax(frame_w * 0.27, 92), frame_w * 0.4), 150);
}

void figure_furniture_compute(double W, double H, figure_furniture *fu)
{
    double m = 6;
    memset(fu, 0, sizeof *fu);
    fu->frame_w = W;
    fu->frame_h = H;
    fu->margin = m;
    double inset_w = inset_width(W), inset_h = inset_w * 0.72;
    double ix = W - inset_w - m, iy = m;
    fu->inset = (figure_rect){ ix, iy, inset_w, inset_h };
    fu->inset_room = (fm_box){ ix - 2, iy - 2, ix + inset_w + 2, iy + inset_h + 2 };
    fu->scale_max = W * 0.3;
    fu->scale_x = m + 6;
    fu->scale_y = H - m - 4;
    fu->north_x = m + 12;
    fu->north_y = H - m - 40;
    fu->north_h = 30;
    fu->north_room = (fm_box){ m, H - m - 58, m + 24, H - m - 22 };
}

fm_box figure_furniture_scale_room(const figure_furniture *fu, double length)
{
    double m = fu->margin, H = fu->frame_h;
    return (fm_box){ m, H - m - 22, m + length + 30, H };
}

static int spec_check(const figure_spec *s, fm_error *err)
{
    if (!(s->page_w > 0 && s->page_h > 0))
        return fm_error_set(err, "figure layout: a page of %g x %g points", s->page_w, s->page_h);
    if (s->nmaps < 1 || s->nmaps > FIGURE_LAYOUT_MAX_MAPS)
        return fm_error_set(err, "figure layout: %d maps; 1 to %d fit a page", s->nmaps,
                            FIGURE_LAYOUT_MAX_MAPS);
    const figure_measure *m = &s->measure;
    if (!m->text_height || (s->has_table && !m->table_height) ||
        (s->nmaps == 1 && s->landscape && !m->legend_height))
        return fm_error_set(err, "figure layout: a measure it needs is missing");
    return 0;
}

/* Title and subtitle from the top margin; the sources block at the foot.
** *y gets the top of what is left for the maps. */
static int layout_head_and_foot(const figure_spec *s, figure_layout *L, double *y, fm_error *err)
{
    const figure_measure *m = &s->measure;
    double W = s->page_w, H = s->page_h;
    L->margin = fmin(W, H) * 0.06;
    double margin = L->margin, cx = margin, cw = W - 2 * margin, h;
    L->content = (figure_rect){ cx, margin, cw, H - 2 * margin };
    *y = margin;
    if (m->text_height(m->ctx, FIGURE_TEXT_TITLE, cw, &h, err)) return -1;
    L->title = (figure_rect){ cx, *y, cw, h };
    *y += h + 2;
    if (m->text_height(m->ctx, FIGURE_TEXT_SUBTITLE, cw, &h, err)) return -1;
    L->subtitle = (figure_rect){ cx, *y, cw, h };
    *y += h + 18; /* room for the top graticule labels */
    if (m->text_height(m->ctx, FIGURE_TEXT_SOURCES, cw, &h, err)) return -1;
    L->sources = (figure_rect){ cx, H - margin - h, cw, h };
    return 0;
}

/* The map panels, between *y and the band below them. Landscape single
** map: map left, legend and table right; otherwise the maps on top, the
** legend and table in a band below. *y moves past the captions' room;
** *maps_w and *maps_bottom get the maps' width and the band's top. */
static int layout_maps(const figure_spec *s, figure_layout *L, double *y, double *maps_w,
                       double *maps_bottom, fm_error *err)
{
    double cx = L->content.x, cw = L->content.w, bottom = L->sources.y;
    int single = L->single, side = L->side, cols = L->cols, rows = L->rows;
    /* Small multiples carry a date caption above each frame. */
    double cap_h = single ? 0 : 14, gutter = single ? 0 : 20;
    double band_min = single         ? (side ? 0 : (bottom - *y) * 0.3)
                      : s->has_table ? (bottom - *y) * 0.22
                                     : 80;
    if (s->has_table && !side) {
        /* The band below the map must hold the table at a readable size:
        ** a long campaign takes room from the map, down to half the page. */
        double twd = single ? cw - cw * 0.34 - 18 : cw - cw * 0.5 - 18, th;
        if (s->measure.table_height(s->measure.ctx, twd, twd > 330 ? 2 : 1, 6.5, -1, &th, err))
            return -1;
        band_min = fmin(fmax(band_min, th + 40), (bottom - *y) * 0.5);
    }
    *maps_w = side ? cw * 0.63 : cw;
    double maps_h = bottom - *y - band_min - 14;
    if (!single) *y += cap_h;
    double pw = (*maps_w - 12 - gutter * (cols - 1)) / cols;
    double ph = (maps_h - cap_h - (rows - 1) * (gutter + cap_h + 10)) / rows;
    /* The frame takes the shape of the area asked for where the page
    ** allows: a frame much wider than the area only adds margins. */
    double aspect = s->aspect;
    if (aspect > 0) ph = fmin(ph, pw * aspect);
    /* Small multiples short of height narrow instead, centred: each panel
    ** shows the area asked for, not a strip of its neighbours. */
    double grid_x = 0;
    if (!single && aspect > 0 && ph < pw * aspect * 0.9) {
        double narrow = fmax(ph / aspect, pw * 0.6);
        grid_x = (pw - narrow) * cols / 2;
        pw = narrow;
    }
    L->frame_w = (int)floor(pw);
    L->frame_h = (int)floor(ph);
    if (L->frame_w < 1 || L->frame_h < 1)
        return fm_error_set(err, "figure layout: no room for the maps on a %g x %g page", s->page_w,
                            s->page_h);
    for (int i = 0; i < s->nmaps; i++) {
        int r = i / cols, c = i % cols;
        double px = cx + 6 + grid_x + c * (pw + gutter);
        double py = *y + r * (ph + gutter + cap_h + 10);
        L->panels[i] = (figure_rect){ px, py, L->frame_w, L->frame_h };
        L->captions[i] = (figure_rect){ px, py - 12 - cap_h, L->frame_w, cap_h };
        /* Degree labels on the page's outer edges only. */
        L->panel_sides[i] = (r == 0 ? FM_SIDE_TOP : 0) | (c == 0 ? FM_SIDE_LEFT : 0) |
                            (r == rows - 1 || i + cols >= s->nmaps ? FM_SIDE_BOTTOM : 0) |
                            (c == cols - 1 || i == s->nmaps - 1 ? FM_SIDE_RIGHT : 0);
    }
    *maps_bottom = *y + rows * ph + (rows - 1) * (gutter + cap_h + 10) + 16;
    return 0;
}

/* Shrink the table's text to fit, down to 5.5 pt; past that, show as many
** rows as fit (the figure says how many more there are and leaves the
** markers of those off the map). */
static int layout_table_fit(const figure_spec *s, figure_layout *L, double tbottom, fm_error *err)
{
    const figure_measure *m = &s->measure;
    double tsize = 7, twd = L->table.w;
    int tcols = twd > 330 ? 2 : 1, max_rows = -1;
    double th_head = 0;
    if (s->has_table) {
        if (m->text_height(m->ctx, FIGURE_TEXT_TABLE_HEAD, twd, &th_head, err)) return -1;
        double th = 0, avail = tbottom - L->table.y - th_head - 4;
        for (;;) {
            if (m->table_height(m->ctx, twd, tcols, tsize, max_rows, &th, err)) return -1;
            if (th <= avail) break;
            if (tsize > 5.5) {
                tsize -= 0.25;
                continue;
            }
            if (max_rows < 0) max_rows = s->table_rows;
            if (--max_rows <= 0) break;
        }
    }
    L->table_columns = tcols;
    L->table_size = tsize;
    L->table_max_rows = max_rows;
    L->table_head_h = th_head;
    return 0;
}

/* Legend and table: beside the map (landscape) or in the band below. */
static int layout_legend_and_table(const figure_spec *s, figure_layout *L, double y, double maps_w,
                                   double maps_bottom, fm_error *err)
{
    const figure_measure *m = &s->measure;
    double W = s->page_w, margin = L->margin, cx = L->content.x, cw = L->content.w;
    double lx, ly, lw, tx, ty = 0, twd, tbottom = L->sources.y - 8;
    int lcols = 1;
    if (L->side) {
        lx = tx = cx + maps_w + 18;
        lw = twd = W - margin - lx;
        ly = y - 14;
    } else if (L->single) {
        lx = cx;
        lw = cw * 0.34;
        tx = cx + lw + 18;
        twd = cw - lw - 18;
        ly = ty = maps_bottom;
    } else {
        lx = cx;
        lw = cw;
        lcols = s->has_table ? 2 : 3;
        if (s->has_table) {
            lw = cw * 0.5;
            tx = cx + lw + 18;
            twd = cw - lw - 18;
        } else {
            tx = cx;
            twd = cw;
        }
        ly = ty = maps_bottom;
    }
    double head_h;
    if (m->text_height(m->ctx, FIGURE_TEXT_LEGEND_HEAD, lw, &head_h, err)) return -1;
    if (L->side) {
        /* Beside the map the table starts under the legend, and must be
        ** fitted before the map is drawn (its markers are only those the
        ** table lists): under the longest legend the maps could give. */
        double lh;
        if (m->legend_height(m->ctx, L->frame_w, L->frame_h, lw, lcols, &lh, err)) return -1;
        ty = ly + head_h + 4 + lh + 14;
    }
    L->legend = (figure_rect){ lx, ly, lw, (L->side ? ty - 14 : tbottom) - ly };
    L->legend_columns = lcols;
    L->legend_head_h = head_h;
    L->table = (figure_rect){ tx, ty, twd, tbottom - ty };
    if (layout_table_fit(s, L, tbottom, err)) return -1;
    if (!s->has_table) L->table = (figure_rect){ tx, ty, 0, 0 };
    return 0;
}

int figure_layout_compute(const figure_spec *s, figure_layout *L, fm_error *err)
{
    memset(L, 0, sizeof *L);
    if (spec_check(s, err)) return -1;
    L->page_w = s->page_w;
    L->page_h = s->page_h;
    L->single = s->nmaps == 1;
    L->side = L->single && s->landscape;
    L->cols = s->nmaps <= 1 ? 1 : s->nmaps <= 4 ? 2 : 3;
    L->rows = (s->nmaps + L->cols - 1) / L->cols;
    double y = 0, maps_w = 0, maps_bottom = 0;
    if (layout_head_and_foot(s, L, &y, err) || layout_maps(s, L, &y, &maps_w, &maps_bottom, err) ||
        layout_legend_and_table(s, L, y, maps_w, maps_bottom, err))
        return -1;
    figure_furniture_compute(L->frame_w, L->frame_h, &L->furniture);
    return 0;
}
