/* callout.c -- see callout.h. */
#include "core/lang.h"
#include "print/callout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "map/render.h"

int callout_campaign(const fm_event *focus, const char *phases_path, int days, const char *lang,
                     fm_day *from, fm_day *to, char *phase_title, size_t size, fm_error *err)
{
    fm_day d = focus->date.first;
    *from = d - days;
    *to = d + days + 1;
    if (phase_title && size) phase_title[0] = 0;
    if (!phases_path) return 0;
    fm_csv *csv = csv_open(phases_path, err);
    if (!csv) return -1;
    int rc = csv_next(csv, err);
    int cfrom = rc == 1 ? csv_column(csv, "from") : -1;
    int cto = rc == 1 ? csv_column(csv, "to") : -1;
    int ctitle = rc == 1 ? csv_column(csv, "title") : -1;
    char local[32];
    snprintf(local, sizeof local, "title_%s", lang ? lang : "en");
    int clocal = rc == 1 ? csv_column(csv, local) : -1;
    if (rc == 1 && (cfrom < 0 || cto < 0 || ctitle < 0)) {
        csv_close(csv);
        return fm_error_set(err, "%s: expected a header line id,from,to,title", phases_path);
    }
    while (rc >= 0 && (rc = csv_next(csv, err)) == 1) {
        if (csv->nfields <= cfrom || csv->nfields <= cto || csv->nfields <= ctitle) continue;
        fm_date a, b;
        if (fm_date_parse(csv->fields[cfrom], &a, err) ||
            fm_date_parse(csv->fields[cto], &b, err)) {
            fm_error_prefix(err, "%s:%d", phases_path, csv->record_line);
            rc = -1;
            break;
        }
        /* A campaign does not reach across a ceasefire into another war. */
        if (fm_day_in(d, a.first, b.first)) {
            if (*from < a.first) *from = a.first;
            if (*to > b.first) *to = b.first;
            int c =
                clocal >= 0 && clocal < csv->nfields && csv->fields[clocal][0] ? clocal : ctitle;
            if (phase_title) snprintf(phase_title, size, "%s", csv->fields[c]);
        }
    }
    csv_close(csv);
    return rc < 0 ? -1 : 0;
}

void callouts_free(fm_callouts *c)
{
    if (!c) return;
    free(c->items);
    free(c);
}

static int kind_in(json_t *kinds, const char *kind)
{
    if (!json_is_array(kinds)) return 1;
    for (size_t i = 0; i < json_array_size(kinds); i++)
        if (json_is_string(json_array_get(kinds, i)) &&
            strcmp(json_string_value(json_array_get(kinds, i)), kind) == 0)
            return 1;
    return 0;
}

static fm_color color_or(json_t *obj, const char *key, fm_color fallback)
{
    fm_color c = fallback;
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) fm_color_parse(json_string_value(v), &c, NULL);
    return c;
}

fm_callouts *callouts_new(const fm_timeline *tl, fm_day from, fm_day to, json_t *kinds,
                          const fm_event *focus, json_t *marker, fm_error *err)
{
    fm_callouts *c = calloc(1, sizeof *c);
    if (!c) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    c->items = calloc(tl->count ? tl->count : 1, sizeof *c->items);
    if (!c->items) {
        free(c);
        fm_error_set(err, "out of memory");
        return NULL;
    }
    for (int i = 0; i < tl->count; i++) {
        const fm_event *e = &tl->events[i];
        int focused = e == focus;
        if (!focused && !(fm_day_in(e->date.first, from, to) && kind_in(kinds, e->kind))) continue;
        fm_callout *o = &c->items[c->count++];
        o->event = e;
        o->number = c->count;
        o->highlight = focused;
    }
    c->nshown = c->count;
    c->radius = json_is_number(json_object_get(marker, "radius"))
                    ? json_number_value(json_object_get(marker, "radius"))
                    : 5.2;
    c->fill = color_or(marker, "color", (fm_color){ 0.12, 0.12, 0.12, 1 });
    c->highlight_fill = color_or(marker, "highlight_color", (fm_color){ 0.7, 0.09, 0.04, 1 });
    c->text_color = color_or(marker, "text_color", (fm_color){ 1, 1, 1, 1 });
    c->font_regular = FM_FONT_REGULAR;
    c->font_bold = FM_FONT_BOLD;
    return c;
}

static double marker_radius(const fm_callouts *c, const fm_callout *o)
{
    return o->highlight ? c->radius * 1.3 : c->radius;
}

static fm_box circle_box(double x, double y, double r)
{
    fm_box b = { x - r, y - r, x + r, y + r };
    return b;
}

int callouts_place(fm_callouts *c, const fm_scene *s, const fm_box *reserved, int nreserved,
                   fm_error *err)
{
    fm_transform *t = projection_transform_from(s->proj, NULL, err);
    if (!t) return -1;
    double W = s->view.width, H = s->view.height;
    for (int i = 0; i < c->count; i++) {
        fm_callout *o = &c->items[i];
        o->has_marker = o->off_map = 0;
        if (!o->event->has_position || i >= c->nshown) continue;
        double x = o->event->lon, y = o->event->lat;
        if (transform_points(t, &x, &y, 1)) {
            o->off_map = 1;
            continue;
        }
        o->px = view_px_x(&s->view, x);
        o->py = view_px_y(&s->view, y);
        if (o->px < 0 || o->py < 0 || o->px > W || o->py > H) {
            o->off_map = 1;
            continue;
        }
        o->has_marker = 1;
    }
    transform_free(t);
    fm_placer *p = placer_new(W, H);
    if (!p) return fm_error_set(err, "out of memory");
    for (int i = 0; i < nreserved; i++) placer_add(p, reserved[i]);
    /* The highlighted event first, so it keeps its true place; then the
    ** others in date order. A crowded marker moves out along rings around
    ** its place, trying twelve directions per ring, up-right first. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < c->count; i++) {
            fm_callout *o = &c->items[i];
            if (!o->has_marker || o->highlight != (pass == 0)) continue;
            double r = marker_radius(c, o), gap = c->radius * 0.35;
            o->mx = o->px;
            o->my = o->py;
            fm_box b = circle_box(o->px, o->py, r + gap / 2);
            int placed = placer_fits(p, b);
            for (int ring = 1; ring <= 6 && !placed; ring++) {
                double dist = r * (1.6 + 1.15 * ring);
                for (int k = 0; k < 12 && !placed; k++) {
                    double a = -FM_PI / 4 + k * FM_PI / 6;
                    double x = o->px + dist * cos(a), y = o->py + dist * sin(a);
                    b = circle_box(x, y, r + gap / 2);
                    if (placer_fits(p, b)) {
                        o->mx = x;
                        o->my = y;
                        placed = 1;
                    }
                }
            }
            /* Nowhere free: it stays on its place, over its neighbour,
            ** rather than vanish from a figure that numbers it. */
            if (!placed) b = circle_box(o->px, o->py, r + gap / 2);
            placer_add(p, b);
            /* A displaced marker's place is marked by a dot; keep other
            ** markers off it too. */
            if (o->mx != o->px || o->my != o->py) placer_add(p, circle_box(o->px, o->py, 1.5));
        }
    }
    placer_free(p);
    return 0;
}

int callouts_boxes(const fm_callouts *c, fm_box *out, int max)
{
    int n = 0;
    for (int i = 0; i < c->count && n < max; i++) {
        const fm_callout *o = &c->items[i];
        if (!o->has_marker) continue;
        double r = marker_radius(c, o) + 0.8;
        out[n++] = circle_box(o->mx, o->my, r);
        if (o->mx == o->px && o->my == o->py) continue;
        if (n < max) out[n++] = circle_box(o->px, o->py, 2);
        /* The leader line too, as a row of small boxes: no label is to be
        ** cut by it. */
        double len = hypot(o->mx - o->px, o->my - o->py);
        for (double t = 3; t < len - r && n < max; t += 3)
            out[n++] =
                circle_box(o->px + (o->mx - o->px) * t / len, o->py + (o->my - o->py) * t / len, 1);
    }
    return n;
}

int callouts_draw(cairo_t *cr, const fm_callouts *c, fm_error *err)
{
    cairo_save(cr);
    /* Leaders and dots under every marker. */
    for (int i = 0; i < c->count; i++) {
        const fm_callout *o = &c->items[i];
        if (!o->has_marker || (o->mx == o->px && o->my == o->py)) continue;
        double r = marker_radius(c, o), dx = o->mx - o->px, dy = o->my - o->py;
        double len = hypot(dx, dy);
        cairo_new_path(cr);
        cairo_move_to(cr, o->px, o->py);
        cairo_line_to(cr, o->mx - dx / len * r, o->my - dy / len * r);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_set_line_width(cr, 1.6);
        cairo_stroke_preserve(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        cairo_new_path(cr);
        cairo_arc(cr, o->px, o->py, 1.5, 0, 2 * FM_PI);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    for (int i = 0; i < c->count; i++) {
        const fm_callout *o = &c->items[i];
        if (!o->has_marker) continue;
        double r = marker_radius(c, o);
        fm_color f = o->highlight ? c->highlight_fill : c->fill;
        cairo_new_path(cr);
        cairo_arc(cr, o->mx, o->my, r, 0, 2 * FM_PI);
        cairo_set_source_rgba(cr, f.r, f.g, f.b, f.a);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, r * 0.18);
        cairo_stroke(cr);
        char num[16];
        snprintf(num, sizeof num, "%d", o->number);
        double size = r * (o->number >= 10 ? 1.05 : 1.25);
        fm_text_style ts = { c->font_bold, size, c->text_color, { 0, 0, 0, 0 }, 0, 0, 0 };
        fm_text *t = text_new(cr, num, &ts, err);
        if (!t) {
            cairo_restore(cr);
            return -1;
        }
        double tw, th;
        text_size(t, &tw, &th);
        text_draw(cr, t, o->mx - tw / 2, o->my - th / 2);
        text_free(t);
    }
    cairo_restore(cr);
    return 0;
}

/* "23 July 1993"; a month or a year when that is all the timeline knows. */
static void event_date(const fm_event *e, const char *lang, const char *circa, char *buf,
                       size_t size)
{
    if (e->date.prec == FM_PREC_DAY) fm_lang_format_date(e->date.first, lang, buf, size);
    else snprintf(buf, size, "%s", e->date_text);
    if (e->date_edtf && strchr(e->date_edtf, '~')) {
        char tmp[96];
        snprintf(tmp, sizeof tmp, "%s %s", circa, buf);
        snprintf(buf, size, "%s", tmp);
    }
}

/* The table's geometry and text styles at one size and width. */
typedef struct table_shape {
    fm_text_style body, bold, small;
    double gap, col_w;     /* between columns; a column's width */
    double badge, date_w;  /* the number's and the date's columns */
    double text_x, text_w; /* title and source */
    double row_gap;
} table_shape;

/* The date column is as wide as the longest date, so dates stay on one
** line, but never more than a third of the column. */
static int table_shape_make(cairo_t *cr, const fm_callouts *c, const fm_table_words *words,
                            const char *lang, double width, int columns, double size,
                            table_shape *t, fm_error *err)
{
    t->body =
        (fm_text_style){ c->font_regular, size, { 0.1, 0.1, 0.1, 1 }, { 1, 1, 1, 0 }, 0, 0, 0 };
    t->bold = t->body;
    t->bold.font = c->font_bold;
    t->small = t->body;
    t->small.size = size * 0.86;
    t->small.color = (fm_color){ 0.35, 0.35, 0.35, 1 };
    t->gap = size * 1.5;
    t->col_w = (width - t->gap * (columns - 1)) / columns;
    double date_w = 0;
    for (int i = 0; i < c->count; i++) {
        char date[96];
        event_date(c->items[i].event, lang, words->circa, date, sizeof date);
        fm_text_style ds = t->body;
        ds.font = c->items[i].highlight ? c->font_bold : c->font_regular;
        fm_text *dt = text_new(cr, date, &ds, err);
        if (!dt) return -1;
        double w, h;
        text_size(dt, &w, &h);
        text_free(dt);
        date_w = fmax(date_w, w);
    }
    t->badge = size * 1.9;
    t->date_w = fmin(date_w + size * 0.9, (t->col_w - t->badge) / 3);
    t->text_x = t->badge + t->date_w;
    t->text_w = t->col_w - t->text_x;
    t->row_gap = size * 0.5;
    return 0;
}

/* One row's texts: title (with "off the map" or "no single place"),
** source and date, wrapped in their columns. */
typedef struct table_row {
    fm_text *title, *source, *date;
    double title_h, height;
} table_row;

static void table_row_free(table_row *r)
{
    text_free(r->title);
    text_free(r->source);
    text_free(r->date);
}

static int table_row_make(cairo_t *cr, const fm_callout *o, const fm_seeds *seeds,
                          const fm_table_words *words, const char *lang, const table_shape *t,
                          int *used_seeds, table_row *r, fm_error *err)
{
    char date[96], src[2048], title[1024];
    double size = t->body.size;
    event_date(o->event, lang, words->circa, date, sizeof date);
    citation_format(seeds, o->event->source, &words->cite, src, sizeof src, used_seeds);
    if (o->off_map) snprintf(title, sizeof title, "%s (%s)", o->event->title, words->off_map);
    else if (!o->event->has_position)
        snprintf(title, sizeof title, "%s (%s)", o->event->title, words->no_place);
    else snprintf(title, sizeof title, "%s", o->event->title);
    fm_text_style ts = o->highlight ? t->bold : t->body;
    ts.max_width = t->text_w / size;
    fm_text_style ss = t->small;
    ss.max_width = t->text_w / t->small.size;
    fm_text_style ds = o->highlight ? t->bold : t->body;
    ds.max_width = (t->date_w - size * 0.5) / size;
    memset(r, 0, sizeof *r);
    r->title = text_new_left(cr, title, &ts, err);
    r->source = r->title ? text_new_left(cr, src, &ss, err) : NULL;
    r->date = r->source ? text_new_left(cr, date, &ds, err) : NULL;
    if (!r->date) {
        table_row_free(r);
        return -1;
    }
    double tw, th, sw, sh, dw, dh;
    text_size(r->title, &tw, &th);
    text_size(r->source, &sw, &sh);
    text_size(r->date, &dw, &dh);
    r->title_h = th;
    r->height = fmax(th + sh, dh);
    return 0;
}

/* The number as on the map: in a disc when the event has a marker, plain
** when it has none; then date, title and source, the row's top-left at
** (rx, ry). */
static int table_row_draw(cairo_t *cr, const fm_callouts *c, const fm_callout *o,
                          const table_shape *t, const table_row *r, double rx, double ry,
                          fm_error *err)
{
    double size = t->body.size;
    char num[16];
    snprintf(num, sizeof num, "%d", o->number);
    fm_text_style ns = { c->font_bold,
                         size * 0.9,
                         o->has_marker ? c->text_color : (fm_color){ 0.1, 0.1, 0.1, 1 },
                         { 0, 0, 0, 0 },
                         0,
                         0,
                         0 };
    fm_text *nt = text_new(cr, num, &ns, err);
    if (!nt) return -1;
    double nw, nh, rad = size * 0.72, cx = rx + rad, cyy = ry + r->title_h / 2;
    text_size(nt, &nw, &nh);
    if (o->has_marker) {
        fm_color f = o->highlight ? c->highlight_fill : c->fill;
        cairo_new_path(cr);
        cairo_arc(cr, cx, cyy, rad, 0, 2 * FM_PI);
        cairo_set_source_rgba(cr, f.r, f.g, f.b, f.a);
        cairo_fill(cr);
    }
    text_draw(cr, nt, cx - nw / 2, cyy - nh / 2);
    text_free(nt);
    text_draw(cr, r->date, rx + t->badge, ry);
    text_draw(cr, r->title, rx + t->text_x, ry);
    text_draw(cr, r->source, rx + t->text_x, ry + r->title_h);
    return 0;
}

/* A single line of small text at (x, y) (drawn with draw); its height. */
static int table_line(cairo_t *cr, const char *text, const fm_text_style *ts, int left, double x,
                      double y, int draw, double *height, fm_error *err)
{
    fm_text *t = left ? text_new_left(cr, text, ts, err) : text_new(cr, text, ts, err);
    if (!t) return -1;
    double tw, th;
    text_size(t, &tw, &th);
    if (draw) text_draw(cr, t, x, y);
    text_free(t);
    *height = th;
    return 0;
}

int callouts_table(cairo_t *cr, const fm_callouts *c, const fm_seeds *seeds,
                   const fm_table_words *words, const char *lang, double x, double y, double width,
                   int columns, double size, int max_rows, int draw, double *height,
                   int *used_seeds, fm_error *err)
{
    if (columns < 1) columns = 1;
    table_shape t;
    if (table_shape_make(cr, c, words, lang, width, columns, size, &t, err)) return -1;
    if (c->count == 0) return table_line(cr, words->none, &t.body, 1, x, y, draw, height, err);
    int shown = max_rows >= 0 && max_rows < c->count ? max_rows : c->count;
    double *rows = calloc(shown + 1, sizeof *rows), total = 0;
    if (!rows) return fm_error_set(err, "out of memory");
    /* Two passes: measure every row, then split into columns of about
    ** equal height and draw. */
    for (int pass = 0; pass < 2; pass++) {
        double cy = 0, target = total / columns, maxh = 0;
        int col = 0;
        for (int i = 0; i < shown; i++) {
            const fm_callout *o = &c->items[i];
            if (pass == 1 && cy > 0 && cy + rows[i] / 2 > target + 1e-6 && col < columns - 1) {
                col++;
                cy = 0;
            }
            table_row r;
            if (table_row_make(cr, o, seeds, words, lang, &t, used_seeds, &r, err)) {
                free(rows);
                return -1;
            }
            int bad = 0;
            if (pass == 0) {
                rows[i] = r.height + t.row_gap;
                total += rows[i];
            } else if (draw) {
                bad = table_row_draw(cr, c, o, &t, &r, x + col * (t.col_w + t.gap), y + cy, err);
            }
            table_row_free(&r);
            if (bad) {
                free(rows);
                return -1;
            }
            if (pass == 1) {
                cy += rows[i];
                maxh = fmax(maxh, cy);
            }
        }
        if (pass == 1) *height = maxh - t.row_gap;
    }
    free(rows);
    if (shown < c->count) {
        char more[256];
        double th;
        snprintf(more, sizeof more, "+ %d %s", c->count - shown, words->more);
        if (table_line(cr, more, &t.small, 0, x, y + *height + t.row_gap, draw, &th, err))
            return -1;
        *height += t.row_gap + th;
    }
    return 0;
}
