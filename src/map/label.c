/* label.c -- see label.h. */
#include "map/label.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

struct fm_text {
    PangoLayout *layout;
    fm_text_style style;
    double width, height;
    double dx, dy;              /* logical box origin inside the layout */
};

/* MapLibre names fonts as "Family Style" ("Noto Sans Bold Italic");
** fontconfig wants the family and the style apart. Peel known style words
** off the end. */
static PangoFontDescription *font_from_name(const char *name, double size)
{
    static const struct { const char *word; int weight; int italic; } styles[] = {
        { "Regular", PANGO_WEIGHT_NORMAL, 0 }, { "Italic", -1, 1 },
        { "Bold", PANGO_WEIGHT_BOLD, 0 }, { "SemiBold", PANGO_WEIGHT_SEMIBOLD, 0 },
        { "Semibold", PANGO_WEIGHT_SEMIBOLD, 0 }, { "Medium", PANGO_WEIGHT_MEDIUM, 0 },
        { "Light", PANGO_WEIGHT_LIGHT, 0 }, { "Black", PANGO_WEIGHT_HEAVY, 0 },
        { "Thin", PANGO_WEIGHT_THIN, 0 }, { "ExtraBold", PANGO_WEIGHT_ULTRABOLD, 0 },
    };
    char family[256];
    snprintf(family, sizeof family, "%s", name && name[0] ? name : "Noto Sans");
    int weight = PANGO_WEIGHT_NORMAL, italic = 0;
    for (;;) {
        char *space = strrchr(family, ' ');
        if (!space) break;
        int matched = 0;
        for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
            if (strcmp(space + 1, styles[i].word) == 0) {
                if (styles[i].weight >= 0) weight = styles[i].weight;
                if (styles[i].italic) italic = 1;
                matched = 1;
            }
        if (!matched) break;
        *space = 0;
    }
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, weight);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    return fd;
}

static fm_text *text_layout(cairo_t *cr, const char *utf8, const fm_text_style *st,
                            int align_left, fm_error *err)
{
    fm_text *t = calloc(1, sizeof *t);
    if (!t) { fm_error_set(err, "out of memory"); return NULL; }
    t->style = *st;
    t->layout = pango_cairo_create_layout(cr);
    /* Metrics hinting snaps glyph advances to device pixels: fine on screen,
    ** but it would make a PDF's letter spacing differ from the PNG's. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pango_layout_get_context(t->layout), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(t->layout);

    PangoFontDescription *fd = font_from_name(st->font, st->size);
    pango_layout_set_font_description(t->layout, fd);
    pango_font_description_free(fd);
    if (st->letter_spacing != 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
            (int)(st->letter_spacing * st->size * PANGO_SCALE)));
        pango_layout_set_attributes(t->layout, attrs);
        pango_attr_list_unref(attrs);
    }
    if (st->max_width > 0) {
        pango_layout_set_width(t->layout, (int)(st->max_width * st->size * PANGO_SCALE));
        pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD);
    }
    pango_layout_set_alignment(t->layout, align_left ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
    pango_layout_set_text(t->layout, utf8, -1);

    /* A missing glyph draws as a box with a hex code: on a printed map that
    ** is a wrong label, so it is an error, not a warning. */
    int unknown = pango_layout_get_unknown_glyphs_count(t->layout);
    if (unknown > 0) {
        fm_error_set(err, "label \"%s\": %d character(s) have no glyph in font "
                     "\"%s\" or any fallback font; install a font that covers "
                     "them (e.g. fonts-noto-core) or change text-font",
                     utf8, unknown, st->font ? st->font : "Noto Sans");
        text_free(t);
        return NULL;
    }
    PangoRectangle logical;
    pango_layout_get_extents(t->layout, NULL, &logical);
    /* With a wrap width the text is centred inside it, so the logical box
    ** does not start at the layout's origin: remember where it does. */
    t->width = (double)logical.width / PANGO_SCALE;
    t->height = (double)logical.height / PANGO_SCALE;
    t->dx = (double)logical.x / PANGO_SCALE;
    t->dy = (double)logical.y / PANGO_SCALE;
    return t;
}

fm_text *text_new(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err)
{
    return text_layout(cr, utf8, st, 0, err);
}

fm_text *text_new_left(cairo_t *cr, const char *utf8, const fm_text_style *st, fm_error *err)
{
    return text_layout(cr, utf8, st, 1, err);
}

void text_free(fm_text *t)
{
    if (!t) return;
    if (t->layout) g_object_unref(t->layout);
    free(t);
}

void text_size(const fm_text *t, double *w, double *h)
{
    *w = t->width;
    *h = t->height;
}

void text_draw(cairo_t *cr, const fm_text *t, double x, double y)
{
    const fm_text_style *st = &t->style;
    x -= t->dx;
    y -= t->dy;
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (st->halo_width > 0 && st->halo_color.a > 0) {
        /* The halo is the glyph outline stroked at twice its width, drawn
        ** under the fill: it reads as a band of halo_width around each glyph. */
        pango_cairo_layout_path(cr, t->layout);
        cairo_set_source_rgba(cr, st->halo_color.r, st->halo_color.g,
                              st->halo_color.b, st->halo_color.a);
        cairo_set_line_width(cr, st->halo_width * 2);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    cairo_set_source_rgba(cr, st->color.r, st->color.g, st->color.b, st->color.a);
    pango_cairo_show_layout(cr, t->layout);
    cairo_restore(cr);
}

/* ---- placer: boxes bucketed in a coarse grid, so each test looks only at
** the boxes near it. ---------------------------------------------------- */

#define PLACER_CELL 64.0

typedef struct cell {
    int n, cap;
    int *items;
} cell;

struct fm_placer {
    double width, height;
    int cols, rows;
    cell *cells;
    int nboxes, capboxes;
    fm_box *boxes;
    int npoints;
    double *points;             /* x y pairs: the places labels name */
    int *classes;               /* per point: labels of a class look alike */
    int cls;                    /* the class placer_place_around places for */
};

fm_placer *placer_new(double width, double height)
{
    fm_placer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->width = width;
    p->height = height;
    p->cols = (int)ceil(width / PLACER_CELL) + 1;
    p->rows = (int)ceil(height / PLACER_CELL) + 1;
    p->cells = calloc((size_t)p->cols * p->rows, sizeof *p->cells);
    if (!p->cells) { free(p); return NULL; }
    return p;
}

void placer_free(fm_placer *p)
{
    if (!p) return;
    for (int i = 0; i < p->cols * p->rows; i++) free(p->cells[i].items);
    free(p->cells);
    free(p->boxes);
    free(p->points);
    free(p->classes);
    free(p);
}

int placer_set_points(fm_placer *p, const double *xy, const int *classes, int n)
{
    double *copy = n > 0 ? malloc(sizeof *copy * 2 * (size_t)n) : NULL;
    int *cls = n > 0 ? malloc(sizeof *cls * (size_t)n) : NULL;
    if (n > 0 && (!copy || !cls)) { free(copy); free(cls); return -1; }
    if (n > 0) {
        memcpy(copy, xy, sizeof *copy * 2 * (size_t)n);
        memcpy(cls, classes, sizeof *cls * (size_t)n);
    }
    free(p->points);
    free(p->classes);
    p->points = copy;
    p->classes = cls;
    p->npoints = n;
    return 0;
}

void placer_set_class(fm_placer *p, int cls)
{
    p->cls = cls;
}

static double box_distance(fm_box b, double x, double y)
{
    double dx = fmax(fmax(b.x0 - x, 0), x - b.x1), dy = fmax(fmax(b.y0 - y, 0), y - b.y1);
    return hypot(dx, dy);
}

int placer_ambiguous(const fm_placer *p, fm_box box, double x, double y, int cls)
{
    double own = box_distance(box, x, y);
    for (int i = 0; i < p->npoints; i++) {
        if (p->classes[i] != cls) continue;
        double qx = p->points[2 * i], qy = p->points[2 * i + 1];
        /* The same place named by two layers is not another place. */
        if (fabs(qx - x) < 1 && fabs(qy - y) < 1) continue;
        if (box_distance(box, qx, qy) + 1 < own) return 1;
    }
    return 0;
}

static void cell_range(const fm_placer *p, fm_box b, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = (int)fmax(0, floor(b.x0 / PLACER_CELL));
    *r0 = (int)fmax(0, floor(b.y0 / PLACER_CELL));
    *c1 = (int)fmin(p->cols - 1, floor(b.x1 / PLACER_CELL));
    *r1 = (int)fmin(p->rows - 1, floor(b.y1 / PLACER_CELL));
}

int placer_fits(const fm_placer *p, fm_box b)
{
    if (b.x0 < 0 || b.y0 < 0 || b.x1 > p->width || b.y1 > p->height) return 0;
    int c0, r0, c1, r1;
    cell_range(p, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            const cell *cl = &p->cells[r * p->cols + c];
            for (int i = 0; i < cl->n; i++) {
                const fm_box *o = &p->boxes[cl->items[i]];
                if (b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1)
                    return 0;
            }
        }
    return 1;
}

void placer_add(fm_placer *p, fm_box b)
{
    placer_add_id(p, b);
}

int placer_add_id(fm_placer *p, fm_box b)
{
    if (p->nboxes == p->capboxes) {
        int cap = p->capboxes ? p->capboxes * 2 : 64;
        fm_box *grown = realloc(p->boxes, sizeof *grown * cap);
        if (!grown) return -1;
        p->boxes = grown;
        p->capboxes = cap;
    }
    int id = p->nboxes++;
    p->boxes[id] = b;
    int c0, r0, c1, r1;
    cell_range(p, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            cell *cl = &p->cells[r * p->cols + c];
            if (cl->n == cl->cap) {
                int cap = cl->cap ? cl->cap * 2 : 4;
                int *grown = realloc(cl->items, sizeof *grown * cap);
                if (!grown) continue;
                cl->items = grown;
                cl->cap = cap;
            }
            cl->items[cl->n++] = id;
        }
    return id;
}

fm_box placer_box_around(double x, double y, double w, double h, double gap, double pad,
                         fm_around pos)
{
    /* Direction of each position: -1 left/above, 0 centred, 1 right/below. */
    static const int dir[FM_AROUND__COUNT][2] = {
        { 1, 0 }, { -1, 0 }, { 1, -1 }, { 1, 1 }, { -1, -1 }, { -1, 1 }, { 0, -1 }, { 0, 1 },
    };
    int sx = dir[pos][0], sy = dir[pos][1];
    /* Diagonal places sit at the same distance from the point as the side
    ** ones: the gap is shared between the two axes. */
    double g = sx && sy ? gap * 0.7 : gap;
    double ox = sx > 0 ? x + g : sx < 0 ? x - g - w : x - w / 2;
    double oy = sy > 0 ? y + g : sy < 0 ? y - g - h : y - h / 2;
    fm_box box = { ox - pad, oy - pad, ox + w + pad, oy + h + pad };
    return box;
}

int placer_place_around(fm_placer *p, double x, double y, double w, double h,
                        double gap, double pad, fm_around first, fm_box *out, int *id)
{
    for (int k = -1; k < FM_AROUND__COUNT; k++) {
        int i = k < 0 ? (int)first : k;
        if (k >= 0 && i == (int)first) continue;
        fm_box box = placer_box_around(x, y, w, h, gap, pad, (fm_around)i);
        if (placer_fits(p, box) && !placer_ambiguous(p, box, x, y, p->cls)) {
            int bid = placer_add_id(p, box);
            if (id) *id = bid;
            *out = box;
            return i;
        }
    }
    return -1;
}

int placer_blockers(const fm_placer *p, fm_box b, int *ids, int max)
{
    int n = 0;
    if (b.x0 < 0 || b.y0 < 0 || b.x1 > p->width || b.y1 > p->height) {
        if (n < max) ids[n] = -1;
        n++;
    }
    int c0, r0, c1, r1;
    cell_range(p, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            const cell *cl = &p->cells[r * p->cols + c];
            for (int i = 0; i < cl->n; i++) {
                int id = cl->items[i];
                const fm_box *o = &p->boxes[id];
                if (!(b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1)) continue;
                /* A box spanning several cells is met once per cell. */
                int seen = 0;
                for (int k = 0; k < n && k < max; k++) seen |= ids[k] == id;
                if (seen) continue;
                if (n < max) ids[n] = id;
                n++;
            }
        }
    return n;
}

void placer_remove(fm_placer *p, int id)
{
    /* A removed box stays in the grid as NaNs: every comparison with it is
    ** false, so it overlaps nothing. */
    if (id >= 0 && id < p->nboxes) p->boxes[id] = (fm_box){ NAN, NAN, NAN, NAN };
}
