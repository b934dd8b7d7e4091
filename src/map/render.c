/* render.c -- see render.h. */
#include "core/lang.h"
#include "map/render.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map/label.h"

/* One label waiting for placement: labels from every symbol layer are
** placed together, by priority, after the other layers are drawn. */
typedef struct candidate {
    char *text;
    char font[128];
    fm_text_style style;
    char anchor[16];
    double offset[2];           /* ems */
    double x, y;                /* anchor point, pixels */
    double sort_key;
    int order;                  /* tie-break: layer order, then feature order */
    int is_point;
    int source, feature;        /* which feature it names (-1: an extra) */
    int allow_overlap;
    double padding;
    int placed;
    /* Placement, kept until every label is placed (a placed label may
    ** still move aside for a later one): */
    fm_text *t;
    double w, h;                /* text size */
    double gap;                 /* distance from the point */
    fm_box box;                 /* reserved, with padding */
    int box_id;                 /* in the placer */
    double ox, oy;              /* text's top-left */
} candidate;

typedef struct candidates {
    int n, cap;
    candidate *items;
} candidates;

typedef struct render_state {
    cairo_t *cr;
    const fm_scene *scene;
    const fm_render_options *opt;
    fm_eval_ctx ctx;
    fm_props state;
    const char *state_keys[4];
    fm_value state_values[4];
    char date_text[32];
    char recent_text[32];
    fm_placer *placer;
    candidates labels;
    /* Dots held back until labels are placed (drop_unlabelled_points). */
    int ndots, capdots;
    struct dot *dots;
    int source, feature;        /* of the feature being drawn */
    fm_render_result *result;
    double opacity;             /* of the feature being drawn: fades, extras */
    uint64_t *key;              /* render_key: hash what would be drawn instead */
    int *counts;                /* render_count: count it per layer instead */
    const fm_path *path;        /* its geometry: the feature's or an extra's */
} render_state;

/* A circle to draw, as evaluated for its feature. */
typedef struct dot {
    double x, y, r, sw, opacity, stroke_opacity;
    fm_color fill, stroke;
    int source, feature;
} dot;

static void set_source(cairo_t *cr, fm_color c, double opacity)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

/* Trace the feature's parts in pixels (`close` for polygon rings),
** shifted sideways by `offset` pixels (MapLibre line-offset: positive is to
** the right of the line's direction). With an offset each vertex moves
** along the mean of its two segments' normals, lengthened so the parallel
** segments stay `offset` apart at corners (capped at sharp turns). */
static void trace_path(cairo_t *cr, const fm_view *v, const fm_path *p, int close,
                       double offset)
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
                    if (len > 0) { nx += -dy / len; ny += dx / len; segments++; }
                }
                /* Two unit normals sum to m with |m| = 2 cos(turn/2); moving
                ** by 2 offset m / |m|^2 keeps both segments `offset` away. */
                double m2 = nx * nx + ny * ny;
                double scale = segments == 2 ? 2 * offset / (m2 > 0.5 ? m2 : 0.5)
                             : segments == 1 ? offset : 0;
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

static void draw_fill(render_state *rs, const fm_style_layer *sl, const fm_feature *f)
{
    if (f->kind != FM_GEOM_POLYGON) return;
    cairo_t *cr = rs->cr;
    double opacity = style_eval_number(sl, FM_P_FILL_OPACITY, &rs->ctx) * rs->opacity;
    trace_path(cr, &rs->scene->view, rs->path, 1, 0);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    set_source(cr, style_eval_color(sl, FM_P_FILL_COLOR, &rs->ctx), opacity);
    if (style_prop_is_set(sl, FM_P_FILL_OUTLINE_COLOR)) {
        cairo_fill_preserve(cr);
        set_source(cr, style_eval_color(sl, FM_P_FILL_OUTLINE_COLOR, &rs->ctx), opacity);
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

static void draw_line(render_state *rs, const fm_style_layer *sl, const fm_feature *f)
{
    if (f->kind == FM_GEOM_POINT) return;
    cairo_t *cr = rs->cr;
    double width = style_eval_number(sl, FM_P_LINE_WIDTH, &rs->ctx);
    if (width <= 0) return;
    trace_path(cr, &rs->scene->view, rs->path, f->kind == FM_GEOM_POLYGON,
               style_eval_number(sl, FM_P_LINE_OFFSET, &rs->ctx));
    set_source(cr, style_eval_color(sl, FM_P_LINE_COLOR, &rs->ctx),
               style_eval_number(sl, FM_P_LINE_OPACITY, &rs->ctx) * rs->opacity);
    cairo_set_line_width(cr, width);
    fm_value cap = style_eval(sl, FM_P_LINE_CAP, &rs->ctx);
    fm_value join = style_eval(sl, FM_P_LINE_JOIN, &rs->ctx);
    cairo_set_line_cap(cr, line_cap(cap.string));
    cairo_set_line_join(cr, line_join(join.string));
    fm_value dash = style_eval(sl, FM_P_LINE_DASHARRAY, &rs->ctx);
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

static void dot_draw(cairo_t *cr, const dot *d)
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

/* `draw` 0: only keep labels off the circle (it was drawn in another pass). */
static int draw_circle(render_state *rs, const fm_style_layer *sl, const fm_feature *f, int draw)
{
    if (f->kind != FM_GEOM_POINT) return 0;
    const fm_view *v = &rs->scene->view;
    dot d;
    d.r = style_eval_number(sl, FM_P_CIRCLE_RADIUS, &rs->ctx);
    d.opacity = style_eval_number(sl, FM_P_CIRCLE_OPACITY, &rs->ctx) * rs->opacity;
    d.sw = style_eval_number(sl, FM_P_CIRCLE_STROKE_WIDTH, &rs->ctx);
    d.fill = style_eval_color(sl, FM_P_CIRCLE_COLOR, &rs->ctx);
    d.stroke = style_eval_color(sl, FM_P_CIRCLE_STROKE_COLOR, &rs->ctx);
    d.stroke_opacity = style_eval_number(sl, FM_P_CIRCLE_STROKE_OPACITY, &rs->ctx) * rs->opacity;
    d.source = rs->source;
    d.feature = rs->feature;
    const double *xy = rs->path->xy;
    for (int i = 0; i < rs->path->nparts; i++) {
        d.x = view_px_x(v, xy[0]);
        d.y = view_px_y(v, xy[1]);
        xy += 2 * rs->path->counts[i];
        if (!draw) {
            /* Drawn in the shapes pass: here it only keeps labels off. */
        } else if (rs->opt->drop_unlabelled_points && d.feature >= 0) {
            /* Held back: drawn after placement if its label was placed. */
            if (rs->ndots == rs->capdots) {
                int cap = rs->capdots ? rs->capdots * 2 : 64;
                dot *grown = realloc(rs->dots, sizeof *grown * cap);
                if (!grown) return -1;
                rs->dots = grown;
                rs->capdots = cap;
            }
            rs->dots[rs->ndots++] = d;
        } else {
            dot_draw(rs->cr, &d);
        }
        /* Markers are not to be covered by labels. The box is the circle's
        ** inscribed square: a label beside the marker may cross the empty
        ** corners of the bounding square, not the disc. */
        double e = (d.r + d.sw / 2) * 0.71;
        fm_box box = { d.x - e, d.y - e, d.x + e, d.y + e };
        placer_add(rs->placer, box);
    }
    return 0;
}

/* The held-back dots: those of features with no label at all, and those
** whose label found a place. */
static void draw_held_dots(render_state *rs)
{
    const candidates *cs = &rs->labels;
    for (int i = 0; i < rs->ndots; i++) {
        const dot *d = &rs->dots[i];
        int named = 0, placed = 0;
        for (int k = 0; k < cs->n && !placed; k++) {
            const candidate *c = &cs->items[k];
            if (c->source != d->source || c->feature != d->feature) continue;
            named = 1;
            placed = c->placed;
        }
        if (!named || placed) dot_draw(rs->cr, d);
    }
}

static int collect_label(render_state *rs, const fm_style_layer *sl, const fm_feature *f,
                         int order)
{
    char text[1024];
    if (!isfinite(f->label_x)) return 0;
    if (!style_eval_text(sl, FM_P_TEXT_FIELD, &rs->ctx, text, sizeof text) || !text[0])
        return 0;
    /* style_eval_text applied text-transform (full UTF-8 case mapping). */
    candidates *cs = &rs->labels;
    if (cs->n == cs->cap) {
        int cap = cs->cap ? cs->cap * 2 : 64;
        candidate *grown = realloc(cs->items, sizeof *grown * cap);
        if (!grown) return -1;
        cs->items = grown;
        cs->cap = cap;
    }
    candidate *c = &cs->items[cs->n];
    memset(c, 0, sizeof *c);
    if (!(c->text = strdup(text))) return -1;
    cs->n++;
    fm_value font = style_eval(sl, FM_P_TEXT_FONT, &rs->ctx);
    snprintf(c->font, sizeof c->font, "%s",
             font.type == FM_VAL_STRINGS && font.count ? font.strings[0]
             : font.type == FM_VAL_STRING ? font.string : "Noto Sans Regular");
    c->style.size = style_eval_number(sl, FM_P_TEXT_SIZE, &rs->ctx);
    c->style.color = style_eval_color(sl, FM_P_TEXT_COLOR, &rs->ctx);
    c->style.color.a *= style_eval_number(sl, FM_P_TEXT_OPACITY, &rs->ctx) * rs->opacity;
    c->style.halo_color = style_eval_color(sl, FM_P_TEXT_HALO_COLOR, &rs->ctx);
    c->style.halo_color.a *= rs->opacity;
    c->style.halo_width = style_eval_number(sl, FM_P_TEXT_HALO_WIDTH, &rs->ctx);
    c->style.letter_spacing = style_eval_number(sl, FM_P_TEXT_LETTER_SPACING, &rs->ctx);
    c->style.max_width = style_eval_number(sl, FM_P_TEXT_MAX_WIDTH, &rs->ctx);
    fm_value anchor = style_eval(sl, FM_P_TEXT_ANCHOR, &rs->ctx);
    snprintf(c->anchor, sizeof c->anchor, "%s", anchor.string ? anchor.string : "center");
    fm_value off = style_eval(sl, FM_P_TEXT_OFFSET, &rs->ctx);
    if (off.type == FM_VAL_NUMBERS && off.count == 2) {
        c->offset[0] = off.numbers[0];
        c->offset[1] = off.numbers[1];
    }
    c->sort_key = style_prop_is_set(sl, FM_P_SYMBOL_SORT_KEY)
                  ? style_eval_number(sl, FM_P_SYMBOL_SORT_KEY, &rs->ctx) : 0;
    c->order = order;
    c->source = rs->source;
    c->feature = rs->feature;
    c->is_point = f->kind == FM_GEOM_POINT;
    fm_value overlap = style_eval(sl, FM_P_TEXT_ALLOW_OVERLAP, &rs->ctx);
    c->allow_overlap = overlap.type == FM_VAL_BOOL && overlap.boolean;
    c->padding = style_eval_number(sl, FM_P_TEXT_PADDING, &rs->ctx);
    c->x = view_px_x(&rs->scene->view, f->label_x);
    c->y = view_px_y(&rs->scene->view, f->label_y);
    return 0;
}

static int candidate_cmp(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->sort_key != y->sort_key) return x->sort_key < y->sort_key ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The top-left corner for a text of size w x h anchored at (x, y):
** MapLibre's anchor names the part of the text nearest the point. */
static void anchor_origin(const char *anchor, double x, double y, double w, double h,
                          double *ox, double *oy)
{
    *ox = x - w / 2;
    *oy = y - h / 2;
    if (strstr(anchor, "left")) *ox = x;
    if (strstr(anchor, "right")) *ox = x - w;
    if (strncmp(anchor, "top", 3) == 0) *oy = y;
    if (strncmp(anchor, "bottom", 6) == 0) *oy = y - h;
}

static int record_label(render_state *rs, const candidate *c, double x, double y,
                        fm_box box)
{
    fm_render_result *r = rs->result;
    if (!r) return 0;
    fm_drawn_label *grown = realloc(r->labels, sizeof *grown * (r->nlabels + 1));
    if (!grown) return -1;
    r->labels = grown;
    fm_drawn_label *l = &r->labels[r->nlabels];
    if (!(l->text = strdup(c->text))) return -1;
    l->x = x;
    l->y = y;
    l->size = c->style.size;
    l->box = box;
    r->nlabels++;
    return 0;
}

/* Are two names the same place spelt two ways ("Aghjabadi", "Agjabadi")?
** Byte edit distance of at most 2, for names of 5 bytes or more. */
static int same_name(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (strcmp(a, b) == 0) return 1;
    if (na < 5 || nb < 5 || na > 63 || nb > 63 || (na > nb ? na - nb : nb - na) > 2) return 0;
    int row[64], prev[64];
    for (size_t j = 0; j <= nb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        row[0] = (int)i;
        int best = row[0];
        for (size_t j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (row[j] < best) best = row[j];
        }
        if (best > 2) return 0;
        memcpy(prev, row, sizeof(int) * (nb + 1));
    }
    return prev[nb] <= 2;
}

/* Two layers often name the same town (a base gazetteer and a project
** one), sometimes spelt differently: a label already placed nearby with
** the same or nearly the same text wins. */
static int duplicate_nearby(const candidates *cs, int upto, const candidate *c)
{
    double r = 4 * c->style.size;
    /* Dual names ("Ağdam / Ակնա"): gazetteers may differ in the second
    ** language only, so the first names decide. */
    char mine[256];
    const char *slash = strstr(c->text, " / ");
    snprintf(mine, sizeof mine, "%.*s", slash ? (int)(slash - c->text) : (int)strlen(c->text), c->text);
    for (int k = 0; k < upto; k++) {
        const candidate *o = &cs->items[k];
        if (!o->placed || fabs(o->x - c->x) >= r || fabs(o->y - c->y) >= r) continue;
        char theirs[256];
        const char *os = strstr(o->text, " / ");
        snprintf(theirs, sizeof theirs, "%.*s", os ? (int)(os - o->text) : (int)strlen(o->text), o->text);
        if (same_name(o->text, c->text) || same_name(theirs, mine)) return 1;
    }
    return 0;
}

/* The side of its point a label with this anchor sits on: anchor "left"
** means the text's left edge is at the point, so the text is to the right. */
static fm_around around_for_anchor(const char *anchor)
{
    static const struct { const char *anchor; fm_around pos; } map[] = {
        { "left", FM_AROUND_RIGHT }, { "right", FM_AROUND_LEFT },
        { "bottom-left", FM_AROUND_TOP_RIGHT }, { "top-left", FM_AROUND_BOTTOM_RIGHT },
        { "bottom-right", FM_AROUND_TOP_LEFT }, { "top-right", FM_AROUND_BOTTOM_LEFT },
        { "bottom", FM_AROUND_TOP }, { "top", FM_AROUND_BOTTOM },
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(anchor, map[i].anchor) == 0) return map[i].pos;
    return FM_AROUND_RIGHT;
}

/* Move placed label j to another of its places so that `box` (wanted by
** a later label) becomes free. Succeeds only when j is the one box in the
** way and j fits elsewhere; then `box` is reserved and its id returned,
** else everything is as it was and -1 is returned. */
/* Labels alike enough to be taken for one another: the same text colour
** (place names are one colour, event captions another). */
static int label_class(const candidate *c)
{
    return (int)lround(c->style.color.r * 15) << 8 | (int)lround(c->style.color.g * 15) << 4 |
           (int)lround(c->style.color.b * 15);
}

static int make_room(fm_placer *p, candidate *j, fm_box box)
{
    fm_around first = around_for_anchor(j->anchor);
    placer_remove(p, j->box_id);
    int id = placer_add_id(p, box);
    if (id < 0) { j->box_id = placer_add_id(p, j->box); return -1; }
    for (int ring = 0; ring < 2; ring++) {
        fm_box nb;
        int nid;
        double gap = j->gap + ring * j->style.size * 0.9;
        placer_set_class(p, label_class(j));
        if (placer_place_around(p, j->x, j->y, j->w, j->h, gap, j->padding, first, &nb, &nid) >= 0) {
            j->box = nb;
            j->box_id = nid;
            j->ox = nb.x0 + j->padding;
            j->oy = nb.y0 + j->padding;
            return id;
        }
    }
    placer_remove(p, id);
    j->box_id = placer_add_id(p, j->box);
    return -1;
}

/* Place labels by priority (symbol-sort-key, then layer and feature
** order): a point's label tries its style's side, then the seven other
** places around the point (placer_place_around), then the same a line
** further out. When all sixteen are taken and a single placed point label
** is in the way of one of them, that label moves to another of its own
** places if it can (one step of the repair QGIS's PAL does by ejection
** chains): two towns side by side both keep their names. A label that
** still fits nowhere is dropped, never drawn over another label, a marker
** or a reserved box. Drawing waits until every label has its place. */
static int place_labels(render_state *rs, fm_error *err)
{
    candidates *cs = &rs->labels;
    fm_placer *p = rs->placer;
    int rc = 0;
    qsort(cs->items, cs->n, sizeof *cs->items, candidate_cmp);
    /* Every named point, so that no label sits nearer another place than
    ** its own (two towns side by side must not seem to swap names). */
    double *xy = malloc(sizeof *xy * 2 * (size_t)(cs->n + 1));
    int *classes = malloc(sizeof *classes * (size_t)(cs->n + 1)), npoints = 0;
    if (!xy || !classes) { free(xy); free(classes); return fm_error_set(err, "out of memory"); }
    for (int i = 0; i < cs->n; i++)
        if (cs->items[i].is_point) {
            xy[2 * npoints] = cs->items[i].x;
            xy[2 * npoints + 1] = cs->items[i].y;
            classes[npoints++] = label_class(&cs->items[i]);
        }
    rc = placer_set_points(p, xy, classes, npoints) ? fm_error_set(err, "out of memory") : 0;
    free(xy);
    free(classes);
    for (int i = 0; i < cs->n && rc == 0; i++) {
        candidate *c = &cs->items[i];
        if (duplicate_nearby(cs, i, c)) continue;
        /* The font name lives in the candidate, which moved when the array
        ** grew and was sorted: point at it only now. */
        c->style.font = c->font;
        c->t = text_new(rs->cr, c->text, &c->style, err);
        if (!c->t) { rc = -1; break; }
        text_size(c->t, &c->w, &c->h);
        double r = hypot(c->offset[0], c->offset[1]) * c->style.size;
        c->gap = r;
        if (c->is_point && r > 0 && !c->allow_overlap) {
            fm_around first = around_for_anchor(c->anchor);
            int id = -1;
            /* A marker over the point (an event on a town) blocks the near
            ** ring: the second ring is a text line further out. */
            for (int ring = 0; ring < 2 && !c->placed; ring++) {
                double gap = r + ring * c->style.size * 0.9;
                placer_set_class(p, label_class(c));
                if (placer_place_around(p, c->x, c->y, c->w, c->h, gap, c->padding, first,
                                        &c->box, &id) >= 0) {
                    c->placed = 1;
                    c->gap = gap;
                }
            }
            for (int ring = 0; ring < 2 && !c->placed; ring++) {
                double gap = r + ring * c->style.size * 0.9;
                for (int pos = 0; pos < FM_AROUND__COUNT && !c->placed; pos++) {
                    fm_box box = placer_box_around(c->x, c->y, c->w, c->h, gap, c->padding, (fm_around)pos);
                    if (placer_ambiguous(p, box, c->x, c->y, label_class(c))) continue;
                    int blocker;
                    if (placer_blockers(p, box, &blocker, 1) != 1 || blocker < 0) continue;
                    for (int k = 0; k < i; k++) {
                        candidate *j = &cs->items[k];
                        if (!j->placed || j->box_id != blocker || !j->is_point || j->allow_overlap) continue;
                        if ((id = make_room(p, j, box)) >= 0) {
                            c->box = box;
                            c->placed = 1;
                            c->gap = gap;
                        }
                        break;
                    }
                }
            }
            c->box_id = id;
            c->ox = c->box.x0 + c->padding;
            c->oy = c->box.y0 + c->padding;
        } else {
            anchor_origin(c->anchor, c->x + c->offset[0] * c->style.size,
                          c->y + c->offset[1] * c->style.size, c->w, c->h, &c->ox, &c->oy);
            c->box = (fm_box){ c->ox - c->padding, c->oy - c->padding,
                               c->ox + c->w + c->padding, c->oy + c->h + c->padding };
            if (c->allow_overlap || placer_fits(p, c->box)) {
                c->box_id = placer_add_id(p, c->box);
                c->placed = 1;
            }
        }
    }
    if (rc == 0) draw_held_dots(rs);
    for (int i = 0; i < cs->n; i++) {
        candidate *c = &cs->items[i];
        if (rc == 0 && c->placed && c->t) {
            text_draw(rs->cr, c->t, c->ox, c->oy);
            if (record_label(rs, c, c->ox, c->oy, c->box)) rc = fm_error_set(err, "out of memory");
        }
        text_free(c->t);
        c->t = NULL;
    }
    return rc;
}

/* Caption settings from "frontmap:caption": {"title": "...", "position":
** "top-left" | "top-right" | "bottom-left" | "bottom-right"}. */
static int draw_caption(render_state *rs, int reserve_only, fm_error *err)
{
    const fm_view *v = &rs->scene->view;
    json_t *cap = style_meta(rs->scene->style, "caption");
    const char *title = NULL, *pos = "top-left";
    if (cap) {
        json_t *t = json_object_get(cap, "title");
        json_t *p = json_object_get(cap, "position");
        if (json_is_string(t)) title = json_string_value(t);
        if (json_is_string(p)) pos = json_string_value(p);
    }
    char date[64];
    fm_lang_format_date(rs->opt->date, rs->scene->lang, date, sizeof date);
    double base = fmax(12, fmin(v->width, v->height) * 0.035);
    fm_text_style big = { "Noto Sans Bold", base, {0.1, 0.1, 0.12, 1}, {1, 1, 1, 0}, 0, 0, 0 };
    fm_text_style small = { "Noto Sans Regular", base * 0.55, {0.25, 0.25, 0.28, 1}, {1, 1, 1, 0}, 0, 0, 0 };
    fm_text *td = text_new(rs->cr, date, &big, err);
    fm_text *tt = title ? text_new(rs->cr, title, &small, err) : NULL;
    if (!td || (title && !tt)) { text_free(td); text_free(tt); return -1; }
    double wd, hd, wt = 0, ht = 0, pad = base * 0.45, m = base * 0.6;
    text_size(td, &wd, &hd);
    if (tt) text_size(tt, &wt, &ht);
    double bw = fmax(wd, wt) + 2 * pad, bh = hd + ht + 2 * pad;
    double x = strstr(pos, "right") ? v->width - m - bw : m;
    double y = strncmp(pos, "bottom", 6) == 0 ? v->height - m - bh : m;
    if (reserve_only) {
        fm_box box = { x, y, x + bw, y + bh };
        placer_add(rs->placer, box);
    } else {
        cairo_t *cr = rs->cr;
        cairo_new_path(cr);
        cairo_rectangle(cr, x, y, bw, bh);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 0.6);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
        if (tt) text_draw(cr, tt, x + pad, y + pad);
        text_draw(cr, td, x + pad, y + pad + ht);
    }
    text_free(td);
    text_free(tt);
    return 0;
}

/* The sources line: every distinct attribution of the sources drawn. */
static int draw_attribution(render_state *rs, int reserve_only, fm_error *err)
{
    const fm_style *st = rs->scene->style;
    char line[2048] = "";
    for (int i = 0; i < st->nsources; i++) {
        const char *a = st->sources[i].attribution;
        if (!a || !rs->scene->layers[i] || strstr(line, a)) continue;
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "%s%s", len ? " · " : "", a);
    }
    if (!line[0]) return 0;
    const fm_view *v = &rs->scene->view;
    double size = fmax(8, fmin(v->width, v->height) * 0.012);
    fm_text_style s = { "Noto Sans Regular", size, {0.2, 0.2, 0.2, 1}, {1, 1, 1, 0.9}, size * 0.15, 0, 0 };
    fm_text *t = text_new(rs->cr, line, &s, err);
    if (!t) return -1;
    double w, h, m = size * 0.6;
    text_size(t, &w, &h);
    double x = v->width - w - m, y = v->height - h - m * 0.5;
    if (reserve_only) {
        fm_box box = { x, y, x + w, y + h };
        placer_add(rs->placer, box);
    } else {
        cairo_new_path(rs->cr);
        cairo_rectangle(rs->cr, x - m / 2, y, w + m, h);
        cairo_set_source_rgba(rs->cr, 1, 1, 1, 0.7);
        cairo_fill(rs->cr);
        text_draw(rs->cr, t, x, y);
    }
    text_free(t);
    return 0;
}

static int draw_layer(render_state *rs, const fm_style_layer *sl, int index, fm_error *err)
{
    const fm_scene *s = rs->scene;
    fm_eval_ctx *ctx = &rs->ctx;
    int pass = rs->opt->pass;
    if (rs->opt->layer_mask && !rs->opt->layer_mask[index]) return 0;
    if (pass == FM_PASS_SHAPES && sl->type == FM_LAYER_SYMBOL) return 0;
    if (pass == FM_PASS_LABELS && sl->type != FM_LAYER_SYMBOL && sl->type != FM_LAYER_CIRCLE)
        return 0;
    ctx->props = NULL;
    ctx->geometry_type = NULL;
    fm_value vis = style_eval(sl, FM_P_VISIBILITY, ctx);
    if (vis.string && strcmp(vis.string, "none") == 0) return 0;
    if (s->zoom < sl->minzoom || s->zoom >= sl->maxzoom) return 0;

    if (rs->key) {
        /* Paint that reads the date changes with it, whatever is drawn. */
        for (int p = 0; p < FM_P__COUNT; p++)
            if (style_prop_depends(sl, (fm_prop)p) & FM_DEP_STATE)
                *rs->key = (*rs->key ^ (uint64_t)(uint32_t)rs->opt->date) * 1099511628211ULL;
        if (sl->type == FM_LAYER_BACKGROUND) return 0;
    }
    if (sl->type == FM_LAYER_BACKGROUND) {
        set_source(rs->cr, style_eval_color(sl, FM_P_BACKGROUND_COLOR, ctx),
                   style_eval_number(sl, FM_P_BACKGROUND_OPACITY, ctx));
        cairo_paint(rs->cr);
        return 0;
    }
    const fm_layer *layer = scene_layer_for(s, sl);
    if (!layer) return 0;
    int source = -1;
    for (int k = 0; k < s->style->nsources; k++)
        if (s->layers[k] == layer) source = k;
    int fades = rs->opt->fade && layer->dated && source >= 0 &&
                s->style->sources[source].duration_days > 0;
    /* The features in force, then the extras of this source. */
    int nextras = rs->opt->nextras;
    for (int i = 0; i < layer->nfeatures + nextras; i++) {
        const fm_feature *f;
        rs->opacity = 1;
        if (i < layer->nfeatures) {
            f = &layer->features[i];
            if (layer->dated && !layer_feature_at(f, rs->opt->date)) continue;
            rs->path = &f->path;
            if (fades && f->to > f->from && f->to != FM_DAY_MAX)
                rs->opacity = 1 - 0.8 * (double)(rs->opt->date - f->from) / (double)(f->to - f->from);
            /* A line or area that is gone by the next keyframe fades out
            ** over the frames leading to it. */
            if (rs->opt->ending_by > rs->opt->date && f->kind != FM_GEOM_POINT &&
                f->to > rs->opt->date && f->to <= rs->opt->ending_by)
                rs->opacity *= rs->opt->ending_opacity;
        } else {
            const fm_render_extra *x = &rs->opt->extras[i - layer->nfeatures];
            if (x->source != source) continue;
            f = x->feature;
            rs->path = x->path ? x->path : &f->path;
            rs->opacity = x->opacity;
        }
        rs->source = source;
        rs->feature = i < layer->nfeatures ? i : -1;
        fm_props props = layer_feature_props(layer, f);
        ctx->props = &props;
        ctx->geometry_type = geom_kind_name(f->kind);
        ctx->scratch_used = 0;
        if (!style_filter_match(sl, ctx)) continue;
        if (rs->key) {
            /* FNV-1a over which feature (or extra) of which layer is drawn
            ** with what opacity: the same key, the same pixels. */
            uint64_t v[4] = { (uint64_t)index, (uint64_t)i,
                              (uint64_t)llround(rs->opacity * 65536), 0 };
            /* An extra's geometry changes from frame to frame: its points
            ** are part of what is drawn. */
            if (i >= layer->nfeatures) {
                int n = 0;
                for (int p = 0; p < rs->path->nparts; p++) n += rs->path->counts[p];
                for (int p = 0; p < 2 * n; p++) {
                    uint64_t bits;
                    memcpy(&bits, &rs->path->xy[p], sizeof bits);
                    v[3] = (v[3] ^ bits) * 1099511628211ULL;
                }
            }
            for (int k = 0; k < 4; k++)
                for (int b = 0; b < 8; b++)
                    *rs->key = (*rs->key ^ ((v[k] >> (8 * b)) & 255)) * 1099511628211ULL;
            if (rs->counts) rs->counts[index]++;
            continue;
        }
        switch (sl->type) {
        case FM_LAYER_FILL: draw_fill(rs, sl, f); break;
        case FM_LAYER_LINE: draw_line(rs, sl, f); break;
        case FM_LAYER_CIRCLE:
            if (draw_circle(rs, sl, f, pass != FM_PASS_LABELS))
                return fm_error_set(err, "out of memory");
            break;
        case FM_LAYER_SYMBOL:
            if (collect_label(rs, sl, f, index * 1000000 + i))
                return fm_error_set(err, "out of memory collecting labels");
            break;
        default: break;
        }
        if (rs->result) {
            rs->result->nfeatures_drawn++;
            if (rs->result->layer_features) rs->result->layer_features[index]++;
        }
    }
    ctx->props = NULL;
    return 0;
}

/* What ["global-state", ...] sees: the language and the map's date. */
static void state_init(render_state *rs, const fm_scene *s, const fm_render_options *opt)
{
    fm_day_format(opt->date, rs->date_text, sizeof rs->date_text);
    rs->state_keys[0] = "lang";
    rs->state_keys[1] = "date";
    rs->state_values[0].type = FM_VAL_STRING;
    rs->state_values[0].string = s->lang;
    rs->state_values[1].type = FM_VAL_STRING;
    rs->state_values[1].string = rs->date_text;
    /* "recent_from": the first day of the 30 days before the map's date, so
    ** a style can emphasise what changed lately by comparing ISO dates. */
    fm_day_format(opt->date - (opt->recent_days > 0 ? opt->recent_days : 30),
                  rs->recent_text, sizeof rs->recent_text);
    rs->state_keys[2] = "recent_from";
    rs->state_values[2].type = FM_VAL_STRING;
    rs->state_values[2].string = rs->recent_text;
    rs->state.count = 3;
    if (opt->lang2) {
        rs->state_keys[3] = "lang2";
        rs->state_values[3].type = FM_VAL_STRING;
        rs->state_values[3].string = opt->lang2;
        rs->state.count = 4;
    }
    rs->state.keys = rs->state_keys;
    rs->state.values = rs->state_values;
    fm_eval_ctx_init(&rs->ctx, s->style, &rs->state);
    rs->ctx.zoom = s->zoom;
}

/* A dry run: hash (and, with `counts`, count per layer) what would be drawn. */
static uint64_t dry_run(const fm_scene *s, const fm_render_options *opt, int *counts)
{
    render_state rs;
    memset(&rs, 0, sizeof rs);
    rs.scene = s;
    rs.opt = opt;
    state_init(&rs, s, opt);
    uint64_t key = 14695981039346656037ULL;
    rs.key = &key;
    rs.counts = counts;
    fm_error err;
    int to = opt->layer_to > 0 && opt->layer_to < s->style->nlayers ? opt->layer_to
             : s->style->nlayers;
    for (int i = opt->layer_from > 0 ? opt->layer_from : 0; i < to; i++)
        draw_layer(&rs, &s->style->layers[i], i, &err);
    return key;
}

uint64_t render_key(const fm_scene *s, const fm_render_options *opt)
{
    return dry_run(s, opt, NULL);
}

void render_count(const fm_scene *s, const fm_render_options *opt, int *layer_features)
{
    dry_run(s, opt, layer_features);
}

int render_map(cairo_t *cr, const fm_scene *s, const fm_render_options *opt,
               fm_render_result *result, fm_error *err)
{
    render_state rs;
    memset(&rs, 0, sizeof rs);
    rs.cr = cr;
    rs.scene = s;
    rs.opt = opt;
    rs.result = result;
    if (result) memset(result, 0, sizeof *result);
    state_init(&rs, s, opt);
    if (result) {
        result->nlayers = s->style->nlayers;
        result->layer_features = calloc((size_t)s->style->nlayers + 1, sizeof *result->layer_features);
        if (!result->layer_features) return fm_error_set(err, "out of memory");
    }
    rs.placer = placer_new(s->view.width, s->view.height);
    if (!rs.placer) return fm_error_set(err, "out of memory");
    for (int i = 0; i < opt->nreserved; i++) placer_add(rs.placer, opt->reserved[i]);
    int rc = 0;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, s->view.width, s->view.height);
    cairo_clip(cr);
    /* Furniture first claims its space, so labels keep clear of it. */
    if ((opt->caption && draw_caption(&rs, 1, err)) ||
        (opt->attribution && draw_attribution(&rs, 1, err)))
        rc = -1;
    int to = opt->layer_to > 0 && opt->layer_to < s->style->nlayers ? opt->layer_to
             : s->style->nlayers;
    for (int i = opt->layer_from > 0 ? opt->layer_from : 0; rc == 0 && i < to; i++)
        rc = draw_layer(&rs, &s->style->layers[i], i, err);
    if (rc == 0) rc = place_labels(&rs, err);
    if (rc == 0 && opt->caption) rc = draw_caption(&rs, 0, err);
    if (rc == 0 && opt->attribution) rc = draw_attribution(&rs, 0, err);
    cairo_restore(cr);

    for (int i = 0; i < rs.labels.n; i++) free(rs.labels.items[i].text);
    free(rs.labels.items);
    free(rs.dots);
    placer_free(rs.placer);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return fm_error_set(err, "drawing failed: %s", cairo_status_to_string(cairo_status(cr)));
    return rc;
}

void render_result_free(fm_render_result *r)
{
    if (!r) return;
    for (int i = 0; i < r->nlabels; i++) free(r->labels[i].text);
    free(r->labels);
    free(r->layer_features);
    memset(r, 0, sizeof *r);
}
