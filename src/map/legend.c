/* legend.c -- see legend.h. */
#include "map/legend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "map/features.h"
#include "map/label.h"

#define WHERE_MAX 4

typedef struct entry {
    char *label;
    const fm_style_layer *layer; /* NULL: a marker */
    int nwhere;
    const char *keys[WHERE_MAX];
    fm_value values[WHERE_MAX];
    fm_color fill, ring; /* markers */
    double radius;
} entry;

struct fm_legend {
    const fm_scene *scene;
    int count, cap;
    entry *items;
};

void legend_free(fm_legend *lg)
{
    if (!lg) return;
    for (int i = 0; i < lg->count; i++) free(lg->items[i].label);
    free(lg->items);
    free(lg);
}

int legend_count(const fm_legend *lg)
{
    return lg->count;
}
const char *legend_label(const fm_legend *lg, int i)
{
    return lg->items[i].label;
}

/* A label object {"en": ..., "az": ...}, or a plain string. */
static const char *pick_label(json_t *label, const char *lang)
{
    if (json_is_string(label)) return json_string_value(label);
    json_t *v = json_object_get(label, lang);
    if (!json_is_string(v)) v = json_object_get(label, "en");
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static entry *add_entry(fm_legend *lg, const char *label)
{
    entry *grown = fm_grow(lg->items, &lg->cap, lg->count + 1, sizeof *grown, NULL);
    if (!grown) return NULL;
    lg->items = grown;
    entry *e = &lg->items[lg->count];
    memset(e, 0, sizeof *e);
    if (!(e->label = strdup(label))) return NULL;
    lg->count++;
    return e;
}

/* Does the feature have the item's values? fields: the item's keys'
** indices in the feature's layer. */
static int where_matches(const entry *e, const int *fields, const fm_feature *f)
{
    for (int k = 0; k < e->nwhere; k++) {
        const fm_value *v = &f->values[fields[k]], *w = &e->values[k];
        if (w->type == FM_VAL_STRING) {
            if (!(v->type == FM_VAL_STRING && strcmp(v->string, w->string) == 0)) return 0;
        } else if (!(v->type == FM_VAL_NUMBER && v->number == w->number)) {
            return 0;
        }
    }
    return 1;
}

/* Is a feature with the item's values in force on one of the dates the
** layer drew anything? */
static int where_visible(const fm_scene *s, const fm_style_layer *sl, const entry *e,
                         const fm_day *dates, const int *const *counts, int index, int nmaps)
{
    const fm_layer *layer = scene_layer_for(s, sl);
    if (!layer) return 0;
    int fields[WHERE_MAX];
    for (int k = 0; k < e->nwhere; k++)
        if ((fields[k] = layer_field_index(layer, e->keys[k])) < 0) return 0;
    for (int d = 0; d < nmaps; d++) {
        if (!counts[d][index]) continue;
        /* The layer's own filter decides too (a "recent change" layer
        ** shows only the changes of the FM_RECENT_DAYS before the map's
        ** date): the features a map of that date draws. */
        fm_render_options opt = { .date = dates[d] };
        fm_map_state ms;
        map_state_init(&ms, s, &opt);
        fm_feature_iter it;
        feature_iter_init(&it, s, sl, &opt, &ms.ctx);
        while (feature_iter_next(&it))
            if (where_matches(e, fields, it.feature)) return 1;
    }
    return 0;
}

fm_legend *legend_new(const fm_scene *s, const fm_day *dates, const int *const *counts, int nmaps,
                      const char *lang, fm_error *err)
{
    fm_legend *lg = calloc(1, sizeof *lg);
    if (!lg) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    lg->scene = s;
    const fm_style *st = s->style;
    for (int i = 0; i < st->nlayers; i++) {
        const fm_style_layer *sl = &st->layers[i];
        json_t *meta = sl->metadata ? json_object_get(sl->metadata, "frontmap:legend") : NULL;
        if (!meta) continue;
        int drawn = 0;
        for (int d = 0; d < nmaps; d++) drawn |= counts[d][i] > 0;
        if (!drawn) continue;
        json_t *items = json_object_get(meta, "items");
        if (!items) {
            const char *label = pick_label(json_object_get(meta, "label"), lang);
            if (!label) continue;
            entry *e = add_entry(lg, label);
            if (!e) goto oom;
            e->layer = sl;
            continue;
        }
        for (size_t k = 0; k < json_array_size(items); k++) {
            json_t *item = json_array_get(items, k), *where = json_object_get(item, "where");
            const char *label = pick_label(json_object_get(item, "label"), lang);
            if (!label) continue;
            entry probe;
            memset(&probe, 0, sizeof probe);
            const char *key;
            json_t *value;
            json_object_foreach(where, key, value)
            {
                if (probe.nwhere == WHERE_MAX) break;
                probe.keys[probe.nwhere] = key;
                if (json_is_string(value)) {
                    probe.values[probe.nwhere].type = FM_VAL_STRING;
                    probe.values[probe.nwhere].string = json_string_value(value);
                } else {
                    probe.values[probe.nwhere].type = FM_VAL_NUMBER;
                    probe.values[probe.nwhere].number = json_number_value(value);
                }
                probe.nwhere++;
            }
            if (probe.nwhere && !where_visible(s, sl, &probe, dates, counts, i, nmaps)) continue;
            entry *e = add_entry(lg, label);
            if (!e) goto oom;
            char *owned = e->label;
            *e = probe;
            e->label = owned;
            e->layer = sl;
        }
    }
    return lg;
oom:
    legend_free(lg);
    fm_error_set(err, "out of memory");
    return NULL;
}

int legend_add_marker(fm_legend *lg, const char *label, fm_color fill, fm_color ring, double radius)
{
    entry *e = add_entry(lg, label);
    if (!e) return -1;
    e->fill = fill;
    e->ring = ring;
    e->radius = radius;
    return 0;
}

static void set_color(cairo_t *cr, fm_color c, double opacity)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

/* The swatch, w x h at (x, y), painted with the layer's own paint as it
** would be for a feature with the entry's values. */
static void draw_swatch(cairo_t *cr, const fm_legend *lg, const entry *e, double x, double y,
                        double w, double h)
{
    cairo_save(cr);
    if (!e->layer) {
        double r = fmin(e->radius, h * 0.62);
        cairo_new_path(cr);
        cairo_arc(cr, x + w / 2, y + h / 2, r, 0, 2 * FM_PI);
        set_color(cr, e->fill, 1);
        cairo_fill_preserve(cr);
        set_color(cr, e->ring, 1);
        cairo_set_line_width(cr, r * 0.22);
        cairo_stroke(cr);
        cairo_restore(cr);
        return;
    }
    fm_props props = { e->nwhere, e->keys, e->values };
    fm_props state = { 0, NULL, NULL };
    fm_eval_ctx ctx;
    fm_eval_ctx_init(&ctx, lg->scene->style, &state);
    ctx.zoom = lg->scene->zoom;
    ctx.props = &props;
    const fm_style_layer *sl = e->layer;
    switch (sl->type) {
    case FM_LAYER_FILL: {
        ctx.geometry_type = "Polygon";
        fm_color c = style_eval_color(sl, FM_P_FILL_COLOR, &ctx);
        double op = style_eval_number(sl, FM_P_FILL_OPACITY, &ctx);
        cairo_rectangle(cr, x, y, w, h);
        set_color(cr, c, op);
        cairo_fill_preserve(cr);
        /* Pale fills vanish on paper without an edge. */
        if (style_prop_is_set(sl, FM_P_FILL_OUTLINE_COLOR))
            set_color(cr, style_eval_color(sl, FM_P_FILL_OUTLINE_COLOR, &ctx), op);
        else cairo_set_source_rgba(cr, 0.35, 0.35, 0.35, 1);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        break;
    }
    case FM_LAYER_LINE: {
        ctx.geometry_type = "LineString";
        double lw = style_eval_number(sl, FM_P_LINE_WIDTH, &ctx);
        fm_value dash = style_eval(sl, FM_P_LINE_DASHARRAY, &ctx);
        if (dash.type == FM_VAL_NUMBERS && dash.count > 0) {
            double d[FM_VALUE_MAX_ITEMS];
            for (int i = 0; i < dash.count; i++) d[i] = dash.numbers[i] * lw;
            cairo_set_dash(cr, d, dash.count, 0);
        }
        cairo_move_to(cr, x, y + h / 2);
        cairo_line_to(cr, x + w, y + h / 2);
        set_color(cr, style_eval_color(sl, FM_P_LINE_COLOR, &ctx),
                  style_eval_number(sl, FM_P_LINE_OPACITY, &ctx));
        cairo_set_line_width(cr, lw);
        cairo_stroke(cr);
        break;
    }
    case FM_LAYER_CIRCLE: {
        ctx.geometry_type = "Point";
        double r = style_eval_number(sl, FM_P_CIRCLE_RADIUS, &ctx);
        double sw = style_eval_number(sl, FM_P_CIRCLE_STROKE_WIDTH, &ctx);
        cairo_arc(cr, x + w / 2, y + h / 2, r, 0, 2 * FM_PI);
        set_color(cr, style_eval_color(sl, FM_P_CIRCLE_COLOR, &ctx),
                  style_eval_number(sl, FM_P_CIRCLE_OPACITY, &ctx));
        if (sw > 0) {
            cairo_fill_preserve(cr);
            set_color(cr, style_eval_color(sl, FM_P_CIRCLE_STROKE_COLOR, &ctx), 1);
            cairo_set_line_width(cr, sw);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        break;
    }
    default: break;
    }
    cairo_restore(cr);
}

/* Lay out (and with `draw`, draw) the entries column by column. */
static int legend_run(cairo_t *cr, const fm_legend *lg, double x, double y, double width,
                      int columns, double size, int draw, double *height, fm_error *err)
{
    if (columns < 1) columns = 1;
    double gap = size * 1.2, col_w = (width - gap * (columns - 1)) / columns;
    double sw = size * 2.2, sh = size * 1.0, sgap = size * 0.6, row_gap = size * 0.45;
    double text_w = col_w - sw - sgap;
    fm_text_style ts = { style_font(lg->scene->style, FM_FONT_ROLE_REGULAR),
                         size,
                         { 0.12, 0.12, 0.12, 1 },
                         { 1, 1, 1, 0 },
                         0,
                         0,
                         text_w / size };
    /* Measure every row, then fill columns to about equal height. */
    double *rows = calloc(lg->count ? lg->count : 1, sizeof *rows), total = 0;
    if (!rows) return fm_error_set(err, "out of memory");
    for (int i = 0; i < lg->count; i++) {
        fm_text *t = text_new_left(cr, lg->items[i].label, &ts, err);
        if (!t) {
            free(rows);
            return -1;
        }
        double tw, th;
        text_size(t, &tw, &th);
        rows[i] = fmax(th, sh) + row_gap;
        total += rows[i];
        text_free(t);
    }
    double target = total / columns, cy = 0, maxh = 0;
    int col = 0;
    for (int i = 0; i < lg->count; i++) {
        if (cy > 0 && cy + rows[i] / 2 > target + 1e-6 && col < columns - 1) {
            col++;
            cy = 0;
        }
        if (draw) {
            double ex = x + col * (col_w + gap), ey = y + cy;
            fm_text *t = text_new_left(cr, lg->items[i].label, &ts, err);
            if (!t) {
                free(rows);
                return -1;
            }
            double tw, th;
            text_size(t, &tw, &th);
            double row_h = rows[i] - row_gap;
            draw_swatch(cr, lg, &lg->items[i], ex, ey + (row_h - sh) / 2, sw, sh);
            text_draw(cr, t, ex + sw + sgap, ey + (row_h - th) / 2);
            text_free(t);
        }
        cy += rows[i];
        maxh = fmax(maxh, cy);
    }
    free(rows);
    if (height) *height = maxh > 0 ? maxh - row_gap : 0;
    return 0;
}

int legend_measure(cairo_t *cr, const fm_legend *lg, double width, int columns, double size,
                   double *height, fm_error *err)
{
    return legend_run(cr, lg, 0, 0, width, columns, size, 0, height, err);
}

int legend_draw(cairo_t *cr, const fm_legend *lg, double x, double y, double width, int columns,
                double size, fm_error *err)
{
    return legend_run(cr, lg, x, y, width, columns, size, 1, NULL, err);
}
