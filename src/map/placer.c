/* placer.c -- see placer.h. */
#include "map/placer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

struct fm_placer {
    fm_collide *boxes; /* what is taken */
    int npoints;
    double *points; /* x y pairs: the places labels name */
    int *classes;   /* per point: labels of a class look alike */
    int cls;        /* the class placer_place_around places for */
};

fm_placer *placer_new(double width, double height)
{
    fm_placer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (!(p->boxes = collide_new(width, height))) {
        free(p);
        return NULL;
    }
    return p;
}

void placer_free(fm_placer *p)
{
    if (!p) return;
    collide_free(p->boxes);
    free(p->points);
    free(p->classes);
    free(p);
}

int placer_fits(const fm_placer *p, fm_box box)
{
    return collide_fits(p->boxes, box);
}
void placer_add(fm_placer *p, fm_box box)
{
    collide_insert(p->boxes, box);
}
int placer_add_id(fm_placer *p, fm_box box)
{
    return collide_insert(p->boxes, box);
}
void placer_remove(fm_placer *p, int id)
{
    collide_remove(p->boxes, id);
}

int placer_blockers(const fm_placer *p, fm_box box, int *ids, int max)
{
    return collide_query(p->boxes, box, ids, max);
}

int placer_set_points(fm_placer *p, const double *xy, const int *classes, int n)
{
    double *copy = n > 0 ? malloc(sizeof *copy * 2 * (size_t)n) : NULL;
    int *cls = n > 0 ? malloc(sizeof *cls * (size_t)n) : NULL;
    if (n > 0 && (!copy || !cls)) {
        free(copy);
        free(cls);
        return -1;
    }
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

int placer_place_around(fm_placer *p, double x, double y, double w, double h, double gap,
                        double pad, fm_around first, fm_box *out, int *id)
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

/* ---- labels ----------------------------------------------------------- */

fm_label *labels_add(fm_labels *ls, const char *text, fm_error *err)
{
    fm_label *items = fm_grow(ls->items, &ls->cap, ls->n + 1, sizeof *items, err);
    if (!items) return NULL;
    ls->items = items;
    fm_label *c = &ls->items[ls->n];
    memset(c, 0, sizeof *c);
    if (!(c->text = strdup(text))) {
        fm_error_set(err, "out of memory");
        return NULL;
    }
    ls->n++;
    return c;
}

void labels_free(fm_labels *ls)
{
    for (int i = 0; i < ls->n; i++) {
        free(ls->items[i].text);
        text_free(ls->items[i].t);
    }
    free(ls->items);
    memset(ls, 0, sizeof *ls);
}

int labels_feature_placed(const fm_labels *ls, int source, int feature)
{
    int named = 0;
    for (int k = 0; k < ls->n; k++) {
        const fm_label *c = &ls->items[k];
        if (c->source != source || c->feature != feature) continue;
        if (c->placed) return 1;
        named = 1;
    }
    return named ? 0 : -1;
}

static int label_cmp(const void *a, const void *b)
{
    const fm_label *x = a, *y = b;
    if (x->sort_key != y->sort_key) return x->sort_key < y->sort_key ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The top-left corner for a text of size w x h anchored at (x, y):
** MapLibre's anchor names the part of the text nearest the point. */
static void anchor_origin(const char *anchor, double x, double y, double w, double h, double *ox,
                          double *oy)
{
    *ox = x - w / 2;
    *oy = y - h / 2;
    if (strstr(anchor, "left")) *ox = x;
    if (strstr(anchor, "right")) *ox = x - w;
    if (strncmp(anchor, "top", 3) == 0) *oy = y;
    if (strncmp(anchor, "bottom", 6) == 0) *oy = y - h;
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
static int duplicate_nearby(const fm_labels *ls, int upto, const fm_label *c)
{
    double r = 4 * c->style.size;
    /* Dual names ("Ağdam / Ակնա"): gazetteers may differ in the second
    ** language only, so the first names decide. */
    char mine[256];
    const char *slash = strstr(c->text, " / ");
    snprintf(mine, sizeof mine, "%.*s", slash ? (int)(slash - c->text) : (int)strlen(c->text),
             c->text);
    for (int k = 0; k < upto; k++) {
        const fm_label *o = &ls->items[k];
        if (!o->placed || fabs(o->x - c->x) >= r || fabs(o->y - c->y) >= r) continue;
        char theirs[256];
        const char *os = strstr(o->text, " / ");
        snprintf(theirs, sizeof theirs, "%.*s", os ? (int)(os - o->text) : (int)strlen(o->text),
                 o->text);
        if (same_name(o->text, c->text) || same_name(theirs, mine)) return 1;
    }
    return 0;
}

/* The side of its point a label with this anchor sits on: anchor "left"
** means the text's left edge is at the point, so the text is to the right. */
static fm_around around_for_anchor(const char *anchor)
{
    static const struct {
        const char *anchor;
        fm_around pos;
    } map[] = {
        { "left", FM_AROUND_RIGHT },
        { "right", FM_AROUND_LEFT },
        { "bottom-left", FM_AROUND_TOP_RIGHT },
        { "top-left", FM_AROUND_BOTTOM_RIGHT },
        { "bottom-right", FM_AROUND_TOP_LEFT },
        { "top-right", FM_AROUND_BOTTOM_LEFT },
        { "bottom", FM_AROUND_TOP },
        { "top", FM_AROUND_BOTTOM },
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(anchor, map[i].anchor) == 0) return map[i].pos;
    return FM_AROUND_RIGHT;
}

/* Labels alike enough to be taken for one another: the same text colour
** (place names are one colour, event captions another). */
static int label_class(const fm_label *c)
{
    return (int)lround(c->style.color.r * 15) << 8 | (int)lround(c->style.color.g * 15) << 4 |
           (int)lround(c->style.color.b * 15);
}

/* Move placed label j to another of its places so that `box` (wanted by
** a later label) becomes free. Succeeds only when j is the one box in the
** way and j fits elsewhere; then `box` is reserved and its id returned,
** else everything is as it was and -1 is returned. */
static int make_room(fm_placer *p, fm_label *j, fm_box box)
{
    fm_around first = around_for_anchor(j->anchor);
    placer_remove(p, j->box_id);
    int id = placer_add_id(p, box);
    if (id < 0) {
        j->box_id = placer_add_id(p, j->box);
        return -1;
    }
    for (int ring = 0; ring < 2; ring++) {
        fm_box nb;
        int nid;
        double gap = j->gap + ring * j->style.size * 0.9;
        placer_set_class(p, label_class(j));
        if (placer_place_around(p, j->x, j->y, j->w, j->h, gap, j->padding, first, &nb, &nid) >=
            0) {
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

/* Every named point, so that no label sits nearer another place than its
** own (two towns side by side must not seem to swap names). */
static int set_named_points(const fm_labels *ls, fm_placer *p, fm_error *err)
{
    double *xy = malloc(sizeof *xy * 2 * (size_t)(ls->n + 1));
    int *classes = malloc(sizeof *classes * (size_t)(ls->n + 1)), npoints = 0;
    if (!xy || !classes) {
        free(xy);
        free(classes);
        return fm_error_set(err, "out of memory");
    }
    for (int i = 0; i < ls->n; i++)
        if (ls->items[i].is_point) {
            xy[2 * npoints] = ls->items[i].x;
            xy[2 * npoints + 1] = ls->items[i].y;
            classes[npoints++] = label_class(&ls->items[i]);
        }
    int rc = placer_set_points(p, xy, classes, npoints) ? fm_error_set(err, "out of memory") : 0;
    free(xy);
    free(classes);
    return rc;
}

/* A point's label (labels[i]): its style's side, then the seven other
** places around the point, then the same a line further out; then, when a
** single placed point label is in the way of one of those places, that
** label moving aside. */
static void place_around_point(fm_labels *ls, int i, fm_placer *p, double r)
{
    fm_label *c = &ls->items[i];
    fm_around first = around_for_anchor(c->anchor);
    int id = -1;
    /* A marker over the point (an event on a town) blocks the near ring:
    ** the second ring is a text line further out. */
    for (int ring = 0; ring < 2 && !c->placed; ring++) {
        double gap = r + ring * c->style.size * 0.9;
        placer_set_class(p, label_class(c));
        if (placer_place_around(p, c->x, c->y, c->w, c->h, gap, c->padding, first, &c->box, &id) >=
            0) {
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
                fm_label *j = &ls->items[k];
                if (!j->placed || j->box_id != blocker || !j->is_point || j->allow_overlap)
                    continue;
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
}

/* A line's or an area's label, or one that may overlap: at its anchor or
** nowhere. */
static void place_at_anchor(fm_label *c, fm_placer *p)
{
    anchor_origin(c->anchor, c->x + c->offset[0] * c->style.size,
                  c->y + c->offset[1] * c->style.size, c->w, c->h, &c->ox, &c->oy);
    c->box = (fm_box){ c->ox - c->padding, c->oy - c->padding, c->ox + c->w + c->padding,
                       c->oy + c->h + c->padding };
    if (c->allow_overlap || placer_fits(p, c->box)) {
        c->box_id = placer_add_id(p, c->box);
        c->placed = 1;
    }
}

/* Place labels by priority (symbol-sort-key, then layer and feature
** order). When all sixteen places of a point's label are taken and a
** single placed point label is in the way of one of them, that label
** moves to another of its own places if it can (one step of the repair
** QGIS's PAL does by ejection chains): two towns side by side both keep
** their names. A label that still fits nowhere is dropped, never drawn
** over another label, a marker or a reserved box. */
int labels_place(fm_labels *ls, fm_placer *p, cairo_t *cr, fm_error *err)
{
    if (ls->n > 1) qsort(ls->items, ls->n, sizeof *ls->items, label_cmp);
    if (set_named_points(ls, p, err)) return -1;
    for (int i = 0; i < ls->n; i++) {
        fm_label *c = &ls->items[i];
        if (duplicate_nearby(ls, i, c)) continue;
        /* The font name lives in the label, which moved when the array
        ** grew and was sorted: point at it only now. */
        c->style.font = c->font;
        c->t = text_new(cr, c->text, &c->style, err);
        if (!c->t) return -1;
        text_size(c->t, &c->w, &c->h);
        double r = hypot(c->offset[0], c->offset[1]) * c->style.size;
        c->gap = r;
        if (c->is_point && r > 0 && !c->allow_overlap) place_around_point(ls, i, p, r);
        else place_at_anchor(c, p);
    }
    return 0;
}
